r"""Character n-gram language models, a built-in English corpus, and perplexity.

A character n-gram model predicts each character from the ``n - 1``
characters before it, with add-k (Laplace for ``k = 1``) smoothing:

.. math::

    q(x_t \mid c) = \frac{N(c, x_t) + k}{N(c) + k V}, \qquad
    c = x_{t-n+1} \dots x_{t-1},

where :math:`N` counts occurrences in the training text and :math:`V` is
the vocabulary size. Perplexity and bits per character on held-out text are
computed with :func:`infotheory_lib.measures.perplexity` and
:func:`infotheory_lib.measures.surprise`:

.. math::

    \mathrm{PP} = \exp\Big(-\frac1N \sum_t \ln q(x_t \mid c_t)\Big), \qquad
    \mathrm{bpc} = -\frac1N \sum_t \log_2 q(x_t \mid c_t) = \log_2 \mathrm{PP}.

Only numpy is used; counts are kept in sorted numpy arrays, so fitting a
5-gram model on half a million characters takes a fraction of a second.
"""

from __future__ import annotations

import re

import numpy as np

from ._checks import check_bool, check_scalar
from .measures import perplexity as _perplexity
from .measures import surprise as _surprise

__all__ = ["CharNGramModel", "load_corpus", "train_test_split_text", "UNK"]

#: The vocabulary entry that stands for every character not seen in training.
#: It has several characters, so it can never collide with a real character.
UNK = "<unk>"


def _check_text(text, name="text", *, allow_empty=False):
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a str, got {type(text).__name__}")
    if not text and not allow_empty:
        raise ValueError(f"{name} is empty")
    return text


