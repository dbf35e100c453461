r"""Dark knowledge: what a teacher's soft targets say about the wrong classes.

A teacher's logits :math:`v` at temperature :math:`T` give the soft targets
:math:`p^T = \operatorname{softmax}(v / T)`. At :math:`T = 1` a well-trained
teacher puts almost all of its probability on one class; as :math:`T` grows
the distribution softens (its entropy rises towards :math:`\log C`) and the
*relative sizes of the wrong-class probabilities* become visible: a 3 that
looks a bit like an 8 gets more probability on 8 than on 4. Hinton et al.
(2015) call this the teacher's *dark knowledge*; a student trained on
:math:`p^T` learns it, a student trained on hard labels never sees it.

Among the wrong classes (:math:`c \ne y`) the relative sizes are themselves a
softmax, of the wrong-class logits alone:

.. math::

    \frac{p^T_c}{\sum_{j \ne y} p^T_j}
    = \frac{e^{v_c / T}}{\sum_{j \ne y} e^{v_j / T}},

so they are exact even where :math:`p^T_c` underflows. Every quantity comes
from :func:`infotheory_lib.losses.softmax` and
:func:`infotheory_lib.measures.entropy`.
"""

from __future__ import annotations

import numpy as np

from .._checks import as_finite_array, as_result, check_base, check_positive_scalar, check_scalar
from ..losses import softmax
from ..measures import entropy
from ._params import as_labels

__all__ = ["soft_target_entropy", "dark_knowledge", "dark_knowledge_examples"]


def _logit_row(logits, name="logits"):
    v = as_finite_array(logits, name)
    if v.ndim != 1 or v.size < 2:
        raise ValueError(f"{name} must be one row of at least 2 class logits, shape (C,); got {v.shape}")
    return v


def _temperatures(temperatures):
    t = as_finite_array(temperatures, "temperatures")
    if np.any(t <= 0):
        raise ValueError(f"temperatures must all be > 0, got {t[t <= 0][0]!r}")
    return t


def soft_target_entropy(logits, temperatures, *, base=2):
    r"""Entropy of the soft targets :math:`\operatorname{softmax}(v / T)` at each temperature.

    .. math:: H(p^T) = -\sum_c p^T_c \log p^T_c, \qquad p^T = \operatorname{softmax}(v / T)

    It rises from the entropy of the ordinary prediction (:math:`T = 1`)
    towards :math:`\log C` (uniform) as :math:`T \to \infty`, and falls
    towards 0 (one-hot on the largest logit) as :math:`T \to 0`.

    Parameters
    ----------
    logits : array_like, shape (..., C)
        Finite logits, classes on the last axis.
    temperatures : float or array_like of float > 0
        One temperature, or several (shape (K,)): the result gets a trailing
        axis of length K.
    base : float, default 2
        Unit (bits by default, like the other information measures).

    Returns
    -------
    numpy.float64 or ndarray
        Shape ``logits.shape[:-1]`` (one temperature) or
        ``logits.shape[:-1] + (K,)``.
    """
    check_base(base)
    v = as_finite_array(logits, "logits")
    if v.ndim < 1 or v.shape[-1] < 2:
        raise ValueError(f"logits must have at least 2 classes on the last axis, got shape {v.shape}")
    if np.ndim(temperatures) == 0:
        return entropy(softmax(v, temperature=check_positive_scalar(temperatures, "temperatures")), base=base)
    t = _temperatures(temperatures)
    if t.ndim != 1:
        raise ValueError(f"temperatures must be a number or a 1-D array, got shape {t.shape}")
    scaled = v[..., None, :] / t[:, None]  # (..., K, C)
    return as_result(entropy(softmax(scaled), base=base))


