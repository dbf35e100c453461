r"""Bits per character, byte and token explorer (notebook 12): one model, one code length, many tokenizers.

A character language model gives the held-out text a total code length
:math:`B = -\sum_i \log_2 q(x_i \mid \dots)` bits. A slider picks how many
byte-pair-encoding merges the tokenizer has learned; the text is cut into
:math:`N_{\mathrm{tokens}}` tokens and the same :math:`B` is divided by them.
Bits per token and the per-token perplexity
:math:`2^{B / N_{\mathrm{tokens}}} = 2^{(N_{\mathrm{chars}} / N_{\mathrm{tokens}})\,\mathrm{bpc}}`
climb with the vocabulary, while bits per character and per byte stay put.
Every number comes from :mod:`infotheory_lib.tokenizers`.
"""

from __future__ import annotations

import functools
import html

import numpy as np

from .. import plots
from ..language import load_corpus, train_test_split_text
from ..tokenizers import bits_per_unit_curves, bpe_encode, train_bpe
from ._core import Explorer, int_slider, register

__all__ = ["token_units_explorer"]

_MAX_MERGES = 2000
_SAMPLE_CHARS = 150  # about: the sample ends at the first space after this many characters


class _UnitsExplorer(Explorer):
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
    from ..language import CharNGramModel

    train, test = train_test_split_text(load_corpus())
    model = CharNGramModel(5, k=0.01, backoff=True).fit(train)
    return _prepare(model, tuple(train_bpe(train, _MAX_MERGES)), test)


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

    return _UnitsExplorer(
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
