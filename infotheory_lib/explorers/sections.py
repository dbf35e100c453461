"""The article's seven explorers, one per section (``kl_explorer`` has two modes).

Each function returns an :class:`~infotheory_lib.explorers.Explorer`: one
widget made of controls, a matplotlib figure and a numeric readout. They
need only matplotlib and the core ipywidgets (no ipympl): the figure is
drawn in the kernel and shown as a PNG in an ``ipywidgets.Image``. Use them
in any notebook frontend, or headless in plain Python: setting
``explorer.controls[name].value`` updates the figure synchronously.

Each factory is registered (:func:`~infotheory_lib.explorers.register`)
with the notebook that shows it, the controls to sweep, and its readout
recomputed from the control values by calling the compute modules directly.
"""

from __future__ import annotations

import numpy as np

from .. import plots
from ..estimators import binned_mutual_information, ksg_mutual_information
from ..gaussian import (
    gaussian_entropy,
    gaussian_mutual_information,
    kl_gaussian,
    kl_normal,
    normal_logpdf,
    normal_pdf,
)
from ..losses import binary_cross_entropy, cross_entropy_loss, softmax
from ..measures import (
    binary_entropy,
    cross_entropy,
    distribution_perplexity,
    entropy,
    kl_divergence,
    perplexity,
    pointwise_kl,
    surprise,
)
from ._core import Explorer, float_slider, int_slider, register, row, titled_column, toggle

__all__ = [
    "surprise_explorer",
    "entropy_explorer",
    "cross_entropy_explorer",
    "kl_explorer",
    "vae_kl_explorer",
    "mutual_information_explorer",
    "perplexity_explorer",
    "toy_sentence_model",
]


# ---------------------------------------------------------------------------
# 1. Surprise
# ---------------------------------------------------------------------------

_P_MIN = 0.001


def _expect_surprise(v):
    return {"p": v["p"], "surprise_bits": surprise(v["p"]), "surprise_nats": surprise(v["p"], base=np.e)}


@register(
    "surprise",
    notebook="01_information_content.ipynb",
    sweep={"p": (_P_MIN, 1.0)},
    expected_readout=_expect_surprise,
)
def surprise_explorer(p=0.5, unit="bits"):
    r"""Surprise :math:`-\log p` of an event: drag its probability.

    Controls: ``p`` (0.001–1) and ``unit`` (bits / nats). The curve is
    :math:`-\log_b p`; the point and its readout follow ``p``.
    """
    fig, (ax,) = plots.new_figure(1, width=8.0, height=3.8)
    grid = np.linspace(_P_MIN, 1.0, 400)
    curve = plots.draw_curve(ax, grid, surprise(grid), color=plots.P_COLOR, label=r"$-\log p$")
    marker = plots.draw_marker(ax, p, surprise(p))
    guides = plots.draw_guides(ax, p, surprise(p))
    label = plots.draw_text(ax, 0.97, 0.95, ha="right")
    controls = {
        "p": float_slider("probability p", p, _P_MIN, 1.0, 0.001, ".3f"),
        "unit": toggle("unit", ["bits", "nats"], unit),
    }

    def style(unit):
        base = 2 if unit == "bits" else np.e
        curve.set_ydata(surprise(grid, base=base))
        top = surprise(_P_MIN, base=base)
        plots.style_axes(
            ax,
            title="Surprise of an event with probability p",
            xlabel="probability p",
            ylabel=f"surprise  −log p  ({unit})",
            xlim=(0, 1.02),
            ylim=(0, top * 1.05),
        )
        return base

    def update(v):
        base = style(v["unit"])
        s = surprise(v["p"], base=base)
        marker.set_data([v["p"]], [s])
        plots.set_guides(guides, v["p"], s)
        bits, nats = surprise(v["p"]), surprise(v["p"], base=np.e)
        label.set_text(f"p = {v['p']:.3f}\n−log p = {bits:.3f} bits = {nats:.3f} nats")
        return {"p": v["p"], "surprise_bits": bits, "surprise_nats": nats}

    style(unit)  # labels and limits before the layout is settled
    return Explorer(
        fig,
        controls,
        update=update,
        dynamic=[marker, *guides, label],
        readout_spec=[
            ("p", "p", ""),
            ("surprise_bits", "surprise", "bits"),
            ("surprise_nats", "surprise", "nats"),
        ],
        full_redraw={"unit"},
    )


# ---------------------------------------------------------------------------
# 2. Entropy: a coin and a loaded die
# ---------------------------------------------------------------------------

_FACES = 6


def _loaded_die(face, weight):
    """Face ``face`` (1-based) has probability ``weight``; the others share the rest."""
    probs = np.full(_FACES, (1.0 - weight) / (_FACES - 1))
    probs[face - 1] = weight
    return probs


def _expect_entropy(v):
    die = np.full(_FACES, (1.0 - v["weight"]) / (_FACES - 1))
    die[v["loaded_face"] - 1] = v["weight"]
    return {
        "coin_p": v["coin_p"],
        "coin_entropy": binary_entropy(v["coin_p"]),
        "die_entropy": entropy(die),
        "max_entropy": entropy(np.full(_FACES, 1 / _FACES)),
    }