def dark_knowledge(logits, label, temperature, *, base=2):
    r"""The soft targets of one example at temperature :math:`T`, and what they say about the wrong classes.

    .. math::

        p^T = \operatorname{softmax}(v / T), \qquad
        \text{wrong share}_c = \frac{p^T_c}{\sum_{j \ne y} p^T_j}
        = \operatorname{softmax}\big((v_j / T)_{j \ne y}\big)_c

    Parameters
    ----------
    logits : array_like, shape (C,)
        One example's finite logits :math:`v` (e.g. a teacher's).
    label : int
        Its true class :math:`y`, in ``0 .. C - 1``.
    temperature : float > 0
    base : float, default 2
        Unit of the entropy (bits by default).

    Returns
    -------
    dict
        ``"soft_targets"`` (C,): :math:`p^T`; ``"entropy"``: :math:`H(p^T)`;
        ``"true_prob"``: :math:`p^T_y`; ``"top_wrong_class"`` (int) and
        ``"top_wrong_prob"``: the most probable class other than :math:`y`
        and its probability (the lowest index on a tie); ``"wrong_share"``
        (C,): the relative sizes of the wrong-class probabilities, summing
        to 1 over :math:`c \ne y`, 0 at :math:`y`.
    """
    check_base(base)
    v = _logit_row(logits)
    y = check_scalar(label, "label", integer=True, low=0, high=v.size - 1)
    temperature = check_positive_scalar(temperature, "temperature")
    p = softmax(v, temperature=temperature)
    wrong = np.arange(v.size) != y
    share = np.zeros_like(p)
    share[wrong] = softmax(v[wrong], temperature=temperature)
    top = int(np.flatnonzero(wrong)[np.argmax(v[wrong])])
    return {
        "soft_targets": p,
        "entropy": float(entropy(p, base=base)),
        "true_prob": float(p[y]),
        "top_wrong_class": top,
        "top_wrong_prob": float(p[top]),
        "wrong_share": share,
    }


#: The kinds of example :func:`dark_knowledge_examples` picks, in order.
EXAMPLE_KINDS = ("typical", "most confident", "two-way", "look-alike", "mistake")


def dark_knowledge_examples(teacher_logits, labels):
    r"""A few telling test examples for a dark-knowledge picture, chosen from the teacher's predictions.

    With :math:`p = \operatorname{softmax}(v)` (:math:`T = 1`), in this order:

    - ``"typical"``: a correctly classified example of median entropy
      :math:`H(p)` among the correct ones (confident; its dark knowledge
      shows only at higher :math:`T`);
    - ``"most confident"``: the correctly classified example of lowest
      entropy (it takes the highest :math:`T` to soften);
    - ``"two-way"``: the correctly classified example whose runner-up class
      is the most probable (the teacher hesitates between two classes);
    - ``"look-alike"``: the correctly classified example with the most
      probability outside its two top classes (it resembles several);
    - ``"mistake"``: the misclassified example with the highest
      probability on its true class (left out when the teacher makes no
      mistake).

    An example already picked is skipped for the next kind.

    Parameters
    ----------
    teacher_logits : array_like, shape (n, C)
    labels : array_like of int, shape (n,)

    Returns
    -------
    list of (int, str)
        ``(index, kind)`` pairs.
    """
    v = as_finite_array(teacher_logits, "teacher_logits")
    if v.ndim != 2 or v.shape[1] < 2:
        raise ValueError(f"teacher_logits must have shape (n_samples, n_classes >= 2), got {v.shape}")
    y = as_labels(labels, "labels", n_samples=v.shape[0], n_classes=v.shape[1])
    p = softmax(v)
    h = entropy(p)
    correct = np.argmax(v, axis=-1) == y
    top2 = np.sort(p, axis=-1)[:, -2:]
    rest = np.clip(1.0 - top2.sum(axis=-1), 0.0, None)
    true_prob = p[np.arange(len(y)), y]
    picked: list[tuple[int, str]] = []

    def pick(order, kind):
        for i in order:
            if int(i) not in {j for j, _ in picked}:
                picked.append((int(i), kind))
                return

    ok = np.flatnonzero(correct)
    if ok.size:
        by_entropy = ok[np.argsort(h[ok], kind="stable")]
        median = by_entropy[len(by_entropy) // 2 :]
        pick(median, "typical")
        pick(by_entropy, "most confident")
        pick(ok[np.argsort(-top2[ok, 0], kind="stable")], "two-way")
        pick(ok[np.argsort(-rest[ok], kind="stable")], "look-alike")
    wrong = np.flatnonzero(~correct)
    if wrong.size:
        pick(wrong[np.argsort(-true_prob[wrong], kind="stable")], "mistake")
    return picked
