r"""Estimating entropy and mutual information from samples.

Plug-in (maximum-likelihood) estimates for discrete labels, with the
Miller–Madow bias correction, and the Kraskov–Stögbauer–Grassberger (KSG)
k-nearest-neighbour estimator for continuous samples. Bits by default.
"""

from __future__ import annotations

import numpy as np
from scipy.special import digamma, entr

from ._checks import (
    as_finite_array,
    as_result,
    check_base,
    check_bool,
    check_choice,
    check_interval,
    check_positive_int,
    check_seed,
)
from .losses import cross_entropy_loss

__all__ = [
    "entropy_from_samples",
    "mutual_information_from_samples",
    "binned_mutual_information",
    "ksg_mutual_information",
    "infonce_bound",
    "mixed_mutual_information",
]


def _label_objects(samples, name):
    """``samples`` (not an ndarray) as a 1-D object array of its items: one label per item.

    Used when numpy would read the items as a second dimension (tuples) or
    fail on them (ragged sequences): each item is then one label, and must
    be hashable.
    """
    try:
        items = list(samples)
    except TypeError:
        raise TypeError(f"{name} must be a sequence of labels, got {type(samples).__name__}") from None
    arr = np.empty(len(items), dtype=object)
    for i, item in enumerate(items):
        arr[i] = item
    return arr


def _factorize(arr, name):
    """Codes 0..K-1 of the labels of a 1-D object array by hashing (equal labels, same code)."""
    table = {}
    codes = np.empty(arr.size, dtype=np.intp)
    for i, v in enumerate(arr.tolist()):
        if isinstance(v, float) and v != v:
            raise ValueError(f"{name} contains NaN, which is not a label")
        try:
            codes[i] = table.setdefault(v, len(table))
        except TypeError:
            raise TypeError(
                f"{name}[{i}] is an unhashable {type(v).__name__} ({_short(v)}); labels must be hashable "
                "(ints, strings, tuples, frozensets, ...)"
            ) from None
    return codes, len(table)


def _all_hashable(items):
    try:
        for item in items:
            hash(item)
    except TypeError:
        return False
    return True


def _short(v):
    text = repr(v)
    return text if len(text) <= 40 else text[:37] + "..."


def _labels(samples, name):
    """Return (codes, n_codes): labels mapped to 0..K-1 in O(n) when possible.

    Any hashable label works: numbers and strings are counted by numpy;
    tuples, frozensets and other objects by hashing (equal labels count
    together). A sequence of tuples is a sequence of tuple labels, not a
    2-D array; a 2-D ndarray is refused.
    """
    if isinstance(samples, (str, bytes)) or samples is None:
        raise TypeError(f"{name} must be a sequence of labels, got {type(samples).__name__}")
    if np.ma.is_masked(samples):
        raise TypeError(f"{name} is a masked array, whose mask would be ignored; pass {name}.compressed()")
    if isinstance(samples, np.ndarray):
        arr = samples
    else:
        try:
            arr = np.asarray(samples)
        except (ValueError, TypeError):  # ragged items: each item is one label
            arr = None
        if arr is None or arr.dtype.kind == "O" and arr.ndim == 1 or arr.ndim > 1 and _all_hashable(samples):
            arr = _label_objects(samples, name)  # e.g. tuple labels, read by numpy as a 2nd dimension
    if arr.ndim != 1:
        raise ValueError(
            f"{name} must be one-dimensional (one label per sample), got shape {arr.shape}; "
            "a compound label is a tuple"
        )
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    if arr.dtype.kind in "iub":
        lo, hi = int(arr.min()), int(arr.max())
        if hi - lo < 4 * arr.size + 1024:  # small range: shift, no sort needed
            return (arr - lo).astype(np.intp), hi - lo + 1
    if arr.dtype.kind == "f" and np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN, which is not a label")
    if arr.dtype.kind == "c":
        raise TypeError(f"{name} holds complex numbers, which are not labels")
    if arr.dtype.kind == "O":  # sorting objects is not counting them (frozensets order by inclusion)
        return _factorize(arr, name)
    _, codes = np.unique(arr, return_inverse=True)
    return codes.ravel(), int(codes.max()) + 1


def _entropy_of_counts(counts):
    n = counts.sum()
    return entr(counts / n).sum()


