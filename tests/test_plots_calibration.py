"""The drawing functions of notebook 09 (plots.py): reliability diagram and bin counts."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from numpy.testing import assert_allclose

from infotheory_lib import plots, reliability_from_confidences

matplotlib.use("Agg")


def _diagram(n_bins):
    # bins of width 1/n_bins; two predictions near the top (one right), one at 0.5 (right), the rest empty
    return reliability_from_confidences([0.99, 0.97, 0.51], [1, 0, 1], n_bins=n_bins)


def test_reliability_diagram_draws_each_non_empty_bin_from_its_edges():
    fig, (ax,) = plots.new_figure(1)
    diagram = _diagram(4)
    artists = plots.draw_reliability_diagram(ax, diagram)
    bars, gaps = artists["bars"], artists["gaps"]
    assert len(bars) == len(gaps) == 4
    assert [bar.get_visible() for bar in bars] == [False, False, True, True]
    top_bar, top_gap = bars[3], gaps[3]
    assert_allclose([top_bar.get_x(), top_bar.get_width(), top_bar.get_height()], [0.75, 0.25, 0.5])
    assert_allclose(
        [top_gap.get_y(), top_gap.get_height()], [0.5, 0.98 - 0.5]
    )  # over-confident: above the bar
    mid_gap = gaps[
        2
    ]  # (0.5, 0.75]: confidence 0.51, accuracy 1 -> under-confident: the gap lies over the bar
    assert_allclose([mid_gap.get_y(), mid_gap.get_height()], [0.51, 0.49])
    assert_allclose(artists["diagonal"].get_xydata(), [[0, 0], [1, 1]])
    for rect in [*bars, *gaps]:  # hidden bins are still finite geometry
        assert np.all(np.isfinite([rect.get_x(), rect.get_y(), rect.get_width(), rect.get_height()]))


def test_slots_let_an_explorer_change_the_number_of_bins():
    fig, (ax,) = plots.new_figure(1)
    artists = plots.draw_reliability_diagram(ax, _diagram(5), slots=20)
    assert len(artists["bars"]) == 20
    plots.set_reliability_diagram(artists, _diagram(20))
    shown = [i for i, bar in enumerate(artists["bars"]) if bar.get_visible()]
    assert shown == [10, 19]
    assert_allclose(artists["bars"][19].get_width(), 0.05)
    plots.set_reliability_diagram(artists, _diagram(2))
    assert [i for i, bar in enumerate(artists["bars"]) if bar.get_visible()] == [1]  # 0.51 > 0.5
    with pytest.raises(ValueError, match="slots must be at least the number of bins"):
        plots.set_reliability_diagram(artists, _diagram(21))
    with pytest.raises(ValueError, match="slots"):
        plots.draw_reliability_diagram(ax, _diagram(5), slots=3)


def test_legend_shows_four_keys_even_when_the_first_bin_is_empty():
    fig, (ax,) = plots.new_figure(1)
    artists = plots.draw_reliability_diagram(ax, _diagram(4))
    legend = plots.reliability_legend(ax, artists)
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == [
        "accuracy of the bin",
        "over-confident gap",
        "under-confident gap",
        "perfect calibration",
    ]
    assert all(h.get_visible() for h in legend.legend_handles)
    over, under = legend.legend_handles[1:3]
    assert over.get_facecolor()[3] > 0 and not over.get_hatch()  # filled, as above a bar
    assert under.get_facecolor()[3] == 0 and under.get_hatch() == plots.UNDER_CONFIDENT_HATCH
    fig_legend = plots.reliability_legend(fig, artists, loc="outside lower left")
    assert len(fig_legend.get_texts()) == 4


def test_under_confident_gap_is_hatched_over_confident_filled_diagonal_on_top():
    fig, (ax,) = plots.new_figure(1)
    artists = plots.draw_reliability_diagram(ax, _diagram(4))
    over, under = artists["gaps"][3], artists["gaps"][2]  # conf 0.98 > acc 0.5; conf 0.51 < acc 1
    assert over.get_facecolor()[3] > 0 and not over.get_hatch()
    assert under.get_facecolor()[3] == 0 and under.get_hatch() == plots.UNDER_CONFIDENT_HATCH
    assert artists["diagonal"].get_zorder() > max(over.get_zorder(), artists["bars"][3].get_zorder())
    plots.set_reliability_diagram(artists, _diagram(2))  # (0.5, 1]: conf 0.823, acc 2/3: over-confident
    assert not artists["gaps"][1].get_hatch() and artists["gaps"][1].get_facecolor()[3] > 0


def test_bin_counts_side_by_side():
    fig, (ax,) = plots.new_figure(1)
    left = plots.draw_bin_counts(ax, _diagram(4), part=(0.0, 0.5))
    right = plots.draw_bin_counts(ax, _diagram(4), part=(0.5, 1.0), slots=6)
    assert [bar.get_height() for bar in left] == [0, 0, 1, 2]
    assert_allclose([left[3].get_x(), left[3].get_width()], [0.75, 0.125])
    assert_allclose([right[3].get_x(), right[3].get_width()], [0.875, 0.125])
    assert [bar.get_visible() for bar in right] == [True] * 4 + [False] * 2
    plots.set_bin_counts(right, _diagram(6), part=(0.5, 1.0))
    assert sum(bar.get_height() for bar in right) == 3
    fig.canvas.draw()  # draws without error
