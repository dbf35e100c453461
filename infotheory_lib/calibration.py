r"""Calibration and proper scoring rules.

A classifier is *calibrated* when, among the predictions it makes with
confidence :math:`c`, a fraction :math:`c` is right. This module measures
that (:func:`expected_calibration_error`, :func:`reliability_diagram_data`,
:func:`brier_score`), repairs it with one parameter
(:func:`fit_temperature`: temperature scaling fitted by minimising the
negative log-likelihood, computed with
:func:`infotheory_lib.losses.cross_entropy_loss`), and shows why the log
loss rewards honest probabilities (:func:`expected_score`,
:func:`best_report`: a *proper* scoring rule is minimised in expectation by
reporting the true probability).

Conventions: ``probs`` has shape ``(n, C)`` with one probability row per
sample (classes on the last axis, as everywhere in the library); ``labels``
are integer class indices of shape ``(n,)``. Losses are in nats.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import xlog1py, xlogy

from ._checks import (
    as_distribution,
    as_finite_array,
    as_float_array,
    as_result,
    broadcast_pair,
    check_base,
    check_choice,
    check_interval,
    check_positive_int,
    check_positive_scalar,
    check_probabilities,
    check_scalar,
)
from .losses import cross_entropy_loss, softmax

__all__ = [
    "ReliabilityDiagram",
    "reliability_diagram_data",
    "expected_calibration_error",
    "brier_score",
    "fit_temperature",
    "expected_score",
    "best_report",
    "SCORING_RULES",
    "reliability_from_confidences",
    "ece_from_confidences",
    "calibration_scores",
    "temperature_nll",
]

#: Scoring rules known to :func:`expected_score`: the two proper ones and an improper one.
SCORING_RULES = ("log", "brier", "absolute")


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------


def _check_labels(
    labels, n: int, n_classes: int | None, name: str = "labels", rows_of: str = "probs"
) -> np.ndarray:
    """Integer class indices of shape (n,), one per row of ``rows_of``, each in 0..n_classes-1."""
    if isinstance(labels, (str, bytes)) or labels is None:
        raise TypeError(f"{name} must be integer class indices, got {labels!r}")
    try:
        arr = np.asarray(labels)
    except ValueError:  # ragged nested sequences
        raise TypeError(
            f"{name} must be a flat sequence of integer class indices, got a ragged sequence"
        ) from None
    if arr.dtype.kind == "b" or arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must be integer class indices, got an array of dtype {arr.dtype}")
    if arr.shape != (n,):
        raise ValueError(
            f"{name} must have shape ({n},), one class index per row of {rows_of} ({n} rows); got shape {arr.shape}"
        )
    if n_classes is not None and arr.size and (arr.min() < 0 or arr.max() >= n_classes):
        bad = arr.min() if arr.min() < 0 else arr.max()
        raise ValueError(
            f"{name} has class index {bad}, but there are {n_classes} classes (valid 0..{n_classes - 1})"
        )
    return arr


def _probs_and_labels(probs, labels):
    p = as_float_array(probs, "probs")
    if p.ndim != 2:
        raise ValueError(
            f"probs must have shape (n_samples, n_classes), got shape {p.shape}; "
            "for a binary model pass np.column_stack([1 - p1, p1])"
        )
    p = as_distribution(p, "probs")
    y = _check_labels(labels, p.shape[0], p.shape[1])
    return p, y


# --------------------------------------------------------------------------
# calibration
# --------------------------------------------------------------------------


class ReliabilityDiagram(NamedTuple):
    """What a reliability diagram draws, bin by bin (equal-width bins on [0, 1]).

    Attributes
    ----------
    edges : ndarray, shape (n_bins + 1,)
        Bin ``b`` holds the confidences in ``(edges[b], edges[b + 1]]``
        (confidence 0 goes to the first bin).
    confidence : ndarray, shape (n_bins,)
        Mean top-label confidence of the samples in each bin; NaN for an empty bin.
    accuracy : ndarray, shape (n_bins,)
        Fraction of those samples whose predicted class is right; NaN for an empty bin.
    count : ndarray of int, shape (n_bins,)
        Number of samples in each bin (mask empty bins with ``count > 0``).
    """

    edges: np.ndarray
    confidence: np.ndarray
    accuracy: np.ndarray
    count: np.ndarray


def reliability_diagram_data(probs, labels, *, n_bins=15):
    r"""Per-bin confidence, accuracy and count of a classifier's top-label predictions.

    For sample :math:`i` the predicted class is :math:`\hat y_i = \arg\max_c p_{ic}`
    (the first on ties) and its confidence :math:`c_i = \max_c p_{ic}`. With
    :math:`M` equal-width bins :math:`B_m = ((m-1)/M,\, m/M]` (confidence 0 in
    :math:`B_1`):

    .. math::

        \operatorname{conf}(B_m) = \frac{1}{|B_m|} \sum_{i \in B_m} c_i, \qquad
        \operatorname{acc}(B_m) = \frac{1}{|B_m|} \sum_{i \in B_m} [\hat y_i = y_i]

    A calibrated model has :math:`\operatorname{acc}(B_m) \approx
    \operatorname{conf}(B_m)`: its bars follow the diagonal.

    Parameters
    ----------
    probs : array_like, shape (n, C)
        Predicted probability rows (each sums to 1).
    labels : array_like of int, shape (n,)
        True class indices.
    n_bins : int, default 15
        Number of equal-width bins on [0, 1].

    Returns
    -------
    ReliabilityDiagram
        ``(edges, confidence, accuracy, count)``; empty bins have NaN
        confidence and accuracy and count 0.
    """
    n_bins = check_positive_int(n_bins, "n_bins")
    p, y = _probs_and_labels(probs, labels)
    pred = np.argmax(p, axis=1)
    conf = p[np.arange(p.shape[0]), pred]
    correct = (pred == y).astype(np.float64)
    return _bin_confidences(conf, correct, n_bins)


def _bin_confidences(conf, correct, n_bins):
    """The :class:`ReliabilityDiagram` of validated confidences and 0/1 correctness."""
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    # (edges[b], edges[b + 1]] -> b; confidence 0 -> bin 0
    idx = np.clip(np.searchsorted(edges, conf, side="left") - 1, 0, n_bins - 1)
    count = np.bincount(idx, minlength=n_bins)
    conf_sum = np.bincount(idx, weights=conf, minlength=n_bins)
    acc_sum = np.bincount(idx, weights=correct, minlength=n_bins)
    nonempty = count > 0
    safe = np.where(nonempty, count, 1)
    confidence = np.where(nonempty, conf_sum / safe, np.nan)
    accuracy = np.where(nonempty, acc_sum / safe, np.nan)
    return ReliabilityDiagram(edges, confidence, accuracy, count)


def expected_calibration_error(probs, labels, *, n_bins=15):
    r"""Expected calibration error (top-label ECE, equal-width bins).

    .. math::

        \mathrm{ECE} = \sum_{m=1}^{M} \frac{|B_m|}{n}\,
        \big|\operatorname{acc}(B_m) - \operatorname{conf}(B_m)\big|

    with the bins, confidences and accuracies of
    :func:`reliability_diagram_data` (Guo et al. 2017, "On Calibration of
    Modern Neural Networks"). It lies in [0, 1]; 0 means every bin's
    accuracy equals its mean confidence. Empty bins contribute nothing.

    On finite data ECE is biased upward: a perfectly calibrated model still
    shows a per-bin sampling error of order :math:`\sqrt{c(1-c)/|B_m|}`.

    Parameters
    ----------
    probs : array_like, shape (n, C)
        Predicted probability rows.
    labels : array_like of int, shape (n,)
        True class indices.
    n_bins : int, default 15

    Returns
    -------
    numpy.float64
    """
    diagram = reliability_diagram_data(probs, labels, n_bins=n_bins)
    n = diagram.count.sum()
    nonempty = diagram.count > 0
    gaps = np.abs(diagram.accuracy[nonempty] - diagram.confidence[nonempty])
    return as_result(np.sum(diagram.count[nonempty] / n * gaps))


def brier_score(probs, labels, *, reduction="mean"):
    r"""Brier score: the squared error of predicted probabilities (a proper scoring rule).

    For probability rows ``probs`` of shape ``(n, C)`` (multiclass form):

    .. math:: \mathrm{BS} = \frac{1}{n} \sum_{i=1}^{n} \sum_{c=1}^{C} \big(p_{ic} - [y_i = c]\big)^2

    which lies in [0, 2]. For a 1-D ``probs`` of shape ``(n,)``, the
    probabilities of class 1 of a binary model with labels in {0, 1}:

    .. math:: \mathrm{BS} = \frac{1}{n} \sum_{i=1}^{n} (p_i - y_i)^2

    in [0, 1] (half the multiclass form; this is
    ``sklearn.metrics.brier_score_loss`` in both cases).

    Parameters
    ----------
    probs : array_like, shape (n, C) or (n,)
    labels : array_like of int, shape (n,)
    reduction : {"mean", "sum", "none"}, default "mean"
    """
    check_choice(reduction, "reduction", ("mean", "sum", "none"))
    p = as_float_array(probs, "probs")
    if p.ndim == 1:
        check_probabilities(p, "probs")
        y = _check_labels(labels, p.shape[0], 2)
        losses = (p - y) ** 2
    else:
        p, y = _probs_and_labels(p, labels)
        onehot = np.zeros_like(p)
        onehot[np.arange(p.shape[0]), y] = 1.0
        losses = np.sum((p - onehot) ** 2, axis=1)
    if reduction == "mean":
        return as_result(np.mean(losses))
    if reduction == "sum":
        return as_result(np.sum(losses))
    return losses


def fit_temperature(logits, labels, *, bounds=(1e-2, 1e2)):
    r"""Temperature scaling: the temperature that minimises the validation NLL.

    .. math::

        T^\star = \arg\min_{T > 0} \; -\frac{1}{n} \sum_{i=1}^{n}
        \log \operatorname{softmax}(z_i / T)_{y_i}

    (in nats, computed with :func:`~infotheory_lib.losses.cross_entropy_loss`).
    Dividing the logits by one :math:`T` leaves every prediction's argmax,
    hence the accuracy, unchanged and only rescales the confidence:
    :math:`T > 1` softens an over-confident model.

    The NLL is convex in :math:`\beta = 1/T`, so as a function of
    :math:`\log T` it has a single minimum; it is found with
    ``scipy.optimize.minimize_scalar(method="bounded")`` on
    :math:`\log T \in [\log T_{min}, \log T_{max}]`. If the data are
    separable with margin (every training prediction right), the NLL keeps
    falling as :math:`T \to 0` and the lower bound is returned.

    Parameters
    ----------
    logits : array_like, shape (n, C)
        Finite scores of a trained model on a held-out (validation) split.
    labels : array_like of int, shape (n,)
        True class indices.
    bounds : (float, float), default (0.01, 100)
        The search interval for ``T``, ``0 < T_min < T_max``.

    Returns
    -------
    float
        The fitted temperature. Apply it with ``softmax(logits, temperature=T)``.
    """
    z = as_finite_array(logits, "logits")
    if z.ndim != 2 or z.shape[1] < 2:
        raise ValueError(f"logits must have shape (n_samples, n_classes >= 2), got shape {z.shape}")
    y = _check_labels(labels, z.shape[0], z.shape[1], rows_of="logits")
    lo, hi = check_interval(bounds, "bounds", low=0.0, low_open=True)

    def nll(log_t):
        return float(cross_entropy_loss(z / np.exp(log_t), y))

    result = minimize_scalar(nll, bounds=(np.log(lo), np.log(hi)), method="bounded", options={"xatol": 1e-7})
    return float(np.exp(result.x))


# --------------------------------------------------------------------------
# proper scoring rules
# --------------------------------------------------------------------------


def expected_score(p, r, *, rule="log", base=np.e):
    r"""Expected loss of reporting probability ``r`` for a binary event of true probability ``p``.

    The event :math:`Y \in \{0, 1\}` happens with probability :math:`p`; a
    forecaster reports :math:`r` and is charged :math:`S(r, Y)`:

    .. math::

        \text{log:} \quad & \mathbb{E}\,S = -\,p \log r - (1-p) \log(1-r)
            \quad (= H(p) + D_{KL}(p \,\|\, r)) \\
        \text{brier:} \quad & \mathbb{E}\,S = p (1-r)^2 + (1-p)\, r^2
            \quad (= p(1-p) + (r-p)^2) \\
        \text{absolute:} \quad & \mathbb{E}\,S = p (1-r) + (1-p)\, r
            \quad (= p + r(1 - 2p))

    A scoring rule is *proper* when reporting :math:`r = p` minimises the
    expected loss, *strictly proper* when it is the only minimiser. The log
    and Brier rules are strictly proper; the absolute rule
    :math:`|y - r|` is not: its expected loss is linear in :math:`r`, so
    it is minimised by the extreme report :math:`r = 1` when
    :math:`p > 1/2` and :math:`r = 0` when :math:`p < 1/2` (it rewards
    over-confidence).

    Parameters
    ----------
    p, r : array_like
        Probabilities in [0, 1]; they broadcast together.
    rule : {"log", "brier", "absolute"}, default "log"
    base : float, default e
        Unit of the log rule (nats by default); the other rules have no unit
        and ignore it.

    Returns
    -------
    float or ndarray
        The log rule gives ``inf`` where the report puts probability 0 on an
        outcome that can happen (``r = 0 < p`` or ``r = 1 > p``).
    """
    log_b = check_base(base)
    check_choice(rule, "rule", SCORING_RULES)
    p_arr = as_float_array(p, "p")
    check_probabilities(p_arr, "p")
    r_arr = as_float_array(r, "r")
    check_probabilities(r_arr, "r")
    p_arr, r_arr = broadcast_pair(p_arr, r_arr, "p", "r")
    if rule == "log":
        out = -(xlogy(p_arr, r_arr) + xlog1py(1.0 - p_arr, -r_arr)) / log_b
    elif rule == "brier":
        out = p_arr * (1.0 - r_arr) ** 2 + (1.0 - p_arr) * r_arr**2
    else:
        out = p_arr * (1.0 - r_arr) + (1.0 - p_arr) * r_arr
    return as_result(0.0 + out)


def best_report(p, *, rule="log", n_grid=10001):
    r"""The report :math:`r` that minimises :func:`expected_score` on a grid of [0, 1].

    .. math:: r^\star(p) = \arg\min_{r \in \{0, \frac{1}{N-1}, \dots, 1\}} \mathbb{E}_{Y \sim p}\, S(r, Y)

    A demonstration of propriety: for ``rule="log"`` or ``"brier"`` the
    minimiser is the grid point nearest ``p`` (exactly ``p`` when ``p`` is
    on the grid); for ``rule="absolute"`` it is 0 or 1. On a tie (the
    absolute rule at ``p = 1/2``, where every report scores 1/2) the
    smallest minimiser is returned.

    Parameters
    ----------
    p : array_like
        True probabilities in [0, 1], elementwise.
    rule : {"log", "brier", "absolute"}, default "log"
    n_grid : int, default 10001
        Number of equally spaced reports tried, 0 and 1 included.

    Returns
    -------
    float or ndarray
        The minimising report for each ``p``.
    """
    check_choice(rule, "rule", SCORING_RULES)
    n_grid = check_scalar(n_grid, "n_grid", integer=True, low=2)
    p_arr = as_float_array(p, "p")
    check_probabilities(p_arr, "p")
    grid = np.linspace(0.0, 1.0, int(n_grid))
    scores = expected_score(p_arr[..., None], grid, rule=rule)
    return as_result(grid[np.argmin(scores, axis=-1)])


# --------------------------------------------------------------------------
# from confidences, and a classifier's scores at a temperature (notebook 09)
# --------------------------------------------------------------------------


def _confidences_and_correct(confidences, correct):
    conf = as_float_array(confidences, "confidences")
    if conf.ndim != 1:
        raise ValueError(f"confidences must be 1-D, one confidence per prediction; got shape {conf.shape}")
    check_probabilities(conf, "confidences")
    if isinstance(correct, (str, bytes)) or correct is None:
        raise TypeError(f"correct must be booleans or 0/1 numbers, got {correct!r}")
    hit = as_float_array(correct, "correct")
    if hit.shape != conf.shape:
        raise ValueError(
            f"correct must have the shape of confidences {conf.shape} (one entry per prediction), "
            f"got shape {hit.shape}"
        )
    if not np.all((hit == 0) | (hit == 1)):
        bad = hit[~((hit == 0) | (hit == 1))][0]
        raise ValueError(f"correct must hold only 0/1 (or False/True), got {bad!r}")
    return conf, hit


def reliability_from_confidences(confidences, correct, *, n_bins=15):
    r"""Per-bin confidence, accuracy and count from top-label confidences and their correctness.

    The same bins as :func:`reliability_diagram_data` (equal width on [0, 1];
    bin :math:`B_m = ((m-1)/M,\, m/M]`, confidence 0 in :math:`B_1`), for
    predictions given directly by their confidence :math:`c_i` and whether
    they were right, :math:`a_i \in \{0, 1\}`:

    .. math::

        \operatorname{conf}(B_m) = \frac{1}{|B_m|} \sum_{i \in B_m} c_i, \qquad
        \operatorname{acc}(B_m) = \frac{1}{|B_m|} \sum_{i \in B_m} a_i

    Parameters
    ----------
    confidences : array_like, shape (n,)
        Confidence of each prediction, in [0, 1].
    correct : array_like of bool or 0/1, shape (n,)
        Whether each prediction was right.
    n_bins : int, default 15

    Returns
    -------
    ReliabilityDiagram
        ``(edges, confidence, accuracy, count)``; empty bins have NaN
        confidence and accuracy and count 0.
    """
    n_bins = check_positive_int(n_bins, "n_bins")
    conf, hit = _confidences_and_correct(confidences, correct)
    return _bin_confidences(conf, hit, n_bins)


def ece_from_confidences(confidences, correct, *, n_bins=15):
    r"""Expected calibration error from top-label confidences and their correctness.

    .. math::

        \mathrm{ECE} = \sum_{m=1}^{M} \frac{|B_m|}{n}\,
        \big|\operatorname{acc}(B_m) - \operatorname{conf}(B_m)\big|

    with the bins of :func:`reliability_from_confidences`; empty bins
    contribute nothing. ``expected_calibration_error(probs, labels)`` equals
    ``ece_from_confidences(probs.max(1), probs.argmax(1) == labels)``.

    Parameters
    ----------
    confidences : array_like, shape (n,)
        Confidence of each prediction, in [0, 1].
    correct : array_like of bool or 0/1, shape (n,)
        Whether each prediction was right.
    n_bins : int, default 15

    Returns
    -------
    numpy.float64
        In [0, 1].
    """
    diagram = reliability_from_confidences(confidences, correct, n_bins=n_bins)
    nonempty = diagram.count > 0
    gaps = np.abs(diagram.accuracy[nonempty] - diagram.confidence[nonempty])
    return as_result(np.sum(diagram.count[nonempty] / diagram.count.sum() * gaps))


def _logits_and_labels(logits, labels):
    z = as_finite_array(logits, "logits")
    if z.ndim != 2 or z.shape[1] < 2:
        raise ValueError(f"logits must have shape (n_samples, n_classes >= 2), got shape {z.shape}")
    return z, _check_labels(labels, z.shape[0], z.shape[1], rows_of="logits")


def calibration_scores(logits, labels, *, temperature=1.0, n_bins=15):
    r"""Accuracy, NLL, ECE, Brier score and mean confidence of ``softmax(logits / T)``.

    With :math:`q_i = \operatorname{softmax}(z_i / T)`:

    .. math::

        \mathrm{NLL} = -\frac{1}{n} \sum_i \log q_{i, y_i}, \qquad
        \mathrm{acc} = \frac{1}{n} \sum_i [\arg\max_c q_{ic} = y_i]

    (NLL in nats, by :func:`~infotheory_lib.losses.cross_entropy_loss`),
    ECE by :func:`expected_calibration_error` with ``n_bins`` bins, the
    multiclass Brier score by :func:`brier_score`, and the mean top-label
    confidence :math:`\frac1n \sum_i \max_c q_{ic}`. Dividing all logits by
    one :math:`T > 0` keeps every argmax, so the accuracy does not depend on
    ``temperature``.

    Parameters
    ----------
    logits : array_like, shape (n, C)
        Finite scores of a trained model.
    labels : array_like of int, shape (n,)
    temperature : float > 0, default 1.0
    n_bins : int, default 15

    Returns
    -------
    dict
        ``{"accuracy", "nll", "ece", "brier", "confidence"}``, each a float.
    """
    z, y = _logits_and_labels(logits, labels)
    temperature = check_positive_scalar(temperature, "temperature")
    n_bins = check_positive_int(n_bins, "n_bins")
    probs = softmax(z, temperature=temperature)
    return {
        "accuracy": float(np.mean(np.argmax(z, axis=1) == y)),
        "nll": float(cross_entropy_loss(z / temperature, y)),
        "ece": float(expected_calibration_error(probs, y, n_bins=n_bins)),
        "brier": float(brier_score(probs, y)),
        "confidence": float(np.mean(np.max(probs, axis=1))),
    }


def temperature_nll(logits, labels, temperatures):
    r"""The mean NLL of ``softmax(logits / T)`` for each temperature ``T``.

    .. math:: \mathrm{NLL}(T) = -\frac{1}{n} \sum_{i=1}^{n} \log \operatorname{softmax}(z_i / T)_{y_i}

    in nats (:func:`~infotheory_lib.losses.cross_entropy_loss`); the curve
    whose minimum :func:`fit_temperature` finds.

    Parameters
    ----------
    logits : array_like, shape (n, C)
    labels : array_like of int, shape (n,)
    temperatures : array_like
        Finite temperatures > 0, any shape.

    Returns
    -------
    ndarray
        The NLL at each temperature, shaped like ``temperatures``.
    """
    z, y = _logits_and_labels(logits, labels)
    temps = as_finite_array(temperatures, "temperatures")
    if np.min(temps) <= 0:
        raise ValueError(f"temperatures must be > 0, got {np.min(temps):g}")
    flat = temps.ravel()
    out = np.array([float(cross_entropy_loss(z / t, y)) for t in flat])
    return out.reshape(temps.shape)