@register(
    "entropy",
    notebook="02_entropy.ipynb",
    sweep={"weight": (0.0, 1.0), "coin_p": (0.0, 1.0)},
    expected_readout=_expect_entropy,
)
def entropy_explorer(coin_p=0.5, loaded_face=3, weight=0.5):
    r"""Entropy of a coin and of a loaded die, side by side.

    Controls: ``coin_p`` (P(heads), 0–1), ``loaded_face`` (1–6) and
    ``weight`` (its probability, 0–1; the other faces share the rest).
    Left: the binary entropy curve :math:`H_b(p)` with the coin marked.
    Right: the die's distribution, its entropy, and the maximum
    :math:`\log_2 6` reached by the fair die.
    """
    fig, (ax_coin, ax_die) = plots.new_figure(2, width=9.5, height=3.8)
    grid = np.linspace(0.0, 1.0, 401)
    plots.draw_curve(ax_coin, grid, binary_entropy(grid), color=plots.P_COLOR)
    coin_marker = plots.draw_marker(ax_coin, coin_p, binary_entropy(coin_p))
    coin_guides = plots.draw_guides(ax_coin, coin_p, binary_entropy(coin_p))
    coin_text = plots.draw_text(ax_coin, 0.5, 0.12, ha="center", va="bottom")
    plots.style_axes(
        ax_coin,
        title="A coin: binary entropy",
        xlabel="P(heads)",
        ylabel="entropy H (bits)",
        xlim=(0, 1),
        ylim=(0, 1.15),
    )

    h_max = float(np.log2(_FACES))
    die_bars = plots.draw_bars(
        ax_die, _loaded_die(loaded_face, weight), labels=[str(i) for i in range(1, _FACES + 1)]
    )
    plots.draw_text(ax_die, 0.03, 0.97, f"fair die: H = log₂ 6 = {h_max:.3f} bits", color=plots.NEUTRAL_COLOR)
    die_text = plots.draw_text(ax_die, 0.03, 0.84)
    plots.style_axes(ax_die, title="A loaded die", xlabel="face", ylabel="probability", ylim=(0, 1.05))
    controls = {
        "coin_p": float_slider("coin P(heads)", coin_p, 0.0, 1.0, 0.01),
        "loaded_face": int_slider("loaded face", loaded_face, 1, _FACES),
        "weight": float_slider("its probability", weight, 0.0, 1.0, 0.01),
    }

    def update(v):
        h_coin = binary_entropy(v["coin_p"])
        coin_marker.set_data([v["coin_p"]], [h_coin])
        plots.set_guides(coin_guides, v["coin_p"], h_coin)
        coin_text.set_text(f"P(heads) = {v['coin_p']:.2f}:  H = {h_coin:.3f} bits")
        probs = _loaded_die(v["loaded_face"], v["weight"])
        h_die = entropy(probs)
        plots.set_bar_heights(die_bars, probs)
        plots.set_bar_colors(
            die_bars,
            [plots.HIGHLIGHT_COLOR if i == v["loaded_face"] - 1 else plots.P_COLOR for i in range(_FACES)],
        )
        die_text.set_text(f"this die: H = {h_die:.3f} bits")
        return {"coin_p": v["coin_p"], "coin_entropy": h_coin, "die_entropy": h_die, "max_entropy": h_max}

    return Explorer(
        fig,
        controls,
        update=update,
        dynamic=[coin_marker, *coin_guides, coin_text, *die_bars, die_text],
        readout_spec=[
            ("coin_entropy", "H(coin)", "bits"),
            ("die_entropy", "H(die)", "bits"),
            ("max_entropy", "max log₂ 6", "bits"),
        ],
    )


# ---------------------------------------------------------------------------
# 3. Cross-entropy as the classification loss
# ---------------------------------------------------------------------------

_CLASSES = ["class 1", "class 2", "class 3"]
_LOGIT_RANGE = (-5.0, 5.0)


def _expect_cross_entropy(v):
    z = np.array([v["z1"], v["z2"], v["z3"]])
    k = v["true_class"] - 1
    return {
        "prob_true": softmax(z, temperature=v["temperature"])[k],
        "loss_nats": cross_entropy_loss(z / v["temperature"], k),
        "loss_bits": cross_entropy_loss(z / v["temperature"], k, base=2),
    }


