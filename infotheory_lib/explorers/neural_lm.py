r"""Explorers of notebook 12: bits per character, byte and token; the next character at a sampling temperature.

``token_units_explorer``: a character language model gives the held-out
text a total code length :math:`B = -\sum_i \log_2 q(x_i \mid \dots)` bits.
A slider picks how many byte-pair-encoding merges the tokenizer has learned;
the text is cut into :math:`N_{\mathrm{tokens}}` tokens and the same
:math:`B` is divided by them. Bits per token and the per-token perplexity
:math:`2^{B / N_{\mathrm{tokens}}} = 2^{(N_{\mathrm{chars}} / N_{\mathrm{tokens}})\,\mathrm{bpc}}`
climb with the vocabulary, while bits per character and per byte stay put.
Every number comes from :mod:`infotheory_lib.tokenizers`.

``next_char_explorer``: a temperature slider over the model's next-character
distribution after a prompt, :math:`q_T \propto q^{1/T}`, its entropy in
bits (:func:`infotheory_lib.measures.entropy`) and a line sampled at
:math:`T`.

Text (tokens, a sampled line) is shown as HTML under the readout, not drawn
in the figure: matplotlib re-renders every glyph of a long text on each update.
"""

from __future__ import annotations

import functools
import html

import numpy as np

from .. import plots
from ..language import load_corpus, train_test_split_text
from ..losses import softmax
from ..measures import entropy
from ..tokenizers import bits_per_unit_curves, bpe_encode, train_bpe
from ._core import Explorer, float_slider, int_slider, register

__all__ = ["token_units_explorer", "next_char_explorer"]

_MAX_MERGES = 2000
_SAMPLE_CHARS = 150  # about: the sample ends at the first space after this many characters


class _HtmlExplorer(Explorer):
    """An :class:`Explorer` whose readout shows counts as whole numbers and, below it, the tokens of a sample.

    The tokens are HTML (a box per token) rather than text in the figure:
    matplotlib re-renders every glyph of a long text on each update (about
    60 ms for 150 characters here), a browser does it for free.
    """

    _COUNTS = ("n_merges", "n_tokens")

    def __init__(self, *args, tokens_html, **kwargs):
        self._tokens_html = tokens_html
        super().__init__(*args, **kwargs)

    def _readout_parts(self, spec):
        parts = super()._readout_parts(spec)
        for i, (key, label, _unit) in enumerate(spec):
            if key in self._COUNTS:
                value = int(self._values[key])
                parts[i] = f'<span style="white-space:nowrap"><b>{label}</b> = {value}</span>'
        return parts

    def _format_readout(self):
        return super()._format_readout() + self._tokens_html()

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = bundle["text/plain"].replace(f"<{type(self).__name__}", "<Explorer", 1)
        return bundle


_TOKEN_COLORS = ("#dcebf7", "#fbe3d3")  # light P and Q colours, alternating


def tokens_html(tokens, caption=""):
    """HTML of ``tokens``: one light box per token (colours alternate), ``␣`` a space, ``↵`` a new line."""
    boxes = []
    for i, token in enumerate(tokens):
        shown = html.escape(token.replace(" ", "\u2423").replace("\n", "\u21b5"))
        boxes.append(
            f'<span style="background:{_TOKEN_COLORS[i % 2]};padding:1px 0;margin-right:1px;'
            f'border-radius:2px">{shown}</span>'
        )
    return (
        f'<div style="font-size:14px;margin-top:4px">{html.escape(caption)}</div>'
        '<div style="font-family:monospace;font-size:14px;line-height:1.8;white-space:normal;'
        f'word-break:break-all">{"".join(boxes)}</div>'
    )


def _sample_of(text):
    """The start of ``text``, cut at a space after about ``_SAMPLE_CHARS`` characters."""
    cut = text.find(" ", _SAMPLE_CHARS)
    return text if cut < 0 else text[:cut]


@functools.lru_cache(maxsize=1)
def _default_setup():
    """The default model and tokenizer: the 5-gram model of notebook 6 and 2000 BPE merges, both on the training text.

    Cheap (about 3 s, once per session); the notebook passes its neural model instead.
    """
    train, test = train_test_split_text(load_corpus())
    return _prepare(_default_char_model(), tuple(train_bpe(train, _MAX_MERGES)), test)


