"""The notebooks and the explorers in a real JupyterLab, in headless Chromium.

- every notebook (notebooks/*.ipynb, globbed, so new ones are covered):
  run all cells on a fresh kernel, no error or stderr output, every
  explorer shows a visible plot; a screenshot of its first explorer goes to
  test-artifacts/screenshots/NAME.png for a person to look at;
- every explorer (a gallery notebook built here): its first slider moved with
  the keyboard and with the mouse changes the plot's pixels and the readout.
"""

from __future__ import annotations

import pytest

from tests.helpers import servers

pytestmark = pytest.mark.browser

NOTEBOOK_PATHS = sorted(servers.NOTEBOOKS.glob("*.ipynb"))
RUN_TIMEOUT_S = 120


def _open_and_run(page, server, name):
    servers.open_notebook(page, server, name)
    state = servers.run_all(page, timeout_s=RUN_TIMEOUT_S)
    return state


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.stem)
def test_notebook_runs_clean_and_shows_its_explorers(page, lab_server, screenshots_dir, path):
    name = path.name
    try:
        state = _open_and_run(page, lab_server, name)
        assert not state["problems"], f"{name}: error or stderr output:\n" + "\n".join(state["problems"])
        assert all(c is not None for c in state["counts"]), f"{name}: cells not run: {state['counts']}"

        stderr = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        assert stderr.count() == 0, f"{name}: stderr shown in the page: {stderr.first.inner_text()[:500]}"
        tracebacks = page.locator(".jp-OutputArea-output", has_text="Traceback (most recent call last)")
        assert tracebacks.count() == 0, f"{name}: a traceback is shown: {tracebacks.first.inner_text()[:500]}"

        expected = servers.explorer_cell_count(path)
        present, visible = servers.wait_for_figures(page, expected)

        # The screenshot comes first, so that a failure below can be looked at too.
        target = screenshots_dir / f"{path.stem}.png"
        if expected and present:
            first = page.locator(servers.EXPLORER_OUTPUT).first
            first.scroll_into_view_if_needed()
            canvas = first.locator(servers.EXPLORER_FIGURE)
            if canvas.evaluate("c => c.width * c.height") > 0:
                servers.settle(page, canvas, lab=True)
            first.screenshot(path=str(target))
        elif not expected:  # nothing live to show (the index): the notebook as opened
            page.screenshot(path=str(target))

        # exactly one figure per explorer: none missing, none displayed twice
        assert present == visible == expected, (
            f"{name}: {expected} code cell(s) call an explorer; {present} explorer picture(s) in the page, "
            f"{visible} loaded and visible"
        )
    finally:
        servers.shutdown_kernel(page)


# ---------------------------------------------------------------------------
# Every explorer, driven by keyboard and mouse
# ---------------------------------------------------------------------------

EXPLORER_IDS = [explorer_id for explorer_id, _ in servers.EXPLORERS]
CHANGE_TIMEOUT_S = 10


@pytest.fixture(scope="module")
def gallery_page(browser, lab_server):
    """The gallery notebook, run once, shared by the interaction tests of this module."""
    context, page = servers.new_page(browser)
    try:
        state = _open_and_run(page, lab_server, "gallery.ipynb")
        assert not state["problems"], "gallery: " + "\n".join(state["problems"])
        servers.wait_for_figures(page, len(servers.EXPLORERS))
        yield page
    finally:
        servers.shutdown_kernel(page)
        context.close()


def _explorer(page, explorer_id):
    """(canvas, first slider handle, readout) of one explorer in the gallery (cell i + 1)."""
    index = EXPLORER_IDS.index(explorer_id) + 1
    output = page.locator(".jp-Notebook .jp-CodeCell").nth(index).locator(servers.EXPLORER_OUTPUT)
    output.scroll_into_view_if_needed()
    canvas = output.locator(servers.EXPLORER_FIGURE)
    assert canvas.is_visible() and canvas.bounding_box()["width"] > 0, f"{explorer_id}: no visible plot"
    handle = output.locator(".widget-slider .noUi-handle").first
    readout = output.locator(".widget-html").last
    return canvas, handle, readout


def _assert_follows(page, explorer_id, move, how):
    canvas, handle, readout = _explorer(page, explorer_id)
    pixels_before = servers.settle(page, canvas, lab=True)
    text_before = readout.inner_text()
    move(page, handle)
    pixels_changed = servers.poll(lambda: canvas.screenshot() != pixels_before, CHANGE_TIMEOUT_S)
    text_changed = servers.poll(lambda: readout.inner_text() != text_before, CHANGE_TIMEOUT_S)
    assert pixels_changed, f"{explorer_id}: the plot did not change {CHANGE_TIMEOUT_S} s after a {how} move"
    assert text_changed, f"{explorer_id}: the readout stayed {text_before!r} after a {how} move"


@pytest.mark.parametrize("explorer_id", EXPLORER_IDS)
def test_explorer_follows_the_keyboard(gallery_page, explorer_id):
    _assert_follows(
        gallery_page, explorer_id, lambda page, handle: servers.press_slider(page, handle, 3), "keyboard"
    )


@pytest.mark.parametrize("explorer_id", EXPLORER_IDS)
def test_explorer_follows_the_mouse(gallery_page, explorer_id):
    _assert_follows(
        gallery_page, explorer_id, lambda page, handle: servers.drag_slider(page, handle, 40), "mouse"
    )
