r"""Discrete information measures: surprise, entropy, cross-entropy, KL, JS,
mutual information and perplexity.

Conventions (see ``docs/API.md``): distributions lie along the last axis
(``axis=-1``; scipy uses axis 0), leading axes are a batch; results are in
bits by default (``base=2``); ``0 log 0 = 0``; inputs are validated, never
silently repaired.
"""

from __future__ import annotations

import numpy as np
from scipy.special import entr, rel_entr, xlogy

from ._checks import (
    _numeric_array,
    as_distribution,
    as_float_array,
    as_result,
    broadcast_pair,
    check_axis,
    check_base,
    check_bool,
    check_probabilities,
    check_sums,
    dtype_eps,
    sum_tolerance,
)
from ._special import SERIES_CUTOFF, compensated_sum, dd_sum, js_term, one_plus_x_log1p_minus_x, two_prod

__all__ = [
    "surprise",
    "entropy",
    "binary_entropy",
    "joint_entropy",
    "conditional_entropy",
    "mutual_information",
    "cross_entropy",
    "kl_divergence",
    "pointwise_kl",
    "js_divergence",
    "distribution_perplexity",
    "perplexity",
    "perplexity_from_nll",
]

_EPS = np.finfo(np.float64).eps
_TINY = np.finfo(np.float64).tiny


def _probabilities(p, name):
    arr = as_float_array(p, name)
    check_probabilities(arr, name)
    return arr


def _pair(p, q, axis, normalize):
    """Read two distributions: ``(p, q, recheck, atol_p, atol_q)``, broadcast with the outcome axis last.

    Not yet validated as distributions (unless ``normalize``): the fused
    kernels check them while computing, and call ``recheck()`` (the full
    validation of the inputs as given, which raises the precise error) when
    their check fails. ``atol_p``, ``atol_q``: the sum tolerances of the
    dtypes ``p`` and ``q`` came in (float32 input is valid within float32
    rounding; see :func:`~._checks.sum_tolerance`).
    """
    normalize = check_bool(normalize, "normalize")
    p_raw = _numeric_array(p, "p")
    q_raw = _numeric_array(q, "q")
    eps_p, eps_q = dtype_eps(p_raw), dtype_eps(q_raw)
    p_arr = p_raw.astype(np.float64, copy=False)
    q_arr = q_raw.astype(np.float64, copy=False)
    p_axis = check_axis(p_arr, axis, "p")
    q_axis = check_axis(q_arr, axis, "q")
    if p_arr.shape[p_axis] != q_arr.shape[q_axis]:
        raise ValueError(
            f"p has {p_arr.shape[p_axis]} outcomes along axis {axis} but q has "
            f"{q_arr.shape[q_axis]}; both must describe the same outcomes"
        )
    if normalize:
        p_arr = as_distribution(p_arr, "p", axis=axis, normalize=True)
        q_arr = as_distribution(q_arr, "q", axis=axis, normalize=True)
        eps_p = eps_q = 0.0  # rescaled in float64

    def recheck():
        as_distribution(p_arr, "p", axis=axis, eps=eps_p)
        as_distribution(q_arr, "q", axis=axis, eps=eps_q)

    p_last, q_last = broadcast_pair(np.moveaxis(p_arr, p_axis, -1), np.moveaxis(q_arr, q_axis, -1), "p", "q")
    n = p_last.shape[-1]
    return p_last, q_last, recheck, sum_tolerance(eps_p, n), sum_tolerance(eps_q, n)


def _joint_table(joint):
    """Validate a joint table whose last two axes are (x, y)."""
    raw = _numeric_array(joint, "joint")
    arr = raw.astype(np.float64, copy=False)
    if arr.ndim < 2:
        raise ValueError(f"joint must be a table with at least 2 dimensions (x, y), got shape {arr.shape}")
    check_probabilities(arr, "joint")
    atol = sum_tolerance(dtype_eps(raw), arr.shape[-2] * arr.shape[-1])
    check_sums(arr.sum(axis=(-2, -1)), "joint", "over its last two axes", hint=False, atol=atol)
    return arr


