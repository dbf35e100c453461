r"""Training losses: softmax, cross-entropy from logits, binary cross-entropy.

Losses report **nats** by default (``base=numpy.e``), as ML frameworks do,
and reduce like PyTorch (``reduction="mean" | "sum" | "none"``). Classes
lie on the last axis.
"""

from __future__ import annotations

import numpy as np
from scipy.special import xlog1py, xlogy

from ._checks import (
    _numeric_array,
    as_distribution,
    as_finite_array,
    as_float_array,
    as_result,
    broadcast_pair,
    check_axis,
    check_base,
    check_choice,
    check_finite,
    check_fraction,
    check_positive_scalar,
    check_probabilities,
)

__all__ = [
    "softmax",
    "log_softmax",
    "cross_entropy_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
]

_REDUCTIONS = ("mean", "sum", "none")


def _reduce(losses, reduction):
    if reduction == "mean":
        out = np.mean(losses)
    elif reduction == "sum":
        out = np.sum(losses)
    else:
        out = losses
    return as_result(out)


def _log_softmax_last(z, temperature=1.0):
    """log-softmax of ``z / temperature`` over the last axis of finite ``z``, exact in the tail.

    ``log sum exp(z - max)`` is written as ``log1p(sum of the other terms)``
    so that a dominant class keeps a loss like 1e-300 instead of rounding it
    to 0. The maximum is subtracted before dividing by the temperature; a
    gap beyond the float range gives the correctly rounded ``-inf`` (softmax
    0) without a warning.
    """
    top = np.argmax(z, axis=-1)[..., None]
    with np.errstate(over="ignore"):
        shifted = z - np.take_along_axis(z, top, axis=-1)
        if temperature != 1.0:
            shifted = shifted / temperature
    others = np.exp(shifted)
    np.put_along_axis(others, top, 0.0, axis=-1)
    return shifted - np.log1p(others.sum(axis=-1, keepdims=True))


def log_softmax(logits, *, temperature=1.0, axis=-1):
    r"""Logarithm of the softmax, stable for logits of any magnitude.

    .. math::

        \log \operatorname{softmax}(z)_i = \frac{z_i}{T} - \log \sum_j e^{z_j / T}

    Parameters
    ----------
    logits : array_like
        Finite real scores; classes along ``axis``.
    temperature : float, default 1.0
        ``T > 0``: ``T < 1`` sharpens the distribution, ``T > 1`` flattens it.
    axis : int, default -1
        The class axis.
    """
    z = as_finite_array(logits, "logits")
    axis = check_axis(z, axis, "logits")
    temperature = check_positive_scalar(temperature, "temperature")
    z_last = np.moveaxis(z, axis, -1)
    return np.moveaxis(_log_softmax_last(z_last, temperature), -1, axis)


def softmax(logits, *, temperature=1.0, axis=-1):
    r"""Softmax: turn logits into a probability distribution.

    .. math:: \operatorname{softmax}(z)_i = \frac{e^{z_i / T}}{\sum_j e^{z_j / T}}

    Stable for logits of any magnitude (the maximum is subtracted first).
    """
    return np.exp(log_softmax(logits, temperature=temperature, axis=axis))


def _class_targets(target, logits):
    """Return validated targets: integer indices, or probability rows like ``logits``."""
    n_classes = logits.shape[-1]
    if isinstance(target, (str, bytes)) or target is None:
        raise TypeError(f"target must be class indices or probabilities, got {target!r}")
    if np.ma.is_masked(target):
        raise TypeError("target is a masked array, whose mask would be ignored; pass target.filled(value)")
    try:
        t = np.asarray(target)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"target could not be read as an array (ragged nesting?): {exc}") from None
    if t.dtype.kind in "iu":
        if t.shape != logits.shape[:-1]:
            raise ValueError(
                f"target holds class indices with shape {t.shape}, but logits with shape "
                f"{logits.shape} need shape {logits.shape[:-1]} (one index per sample)"
            )
        if t.size and (t.min() < 0 or t.max() >= n_classes):
            bad = t.min() if t.min() < 0 else t.max()
            raise ValueError(
                f"target has class index {bad}, but logits has {n_classes} classes "
                f"(valid indices 0..{n_classes - 1})"
            )
        return t
    if t.dtype.kind == "O":  # Python numbers in an object array (text is refused): probabilities
        t = _numeric_array(t, "target").astype(np.float64)
    if t.dtype.kind == "f":
        if t.shape != logits.shape:
            raise ValueError(
                f"target holds probabilities with shape {t.shape}, but must match logits "
                f"with shape {logits.shape}; integer class indices need an integer dtype"
            )
        return as_distribution(t, "target")
    raise TypeError(f"target must be integer class indices or float probabilities, got dtype {t.dtype}")


