"""Live explorers: sliders that redraw information measures instantly.

Each public function returns an :class:`Explorer`: one widget made of
controls, a matplotlib figure and a numeric readout. The figure is built
once; a control change only updates the data of the artists that move and
redraws them by blitting over a cached background (no new figure, no
layout pass). Every number shown comes from the compute modules.

They need only matplotlib and the core ipywidgets (no ipympl): the figure
is drawn in the kernel and shown as a PNG in an ``ipywidgets.Image``. Use
them in any notebook frontend, or headless in plain Python: setting
``explorer.controls[name].value`` updates the figure synchronously.
"""

from __future__ import annotations

import base64
import html
import io

import ipywidgets as widgets
import numpy as np

from . import plots
from .estimators import binned_mutual_information, ksg_mutual_information
from .gaussian import (
    gaussian_entropy,
    gaussian_mutual_information,
    kl_gaussian,
    kl_normal,
    normal_logpdf,
    normal_pdf,
)
from .language import toy_sentence_model
from .losses import binary_cross_entropy, cross_entropy_loss, softmax
from .measures import (
    binary_entropy,
    cross_entropy,
    distribution_perplexity,
    entropy,
    kl_divergence,
    perplexity,
    pointwise_kl,
    surprise,
)

__all__ = [
    "Explorer",
    "surprise_explorer",
    "entropy_explorer",
    "cross_entropy_explorer",
    "kl_explorer",
    "vae_kl_explorer",
    "mutual_information_explorer",
    "perplexity_explorer",
]

_SLIDER_LAYOUT = {"width": "320px"}
_SLIDER_STYLE = {"description_width": "110px"}


def _float_slider(description, value, lo, hi, step, fmt=".2f"):
    return widgets.FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=True,
        layout=_SLIDER_LAYOUT,
        style=_SLIDER_STYLE,
    )


def _int_slider(description, value, lo, hi, step=1):
    return widgets.IntSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        continuous_update=True,
        layout=_SLIDER_LAYOUT,
        style=_SLIDER_STYLE,
    )


def _toggle(description, options, value=None):
    return widgets.ToggleButtons(
        options=options,
        value=value if value is not None else options[0],
        description=description,
        style={"description_width": "110px", "button_width": "80px"},
    )