# --------------------------------------------------------------------------
# Fused validation and formula, block by block.
#
# Checking that p is a distribution (no NaN, entries in [0, 1], rows summing
# to 1) costs three passes over memory, more than the formula itself. The
# kernels below cut the rows into blocks that stay in the L2 cache and, per
# block, check and compute at once: the input is read from memory once and
# no temporary as large as the input is made. A failed check makes the
# caller re-validate the input the slow way, which raises the precise error.
# --------------------------------------------------------------------------

#: Elements per block (512 KiB of float64: a block and its buffer fit in L2).
_BLOCK = 1 << 16
#: Below the log of every positive float64 (log 5e-324 = -744.4): the log of
#: p = 0, -inf, is raised to it, so that its term p log p = 0 * _LOG_FLOOR = 0.
_LOG_FLOOR = -1000.0


def _rows(arr):
    """``arr`` (outcomes on the last axis) as an (m, n) array; a view when possible."""
    return arr.reshape(-1, arr.shape[-1])


def _blocks(m, n):
    """(rows, columns) slices cutting an (m, n) array into blocks of about ``_BLOCK`` elements.

    A row shorter than ``_BLOCK`` is never cut (a block holds whole rows);
    a longer one is cut into pieces of ``_BLOCK``. The cuts depend on ``n``
    only, so a row gives the same bits alone as inside a batch.
    """
    if n >= _BLOCK:
        for i in range(m):
            for j in range(0, n, _BLOCK):
                yield slice(i, i + 1), slice(j, j + _BLOCK)
    else:
        step = _BLOCK // n
        for i in range(0, m, step):
            yield slice(i, i + step), slice(None)


def _sums_ok(sums, atol):
    return bool(np.all(np.abs(sums - 1.0) <= atol))


def _entropy_rows(rows, atol):
    r""":math:`-\sum_i p_i \ln p_i` of each row of ``rows`` (m, n), checked on the way.

    Per block: ``log p`` into a buffer; its maximum is <= 0 exactly when every
    entry is in [0, 1] (NaN if an entry is negative or NaN, > 0 if above 1
    or inf); the floor turns ``log 0`` into a finite number so that
    ``0 log 0 = 0``; then ``p log p`` and the row sums of the terms and of
    ``p``. Returns ``(nats, valid)``; ``nats`` is None when an entry was out
    of range (the loop stops there). ``atol``: the tolerance on the row sums.
    """
    m, n = rows.shape
    terms = np.zeros(m)
    sums = np.zeros(m)
    buf = np.empty(min(rows.size, _BLOCK))
    with np.errstate(divide="ignore", invalid="ignore"):
        for r, c in _blocks(m, n):
            block = rows[r, c]
            logs = buf[: block.size].reshape(block.shape)
            np.log(block, out=logs)
            if not logs.max() <= 0.0:
                return None, False
            np.maximum(logs, _LOG_FLOOR, out=logs)
            np.multiply(block, logs, out=logs)
            terms[r] += logs.sum(axis=-1)
            sums[r] += block.sum(axis=-1)
    return 0.0 - terms, _sums_ok(sums, atol)  # 0.0 - x: never -0.0


def _cross_entropy_rows(p, q, atol_p, atol_q):
    r""":math:`-\sum_i p_i \ln q_i` of each row of ``p``, ``q`` (m, n), checked on the way.

    As :func:`_entropy_rows`, with ``log q`` checked through its maximum and
    ``p`` through its minimum and maximum. A row piece whose sum is NaN holds
    a ``0 log 0`` (``p = q = 0``) and is recomputed with ``xlogy``, which
    also gives ``inf`` where ``q = 0 < p``.
    """
    m, n = p.shape
    terms = np.zeros(m)
    sums_p = np.zeros(m)
    sums_q = np.zeros(m)
    buf = np.empty(min(p.size, _BLOCK))
    with np.errstate(divide="ignore", invalid="ignore"):
        for r, c in _blocks(m, n):
            pb, qb = p[r, c], q[r, c]
            logs = buf[: pb.size].reshape(pb.shape)
            np.log(qb, out=logs)
            if not (logs.max() <= 0.0 and pb.min() >= 0.0 and pb.max() <= 1.0):
                return None, False
            np.multiply(pb, logs, out=logs)
            piece = logs.sum(axis=-1)
            zero_zero = np.isnan(piece)
            if zero_zero.any():
                piece[zero_zero] = xlogy(pb[zero_zero], qb[zero_zero]).sum(axis=-1)
            terms[r] += piece
            sums_p[r] += pb.sum(axis=-1)
            sums_q[r] += qb.sum(axis=-1)
    return 0.0 - terms, _sums_ok(sums_p, atol_p) and _sums_ok(sums_q, atol_q)