def _prepare(model, merges, text):
    if not callable(getattr(model, "token_probs", None)):
        raise TypeError(
            f"model must be a fitted character model with token_probs(text), got {type(model).__name__}"
        )
    if not isinstance(text, str) or not text:
        raise TypeError("text must be a non-empty str")
    total_bits = float(-np.log2(model.token_probs(text)).sum())
    merges = list(merges)
    return {
        "merges": merges,
        "text": text,
        "sample": _sample_of(text),
        "curves": bits_per_unit_curves(text, merges, total_bits),
    }


def _expect_units(values):
    """The readout recomputed by encoding the held-out text with the first ``n_merges`` merges."""
    setup = _default_setup()
    m, text = values["n_merges"], setup["text"]
    n_tokens = len(bpe_encode(text, setup["merges"][:m]))
    total = setup["curves"]["total_bits"]
    return {
        "n_merges": m,
        "n_tokens": n_tokens,
        "chars_per_token": len(text) / n_tokens,
        "bits_per_token": total / n_tokens,
        "token_perplexity": 2.0 ** (total / n_tokens),
        "bits_per_byte": total / len(text.encode("utf-8")),
    }


@register(
    "token_units",
    notebook="12_neural_language_model.ipynb",
    sweep={"n_merges": (0, _MAX_MERGES)},
    expected_readout=_expect_units,
)
def token_units_explorer(n_merges=250, *, model=None, merges=None, text=None):
    r"""One code length divided by characters, bytes or BPE tokens: a slider over the tokenizer's merges.

    Control: ``n_merges`` :math:`m` (0 up to ``len(merges)``), the number of
    byte-pair-encoding merges used. Left:
    bits per token against :math:`m`, with bits per character and per byte
    (flat). Right: perplexity per token (log scale) against :math:`m`, with
    the per-character and per-byte perplexities. The current :math:`m` is
    marked on both. Below the readout: the start of the held-out text cut
    into tokens (one box per token, ``␣`` a space, ``↵`` a new line).

    Parameters
    ----------
    n_merges : int, default 250
    model : fitted character model, optional
        Anything with ``token_probs(text)`` (:class:`~infotheory_lib.models.NeuralCharModel`,
        :class:`~infotheory_lib.language.CharNGramModel`). Default: the 5-gram
        model of notebook 6 on the corpus' training text (built once per session).
    merges : list of (str, str), optional
        From :func:`~infotheory_lib.tokenizers.train_bpe`; default: 2000 merges
        learned on the training text. Give ``model``, ``merges`` and ``text``
        together, or none of them.
    text : str, optional
        The held-out text; default: the corpus' held-out text.
    """
    given = [arg is not None for arg in (model, merges, text)]
    if any(given) and not all(given):
        raise TypeError("give model, merges and text together, or none of them")
    setup = _default_setup() if model is None else _prepare(model, merges, text)
    curves, sample, all_merges = setup["curves"], setup["sample"], setup["merges"]
    top = len(all_merges)
    if not 0 <= n_merges <= top:
        raise ValueError(f"n_merges must be between 0 and {top}, got {n_merges}")

    fig, (ax_bits, ax_ppl) = plots.new_figure(2, width=12.0, height=4.4)

    plots.draw_bits_per_unit(ax_bits, curves)
    bits_top = float(curves["bits_per_token"][-1])
    plots.style_axes(
        ax_bits,
        title="Same total bits, divided by…",
        xlabel="BPE merges m",
        ylabel="bits per unit",
        xlim=(0, top),
        ylim=(0, 1.12 * bits_top),
    )
    plots.draw_unit_perplexity(ax_ppl, curves)
    ppl_lo = min(curves["byte_perplexity"], curves["char_perplexity"])
    plots.style_axes(
        ax_ppl,
        title="Perplexity per unit (log scale)",
        xlabel="BPE merges m",
        ylabel="perplexity",
        xlim=(0, top),
        ylim=(ppl_lo / 1.5, 2.0 * float(curves["token_perplexity"][-1])),
    )
    ax_bits.legend(loc="upper left", fontsize=10)
    ax_ppl.legend(loc="upper left", fontsize=10)
    marks, guides = [], []
    for ax, key in ((ax_bits, "bits_per_token"), (ax_ppl, "token_perplexity")):
        marks.append(
            plots.draw_marker(ax, n_merges, float(curves[key][n_merges]), color=plots.Q_COLOR, size=9)
        )
        marks[-1].set_clip_on(False)
        guides.append(ax.axvline(n_merges, color=plots.Q_COLOR, lw=1.0, ls=":"))

    controls = {"n_merges": int_slider("BPE merges", n_merges, 0, top)}
    state = {"tokens": []}

    def sample_html():
        caption = (
            f"The start of the held-out text ({len(sample)} characters) in {len(state['tokens'])} tokens:"
        )
        return tokens_html(state["tokens"], caption)

    def update(v):
        m = int(v["n_merges"])
        n_tokens = int(curves["n_tokens"][m])
        for mark, guide, key in zip(marks, guides, ("bits_per_token", "token_perplexity"), strict=True):
            mark.set_data([m], [float(curves[key][m])])
            guide.set_xdata([m, m])
        state["tokens"] = bpe_encode(sample, all_merges[:m])
        return {
            "n_merges": m,
            "n_tokens": n_tokens,
            "chars_per_token": float(curves["chars_per_token"][m]),
            "bits_per_token": float(curves["bits_per_token"][m]),
            "token_perplexity": float(curves["token_perplexity"][m]),
            "bits_per_byte": float(curves["bits_per_byte"]),
        }

    return _HtmlExplorer(
        fig,
        controls,
        update=update,
        dynamic=[*guides, *marks],
        tokens_html=sample_html,
        readout_spec=[
            ("n_merges", "merges", ""),
            ("n_tokens", "held-out tokens", ""),
            ("chars_per_token", "chars/token", ""),
            ("bits_per_token", "bits/token", ""),
            ("token_perplexity", "PPL/token", ""),
            ("bits_per_byte", "bits/byte", ""),
        ],
    )


