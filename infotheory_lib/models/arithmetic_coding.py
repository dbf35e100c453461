r"""Arithmetic coding driven by a character language model: entropy as file size.

An arithmetic coder turns a model's predictions into real bytes. Each
character :math:`x_t` narrows an interval of :math:`[0, 1)` to the
sub-interval the model gives it, of width :math:`q(x_t \mid c_t)`; after the
whole text the interval has width :math:`\prod_t q(x_t \mid c_t)` and a
binary fraction inside it needs about

.. math::

    L = -\sum_{t=1}^{N} \log_2 q(x_t \mid c_t) = N \cdot H(\hat p, q) \ \text{bits}

(:math:`H(\hat p, q)` the model's cross-entropy in bits per character on the
text): *a better language model is a better compressor*.

The coder
---------
The classic integer coder of Witten, Neal and Cleary (1987) with 64-bit
``low``/``high`` registers and "pending bits" for intervals that straddle
the middle, written with Python integers (exact, no floating point inside
the coder). Each distribution the model gives is first **quantized** to
integer frequencies :math:`f_i` summing to :math:`T = 2^{32}`
(:func:`quantize_probabilities`): every symbol with probability
:math:`q_i > 0` keeps :math:`f_i \ge 1`, so whatever the text, every
character the model allows can be coded and decoded; a symbol with
:math:`q_i = 0` gets :math:`f_i = 0` and cannot be coded. The coder then
spends :math:`-\log_2 (f_i / T)` bits on symbol :math:`i`.

What it costs beyond :math:`L` (measured in ``tests/test_arithmetic_coding.py``
and ``benchmarks/arithmetic_coding.py``):

- *quantization*: :math:`\sum_t \log_2 \frac{q(x_t \mid c_t)}{f_{x_t} / T}`,
  of order :math:`V / T` bits per character (about :math:`10^{-8}` for 100
  symbols), i.e. nothing measurable on texts of any size used here;
- *integer truncation*: at most :math:`\log_2(1 + T / 2^{62})` per character,
  below :math:`10^{-8}` bits;
- *termination*: at most **1 bit**, then padding to a whole byte (at most 7
  bits). Trailing zero bytes are dropped (the decoder reads zeros past the
  end), so ``8 * len(data) <= L_quantized + 8``.

In short, ``len(arithmetic_encode(text, model))`` is at most
:math:`\lceil L / 8 \rceil + 1` bytes, whatever the length of the text
(and it can be a byte less than :math:`\lceil L / 8 \rceil`: pending bits
at the very end are zeros and cost nothing).

Characters outside the model's alphabet
---------------------------------------
The course's models reserve a slot :data:`~infotheory_lib.language.UNK` for
characters not seen in training. Coding the UNK slot alone would lose the
character, so the coder **escapes**: it codes UNK with the model's
probability, then the character's Unicode code point with the uniform
distribution over all :math:`1{,}114{,}112` code points
(:data:`ESCAPE_BITS` :math:`= \log_2 1114112 \approx 20.09` bits). A model
without an UNK slot cannot code such a character (``ValueError``).

The model interface
-------------------
Any fitted object with ``next_char_distribution(context) -> (alphabet,
probs)`` works: :class:`~infotheory_lib.language.CharNGramModel` and
:class:`~infotheory_lib.models.NeuralCharModel`. ``alphabet`` is a tuple of
single characters, optionally with :data:`~infotheory_lib.language.UNK`;
``probs`` a probability vector in the same order. Distributions are
cached per context: a model that sees only the last ``k`` characters says
so with a ``context_length`` attribute (``CharNGramModel`` with order
``n`` sees ``n - 1``); without it each position asks the model afresh.

The encoder and the decoder must ask the *same* model, with the same
floating-point results: a decoder given another model (or the same neural
model on a platform whose arithmetic rounds differently) decodes garbage,
silently. Arithmetic coding has no redundancy to detect that.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping

import numpy as np

from .._checks import SUM_ATOL, check_scalar
from ..coding import huffman_code
from ..language import UNK, CharNGramModel
from ..measures import entropy, surprise

__all__ = [
    "arithmetic_encode",
    "arithmetic_decode",
    "code_length_bits",
    "quantize_probabilities",
    "order0_entropy",
    "huffman_code_length_bits",
    "compression_table",
    "char_code_length_bits",
    "coding_intervals",
    "coder_table",
    "FREQ_TOTAL",
    "ESCAPE_BITS",
]

#: Integer total :math:`T = 2^{32}` that every distribution is quantized to.
FREQ_TOTAL = 1 << 32
#: Number of Unicode code points: an escaped character is coded uniformly among them.
N_CODEPOINTS = 0x110000
#: Bits an escaped character's code point costs, :math:`\log_2 1114112`.
ESCAPE_BITS = math.log2(N_CODEPOINTS)

_STATE_BITS = 64
_FULL = (1 << _STATE_BITS) - 1
_HALF = 1 << (_STATE_BITS - 1)
_QUARTER = 1 << (_STATE_BITS - 2)
_THREE_QUARTERS = 3 * _QUARTER
_MAX_PICTURE_BITS = 40  # coding_intervals: float64 cut points stay exact to ~1e-6 of the width


# --------------------------------------------------------------------------
# Validation and the model adapter
# --------------------------------------------------------------------------


def _check_text(text, name="text", *, allow_empty=True):
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a str, got {type(text).__name__}")
    if not text and not allow_empty:
        raise ValueError(f"{name} is empty")
    return text


def quantize_probabilities(probs, total=FREQ_TOTAL):
    r"""Integer frequencies for a probability vector, as the arithmetic coder uses them.

    .. math::

        f_i = \lfloor q_i\,(T - m) \rfloor + 1 \ \text{ if } q_i > 0, \qquad
        f_i = 0 \ \text{ if } q_i = 0,

    with :math:`m` the number of positive :math:`q_i`; what is left of
    :math:`T` (at most :math:`m`) goes to the most probable symbol, so that
    :math:`\sum_i f_i = T` exactly. Every possible symbol keeps
    :math:`f_i \ge 1`; the coder then spends :math:`-\log_2 (f_i / T)` bits
    on symbol :math:`i` instead of :math:`-\log_2 q_i`.

    Parameters
    ----------
    probs : array_like, shape (V,)
        One probability vector (sums to 1 within 1e-9).
    total : int, default ``FREQ_TOTAL`` = 2**32
        :math:`T`; at least twice the number of symbols.

    Returns
    -------
    ndarray of int64, shape (V,)
        The frequencies; they sum to ``total``.
    """
    total = check_scalar(total, "total", integer=True, low=2)
    if isinstance(probs, (str, bytes)) or probs is None:
        raise TypeError(f"probs must be a probability vector, got {type(probs).__name__}")
    p = np.asarray(probs)
    if p.dtype.kind not in "iuf":
        raise TypeError(f"probs must be numeric, got an array of dtype {p.dtype}")
    p = p.astype(np.float64, copy=False)
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"probs must be one non-empty probability vector (1-D), got shape {p.shape}")
    if 2 * p.size > total:
        raise ValueError(f"total must be at least twice the number of symbols ({2 * p.size}), got {total}")
    return _quantize(p, total, "probs")


def _quantize(p, total, name):
    """Quantize a float64 vector ``p`` (validated here, cheaply) to frequencies summing to ``total``."""
    lowest, s = float(np.min(p)), float(np.sum(p))
    if not lowest >= 0:  # NaN fails the comparison too
        raise ValueError(f"{name} must hold probabilities >= 0, got {lowest!r}")
    if not abs(s - 1.0) <= SUM_ATOL:  # with entries >= 0, each is then <= 1 (up to rounding)
        raise ValueError(f"{name} sums to {s:.10g}, expected 1")
    positive = p > 0
    m = int(np.count_nonzero(positive))
    freqs = np.floor(p * float(total - m)).astype(np.int64) + positive
    freqs[int(np.argmax(p))] += total - int(freqs.sum())
    return freqs


def _quantize_rows(p, total, name):
    """:func:`_quantize` of every row of ``p`` (shape (m, V)), with the same floating-point operations."""
    lowest, sums = p.min(axis=1), p.sum(axis=1)
    if not np.all(lowest >= 0):  # NaN fails the comparison too
        raise ValueError(f"{name} must hold probabilities >= 0, got {float(np.min(lowest))!r}")
    bad = ~(np.abs(sums - 1.0) <= SUM_ATOL)
    if bad.any():
        raise ValueError(f"{name} sums to {float(sums[bad][0]):.10g}, expected 1")
    positive = p > 0
    m = np.count_nonzero(positive, axis=1)
    freqs = np.floor(p * (float(total) - m[:, None].astype(np.float64))).astype(np.int64) + positive
    rows = np.arange(p.shape[0])
    freqs[rows, np.argmax(p, axis=1)] += total - freqs.sum(axis=1)
    return freqs


class _ModelCoder:
    """What the coder needs from a model: symbol indices and cached cumulative frequencies."""

    def __init__(self, model):
        if not callable(getattr(model, "next_char_distribution", None)):
            raise TypeError(
                "model must be a fitted character model with a next_char_distribution(context) method "
                f"(e.g. language.CharNGramModel or models.NeuralCharModel), got {type(model).__name__}"
            )
        self.model = model
        alphabet, probs = model.next_char_distribution("")  # raises if the model is not fitted
        alphabet = tuple(alphabet)
        if len(set(alphabet)) != len(alphabet) or len(probs) != len(alphabet):
            raise ValueError("model's alphabet must hold distinct symbols, one per probability")
        self.escape = None
        self.index = {}
        for i, sym in enumerate(alphabet):
            if sym == UNK:
                self.escape = i
            elif isinstance(sym, str) and len(sym) == 1:
                self.index[sym] = i
            else:
                raise ValueError(f"model's alphabet must hold single characters (and UNK), got {sym!r}")
        self.alphabet = alphabet
        if isinstance(model, CharNGramModel):
            order = model.n - 1
        else:
            order = getattr(model, "context_length", None)
        if order is not None:
            order = check_scalar(order, "model.context_length", integer=True, low=0)
        self.order = order
        self._cache = {}

    def tail(self, text, i):
        """The part of ``text[:i]`` the model sees (all of it when its context length is unknown)."""
        if self.order is None:
            return text[:i]
        return text[max(0, i - self.order) : i]

    def probs(self, tail):
        """The model's float distribution after ``tail`` (not cached)."""
        alphabet, p = self.model.next_char_distribution(tail)
        p = np.asarray(p, dtype=np.float64)
        if p.shape != (len(self.alphabet),):
            raise ValueError(
                f"model returned {p.shape} probabilities after context {tail!r}, expected {len(self.alphabet)}"
            )
        return p

    def cumulative(self, tail):
        """Cumulative integer frequencies (a list of V + 1 ints, 0 .. FREQ_TOTAL) after ``tail``."""
        cum = self._cache.get(tail) if self.order is not None else None
        if cum is None:
            freqs = _quantize(self.probs(tail), FREQ_TOTAL, "model's next_char_distribution")
            cum = [0, *np.cumsum(freqs).tolist()]
            if self.order is not None:
                self._cache[tail] = cum
        return cum

    def prefill(self, tails):
        """Cache the cumulative frequencies after every tail in ``tails`` at once, if the model can batch.

        Uses the model's ``next_char_distributions(contexts)`` (e.g.
        :meth:`CharNGramModel.next_char_distributions
        <infotheory_lib.language.CharNGramModel.next_char_distributions>`),
        whose rows equal ``next_char_distribution`` exactly, and quantizes
        all rows together with the same operations as :func:`_quantize`,
        so the cache holds the very integers one call per context would
        give (a decoder without the batch decodes the same text).
        """
        batch = getattr(self.model, "next_char_distributions", None)
        if self.order is None or not callable(batch):
            return
        missing = [t for t in dict.fromkeys(tails) if t not in self._cache]
        if not missing:
            return
        _, p = batch(missing)
        p = np.asarray(p, dtype=np.float64)
        if p.shape != (len(missing), len(self.alphabet)):
            raise ValueError(
                f"model's next_char_distributions returned shape {p.shape}, expected {(len(missing), len(self.alphabet))}"
            )
        freqs = _quantize_rows(p, FREQ_TOTAL, "model's next_char_distributions")
        for tail, row in zip(missing, np.cumsum(freqs, axis=1).tolist(), strict=True):
            self._cache[tail] = [0, *row]

    def symbol(self, ch, i):
        """Index of character ``ch`` (= ``text[i]``) and whether it needs the escape."""
        s = self.index.get(ch)
        if s is not None:
            return s, False
        if self.escape is None:
            raise ValueError(
                f"text[{i}] = {ch!r} is not in the model's alphabet, and the model has no {UNK!r} slot to escape it"
            )
        return self.escape, True


