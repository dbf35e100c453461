r"""Label smoothing: cross-entropy against a smoothed target, and its loss floor.

With :math:`C` classes and smoothing :math:`\varepsilon`, the one-hot target
of class :math:`y` becomes

.. math::

    t_c = (1 - \varepsilon)\,[c = y] + \frac{\varepsilon}{C},

the convention of ``torch.nn.functional.cross_entropy(label_smoothing=ε)``
and of :func:`infotheory_lib.losses.cross_entropy_loss`. Since
:math:`H(t, q) = H(t) + D_{KL}(t \,\|\, q) \ge H(t)`, the loss can never go
below the entropy of the smoothed target,

.. math::

    H(t) = -\Big(1 - \varepsilon + \frac{\varepsilon}{C}\Big)
            \log\Big(1 - \varepsilon + \frac{\varepsilon}{C}\Big)
           - (C - 1)\,\frac{\varepsilon}{C} \log \frac{\varepsilon}{C},

reached exactly when the model predicts :math:`q = t`: the model is
rewarded for being confident only up to :math:`1 - \varepsilon + \varepsilon / C`.
"""

from __future__ import annotations

import numpy as np

from .._checks import as_result, check_base
from ..measures import entropy
from ._params import as_labels, check_fraction, check_positive_int

__all__ = ["smooth_labels", "label_smoothing_floor"]


def smooth_labels(labels, n_classes, *, epsilon):
    r"""The smoothed target rows :math:`(1 - \varepsilon)\,\mathrm{onehot}(y) + \varepsilon / C`.

    Parameters
    ----------
    labels : array_like of int, shape (n,)
        Class labels in ``0 .. n_classes - 1``.
    n_classes : int
        Number of classes :math:`C`.
    epsilon : float in [0, 1]
        Smoothing: 0 gives the one-hot rows, 1 the uniform distribution.

    Returns
    -------
    ndarray, shape (n, n_classes)
        One probability vector per label.
    """
    n_classes = check_positive_int(n_classes, "n_classes")
    epsilon = check_fraction(epsilon, "epsilon")
    y = as_labels(labels, "labels", n_classes=n_classes)
    target = np.full((y.shape[0], n_classes), epsilon / n_classes)
    target[np.arange(y.shape[0]), y] += 1.0 - epsilon
    return target


def label_smoothing_floor(n_classes, epsilon, *, base=np.e):
    r"""The entropy of the smoothed target: the lowest cross-entropy label smoothing allows.

    .. math::

        H(t) = -\Big(1 - \varepsilon + \frac{\varepsilon}{C}\Big)
                \log\Big(1 - \varepsilon + \frac{\varepsilon}{C}\Big)
               - (C - 1)\,\frac{\varepsilon}{C} \log \frac{\varepsilon}{C}

    Cross-entropy against the smoothed target :math:`t` is
    :math:`H(t) + D_{KL}(t \,\|\, q) \ge H(t)`, with equality only when the
    model predicts :math:`q = t`. Computed with
    :func:`infotheory_lib.measures.entropy`.

    Parameters
    ----------
    n_classes : int
        Number of classes :math:`C`.
    epsilon : float in [0, 1] or array_like of them
        Smoothing; an array gives one floor per value.
    base : float, default e
        Unit (nats by default, like the training losses).
    """
    check_base(base)
    n_classes = check_positive_int(n_classes, "n_classes")
    eps = np.asarray(epsilon)
    if eps.ndim == 0:
        eps = np.array([check_fraction(epsilon, "epsilon")])
    else:
        eps = np.array([check_fraction(e, "epsilon") for e in eps.ravel().tolist()]).reshape(eps.shape)
    rows = np.repeat((eps / n_classes)[..., None], n_classes, axis=-1)
    rows[..., 0] += 1.0 - eps
    out = entropy(rows, base=base)
    return as_result(out if np.ndim(epsilon) else out.reshape(()))
