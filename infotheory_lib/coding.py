r"""Prefix codes: Huffman and Shannon codes, code lengths, encoding and decoding.

Makes "entropy is the length of the best code" and "cross-entropy is the
average code length of data from ``p`` encoded with a code built for ``q``"
concrete. A *code* is a ``dict`` mapping each symbol to a codeword, a
non-empty string of ``"0"`` and ``"1"``; all lengths are in **bits**.

Zero probabilities follow the mathematics. A symbol with probability 0 gets
**no codeword**: ``huffman_code`` and ``shannon_code`` leave it out of the
dict, ``code_lengths`` reports its length as ``inf``, ``expected_length`` is
therefore ``inf`` when data from ``p`` puts probability on such a symbol
(just as the cross-entropy :math:`H(p, q)` is infinite where ``q = 0 < p``),
and ``encode`` raises a ``ValueError`` naming the symbol.

The bounds that hold (for a distribution :math:`p` and a code built for
:math:`q`, lengths :math:`\ell_i`, all in bits):

.. math::

    H(p) \le L_{\mathrm{Huffman}(p)}(p) < H(p) + 1 \ (\text{2 or more possible symbols}), \qquad
    H(p, q) \le L_{\mathrm{Shannon}(q)}(p) < H(p, q) + 1,

    L_\ell(p) = \sum_i p_i \ell_i = H(p, r) = H(p) + D_{KL}(p \| r),
    \quad r_i = 2^{-\ell_i}.

The Shannon bound does **not** carry over to a Huffman code built for
:math:`q` and used on :math:`p \neq q`: a Huffman codeword can be much
longer than :math:`\lceil -\log_2 q_i \rceil` (and shorter than
:math:`-\log_2 q_i`), so :math:`L_{\mathrm{Huffman}(q)}(p)` may fall below
:math:`H(p, q)` or exceed :math:`H(p, q) + 1`. What always holds is the
identity above, with :math:`r` the distribution the code implies.
"""

from __future__ import annotations

import heapq
import math
import numbers

import numpy as np

from ._checks import as_distribution, as_float_array, as_result

__all__ = [
    "huffman_code",
    "shannon_code_lengths",
    "shannon_code",
    "canonical_code",
    "code_lengths",
    "kraft_sum",
    "expected_length",
    "is_prefix_free",
    "encode",
    "decode",
    "average_code_length",
]


# --------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------


def _distribution_1d(p, name, normalize):
    arr = as_distribution(p, name, normalize=normalize)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one probability vector (1-D), got shape {arr.shape}")
    return arr


def _symbols(symbols, n, name="symbols"):
    """Return the symbols as a list of ``n`` distinct hashables (default 0..n-1)."""
    if symbols is None:
        return list(range(n))
    if isinstance(symbols, bytes) or not hasattr(symbols, "__iter__"):
        raise TypeError(f"{name} must be a sequence of hashable symbols, got {type(symbols).__name__}")
    try:
        out = list(symbols)
    except TypeError:  # e.g. a 0-d array: iterable type, not a sequence
        raise TypeError(
            f"{name} must be a sequence of hashable symbols, got {type(symbols).__name__}"
        ) from None
    if len(out) != n:
        raise ValueError(f"{name} has {len(out)} entries but there are {n} probabilities/lengths")
    try:
        distinct = len(set(out))
    except TypeError:
        raise TypeError(f"{name} must hold hashable symbols (usable as dict keys)") from None
    if distinct != n:
        raise ValueError(f"{name} contains duplicates; every symbol must be distinct")
    return out


def _check_code(code, name="code"):
    """Raise unless ``code`` is a dict of non-empty binary strings."""
    if not isinstance(code, dict):
        raise TypeError(f"{name} must be a dict mapping symbols to codewords, got {type(code).__name__}")
    if not code:
        raise ValueError(f"{name} is empty")
    for sym, word in code.items():
        if not isinstance(word, str):
            raise TypeError(f"{name}[{sym!r}] must be a str of '0' and '1', got {type(word).__name__}")
        if not word or word.strip("01"):
            raise ValueError(f"{name}[{sym!r}] = {word!r} is not a non-empty string of '0' and '1'")


def _first_prefix_pair(words):
    """Return a pair (a, b) with ``a`` a prefix of ``b``, or None."""
    ordered = sorted(words)
    # In sorted order, a word that is a prefix of another is a prefix of its successor.
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.startswith(a):
            return a, b
    return None


