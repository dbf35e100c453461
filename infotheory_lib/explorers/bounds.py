r"""Fano explorer (notebook 14): the smallest error rate a given H(Y|X) allows.

Two sliders, :math:`H(Y \mid X)` in bits and the number of classes
:math:`K`. The plane (H(Y|X), error rate) shows Fano's floor
:math:`H_b(P_e) + P_e \log_2(K - 1) = H(Y \mid X)`, the impossible region
under it, the band :math:`H(Y \mid X) > \log_2 K` that no label can reach,
and the minimal error at the slider's :math:`H`. The notebook passes its
own classifiers' errors on digits (shown when :math:`K = 10`). Every number
comes from :mod:`infotheory_lib.bounds`.
"""

from __future__ import annotations

import math

import numpy as np

from .. import plots
from ..bounds import fano_error_lower_bound, fano_weak_bound
from ._core import Explorer, float_slider, int_slider, register

__all__ = ["fano_explorer"]

_K_RANGE = (2, 16)
_H_RANGE = (0.0, 4.0)  # log2 16
_MARKERS = "osD^v"
_COLORS = (plots.P_COLOR, plots.ACCENT_COLOR, plots.HIGHLIGHT_COLOR, plots.NEUTRAL_COLOR)


def _numbers(h, k):
    log_k = math.log2(k)
    reachable = min(h, log_k)  # beyond log2 K the readout shows the floor at log2 K and says so
    return {
        "h": h,
        "log_k": log_k,
        "min_error": float(fano_error_lower_bound(reachable, k)),
        "weak_bound": float(fano_weak_bound(reachable, k)),
    }


def _expect_fano(values):
    return _numbers(values["conditional_entropy"], values["n_classes"])


@register(
    "fano",
    notebook="14_data_processing_and_fano.ipynb",
    sweep={"conditional_entropy": _H_RANGE, "n_classes": _K_RANGE},
    expected_readout=_expect_fano,
)
def fano_explorer(conditional_entropy=1.0, n_classes=10, *, points=None, points_n_classes=10):
    r"""Fano's inequality: the error floor :math:`P_e^{\min}(H(Y \mid X), K)`.

    Controls: ``conditional_entropy`` :math:`H(Y \mid X)` (0–4 bits) and
    ``n_classes`` :math:`K` (2–16). ``points``: optional mapping
    ``name -> (h, error)`` of arrays, real classifiers' error rates at
    their (estimated) :math:`H(Y \mid Z)`, drawn when ``n_classes`` equals
    ``points_n_classes``. A value :math:`H > \log_2 K` is impossible for
    :math:`K` classes: the marker stays at the end of the curve and the
    title says so.
    """
    fig, (ax,) = plots.new_figure(1, width=9.5, height=5.0)
    region = plots.draw_fano_region(ax, n_classes, h_right=_H_RANGE[1])
    scatter = []
    for (name, (h, err)), color, marker in zip((points or {}).items(), _COLORS, _MARKERS, strict=False):
        (pts,) = ax.plot(
            h, err, marker, color=color, ms=7, ls="none", label=f"{name} (K = {points_n_classes})"
        )
        scatter.append(pts)
    weak = plots.draw_curve(ax, [0.0], [0.0], color=plots.NEUTRAL_COLOR, lw=1.5, ls="--")
    weak.set_label("weak form (H(Y|X) − 1) / log₂ K")
    guides = plots.draw_guides(ax, 0.0, 0.0, color=plots.Q_COLOR)
    marker = plots.draw_marker(ax, 0.0, 0.0, color=plots.Q_COLOR, label="smallest possible error")
    marker.set_clip_on(False)
    fig.legend(loc="outside lower center", ncols=3, fontsize=9)
    plots.style_axes(ax, xlabel="H(Y | X)  (bits)", ylabel="error rate Pₑ", xlim=_H_RANGE, ylim=(0, 1))
    title = ax.set_title(
        "H(Y|X) = 0.00 bits > log₂ 16 = 4.00: impossible for 16 classes\n"
        "at most H = log₂ 16, where any classifier errs at least 00.0 %"
    )
    controls = {
        "conditional_entropy": float_slider("H(Y|X) bits", conditional_entropy, *_H_RANGE, 0.01),
        "n_classes": int_slider("classes K", n_classes, *_K_RANGE),
    }

    def update(v):
        h, k = v["conditional_entropy"], v["n_classes"]
        numbers = _numbers(h, k)
        plots.set_fano_region(region, k)
        shown = min(h, numbers["log_k"])
        marker.set_data([shown], [numbers["min_error"]])
        plots.set_guides(guides, shown, numbers["min_error"])
        grid = np.linspace(0.0, numbers["log_k"], 50)
        weak.set_data(grid, fano_weak_bound(grid, k))
        for pts in scatter:
            pts.set_visible(k == points_n_classes)
        floor = 100 * numbers["min_error"]
        if h > numbers["log_k"] * (1 + 1e-12):
            # no label has that much doubt: say so, and give the floor at the largest possible H
            head = f"H(Y|X) = {h:.2f} bits > log₂ {k} = {numbers['log_k']:.2f}: impossible for {k} classes"
            tail = f"at most H = log₂ {k}, where any classifier errs at least {floor:.1f} %"
        else:
            head = f"H(Y|X) = {h:.2f} bits, K = {k}"
            tail = f"any classifier errs at least {floor:.1f} %"
        title.set_text(f"{head}\n{tail}")
        return numbers

    return Explorer(
        fig,
        controls,
        update=update,
        dynamic=[
            region["impossible"],
            region["beyond"],
            region["curve"],
            region["log_k"],
            weak,
            *scatter,
            *guides,
            marker,
            title,
        ],
        readout_spec=[
            ("h", "H(Y|X)", "bits"),
            ("log_k", "log₂ K", "bits"),
            ("min_error", "smallest error", ""),
            ("weak_bound", "weak form", ""),
        ],
    )
