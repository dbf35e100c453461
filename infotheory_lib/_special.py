"""Cancellation-free building blocks for the compute modules.

Near equality (KL between almost equal distributions, a Gaussian close to the
prior), the textbook formulas subtract nearly equal numbers and lose most of
their digits. The functions here rewrite those formulas as sums of
non-negative terms, using Taylor series where the argument is small.
"""

from __future__ import annotations

import numpy as np

# Below this |x| the series are used; above it, the direct formulas lose at
# most a factor ~2/x = 40 of relative accuracy, i.e. ~1e-14.
SERIES_CUTOFF = 0.05


def _horner(x, coeffs):
    acc = np.zeros_like(x)
    for c in reversed(coeffs):
        acc = acc * x + c
    return acc


# (1 + x) log(1 + x) - x = sum_{k>=2} (-1)^k x^k / (k (k - 1))
_OPXLOG1P_COEFFS = [(-1) ** k / (k * (k - 1)) for k in range(2, 16)]
# x - log(1 + x) = sum_{k>=2} (-1)^k x^k / k
_XMLOG1P_COEFFS = [(-1) ** k / k for k in range(2, 16)]
# expm1(x) - x = sum_{k>=2} x^k / k!
_EXPM1MX_COEFFS = [1.0 / np.prod(np.arange(1.0, k + 1)) for k in range(2, 14)]
# (1+y) log(1+y) + (1-y) log(1-y) = sum_{k even >= 2} 2 y^k / (k (k - 1))
_JSF_COEFFS = [2.0 / (k * (k - 1)) for k in range(2, 18, 2)]


def _piecewise(x, series, direct):
    """Evaluate ``series`` where |x| < SERIES_CUTOFF and ``direct`` elsewhere."""
    x = np.asarray(x, dtype=np.float64)
    small = np.abs(x) < SERIES_CUTOFF
    out = np.empty_like(x)
    out[small] = series(x[small])
    out[~small] = direct(x[~small])
    return out


def one_plus_x_log1p_minus_x(x):
    """``(1 + x) log(1 + x) - x`` for x >= -1, accurate for small x (>= 0).

    The term of a KL divergence written relative to ``q``:
    ``p log(p/q) = q f((p - q)/q) + (p - q)`` with this ``f``. (Not the
    digamma function ψ that the KSG estimator uses.)
    """
    from scipy.special import xlog1py

    return _piecewise(
        x,
        lambda s: s * s * _horner(s, _OPXLOG1P_COEFFS),
        lambda d: xlog1py(1.0 + d, d) - d,
    )


def x_minus_log1p(x):
    """``x - log(1 + x)`` for x > -1, accurate for small x (>= 0)."""
    return _piecewise(
        x,
        lambda s: s * s * _horner(s, _XMLOG1P_COEFFS),
        lambda d: d - np.log1p(d),
    )


def expm1_minus_x(x):
    """``exp(x) - 1 - x``, accurate for small x (>= 0)."""
    return _piecewise(
        x,
        lambda s: s * s * _horner(s, _EXPM1MX_COEFFS),
        lambda d: np.expm1(d) - d,
    )


def js_term(y):
    """``(1+y) log(1+y) + (1-y) log(1-y)`` for |y| <= 1: even, >= 0."""
    from scipy.special import xlog1py

    return _piecewise(
        y,
        lambda s: s * s * _horner(s * s, _JSF_COEFFS),
        lambda d: xlog1py(1.0 + d, d) + xlog1py(1.0 - d, -d),
    )


def compensated_sum(x, axis=-1):
    """Sum along ``axis`` as if in twice the working precision.

    Pairwise summation where every addition also keeps its exact rounding
    error (Knuth's TwoSum); the errors are tiny and are added at the end.
    Used where a sum of signed terms cancels to a much smaller result.
    """
    hi, lo = dd_sum(x, axis=axis)
    return hi + lo


# --------------------------------------------------------------------------
# Double-double building blocks (error-free transformations).
# --------------------------------------------------------------------------

_SPLITTER = 134217729.0  # 2**27 + 1 (Dekker's split of a float64 into two halves)


def two_sum(a, b):
    """``a + b = s + e`` exactly (Knuth's TwoSum), elementwise."""
    s = a + b
    bv = s - a
    return s, (a - (s - bv)) + (b - bv)


def two_prod(a, b):
    """``a * b = p + e`` exactly (Dekker's TwoProduct), elementwise.

    Exact for ``|a|, |b| <= 1`` unless the product underflows (then the error
    term is off by at most a subnormal).
    """
    p = a * b
    c = _SPLITTER * a
    a_hi = c - (c - a)
    a_lo = a - a_hi
    c = _SPLITTER * b
    b_hi = c - (c - b)
    b_lo = b - b_hi
    return p, ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo


def dd_sum(x, axis=-1):
    """Sum along ``axis`` as a double-double ``(hi, lo)``: ``hi + lo`` is the
    sum to about twice the working precision (pairwise TwoSum: every
    addition keeps its exact rounding error)."""
    x = np.moveaxis(np.asarray(x, dtype=np.float64), axis, -1)
    errors = np.zeros(x.shape[:-1])
    while x.shape[-1] > 1:
        if x.shape[-1] % 2:
            x = np.concatenate([x, np.zeros(x.shape[:-1] + (1,))], axis=-1)
        s, e = two_sum(x[..., 0::2], x[..., 1::2])
        errors = errors + np.sum(e, axis=-1)
        x = s
    return two_sum(x[..., 0], errors)
