r"""Compression explorer (notebook 11): what each character costs under an n-gram model of order n.

The character n-gram models (:class:`~infotheory_lib.language.CharNGramModel`,
add-k with k = 0.01 and back-off) are fitted on the training part of the
course corpus; a held-out sentence is coded with each. The slider picks the
order ``n``: the bars show each character's code length
:math:`-\log_2 q(x_t \mid c_t)` (:func:`~infotheory_lib.models.char_code_length_bits`),
the right panel the bits per character of the whole held-out text against
``n``, next to gzip, bz2 and lzma on the same text. Everything is computed
once at construction (about two seconds, cached for the default models); a
slider move only updates the bars, their colours and a marker.
"""

from __future__ import annotations

import functools
import gzip
from collections.abc import Mapping

import numpy as np

from .. import plots
from ..language import CharNGramModel, load_corpus, train_test_split_text
from ..models.arithmetic_coding import char_code_length_bits, code_length_bits, compression_table
from ._core import Explorer, int_slider, register

__all__ = ["compression_explorer", "COMPRESSION_SENTENCE"]

#: A sentence of the held-out part of the corpus (``train_test_split_text(load_corpus())[1]``).
COMPRESSION_SENTENCE = "Which approach is more appropriate depends on the application."
_ORDERS = (1, 2, 3, 4, 5, 6)
_K = 0.01


@functools.lru_cache(maxsize=1)
def _split():
    return train_test_split_text(load_corpus())


@functools.lru_cache(maxsize=1)
def _default_models():
    """The n-gram models n = 1 … 6 fitted on the training part (deterministic, about a second)."""
    train, _ = _split()
    return {n: CharNGramModel(n, k=_K, backoff=True).fit(train) for n in _ORDERS}


class _CountsExplorer(Explorer):
    """An :class:`Explorer` whose readout shows whole numbers (the order, a file's bytes) without decimals."""

    _COUNTS = ("n", "sentence_gzip_bytes")

    def _readout_parts(self, spec):
        parts = super()._readout_parts(spec)
        for i, (key, label, unit) in enumerate(spec):
            if key in self._COUNTS:
                text = f"{int(self._values[key])}" + ("\u00a0" + unit if unit else "")
                parts[i] = f'<span style="white-space:nowrap"><b>{label}</b> = {text}</span>'
        return parts

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = bundle["text/plain"].replace(f"<{type(self).__name__}", "<Explorer", 1)
        return bundle


def _compressors(text):
    """Bits per character of gzip, bz2 and lzma on ``text`` (from ``compression_table``: headers included)."""
    keep = ("gzip -9", "bz2 -9", "lzma -9")
    return {row["method"]: row["bits_per_char"] for row in compression_table(text) if row["method"] in keep}


def _prepare(models, sentence):
    """Everything the explorer shows, for every order: computed once."""
    _, test = _split()
    return {
        "orders": tuple(models),
        "costs": {n: char_code_length_bits(sentence, m) for n, m in models.items()},
        "heldout_bpc": {n: float(code_length_bits(test, m)) / len(test) for n, m in models.items()},
        "compressors": _compressors(test),
        "sentence_gzip_bytes": len(gzip.compress(sentence.encode("utf-8"), compresslevel=9, mtime=0)),
    }


@functools.lru_cache(maxsize=1)
def _default_data():
    return _prepare(_default_models(), COMPRESSION_SENTENCE)


def _check_models(models):
    if not isinstance(models, Mapping) or not models:
        raise TypeError("models must be a dict {n: fitted CharNGramModel}, e.g. {1: model_1, …, 6: model_6}")
    orders = sorted(models)
    if orders != list(range(orders[0], orders[0] + len(orders))) or not all(
        isinstance(n, int) and not isinstance(n, bool) for n in orders
    ):
        raise ValueError(f"models must be keyed by consecutive integer orders n, got {orders}")
    for n in orders:
        if not callable(getattr(models[n], "next_char_distribution", None)):
            raise TypeError(f"models[{n}] is not a fitted character model: {type(models[n]).__name__}")
    return {n: models[n] for n in orders}


def _expect_compression(values):
    """The readout recomputed from the models and the coding functions."""
    n = values["n"]
    model = _default_models()[n]
    costs = char_code_length_bits(COMPRESSION_SENTENCE, model)
    _, test = _split()
    return {
        "n": n,
        "sentence_bpc": float(np.mean(costs)),
        "sentence_bytes": float(np.sum(costs)) / 8.0,
        "sentence_gzip_bytes": float(len(gzip.compress(COMPRESSION_SENTENCE.encode(), 9, mtime=0))),
        "heldout_bpc": float(code_length_bits(test, model)) / len(test),
        "gzip_bpc": 8.0 * len(gzip.compress(test.encode(), 9, mtime=0)) / len(test),
    }


