r"""Bounds that information puts on learning: Fano's inequality.

For any estimate :math:`\hat Y = g(X)` of a label :math:`Y` with :math:`K`
classes, the error probability :math:`P_e = P(\hat Y \ne Y)` satisfies

.. math::

    H(Y \mid X) \le H_b(P_e) + P_e \log (K - 1),

so the conditional entropy left after seeing :math:`X` puts a floor under
every classifier's error rate. Bits by default.
"""

from __future__ import annotations

import math

import numpy as np

from ._checks import as_finite_array, as_result, check_base, check_scalar
from .measures import binary_entropy

__all__ = ["fano_error_lower_bound", "fano_weak_bound", "fano_conditional_entropy"]

_BISECTION_STEPS = 64  # halves [0, 1 - 1/K] down to below the spacing of doubles near the root


def _n_classes(n_classes) -> int:
    return check_scalar(n_classes, "n_classes", integer=True, low=2)


def fano_conditional_entropy(error_rate, n_classes, *, base=2):
    r"""The right-hand side of Fano's inequality, :math:`H_b(P_e) + P_e \log(K - 1)`, elementwise.

    It is the largest :math:`H(Y \mid X)` compatible with error rate
    :math:`P_e`: increasing on :math:`[0, 1 - 1/K]` from 0 to
    :math:`\log K`, and equal to :math:`H(Y \mid X)` for the :math:`K`-ary
    symmetric channel (keep the label with probability :math:`1 - P_e`,
    else any other label uniformly).

    Parameters
    ----------
    error_rate : array_like of float in [0, 1]
        :math:`P_e`.
    n_classes : int >= 2
        :math:`K`.
    base : float, default 2

    Returns
    -------
    float or ndarray
    """
    log_b = check_base(base)
    k = _n_classes(n_classes)
    p = as_finite_array(error_rate, "error_rate")
    if np.any((p < 0) | (p > 1)):
        raise ValueError("error_rate must lie in [0, 1]")
    return as_result(binary_entropy(p, base=base) + p * (math.log(k - 1) / log_b))


def fano_error_lower_bound(conditional_entropy, n_classes, *, base=2):
    r"""The smallest error rate Fano's inequality allows, elementwise.

    .. math::

        P_e^{\min}(H) = \min \{ P_e \in [0, 1 - 1/K] :
                        H_b(P_e) + P_e \log(K - 1) \ge H \}

    where :math:`H = H(Y \mid X)`. The right-hand side increases on
    :math:`[0, 1 - 1/K]` from 0 to :math:`\log K`, so the root is unique;
    it is found by bisection to the last bit of a double. Every classifier
    :math:`\hat Y = g(X)` has :math:`P(\hat Y \ne Y) \ge P_e^{\min}`.
    The bound is tight for the :math:`K`-ary symmetric channel. The weaker
    closed form :math:`(H - 1\,\text{bit}) / \log K` is
    :func:`fano_weak_bound`.

    Parameters
    ----------
    conditional_entropy : array_like of float in [0, log K]
        :math:`H(Y \mid X)` in the unit of ``base``. A value above
        :math:`\log K` by no more than rounding (relative 1e-12) is read as
        :math:`\log K`; more is a ``ValueError``.
    n_classes : int >= 2
        The number of classes :math:`K`.
    base : float, default 2
        The unit of ``conditional_entropy`` (bits by default).

    Returns
    -------
    float or ndarray
        :math:`P_e^{\min}`, in :math:`[0, 1 - 1/K]`: 0 for :math:`H = 0`,
        :math:`1 - 1/K` for :math:`H = \log K`.
    """
    log_b = check_base(base)
    k = _n_classes(n_classes)
    h = as_finite_array(conditional_entropy, "conditional_entropy")
    h_max = math.log(k) / log_b
    if np.any(h < 0) or np.any(h > h_max * (1 + 1e-12)):
        raise ValueError(
            f"conditional_entropy must lie in [0, log K] = [0, {h_max:.6g}] for n_classes={k} "
            f"(in the unit of base), got values in [{h.min():.6g}, {h.max():.6g}]"
        )
    h = np.minimum(h, h_max)
    lo, hi = np.zeros_like(h), np.full_like(h, 1.0 - 1.0 / k)
    slope = math.log(k - 1) / log_b
    for _ in range(_BISECTION_STEPS):
        mid = 0.5 * (lo + hi)
        below = binary_entropy(mid, base=base) + mid * slope < h
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    bound = np.where(h <= 0, 0.0, np.where(h >= h_max, 1.0 - 1.0 / k, hi))
    return as_result(bound)


def fano_weak_bound(conditional_entropy, n_classes, *, base=2):
    r"""The closed-form weakening of Fano's bound, elementwise.

    .. math::

        P_e \ge \frac{H(Y \mid X) - \log 2}{\log K}

    (from :math:`H_b(P_e) \le \log 2` and :math:`\log(K-1) \le \log K`),
    clipped at 0 from below. Never above :func:`fano_error_lower_bound`.

    Parameters
    ----------
    conditional_entropy : array_like of float in [0, log K]
    n_classes : int >= 2
    base : float, default 2

    Returns
    -------
    float or ndarray
    """
    log_b = check_base(base)
    k = _n_classes(n_classes)
    h = as_finite_array(conditional_entropy, "conditional_entropy")
    h_max = math.log(k) / log_b
    if np.any(h < 0) or np.any(h > h_max * (1 + 1e-12)):
        raise ValueError(
            f"conditional_entropy must lie in [0, log K] = [0, {h_max:.6g}] for n_classes={k} "
            f"(in the unit of base), got values in [{h.min():.6g}, {h.max():.6g}]"
        )
    return as_result(np.maximum((h - math.log(2) / log_b) / h_max, 0.0))