def _check_rows(p, q, atol_p, atol_q):
    """Whether ``p`` and ``q`` (m, n) are rows of distributions, and whether all entries are > 0.

    One pass over memory, block by block. Returns ``(valid, positive)``;
    ``positive`` is None when an entry was out of range (the loop stops
    there).
    """
    m, n = p.shape
    sums_p = np.zeros(m)
    sums_q = np.zeros(m)
    lo_p = lo_q = np.inf
    for r, c in _blocks(m, n):
        pb, qb = p[r, c], q[r, c]
        min_p, min_q = pb.min(), qb.min()
        if not (min_p >= 0.0 and min_q >= 0.0 and pb.max() <= 1.0 and qb.max() <= 1.0):
            return False, None  # NaN fails every comparison
        lo_p, lo_q = min(lo_p, min_p), min(lo_q, min_q)
        sums_p[r] += pb.sum(axis=-1)
        sums_q[r] += qb.sum(axis=-1)
    return _sums_ok(sums_p, atol_p) and _sums_ok(sums_q, atol_q), bool(lo_p > 0.0 and lo_q > 0.0)


# --------------------------------------------------------------------------
# Internal kernels in nats, distributions on the last axis.
# --------------------------------------------------------------------------


def _kl_nats(p, q, positive=None):
    r"""Sum of ``p log(p / q)`` over the last axis, accurate near ``p = q``.

    Fast path: ``p log(p/q)`` summed, kept wherever its rigorous rounding
    bound (log accurate to a few ulps, pairwise summation) is below 1e-13 of
    the result. Elsewhere (nearly equal
    distributions, over/underflowing ratios) each term is split as
    ``p log(p/q) = q f((p-q)/q) + (p - q)`` with ``f(x) = (1+x) log(1+x) - x >= 0``
    (:func:`~._special.one_plus_x_log1p_minus_x`, a series for small ``x``),
    and the ``p - q`` parts (exact by Sterbenz's lemma) are summed with a
    compensated sum. ``positive`` (whether every entry of ``p`` and ``q`` is
    > 0) is computed when not given.

    Every choice (fast or careful, ``log`` or ``rel_entr``) is made row by
    row, so a row gives the same bits alone as inside any batch.
    """
    if positive is None:
        positive = bool(p.min() > 0 and q.min() > 0)
    if positive:  # no zeros: numpy's SIMD log is ~3x faster than rel_entr
        terms = _plogpq_positive(p, q)
    else:
        terms = rel_entr(p, q)
        rows_positive = np.all(p > 0, axis=-1) & np.all(q > 0, axis=-1)
        if rows_positive.any():  # such a row alone takes the branch above: same formula here
            terms[rows_positive] = _plogpq_positive(p[rows_positive], q[rows_positive])
    kl = terms.sum(axis=-1)
    if np.all(np.isfinite(kl)):  # rel_entr is inf wherever q = 0 < p
        genuine_inf = np.zeros(kl.shape, dtype=bool)
    else:
        genuine_inf = np.any((q == 0) & (p > 0), axis=-1)
    n = p.shape[-1]
    abs_sum = np.abs(terms, out=terms).sum(axis=-1)  # terms are not needed after this
    bound = _EPS * (p.sum(axis=-1) + (np.log2(n) + 136) * abs_sum)
    fast_ok = genuine_inf | (np.isfinite(kl) & (bound <= 1e-13 * np.abs(kl)))
    if np.all(fast_ok):
        return np.where(genuine_inf, np.inf, kl)
    return np.where(fast_ok, np.where(genuine_inf, np.inf, kl), _kl_careful(p, q, genuine_inf))