# ---------------------------------------------------------------------------
# The next character at a temperature
# ---------------------------------------------------------------------------

_T_RANGE = (0.1, 3.0)
_N_TOP = 16  # characters shown one by one; the rest share one bar
_SAMPLE_LENGTH = 80
_PROMPT = "The value of "


@functools.lru_cache(maxsize=1)
def _default_char_model():
    """The default model: the 5-gram model of notebook 6 on the training text (about a second, once per session)."""
    from ..language import CharNGramModel

    train, _ = train_test_split_text(load_corpus())
    return CharNGramModel(5, k=0.01, backoff=True).fit(train)


def _at_temperature(probs, temperature):
    r""":math:`q_T \propto q^{1/T}`, i.e. ``softmax(log q / T)``: for a softmax model, its logits divided by T."""
    with np.errstate(divide="ignore"):
        return softmax(np.log(probs), temperature=temperature)


def _sample_at_temperature(model, length, temperature, *, prompt="", seed=0):
    r"""Text drawn from any character model one character at a time from :math:`q_T \propto q^{1/T}`.

    ``model`` has ``next_char_distribution(context) -> (alphabet, probs)``
    with :data:`~infotheory_lib.language.UNK` last; UNK is never drawn (the
    rest renormalised), as in ``NeuralCharModel.sample``. For a
    :class:`~infotheory_lib.models.NeuralCharModel` it draws from the same
    distributions as ``model.sample(..., temperature=T)``.
    """
    rng = np.random.default_rng(seed)
    text = prompt
    for u in rng.random(length):
        alphabet, probs = model.next_char_distribution(text)
        cdf = np.cumsum(_at_temperature(probs, temperature)[:-1])
        idx = min(int(np.searchsorted(cdf, u * cdf[-1], side="right")), len(alphabet) - 2)
        text += alphabet[idx]
    return text[len(prompt) :]


def _shown(char):
    return {" ": "␣", "\n": "↵"}.get(char, char)


def _expect_temperature(values):
    """The readout recomputed from the default model's distribution after the prompt."""
    _, probs = _default_char_model().next_char_distribution(_PROMPT)
    q = _at_temperature(probs, values["temperature"])
    return {
        "temperature": values["temperature"],
        "entropy": float(entropy(q)),
        "top_prob": float(q.max()),
        "perplexity": float(2.0 ** entropy(q)),
    }