def _codepoints(text):
    """The Unicode code points of ``text`` as a uint32 array (vectorised)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


class CharNGramModel:
    r"""Character n-gram model with add-k smoothing.

    Parameters
    ----------
    n : int, >= 1
        Order of the model: each character is predicted from the ``n - 1``
        characters before it (``n = 1``: character frequencies only).
    k : float, >= 0, default 1.0
        Add-k smoothing pseudo-count. ``k = 1`` is Laplace smoothing; small
        ``k`` trusts the counts more (and overfits for large ``n``);
        ``k = 0`` is the maximum-likelihood model, which gives probability 0
        (so infinite perplexity) to any character never seen after its
        context in training.
    backoff : bool, default False
        What to do with a context never seen in training. ``False`` (plain
        add-k): the uniform distribution ``1/V``. ``True``: drop the oldest
        character of the context until a context seen in training remains
        (the empty context always is) and use that shorter context's add-k
        distribution. Both are proper distributions; ``True`` keeps
        :meth:`sample` from drifting into noise after one unlikely character
        and lowers held-out perplexity for large ``n``.

    Attributes
    ----------
    alphabet : tuple of str
        Set by :meth:`fit`: the training characters, sorted, then :data:`UNK`.
    vocab_size : int
        ``V = len(alphabet)``.

    Notes
    -----
    **Vocabulary.** Fixed by :meth:`fit`: the distinct characters of the
    training text, sorted, plus one unknown slot :data:`UNK` (last). Any
    character not seen in training (in a context or as the predicted
    character) is mapped to :data:`UNK`, so held-out text with new
    characters gets a smoothed probability instead of an error. ``V`` =
    number of training characters + 1.

    **Start of text.** A text is preceded by ``n - 1`` start-of-text markers
    (not part of the vocabulary, never predicted), so its first character is
    predicted from the context "start of text". The same holds in
    :meth:`fit`, :meth:`token_probs`, and for a ``context`` shorter than
    ``n - 1`` characters: ``token_probs(text)[i] == prob(text[:i], text[i])``.

    **Unseen contexts.** Without ``backoff``, a context that never occurred
    in training gets the uniform distribution :math:`1/V`: that is what
    add-k gives for any ``k > 0`` (all counts are 0), and for ``k = 0`` it
    is the limit ``k -> 0``. With ``backoff=True`` the longest suffix of
    the context seen in training is used instead.

    Examples
    --------
    >>> model = CharNGramModel(2, k=1.0).fit("abababab")
    >>> model.alphabet
    ('a', 'b', '<unk>')
    >>> float(model.prob("a", "b"))  # (4 + 1) / (4 + 1 * 3)
    0.7142857142857143
    """

    def __init__(self, n, *, k=1.0, backoff=False):
        self.n = check_scalar(n, "n", integer=True, low=1)
        self.k = check_scalar(k, "k", low=0.0)
        self.backoff = check_bool(backoff, "backoff")
        self._fitted = False

    def __repr__(self):
        return f"CharNGramModel(n={self.n}, k={self.k:g}, backoff={self.backoff})"

    # ------------------------------------------------------------------
    # Fitting
    # ------------------------------------------------------------------

    def fit(self, text):
        """Count the n-grams of ``text`` (a non-empty str); returns ``self``.

        Refitting replaces the vocabulary and all counts.
        """
        _check_text(text)
        cps = _codepoints(text)
        self._vocab_cps = np.unique(cps)
        self.alphabet = tuple(chr(c) for c in self._vocab_cps.tolist()) + (UNK,)
        self.vocab_size = len(self.alphabet)  # V, including UNK
        self._unk = self.vocab_size - 1
        self._bos = self.vocab_size  # start marker: context only
        self._base = self.vocab_size + 1  # number of distinct context symbols
        ids = self._ids(cps)
        padded = self._pad(ids)
        n_pos = ids.size
        # Context ids are built suffix by suffix: the id of the last j
        # characters is the rank of (id of the last j-1, character j back).
        # Codes stay below n_pos * base, so there is no overflow for any n.
        self._levels = []  # sorted codes of the contexts of length 1..n-1
        self._stats = [None] * self.n  # per context length: (totals, pairs, pair counts)
        ctx = np.zeros(n_pos, dtype=np.int64)
        for j in range(self.n):
            if self.backoff or j == self.n - 1:
                totals = np.bincount(ctx, minlength=int(ctx.max()) + 1)
                pairs, counts = np.unique(ctx * self.vocab_size + ids, return_counts=True)
                self._stats[j] = (totals.astype(np.float64), pairs, counts.astype(np.float64))
            if j < self.n - 1:
                code = ctx * self._base + padded[self.n - 2 - j : self.n - 2 - j + n_pos]
                uniq, ctx = np.unique(code, return_inverse=True)
                self._levels.append(uniq)
                ctx = ctx.astype(np.int64, copy=False).ravel()
        self._fitted = True
        return self

    # ------------------------------------------------------------------
    # Internals
    # ------------------------------------------------------------------

    def _require_fit(self):
        if not self._fitted:
            raise RuntimeError("this CharNGramModel is not fitted yet; call fit(text) first")

    def _ids(self, cps):
        """Vocabulary ids of code points; unseen characters map to UNK."""
        pos = np.searchsorted(self._vocab_cps, cps)
        pos_c = np.minimum(pos, self._vocab_cps.size - 1)
        return np.where(self._vocab_cps[pos_c] == cps, pos_c, self._unk).astype(np.int64)

    def _pad(self, ids):
        return np.concatenate([np.full(self.n - 1, self._bos, dtype=np.int64), ids])

    def _walk(self, padded, n_pos):
        """Yield (j, context ids, seen) for context lengths j = 0..n-1.

        ``padded`` holds n-1 start markers then the ``n_pos`` characters
        whose contexts are wanted; ``seen`` marks contexts met in training
        (it can only shrink as j grows). Ids are 0 where not seen.
        """
        ctx = np.zeros(n_pos, dtype=np.int64)
        seen = np.ones(n_pos, dtype=bool)
        yield 0, ctx, seen
        for j, uniq in enumerate(self._levels, start=1):
            code = ctx * self._base + padded[self.n - 1 - j : self.n - 1 - j + n_pos]
            pos = np.minimum(np.searchsorted(uniq, code), uniq.size - 1)
            seen = seen & (uniq[pos] == code)
            ctx = np.where(seen, pos, 0)
            yield j, ctx, seen

    def _probs(self, padded, ids):
        """Probability of each character id in ``ids`` given its context in ``padded``."""
        V = self.vocab_size
        out = np.full(ids.size, 1.0 / V)  # a context never seen: uniform
        for j, ctx, seen in self._walk(padded, ids.size):
            if self._stats[j] is None:
                continue
            totals, pairs, counts = self._stats[j]
            code = ctx * V + ids
            pos = np.minimum(np.searchsorted(pairs, code), pairs.size - 1)
            count = np.where(pairs[pos] == code, counts[pos], 0.0)
            # the longest seen context wins: later (longer) levels overwrite
            out = np.where(seen, (count + self.k) / (totals[ctx] + self.k * V), out)
        return out

    def _distribution(self, context):
        """Next-character distribution (length V) after the str ``context``."""
        V = self.vocab_size
        tail = context[max(0, len(context) - (self.n - 1)) :] if self.n > 1 else ""
        ids = self._ids(_codepoints(tail))
        padded = np.concatenate([np.full(self.n - 1 - ids.size, self._bos, dtype=np.int64), ids])
        best = None
        for j, ctx, seen in self._walk(padded, 1):
            if not seen[0]:
                break
            if self._stats[j] is not None:
                best = j, int(ctx[0])
        if best is None:
            return np.full(V, 1.0 / V)
        j, cid = best
        totals, pairs, counts = self._stats[j]
        lo, hi = np.searchsorted(pairs, [cid * V, (cid + 1) * V])
        dist = np.zeros(V)
        dist[pairs[lo:hi] - cid * V] = counts[lo:hi]
        return (dist + self.k) / (totals[cid] + self.k * V)

    # ------------------------------------------------------------------
    # Probabilities
    # ------------------------------------------------------------------

    def next_char_distribution(self, context=""):
        """The model's distribution of the next character after ``context``.

        Parameters
        ----------
        context : str
            The text so far; only its last ``n - 1`` characters matter. A
            shorter context is the start of a text (padded with start markers).

        Returns
        -------
        alphabet : tuple of str
            The vocabulary, sorted, with :data:`UNK` last.
        probs : ndarray of float64, shape (V,)
            Probabilities in the order of ``alphabet``; they sum to 1.
        """
        self._require_fit()
        _check_text(context, "context", allow_empty=True)
        return self.alphabet, self._distribution(context)

    def next_char_distributions(self, contexts):
        """The next-character distributions after several contexts, computed together (batched).

        Row ``i`` equals ``next_char_distribution(contexts[i])[1]`` exactly
        (the same floating-point operations, so an arithmetic coder that
        mixes both gets the same integers), at a fraction of the cost of one
        call per context: the context lookups run as array operations over
        all contexts at once.

        Parameters
        ----------
        contexts : sequence of str
            Only the last ``n - 1`` characters of each matter; a shorter one
            is the start of a text.

        Returns
        -------
        alphabet : tuple of str
            As for :meth:`next_char_distribution`.
        probs : ndarray of float64, shape (len(contexts), V)
        """
        self._require_fit()
        if isinstance(contexts, (str, bytes)) or not hasattr(contexts, "__iter__"):
            raise TypeError(f"contexts must be a sequence of str, got {type(contexts).__name__}")
        contexts = list(contexts)
        for i, context in enumerate(contexts):
            if not isinstance(context, str):
                raise TypeError(f"contexts[{i}] must be a str, got {type(context).__name__}")
        V, L, m = self.vocab_size, self.n - 1, len(contexts)
        out = np.full((m, V), 1.0 / V)  # a context never seen at any length: uniform (as _distribution)
        if m == 0:
            return self.alphabet, out
        # rows[i] = the last L characters of contexts[i] as ids, start markers in front
        rows = np.full((m, L), self._bos, dtype=np.int64)
        if L:
            tails = [c[max(0, len(c) - L) :] for c in contexts]
            lengths = np.array([len(t) for t in tails], dtype=np.int64)
            if lengths.sum():
                ids = self._ids(_codepoints("".join(tails)))
                row_of = np.repeat(np.arange(m), lengths)
                starts = np.cumsum(lengths) - lengths
                col = L - lengths[row_of] + (np.arange(ids.size) - starts[row_of])
                rows[row_of, col] = ids
        # the walk of _walk, over all contexts at once: level j adds the character j back
        ctx = np.zeros(m, dtype=np.int64)
        seen = np.ones(m, dtype=bool)
        best_level = np.where(seen, 0 if self._stats[0] is not None else -1, -1)
        best_ctx = np.zeros(m, dtype=np.int64)
        for j, uniq in enumerate(self._levels, start=1):
            code = ctx * self._base + rows[:, L - j]
            pos = np.minimum(np.searchsorted(uniq, code), uniq.size - 1)
            seen = seen & (uniq[pos] == code)
            ctx = np.where(seen, pos, 0)
            if self._stats[j] is not None:
                best_level = np.where(seen, j, best_level)
                best_ctx = np.where(seen, ctx, best_ctx)
        symbols = np.arange(V, dtype=np.int64)
        for j in np.unique(best_level[best_level >= 0]).tolist():
            which = np.flatnonzero(best_level == j)
            totals, pairs, counts = self._stats[j]
            cid = best_ctx[which]
            code = cid[:, None] * V + symbols[None, :]
            pos = np.minimum(np.searchsorted(pairs, code), pairs.size - 1)
            dist = np.where(pairs[pos] == code, counts[pos], 0.0)
            out[which] = (dist + self.k) / (totals[cid][:, None] + self.k * V)
        return self.alphabet, out

    def prob(self, context, char):
        r"""Probability :math:`q(\mathrm{char} \mid \mathrm{context})`.

        ``char`` is one character (or :data:`UNK`); a character outside the
        vocabulary gets the probability of the unknown slot.
        """
        self._require_fit()
        _check_text(context, "context", allow_empty=True)
        if not isinstance(char, str):
            raise TypeError(f"char must be a str of one character, got {type(char).__name__}")
        if char == UNK:
            idx = self._unk
        elif len(char) == 1:
            idx = int(self._ids(_codepoints(char))[0])
        else:
            raise ValueError(f"char must be one character (or UNK), got {char!r} of length {len(char)}")
        return np.float64(self._distribution(context)[idx])

    def token_probs(self, text):
        r"""Probability the model gave each character of ``text``.

        Element ``i`` is :math:`q(x_i \mid x_{i-n+1} \dots x_{i-1})`, the
        text being preceded by ``n - 1`` start markers, so that
        ``token_probs(text)[i] == prob(text[:i], text[i])``.

        Returns
        -------
        ndarray of float64, shape (len(text),)
        """
        self._require_fit()
        _check_text(text)
        ids = self._ids(_codepoints(text))
        return self._probs(self._pad(ids), ids)

    def perplexity(self, text):
        r"""Perplexity of the model on ``text``.

        .. math:: \mathrm{PP} = \exp\Big(-\frac1N \sum_{t=1}^{N} \ln q(x_t \mid c_t)\Big)

        Computed by :func:`infotheory_lib.measures.perplexity` from
        :meth:`token_probs`. ``inf`` if some character got probability 0
        (possible only with ``k = 0``); the uniform model has perplexity ``V``.
        """
        return _perplexity(self.token_probs(text))

    def bits_per_char(self, text):
        r"""Average surprise per character of ``text``, in bits.

        .. math:: \mathrm{bpc} = -\frac1N \sum_{t=1}^{N} \log_2 q(x_t \mid c_t) = \log_2 \mathrm{PP}

        The cross-entropy (in bits) between the text and the model: the
        average code length an ideal coder driven by the model would need.
        """
        return np.float64(np.mean(_surprise(self.token_probs(text), base=2)))

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------

    def sample(self, length, *, seed=0, prompt=""):
        """Generate ``length`` characters after ``prompt``.

        Each character is drawn from :meth:`next_char_distribution` of the
        text so far (prompt included), restricted to the training characters
        (the :data:`UNK` slot is left out and the rest renormalised), so the
        output contains only characters of the vocabulary.

        Parameters
        ----------
        length : int, >= 0
            Number of characters to generate.
        seed : int, >= 0
            Seed of ``numpy.random.default_rng``; the same seed gives the same text.
        prompt : str
            Text to continue; it is not included in the result.

        Returns
        -------
        str
            The ``length`` generated characters.
        """
        self._require_fit()
        length = check_scalar(length, "length", integer=True, low=0)
        seed = check_scalar(seed, "seed", integer=True, low=0)
        _check_text(prompt, "prompt", allow_empty=True)
        rng = np.random.default_rng(seed)
        history = prompt[max(0, len(prompt) - (self.n - 1)) :] if self.n > 1 else ""
        chars = self.alphabet[:-1]
        out = []
        cdfs = {}  # context -> cumulative distribution over the training characters
        for u in rng.random(length):
            cdf = cdfs.get(history)
            if cdf is None:
                cdf = cdfs[history] = np.cumsum(self._distribution(history)[:-1])
            idx = min(int(np.searchsorted(cdf, u * cdf[-1], side="right")), len(chars) - 1)
            out.append(chars[idx])
            if self.n > 1:
                history = (history + chars[idx])[-(self.n - 1) :]
        return "".join(out)


# --------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------


def load_corpus(*, lowercase=False):
    """English text that ships with the library: Python's ``help()`` topics.

    The text of ``pydoc_data.topics`` from CPython 3.11.7 (Python's
    built-in help pages on statements, operators, the data model, ...),
    stored in ``infotheory_lib/data/pydoc_topics.txt`` (source, licence and
    normalisation in ``data/README.md``): the topics in sorted key order,
    separated by one blank line, tabs as spaces, no trailing spaces.
    About 0.46 million characters. Stored rather than read from the running
    interpreter, so every Python version gets the same text and the same
    numbers.

    Parameters
    ----------
    lowercase : bool, default False
        Lower-case the text (a smaller vocabulary).

    Returns
    -------
    str
    """
    lowercase = check_bool(lowercase, "lowercase")
    from importlib.resources import files

    text = files(__package__).joinpath("data", "pydoc_topics.txt").read_text(encoding="utf-8").strip()
    return text.lower() if lowercase else text


def train_test_split_text(text, test_fraction=0.1):
    """Split a text into training and held-out text by whole paragraphs.

    Paragraphs (blocks separated by blank lines) are dealt out in order:
    a paragraph goes to the test part whenever the test part holds less
    than ``test_fraction`` of the characters before it. The held-out
    paragraphs are thus spread evenly through the text, and the split is
    deterministic (no randomness). Each part is its paragraphs re-joined
    with one blank line.

    Parameters
    ----------
    text : str
        At least two paragraphs.
    test_fraction : float, 0 < test_fraction < 1
        Approximate fraction of the characters held out.

    Returns
    -------
    (train, test) : tuple of str
        Both non-empty.
    """
    _check_text(text)
    test_fraction = check_scalar(
        test_fraction, "test_fraction", low=0.0, high=1.0, low_open=True, high_open=True
    )
    paragraphs = [p for p in re.split(r"\n[ \t]*\n\s*", text.strip()) if p]
    train, test = [], []
    total = held = 0
    for para in paragraphs:
        # Decide before counting this paragraph, so that its length does not
        # bias the choice (counting first would hold out long paragraphs more).
        if held < test_fraction * total and train:
            test.append(para)
            held += len(para)
        else:
            train.append(para)
        total += len(para)
    if not test or not train:
        raise ValueError(
            f"text has {len(paragraphs)} paragraph(s), too few to hold out test_fraction={test_fraction:g} "
            "by whole paragraphs (paragraphs are separated by blank lines)"
        )
    return "\n\n".join(train), "\n\n".join(test)