@register(
    "cross_entropy",
    notebook="03_cross_entropy.ipynb",
    sweep={"z1": _LOGIT_RANGE, "z3": _LOGIT_RANGE},
    expected_readout=_expect_cross_entropy,
)
def cross_entropy_explorer(logits=(0.5, 1.0, 3.0), true_class=3, temperature=1.0):
    r"""Cross-entropy loss of a 3-class softmax prediction.

    Controls: three logits ``z1..z3`` (−5…5), ``temperature`` (0.2–5) and
    ``true_class`` (1–3). Left: the softmax prediction with the true class
    highlighted and the loss :math:`-\ln \hat y_{true}` in nats. Right: the
    binary cross-entropy curves :math:`-\ln \hat y` (label 1) and
    :math:`-\ln(1-\hat y)` (label 0) with the true class's probability marked.
    """
    fig, (ax_pred, ax_bce) = plots.new_figure(2, width=9.5, height=3.8)
    probs0 = softmax(np.asarray(logits, float) / temperature)
    bars = plots.draw_bars(ax_pred, probs0, labels=_CLASSES)
    pred_text = plots.draw_text(ax_pred, 0.03, 0.97)
    plots.style_axes(ax_pred, title="Prediction ŷ = softmax(z / T)", ylabel="probability", ylim=(0, 1.05))

    grid = np.linspace(0.001, 0.999, 400)
    # black and green: orange is the model's prediction on the left, pink the true class
    plots.draw_curve(
        ax_bce,
        grid,
        binary_cross_entropy(np.ones_like(grid), grid, reduction="none"),
        color="black",
        label="true label 1:  −ln ŷ",
    )
    plots.draw_curve(
        ax_bce,
        grid,
        binary_cross_entropy(np.zeros_like(grid), grid, reduction="none"),
        color=plots.ACCENT_COLOR,
        label="true label 0:  −ln(1 − ŷ)",
    )
    bce_marker = plots.draw_marker(ax_bce, 0.5, np.log(2), color=plots.HIGHLIGHT_COLOR)
    ax_bce.legend(loc="upper center")
    plots.style_axes(
        ax_bce,
        title="Binary cross-entropy",
        xlabel="predicted probability ŷ of label 1",
        ylabel="loss (nats)",
        xlim=(0, 1),
        ylim=(0, 7.0),
    )
    controls = {
        "z1": float_slider("logit z₁", logits[0], *_LOGIT_RANGE, 0.1, ".1f"),
        "z2": float_slider("logit z₂", logits[1], *_LOGIT_RANGE, 0.1, ".1f"),
        "z3": float_slider("logit z₃", logits[2], *_LOGIT_RANGE, 0.1, ".1f"),
        "temperature": float_slider("temperature T", temperature, 0.2, 5.0, 0.05),
        "true_class": int_slider("true class", true_class, 1, 3),
    }

    def update(v):
        z = np.array([v["z1"], v["z2"], v["z3"]])
        k = v["true_class"] - 1
        probs = softmax(z, temperature=v["temperature"])
        loss = cross_entropy_loss(z / v["temperature"], k)
        plots.set_bar_heights(bars, probs)
        plots.set_bar_colors(bars, [plots.HIGHLIGHT_COLOR if i == k else plots.Q_COLOR for i in range(3)])
        # significant digits: the loss gets tiny but never reaches 0 for finite logits
        shown = f"{probs[k]:.3f}" if probs[k] < 0.999 else f"{probs[k]:.6g}"  # near 1, digits matter
        pred_text.set_text(f"ŷ(true) = {shown}\nloss = −ln ŷ(true) = {plots.format_value(loss)} nats")
        bce_marker.set_data([probs[k]], [min(loss, 6.9)])
        return {"prob_true": probs[k], "loss_nats": loss, "loss_bits": loss / np.log(2)}

    return Explorer(
        fig,
        controls,
        update=update,
        dynamic=[*bars, pred_text, bce_marker],
        readout_spec=[
            ("prob_true", "ŷ(true class)", ""),
            ("loss_nats", "cross-entropy loss", "nats"),
            ("loss_bits", "in bits", "bits"),
        ],
    )


# ---------------------------------------------------------------------------
# 4. KL divergence: asymmetry and H(p, q) = H(p) + KL(p || q)
# ---------------------------------------------------------------------------

_OUTCOMES = 4
_KL_CAP = 4.0  # bits shown on the axes; larger values (and ∞) are drawn at the cap


def _keep_some_weight(controls, names):
    """A distribution needs some weight: a slider may not take the last of it."""

    def guard(change):
        if sum(controls[n].value for n in names) == 0:
            change["owner"].value = change["old"]

    for n in names:
        controls[n].observe(guard, names="value")


def _expect_kl_categorical(v):
    wp = [v[f"p{i}"] for i in range(1, _OUTCOMES + 1)]
    wq = [v[f"q{i}"] for i in range(1, _OUTCOMES + 1)]
    return {
        "entropy_p": entropy(wp, normalize=True),
        "cross_entropy": cross_entropy(wp, wq, normalize=True),
        "kl_pq": kl_divergence(wp, wq, normalize=True),
        "kl_qp": kl_divergence(wq, wp, normalize=True),
    }


def _expect_kl_gaussian(v):
    return {
        "kl_pq": kl_normal(v["mu_p"], v["sigma_p"], v["mu_q"], v["sigma_q"]),
        "kl_qp": kl_normal(v["mu_q"], v["sigma_q"], v["mu_p"], v["sigma_p"]),
        "entropy_p": gaussian_entropy(v["sigma_p"]),
        "entropy_q": gaussian_entropy(v["sigma_q"]),
    }


@register(
    "kl",
    notebook="04_kl_divergence.ipynb",
    sweep={"q1": (0.0, 1.0), "p1": (0.05, 0.95)},
    expected_readout=_expect_kl_categorical,
)
@register(
    "kl_gaussian",
    notebook="04_kl_divergence.ipynb",
    kwargs={"mode": "gaussian"},
    sweep={"mu_q": (-3.0, 3.0), "sigma_q": (0.5, 3.0)},
    expected_readout=_expect_kl_gaussian,
)
def kl_explorer(mode="categorical", p=(0.25, 0.25, 0.25, 0.25), q=(0.9, 0.03, 0.04, 0.03)):
    r"""KL divergence in both directions, and cross-entropy = entropy + KL.

    ``mode="categorical"``: weights for ``p`` (``p1..p4``) and ``q``
    (``q1..q4``), each normalized to a distribution. Panels: p and q as bars;
    the pointwise contributions :math:`p_i \log_2(p_i/q_i)` (their sum is
    KL(p‖q)); and the stacked bar :math:`H(p, q) = H(p) + D_{KL}(p\|q)` beside
    :math:`D_{KL}(q\|p)`. A zero in q where p > 0 makes KL(p‖q) infinite,
    shown as ∞.

    ``mode="gaussian"``: ``mu_p, sigma_p, mu_q, sigma_q`` sliders; the two
    densities, the integrand :math:`p(x)\ln(p(x)/q(x))` and both KLs (nats).
    """
    if mode == "categorical":
        return _kl_categorical(np.asarray(p, float), np.asarray(q, float))
    if mode == "gaussian":
        return _kl_gaussian_mode()
    raise ValueError(f"mode must be 'categorical' or 'gaussian', got {mode!r}")


