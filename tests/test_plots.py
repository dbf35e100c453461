"""Tests for infotheory_lib.plots: the drawing helpers return their artists and update them in place."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from infotheory_lib import plots


@pytest.fixture(autouse=True, scope="module")
def agg_backend():
    matplotlib.use("Agg")


@pytest.fixture
def ax():
    fig, axes = plots.new_figure(1)
    yield axes[0]
    plt.close(fig)


# --------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------


@pytest.mark.parametrize("ncols", [1, 2, 3])
def test_new_figure_returns_figure_and_axes(ncols):
    fig, axes = plots.new_figure(ncols, width=7.0, height=3.0)
    try:
        assert isinstance(fig, Figure)
        assert isinstance(axes, list) and len(axes) == ncols
        assert all(a.figure is fig for a in axes)
        assert tuple(fig.get_size_inches()) == (7.0, 3.0)
        assert fig.get_layout_engine() is not None  # constrained layout, computed at draw time
    finally:
        plt.close(fig)


def test_new_figure_draws_on_agg_whatever_the_backend_and_interactive_mode():
    """One rendering path: the figure's canvas is Agg under any pyplot backend, also under ion()."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    was = matplotlib.is_interactive()
    plt.ion()
    try:
        fig, _ = plots.new_figure(2)
        assert matplotlib.is_interactive(), "interactive mode is left as it was"
    finally:
        plt.interactive(was)
    assert type(fig.canvas) is FigureCanvasAgg


def test_new_figure_is_not_registered_with_pyplot():
    before = plt.get_fignums()
    fig, _ = plots.new_figure(1)
    try:
        assert plt.get_fignums() == before
        assert fig.canvas is not None and fig.canvas.figure is fig
    finally:
        plt.close(fig)


# ipympl 0.10's Toolbar passes an argument traitlets deprecates: a third-party warning, not ours.
@pytest.mark.filterwarnings("ignore:Passing unrecognized arguments to super\\(Toolbar\\):DeprecationWarning")
def test_new_figure_is_not_queued_for_display_by_ipympl():
    ipympl_backend = pytest.importorskip("ipympl.backend_nbagg")
    was = matplotlib.is_interactive()
    plt.switch_backend("module://ipympl.backend_nbagg")
    try:
        plt.ion()
        fig, _ = plots.new_figure(1)
        assert fig not in ipympl_backend._Backend_ipympl._to_show
        plain = plt.figure()  # the control: a pyplot figure made under ion() is queued
        assert plain in ipympl_backend._Backend_ipympl._to_show
    finally:
        plt.interactive(was)
        plt.close("all")
        ipympl_backend._Backend_ipympl._to_show.clear()
        plt.switch_backend("Agg")


