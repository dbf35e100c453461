"""Sphinx configuration of the static course website (built by ``make site``).

``tools/build_site.py`` lays out the source tree under ``build/site-src/``
(this file, ``_static/``, ``_templates/``, copies of the stored notebooks in
``notebooks/``, the pictures they reference in ``docs/images/`` and MathJax
from ``site/node_modules``) and runs Sphinx on ``build/site-src/notebooks``.
The notebooks are rendered as stored: nothing is executed, and nothing on a
page is fetched from outside the site.
"""

from __future__ import annotations

import os

project = "Information theory for machine learning"
author = "the infotheory-ml course authors"

# root_doc: tools/build_site.py passes the first notebook in file-name order
# (00_index) with -D and gives it a hidden toctree of the others in that order.

extensions = ["myst_nb"]
# The pages are the notebooks: other files copied along with them (pictures, a
# README.md) are not pages.
exclude_patterns = ["**.ipynb_checkpoints", "_static", "_templates", "**.md", "**.rst"]
templates_path = ["_templates"]
html_static_path = ["_static"]

# --- notebooks: rendered from their stored outputs, never executed ---------
nb_execution_mode = "off"
# An explorer's output holds a widget view plus the stored image/png picture
# of its state. The widget view cannot live on a static page: prefer the PNG.
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]
# No require.js / widget manager from a CDN (the notebooks store no widget state anyway).
nb_ipywidgets_js = {}
myst_enable_extensions = ["dollarmath", "amsmath"]

# --- formulas: MathJax 3 served by the site itself (npm `mathjax`, see site/package.json)
# A relative mathjax_path is relative to the built _static/ directory.
mathjax_path = "mathjax/tex-chtml.js"

# --- theme -------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "Information theory for ML"
html_css_files = ["course.css"]
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "use_download_button": True,
    "use_fullscreen_button": False,
    # pydata-sphinx-theme 0.20 adds a second search field in a header bar unless told
    # not to; sphinx-book-theme already has one in the sidebar.
    "navbar_persistent": [],
    "footer_content_items": ["author.html"],  # "By the infotheory-ml course authors"
}
# Light or dark as the reader's system says (unset, the theme logs an error on every page).
html_context = {"default_mode": "auto"}
# A link to the repository, when pyproject.toml names one (tools/build_site.py passes it).
_repository = os.environ.get("SITE_REPOSITORY_URL")
if _repository:
    html_theme_options |= {
        "repository_url": _repository,
        "use_repository_button": True,
        "path_to_docs": "notebooks",
        "repository_branch": "main",
    }
# The landing page: the site's index.html forwards to the index notebook.
html_additional_pages = {"index": "redirect.html"}
html_last_updated_fmt = None
html_show_sphinx = False
