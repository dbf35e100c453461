"""Tests for the notebook-11 drawing helpers in infotheory_lib.plots (coding intervals, per-character code
lengths, compressor lines): they draw what they are given and return their artists."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from numpy.testing import assert_allclose

from infotheory_lib import plots
from infotheory_lib.language import CharNGramModel
from infotheory_lib.models import coding_intervals


@pytest.fixture(autouse=True, scope="module")
def agg_backend():
    matplotlib.use("Agg")


@pytest.fixture
def ax():
    fig, axes = plots.new_figure(1)
    yield axes[0]
    plt.close(fig)


def test_coding_intervals_fill_the_coded_pieces(ax):
    model = CharNGramModel(2, k=0.5).fit("abracadabra")
    steps = coding_intervals("abra", model)
    pieces = plots.draw_coding_intervals(ax, steps)
    assert len(pieces) == 4
    for piece, step in zip(pieces, steps[:-1], strict=True):
        edges, s = step["edges"], step["index"]
        width = (edges[s + 1] - edges[s]) / (step["high"] - step["low"])
        assert_allclose(piece.get_width(), width)  # each row zoomed to full width: the piece is q wide
        assert piece.get_facecolor() == to_rgba(plots.P_COLOR)
    texts = [t.get_text() for t in ax.texts]
    assert any(f"2^{{-{steps[-1]['bits']:.2f}}}" in t for t in texts)  # the final width in bits
    assert any(t.startswith("“a”: q = 0.375") for t in texts)
    assert "?" in texts  # the unknown slot


def test_char_costs_heights_colours_and_labels(ax):
    bits = np.array([1.0, 0.0, 12.0, 30.0])
    bars = plots.draw_char_costs(ax, "a b\n", bits, vmax=12.0)
    assert_allclose([b.get_height() for b in bars], bits)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "␣", "b", "⏎"]
    colors = [b.get_facecolor() for b in bars]
    assert colors[2] == colors[3] != colors[0] != colors[1]  # vmax and above share the darkest colour
    plots.set_char_costs(bars, [12.0, 12.0, 0.0, 1.0], vmax=12.0)
    assert [b.get_height() for b in bars] == [12.0, 12.0, 0.0, 1.0]
    assert bars[0].get_facecolor() == colors[2] and bars[3].get_facecolor() == colors[0]
    with pytest.raises(ValueError, match="one value per character"):
        plots.draw_char_costs(ax, "abc", [1.0, 2.0], vmax=5.0)


def test_compressor_lines_keep_their_colour_by_name(ax):
    lines = plots.draw_compressors(ax, {"lzma -9": 2.48, "gzip -9": 2.61, "mine": 3.0})
    assert [line.get_ydata()[0] for line in lines] == [2.48, 2.61, 3.0]
    assert [line.get_label() for line in lines] == ["lzma -9: 2.48", "gzip -9: 2.61", "mine: 3.00"]
    assert lines[0].get_color() == plots.COMPRESSOR_COLORS["lzma -9"]
    assert lines[1].get_color() == plots.COMPRESSOR_COLORS["gzip -9"]
    assert lines[2].get_color() == plots.NEUTRAL_COLOR


def test_a_bound_is_dashed_and_a_real_file_dotted(ax):
    # order-0 entropy and Huffman are 0.05 bits/char apart: the line style must tell them apart
    bound, huffman = plots.draw_compressors(ax, {"order-0 entropy": 4.69, "Huffman (order 0)": 4.73})
    assert bound.get_linestyle() == "--"
    assert huffman.get_linestyle() == ":"