# --------------------------------------------------------------------------
# Encoder and decoder
# --------------------------------------------------------------------------


def _as_coder(model):
    """A model's coder; a ``_ModelCoder`` passed in (by :func:`coder_table`) is used as is, cache included."""
    return model if isinstance(model, _ModelCoder) else _ModelCoder(model)


def _intervals(text, coder):
    """Yield ``(cum_low, cum_high, total)`` for each coded symbol of ``text``."""
    if coder.order is not None:
        coder.prefill(coder.tail(text, i) for i in range(len(text)))
    for i, ch in enumerate(text):
        cum = coder.cumulative(coder.tail(text, i))
        s, escaped = coder.symbol(ch, i)
        lo, hi = cum[s], cum[s + 1]
        if lo == hi:
            what = f"the {UNK!r} slot needed for " if escaped else ""
            raise ValueError(
                f"the model gives probability 0 to {what}text[{i}] = {ch!r} after {text[max(0, i - 20) : i]!r}, "
                "so it cannot be coded (use a smoothed model, e.g. k > 0)"
            )
        yield lo, hi, FREQ_TOTAL
        if escaped:
            cp = ord(ch)
            yield cp, cp + 1, N_CODEPOINTS


def _encode_intervals(intervals):
    """The Witten-Neal-Cleary encoder: a list of bits (ints 0/1), trailing zeros dropped."""
    low, high, pending = 0, _FULL, 0
    bits = []
    append = bits.append
    for lo, hi, total in intervals:
        span = high - low + 1
        high = low + span * hi // total - 1
        low = low + span * lo // total
        while True:
            if high < _HALF:
                append(0)
                if pending:
                    bits.extend([1] * pending)
                    pending = 0
            elif low >= _HALF:
                append(1)
                if pending:
                    bits.extend([0] * pending)
                    pending = 0
                low -= _HALF
                high -= _HALF
            elif low >= _QUARTER and high < _THREE_QUARTERS:
                pending += 1
                low -= _QUARTER
                high -= _QUARTER
            else:
                break
            low <<= 1
            high = (high << 1) | 1
    # Now low < HALF <= high, so the value HALF lies in [low, high]: emit its
    # bit 1; the pending bits that follow it are 0s, like the padding, so they
    # are left out. Only when low == 0 and nothing is pending does the value 0
    # (no more bits at all) lie in the interval. (With bits pending, the value
    # 0 of this window is 0 then 1s, not the padding's 0s.)
    if low or pending:
        append(1)
    while bits and not bits[-1]:
        bits.pop()
    return bits