def _check_prefix_free(code, name="code"):
    pair = _first_prefix_pair(code.values())
    if pair is not None:
        a, b = pair
        what = "appears twice" if a == b else f"is a prefix of {b!r}"
        raise ValueError(f"{name} is not prefix-free: codeword {a!r} {what}, so decoding is ambiguous")


def _violates_kraft(lengths):
    r"""Whether :math:`\sum_i 2^{-\ell_i} > 1` for positive integer lengths, decided exactly.

    Walks down the code tree in order of increasing length, counting the
    free nodes at the current depth (integers, no rounding); stops as soon
    as the free nodes outnumber the codewords still to place, so a huge
    length never builds a huge number.
    """
    remaining = len(lengths)
    free, depth = 1, 0  # the root is free
    for length in sorted(lengths):
        if free == 0:
            return True  # the tree is full and a codeword is left
        if length - depth >= remaining.bit_length():
            return False  # 2^(length - depth) free nodes: room for every remaining codeword
        free <<= length - depth
        depth = length
        if free >= remaining:
            return False
        free -= 1
        remaining -= 1
    return False


def _lengths(code_or_lengths, symbols, name="code_or_lengths"):
    """Lengths as a float64 array: from a code (via symbols) or validated as given."""
    if isinstance(code_or_lengths, dict):
        _check_code(code_or_lengths, name)  # a bad codeword is named as part of this argument
        return code_lengths(code_or_lengths, symbols)
    arr = as_float_array(code_or_lengths, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one length per symbol), got shape {arr.shape}")
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN; lengths must be >= 0 (inf for 'no codeword')")
    if np.any(arr < 0):
        raise ValueError(f"{name} has a negative length ({np.min(arr):g}); lengths must be >= 0")
    return arr


# --------------------------------------------------------------------------
# Building codes
# --------------------------------------------------------------------------


def huffman_code(p, *, symbols=None, normalize=False):
    r"""Optimal binary prefix code (Huffman) for the distribution ``p``.

    Repeatedly merges the two least probable nodes; the resulting lengths
    :math:`\ell_i` minimise the expected length, and

    .. math:: H(p) \le L(p) = \sum_i p_i \ell_i < H(p) + 1,

    with :math:`L(p) = H(p)` exactly when every :math:`p_i` is a power of 2.
    (The one exception to the strict upper bound: a distribution with a
    single possible symbol has :math:`H = 0` but its codeword ``"0"`` has
    1 bit.)

    Parameters
    ----------
    p : array_like, shape (n,)
        One probability vector.
    symbols : sequence of hashable, optional
        The symbol of each entry of ``p`` (distinct); default ``0, ..., n-1``.
        A string is read as a sequence of characters.
    normalize : bool, default False
        Rescale non-negative weights (e.g. counts) to sum to 1.

    Returns
    -------
    dict
        ``{symbol: codeword}`` in the order of ``symbols``. Symbols with
        probability 0 get **no codeword** (they are left out; encoding them
        raises). A distribution with a single positive entry gets the code
        ``"0"`` for it.

    Notes
    -----
    Ties are broken deterministically: among nodes of equal probability the
    one created first (leaves in symbol order, then merged nodes in order of
    creation) is merged first, which gives the minimum-variance Huffman
    code. Of each merged pair, the first node popped gets bit ``"0"``.

    Examples
    --------
    >>> huffman_code([0.5, 0.25, 0.25], symbols="abc")
    {'a': '0', 'b': '10', 'c': '11'}
    """
    arr = _distribution_1d(p, "p", normalize)
    syms = _symbols(symbols, arr.size)
    positive = [i for i in range(arr.size) if arr[i] > 0]
    if len(positive) == 1:
        return {syms[positive[0]]: "0"}
    # Heap items: (probability, creation order, node); a node is a leaf index
    # or a pair (child0, child1). Creation order makes ties deterministic.
    heap = [(float(arr[i]), order, i) for order, i in enumerate(positive)]
    heapq.heapify(heap)
    order = len(heap)
    while len(heap) > 1:
        w0, _, a = heapq.heappop(heap)
        w1, _, b = heapq.heappop(heap)
        heapq.heappush(heap, (w0 + w1, order, (a, b)))
        order += 1
    words = {}
    stack = [(heap[0][2], "")]
    while stack:
        node, prefix = stack.pop()
        if isinstance(node, tuple):
            stack.append((node[1], prefix + "1"))
            stack.append((node[0], prefix + "0"))
        else:
            words[node] = prefix
    return {syms[i]: words[i] for i in positive}


