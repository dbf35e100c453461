"""Classroom mode: the notebooks as Voilà apps (as `make present` serves them), in headless Chromium.

Two notebooks with explorers are opened at /voila/render/NAME (01 and 04
when they exist, else the first two that have explorers, else the gallery
notebook twice with different explorers); each must show its plots without
error output, and an explorer's slider moved with the keyboard must change
the plot's pixels and the readout. The server is ``tools/present.py`` with
its defaults (see ``test_present.py`` for its safety, kernel and projector
tests).
"""

from __future__ import annotations

import pytest

from tests.helpers import servers

pytestmark = pytest.mark.browser

RENDER_TIMEOUT_S = 120
CHANGE_TIMEOUT_S = 10


def _targets():
    """(notebook name, how many explorers it has, which one to move)."""
    counts = {p.name: servers.explorer_cell_count(p) for p in sorted(servers.NOTEBOOKS.glob("*.ipynb"))}
    with_explorers = {name: n for name, n in counts.items() if n}
    preferred = [name for name in with_explorers if name.startswith(("01_", "04_"))]
    chosen = preferred if len(preferred) >= 2 else list(with_explorers)
    targets = [(name, with_explorers[name], 0) for name in chosen[:2]]
    gallery_size = len(servers.EXPLORERS)
    for index in (0, 3)[: 2 - len(targets)]:
        targets.append(("gallery.ipynb", gallery_size, index))
    return targets


TARGETS = _targets()


IDS = [f"{name.removesuffix('.ipynb')}-{i}" for name, _, i in TARGETS]


@pytest.mark.parametrize(("name", "explorers", "index"), TARGETS, ids=IDS)
def test_voila_app_shows_explorers_that_follow_the_keyboard(page, voila_server, name, explorers, index):
    url = f"{voila_server.base}/voila/render/{name}?token={voila_server.token}"
    page.goto(url, wait_until="domcontentloaded")
    present, visible = servers.wait_for_figures(page, explorers, timeout_s=RENDER_TIMEOUT_S)
    assert visible >= explorers, (
        f"{name}: {explorers} explorer(s) expected in Voilà; {present} explorer picture(s) in the page, "
        f"{visible} loaded and visible"
    )

    stderr = page.locator('[data-mime-type="application/vnd.jupyter.stderr"]')
    assert stderr.count() == 0, f"{name}: error output in Voilà: {stderr.first.inner_text()[:500]}"

    output = page.locator(servers.EXPLORER_OUTPUT).nth(index)
    output.scroll_into_view_if_needed()
    canvas = output.locator(servers.EXPLORER_FIGURE)
    handle = output.locator(".widget-slider .noUi-handle").first
    readout = output.locator(".widget-html").last

    pixels_before = servers.settle(page, canvas, lab=False)
    text_before = readout.inner_text()
    servers.press_slider(page, handle, 3)
    assert servers.poll(lambda: canvas.screenshot() != pixels_before, CHANGE_TIMEOUT_S), (
        f"{name}: the plot did not change within {CHANGE_TIMEOUT_S} s of a keyboard move in Voilà"
    )
    assert servers.poll(lambda: readout.inner_text() != text_before, CHANGE_TIMEOUT_S), (
        f"{name}: the readout stayed {text_before!r} after a keyboard move in Voilà"
    )
