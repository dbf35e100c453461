r"""Knowledge distillation: soft targets and the distillation loss (Hinton et al., 2015).

A teacher's logits :math:`v` divided by a temperature :math:`T` give the
*soft targets* :math:`p^T = \operatorname{softmax}(v / T)`; at high
:math:`T` the small probabilities of the wrong classes (the "dark
knowledge": which wrong answers the teacher finds plausible) become
visible. A student with logits :math:`z` is trained on

.. math::

    L = \alpha\, H\big(y, \operatorname{softmax}(z)\big)
        + (1 - \alpha)\, T^2\, D_{KL}\big(p^T \,\big\|\, q^T\big),
    \qquad q^T = \operatorname{softmax}(z / T),

in nats, averaged over the batch. Values come from
:func:`infotheory_lib.losses.cross_entropy_loss` and
:func:`infotheory_lib.measures.kl_divergence`.
"""

from __future__ import annotations

import numpy as np

from .._checks import as_finite_array, as_result, check_positive_scalar
from ..losses import cross_entropy_loss, softmax
from ..measures import kl_divergence
from ._params import as_targets, check_fraction

__all__ = ["soft_targets", "distillation_loss", "distillation_gradient"]


def soft_targets(logits, temperature):
    r"""A teacher's soft targets: the temperature-:math:`T` softmax of its logits.

    .. math:: p^T_c = \frac{e^{v_c / T}}{\sum_k e^{v_k / T}}

    :math:`T = 1` is the ordinary softmax; :math:`T > 1` flattens the
    distribution (towards uniform as :math:`T \to \infty`) and shows the
    relative sizes of the wrong-class probabilities.

    Parameters
    ----------
    logits : array_like, shape (..., C)
        The teacher's finite logits, classes on the last axis.
    temperature : float > 0
    """
    return softmax(logits, temperature=check_positive_scalar(temperature, "temperature"))


def _validate(student_logits, teacher_logits, labels, temperature, alpha):
    z = as_finite_array(student_logits, "student_logits")
    v = as_finite_array(teacher_logits, "teacher_logits")
    if z.ndim != 2:
        raise ValueError(f"student_logits must have shape (n_samples, n_classes), got {z.shape}")
    if v.shape != z.shape:
        raise ValueError(
            f"teacher_logits with shape {v.shape} must have the shape of student_logits {z.shape}"
        )
    y = as_targets(labels, "labels", n_samples=z.shape[0], n_classes=z.shape[1])
    temperature = check_positive_scalar(temperature, "temperature")
    alpha = check_fraction(alpha, "alpha")
    return z, v, y, temperature, alpha


def distillation_loss(student_logits, teacher_logits, labels, *, temperature, alpha):
    r"""The distillation loss, in nats, averaged over the batch.

    .. math::

        L = \alpha\, H\big(y, \operatorname{softmax}(z)\big)
            + (1 - \alpha)\, T^2\, D_{KL}\big(\operatorname{softmax}(v / T)
              \,\big\|\, \operatorname{softmax}(z / T)\big)

    **Why** :math:`T^2`: the gradient of the soft term with respect to the
    student's logits is :math:`(q^T - p^T) / T`, and for large :math:`T`,
    :math:`q^T - p^T \approx (z - v - \text{mean}) / (C\,T)`, so the soft
    gradients shrink as :math:`1/T^2`. Multiplying by :math:`T^2` keeps the
    two terms' gradient magnitudes comparable as :math:`T` changes, so
    :math:`\alpha` means the same thing at every temperature.

    Parameters
    ----------
    student_logits, teacher_logits : array_like, shape (n, C)
        Finite logits :math:`z` (student) and :math:`v` (teacher).
    labels : array_like
        The hard targets :math:`y`: integer class labels, shape (n,), or
        probability rows, shape (n, C).
    temperature : float > 0
        :math:`T`, applied to both teacher and student in the KL term only.
    alpha : float in [0, 1]
        Weight of the hard-label cross-entropy; ``1 - alpha`` weighs the
        soft term. ``alpha=1`` is ordinary training.

    Returns
    -------
    numpy.float64
        The mean loss in nats.

    See Also
    --------
    distillation_gradient : its gradient with respect to ``student_logits``.
    """
    z, v, y, temperature, alpha = _validate(student_logits, teacher_logits, labels, temperature, alpha)
    hard = cross_entropy_loss(z, y)
    soft = np.mean(
        kl_divergence(softmax(v, temperature=temperature), softmax(z, temperature=temperature), base=np.e)
    )
    return as_result(alpha * hard + (1.0 - alpha) * temperature**2 * soft)


def distillation_gradient(student_logits, teacher_logits, labels, *, temperature, alpha):
    r"""Gradient of :func:`distillation_loss` with respect to the student's logits.

    .. math::

        \frac{\partial L}{\partial z_{nc}} = \frac1N \Big[
            \alpha\, \big(\operatorname{softmax}(z_n)_c - y_{nc}\big)
            + (1 - \alpha)\, T \big(q^T_{nc} - p^T_{nc}\big) \Big]

    (the soft term's :math:`T^2` times the :math:`1/T` of the chain rule
    through :math:`z / T`). Same arguments as :func:`distillation_loss`;
    returns an array shaped like ``student_logits``.
    """
    z, v, y, temperature, alpha = _validate(student_logits, teacher_logits, labels, temperature, alpha)
    n = z.shape[0]
    q = softmax(z)
    if y.ndim == 1:
        q[np.arange(n), y] -= 1.0
        hard = q
    else:
        hard = q - y
    soft = softmax(z, temperature=temperature) - softmax(v, temperature=temperature)
    return (alpha * hard + (1.0 - alpha) * temperature * soft) / n