def shannon_code_lengths(q, *, normalize=False):
    r"""Shannon code lengths :math:`\ell_i = \lceil -\log_2 q_i \rceil` in bits.

    These lengths satisfy Kraft's inequality (:math:`\sum_i 2^{-\ell_i} \le
    \sum_i q_i`, so up to the round-off that lets a stored ``q`` sum to
    slightly more than 1), and for **any** distribution
    :math:`p` (the data) the code built for :math:`q` has

    .. math:: H(p, q) \le L_q(p) = \sum_i p_i \lceil -\log_2 q_i \rceil < H(p, q) + 1,

    which is the sense in which cross-entropy *is* an average code length.

    Parameters
    ----------
    q : array_like, shape (n,)
        The distribution the code is designed for.
    normalize : bool, default False
        Rescale non-negative weights to sum to 1.

    Returns
    -------
    ndarray of float64, shape (n,)
        Integer-valued lengths; ``inf`` where ``q = 0`` (no codeword), ``0``
        where ``q = 1``. Computed exactly from the binary exponent of each
        ``q_i`` (no rounding of a logarithm).
    """
    arr = _distribution_1d(q, "q", normalize)
    _, exponent = np.frexp(arr)  # q = m 2^e with m in [0.5, 1)  =>  ceil(-log2 q) = 1 - e
    return np.where(arr > 0, 1.0 - exponent, np.inf)


#: The longest codeword :func:`canonical_code` builds (2**16 characters); Shannon
#: lengths of float64 probabilities are at most 1075, Huffman lengths at most n - 1.
MAX_CODEWORD_LENGTH = 1 << 16


def canonical_code(lengths, *, symbols=None):
    r"""A prefix code with the given codeword lengths (Kraft's theorem, constructive).

    Any lengths with :math:`\sum_i 2^{-\ell_i} \le 1` are the lengths of
    some prefix code; this builds the canonical one (codewords assigned in
    order of increasing length, ties in symbol order, each the previous
    codeword plus one, shifted left to the new length).

    Parameters
    ----------
    lengths : array_like, shape (n,)
        Positive integers, or ``inf`` for a symbol that gets no codeword.
    symbols : sequence of hashable, optional
        Default ``0, ..., n-1``.

    Returns
    -------
    dict
        ``{symbol: codeword}`` in symbol order, symbols of infinite length left out.

    Raises
    ------
    ValueError
        If a length is not a positive integer or ``inf``, if every length is
        ``inf``, if a length exceeds :data:`MAX_CODEWORD_LENGTH` (a string of
        ``1e20`` characters cannot be built), or if the lengths violate
        Kraft's inequality (no prefix code exists).
    """
    if isinstance(lengths, dict):
        raise TypeError("lengths must be an array of codeword lengths, not a code (dict)")
    arr = _lengths(lengths, None, "lengths")
    finite = np.isfinite(arr)
    if not finite.any():
        raise ValueError("lengths are all inf; at least one symbol needs a codeword")
    if np.any(arr[finite] < 1) or np.any(arr[finite] != np.round(arr[finite])):
        raise ValueError("lengths must be positive integers (or inf for no codeword)")
    if np.any(arr[finite] > MAX_CODEWORD_LENGTH):
        raise ValueError(
            f"lengths has a codeword length of {np.max(arr[finite]):g} bits; codewords are built as "
            f"strings, so lengths must be at most {MAX_CODEWORD_LENGTH} (use inf for no codeword)"
        )
    syms = _symbols(symbols, arr.size)
    int_lengths = {i: int(arr[i]) for i in range(arr.size) if finite[i]}
    if _violates_kraft(list(int_lengths.values())):
        raise ValueError(
            f"lengths violate Kraft's inequality (sum of 2^-l = {kraft_sum(arr):.6g} > 1): no prefix code "
            "has these lengths"
        )
    words = {}
    value, prev = 0, None
    for i in sorted(int_lengths, key=lambda j: (int_lengths[j], j)):
        length = int_lengths[i]
        if prev is not None:
            value = (value + 1) << (length - prev)
        words[i] = format(value, f"0{length}b")
        prev = length
    return {syms[i]: words[i] for i in range(arr.size) if finite[i]}