def _kl_categorical(p0, q0):
    fig, (ax_dist, ax_terms, ax_sum) = plots.new_figure(3, width=9.5, height=3.9)
    labels = [f"x{i + 1}" for i in range(_OUTCOMES)]
    p_bars = plots.draw_bars(ax_dist, p0, width=0.4, offset=-0.2, color=plots.P_COLOR, label="p")
    q_bars = plots.draw_bars(ax_dist, q0, width=0.4, offset=0.2, color=plots.Q_COLOR, label="q")
    ax_dist.set_xticks(np.arange(_OUTCOMES), labels)
    ax_dist.legend(loc="upper right")
    plots.style_axes(ax_dist, title="p (data) and q (model)", ylabel="probability", ylim=(0, 1.05))

    term_bars = plots.draw_bars(ax_terms, np.zeros(_OUTCOMES), labels=labels, color=plots.P_COLOR)
    ax_terms.axhline(0, color="black", lw=0.8)
    term_text = plots.draw_text(ax_terms, 0.03, 0.97)
    # headroom above the capped (e.g. infinite) bars keeps the caption clear of them
    plots.style_axes(ax_terms, title="Contributions p·log₂(p/q)", ylabel="bits", ylim=(-1.0, _KL_CAP + 1.0))

    low, high = plots.draw_stacked_bar(
        ax_sum, 0, 1.0, 0.5, colors=(plots.P_COLOR, plots.ACCENT_COLOR), labels=("H(p)", "$D_{KL}$(p‖q)")
    )
    reverse = ax_sum.bar([1], [0.5], width=0.6, color=plots.Q_COLOR, label="$D_{KL}$(q‖p)")[0]
    sum_texts = [plots.draw_text(ax_sum, x, 0.0, ha="center", va="bottom", transform="data") for x in (0, 1)]
    ax_sum.set_xticks([0, 1], ["H(p,q) =\nH(p) + $D_{KL}$(p‖q)", "$D_{KL}$(q‖p)"])
    ax_sum.legend(loc="upper right", fontsize=10)
    plots.style_axes(
        ax_sum, title="Cross-entropy and both KLs", ylabel="bits", xlim=(-0.6, 1.6), ylim=(0, _KL_CAP + 2.5)
    )

    p_names = [f"p{i + 1}" for i in range(_OUTCOMES)]
    q_names = [f"q{i + 1}" for i in range(_OUTCOMES)]
    controls = {}
    for names, weights in ((p_names, p0), (q_names, q0)):
        for i, name in enumerate(names):
            controls[name] = float_slider(f"weight of x{i + 1}", weights[i], 0.0, 1.0, 0.01)
    _keep_some_weight(controls, p_names)
    _keep_some_weight(controls, q_names)
    box = row(
        [
            titled_column(controls, p_names, "p (data)", plots.P_COLOR),
            titled_column(controls, q_names, "q (model)", plots.Q_COLOR),
        ],
        wrap=False,
    )

    def update(v):
        p = np.array([v[n] for n in p_names])
        q = np.array([v[n] for n in q_names])
        p, q = p / p.sum(), q / q.sum()
        h_p = entropy(p)
        kl_pq, kl_qp = kl_divergence(p, q), kl_divergence(q, p)
        h_pq = cross_entropy(p, q)
        plots.set_bar_heights(p_bars, p)
        plots.set_bar_heights(q_bars, q)
        contributions = pointwise_kl(p, q)
        plots.set_bar_heights(term_bars, np.minimum(contributions, _KL_CAP * 0.98))
        plots.set_bar_colors(
            term_bars, [plots.Q_COLOR if np.isinf(c) else plots.P_COLOR for c in contributions]
        )
        term_text.set_text(f"sum = $D_{{KL}}$(p‖q) = {plots.format_value(kl_pq)} bits")
        top = _KL_CAP + 2.3  # bars taller than the axes (or infinite) stop here
        plots.set_stacked_bar(low, high, h_p, min(kl_pq, top - h_p))
        reverse.set_height(min(kl_qp, top))
        for text, height, label in (
            (sum_texts[0], h_pq, plots.format_value(h_pq, 2)),
            (sum_texts[1], kl_qp, plots.format_value(kl_qp, 2)),
        ):
            text.set_y(min(height, top - 0.4) + 0.05)
            text.set_text(label)
        return {"entropy_p": h_p, "cross_entropy": h_pq, "kl_pq": kl_pq, "kl_qp": kl_qp}

    return Explorer(
        fig,
        controls,
        update=update,
        dynamic=[*p_bars, *q_bars, *term_bars, term_text, low, high, reverse, *sum_texts],
        readout_spec=[
            ("kl_pq", "D<sub>KL</sub>(p‖q)", "bits"),
            ("kl_qp", "D<sub>KL</sub>(q‖p)", "bits"),
            ("entropy_p", "H(p)", "bits"),
            ("cross_entropy", "H(p,q)", "bits"),
        ],
        controls_box=box,
    )


