"""Every registered explorer in a real JupyterLab, in headless Chromium: a gallery notebook built here
runs every explorer once; its first slider moved with the keyboard and with the mouse changes the plot's
pixels and the readout.
"""

from __future__ import annotations

import pytest

from tests.helpers import servers

pytestmark = pytest.mark.browser

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
        state = servers.open_and_run(page, lab_server, "gallery.ipynb")
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