def arithmetic_encode(text, model):
    r"""Compress ``text`` into bytes with an arithmetic coder driven by ``model``.

    Each character costs :math:`-\log_2 (f / T)` bits, ``f / T`` being the
    model's probability :math:`q(x_t \mid c_t)` quantized to integers (see
    :func:`quantize_probabilities`); the output has at most
    :math:`\lceil L / 8 \rceil + 1` bytes, with
    :math:`L \approx -\sum_t \log_2 q(x_t \mid c_t)` =
    :func:`code_length_bits`.

    Parameters
    ----------
    text : str
        The text to compress (may be empty).
    model : fitted character model
        E.g. :class:`~infotheory_lib.language.CharNGramModel` fitted on a
        training text, or :class:`~infotheory_lib.models.NeuralCharModel`.
        Characters outside its alphabet are escaped through its
        :data:`~infotheory_lib.language.UNK` slot (module notes).

    Returns
    -------
    bytes
        The code. The number of characters is **not** stored: pass
        ``len(text)`` to :func:`arithmetic_decode` (storing it would cost
        a few bytes, e.g. a varint of :math:`\lceil \log_{128} N \rceil` bytes).

    Raises
    ------
    TypeError
        ``text`` is not a str; ``model`` has no ``next_char_distribution``.
    ValueError
        A character the model gives probability 0 (a ``k = 0`` n-gram model),
        or outside an alphabet without UNK.

    Examples
    --------
    >>> from infotheory_lib.language import CharNGramModel
    >>> model = CharNGramModel(2, k=0.5).fit("abracadabra")
    >>> data = arithmetic_encode("abracadabra", model)
    >>> arithmetic_decode(data, model, 11)
    'abracadabra'
    """
    _check_text(text)
    coder = _as_coder(model)
    bits = _encode_intervals(_intervals(text, coder))
    return np.packbits(np.array(bits, dtype=np.uint8)).tobytes()