_X_GRID = np.linspace(-8.0, 8.0, 600)
_SIGMA_RANGE = (0.5, 3.0)


def _kl_gaussian_mode():
    fig, (ax_dens, ax_int, ax_kl) = plots.new_figure(3, width=9.5, height=3.9)
    p_line, p_fill = plots.draw_density(ax_dens, _X_GRID, normal_pdf(_X_GRID), color=plots.P_COLOR, label="p")
    q_line, q_fill = plots.draw_density(ax_dens, _X_GRID, normal_pdf(_X_GRID), color=plots.Q_COLOR, label="q")
    ax_dens.legend(loc="upper right")
    plots.style_axes(
        ax_dens, title="Densities p and q", xlabel="x", ylabel="density", xlim=(-8, 8), ylim=(0, 0.85)
    )
    int_line, int_fill = plots.draw_density(ax_int, _X_GRID, np.zeros_like(_X_GRID), color=plots.ACCENT_COLOR)
    ax_int.axhline(0, color="black", lw=0.8)
    int_text = plots.draw_text(ax_int, 0.03, 0.97)
    plots.style_axes(
        ax_int,
        title="Integrand p(x)·ln(p(x)/q(x))",
        xlabel="x",
        ylabel="nats per unit x",
        xlim=(-8, 8),
        ylim=(-0.3, 0.9),
    )
    cap = 3.0
    kl_bars = ax_kl.bar([0, 1], [0, 0], width=0.6, color=[plots.ACCENT_COLOR, plots.Q_COLOR])
    kl_texts = [plots.draw_text(ax_kl, x, 0.0, ha="center", va="bottom", transform="data") for x in (0, 1)]
    ax_kl.set_xticks([0, 1], ["$D_{KL}$(p‖q)", "$D_{KL}$(q‖p)"])
    plots.style_axes(ax_kl, title="Both directions", ylabel="nats", xlim=(-0.6, 1.6), ylim=(0, cap + 0.8))
    controls = {
        "mu_p": float_slider("mean of p", 0.0, -3.0, 3.0, 0.1, ".1f"),
        "sigma_p": float_slider("std of p", 1.0, *_SIGMA_RANGE, 0.05),
        "mu_q": float_slider("mean of q", 1.0, -3.0, 3.0, 0.1, ".1f"),
        "sigma_q": float_slider("std of q", 1.5, *_SIGMA_RANGE, 0.05),
    }
    box = row(
        [
            titled_column(controls, ["mu_p", "sigma_p"], "p (data)", plots.P_COLOR),
            titled_column(controls, ["mu_q", "sigma_q"], "q (model)", plots.Q_COLOR),
        ],
        wrap=False,
    )

    def update(v):
        log_p = normal_logpdf(_X_GRID, v["mu_p"], v["sigma_p"])
        log_q = normal_logpdf(_X_GRID, v["mu_q"], v["sigma_q"])
        dens_p = normal_pdf(_X_GRID, v["mu_p"], v["sigma_p"])
        dens_q = normal_pdf(_X_GRID, v["mu_q"], v["sigma_q"])
        integrand = dens_p * (log_p - log_q)
        curves = ((p_line, p_fill, dens_p), (q_line, q_fill, dens_q), (int_line, int_fill, integrand))
        for line, fill, y in curves:
            line.set_ydata(y)
            plots.set_fill(fill, _X_GRID, y)
        kl_pq = kl_normal(v["mu_p"], v["sigma_p"], v["mu_q"], v["sigma_q"])
        kl_qp = kl_normal(v["mu_q"], v["sigma_q"], v["mu_p"], v["sigma_p"])
        int_text.set_text(f"area = $D_{{KL}}$(p‖q) = {kl_pq:.3f} nats")
        for bar, text, value in zip(kl_bars, kl_texts, (kl_pq, kl_qp), strict=True):
            bar.set_height(min(value, cap + 0.4))
            text.set_y(min(value, cap) + 0.05)
            text.set_text(f"{value:.3f}")
        return {
            "kl_pq": kl_pq,
            "kl_qp": kl_qp,
            "entropy_p": gaussian_entropy(v["sigma_p"]),
            "entropy_q": gaussian_entropy(v["sigma_q"]),
        }

    return Explorer(
        fig,
        controls,
        update=update,
        dynamic=[p_line, p_fill, q_line, q_fill, int_line, int_fill, int_text, *kl_bars, *kl_texts],
        readout_spec=[
            ("kl_pq", "D<sub>KL</sub>(p‖q)", "nats"),
            ("kl_qp", "D<sub>KL</sub>(q‖p)", "nats"),
            ("entropy_p", "h(p)", "nats"),
            ("entropy_q", "h(q)", "nats"),
        ],
        controls_box=box,
    )


# ---------------------------------------------------------------------------
# 5. The VAE KL term
# ---------------------------------------------------------------------------

_MU_RANGE = (-3.0, 3.0)
_LOG_VAR_RANGE = (-3.0, 3.0)


