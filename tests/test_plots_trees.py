"""Tests for the notebook-10 drawing helpers in infotheory_lib.plots (gain curves, split histograms,
question bars): they draw what they are given and return their artists."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.container import BarContainer
from matplotlib.lines import Line2D
from matplotlib.text import Text
from numpy.testing import assert_allclose, assert_array_equal

from infotheory_lib import plots


@pytest.fixture(autouse=True, scope="module")
def agg_backend():
    matplotlib.use("Agg")


@pytest.fixture
def ax():
    fig, axes = plots.new_figure(1)
    yield axes[0]
    plt.close(fig)


def test_new_grid_shape_and_size():
    fig, axes = plots.new_grid(2, 3, width=9.0, height=5.0, sharex="col")
    assert axes.shape == (2, 3)
    assert all(a.figure is fig for a in axes.ravel())
    assert tuple(fig.get_size_inches()) == (9.0, 5.0)


def test_gain_curve_marks_the_first_maximum(ax):
    line, marker, vline = plots.draw_gain_curve(ax, [1.0, 2.0, 3.0, 4.0], [0.1, 0.5, 0.5, 0.2], label="IG")
    assert isinstance(line, Line2D) and line.get_label() == "IG"
    assert_array_equal(line.get_xdata(), [1.0, 2.0, 3.0, 4.0])
    assert (marker.get_xdata()[0], marker.get_ydata()[0]) == (2.0, 0.5)
    assert list(vline.get_xdata()) == [2.0, 2.0]
    assert plots.draw_gain_curve(ax, [1.0, 2.0], [0.3, 0.1], mark_best=False)[1:] == (None, None)


def test_split_histograms_count_every_sample_on_its_side(ax):
    values = np.array([0.5, 1.0, 1.5, 2.5, 3.0, 3.5, 4.0])
    labels = np.array(["a", "a", "b", "b", "c", "c", "a"])
    art = plots.draw_split_histograms(ax, values, labels, 2.0, bins=4, class_names=["A", "B", "C"])
    assert len(art["bars"]) == 3 and all(isinstance(b, BarContainer) for b in art["bars"])
    heights = np.array([[r.get_height() for r in bars] for bars in art["bars"]])
    assert heights.sum() == values.size
    assert_allclose(heights.sum(axis=1), [3, 2, 2])  # per class, in the order of the sorted labels
    assert [b.get_label() for b in art["bars"]] == ["A", "B", "C"]
    left, right = (t.get_text() for t in art["texts"])
    assert left == "≤ 2\n2 · 1 · 0" and right == "> 2\n1 · 1 · 2"
    for text in art["texts"]:  # boxes, legible: the notebook calls them "the boxes"
        assert text.get_bbox_patch() is not None and text.get_fontsize() >= 11
    assert list(art["line"].get_xdata()) == [2.0, 2.0]


def test_question_bars_are_horizontal_first_at_the_top_and_update(ax):
    bars = plots.draw_question_gains(ax, ["q1", "q2", "q3"], [1.0, 0.5, 0.0])
    assert isinstance(bars, BarContainer)
    assert [r.get_width() for r in bars] == [1.0, 0.5, 0.0]
    assert [r.get_y() + r.get_height() / 2 for r in bars] == [2.0, 1.0, 0.0]
    ticks = {float(y): t.get_text() for y, t in zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)}
    assert ticks == {2.0: "q1", 1.0: "q2", 0.0: "q3"}  # each label at its bar, the first at the top
    plots.set_bar_widths(bars, [0.2, 0.3, 0.4])
    assert [r.get_width() for r in bars] == [0.2, 0.3, 0.4]
    with pytest.raises(ValueError):
        plots.set_bar_widths(bars, [0.1])


def test_class_colors_are_distinct():
    assert len(set(plots.CLASS_COLORS)) == len(plots.CLASS_COLORS) >= 3
    assert isinstance(plots.draw_text(plt.figure().gca(), 0, 0, "x"), Text)
    plt.close("all")
