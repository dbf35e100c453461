"""Browser tests: JupyterLab and Voilà on 127.0.0.1, driven in headless Chromium.

One JupyterLab server, one Voilà server and one browser per session (see
``tests/helpers/servers.py`` for the helpers shared with
``benchmarks/browser_latency.py`` and ``tools/readme_images.py``).
Each server's root is a temporary copy of ``notebooks/``: JupyterLab
autosaves, and the committed notebooks must never change.

Chromium comes from the system (``/usr/bin/chromium`` or ``$CHROMIUM_PATH``);
nothing is downloaded. Without it the browser tests are skipped with one
line saying how to enable them, except under CI (``CI`` set), where they
fail: a CI run must not pass by silently not testing the browser.
"""

from __future__ import annotations

import os

import pytest

from tests.helpers import servers  # shared with benchmarks/browser_latency.py and tools/readme_images.py

_MISSING_KEY = pytest.StashKey[str]()


def _missing_message() -> str:
    return (
        f"browser tests skipped: Chromium not found at {servers.chromium_path()} — install it with "
        "`apt-get install chromium` (or set CHROMIUM_PATH) to run them"
    )


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if browser_items and not servers.chromium_available():
        config.stash[_MISSING_KEY] = _missing_message()
        for item in browser_items:
            item.stash[_MISSING_KEY] = config.stash[_MISSING_KEY]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Raised here (not as a skip mark) so that the -ra summary folds every
    # skip into ONE line pointing at this file, and no fixture (server,
    # browser) is started for a test that cannot run.
    message = item.stash.get(_MISSING_KEY, None)
    if message is None:
        return
    if _ci():
        pytest.fail(
            f"Chromium not found at {servers.chromium_path()} and CI is set: the browser tests must run "
            "in CI. Install it with `apt-get install chromium` (or set CHROMIUM_PATH).",
            pytrace=False,
        )
    pytest.skip(message)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "setup" and report.failed and _MISSING_KEY in item.stash and _ci():
        report.when = "call"  # shown as FAILED (the test cannot run in CI), not as a setup ERROR
    return report


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    message = config.stash.get(_MISSING_KEY, None)
    if message is None or _ci():
        return
    chars = config.option.reportchars or ""
    if "s" in chars or "a" in chars or "A" in chars:
        return  # the short summary already shows the (single, folded) skip line
    terminalreporter.write_line(message, yellow=True)


# ---------------------------------------------------------------------------
# Session fixtures: one server of each kind, one browser
# ---------------------------------------------------------------------------


def _course_root(tmp_path_factory, name):
    """A copy of notebooks/ plus the gallery notebook (servers never touch the committed files)."""
    root = servers.copy_notebooks(tmp_path_factory.mktemp(name))
    servers.write_gallery(root)
    return root


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory):
    """JupyterLab's root_dir."""
    return _course_root(tmp_path_factory, "lab-root")


@pytest.fixture(scope="session")
def lab_server(lab_root, tmp_path_factory):
    server = servers.start_jupyterlab(lab_root, tmp_path_factory.mktemp("lab-state"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def voila_root(tmp_path_factory):
    """Voilà's root_dir."""
    return _course_root(tmp_path_factory, "voila-root")


@pytest.fixture(scope="session")
def voila_server(voila_root, tmp_path_factory):
    server = servers.start_voila(voila_root, tmp_path_factory.mktemp("voila-state"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = servers.launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def screenshots_dir():
    path = servers.ARTIFACTS / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def page(browser):
    context, page = servers.new_page(browser)
    try:
        yield page
    finally:
        context.close()