def _expect_vae_kl(v):
    return {
        "mu": v["mu"],
        "sigma": np.exp(v["log_var"] / 2),
        "kl_nats": kl_gaussian([v["mu"]], [v["log_var"]]),
    }


@register(
    "vae_kl",
    notebook="04_kl_divergence.ipynb",
    sweep={"mu": _MU_RANGE, "log_var": _LOG_VAR_RANGE},
    expected_readout=_expect_vae_kl,
)
def vae_kl_explorer(mu=0.5, log_var=-0.5):
    r"""The VAE term :math:`D_{KL}(\mathcal N(\mu, \sigma^2) \,\|\, \mathcal N(0, 1))`.

    Controls: ``mu`` (−3…3) and ``log_var`` = :math:`\log\sigma^2` (−3…3).
    Left: the encoder's Gaussian q(z|x) against the prior p(z) = N(0, 1).
    Right: the KL term over the whole (μ, log σ²) plane, with the current
    point marked; it is 0 only at μ = 0, log σ² = 0.
    """
    from matplotlib.colors import PowerNorm

    fig, (ax_dens, ax_map) = plots.new_figure(2, width=9.5, height=3.9)
    plots.draw_density(
        ax_dens, _X_GRID, normal_pdf(_X_GRID), color=plots.P_COLOR, label="prior p(z) = N(0, 1)"
    )
    q_line, q_fill = plots.draw_density(
        ax_dens, _X_GRID, normal_pdf(_X_GRID), color=plots.Q_COLOR, label="encoder q(z|x) = N(μ, σ²)"
    )
    ax_dens.legend(loc="upper left", fontsize=10)
    dens_text = plots.draw_text(ax_dens, 0.97, 0.75, ha="right")
    plots.style_axes(
        ax_dens,
        title="Encoder distribution vs prior",
        xlabel="latent z",
        ylabel="density",
        xlim=(-6, 6),
        ylim=(0, 1.9),
    )
    mus = np.linspace(*_MU_RANGE, 121)
    log_vars = np.linspace(*_LOG_VAR_RANGE, 121)
    kl_map = kl_gaussian(mus[None, :, None], log_vars[:, None, None])
    image = ax_map.imshow(
        kl_map,
        origin="lower",
        aspect="auto",
        cmap="viridis",
        extent=(*_MU_RANGE, *_LOG_VAR_RANGE),
        norm=PowerNorm(0.4, vmin=0, vmax=kl_map.max()),
    )
    contours = ax_map.contour(
        mus, log_vars, kl_map, levels=[0.1, 0.5, 1, 2, 5, 10], colors="white", linewidths=0.8
    )
    ax_map.clabel(contours, fontsize=9, fmt="%g")
    fig.colorbar(image, ax=ax_map, label="$D_{KL}$ (nats)")
    ax_map.grid(False)
    map_marker = plots.draw_marker(ax_map, mu, log_var, color=plots.Q_COLOR)
    plots.style_axes(ax_map, title="$D_{KL}$ term over (μ, log σ²)", xlabel="μ", ylabel="log σ²")
    controls = {
        "mu": float_slider("μ (mean)", mu, *_MU_RANGE, 0.05),
        "log_var": float_slider("log σ² (log-var)", log_var, *_LOG_VAR_RANGE, 0.05),
    }

    def update(v):
        sigma = np.exp(0.5 * v["log_var"])
        dens = normal_pdf(_X_GRID, v["mu"], sigma)
        q_line.set_ydata(dens)
        plots.set_fill(q_fill, _X_GRID, dens)
        kl = kl_gaussian([v["mu"]], [v["log_var"]])
        map_marker.set_data([v["mu"]], [v["log_var"]])
        dens_text.set_text(f"μ = {v['mu']:.2f}, σ = {sigma:.2f}\n$D_{{KL}}$ = {kl:.4f} nats")
        return {"mu": v["mu"], "sigma": sigma, "kl_nats": kl}

    return Explorer(
        fig,
        controls,
        update=update,
        dynamic=[q_line, q_fill, dens_text, map_marker],
        readout_spec=[("sigma", "σ", ""), ("kl_nats", "D<sub>KL</sub>(q ‖ N(0,1))", "nats")],
    )


# ---------------------------------------------------------------------------
# 6. Mutual information of correlated Gaussians: exact vs estimated
# ---------------------------------------------------------------------------

_N_MAX = 2000
_RHO_MAX = 0.99


def _expect_mutual_information(v):
    """The readout for the default ``seed=0``: the same fixed draws, then the estimators."""
    base_x, noise = np.random.default_rng(0).standard_normal((2, _N_MAX))
    rho, n = v["rho"], v["n"]
    x = base_x[:n]
    y = rho * x + np.sqrt(1 - rho**2) * noise[:n]
    return {
        "rho": rho,
        "exact_bits": gaussian_mutual_information(rho, base=2),
        "binned_bits": binned_mutual_information(x, y, bins=12, value_range=(-4, 4)),
        "ksg_bits": ksg_mutual_information(x, y, k=3),
    }


