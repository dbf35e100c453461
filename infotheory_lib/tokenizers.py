r"""A small byte-pair-encoding (BPE) tokenizer, and the units a language model's bits are divided by.

BPE (Sennrich et al. 2016, after Gage 1994) starts from single characters
and repeatedly merges the most frequent pair of adjacent symbols into a new
symbol. :func:`train_bpe` learns the list of merges from a text;
:func:`bpe_encode` cuts any text into tokens with them. As in GPT-2, the
text is first split into *chunks* — a word with its leading space, a run of
punctuation, a run of white space — and tokens never cross a chunk boundary
(:func:`pretokenize`). Every character is kept, so
``"".join(bpe_encode(text, merges)) == text``.

A language model gives a text a total code length :math:`B` in bits. Divided
by the number of characters, UTF-8 bytes or tokens it is bits per character,
per byte or per token, and the per-token perplexity is

.. math::

    \mathrm{PPL}_{\mathrm{token}} = 2^{B / N_{\mathrm{tokens}}}
    = 2^{(N_{\mathrm{chars}} / N_{\mathrm{tokens}}) \cdot \mathrm{bpc}},

which grows with the tokens' length although :math:`B` does not change
(:func:`bits_per_unit`).

Pure Python and numpy; deterministic: ties between equally frequent pairs
go to the pair that sorts first.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter

import numpy as np

from ._checks import check_scalar

__all__ = [
    "pretokenize",
    "train_bpe",
    "bpe_encode",
    "bpe_token_counts",
    "bits_per_unit",
    "bits_per_unit_curves",
]

# A word (letters, digits, underscore) with at most one leading space, a run of other
# non-space characters with at most one leading space, then white space. Every
# character matches one alternative, so the chunks partition the text.
_CHUNK = re.compile(r" ?\w+| ?[^\w\s]+|\s+(?!\S)|\s+")


def _check_text(text, name="text"):
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a str, got {type(text).__name__}")
    return text


def _check_merges(merges):
    if not isinstance(merges, (list, tuple)):
        raise TypeError(f"merges must be a list of (str, str) pairs, got {type(merges).__name__}")
    out = []
    for i, pair in enumerate(merges):
        if not (
            isinstance(pair, (list, tuple)) and len(pair) == 2 and all(isinstance(s, str) and s for s in pair)
        ):
            raise TypeError(f"merges[{i}] must be a pair of non-empty str, got {pair!r}")
        out.append((pair[0], pair[1]))
    return out


def pretokenize(text):
    """Split ``text`` into the chunks that BPE tokens never cross.

    A chunk is a word with at most one leading space (``" cat"``), a run of
    punctuation with at most one leading space (``" --"``), or white space
    (a run before a word leaves that word its space).

    Parameters
    ----------
    text : str

    Returns
    -------
    list of str
        ``"".join(chunks) == text``.

    Examples
    --------
    >>> pretokenize("The cat, the hat.\\n")
    ['The', ' cat', ',', ' the', ' hat', '.', '\\n']
    """
    return _CHUNK.findall(_check_text(text))


def _pairs(word):
    return zip(word, word[1:], strict=False)


def _merge_word(word, pair, new):
    """``word`` (a tuple of symbols) with every non-overlapping ``pair``, left to right, replaced by ``new``."""
    out = []
    i, n = 0, len(word)
    while i < n:
        if i + 1 < n and word[i] == pair[0] and word[i + 1] == pair[1]:
            out.append(new)
            i += 2
        else:
            out.append(word[i])
            i += 1
    return tuple(out)


def train_bpe(text, n_merges):
    """Learn ``n_merges`` byte-pair-encoding merges from ``text``.

    Start: every chunk of :func:`pretokenize` is a sequence of single
    characters. Each step counts every pair of adjacent symbols inside the
    chunks (weighted by how often the chunk occurs), merges the most frequent
    pair everywhere into one new symbol, and records it. Ties go to the pair
    ``(a, b)`` that sorts first. Training stops early when no pair is left
    (every chunk a single symbol).

    Parameters
    ----------
    text : str
    n_merges : int >= 0

    Returns
    -------
    list of (str, str)
        The merges in the order learned; ``a + b`` is the new token.

    Examples
    --------
    >>> train_bpe("aaab aab", 2)  # ("a", "a") 3 times; then four pairs once each: the first in order
    [('a', 'a'), (' ', 'aa')]
    """
    _check_text(text)
    n_merges = check_scalar(n_merges, "n_merges", integer=True, low=0)
    chunk_counts = Counter(pretokenize(text))
    words = [tuple(chunk) for chunk in chunk_counts]
    freqs = list(chunk_counts.values())
    pair_counts = Counter()
    where = {}  # pair -> ids of the words that contain it
    for wid, (word, f) in enumerate(zip(words, freqs, strict=True)):
        for pair in _pairs(word):
            pair_counts[pair] += f
            where.setdefault(pair, set()).add(wid)

    # A heap of (-count, pair) with lazy deletion: an entry whose count is no longer
    # the pair's current count is stale and skipped. (-count, pair) orders ties by pair.
    heap = [(-c, p) for p, c in pair_counts.items()]
    heapq.heapify(heap)
    merges = []
    while len(merges) < n_merges and heap:
        neg, best = heapq.heappop(heap)
        if pair_counts.get(best, 0) != -neg:
            continue
        new = best[0] + best[1]
        merges.append(best)
        changed = set()
        for wid in sorted(where.pop(best)):
            word, f = words[wid], freqs[wid]
            if best not in set(_pairs(word)):  # a stale entry: the word lost this pair earlier
                continue
            for pair in _pairs(word):
                pair_counts[pair] -= f
                changed.add(pair)
            merged = _merge_word(word, best, new)
            words[wid] = merged
            for pair in _pairs(merged):
                pair_counts[pair] += f
                where.setdefault(pair, set()).add(wid)
                changed.add(pair)
        for pair in changed:
            count = pair_counts[pair]
            if count > 0 and pair != best:
                heapq.heappush(heap, (-count, pair))
            elif count <= 0:
                del pair_counts[pair]
        pair_counts.pop(best, None)
    return merges


def _encode_chunk(chunk, ranks):
    """Tokens of one chunk, and the ranks of the merges applied (one entry per merged occurrence)."""
    word = tuple(chunk)
    applied = []
    while len(word) > 1:
        rank, pair = min(((ranks.get(p, np.inf), p) for p in _pairs(word)), key=lambda t: t[0])
        if rank == np.inf:
            break
        merged = _merge_word(word, pair, pair[0] + pair[1])
        applied.extend([rank] * (len(word) - len(merged)))
        word = merged
    return word, applied


def _encode_chunks(text, merges):
    ranks = {pair: r for r, pair in enumerate(_check_merges(merges))}
    cache = {}
    chunks = pretokenize(text)
    for chunk in set(chunks):
        cache[chunk] = _encode_chunk(chunk, ranks)
    return chunks, cache


def bpe_encode(text, merges):
    """Cut ``text`` into BPE tokens with ``merges`` (from :func:`train_bpe`).

    Each chunk of :func:`pretokenize` is split into characters; then, as
    long as some adjacent pair is a known merge, the pair with the earliest
    merge (lowest rank) is merged, all its occurrences at once, left to
    right. This is the same as applying the merges one after the other in
    their order.

    Parameters
    ----------
    text : str
    merges : list of (str, str)

    Returns
    -------
    list of str
        The tokens; ``"".join(tokens) == text``. Characters never seen in
        training stay single-character tokens.

    Examples
    --------
    >>> bpe_encode("aab ab", [('a', 'a'), ('aa', 'b')])
    ['aab', ' ', 'a', 'b']
    """
    _check_text(text)
    chunks, cache = _encode_chunks(text, merges)
    return [token for chunk in chunks for token in cache[chunk][0]]


def bpe_token_counts(text, merges):
    """Number of tokens of ``text`` with the first ``m`` merges, for every ``m`` from 0 to ``len(merges)``.

    One encoding with all the merges gives every count: each applied merge
    removes one token, so ``counts[m] = len(text) - (merges of rank < m applied)``.

    Parameters
    ----------
    text : str
    merges : list of (str, str)

    Returns
    -------
    ndarray of int64, shape (len(merges) + 1,)
        ``counts[m] == len(bpe_encode(text, merges[:m]))``; ``counts[0] == len(text)``.
    """
    _check_text(text)
    chunks, cache = _encode_chunks(text, merges)
    removed = np.zeros(len(merges) + 1, dtype=np.int64)
    for chunk, f in Counter(chunks).items():
        for rank in cache[chunk][1]:
            removed[rank + 1] += f
    return len(text) - np.cumsum(removed)


def bits_per_unit(total_bits, n_units):
    r"""Bits per unit and the perplexity per unit of a code length of ``total_bits``.

    .. math:: b = B / N, \qquad \mathrm{PPL} = 2^{b}

    With :math:`N` the number of characters, UTF-8 bytes or tokens of the
    text, :math:`b` is bits per character, per byte or per token. For tokens,
    :math:`2^{B / N_{\mathrm{tokens}}} = 2^{(N_{\mathrm{chars}} / N_{\mathrm{tokens}})\,\mathrm{bpc}}`.

    Parameters
    ----------
    total_bits : float >= 0
        Total code length :math:`B` of the text, e.g.
        ``-np.log2(model.token_probs(text)).sum()``.
    n_units : int >= 1

    Returns
    -------
    bits : float
    perplexity : float

    Examples
    --------
    >>> bits_per_unit(200.0, 100)
    (2.0, 4.0)
    """
    total_bits = check_scalar(total_bits, "total_bits", low=0.0)
    n_units = check_scalar(n_units, "n_units", integer=True, low=1)
    bits = total_bits / n_units
    return float(bits), float(2.0**bits)


def bits_per_unit_curves(text, merges, total_bits):
    r"""One code length of ``text`` divided by characters, UTF-8 bytes and BPE tokens, for every number of merges.

    .. math::

        \mathrm{bpc} = \frac{B}{N_{\mathrm{chars}}}, \qquad
        \mathrm{bpb} = \frac{B}{N_{\mathrm{bytes}}}, \qquad
        b_{\mathrm{token}}(m) = \frac{B}{N_{\mathrm{tokens}}(m)}, \qquad
        \mathrm{PPL}_{\mathrm{token}}(m) = 2^{b_{\mathrm{token}}(m)}

    with :math:`N_{\mathrm{tokens}}(m)` the number of tokens of ``text`` with
    the first :math:`m` merges (:func:`bpe_token_counts`). :math:`B` is the
    same for every tokenizer: only the denominator changes.

    Parameters
    ----------
    text : str
        Non-empty.
    merges : list of (str, str)
        From :func:`train_bpe`.
    total_bits : float >= 0
        The model's code length :math:`B` of ``text`` in bits.

    Returns
    -------
    dict
        ``"n_merges"`` (0 … M), ``"n_tokens"``, ``"chars_per_token"``,
        ``"bits_per_token"``, ``"token_perplexity"`` (arrays of length
        M + 1); ``"n_chars"``, ``"n_bytes"``, ``"bits_per_char"``,
        ``"bits_per_byte"``, ``"char_perplexity"``, ``"byte_perplexity"``,
        ``"total_bits"`` (numbers).

    Examples
    --------
    >>> curves = bits_per_unit_curves("ab ab", [("a", "b"), (" ", "ab")], 10.0)
    >>> curves["n_tokens"].tolist(), curves["bits_per_token"].tolist()
    ([5, 3, 2], [2.0, 3.3333333333333335, 5.0])
    """
    _check_text(text)
    if not text:
        raise ValueError("text is empty")
    total_bits = check_scalar(total_bits, "total_bits", low=0.0)
    n_tokens = bpe_token_counts(text, merges)
    n_chars, n_bytes = len(text), len(text.encode("utf-8"))
    bits_per_token = total_bits / n_tokens
    return {
        "n_merges": np.arange(n_tokens.size),
        "n_tokens": n_tokens,
        "chars_per_token": n_chars / n_tokens,
        "bits_per_token": bits_per_token,
        "token_perplexity": 2.0**bits_per_token,
        "n_chars": n_chars,
        "n_bytes": n_bytes,
        "bits_per_char": total_bits / n_chars,
        "bits_per_byte": total_bits / n_bytes,
        "char_perplexity": 2.0 ** (total_bits / n_chars),
        "byte_perplexity": 2.0 ** (total_bits / n_bytes),
        "total_bits": float(total_bits),
    }
