r"""The data-processing curve of notebook 14: what the first m coordinates of a representation tell.

For a representation :math:`Z` (e.g. PCA coordinates, most important first)
and a label :math:`Y`, :math:`Z_{1:m}` is a function of :math:`Z_{1:m+1}`,
so the data-processing inequality makes the true :math:`I(Y; Z_{1:m})`
non-decreasing in :math:`m` and at most :math:`H(Y)`. The estimates come from
:func:`infotheory_lib.estimators.mixed_mutual_information`.
"""

from __future__ import annotations

import numpy as np

from .._checks import as_finite_array, check_bool, check_positive_int
from ..estimators import mixed_mutual_information
from ._progress import ProgressBar

__all__ = ["prefix_information_curve"]


def prefix_information_curve(z, y, widths, *, k=3, standardize=False, base=2, progress="auto"):
    r"""Estimated :math:`I(Y; Z_{1:m})` for each number of leading coordinates :math:`m` in ``widths``.

    .. math::

        \hat I_m = \hat I_{\text{k-NN}}\big(Y;\ (Z_1, \dots, Z_m)\big), \qquad
        I(Y; Z_{1:m}) \le I(Y; Z_{1:m+1}) \le H(Y) \ \text{(true values)}

    Parameters
    ----------
    z : array of shape (n, d)
        The representation, its most important coordinates first.
    y : sequence of hashable, length n
        The labels.
    widths : sequence of int in [1, d]
        The numbers of leading coordinates :math:`m`.
    k, standardize, base
        As in :func:`~infotheory_lib.estimators.mixed_mutual_information`
        (``standardize=False`` by default: PCA coordinates share the
        pixels' unit).
    progress : bool or "auto"
        A progress bar over the widths (``"auto"``: only if it takes more
        than 2 s).

    Returns
    -------
    ndarray of shape (len(widths),)
        The estimates; unlike the true values they need not increase.
    """
    arr = as_finite_array(z, "z")
    if arr.ndim != 2:
        raise ValueError(f"z must have shape (n, d), got {arr.shape}")
    standardize = check_bool(standardize, "standardize")
    if isinstance(widths, (str, bytes)) or np.ndim(widths) != 1 or len(widths) == 0:
        raise TypeError(f"widths must be a non-empty sequence of integers, got {widths!r}")
    widths = [check_positive_int(m, "widths") for m in widths]
    if max(widths) > arr.shape[1]:
        raise ValueError(f"widths must be at most the {arr.shape[1]} coordinates of z, got {max(widths)}")
    if progress not in (True, False, "auto"):
        raise ValueError(f"progress must be True, False or 'auto', got {progress!r}")
    bar = None
    if progress:
        label = "I(Y; Z_1:m), standardized" if standardize else "I(Y; Z_1:m)"
        bar = ProgressBar(len(widths), label, delay=2.0 if progress == "auto" else 0.0)
    out = np.empty(len(widths))
    for i, m in enumerate(widths):
        out[i] = mixed_mutual_information(arr[:, :m], y, k=k, base=base, standardize=standardize)
        if bar is not None:
            bar.update(info=f"m = {m}")
    if bar is not None:
        bar.close()
    return out
