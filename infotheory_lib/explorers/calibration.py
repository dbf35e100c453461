r"""Calibration explorer (notebook 09): a temperature slider on a real, over-confident classifier.

The model is the MLP of :func:`infotheory_lib.models.calibration_experiment`
(trained once per session on scikit-learn's digits, about a second, and
cached; or the result of that function passed in).
Its logits on the test split are fixed; the slider divides them by
:math:`T`, and the reliability diagram, the bin counts and the
NLL-vs-temperature marker follow. Every number comes from
:mod:`infotheory_lib.calibration`.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import plots
from ..calibration import (
    calibration_scores,
    expected_calibration_error,
    reliability_diagram_data,
    temperature_nll,
)
from ..losses import cross_entropy_loss, softmax
from ._core import Explorer, column, float_slider, register, toggle

__all__ = ["calibration_explorer"]

_T_RANGE = (0.25, 5.0)
_BIN_CHOICES = (5, 10, 15, 20)
_MAX_BINS = max(_BIN_CHOICES)
_RUN_KEYS = {"test_logits", "y_test", "val_logits", "y_val", "temperature"}


@functools.lru_cache(maxsize=1)
def _model():
    """The default run (seed 0), trained once per session."""
    from ..models import calibration_experiment

    return _prepare(calibration_experiment(seed=0, progress=False))


def _prepare(run):
    """The test (and validation) logits of a run, its fitted T and the NLL-vs-T curves."""
    if not isinstance(run, dict) or not _RUN_KEYS <= set(run):
        raise TypeError("run must be the dict returned by infotheory_lib.models.calibration_experiment")
    grid = np.linspace(*_T_RANGE, 96)
    return {
        "logits": run["test_logits"],
        "labels": run["y_test"],
        "t_star": run["temperature"],
        "grid": grid,
        "test_curve": temperature_nll(run["test_logits"], run["y_test"], grid),
        "val_curve": temperature_nll(run["val_logits"], run["y_val"], grid),
        "t_star_test_nll": float(cross_entropy_loss(run["test_logits"] / run["temperature"], run["y_test"])),
    }


def _expect_calibration(values):
    """The readout for the control values, recomputed with the loss and calibration functions."""
    model = _model()
    z, y, t = model["logits"], model["labels"], values["temperature"]
    probs = softmax(z, temperature=t)
    return {
        "temperature": t,
        "accuracy": float(np.mean(np.argmax(probs, axis=1) == y)),
        "confidence": float(np.mean(np.max(probs, axis=1))),
        "nll": float(cross_entropy_loss(z / t, y)),
        "ece": float(expected_calibration_error(probs, y, n_bins=values["n_bins"])),
    }


@register(
    "calibration",
    notebook="09_calibration.ipynb",
    sweep={"temperature": _T_RANGE},
    expected_readout=_expect_calibration,
)
def calibration_explorer(temperature=1.0, n_bins=15, *, run=None):
    r"""Temperature scaling of a real classifier: the reliability diagram and the NLL follow :math:`T`.

    The test-split logits :math:`z` of an over-confident MLP on digits
    (997 images) are turned into :math:`q = \operatorname{softmax}(z / T)`.
    Controls: ``temperature`` :math:`T` (0.25–5) and ``n_bins`` (5, 10, 15
    or 20 equal-width confidence bins). ``run``: a result of
    :func:`~infotheory_lib.models.calibration_experiment` to show (default:
    the seed-0 run, trained once per session).

    Left: the reliability diagram (accuracy per confidence bin, the gap to
    the bin's mean confidence, the diagonal of perfect calibration) with the
    ECE. Middle: how many test images fall in each bin. Right: the test NLL
    as a function of :math:`T`, the validation NLL whose minimum is the
    fitted :math:`T^\star`, and the current :math:`T`. The accuracy never
    moves: dividing the logits by :math:`T` keeps every argmax.
    """
    model = _model() if run is None else _prepare(run)
    z, y = model["logits"], model["labels"]
    diagram = reliability_diagram_data(softmax(z, temperature=temperature), y, n_bins=n_bins)

    fig, (ax_rel, ax_cnt, ax_nll) = plots.new_figure(
        3, width=12.0, height=4.2, width_ratios=[1.15, 0.85, 1.0]
    )
    rel = plots.draw_reliability_diagram(ax_rel, diagram, slots=_MAX_BINS)
    plots.reliability_legend(fig, rel, loc="outside lower left", ncols=4, fontsize=10)
    plots.style_axes(
        ax_rel,
        xlabel="confidence of the top class",
        ylabel="accuracy",
        xlim=(0, 1),
        ylim=(0, 1),
    )

    counts = plots.draw_bin_counts(ax_cnt, diagram, slots=_MAX_BINS)
    ax_cnt.set_yscale("symlog", linthresh=1.0)
    ax_cnt.set_yticks([0, 1, 10, 100, 1000], ["0", "1", "10", "100", "1000"])
    plots.style_axes(
        ax_cnt,
        title="Test images per bin",
        xlabel="confidence of the top class",
        ylabel="images (log scale)",
        xlim=(0, 1),
        ylim=(0, 3000),
    )

    grid = model["grid"]
    plots.draw_curve(ax_nll, grid, model["test_curve"], color=plots.P_COLOR, label="test NLL")
    plots.draw_curve(
        ax_nll, grid, model["val_curve"], color=plots.NEUTRAL_COLOR, ls="--", lw=1.5, label="validation NLL"
    )
    t_star = model["t_star"]
    star = plots.draw_marker(
        ax_nll, t_star, model["t_star_test_nll"], color=plots.ACCENT_COLOR, label=f"fitted T* = {t_star:.2f}"
    )
    star.set_marker("*")
    star.set_markersize(15)
    current = plots.draw_marker(ax_nll, temperature, 0.0, color=plots.Q_COLOR, label="current T", size=9)
    current.set_clip_on(False)  # whole at T = 0.25 and T = 5
    guide = ax_nll.axvline(temperature, color=plots.Q_COLOR, lw=1.2, ls=":")
    ax_nll.legend(loc="upper right", fontsize=9)
    top = float(max(model["test_curve"].max(), model["val_curve"].max()))
    plots.style_axes(
        ax_nll,
        title="NLL vs temperature",
        xlabel="temperature T",
        ylabel="NLL (nats)",
        xlim=_T_RANGE,
        ylim=(0, 1.15 * top),
    )

    # the titles say what changes (set by update); the first draw measures them at full length
    rel_title = ax_rel.set_title("T = 0.00: ECE = 0.000\nunder-confident")
    controls = {
        "temperature": float_slider("temperature T", temperature, *_T_RANGE, 0.01),
        "n_bins": toggle("bins", list(_BIN_CHOICES), n_bins),
    }

    def update(v):
        t, bins = v["temperature"], v["n_bins"]
        probs = softmax(z, temperature=t)
        binned = reliability_diagram_data(probs, y, n_bins=bins)
        plots.set_reliability_diagram(rel, binned)
        plots.set_bin_counts(counts, binned)
        scores = calibration_scores(z, y, temperature=t, n_bins=bins)
        current.set_data([t], [scores["nll"]])
        guide.set_xdata([t, t])
        side = "over-confident" if scores["confidence"] > scores["accuracy"] else "under-confident"
        rel_title.set_text(f"T = {t:.2f}: ECE = {scores['ece']:.3f}\n{side}")
        return {
            "temperature": t,
            "accuracy": scores["accuracy"],
            "confidence": scores["confidence"],
            "nll": scores["nll"],
            "ece": scores["ece"],
        }

    return Explorer(
        fig,
        controls,
        update=update,
        controls_box=column(list(controls.values())),  # one row each: "bins" stays with its buttons
        # in drawing order: the diagonal over the bars and gaps
        dynamic=[*rel["bars"], *rel["gaps"], rel["diagonal"], rel_title, *counts, guide, current],
        readout_spec=[
            ("temperature", "T", ""),
            ("accuracy", "accuracy", ""),
            ("confidence", "mean confidence", ""),
            ("nll", "NLL", "nats"),
            ("ece", "ECE", ""),
        ],
    )