def entropy_from_samples(samples, *, base=2, correction=None):
    r"""Plug-in entropy of discrete labels, optionally bias-corrected.

    .. math::

        \hat H = -\sum_x \frac{n_x}{n} \log \frac{n_x}{n}, \qquad
        \hat H_{MM} = \hat H + \frac{K - 1}{2 n} \ \text{nats}

    The plug-in estimate is biased low (by about :math:`(K-1)/(2n)` nats for
    :math:`K` observed values); ``correction="miller-madow"`` adds that back.

    Parameters
    ----------
    samples : sequence of hashable
        One label per sample: ints, strings, tuples, frozensets, any
        hashable (equal labels are counted together).
    correction : {None, "miller-madow"}

    Notes
    -----
    The Miller–Madow estimate can exceed :math:`\log K` and even
    :math:`\log n` on tiny samples (two distinct labels in two samples give
    1.36 bits): the correction estimates the bias of the plug-in estimator,
    it does not bound the result. This is a property of the estimator, kept
    on purpose.
    """
    log_b = check_base(base)
    check_choice(correction, "correction", (None, "miller-madow"))
    codes, n_codes = _labels(samples, "samples")
    counts = np.bincount(codes, minlength=n_codes)
    nats = _entropy_of_counts(counts)
    if correction == "miller-madow":
        nats += (np.count_nonzero(counts) - 1) / (2 * codes.size)
    return np.float64(nats / log_b)