@register(
    "mutual_information",
    notebook="05_mutual_information.ipynb",
    sweep={"rho": (-_RHO_MAX, _RHO_MAX)},
    expected_readout=_expect_mutual_information,
)
def mutual_information_explorer(rho=0.6, n=500, seed=0):
    r"""Mutual information of a bivariate Gaussian: exact and estimated.

    Controls: correlation ``rho`` (−0.99…0.99) and sample size ``n``
    (50–2000). Left: the samples. Right: the exact
    :math:`I = -\tfrac12 \log_2(1 - \rho^2)` as a curve, with the plug-in
    (binned, 12×12) and KSG (k = 3) estimates from the current samples.
    The binned estimate is biased upwards at small ``n``.
    """
    rng = np.random.default_rng(seed)
    base_x, noise = rng.standard_normal((2, _N_MAX))  # fixed draws: moving ρ morphs one sample

    def samples(r, size):
        return base_x[:size], r * base_x[:size] + np.sqrt(1 - r * r) * noise[:size]

    fig, (ax_sc, ax_mi) = plots.new_figure(2, width=9.5, height=4.0)
    x0, y0 = samples(rho, n)
    scatter = plots.draw_scatter(ax_sc, x0, y0)
    sc_text = plots.draw_text(ax_sc, 0.03, 0.97)
    ax_sc.set_aspect("equal")
    plots.style_axes(ax_sc, title="Samples (X, Y)", xlabel="X", ylabel="Y", xlim=(-4, 4), ylim=(-4, 4))
    rhos = np.linspace(-_RHO_MAX, _RHO_MAX, 397)
    plots.draw_curve(
        ax_mi,
        rhos,
        gaussian_mutual_information(rhos, base=2),
        color=plots.NEUTRAL_COLOR,
        label="exact  −½ log₂(1 − ρ²)",
    )
    binned_marker = plots.draw_marker(
        ax_mi, rho, 0, color=plots.Q_COLOR, label="plug-in (12×12 bins)", size=9
    )
    ksg_marker = plots.draw_marker(ax_mi, rho, 0, color=plots.ACCENT_COLOR, label="KSG (k = 3)", size=9)
    # the exact value as a ring on top, so estimates at the same height do not hide it
    exact_marker = plots.draw_marker(ax_mi, rho, 0, color="black", label="exact", size=13)
    exact_marker.set_markerfacecolor("none")
    exact_marker.set_markeredgewidth(2)
    ax_mi.legend(loc="upper center", fontsize=10)
    plots.style_axes(
        ax_mi,
        title="Mutual information",
        xlabel="correlation ρ",
        ylabel="I(X; Y) (bits)",
        xlim=(-1, 1),
        ylim=(0, 3.6),
    )
    controls = {
        "rho": float_slider("correlation ρ", rho, -_RHO_MAX, _RHO_MAX, 0.01),
        "n": int_slider("samples n", n, 50, _N_MAX, 50),
    }

    def update(v):
        x, y = samples(v["rho"], v["n"])
        scatter.set_offsets(np.column_stack([x, y]))
        exact = gaussian_mutual_information(v["rho"], base=2)
        binned = binned_mutual_information(x, y, bins=12, value_range=(-4, 4))
        ksg = ksg_mutual_information(x, y, k=3)
        for marker, value in ((exact_marker, exact), (binned_marker, binned), (ksg_marker, ksg)):
            marker.set_data([v["rho"]], [min(value, 3.5)])
        sc_text.set_text(f"n = {v['n']},  ρ = {v['rho']:.2f}")
        return {"rho": v["rho"], "exact_bits": exact, "binned_bits": binned, "ksg_bits": ksg}

    return Explorer(
        fig,
        controls,
        update=update,
        dynamic=[scatter, sc_text, binned_marker, ksg_marker, exact_marker],
        readout_spec=[
            ("exact_bits", "exact I", "bits"),
            ("binned_bits", "plug-in", "bits"),
            ("ksg_bits", "KSG", "bits"),
        ],
    )


# ---------------------------------------------------------------------------
# 7. Perplexity of a small language model
# ---------------------------------------------------------------------------


_TOY_VOCAB = ("the", "a", "cat", "dog", "sat", "ran", "on", "mat", "sofa", ".")
# Hand-set next-token logits after each prefix of "the cat sat on the mat ."
# (unlisted words get -1): plausible continuations score high, so the model
# is good but not certain, like a small real language model.
_TOY_STEPS = (
    ("the", {"the": 3.0, "a": 2.2, "cat": 0.5, "dog": 0.5}),
    ("cat", {"cat": 2.5, "dog": 2.3, "mat": 1.2, "sofa": 0.8}),
    ("sat", {"sat": 2.0, "ran": 2.3, "on": 0.5, ".": 0.5}),
    ("on", {"on": 3.0, ".": 1.2, "the": 0.3}),
    ("the", {"the": 3.0, "a": 2.4}),
    ("mat", {"mat": 2.0, "sofa": 2.3, "cat": 0.8, "dog": 0.8}),
    (".", {".": 3.5, "on": 0.6}),
)


def toy_sentence_model():
    """A small fixed word-level language model scored on the sentence "the cat sat on the mat .".

    Returns
    -------
    tokens : list of str
        The observed sentence, one token per step.
    vocab : list of str
        The model's vocabulary.
    logits : ndarray, shape (len(tokens), len(vocab))
        Next-token logits at each step, given the tokens before it.
    observed : ndarray of int
        Index in ``vocab`` of each observed token.
    """
    vocab = list(_TOY_VOCAB)
    tokens = [token for token, _ in _TOY_STEPS]
    logits = np.full((len(_TOY_STEPS), len(vocab)), -1.0)
    for step, (_, scores) in enumerate(_TOY_STEPS):
        for word, score in scores.items():
            logits[step, vocab.index(word)] = score
    observed = np.array([vocab.index(t) for t in tokens])
    return tokens, vocab, logits, observed