@register(
    "next_char_temperature",
    notebook="12_neural_language_model.ipynb",
    sweep={"temperature": _T_RANGE},
    expected_readout=_expect_temperature,
)
def next_char_explorer(temperature=1.0, *, model=None, prompt=_PROMPT):
    r"""The next-character distribution after a prompt, at a sampling temperature, with a sampled line.

    Sampling at temperature :math:`T` draws from
    :math:`q_T(c) \propto q(c)^{1/T}` (a softmax model's logits divided by
    :math:`T`). Control: ``temperature`` (0.1–3). Left: the probabilities of
    the 16 likeliest next characters after ``prompt`` (at :math:`T = 1`),
    the rest in one bar, at :math:`T` (bars) and at 1 (ticks). Right: the
    entropy :math:`H(q_T)` in bits against :math:`T`, from 0 (always the top
    character) towards :math:`\log_2 V` (uniform). Under the readout: 80
    characters sampled after the prompt at :math:`T` (seed 0).

    Parameters
    ----------
    temperature : float, default 1.0
    model : fitted character model, optional
        Anything with ``next_char_distribution(context)`` and UNK last
        (:class:`~infotheory_lib.models.NeuralCharModel`,
        :class:`~infotheory_lib.language.CharNGramModel`). Default: the
        5-gram model of notebook 6 (built once per session).
    prompt : str, default "The value of "
    """
    model = _default_char_model() if model is None else model
    if not callable(getattr(model, "next_char_distribution", None)):
        raise TypeError(f"model must be a fitted character model, got {type(model).__name__}")
    if not isinstance(prompt, str):
        raise TypeError(f"prompt must be a str, got {type(prompt).__name__}")
    alphabet, probs = model.next_char_distribution(prompt)
    top = np.argsort(-probs, kind="stable")[:_N_TOP]
    rest = np.setdiff1d(np.arange(probs.size), top)
    labels = [_shown(alphabet[i]) for i in top] + ["other"]

    def grouped(q):
        return np.append(q[top], q[rest].sum())

    grid = np.linspace(*_T_RANGE, 146)
    curve = np.array([entropy(_at_temperature(probs, t)) for t in grid])
    fig, (ax_bar, ax_h) = plots.new_figure(2, width=12.0, height=4.2, width_ratios=[1.35, 1.0])
    bars = plots.draw_bars(
        ax_bar, grouped(_at_temperature(probs, temperature)), labels=labels, color=plots.Q_COLOR
    )
    at_one = grouped(probs)
    # drawn after the bars (dynamic, in this order), so a tall bar never hides its T = 1 tick
    (ticks,) = ax_bar.plot(np.arange(at_one.size), at_one, "_", color="black", ms=14, mew=2, label="at T = 1")
    ax_bar.legend(loc="upper right", fontsize=10)
    plots.style_axes(
        ax_bar,
        title=f"Next character after {prompt!r}",
        xlabel="character (␣ = space)",
        ylabel="probability at T",
        ylim=(0, 1.0),
    )
    plots.draw_curve(ax_h, grid, curve, color=plots.P_COLOR, label=r"$H(q_T)$")
    plots.draw_reference_line(
        ax_h, np.log2(probs.size), label=f"log₂ V = {np.log2(probs.size):.2f} (uniform)"
    )
    mark = plots.draw_marker(
        ax_h, temperature, float(entropy(_at_temperature(probs, temperature))), color=plots.Q_COLOR
    )
    mark.set_clip_on(False)
    ax_h.legend(loc="lower right", fontsize=10)
    plots.style_axes(
        ax_h,
        title="Entropy of the next character",
        xlabel="temperature T",
        ylabel="bits",
        xlim=_T_RANGE,
        ylim=(0, 1.08 * np.log2(probs.size)),
    )
    controls = {"temperature": float_slider("temperature T", temperature, *_T_RANGE, 0.05)}
    state = {"sample": ""}

    def update(v):
        t = v["temperature"]
        q = _at_temperature(probs, t)
        plots.set_bar_heights(bars, grouped(q))
        h = float(entropy(q))
        mark.set_data([t], [h])
        state["sample"] = _sample_at_temperature(model, _SAMPLE_LENGTH, t, prompt=prompt, seed=0)
        return {"temperature": t, "entropy": h, "top_prob": float(q.max()), "perplexity": float(2.0**h)}

    def sample_html():
        return (
            f'<div style="font-size:14px;margin-top:4px">Sampled at T (seed 0), after {html.escape(repr(prompt))}:</div>'
            '<div style="font-family:monospace;font-size:14px;white-space:pre-wrap;background:#f5f5f5;'
            f'padding:4px">{html.escape(state["sample"])}</div>'
        )

    return _HtmlExplorer(
        fig,
        controls,
        update=update,
        dynamic=[*bars, ticks, mark],
        tokens_html=sample_html,
        readout_spec=[
            ("temperature", "T", ""),
            ("entropy", "H(q<sub>T</sub>)", "bits"),
            ("perplexity", "2<sup>H</sup>", ""),
            ("top_prob", "top probability", ""),
        ],
    )
