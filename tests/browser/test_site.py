"""The static course website (`make site`), served on 127.0.0.1 and read in headless Chromium.

The module builds the site once into a temporary directory with
``tools/build_site.py`` (the command `make site` runs; a few seconds, plus
``npm ci`` in ``site/`` the first time) and serves it with Python's
``http.server``. Every request that is not to that server is recorded and
aborted: the site must work with no internet, so none may even be tried.

Checked on every notebook's page: no outside request, no 4xx/5xx response,
no failed request, no script or console error; every picture loaded; every formula
typeset by MathJax, without a TeX error and with no raw TeX left in the
text; no empty widget placeholder, and every explorer's cell shows its
stored picture. And for the site: exactly one page per notebook, the root
forwards to the index notebook, and the sidebar and the next links follow
the notebooks' file-name order.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.helpers import servers

pytestmark = pytest.mark.browser

NOTEBOOK_PATHS = sorted(servers.NOTEBOOKS.glob("*.ipynb"))
NAMES = [path.stem for path in NOTEBOOK_PATHS]
#: Sphinx's own pages and the root's forward to the index notebook (checked separately).
NOT_NOTEBOOK_PAGES = {"genindex", "search", "index"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: Schemes that never leave the browser.
LOCAL_SCHEMES = ("data:", "blob:", "about:")


# ---------------------------------------------------------------------------
# What the notebooks say a page must show
# ---------------------------------------------------------------------------


def _code_cells(path: Path) -> list[dict]:
    return [cell for cell in json.loads(path.read_text())["cells"] if cell["cell_type"] == "code"]


def picture_cells(path: Path) -> list[int]:
    """Indices (among code cells) of the cells whose output must be a picture: every cell with a
    widget-view output and every cell that calls an explorer."""
    indices = []
    for i, cell in enumerate(_code_cells(path)):
        widget = any(WIDGET_VIEW in output.get("data", {}) for output in cell.get("outputs", []))
        if widget or servers.EXPLORER_CALL.search("".join(cell["source"])):
            indices.append(i)
    return indices


def has_math(path: Path) -> bool:
    cells = json.loads(path.read_text())["cells"]
    return any("$" in "".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown")


# ---------------------------------------------------------------------------
# Fixtures: the built site and a server for it
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("site")
    build = subprocess.run(
        [sys.executable, str(servers.ROOT / "tools" / "build_site.py"), "--work", str(work), "--quiet"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, f"the site build failed:\n{build.stdout[-3000:]}\n{build.stderr[-6000:]}"
    return work / "html"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="module")
def site_url(site):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


class Watched:
    """A page whose every request off the site is recorded and aborted, and whose failures are kept."""

    def __init__(self, browser, base: str):
        self.base = base
        self.context, self.page = servers.new_page(browser)
        self.outside: list[str] = []
        self.bad_responses: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.console_errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("response", self._response)
        self.page.on("requestfailed", self._failed)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", self._console)

    def _local(self, url: str) -> bool:
        return url.startswith(LOCAL_SCHEMES) or url == self.base or url.startswith(self.base + "/")

    def _route(self, route):
        url = route.request.url
        if self._local(url):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def _response(self, response):
        if response.status >= 400:
            self.bad_responses.append(f"{response.status} {response.url}")

    def _failed(self, request):
        if self._local(request.url):
            self.failed.append(f"{request.url}: {request.failure}")

    def open(self, path: str) -> None:
        self.page.goto(f"{self.base}/{path}", wait_until="load")

    def problems(self) -> dict[str, list[str]]:
        found = {
            "requests to outside the site": self.outside,
            "4xx/5xx responses": self.bad_responses,
            "failed requests": self.failed,
            "script errors": self.errors,
            "console errors": self.console_errors,
        }
        return {what: items for what, items in found.items() if items}

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser, site_url):
    page = Watched(browser, site_url)
    try:
        yield page
    finally:
        page.close()


# ---------------------------------------------------------------------------
# In-page checks
# ---------------------------------------------------------------------------

#: After the load event: wait for MathJax's first typesetting, its fonts and every picture.
#: Returns whether MathJax ran.
_SETTLE_JS = """async () => {
    const mathjax = !!(window.MathJax && MathJax.startup && MathJax.startup.promise);
    if (mathjax) await MathJax.startup.promise;
    await document.fonts.ready;
    await Promise.all(Array.from(document.images).map(img => img.decode().catch(() => null)));
    return mathjax;
}"""

_IMAGES_JS = """() => Array.from(document.images).map(img => ({
    src: img.getAttribute('src'), complete: img.complete, width: img.naturalWidth,
}))"""

_MATH_JS = """() => {
    const math = Array.from(document.querySelectorAll('.bd-article .math'));
    return {
        count: math.length,
        untypeset: math.filter(el => !el.querySelector('mjx-container'))
                       .map(el => el.textContent.slice(0, 80)),
        typeset: document.querySelectorAll('.bd-article mjx-container').length,
        errors: Array.from(document.querySelectorAll('mjx-merror'))
                     .map(el => (el.getAttribute('data-mjx-error') || el.textContent).slice(0, 120)),
    };
}"""

#: Text of the article outside code, program output and typeset math.
_PROSE_TEXT_JS = """() => {
    const skip = 'pre, code, script, style, mjx-container, .highlight, .cell_output';
    const walker = document.createTreeWalker(document.querySelector('.bd-article'), NodeFilter.SHOW_TEXT);
    const parts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentElement.closest(skip)) parts.push(node.textContent);
    }
    return parts.join(' ');
}"""

#: TeX that MathJax would have replaced: display or inline delimiters, environments, $…$ pairs.
RAW_TEX = re.compile(r"\$\$|\\\(|\\\)|\\\[|\\\]|\\begin\{|\$[^$\s][^$]*\$")

_PICTURE_CELLS_JS = """(indices) => {
    const cells = Array.from(document.querySelectorAll('.bd-article div.cell'));
    return {
        cells: cells.length,
        missing: indices.filter(i => !(cells[i] && Array.from(cells[i].querySelectorAll('.cell_output img'))
                                                        .some(img => img.complete && img.naturalWidth > 0))),
    };
}"""


def _raw_tex(text: str) -> list[str]:
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in RAW_TEX.finditer(text)]


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


def test_one_page_per_notebook(site):
    pages = {path.stem for path in site.glob("*.html")}
    assert NAMES, "no notebooks found"
    assert pages - NOT_NOTEBOOK_PAGES == set(NAMES), (
        f"pages without a notebook: {sorted(pages - NOT_NOTEBOOK_PAGES - set(NAMES))}; "
        f"notebooks without a page: {sorted(set(NAMES) - pages)}"
    )
    nested = [p for p in site.glob("*/**/*.html") if p.relative_to(site).parts[0] != "_static"]
    assert not nested, f"HTML pages below the site's root: {nested}"  # (_static holds theme templates)


def test_root_forwards_to_the_index_and_the_sidebar_follows_file_names(watched):
    watched.open("")
    page = watched.page
    page.wait_for_url(f"**/{NAMES[0]}.html")
    first_markdown = next(
        c for c in json.loads(NOTEBOOK_PATHS[0].read_text())["cells"] if c["cell_type"] == "markdown"
    )
    title = re.search(r"^# (.+)$", "".join(first_markdown["source"]), re.M).group(1).strip()
    assert page.locator(".bd-article h1").first.inner_text().strip().rstrip("#").strip() == title

    here = urlsplit(page.url).path.rsplit("/", 1)[-1]
    sidebar = page.locator("nav.bd-docs-nav a.reference").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert [href.split("#")[0] or here for href in sidebar] == [f"{name}.html" for name in NAMES]

    assert not watched.problems(), watched.problems()


NEXT_LINK = re.compile(r'<a class="right-next"\s+href="([^"#]+)')


def test_next_links_follow_file_names(site):
    visited = [f"{NAMES[0]}.html"]
    while match := NEXT_LINK.search((site / visited[-1]).read_text()):  # the "next" link at a page's foot
        visited.append(match.group(1))
        assert len(visited) <= len(NAMES), f"the next links do not end: {visited}"
    assert visited == [f"{name}.html" for name in NAMES]


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=NAMES)
def test_page_is_complete_and_offline(watched, screenshots_dir, path):
    name = path.stem
    watched.open(f"{name}.html")
    page = watched.page
    mathjax = page.evaluate(_SETTLE_JS)
    page.screenshot(path=str(screenshots_dir / f"site-{name}.png"))

    assert not watched.problems(), f"{name}: {watched.problems()}"

    images = page.evaluate(_IMAGES_JS)
    broken = [img["src"] for img in images if not (img["complete"] and img["width"] > 0)]
    assert not broken, f"{name}: pictures that did not load: {broken}"

    math = page.evaluate(_MATH_JS)
    if has_math(path):
        assert math["count"] > 0, f"{name}: the notebook has formulas but the page has no math elements"
    if math["count"]:
        assert mathjax, f"{name}: the page has formulas but MathJax did not start"
    assert not math["untypeset"], f"{name}: formulas MathJax did not typeset: {math['untypeset'][:5]}"
    assert math["typeset"] >= math["count"], f"{name}: {math}"
    assert not math["errors"], f"{name}: TeX errors: {math['errors'][:5]}"
    raw = _raw_tex(page.evaluate(_PROSE_TEXT_JS))
    assert not raw, f"{name}: raw TeX left in the text: {raw[:5]}"

    placeholders = page.locator(f'script[type="{WIDGET_VIEW}"]').count()
    assert placeholders == 0, f"{name}: {placeholders} empty widget placeholder(s) instead of pictures"
    expected = picture_cells(path)
    cells = page.evaluate(_PICTURE_CELLS_JS, expected)
    assert cells["cells"] == len(_code_cells(path)), f"{name}: {cells['cells']} code cells on the page"
    assert not cells["missing"], (
        f"{name}: code cells {cells['missing']} (explorers) show no picture (cells that must: {expected})"
    )


def test_the_course_has_explorer_pictures_to_check():
    """The picture check above is not vacuous: some notebook cells must show an explorer's picture."""
    assert sum(len(picture_cells(path)) for path in NOTEBOOK_PATHS) > 0