def _plogpq_positive(p, q):
    """``p log(p / q)`` elementwise for ``p, q > 0`` (a ratio that over/underflows is caught by the caller)."""
    with np.errstate(over="ignore", under="ignore", divide="ignore"):
        terms = p / q  # a ratio that over/underflows gives a non-finite sum: careful path
        np.log(terms, out=terms)
        terms *= p
    return terms


def _kl_careful(p, q, genuine_inf):
    both = (p > 0) & (q > 0)
    q_safe = np.where(both, q, 1.0)
    p_safe = np.where(both, p, 1.0)
    diff = np.where(both, p - q, 0.0)
    with np.errstate(over="ignore", under="ignore", divide="ignore"):
        x = diff / q_safe  # may overflow for subnormal q: such terms are "far"
        near = both & (np.abs(x) < SERIES_CUTOFF)
        far = both & ~near
        ratio = p_safe / q_safe
        log_ratio = np.where(
            np.isfinite(ratio) & (ratio >= _TINY),
            np.log(np.where(np.isfinite(ratio) & (ratio > 0), ratio, 1.0)),
            np.log(p_safe) - np.log(q_safe),
        )
    near_terms = np.where(near, q_safe * one_plus_x_log1p_minus_x(np.where(near, x, 0.0)), 0.0)
    far_terms = np.where(far, p_safe * log_ratio, 0.0)
    linear = compensated_sum(np.where(near, diff, 0.0))
    kl = near_terms.sum(axis=-1) + far_terms.sum(axis=-1) + linear
    return np.where(genuine_inf, np.inf, kl)


def _mi_nats(joint):
    r"""I(X; Y) in nats of the table(s) ``joint[..., x, y]``, accurate near independence.

    With :math:`S = \sum J`, marginals :math:`p_x, p_y` and
    :math:`Q = p_x p_y / S` (the independent table with the same total),
    :math:`\sum J \log(J/Q) = \sum Q\, f(x)` with :math:`f(x) = (1+x)\ln(1+x) - x`
    and :math:`x = (J S - p_x p_y) / (p_x p_y)`, because :math:`\sum (J - Q) = 0`
    exactly. Every term is >= 0. Rounding ``p_x p_y`` to float64 would
    change ``x`` by ~1e-16, which near independence (``x`` ~ 1e-9) is
    everything, so ``S``, the marginals and the numerator of ``x`` are
    computed in double-double. The result is the MI of the distribution
    ``joint / S``.
    """
    flat = joint.reshape(joint.shape[:-2] + (-1,))
    s_hi, s_lo = (v[..., None, None] for v in dd_sum(flat, axis=-1))
    px_hi, px_lo = (v[..., :, None] for v in dd_sum(joint, axis=-1))
    py_hi, py_lo = (v[..., None, :] for v in dd_sum(joint, axis=-2))
    # numerator J S - px py: the leading parts cancel exactly (Sterbenz) near independence
    a1, a2 = two_prod(joint, s_hi)
    b1, b2 = two_prod(px_hi, py_hi)
    num = (a1 - b1) + ((a2 - b2) + (joint * s_lo - (px_hi * py_lo + px_lo * py_hi)))
    prod = b1  # px py rounded: only scales x and Q, relative error ~1e-16
    ok = prod >= _TINY  # else px py underflows: take the logarithms apart
    prod_safe = np.where(ok, prod, 1.0)
    x = np.where(joint > 0, np.maximum(num / prod_safe, -1.0), -1.0)
    terms = np.where(ok, (prod_safe / s_hi) * one_plus_x_log1p_minus_x(np.where(ok, x, 0.0)), 0.0)
    tiny = ~ok & (joint > 0)
    if np.any(tiny):  # J log(J/Q) - J + Q with log Q = log px + log py - log S
        j = np.where(tiny, joint, 1.0)
        log_q = np.log(np.where(tiny, px_hi, 1.0)) + np.log(np.where(tiny, py_hi, 1.0)) - np.log(s_hi)
        terms = terms + np.where(tiny, j * (np.log(j) - log_q) - j + prod / s_hi, 0.0)
    return terms.sum(axis=(-2, -1)) / s_hi[..., 0, 0]


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def surprise(p, *, base=2):
    r"""Information content (surprise) of events with probability ``p``.

    .. math:: I(p) = -\log_b p

    Parameters
    ----------
    p : array_like
        Probabilities in [0, 1], elementwise.
    base : float, default 2
        Logarithm base: 2 gives bits, ``numpy.e`` nats.

    Returns
    -------
    float or ndarray
        ``-log_b p``; ``inf`` where ``p = 0``, ``0`` where ``p = 1``.

    Examples
    --------
    >>> print(surprise(0.5))
    1.0
    """
    log_b = check_base(base)
    arr = _probabilities(p, "p")
    with np.errstate(divide="ignore"):  # -log 0 = inf is the right answer
        nats = 0.0 - np.log(arr)  # 0.0 - ... turns -0.0 into 0.0
    return as_result(nats / log_b)