def cross_entropy_loss(logits, target, *, reduction="mean", label_smoothing=0.0, base=np.e):
    r"""Cross-entropy loss from logits, as ``torch.nn.functional.cross_entropy``.

    .. math::

        \ell = -\sum_c t_c \log \operatorname{softmax}(z)_c,
        \qquad t \leftarrow (1 - \varepsilon)\, t + \varepsilon / C

    With a one-hot ``t`` (class index ``y``) this is :math:`-\log \hat y_y`,
    the negative log-likelihood of the true class.

    Parameters
    ----------
    logits : array_like, shape (..., C)
        Finite scores; classes on the last axis.
    target : array_like
        Integer class indices with shape ``logits.shape[:-1]``, or
        probability rows with the same shape as ``logits``.
    reduction : {"mean", "sum", "none"}, default "mean"
    label_smoothing : float in [0, 1], default 0
        Mixes the target with the uniform distribution.
    base : float, default e
        Unit of the loss (nats by default).
    """
    log_b = check_base(base)
    check_choice(reduction, "reduction", _REDUCTIONS)
    z = as_finite_array(logits, "logits")
    if z.ndim == 0:
        raise ValueError("logits must have a class axis (at least 1 dimension), got a scalar")
    label_smoothing = check_fraction(label_smoothing, "label_smoothing")
    t = _class_targets(target, z)
    log_probs = _log_softmax_last(z)
    if t.dtype.kind in "iu":  # the negative log-probability of the true class
        losses = -np.take_along_axis(log_probs, t[..., None], axis=-1)[..., 0]
    else:
        # 0 * log q = 0, also where log q = -inf (a logit gap beyond the float range)
        losses = -np.multiply(t, log_probs, out=np.zeros_like(log_probs), where=t > 0).sum(axis=-1)
    if label_smoothing:  # mix the target with the uniform distribution
        losses = (1.0 - label_smoothing) * losses - label_smoothing * log_probs.mean(axis=-1)
    return _reduce(losses / log_b, reduction)


def _probability_pair(y_true, y_prob, name_prob):
    y = as_float_array(y_true, "y_true")
    check_probabilities(y, "y_true")
    p = as_float_array(y_prob, name_prob)
    return y, p


def binary_cross_entropy(y_true, y_prob, *, reduction="mean", base=np.e):
    r"""Binary cross-entropy of predicted probabilities, exact (no clipping).

    .. math:: \ell = -\big[\, y \log \hat y + (1 - y) \log (1 - \hat y) \,\big]

    ``inf`` where the true class got probability 0 (frameworks clip to a
    finite number; the mathematics says infinity).

    Parameters
    ----------
    y_true : array_like
        Targets in [0, 1] (0/1 labels or soft labels).
    y_prob : array_like
        Predicted probabilities of class 1, in [0, 1].
    """
    log_b = check_base(base)
    check_choice(reduction, "reduction", _REDUCTIONS)
    y, p = _probability_pair(y_true, y_prob, "y_prob")
    check_probabilities(p, "y_prob")
    y, p = broadcast_pair(y, p, "y_true", "y_prob")
    losses = -(xlogy(y, p) + xlog1py(1.0 - y, -p))
    return _reduce(losses / log_b, reduction)


def binary_cross_entropy_with_logits(y_true, logits, *, reduction="mean", base=np.e):
    r"""Binary cross-entropy from a logit, stable for any logit.

    .. math::

        \ell = y \operatorname{softplus}(-z) + (1 - y) \operatorname{softplus}(z),
        \qquad \operatorname{softplus}(z) = \log(1 + e^{z})

    equal to the BCE of :math:`\hat y = \sigma(z)`; both terms are >= 0, so
    nothing cancels even at ``|z| = 1000``.
    """
    log_b = check_base(base)
    check_choice(reduction, "reduction", _REDUCTIONS)
    y, z = _probability_pair(y_true, logits, "logits")
    check_finite(z, "logits")
    y, z = broadcast_pair(y, z, "y_true", "logits")
    losses = y * np.logaddexp(0.0, -z) + (1.0 - y) * np.logaddexp(0.0, z)
    return _reduce(losses / log_b, reduction)