def test_plots_never_calls_show(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("plots.py must not call plt.show()")

    monkeypatch.setattr(plt, "show", forbidden)
    monkeypatch.setattr(Figure, "show", forbidden)
    fig, (a, b) = plots.new_figure(2)
    try:
        x = np.linspace(0, 1, 5)
        plots.style_axes(a, title="t", xlabel="x", ylabel="y", xlim=(0, 1), ylim=(0, 2))
        plots.draw_curve(a, x, x)
        plots.set_guides(plots.draw_guides(a, 0.5, 0.5), 0.2, 0.3)
        plots.draw_marker(a, 0.5, 0.5)
        bars = plots.draw_bars(b, [0.2, 0.8], labels=["a", "b"])
        plots.set_bar_heights(bars, [0.5, 0.5])
        plots.set_bar_colors(bars, ["red", "blue"])
        plots.draw_reference_line(b, 1.0)
        plots.draw_text(a, 0.1, 0.9, "hi")
        _, poly = plots.draw_density(a, x, x)
        plots.set_fill(poly, x, 1 - x)
        low, high = plots.draw_stacked_bar(b, 0, 1.0, 0.5, colors=("C0", "C1"), labels=("l", "h"))
        plots.set_stacked_bar(low, high, 0.3, 0.2)
        plots.draw_scatter(a, x, x)
        fig.canvas.draw()
    finally:
        plt.close(fig)


# --------------------------------------------------------------------------
# Drawing helpers return their artists
# --------------------------------------------------------------------------


def test_style_axes(ax):
    assert plots.style_axes(ax, title="T", xlabel="X", ylabel="Y", xlim=(0, 2), ylim=(-1, 1)) is ax
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("T", "X", "Y")
    assert ax.get_xlim() == (0, 2) and ax.get_ylim() == (-1, 1)
    plots.style_axes(ax, title="U")  # other settings are left alone
    assert ax.get_xlabel() == "X" and ax.get_xlim() == (0, 2)


def test_draw_curve_and_marker(ax):
    x = np.linspace(0, 1, 11)
    line = plots.draw_curve(ax, x, x**2, label="sq")
    assert isinstance(line, Line2D) and line in ax.lines
    np.testing.assert_array_equal(line.get_xydata(), np.column_stack([x, x**2]))
    assert line.get_label() == "sq"
    marker = plots.draw_marker(ax, 0.3, 0.4)
    assert isinstance(marker, Line2D) and marker in ax.lines
    np.testing.assert_array_equal(marker.get_xydata(), [[0.3, 0.4]])


def test_draw_and_set_guides(ax):
    vertical, horizontal = plots.draw_guides(ax, 0.5, 2.0)
    np.testing.assert_array_equal(vertical.get_xydata(), [[0.5, 0.0], [0.5, 2.0]])
    np.testing.assert_array_equal(horizontal.get_xydata(), [[0.0, 2.0], [0.5, 2.0]])
    plots.set_guides((vertical, horizontal), 0.25, 3.0)
    np.testing.assert_array_equal(vertical.get_xydata(), [[0.25, 0.0], [0.25, 3.0]])
    np.testing.assert_array_equal(horizontal.get_xydata(), [[0.0, 3.0], [0.25, 3.0]])
    plots.set_guides((vertical, horizontal), 0.25, 3.0, x0=-1.0, y0=1.0)
    np.testing.assert_array_equal(vertical.get_xydata(), [[0.25, 1.0], [0.25, 3.0]])
    np.testing.assert_array_equal(horizontal.get_xydata(), [[-1.0, 3.0], [0.25, 3.0]])


def test_draw_bars_and_update(ax):
    bars = plots.draw_bars(ax, [0.1, 0.2, 0.7], labels=["a", "b", "c"], offset=0.2, width=0.4)
    assert isinstance(bars, BarContainer) and len(bars) == 3
    assert [r.get_height() for r in bars] == [0.1, 0.2, 0.7]
    np.testing.assert_allclose([r.get_x() + r.get_width() / 2 for r in bars], [0.2, 1.2, 2.2])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    plots.set_bar_heights(bars, [0.5, 0.0, 0.5])
    assert [r.get_height() for r in bars] == [0.5, 0.0, 0.5]
    with pytest.raises(ValueError):  # a wrong number of heights is an error, not a silent partial update
        plots.set_bar_heights(bars, [1.0, 2.0])
    plots.set_bar_colors(bars, ["red", "green", "blue"])
    assert [matplotlib.colors.to_hex(r.get_facecolor()) for r in bars] == ["#ff0000", "#008000", "#0000ff"]


def test_draw_reference_line(ax):
    line = plots.draw_reference_line(ax, 2.5, label="max")
    assert isinstance(line, Line2D) and line in ax.lines
    assert list(line.get_ydata()) == [2.5, 2.5]
    assert line.get_label() == "max"


def test_draw_text_coordinates(ax):
    t = plots.draw_text(ax, 0.1, 0.9, "axes")
    assert isinstance(t, Text) and t in ax.texts
    assert t.get_transform() is ax.transAxes and t.get_text() == "axes"
    d = plots.draw_text(ax, 1.0, 2.0, "data", transform="data")
    assert d.get_transform() is ax.transData and d.get_position() == (1.0, 2.0)


def test_draw_density_and_set_fill(ax):
    x = np.linspace(-1, 1, 7)
    y = 1 - x**2
    line, poly = plots.draw_density(ax, x, y)
    assert isinstance(line, Line2D) and isinstance(poly, PolyCollection)
    np.testing.assert_array_equal(line.get_ydata(), y)
    y2 = 0.5 * np.ones_like(x)
    plots.set_fill(poly, x, y2)
    (path,) = poly.get_paths()
    verts = path.vertices
    # the top edge along y2, the bottom edge along zero
    assert {tuple(v) for v in np.column_stack([x, y2])} <= {tuple(v) for v in verts}
    assert {tuple(v) for v in np.column_stack([x, np.zeros_like(x)])} <= {tuple(v) for v in verts}
    assert not {tuple(v) for v in np.column_stack([x[1:-1], y[1:-1]])} & {tuple(v) for v in verts}
    assert verts[:, 1].max() == 0.5
    line_only, none = plots.draw_density(ax, x, y, fill=False)
    assert none is None and isinstance(line_only, Line2D)


def test_draw_and_set_stacked_bar(ax):
    low, high = plots.draw_stacked_bar(ax, 0, 1.5, 0.5, colors=("C0", "C1"), labels=("H", "KL"))
    assert isinstance(low, Rectangle) and isinstance(high, Rectangle)
    assert (low.get_y(), low.get_height(), high.get_y(), high.get_height()) == (0, 1.5, 1.5, 0.5)
    plots.set_stacked_bar(low, high, 2.0, 0.25)
    assert (low.get_y(), low.get_height(), high.get_y(), high.get_height()) == (0, 2.0, 2.0, 0.25)


def test_draw_scatter(ax):
    x, y = np.arange(4.0), np.arange(4.0) ** 2
    sc = plots.draw_scatter(ax, x, y)
    assert isinstance(sc, PathCollection) and sc in ax.collections
    np.testing.assert_array_equal(sc.get_offsets(), np.column_stack([x, y]))


# --------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (np.inf, 3, "∞"),
        (float("inf"), 2, "∞"),
        (-np.inf, 3, "−∞"),
        (1.23456, 3, "1.235"),
        (1.23456, 1, "1.2"),
        (0.0, 2, "0.00"),
        (np.float64(2.5), 3, "2.500"),
        (4.9125e-05, 3, "4.91e−05"),
        (-2e-9, 2, "−2.0e−09"),
        (2e-16, 3, "2.00e−16"),
        (0.0004, 3, "0.0004"),
        (0.0005, 3, "0.001"),
    ],
)
def test_format_value(value, digits, text):
    assert plots.format_value(value, digits) == text


def test_unit_name():
    assert plots.unit_name(2) == "bits"
    assert plots.unit_name(np.e) == "nats"
    assert plots.unit_name(10) == "base-10 units"