def entropy(p, *, base=2, axis=-1, normalize=False):
    r"""Shannon entropy of the distribution(s) ``p``.

    .. math:: H(p) = -\sum_i p_i \log_b p_i, \qquad 0 \log 0 = 0

    Parameters
    ----------
    p : array_like
        Probability vectors along ``axis``; other axes are a batch.
    base : float, default 2
        Logarithm base (2: bits, ``numpy.e``: nats).
    axis : int, default -1
        The outcome axis (scipy uses 0; this library uses the last).
    normalize : bool, default False
        Rescale non-negative weights to sum to 1 instead of requiring it.

    Returns
    -------
    float or ndarray
        ``0 <= H(p) <= log_b n`` for ``n`` outcomes; shaped like the batch.

    Examples
    --------
    >>> print(entropy([0.5, 0.5]))
    1.0
    """
    log_b = check_base(base)
    return as_result(_entropy_nats(p, axis, normalize) / log_b)


def _entropy_nats(p, axis, normalize):
    """Validated entropy in nats, shaped like the batch (see :func:`_entropy_rows`)."""
    if check_bool(normalize, "normalize"):
        arr, eps = as_distribution(p, "p", axis=axis, normalize=True), 0.0
    else:
        raw = _numeric_array(p, "p")
        arr, eps = raw.astype(np.float64, copy=False), dtype_eps(raw)
    axis = check_axis(arr, axis, "p")
    last = np.moveaxis(arr, axis, -1)
    nats, valid = _entropy_rows(_rows(last), sum_tolerance(eps, last.shape[-1]))
    if not valid:
        as_distribution(arr, "p", axis=axis, eps=eps)  # raises the precise error
    if nats is None:  # pragma: no cover - as_distribution raised: an entry is out of range
        nats = entr(_rows(last)).sum(axis=-1)
    return nats.reshape(last.shape[:-1])


def binary_entropy(p, *, base=2):
    r"""Entropy of a Bernoulli(``p``) variable, elementwise.

    .. math:: H_b(p) = -p \log_b p - (1 - p) \log_b (1 - p)

    Computed on ``m = min(p, 1 - p)`` (exact by Sterbenz's lemma) as
    ``-m log m - (1 - m) log1p(-m)``, so it stays accurate for ``p`` within
    a few ulps of 0 or 1 (e.g. ``p = 1e-17``).

    Returns
    -------
    float or ndarray
        Between 0 and 1 bit; 1 bit at ``p = 0.5``.
    """
    from scipy.special import xlog1py

    log_b = check_base(base)
    arr = _probabilities(p, "p")
    m = np.minimum(arr, 1.0 - arr)
    nats = 0.0 - (xlogy(m, m) + xlog1py(1.0 - m, -m))  # 0.0 - x: never -0.0
    return as_result(nats / log_b)


def joint_entropy(joint, *, base=2):
    r"""Joint entropy :math:`H(X, Y)` of a joint probability table.

    .. math:: H(X, Y) = -\sum_{x, y} p(x, y) \log_b p(x, y)

    Parameters
    ----------
    joint : array_like, shape (..., n_x, n_y)
        ``joint[x, y] = P(X = x, Y = y)``; all entries of a table sum to 1.
        Leading axes are a batch of tables.
    """
    log_b = check_base(base)
    arr = _joint_table(joint)
    nats = entr(arr).sum(axis=(-2, -1))
    return as_result(nats / log_b)