def arithmetic_decode(data, model, n_chars):
    """Decompress ``n_chars`` characters from ``data`` with the same ``model`` that encoded them.

    Parameters
    ----------
    data : bytes or bytearray
        The output of :func:`arithmetic_encode`.
    model : fitted character model
        The model the text was encoded with (the same object, or one fitted
        identically). Another model decodes other text, without an error.
    n_chars : int >= 0
        The number of characters to decode (``len`` of the original text).

    Returns
    -------
    str
        The original text.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    n_chars = check_scalar(n_chars, "n_chars", integer=True, low=0)
    coder = _as_coder(model)
    # The encoder dropped trailing zeros: past the end of the data, read zeros.
    bits = np.unpackbits(np.frombuffer(bytes(data), dtype=np.uint8)).tolist()
    bits.extend([0] * _STATE_BITS)
    value = 0
    for b in bits[:_STATE_BITS]:
        value = (value << 1) | b
    pos = _STATE_BITS
    low, high = 0, _FULL

    def step(cum, total):
        """Decode one symbol: its index in ``cum`` (or the uniform value if ``cum`` is None)."""
        nonlocal low, high, value, pos
        span = high - low + 1
        target = ((value - low + 1) * total - 1) // span
        if cum is None:
            s, lo, hi = target, target, target + 1
        else:
            s = bisect_right(cum, target) - 1
            lo, hi = cum[s], cum[s + 1]
        high = low + span * hi // total - 1
        low = low + span * lo // total
        while True:
            if high < _HALF:
                pass
            elif low >= _HALF:
                low -= _HALF
                high -= _HALF
                value -= _HALF
            elif low >= _QUARTER and high < _THREE_QUARTERS:
                low -= _QUARTER
                high -= _QUARTER
                value -= _QUARTER
            else:
                return s
            low <<= 1
            high = (high << 1) | 1
            if pos == len(bits):
                bits.extend([0] * _STATE_BITS)
            value = (value << 1) | bits[pos]
            pos += 1

    out = []
    order, escape, alphabet = coder.order, coder.escape, coder.alphabet
    for _ in range(n_chars):
        if order is None:
            tail = "".join(out)
        else:
            tail = "".join(out[max(0, len(out) - order) :]) if order else ""
        s = step(coder.cumulative(tail), FREQ_TOTAL)
        out.append(chr(step(None, N_CODEPOINTS)) if s == escape else alphabet[s])
    return "".join(out)


# --------------------------------------------------------------------------
# Code lengths and the comparison with other compressors
# --------------------------------------------------------------------------


def code_length_bits(text, model, *, quantized=False):
    r"""The ideal code length of ``text`` under ``model``, in bits.

    .. math::

        L = -\sum_{t=1}^{N} \log_2 q(x_t \mid c_t) \; + \; n_{\mathrm{esc}} \log_2 1114112
          = N \cdot \mathrm{bpc} + n_{\mathrm{esc}} \cdot \mathtt{ESCAPE\_BITS},

    the model's cross-entropy on the text times its length (``bpc`` as
    ``model.bits_per_char(text)``), plus the escape cost of each of the
    :math:`n_{\mathrm{esc}}` characters outside the model's alphabet (for
    those, :math:`q` is the probability of the UNK slot). This is what an
    ideal coder driven by the model spends; :func:`arithmetic_encode`
    spends at most 1 bit more than the quantized length
    (``quantized=True``), then rounds up to a whole byte.

    Parameters
    ----------
    text : str
    model : fitted character model
    quantized : bool, default False
        ``True``: use the coder's integer frequencies :math:`f / T` instead
        of :math:`q` (:func:`quantize_probabilities`); the difference from
        ``False`` is the quantization cost.

    Returns
    -------
    numpy.float64
        ``inf`` if the model gives some character probability 0; ``0.0``
        for an empty text.
    """
    _check_text(text)
    if not isinstance(quantized, bool):
        raise TypeError(f"quantized must be True or False, got {quantized!r}")
    coder = _ModelCoder(model)
    if not text:
        return np.float64(0.0)
    missing = [ch for ch in dict.fromkeys(text) if ch not in coder.index]  # in order of appearance
    if missing and coder.escape is None:
        coder.symbol(missing[0], text.index(missing[0]))  # raises, naming the character
    n_escaped = sum(text.count(ch) for ch in missing)
    if quantized:
        freqs = []
        for i, ch in enumerate(text):
            cum = coder.cumulative(coder.tail(text, i))
            s, _ = coder.symbol(ch, i)
            freqs.append(cum[s + 1] - cum[s])
        q = np.array(freqs, dtype=np.float64) / FREQ_TOTAL
    elif callable(getattr(model, "token_probs", None)):
        q = model.token_probs(text)
    else:
        q = np.array(
            [coder.probs(coder.tail(text, i))[coder.symbol(ch, i)[0]] for i, ch in enumerate(text)],
            dtype=np.float64,
        )
    return np.float64(np.sum(surprise(q, base=2)) + n_escaped * ESCAPE_BITS)


def order0_entropy(text):
    r"""Entropy of the text's own character frequencies, in bits per character.

    .. math:: H(\hat p) = -\sum_c \hat p_c \log_2 \hat p_c, \qquad \hat p_c = N_c / N

    :math:`N \cdot H(\hat p)` bits is the least any code that codes each
    character on its own (no context) with a code fitted to this very text
    can spend, the code table not counted.

    Parameters
    ----------
    text : str
        Non-empty.

    Returns
    -------
    numpy.float64
    """
    _check_text(text, allow_empty=False)
    counts = np.array(list(Counter(text).values()), dtype=np.float64)
    return np.float64(entropy(counts, normalize=True))


def huffman_code_length_bits(text):
    r"""Bits of the Huffman code built on the text's own character frequencies.

    .. math:: L = \sum_c N_c\,\ell_c, \qquad N\,H(\hat p) \le L < N\,(H(\hat p) + 1)

    with :math:`\ell_c` the codeword lengths of
    :func:`infotheory_lib.coding.huffman_code` for :math:`\hat p`. The code
    table (which a decoder would also need) is not counted.

    Parameters
    ----------
    text : str
        Non-empty.

    Returns
    -------
    int
    """
    _check_text(text, allow_empty=False)
    counts = Counter(text)
    chars = sorted(counts)
    code = huffman_code([counts[c] for c in chars], symbols=chars, normalize=True)
    return int(sum(counts[c] * len(code[c]) for c in chars))


def compression_table(text, models=None):
    r"""Sizes of ``text`` under several codes: the bytes behind "entropy is file size".

    Rows, in this order:

    - ``"UTF-8"``: the text as stored, ``len(text.encode("utf-8"))`` bytes;
    - ``"order-0 entropy"``: :math:`N H(\hat p) / 8` (:func:`order0_entropy`),
      a bound, not a file;
    - ``"Huffman (order 0)"``: :func:`huffman_code_length_bits` rounded up
      to bytes (code table not counted);
    - ``"gzip -9"``, ``"bz2 -9"``, ``"lzma -9"``: the standard library's
      compressors on the UTF-8 bytes (their headers and checksums included:
      about 18, 40 and 60 bytes);
    - for each model: ``"<label>: cross-entropy × length"``
      (:func:`code_length_bits` / 8, a bound) and
      ``"<label>: arithmetic coder"`` (``len(arithmetic_encode(text, model))``).

    The models' own size is not counted: a model fitted on other (training)
    text is shared by the encoder and the decoder, like a dictionary.

    Parameters
    ----------
    text : str
        Non-empty.
    models : mapping of str to model, or sequence of models, optional
        Fitted character models; a sequence is labelled by ``repr``.

    Returns
    -------
    list of dict
        One dict per row with keys ``"method"`` (str), ``"bytes"`` (float;
        an int value for real files), ``"bits_per_char"`` (float,
        ``8 * bytes / len(text)``) and ``"real"`` (bool: ``True`` for an
        actual byte string, ``False`` for a theoretical length).
    """
    _check_text(text, allow_empty=False)
    if models is None:
        labelled = []
    elif isinstance(models, Mapping):
        labelled = list(models.items())
        for label, _ in labelled:
            if not isinstance(label, str):
                raise TypeError(f"models must map str labels to models, got the key {label!r}")
    elif isinstance(models, (str, bytes)) or not hasattr(models, "__iter__"):
        raise TypeError(
            f"models must be a mapping of labels to models or a sequence of models, got {models!r}"
        )
    else:
        labelled = [(repr(m), m) for m in models]
    for label, m in labelled:
        if not callable(getattr(m, "next_char_distribution", None)):
            raise TypeError(f"models[{label!r}] has no next_char_distribution method: {type(m).__name__}")
    n = len(text)
    raw = text.encode("utf-8", "surrogatepass")
    rows = []

    def add(method, size, real):
        rows.append({"method": method, "bytes": float(size), "bits_per_char": 8.0 * size / n, "real": real})

    add("UTF-8", len(raw), True)
    add("order-0 entropy", n * float(order0_entropy(text)) / 8.0, False)
    add("Huffman (order 0)", math.ceil(huffman_code_length_bits(text) / 8), True)
    add("gzip -9", len(gzip.compress(raw, compresslevel=9, mtime=0)), True)
    add("bz2 -9", len(bz2.compress(raw, 9)), True)
    add("lzma -9", len(lzma.compress(raw, preset=9)), True)
    for label, m in labelled:
        add(f"{label}: cross-entropy × length", float(code_length_bits(text, m)) / 8.0, False)
        add(f"{label}: arithmetic coder", len(arithmetic_encode(text, m)), True)
    return rows


# ---- 11 compression: per-character costs and the interval picture (notebook 11) ----


def char_code_length_bits(text, model):
    r"""The code length of each character of ``text`` under ``model``, in bits.

    .. math::

        \ell_t = -\log_2 q(x_t \mid c_t) \; [+\ \mathtt{ESCAPE\_BITS}
        \text{ if } x_t \text{ is outside the model's alphabet}],
        \qquad \sum_t \ell_t = \text{code\_length\_bits(text, model)}.

    What an ideal coder driven by the model spends on each character: a
    predictable character is cheap, a surprising one expensive. A character
    outside the alphabet costs its UNK slot's surprise plus the escape of
    its code point (module notes).

    Parameters
    ----------
    text : str
        May be empty.
    model : fitted character model
        As for :func:`arithmetic_encode`.

    Returns
    -------
    ndarray of float64, shape (len(text),)
        ``inf`` where the model gives the character probability 0.

    Raises
    ------
    TypeError
        ``text`` is not a str; ``model`` has no ``next_char_distribution``.
    ValueError
        A character outside an alphabet without UNK.

    Examples
    --------
    >>> from infotheory_lib.language import CharNGramModel
    >>> model = CharNGramModel(1, k=0.0).fit("aab")
    >>> char_code_length_bits("ab", model).round(3).tolist()  # q(a) = 2/3, q(b) = 1/3
    [0.585, 1.585]
    """
    _check_text(text)
    coder = _ModelCoder(model)
    if not text:
        return np.zeros(0, dtype=np.float64)
    escaped = np.array([ch not in coder.index for ch in text])
    if escaped.any() and coder.escape is None:
        i = int(np.argmax(escaped))
        coder.symbol(text[i], i)  # raises, naming the character
    if callable(getattr(model, "token_probs", None)):
        q = np.asarray(model.token_probs(text), dtype=np.float64)
    else:
        q = np.array(
            [coder.probs(coder.tail(text, i))[coder.symbol(ch, i)[0]] for i, ch in enumerate(text)],
            dtype=np.float64,
        )
    return np.asarray(surprise(q, base=2), dtype=np.float64) + escaped * ESCAPE_BITS


def coding_intervals(text, model):
    r"""The nested intervals an arithmetic coder walks through while coding ``text`` (for pictures).

    Coding starts with :math:`[0, 1)`. Before character :math:`x_t` the
    current interval :math:`[\mathrm{low}_t, \mathrm{high}_t)` is cut into
    one piece per symbol of the model's alphabet, of widths proportional to
    :math:`q(\cdot \mid c_t)`; the piece of :math:`x_t` becomes the next
    interval, so that

    .. math::

        \mathrm{high}_N - \mathrm{low}_N = \prod_{t=1}^{N} q(x_t \mid c_t),
        \qquad -\log_2(\mathrm{high}_N - \mathrm{low}_N) = L \ \text{bits}.

    Any number inside the last interval identifies the text; about
    :math:`L` binary digits are enough to write one down.

    Computed in float64 with the model's own probabilities (not the coder's
    integers), for pictures of short texts: the width must stay above
    :math:`2^{-40}` (a code of at most 40 bits, e.g. ten characters at 4
    bits each), where the float cut points are still exact to better than
    a millionth of the width. For longer texts use :func:`code_length_bits`.

    Parameters
    ----------
    text : str
        Short, non-empty, every character in the model's alphabet.
    model : fitted character model

    Returns
    -------
    list of dict
        One dict per character, in order, with keys ``"low"``, ``"high"``
        (floats: the interval before coding it), ``"edges"`` (ndarray of
        shape (V + 1,): the cut points from ``low`` to ``high``),
        ``"symbols"`` (the model's alphabet), ``"index"`` (int: the piece
        of the character) and ``"char"``; then one last dict with only
        ``"low"``, ``"high"`` (the final interval) and ``"bits"``
        (:math:`-\log_2` of its width).

    Raises
    ------
    ValueError
        An empty text, a character outside the alphabet, a zero probability,
        or a final width below :math:`2^{-40}` (too long a text).
    """
    _check_text(text, allow_empty=False)
    coder = _ModelCoder(model)
    low, high, bits = 0.0, 1.0, 0.0
    steps = []
    for i, ch in enumerate(text):
        s = coder.index.get(ch)
        if s is None:
            raise ValueError(
                f"text[{i}] = {ch!r} is not in the model's alphabet: coding_intervals draws no escapes"
            )
        p = coder.probs(coder.tail(text, i))
        cum = np.concatenate([[0.0], np.cumsum(p)])
        cum /= cum[-1]
        edges = low + (high - low) * cum
        steps.append(
            {"low": low, "high": high, "edges": edges, "symbols": coder.alphabet, "index": s, "char": ch}
        )
        if p[s] <= 0:
            raise ValueError(f"the model gives probability 0 to text[{i}] = {ch!r}")
        low, high = float(edges[s]), float(edges[s + 1])
        bits -= math.log2(float(p[s]))
        if bits > _MAX_PICTURE_BITS:
            raise ValueError(
                f"text is too long for a picture: its code passes {_MAX_PICTURE_BITS} bits at text[{i}] "
                "(float64 cut points would be inexact); use code_length_bits"
            )
    steps.append({"low": low, "high": high, "bits": float(bits)})
    return steps


def coder_table(text, models, *, progress="auto"):
    r"""Code ``text`` with each model, decode it back, and compare the real bytes with the ideal length.

    For each model: the cross-entropy :math:`H(\hat p, q)` in bits per
    character, the ideal length :math:`L / 8 = N \cdot H(\hat p, q) / 8`
    bytes (:func:`code_length_bits`), the real ``len(arithmetic_encode(text,
    model))`` and the coder's overhead :math:`8 \cdot \text{bytes} - L` in
    bits (at most about 9: termination and padding), and whether
    :func:`arithmetic_decode` gave the text back.

    Parameters
    ----------
    text : str
        Non-empty.
    models : mapping of str or int to fitted model
        E.g. ``{n: CharNGramModel(n, ...).fit(train) for n in range(1, 7)}``.
    progress : bool or "auto", default "auto"
        A progress bar over the models (coding takes about a second per
        model and 50,000 characters, more for long contexts); ``"auto"``
        shows it only after 2 s.

    Notes
    -----
    The encoder and the decoder of one model share one cache of quantized
    distributions (asking the model is most of the time for long contexts),
    so the decoder is about as fast as a second encoding of a known text.

    Returns
    -------
    list of dict
        One dict per model, in order, with keys ``"model"`` (the label),
        ``"bits_per_char"``, ``"ideal_bytes"``, ``"bytes"`` (int),
        ``"overhead_bits"`` and ``"round_trip"`` (bool).
    """
    from ._progress import ProgressBar

    _check_text(text, allow_empty=False)
    if not isinstance(models, Mapping) or not models:
        raise TypeError(f"models must be a non-empty mapping of labels to fitted models, got {models!r:.60}")
    if progress != "auto" and not isinstance(progress, bool):
        raise TypeError(f"progress must be True, False or 'auto', got {progress!r}")
    bar = ProgressBar(len(models), "coding", delay=2.0 if progress == "auto" else 0.0) if progress else None
    rows = []
    for label, model in models.items():
        ideal = float(code_length_bits(text, model))
        coder = _ModelCoder(model)  # one cache of distributions for the encoder and the decoder
        data = arithmetic_encode(text, coder)
        back = arithmetic_decode(data, coder, len(text))
        rows.append(
            {
                "model": label,
                "bits_per_char": ideal / len(text),
                "ideal_bytes": ideal / 8.0,
                "bytes": len(data),
                "overhead_bits": 8.0 * len(data) - ideal,
                "round_trip": back == text,
            }
        )
        if bar is not None:
            bar.update(info=f"(last: {label})")
    if bar is not None:
        bar.close()
    return rows