@register(
    "compression",
    notebook="11_compression.ipynb",
    sweep={"n": (1, 6)},
    expected_readout=_expect_compression,
)
def compression_explorer(n=3, *, models=None, sentence=COMPRESSION_SENTENCE):
    r"""The code length of every character of a held-out sentence under an n-gram model; the slider sets n.

    Left: one bar per character, its code length :math:`-\log_2 q(x_t \mid c_t)`
    in bits (colour: light = cheap, dark = expensive). Right: the bits per
    character of the whole held-out text (49,593 characters) for each
    ``n``, with gzip, bz2 and lzma on the same text as dotted lines, and
    the current ``n``.

    Parameters
    ----------
    n : int
        The starting order (the model sees the ``n - 1`` characters before
        each one).
    models : dict {int: fitted model}, optional
        Models keyed by consecutive orders (default: ``CharNGramModel(n,
        k=0.01, backoff=True)`` for n = 1 … 6 fitted on the training part
        of the corpus, cached); the notebook passes its own.
    sentence : str
        The text whose characters are drawn (default: a held-out sentence);
        at most 80 characters.
    """
    if not isinstance(sentence, str) or not 0 < len(sentence) <= 80:
        raise ValueError(f"sentence must be a str of 1 to 80 characters, got {sentence!r:.100}")
    if models is None and sentence == COMPRESSION_SENTENCE:
        data = _default_data()
    else:
        data = _prepare(_check_models(_default_models() if models is None else models), sentence)
    orders = data["orders"]
    if n not in orders:
        raise ValueError(f"n must be one of the orders {orders}, got {n!r}")
    vmax = float(np.ceil(max(float(np.max(c)) for c in data["costs"].values()) + 0.5))

    fig, (ax_chars, ax_orders) = plots.new_figure(2, width=12.5, height=4.0, width_ratios=[2.7, 1.0])
    bars = plots.draw_char_costs(ax_chars, sentence, data["costs"][n], vmax=vmax)
    plots.style_axes(ax_chars, ylabel="code length (bits)", ylim=(0, vmax))
    title = ax_chars.set_title("n = 0 (context 0 characters): 000.0 bits for 00 characters = 0.00 bits/char")

    held = [data["heldout_bpc"][o] for o in orders]
    plots.draw_curve(ax_orders, orders, held, color=plots.P_COLOR, marker="o", label="n-gram model")
    plots.draw_compressors(ax_orders, data["compressors"])
    current = plots.draw_marker(ax_orders, n, data["heldout_bpc"][n], color=plots.HIGHLIGHT_COLOR, size=12)
    current.set_label("current n")
    ax_orders.legend(loc="upper right", fontsize=9)
    plots.style_axes(
        ax_orders,
        title="Whole held-out text",
        xlabel="order n",
        ylabel="bits per character",
        xlim=(orders[0] - 0.3, orders[-1] + 0.3),
        ylim=(0, 1.1 * max(held) + 0.3),
    )
    ax_orders.set_xticks(list(orders))

    controls = {"n": int_slider("order n", n, orders[0], orders[-1])}

    def update(v):
        order = v["n"]
        costs = data["costs"][order]
        plots.set_char_costs(bars, costs, vmax=vmax)
        current.set_data([order], [data["heldout_bpc"][order]])
        total = float(np.sum(costs))
        title.set_text(
            f"n = {order} (context {order - 1} characters): {total:.1f} bits for {len(sentence)} characters"
            f" = {total / len(sentence):.2f} bits/char"
        )
        return {
            "n": order,
            "sentence_bpc": total / len(sentence),
            "sentence_bytes": total / 8.0,
            "sentence_gzip_bytes": float(data["sentence_gzip_bytes"]),
            "heldout_bpc": data["heldout_bpc"][order],
            "gzip_bpc": data["compressors"]["gzip -9"],
        }

    return _CountsExplorer(
        fig,
        controls,
        update=update,
        dynamic=[*bars, title, current],
        readout_spec=[
            ("n", "n", ""),
            ("sentence_bpc", "sentence", "bits/char"),
            ("sentence_bytes", "ideal code", "bytes"),
            ("sentence_gzip_bytes", "gzip of the sentence", "bytes"),
            ("heldout_bpc", "held-out text", "bits/char"),
            ("gzip_bpc", "gzip on it", "bits/char"),
        ],
    )