def conditional_entropy(joint, *, base=2):
    r"""Conditional entropy :math:`H(Y \mid X)` from ``joint[x, y]``.

    .. math:: H(Y \mid X) = -\sum_{x, y} p(x, y) \log_b \frac{p(x, y)}{p(x)}

    Every term is >= 0, so the result is never negative.
    """
    log_b = check_base(base)
    arr = _joint_table(joint)
    p_x = arr.sum(axis=-1, keepdims=True)
    nats = 0.0 - rel_entr(arr, p_x).sum(axis=(-2, -1))  # 0.0 - x: never -0.0
    return as_result(nats / log_b)


def mutual_information(joint, *, base=2):
    r"""Mutual information :math:`I(X; Y)` from a joint table ``joint[x, y]``.

    .. math::

        I(X; Y) = \sum_{x, y} p(x, y) \log_b \frac{p(x, y)}{p(x)\, p(y)}
                = H(X) + H(Y) - H(X, Y)

    Computed as :math:`D_{KL}(p_{XY} \,\|\, p_X p_Y)` written as a sum of
    non-negative terms, with the marginals and the product table's
    differences in double-double arithmetic, so near-independent tables keep
    their digits (rounding :math:`p_X p_Y` to float64 alone would cost them
    all); the result is never negative.
    """
    log_b = check_base(base)
    arr = _joint_table(joint)
    nats = _mi_nats(arr)
    return as_result(np.maximum(nats, 0.0) / log_b)


def cross_entropy(p, q, *, base=2, axis=-1, normalize=False):
    r"""Cross-entropy :math:`H(p, q)` of model ``q`` on data from ``p``.

    .. math:: H(p, q) = -\sum_i p_i \log_b q_i = H(p) + D_{KL}(p \,\|\, q)

    The average code length (in bits for base 2) of data drawn from ``p``
    when encoded with the optimal code for ``q``. ``inf`` where some
    ``q_i = 0 < p_i``.
    """
    log_b = check_base(base)
    p_arr, q_arr, recheck, atol_p, atol_q = _pair(p, q, axis, normalize)
    nats, valid = _cross_entropy_rows(_rows(p_arr), _rows(q_arr), atol_p, atol_q)
    if not valid:
        recheck()  # raises the precise error
    if nats is None:  # pragma: no cover - recheck raised: an entry is out of range
        nats = -xlogy(_rows(p_arr), _rows(q_arr)).sum(axis=-1)
    return as_result(nats.reshape(p_arr.shape[:-1]) / log_b)


def kl_divergence(p, q, *, base=2, axis=-1, normalize=False):
    r"""Kullback–Leibler divergence :math:`D_{KL}(p \,\|\, q)`.

    .. math:: D_{KL}(p \,\|\, q) = \sum_i p_i \log_b \frac{p_i}{q_i}

    The divergence of ``q`` *from* the reference ``p`` (argument order as in
    the article). ``>= 0`` (Gibbs), ``0`` iff ``p = q``, not symmetric, and
    ``inf`` where some ``q_i = 0 < p_i``. Accurate to ~1e-13 relative even
    for nearly equal distributions, where the naive sum cancels.

    The result is the sum for the stored numbers, not clipped: when ``p`` and
    ``q`` are almost equal and their sums differ from 1 by rounding (a few
    ulps), that sum can be a few ulps below 0 (e.g. -2e-16) even though
    Gibbs' inequality holds for exact distributions.
    """
    log_b = check_base(base)
    p_arr, q_arr, recheck, atol_p, atol_q = _pair(p, q, axis, normalize)
    p_rows, q_rows = _rows(p_arr), _rows(q_arr)
    valid, positive = _check_rows(p_rows, q_rows, atol_p, atol_q)
    if not valid:
        recheck()  # raises the precise error
    nats = _kl_nats(p_rows, q_rows, positive)
    return as_result(nats.reshape(p_arr.shape[:-1]) / log_b)