class Explorer:
    """One live widget: controls, a picture of a matplotlib figure and a numeric readout.

    Rendering needs only the core ipywidgets, so it works wherever they do
    (JupyterLab, Notebook, Voilà, VS Code, Colab, JupyterLite): the figure
    lives on a plain Agg canvas in the kernel, and after every change the
    explorer sends the new picture as a PNG to an ``ipywidgets.Image``.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        Built once by the explorer function (:func:`plots.new_figure`), with
        fixed axis limits.
    controls : dict[str, ipywidgets.Widget]
        Named controls; a change of any ``value`` triggers an update.
    update : callable
        ``update(values) -> dict[str, float]``: reads the control values,
        moves the dynamic artists, returns the readout numbers.
    dynamic : list of Artist
        The artists ``update`` changes; they are blitted over a cached
        background of everything else.
    readout_spec : list of (key, label, unit)
        How the readout line shows each number (unit may be "").
    full_redraw : set of str
        Controls whose change alters the static part (labels, limits), so
        a full redraw is needed instead of a blit.
    controls_box : ipywidgets.Widget, optional
        A custom arrangement of the controls (default: a wrapping row).

    Attributes
    ----------
    controls, figure : as above.
    widget : ipywidgets.VBox
        What is displayed: controls, the picture, the readout line.
    """

    #: CSS classes of the displayed widget and of its picture (for styling and browser tests).
    CSS_CLASS = "infotheory-explorer"
    FIGURE_CSS_CLASS = "infotheory-explorer-figure"

    def __init__(self, figure, controls, *, update, dynamic, readout_spec, full_redraw=(), controls_box=None):
        self.figure = figure
        self.controls = dict(controls)
        self._update = update
        self._dynamic = list(dynamic)
        self._spec = list(readout_spec)
        self._full_redraw = set(full_redraw)
        self._values = {}
        self._background = None
        self._displayed = False
        width, _ = figure.canvas.get_width_height()
        # Shown at its pixel size, and scaled down (never up) in a narrower page.
        self._view = widgets.Image(
            format="png", layout={"width": "100%", "max_width": f"{width}px", "height": "auto"}
        )
        self._view.add_class(self.FIGURE_CSS_CLASS)
        for artist in self._dynamic:
            artist.set_animated(True)
        self._draw_cid = figure.canvas.mpl_connect("draw_event", self._on_draw)
        self._readout_html = widgets.HTML(layout={"margin": "0 0 0 8px"})
        box = controls_box or widgets.HBox(list(self.controls.values()), layout={"flex_flow": "row wrap"})
        self.widget = widgets.VBox([box, self._view, self._readout_html])
        self.widget.add_class(self.CSS_CLASS)
        for name, control in self.controls.items():
            control.observe(self._on_change, names="value")
            control._explorer_name = name
        self._settle_layout()
        self.refresh(full=True)

    # -- the protocol -------------------------------------------------------
    def readout(self) -> dict[str, float]:
        """The numbers the explorer currently shows."""
        return {k: float(v) for k, v in self._values.items()}

    def refresh(self, *, full=False):
        """Recompute from the current control values and redraw."""
        values = {name: c.value for name, c in self.controls.items()}
        self._values = self._update(values)
        self._readout_html.value = self._format_readout()
        self._redraw(full=full)

    def close(self):
        """Close every widget of the explorer and release its figure.

        ipywidgets keeps each widget alive until it is closed, so an
        explorer whose cell is re-run stays in memory; call ``close()`` on
        one you no longer need (e.g. in a long classroom session).
        """
        self.figure.canvas.mpl_disconnect(self._draw_cid)
        stack = [self.widget]
        while stack:
            widget = stack.pop()
            stack.extend(getattr(widget, "children", ()))
            widget.close()
        for control in self.controls.values():
            control.close()
        self._background = None

    # -- internals ----------------------------------------------------------
    def _settle_layout(self, max_draws=6):
        """Run constrained layout until it stops moving, then freeze it.

        It converges over a few draws (tick labels are measured after the
        first); frozen, every later full redraw has the geometry of the
        background cached for blitting.
        """
        figure = self.figure
        for _ in range(max_draws):
            before = [ax.get_position().bounds for ax in figure.axes]
            figure.canvas.draw()
            if before == [ax.get_position().bounds for ax in figure.axes]:
                break
        figure.set_layout_engine("none")

    def _on_change(self, change):
        # A widget callback's exception would only reach the kernel's log: the learner
        # would see a frozen plot. Say what happened where they are looking instead.
        try:
            self.refresh(full=getattr(change["owner"], "_explorer_name", None) in self._full_redraw)
        except Exception as exc:  # every error must reach the learner
            self._readout_html.value = self._format_error(exc)

    @staticmethod
    def _format_error(exc) -> str:
        text = html.escape(f"{type(exc).__name__}: {exc}")
        return (
            '<div style="font-size:15px; color:#B00020"><b>⚠ This explorer hit an error</b> '
            f"(the plot still shows the last good state): {text}</div>"
        )

    def _on_draw(self, event):
        canvas = self.figure.canvas
        if canvas.is_saving():  # a savefig drew everything: the cache is stale
            self._background = None
            return
        self._background = canvas.copy_from_bbox(self.figure.bbox)
        self._draw_dynamic()

    def _draw_dynamic(self):
        for artist in self._dynamic:
            self.figure.draw_artist(artist)

    def _redraw(self, *, full):
        canvas = self.figure.canvas
        if full or self._background is None:
            canvas.draw()  # the draw_event handler caches the background
        else:
            canvas.restore_region(self._background)
            self._draw_dynamic()
            canvas.blit(self.figure.bbox)
        if self._displayed:  # headless use (tests, scripts) skips the encoding
            self._view.value = self._png()

    def _png(self) -> bytes:
        """The canvas as it is now, as a PNG (no redraw: blits stay cheap).

        RGB (the figure is opaque) at zlib level 1: about 10 ms for a
        950 x 390 figure, a third of matplotlib's default encoding time, for
        files a few per cent larger.
        """
        from PIL import Image

        if self._background is None:
            self.figure.canvas.draw()
        rgba = np.asarray(self.figure.canvas.buffer_rgba())
        height, width, _ = rgba.shape
        image = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1).convert("RGB")
        buf = io.BytesIO()
        image.save(buf, format="png", compress_level=1)
        return buf.getvalue()

    def _format_readout(self) -> str:
        parts = []
        for key, label, unit in self._spec:
            text = plots.format_value(self._values[key])
            parts.append(f"<b>{label}</b> = {text}{(' ' + unit) if unit else ''}")
        return '<div style="font-size:15px">' + " &nbsp;·&nbsp; ".join(parts) + "</div>"

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, plus a PNG of the current state for static viewers."""
        self._displayed = True
        png = self._png()
        self._view.value = png
        # The widget view, written out rather than asked of the widget: ipywidgets 8
        # has _repr_mimebundle_, 7 (still in Colab) only _ipython_display_; both
        # display exactly this.
        widget_view = {"version_major": 2, "version_minor": 0, "model_id": self.widget.model_id}
        return {
            "application/vnd.jupyter.widget-view+json": widget_view,
            "image/png": base64.b64encode(png).decode("ascii"),
            "text/plain": f"<{type(self).__name__}: "
            + ", ".join(f"{k}={plots.format_value(v)}" for k, v in self._values.items())
            + ">",
        }


# ---------------------------------------------------------------------------
# 1. Surprise
# ---------------------------------------------------------------------------

_P_MIN = 0.001


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
        "p": _float_slider("probability p", p, _P_MIN, 1.0, 0.001, ".3f"),
        "unit": _toggle("unit", ["bits", "nats"], unit),
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
        "coin_p": _float_slider("coin P(heads)", coin_p, 0.0, 1.0, 0.01),
        "loaded_face": _int_slider("loaded face", loaded_face, 1, _FACES),
        "weight": _float_slider("its probability", weight, 0.0, 1.0, 0.01),
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
        "z1": _float_slider("logit z₁", logits[0], *_LOGIT_RANGE, 0.1, ".1f"),
        "z2": _float_slider("logit z₂", logits[1], *_LOGIT_RANGE, 0.1, ".1f"),
        "z3": _float_slider("logit z₃", logits[2], *_LOGIT_RANGE, 0.1, ".1f"),
        "temperature": _float_slider("temperature T", temperature, 0.2, 5.0, 0.05),
        "true_class": _int_slider("true class", true_class, 1, 3),
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


def _weights_box(controls, names, title, color):
    header = widgets.HTML(f'<b style="color:{color}; font-size:14px">{title}</b>')
    return widgets.VBox([header, *[controls[n] for n in names]])


def _keep_some_weight(controls, names):
    """A distribution needs some weight: a slider may not take the last of it."""

    def guard(change):
        if sum(controls[n].value for n in names) == 0:
            change["owner"].value = change["old"]

    for n in names:
        controls[n].observe(guard, names="value")


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
            controls[name] = _float_slider(f"weight of x{i + 1}", weights[i], 0.0, 1.0, 0.01)
    _keep_some_weight(controls, p_names)
    _keep_some_weight(controls, q_names)
    box = widgets.HBox(
        [
            _weights_box(controls, p_names, "p (data)", plots.P_COLOR),
            _weights_box(controls, q_names, "q (model)", plots.Q_COLOR),
        ]
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
        "mu_p": _float_slider("mean of p", 0.0, -3.0, 3.0, 0.1, ".1f"),
        "sigma_p": _float_slider("std of p", 1.0, *_SIGMA_RANGE, 0.05),
        "mu_q": _float_slider("mean of q", 1.0, -3.0, 3.0, 0.1, ".1f"),
        "sigma_q": _float_slider("std of q", 1.5, *_SIGMA_RANGE, 0.05),
    }
    box = widgets.HBox(
        [
            _weights_box(controls, ["mu_p", "sigma_p"], "p (data)", plots.P_COLOR),
            _weights_box(controls, ["mu_q", "sigma_q"], "q (model)", plots.Q_COLOR),
        ]
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
        "mu": _float_slider("μ (mean)", mu, *_MU_RANGE, 0.05),
        "log_var": _float_slider("log σ² (log-var)", log_var, *_LOG_VAR_RANGE, 0.05),
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
        "rho": _float_slider("correlation ρ", rho, -_RHO_MAX, _RHO_MAX, 0.01),
        "n": _int_slider("samples n", n, 50, _N_MAX, 50),
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


def perplexity_explorer(temperature=1.0, position=2):
    r"""Perplexity of a model on a text vs the entropy of one of its predictions.

    A toy word-level model (:func:`infotheory_lib.language.toy_sentence_model`)
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
        "temperature": _float_slider("temperature T", temperature, 0.1, 5.0, 0.05),
        "position": _int_slider("show step", position, 1, n_tokens),
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