def mutual_information_from_samples(x, y, *, base=2):
    r"""Plug-in mutual information of two discrete label sequences.

    .. math::

        \hat I(X; Y) = \sum_{x, y} \frac{n_{xy}}{n}
                       \log \frac{n\, n_{xy}}{n_x\, n_y}

    Equals ``sklearn.metrics.mutual_info_score(x, y)`` (nats) converted to
    ``base``. Linear time and memory for integer labels of moderate range
    (counting by ``bincount``, no sort); other labels are sorted once.
    """
    log_b = check_base(base)
    cx, kx = _labels(x, "x")
    cy, ky = _labels(y, "y")
    if cx.size != cy.size:
        raise ValueError(f"x has {cx.size} samples but y has {cy.size}; they must be paired")
    n = cx.size
    joint_codes = cx * ky + cy
    if kx * ky <= 8 * n + 4096:
        joint = np.bincount(joint_codes, minlength=kx * ky)
        cells = np.flatnonzero(joint)
        n_xy = joint[cells]
    else:  # too many cells for a dense table: keep only the occupied ones
        cells, n_xy = np.unique(joint_codes, return_counts=True)
    n_x = np.bincount(cx, minlength=kx)[cells // ky]
    n_y = np.bincount(cy, minlength=ky)[cells % ky]
    n_xy = n_xy.astype(np.float64)
    # Products of counts are exact in float64 up to 2**53: one rounding per ratio.
    ratio = (n * n_xy) / (n_x.astype(np.float64) * n_y)
    nats = np.sum(n_xy / n * np.log(ratio))
    return np.float64(max(nats, 0.0) / log_b)


def binned_mutual_information(x, y, *, bins=12, value_range=(-4.0, 4.0), base=2):
    r"""Plug-in mutual information of continuous samples after binning.

    Each variable is cut into ``bins`` equal-width bins over ``value_range``
    (values outside go to the edge bins), then
    :func:`mutual_information_from_samples` is applied to the bin labels.
    Biased upwards for small samples: with :math:`B^2` cells and :math:`n`
    samples the bias is about :math:`(B-1)^2 / (2n)` nats.
    """
    bins = check_positive_int(bins, "bins")
    check_base(base)
    lo, hi = check_interval(value_range, "value_range")
    labels = []
    for a, name in ((x, "x"), (y, "y")):
        arr = as_finite_array(a, name)
        if arr.ndim != 1:
            raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
        with np.errstate(over="ignore"):  # a huge value: +-inf, clipped to an edge bin
            position = (arr - lo) / (hi - lo) * bins
        labels.append(np.clip(position, 0, bins - 1).astype(np.intp))  # clip before the cast
    return mutual_information_from_samples(labels[0], labels[1], base=base)


def _continuous(a, name):
    arr = as_finite_array(a, name)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(f"{name} must have shape (n,) or (n, d), got {arr.shape}")
    return arr


def _standardized(a):
    """Columns centred and divided by their standard deviation; a constant column becomes 0.

    Each column is first divided by its largest magnitude (so that values
    near the float range neither overflow in the mean nor underflow in the
    variance; scaling the data by a power of two gives the same bits).
    """
    constant = np.all(a == a[:1], axis=0)
    top = np.max(np.abs(a), axis=0)
    with np.errstate(under="ignore"):  # tiny deviations underflow: they are below any tie's scale
        unit = a / np.where(constant, 1.0, top)
        centred = unit - unit.mean(axis=0)
        scale = np.sqrt(np.mean(centred * centred, axis=0))
    ok = ~constant & (scale > 0)
    return np.where(ok, centred / np.where(ok, scale, 1.0), 0.0)


def ksg_mutual_information(x, y, *, k=3, base=2, seed=0):
    r"""Kraskov–Stögbauer–Grassberger estimate of I(X; Y) for continuous samples.

    .. math::

        \hat I = \psi(k) + \psi(n) - \big\langle \psi(n_x + 1) + \psi(n_y + 1) \big\rangle

    where, for each point, :math:`\varepsilon` is the max-norm distance to
    its k-th neighbour in the joint space and :math:`n_x`, :math:`n_y` count
    the points strictly closer than :math:`\varepsilon` in each marginal
    (KSG's first estimator). Each column of ``x`` and ``y`` is first
    standardized (centred on its mean, divided by its standard deviation),
    as the true MI does not depend on the units of either variable; then
    ties are broken with noise of relative size 1e-10 drawn from ``seed``,
    so the result is deterministic and does not change when a variable is
    scaled or shifted (up to the rounding of the shifted data: scaling by a
    power of two gives the same bits). A constant column carries no
    information and is left at 0; if every column of ``x`` or of ``y`` is
    constant, the estimate is exactly 0. Unlike the true MI the estimate
    can be slightly negative for independent samples.
    """
    from scipy.spatial import cKDTree

    log_b = check_base(base)
    k = check_positive_int(k, "k")
    seed = check_seed(seed)
    xs, ys = _continuous(x, "x"), _continuous(y, "y")
    n = xs.shape[0]
    if ys.shape[0] != n:
        raise ValueError(f"x has {n} samples but y has {ys.shape[0]}; they must be paired")
    if n <= k:
        raise ValueError(f"need more samples than k: got {n} samples with k={k}")
    rng = np.random.default_rng(seed)
    xs, ys = _standardized(xs), _standardized(ys)
    if not (np.any(xs) and np.any(ys)):
        return np.float64(0.0)  # a constant variable: I(X; Y) = 0
    xs = xs + 1e-10 * np.any(xs, axis=0) * rng.standard_normal(xs.shape)  # constant columns stay 0
    ys = ys + 1e-10 * np.any(ys, axis=0) * rng.standard_normal(ys.shape)
    joint = np.hstack([xs, ys])
    radius = cKDTree(joint).query(joint, k=k + 1, p=np.inf)[0][:, -1]
    inside = np.nextafter(radius, 0)  # strictly closer than the k-th neighbour
    n_x = cKDTree(xs).query_ball_point(xs, inside, p=np.inf, return_length=True) - 1
    n_y = cKDTree(ys).query_ball_point(ys, inside, p=np.inf, return_length=True) - 1
    nats = digamma(k) + digamma(n) - np.mean(digamma(n_x + 1) + digamma(n_y + 1))
    return np.float64(nats / log_b)


def infonce_bound(scores, *, base=np.e):
    r"""The InfoNCE lower bound on mutual information, one value per batch.

    ``scores[..., i, j]`` is a critic's score :math:`f(x_i, y_j)` for a batch
    of :math:`N` pairs :math:`(x_i, y_i)`; row :math:`i` is a classification
    of which :math:`y_j` belongs to :math:`x_i`, trained with cross-entropy:

    .. math::

        \mathcal L = -\frac1N \sum_{i=1}^{N}
            \log \frac{e^{f(x_i, y_i)}}{\sum_{j=1}^{N} e^{f(x_i, y_j)}}, \qquad
        I(X; Y) \;\ge\; \log N - \mathcal L .

    The bound can never exceed :math:`\log N`, whatever the critic.

    Parameters
    ----------
    scores : array of shape (..., N, N), N >= 2
        Critic scores; leading axes are independent batches.
    base : float, default e
        Logarithm base (nats by default, as ML frameworks report).

    Returns
    -------
    float or ndarray of shape (...)
        :math:`\log N - \mathcal L` for each batch.
    """
    log_b = check_base(base)
    s = as_finite_array(scores, "scores")
    if s.ndim < 2 or s.shape[-1] != s.shape[-2] or s.shape[-1] < 2:
        raise ValueError(f"scores must have shape (..., N, N) with N >= 2, got {s.shape}")
    n = s.shape[-1]
    targets = np.broadcast_to(np.arange(n), s.shape[:-1])  # the partner of x_i is y_i
    loss = cross_entropy_loss(s, targets, reduction="none").mean(axis=-1)
    return as_result((np.log(n) - loss) / log_b)


# ---- 14: mutual information between a continuous vector and a discrete label (Ross 2014) ----
def mixed_mutual_information(x, y, *, k=3, base=2, standardize=True, seed=0):
    r"""k-nearest-neighbour estimate of I(X; Y) for continuous ``x`` and a discrete label ``y``.

    The estimator of Ross (2014), the one behind scikit-learn's
    ``mutual_info_classif`` for one feature, with max-norm distances in any
    dimension:

    .. math::

        \hat I = \psi(N) - \langle \psi(N_{y_i}) \rangle + \langle \psi(k_i) \rangle
                 - \langle \psi(m_i) \rangle

    For each point :math:`i`, :math:`\varepsilon_i` is the distance to its
    :math:`k_i`-th nearest neighbour among the :math:`N_{y_i}` points with
    the same label (:math:`k_i = \min(k, N_{y_i} - 1)`), and :math:`m_i`
    counts the points of any label strictly closer than
    :math:`\varepsilon_i` (the point itself included). Points whose label
    occurs once are left out, as scikit-learn does; :math:`N` counts the
    points kept. A constant column of ``x`` is set to 0 (it carries no
    information); if every column is constant the estimate is exactly 0.

    Parameters
    ----------
    x : array of shape (n,) or (n, d)
        Continuous samples (finite real numbers).
    y : sequence of hashable, length n
        One discrete label per sample.
    k : int, default 3
        Number of neighbours.
    base : float, default 2
        Logarithm base (bits by default).
    standardize : bool, default True
        Divide each column of ``x`` by its standard deviation (after
        centring) first, as scikit-learn does for one feature; a constant
        column becomes 0. With ``False`` the distances are those of ``x``
        itself (right when the columns share one unit, e.g. PCA coordinates
        of images).
    seed : int, default 0
        Seed of the noise of relative size 1e-10 that breaks ties.

    Returns
    -------
    float
        The estimate. Like every k-NN estimator it is biased (downwards in
        high dimension) and can be slightly negative for independent data;
        it is not clipped at 0 (scikit-learn clips).

    References
    ----------
    B. C. Ross, "Mutual information between discrete and continuous data
    sets", PLoS ONE 9(2): e87357 (2014).
    """
    from scipy.spatial import cKDTree

    log_b = check_base(base)
    k = check_positive_int(k, "k")
    standardize = check_bool(standardize, "standardize")
    seed = check_seed(seed)
    xs = _continuous(x, "x")
    codes, _ = _labels(y, "y")
    if codes.size != xs.shape[0]:
        raise ValueError(f"x has {xs.shape[0]} samples but y has {codes.size}; they must be paired")
    constant = np.all(xs == xs[:1], axis=0)
    if standardize:
        xs = _standardized(xs)
    xs = np.where(constant, 0.0, xs)  # a constant column carries no information
    if constant.all():
        return np.float64(0.0)
    scale = np.max(np.abs(xs), axis=0)
    rng = np.random.default_rng(seed)
    xs = xs + 1e-10 * np.where(scale > 0, scale, 0.0) * rng.standard_normal(xs.shape)
    counts = np.bincount(codes)
    keep = counts[codes] > 1
    if not keep.any():
        raise ValueError("y has no label that occurs more than once; the estimator needs repeated labels")
    xs, codes = xs[keep], codes[keep]
    n_y = counts[codes]
    radius = np.empty(codes.size)
    k_i = np.minimum(k, n_y - 1)
    for label in np.unique(codes):
        members = codes == label
        kk = int(k_i[members][0])
        radius[members] = cKDTree(xs[members]).query(xs[members], k=kk + 1, p=np.inf)[0][:, -1]
    inside = np.nextafter(radius, 0)  # strictly closer than the k-th neighbour of the same label
    m_i = cKDTree(xs).query_ball_point(xs, inside, p=np.inf, return_length=True)
    nats = digamma(codes.size) - np.mean(digamma(n_y)) + np.mean(digamma(k_i)) - np.mean(digamma(m_i))
    return np.float64(nats / log_b)