def pointwise_kl(p, q, *, base=2):
    r"""The terms of :math:`D_{KL}(p \,\|\, q)`, elementwise (no sum, no validation of sums).

    .. math:: d_i = p_i \log_b \frac{p_i}{q_i}, \qquad 0 \log \tfrac{0}{q} = 0

    A term is negative where :math:`q_i > p_i` and ``inf`` where
    :math:`q_i = 0 < p_i`; summed over a distribution they give the
    (non-negative) KL divergence. Inputs are probabilities in [0, 1].
    """
    log_b = check_base(base)
    p_arr = _probabilities(p, "p")
    q_arr = _probabilities(q, "q")
    p_arr, q_arr = broadcast_pair(p_arr, q_arr, "p", "q")
    return as_result(rel_entr(p_arr, q_arr) / log_b)


def js_divergence(p, q, *, base=2, axis=-1, normalize=False):
    r"""Jensen–Shannon divergence (the divergence, not its square root).

    .. math::

        JS(p, q) = \tfrac12 D_{KL}(p \,\|\, m) + \tfrac12 D_{KL}(q \,\|\, m),
        \qquad m = \tfrac12 (p + q)

    Symmetric, finite, between 0 and 1 bit. Computed term by term as
    :math:`\tfrac{s}{4} f(d/s)` with :math:`s = p_i + q_i`, :math:`d = p_i - q_i`
    and :math:`f(y) = (1+y)\ln(1+y) + (1-y)\ln(1-y) \ge 0`, which never cancels.
    ``scipy.spatial.distance.jensenshannon`` returns the square root.
    """
    log_b = check_base(base)
    p_arr, q_arr, recheck, _, _ = _pair(p, q, axis, normalize)
    recheck()
    total = p_arr + q_arr
    y = np.divide(p_arr - q_arr, total, out=np.zeros_like(total), where=total > 0)
    nats = (0.25 * total * js_term(y)).sum(axis=-1)
    return as_result(nats / log_b)


def distribution_perplexity(p, *, axis=-1):
    r"""Perplexity of a distribution: the effective number of choices.

    .. math:: \mathrm{PP}(p) = 2^{H_2(p)} = e^{H_e(p)}

    A uniform distribution over ``k`` outcomes has perplexity exactly ``k``.
    """
    return as_result(np.exp(_entropy_nats(p, axis, False)))


def perplexity(token_probs, *, axis=-1):
    r"""Corpus perplexity from the probabilities a model gave the observed tokens.

    .. math::

        \mathrm{PP} = \exp\Big(-\frac{1}{N} \sum_{t=1}^{N} \ln q(x_t \mid x_{<t})\Big)

    The exponential of the mean negative log-probability over all tokens
    along ``axis`` (corpus perplexity, not a mean of per-text
    perplexities). ``inf`` if a token got probability 0.
    """
    arr = _probabilities(token_probs, "token_probs")
    axis = check_axis(arr, axis, "token_probs")
    with np.errstate(divide="ignore"):
        mean_nll = -np.log(arr).mean(axis=axis)
    with np.errstate(over="ignore"):  # e.g. [5e-324] * 3: 2e323 is beyond float64, inf is its rounding
        return as_result(np.exp(mean_nll))


def perplexity_from_nll(mean_nll, *, base=np.e):
    r"""Perplexity from an average negative log-likelihood per token.

    .. math:: \mathrm{PP} = b^{\overline{\mathrm{NLL}}}

    ``base`` is the unit of ``mean_nll``: ``numpy.e`` for a loss in nats
    (as ML frameworks report it), 2 for bits per token.
    """
    log_b = check_base(base)
    arr = as_float_array(mean_nll, "mean_nll")
    if np.isnan(arr).any():
        raise ValueError("mean_nll contains NaN")
    if np.any(arr < 0):
        raise ValueError(f"mean_nll must be >= 0 (a negative log-probability), got {np.min(arr):g}")
    with np.errstate(over="ignore"):  # a huge loss is an infinite perplexity
        return as_result(np.exp(arr * log_b))
