"""Build the static course website from the stored, executed notebooks.

    python tools/build_site.py                  # HTML in build/site/html/ (what `make site` runs)
    python tools/build_site.py --work DIR       # HTML in DIR/html/ (the browser test builds in a temp dir)

Nothing is executed: Sphinx with myst-nb renders each notebook's stored
outputs (an explorer shows its stored picture). The pages fetch nothing from
outside the site: MathJax comes from ``site/node_modules`` (``npm ci`` in
``site/`` when it is missing or older than ``site/package-lock.json``).

Everything goes into one work directory (default ``build/site/``), whose
parts are replaced on every build::

    html/                the website (index.html forwards to the index notebook's page)
    src/notebooks/       Sphinx's source: a copy of notebooks/ (the top-level *.ipynb are
                         the pages; their pictures, e.g. images/, come along), conf.py,
                         _static/, _templates/ (from site/), MathJax in _static/mathjax/
    src/docs/images/     a copy of docs/images/ (for pictures referenced as ../docs/images/…)
    jupyter_execute/     the pictures myst-nb takes out of the notebooks (it puts them beside html/)
    doctrees/            Sphinx's cache

The source tree is laid out like the repository, so that the notebooks'
relative links and pictures (``images/…``, ``../docs/images/…``) resolve as they do on GitHub.

The reading order is the course's list, ``notebooks/course.toml`` (read by
tools/course.py, as tools/sync_notebooks.py does): its first entry, the
index, is the root document and the landing page, and its copy gets a
hidden toctree per part of the others in that order, captioned with the
part's heading (the sidebar and the previous/next links). The build stops
when the list and ``notebooks/*.ipynb`` disagree. Warnings are errors (``-W``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import course  # tools/course.py: a script's own folder is importable

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
IMAGES = ROOT / "docs" / "images"
SITE = ROOT / "site"
DEFAULT_WORK = ROOT / "build" / "site"
#: The parts of a work directory, all replaced on every build.
PARTS = ("html", "src", "jupyter_execute", "doctrees")

MATHJAX = SITE / "node_modules" / "mathjax" / "es5"
#: What tex-chtml.js loads: itself, TeX extensions (autoload), the CHTML fonts,
#: and the menu's accessibility parts (loaded when a reader turns them on).
MATHJAX_PARTS = ["tex-chtml.js", "input", "output/chtml", "ui", "a11y", "sre"]


def reading_order() -> course.Course:
    """The course's notebooks in reading order, from notebooks/course.toml (which must match the files)."""
    try:
        crs = course.read_course(ROOT)
    except course.CourseError as exc:
        raise SystemExit(str(exc)) from None
    if problems := course.disagreements(crs, ROOT):
        raise SystemExit("\n".join(problems))
    return crs


def ensure_mathjax() -> None:
    """``npm ci`` in site/ when node_modules is missing or older than the lock file."""
    installed = SITE / "node_modules" / ".package-lock.json"
    lock = SITE / "package-lock.json"
    if installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime and MATHJAX.is_dir():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(
            "npm not found: the site serves MathJax from site/node_modules (`cd site && npm ci`)"
        )
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=SITE, check=True)
    installed.touch()


def toctree(crs: course.Course) -> str:
    """A hidden toctree per part, captioned with its heading, of the notebooks after the index (Markdown)."""
    trees = []
    for part, heading in crs.parts.items():
        docnames = [nb.stem for nb in crs.sections if nb.part == part]
        if docnames:
            body = "\n".join(docnames)
            trees.append(f"```{{toctree}}\n:hidden:\n:maxdepth: 1\n:caption: {heading}\n\n{body}\n```")
    return "\n\n".join(trees)


def prepare_source(src: Path) -> str:
    """Lay out the Sphinx source tree in ``src``; return the root document's name."""
    srcdir = src / "notebooks"
    # What the notebooks reference beside them (notebooks/images/ …); the notebooks come below.
    shutil.copytree(
        NOTEBOOKS,
        srcdir,
        ignore=shutil.ignore_patterns("*.ipynb", "course.toml", ".ipynb_checkpoints", "__pycache__"),
    )
    shutil.copy2(SITE / "conf.py", srcdir / "conf.py")
    shutil.copytree(SITE / "_static", srcdir / "_static")
    shutil.copytree(SITE / "_templates", srcdir / "_templates")
    for part in MATHJAX_PARTS:
        source, target = MATHJAX / part, srcdir / "_static" / "mathjax" / part
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    shutil.copytree(IMAGES, src / "docs" / "images")

    crs = reading_order()
    for nb in crs.sections:
        shutil.copy2(NOTEBOOKS / nb.file, srcdir / nb.file)
    # the index's copy gets the toctree as a last cell (plain JSON: nbformat's import is slow)
    index = json.loads((NOTEBOOKS / crs.index.file).read_text(encoding="utf-8"))
    index["cells"].append({"cell_type": "markdown", "id": "toctree", "metadata": {}, "source": toctree(crs)})
    (srcdir / crs.index.file).write_text(json.dumps(index, indent=1, ensure_ascii=False), encoding="utf-8")
    return crs.index.stem


def repository_url() -> str | None:
    """pyproject.toml's ``[project.urls] Repository``, if it names one (a link in the site's header)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project.get("urls", {}).get("Repository")


def build(work: Path, *, quiet: bool = False) -> Path:
    """Build the site in ``work`` (see the module's docstring); return its ``html`` directory."""
    work = work.resolve()
    ensure_mathjax()
    for part in PARTS:
        if (work / part).exists():
            shutil.rmtree(work / part)
    src, out = work / "src", work / "html"
    root_doc = prepare_source(src)
    env = dict(os.environ)
    env.pop("SITE_REPOSITORY_URL", None)
    url = repository_url()
    if url:
        env["SITE_REPOSITORY_URL"] = url
    cmd = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-W",
        "--keep-going",
        "-n",
        "-D",
        f"root_doc={root_doc}",
        "-d",
        str(work / "doctrees"),
        str(src / "notebooks"),
        str(out),
    ]
    if quiet:
        cmd.append("-q")
    subprocess.run(cmd, check=True, env=env)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--work",
        type=Path,
        default=DEFAULT_WORK,
        help="work directory; the HTML goes to WORK/html (default: build/site)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    args = parser.parse_args()
    start = time.perf_counter()
    try:
        out = build(args.work, quiet=args.quiet)
    except subprocess.CalledProcessError as exc:
        print(f"site build failed (exit {exc.returncode})", file=sys.stderr)
        return 1
    print(
        f"Site built in {time.perf_counter() - start:.1f} s: open {out / 'index.html'}"
        f" or serve it with `python -m http.server -d {os.path.relpath(out)}`"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