def shannon_code(q, *, symbols=None, normalize=False):
    r"""A prefix code with the Shannon lengths :math:`\lceil -\log_2 q_i \rceil`.

    The canonical code (see :func:`canonical_code`) for
    :func:`shannon_code_lengths`, except that a symbol with ``q = 1`` (whose
    Shannon length is 0) gets the one-bit codeword ``"0"``, since a codeword
    must have at least one bit. Symbols with ``q = 0`` get no codeword.

    Raises
    ------
    ValueError
        If the stored ``q`` sums to slightly more than 1 (accepted within the
        1e-9 tolerance) in a way that makes the Shannon lengths violate
        Kraft's inequality, e.g. ``q = [0.5, 0.5, 1e-40]``: no prefix code
        has those lengths, and the lengths are not silently changed.
    """
    lengths = np.maximum(shannon_code_lengths(q, normalize=normalize), 1.0)
    if _violates_kraft(lengths[np.isfinite(lengths)].astype(int).tolist()):
        raise ValueError(
            "q sums to more than 1 by round-off, so its Shannon lengths ceil(-log2 q) violate Kraft's "
            "inequality and no prefix code has them; pass a q that sums to at most 1"
        )
    return canonical_code(lengths, symbols=symbols)


# --------------------------------------------------------------------------
# Properties of codes
# --------------------------------------------------------------------------


def code_lengths(code, symbols=None):
    r"""Codeword lengths (bits) of ``symbols`` in ``code``, as a float64 array.

    Parameters
    ----------
    code : dict
        ``{symbol: codeword}``.
    symbols : sequence of hashable, optional
        The order of the result; default: the code's own key order. A symbol
        that is not in ``code`` (e.g. it had probability 0 when the code was
        built) has length ``inf``: it cannot be encoded.

    Returns
    -------
    ndarray of float64
    """
    _check_code(code)
    if symbols is None:
        symbols = list(code)
    elif isinstance(symbols, bytes) or not hasattr(symbols, "__iter__"):
        raise TypeError(f"symbols must be a sequence of hashable symbols, got {type(symbols).__name__}")
    try:
        return np.array([len(code[s]) if s in code else np.inf for s in symbols], dtype=np.float64)
    except TypeError:
        raise TypeError("symbols must hold hashable symbols (usable as dict keys)") from None


def kraft_sum(code_or_lengths):
    r"""Kraft sum of a code or of codeword lengths.

    .. math:: K = \sum_i 2^{-\ell_i}

    A prefix code has :math:`K \le 1` (Kraft); a Huffman code for two or
    more symbols of positive probability has :math:`K = 1` (it is complete).
    Infinite lengths contribute 0.
    """
    arr = _lengths(code_or_lengths, None)
    return np.float64(math.fsum(np.exp2(-arr).tolist()))


def expected_length(p, code_or_lengths, *, symbols=None, normalize=False):
    r"""Expected codeword length (bits per symbol) of data from ``p``.

    .. math:: L(p) = \sum_i p_i \ell_i

    With a code built for ``q`` this is the average code length of data
    from ``p`` encoded with the code for ``q``; for the Shannon code it lies
    in :math:`[H(p, q), H(p, q) + 1)`.

    Parameters
    ----------
    p : array_like, shape (..., n)
        Distribution(s) of the data along the last axis.
    code_or_lengths : dict or array_like, shape (n,)
        A code (``{symbol: codeword}``) or the codeword lengths in the order
        of ``p``'s entries (``inf`` for "no codeword").
    symbols : sequence of hashable, optional
        With a code: the symbol of each entry of ``p``; default ``0, ..., n-1``
        (the default symbols of :func:`huffman_code`).
    normalize : bool, default False
        Rescale non-negative weights to sum to 1.

    Returns
    -------
    float or ndarray
        ``inf`` if ``p`` gives positive probability to a symbol without a
        codeword; terms with ``p_i = 0`` contribute 0 whatever their length.
    """
    arr = as_distribution(p, "p", normalize=normalize)
    if isinstance(code_or_lengths, dict) and symbols is None:
        symbols = range(arr.shape[-1])
    lengths = _lengths(code_or_lengths, symbols)
    if lengths.size != arr.shape[-1]:
        raise ValueError(
            f"p has {arr.shape[-1]} outcomes along axis -1 but code_or_lengths gives {lengths.size} "
            "code lengths"
        )
    return as_result((arr * np.where(arr > 0, lengths, 0.0)).sum(axis=-1))  # 0 * inf counts as 0