def _expect_perplexity(v):
    tokens, _, logits, observed = toy_sentence_model()
    token_probs = softmax(logits, temperature=v["temperature"])[np.arange(len(tokens)), observed]
    step_probs = softmax(logits[v["position"] - 1], temperature=v["temperature"])
    return {
        "temperature": v["temperature"],
        "perplexity": perplexity(token_probs),
        "mean_surprisal_bits": np.mean(surprise(token_probs)),
        "step_choices": 2 ** entropy(step_probs),
    }


@register(
    "perplexity",
    notebook="06_perplexity.ipynb",
    sweep={"temperature": (0.1, 5.0)},
    expected_readout=_expect_perplexity,
)
def perplexity_explorer(temperature=1.0, position=2):
    r"""Perplexity of a model on a text vs the entropy of one of its predictions.

    A toy word-level model (:func:`toy_sentence_model`)
    gives next-token logits at each position of a fixed sentence. Controls:
    ``temperature`` (0.1–5) rescales the logits; ``position`` selects the
    step whose next-token distribution is shown.

    Left: the surprisal :math:`-\log_2 q(x_t \mid x_{<t})` of each observed
    token; their mean :math:`\bar s` gives the model's perplexity on this
    text, :math:`\mathrm{PP} = 2^{\bar s}`. Right: the distribution at the
    chosen step with two reference heights: :math:`1/\mathrm{PP}` (the text
    as a whole) and :math:`1/2^{H(q_t)}` (this prediction's own effective
    number of choices, which ignores which token actually came).
    """
    tokens, vocab, logits, observed = toy_sentence_model()
    n_tokens = len(tokens)
    cap = 12.0
    fig, (ax_s, ax_d) = plots.new_figure(2, width=9.5, height=4.0)
    s_bars = plots.draw_bars(ax_s, np.zeros(n_tokens), labels=tokens)
    mean_line = ax_s.axhline(0, color=plots.ACCENT_COLOR, lw=2, ls="--", label="mean surprisal")
    s_text = plots.draw_text(ax_s, 0.03, 0.97)
    ax_s.legend(loc="upper right", fontsize=10)
    plots.style_axes(
        ax_s,
        title="Surprisal of each observed token",
        xlabel="observed token",
        ylabel="−log₂ q(token | prefix)  (bits)",
        ylim=(0, cap),
    )
    d_bars = plots.draw_bars(ax_d, np.zeros(len(vocab)), labels=vocab, color=plots.Q_COLOR)
    ax_d.tick_params(axis="x", labelrotation=45)
    text_line = ax_d.axhline(0, color=plots.ACCENT_COLOR, lw=2, ls="--", label="1 / perplexity of the text")
    step_line = ax_d.axhline(0, color="black", lw=1.8, ls=":", label="1 / 2^H of this prediction")
    # headroom above the tallest possible bar (1.0) keeps the legend off the bars
    ax_d.legend(loc="upper right", fontsize=10)
    plots.style_axes(ax_d, ylabel="probability", ylim=(0, 1.32))
    ax_d.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    d_title = ax_d.set_title("")
    controls = {
        "temperature": float_slider("temperature T", temperature, 0.1, 5.0, 0.05),
        "position": int_slider("show step", position, 1, n_tokens),
    }

    def update(v):
        probs = softmax(logits, temperature=v["temperature"])  # (steps, vocab)
        token_probs = probs[np.arange(n_tokens), observed]
        surprisal = surprise(token_probs)
        pp = perplexity(token_probs)
        plots.set_bar_heights(s_bars, np.minimum(surprisal, cap * 0.98))
        plots.set_bar_colors(
            s_bars,
            [plots.HIGHLIGHT_COLOR if i == v["position"] - 1 else plots.P_COLOR for i in range(n_tokens)],
        )
        mean_line.set_ydata([surprisal.mean()] * 2)
        s_text.set_text(f"T = {v['temperature']:.2f}:  perplexity = {pp:.2f}")
        step = v["position"] - 1
        choices = distribution_perplexity(probs[step])
        plots.set_bar_heights(d_bars, probs[step])
        plots.set_bar_colors(
            d_bars,
            [plots.HIGHLIGHT_COLOR if j == observed[step] else plots.Q_COLOR for j in range(len(vocab))],
        )
        text_line.set_ydata([1 / pp] * 2)
        step_line.set_ydata([1 / choices] * 2)
        shown = tokens[max(0, step - 3) : step]  # the last three tokens keep the title short
        prefix = ("… " if step > 3 else "") + " ".join(shown) if shown else "(start)"
        d_title.set_text(f"Next-token distribution after “{prefix}”")
        return {
            "temperature": v["temperature"],
            "perplexity": pp,
            "mean_surprisal_bits": float(surprisal.mean()),
            "step_choices": choices,
        }

    return Explorer(
        fig,
        controls,
        update=update,
        dynamic=[*s_bars, mean_line, s_text, *d_bars, text_line, step_line, d_title],
        readout_spec=[
            ("mean_surprisal_bits", "mean surprisal", "bits/token"),
            ("perplexity", "perplexity of the text", ""),
            ("step_choices", "2^H of this prediction", "choices"),
        ],
    )
