"""Notebook 14's library pieces above the compute modules: the prefix-information curve, the drawing
functions and the Fano explorer's own behaviour."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest

import infotheory_lib as it
from infotheory_lib import bounds, models, plots


def _blobs(n=600, d=4, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    z = rng.standard_normal((n, d))
    z[:, 0] += 3 * y  # only the first coordinate knows the label
    return z, y


# ---- prefix_information_curve ----------------------------------------------------------------------------


def test_the_curve_is_the_estimator_on_each_prefix():
    z, y = _blobs()
    curve = models.prefix_information_curve(z, y, [1, 2, 4], progress=False)
    want = [it.mixed_mutual_information(z[:, :m], y, standardize=False) for m in (1, 2, 4)]
    np.testing.assert_array_equal(curve, want)
    std = models.prefix_information_curve(z, y, [2], standardize=True, k=5, base=math.e, progress=False)
    assert std[0] == it.mixed_mutual_information(z[:, :2], y, k=5, base=math.e)


def test_noise_coordinates_do_not_add_information_but_can_lower_the_estimate():
    z, y = _blobs(d=6)
    curve = models.prefix_information_curve(z, y, [1, 6], progress=False)
    h_y = it.entropy_from_samples(y)
    assert curve[0] <= h_y + 0.02
    assert curve[1] < curve[0]  # the estimator's bias in higher dimension: the truth is equal


def test_progress_bar_is_written_when_asked(capsys):
    z, y = _blobs(n=100)
    models.prefix_information_curve(z, y, [1, 2], progress=True)
    assert "I(Y; Z_1:m)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"z": np.zeros(10), "y": [0, 1] * 5, "widths": [1]}, ValueError, "z"),
        ({"z": np.zeros((10, 2)), "y": [0, 1] * 5, "widths": [3]}, ValueError, "widths"),
        ({"z": np.zeros((10, 2)), "y": [0, 1] * 5, "widths": [0]}, ValueError, "widths"),
        ({"z": np.zeros((10, 2)), "y": [0, 1] * 5, "widths": [1.0]}, TypeError, "widths"),
        ({"z": np.zeros((10, 2)), "y": [0, 1] * 5, "widths": []}, TypeError, "widths"),
        ({"z": np.zeros((10, 2)), "y": [0, 1] * 5, "widths": 2}, TypeError, "widths"),
        ({"z": np.zeros((10, 2)), "y": [0, 1] * 5, "widths": [1], "progress": "yes"}, ValueError, "progress"),
        (
            {"z": np.zeros((10, 2)), "y": [0, 1] * 5, "widths": [1], "standardize": 0},
            TypeError,
            "standardize",
        ),
        ({"z": np.zeros((10, 2)), "y": [0, 1] * 4, "widths": [1]}, ValueError, "y"),
    ],
)
def test_bad_input_is_an_error_naming_the_argument(kwargs, error, name):
    with pytest.raises(error, match=rf"\b{name}\b"):
        models.prefix_information_curve(**kwargs)


# ---- drawing functions -------------------------------------------------------------------------------------


def test_fano_region_draws_the_curve_and_moves_with_k():
    fig, (ax,) = plots.new_figure(1)
    art = plots.draw_fano_region(ax, 10, h_right=4.0)
    h, p = art["curve"].get_data()
    np.testing.assert_allclose(h, bounds.fano_conditional_entropy(p, 10), rtol=1e-14)
    assert p[-1] == pytest.approx(0.9) and h[-1] == pytest.approx(math.log2(10))
    assert art["log_k"].get_xdata()[0] == pytest.approx(math.log2(10))
    plots.set_fano_region(art, 3)
    h, p = art["curve"].get_data()
    assert p[-1] == pytest.approx(2 / 3) and h[-1] == pytest.approx(math.log2(3))
    xy = art["beyond"].get_xy()
    assert xy[:, 0].min() == pytest.approx(math.log2(3)) and xy[:, 0].max() == 4.0
    below = art["impossible"].get_xy()
    assert np.all(below[:, 1] <= 2 / 3 + 1e-12)  # the impossible region lies under the curve
    fig.savefig(io.BytesIO(), format="png")


def test_dpi_curve_and_error_floor():
    fig, (ax1, ax2) = plots.new_figure(2)
    ks = [1, 2, 4, 8]
    line = plots.draw_dpi_curve(ax1, ks, [1.0, 2.0, 2.5, 2.6], label="estimate")
    assert ax1.get_xscale() == "log" and list(line.get_xdata()) == ks
    floor_line, fill, points = plots.draw_error_floor(
        ax2, ks, [0.4, 0.2, 0.05, 0.01], {"a": [0.6, 0.4, 0.2, 0.1], "b": [0.5, 0.3, 0.1, 0.05]}
    )
    assert len(points) == 2 and list(points[1].get_ydata()) == [0.5, 0.3, 0.1, 0.05]
    # side by side around each k (equal errors would hide each other), symmetric in log2 k
    x0, x1 = np.log2(points[0].get_xdata()), np.log2(points[1].get_xdata())
    np.testing.assert_allclose((x0 + x1) / 2, np.log2(ks), atol=1e-12)
    np.testing.assert_allclose(x1 - x0, 0.06)
    assert ax2.get_legend_handles_labels()[1] == [
        "Fano floor (estimated)",
        "below the floor: impossible",
        "a",
        "b",
    ]
    fig.savefig(io.BytesIO(), format="png")


# ---- the Fano explorer ----------------------------------------------------------------------------------


def test_explorer_readout_title_and_points():
    from infotheory_lib.explorers import fano_explorer

    points = {"kNN": (np.array([0.1, 1.2]), np.array([0.05, 0.4]))}
    e = fano_explorer(1.0, 10, points=points)
    try:
        r = e.readout()
        assert r["min_error"] == pytest.approx(float(it.fano_error_lower_bound(1.0, 10)))
        assert r["weak_bound"] == 0.0
        (pts,) = [a for a in e.figure.axes[0].lines if a.get_label().startswith("kNN")]
        assert pts.get_visible()
        e.controls["n_classes"].value = 3  # the points belong to K = 10
        assert not pts.get_visible()
        e.controls["conditional_entropy"].value = 2.5  # > log2 3: impossible, the floor is guessing
        assert e.readout()["min_error"] == pytest.approx(2 / 3)
        assert "impossible" in e.figure.axes[0].get_title()
    finally:
        e.close()