def is_prefix_free(code):
    """``True`` if no codeword of ``code`` is a prefix of (or equal to) another."""
    _check_code(code)
    return _first_prefix_pair(code.values()) is None


# --------------------------------------------------------------------------
# Encoding and decoding
# --------------------------------------------------------------------------


def _sample_list(samples):
    if samples is None or isinstance(samples, (bytes, numbers.Number)) or not hasattr(samples, "__iter__"):
        raise TypeError(f"samples must be a sequence of symbols (or a str), got {type(samples).__name__}")
    return samples if isinstance(samples, str) else list(samples)


def _words(samples, code):
    try:
        return [code[s] for s in samples]
    except KeyError as exc:
        raise ValueError(
            f"samples contains the symbol {exc.args[0]!r}, which has no codeword in code "
            "(a symbol of probability 0 when the code was built cannot be encoded: its length is infinite)"
        ) from None
    except TypeError:
        raise TypeError("samples must hold hashable symbols (usable as dict keys)") from None


def encode(samples, code):
    """Concatenate the codewords of ``samples`` into one bit string.

    Parameters
    ----------
    samples : sequence of hashable or str
        The symbols to encode (a str is a sequence of characters).
    code : dict
        ``{symbol: codeword}``, prefix-free.

    Returns
    -------
    str
        A string of ``"0"`` and ``"1"``; empty for empty ``samples``.

    Raises
    ------
    ValueError
        If a sample has no codeword in ``code`` (e.g. it had probability 0
        when the code was built), or if ``code`` is not prefix-free.
    """
    _check_code(code)
    _check_prefix_free(code)
    return "".join(_words(_sample_list(samples), code))


def decode(bits, code):
    """Decode a bit string produced by :func:`encode` back into a list of symbols.

    Parameters
    ----------
    bits : str
        A string of ``"0"`` and ``"1"``.
    code : dict
        The prefix-free code used to encode.

    Returns
    -------
    list
        The symbols, so that ``decode(encode(s, code), code) == list(s)``.

    Raises
    ------
    ValueError
        If ``bits`` holds other characters, ends in the middle of a
        codeword, or contains a bit sequence that is no codeword (possible
        when the code is not complete), or if ``code`` is not prefix-free.
    """
    if not isinstance(bits, str):
        raise TypeError(f"bits must be a str of '0' and '1', got {type(bits).__name__}")
    _check_code(code)
    _check_prefix_free(code)
    bad = bits.strip("01")
    if bad:
        raise ValueError(f"bits must contain only '0' and '1', found {bad[0]!r}")
    inverse = {word: sym for sym, word in code.items()}
    longest = max(map(len, inverse))
    out = []
    start = 0
    n = len(bits)
    while start < n:
        for end in range(start + 1, min(start + longest, n) + 1):
            sym = inverse.get(bits[start:end], inverse)  # the dict itself marks "not found"
            if sym is not inverse:
                out.append(sym)
                start = end
                break
        else:
            if n - start < longest and any(w.startswith(bits[start:]) for w in inverse):
                raise ValueError(f"bits ends in the middle of a codeword (from bit {start} on)")
            raise ValueError(f"bits contains a sequence that is no codeword, at bit {start}")
    return out


def average_code_length(samples, code):
    r"""Measured bits per symbol when ``samples`` are encoded with ``code``.

    .. math:: \bar\ell = \frac{1}{N} \sum_{t=1}^{N} \ell(x_t) = \frac{|\mathrm{encode}(x)|}{N}

    For samples drawn from :math:`p` this converges to
    :func:`expected_length` of ``p`` under ``code``.

    Raises
    ------
    ValueError
        If ``samples`` is empty or holds a symbol without a codeword.
    """
    _check_code(code)
    items = _sample_list(samples)
    if len(items) == 0:
        raise ValueError("samples is empty; the average code length needs at least one symbol")
    return np.float64(sum(map(len, _words(items, code))) / len(items))
