"""Explorers in JupyterLab's dark theme: the picture is dimmed, never a white glare; the selected toggle stands out.

One explorer with a unit toggle (``surprise_explorer``) in a small notebook on the session's JupyterLab,
looked at in the light theme and then in the dark one (JupyterLab's own theme command). What is checked
is what the page computes: the picture's CSS filter and corners, and the selected toggle's fill against
the unselected one's. Screenshots of both land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import pytest

from tests.helpers import servers

pytestmark = pytest.mark.skipif(not servers.chromium_available(), reason="Chromium not installed")

NOTEBOOK = "dark_theme.ipynb"

_STYLE_JS = """() => {
    const img = document.querySelector('img.infotheory-explorer-figure');
    const on = document.querySelector('.infotheory-explorer .widget-toggle-button.mod-active');
    const off = document.querySelector('.infotheory-explorer .widget-toggle-button:not(.mod-active)');
    const css = e => getComputedStyle(e);
    return {light: document.body.dataset.jpThemeLight, filter: css(img).filter, radius: css(img).borderRadius,
            on: css(on).backgroundColor, off: css(off).backgroundColor, onText: css(on).color};
}"""


def _luminance(rgb: str) -> float:
    r, g, b = (int(x) for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _theme(page, name: str, light: str) -> dict:
    page.evaluate(f"() => window.jupyterapp.commands.execute('apputils:change-theme', {{theme: '{name}'}})")
    page.wait_for_function(f"() => document.body.dataset.jpThemeLight === '{light}'", timeout=30_000)
    page.wait_for_timeout(500)  # the theme's stylesheet applied
    return page.evaluate(_STYLE_JS)


def test_explorers_follow_the_dark_theme(browser, lab_server, lab_root, screenshots_dir):
    servers.write_notebook(
        lab_root / NOTEBOOK,
        [
            "import infotheory_lib as it\nit.setup_notebook()\nfrom infotheory_lib.explorers import surprise_explorer",
            "surprise_explorer()",
        ],
    )
    context, page = servers.new_page(browser)
    try:
        servers.open_notebook(page, lab_server, NOTEBOOK, timeout_ms=120_000)
        state = servers.run_all(page, timeout_s=180)
        assert not state["problems"], state["problems"]
        servers.wait_for_figures(page, 1, timeout_s=120)

        light = _theme(page, "JupyterLab Light", "true")
        page.query_selector(".infotheory-explorer").screenshot(
            path=str(screenshots_dir / "explorer_light.png")
        )
        dark = _theme(page, "JupyterLab Dark", "false")
        page.query_selector(".infotheory-explorer").screenshot(
            path=str(screenshots_dir / "explorer_dark.png")
        )
    finally:
        context.close()
    assert light["filter"] == "none", light  # the light theme shows the figure as drawn
    assert dark["filter"] == "brightness(0.85)" and dark["radius"] != "0px", dark  # dimmed and framed
    for theme in (light, dark):
        # the selected unit is a filled, clearly different button with light text
        assert abs(_luminance(theme["on"]) - _luminance(theme["off"])) > 40, theme
        assert _luminance(theme["onText"]) > 200, theme
