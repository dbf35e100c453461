r"""Information gain: decision-tree splits and the "best question" game.

The information gain of a yes/no split :math:`S` of labelled data is the
mutual information between the split indicator and the label,

.. math::

    \mathrm{IG}(S) = I(S; Y) = H(Y) - \sum_{s \in \{\text{left}, \text{right}\}}
    \frac{n_s}{n} H(Y \mid S = s),

computed here from the empirical joint table of :math:`(S, Y)` with
:func:`infotheory_lib.measures.mutual_information` (bits by default,
``base=numpy.e`` for nats). :func:`best_split` scans every feature and
every threshold like the root of ``sklearn.tree.DecisionTreeClassifier``.
:func:`expected_information_gain` scores a question about a hidden secret
(20 questions, Wordle) by how much its answer tells, on average.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from ._checks import (
    as_distribution,
    as_finite_array,
    as_result,
    check_base,
    check_choice,
    check_scalar,
)
from .estimators import _labels  # one label coder: codes 0..K-1 and K
from .measures import entropy, mutual_information, surprise

__all__ = [
    "gini_impurity",
    "information_gain",
    "impurity_decrease",
    "Split",
    "best_split",
    "expected_information_gain",
    "ThresholdScan",
    "threshold_scan",
    "answer_posterior",
    "GameStep",
    "play_game",
    "first_best",
    "GuessingGame",
    "number_game",
]

_CRITERIA = ("entropy", "gini")


def _mask(split_mask, n):
    if isinstance(split_mask, (str, bytes)) or split_mask is None:
        raise TypeError(f"split_mask must be a boolean array, got {split_mask!r}")
    m = np.asarray(split_mask)
    if m.dtype.kind != "b":
        raise TypeError(f"split_mask must be a boolean array (True = left branch), got dtype {m.dtype}")
    if m.shape != (n,):
        raise ValueError(f"split_mask must have shape ({n},) like labels, got shape {m.shape}")
    return m


def _gini_last(p):
    return 1.0 - np.sum(p * p, axis=-1)


def gini_impurity(p, *, axis=-1, normalize=False):
    r"""Gini impurity of the class distribution(s) ``p``.

    .. math:: G(p) = 1 - \sum_k p_k^2 = \sum_k p_k (1 - p_k)

    The probability that two independent draws from ``p`` disagree: 0 for a
    pure node, :math:`1 - 1/K` for ``K`` equally likely classes. It is the
    impurity of scikit-learn's ``criterion="gini"`` (no unit, no ``base``).

    Parameters
    ----------
    p : array_like
        Probability vectors along ``axis``; other axes are a batch.
    axis : int, default -1
    normalize : bool, default False
        Rescale non-negative weights (class counts, for instance) to sum to 1.
    """
    arr = as_distribution(p, "p", axis=axis, normalize=normalize)
    return as_result(np.clip(_gini_last(np.moveaxis(arr, axis, -1)), 0.0, 1.0))


def information_gain(labels, split_mask, *, base=2):
    r"""Information gain of splitting labelled samples in two: :math:`I(S; Y)`.

    .. math::

        \mathrm{IG} = I(S; Y) = \sum_{s, y} \hat p(s, y)
        \log_b \frac{\hat p(s, y)}{\hat p(s)\, \hat p(y)}
        = H(Y) - \frac{n_L}{n} H(Y_L) - \frac{n_R}{n} H(Y_R)

    with :math:`\hat p(s, y)` the fraction of samples on side ``s`` with
    label ``y``, computed with
    :func:`~infotheory_lib.measures.mutual_information`. A split that puts
    every sample on one side, or leaves the label distribution the same on
    both sides, gains exactly 0; a split that separates the classes
    perfectly gains :math:`H(Y)`.

    Parameters
    ----------
    labels : array_like, shape (n,)
        Class labels (integers, strings: any sortable values).
    split_mask : array_like of bool, shape (n,)
        ``True`` for the samples sent to the left branch.
    base : float, default 2
        2 gives bits, ``numpy.e`` nats.

    Examples
    --------
    >>> print(information_gain([0, 0, 1, 1], [True, True, False, False]))
    1.0
    """
    check_base(base)
    codes, n_classes = _labels(labels, "labels")
    mask = _mask(split_mask, codes.size)
    joint = np.zeros((2, n_classes))
    np.add.at(joint, (mask.astype(np.intp), codes), 1.0)
    return mutual_information(joint / codes.size, base=base)


def impurity_decrease(labels, split_mask, *, criterion="entropy", base=2):
    r"""Weighted impurity decrease of a two-way split, for either criterion.

    .. math:: \Delta = \mathcal{I}(Y) - \frac{n_L}{n}\,\mathcal{I}(Y_L) - \frac{n_R}{n}\,\mathcal{I}(Y_R)

    with :math:`\mathcal{I}` the entropy (then :math:`\Delta` is the
    :func:`information_gain`, in the unit of ``base``) or the
    :func:`gini_impurity` (unitless; ``base`` is ignored). This is what
    scikit-learn's trees maximise at each node.
    """
    check_choice(criterion, "criterion", _CRITERIA)
    if criterion == "entropy":
        return information_gain(labels, split_mask, base=base)
    check_base(base)
    codes, n_classes = _labels(labels, "labels")
    mask = _mask(split_mask, codes.size)
    counts = np.zeros((2, n_classes))
    np.add.at(counts, (mask.astype(np.intp), codes), 1.0)
    sides = counts.sum(axis=1)
    parent = _gini_last(counts.sum(axis=0) / codes.size)
    children = sum(sides[s] / codes.size * _gini_last(counts[s] / sides[s]) for s in (0, 1) if sides[s] > 0)
    return as_result(max(parent - children, 0.0))


def _scan_column(column, onehot, total, criterion, base):
    """Thresholds (midpoints of consecutive distinct sorted values) and the gain of each split.

    ``onehot`` is the (n, n_classes) one-hot label matrix and ``total`` its column sums.
    """
    n = column.size
    order = np.argsort(column, kind="stable")
    v = column[order]
    cut = np.flatnonzero(v[1:] > v[:-1])  # split between sorted positions k and k + 1
    if cut.size == 0:
        return np.empty(0), np.empty(0)
    left = np.cumsum(onehot[order], axis=0)[cut]  # class counts of the first k + 1 samples
    right = total - left
    if criterion == "entropy":
        joint = np.stack([left, right], axis=1) / n  # (n_cuts, 2 sides, n_classes)
        gains = np.asarray(mutual_information(joint, base=base)).reshape(-1)
    else:
        n_left = left.sum(axis=1)
        n_right = n - n_left
        gains = (
            _gini_last(total / n)
            - n_left / n * _gini_last(left / n_left[:, None])
            - n_right / n * _gini_last(right / n_right[:, None])
        )
    return v[cut] / 2.0 + v[cut + 1] / 2.0, gains


class Split(NamedTuple):
    """The best split of a node: samples with ``X[:, feature] <= threshold`` go left."""

    feature: int
    threshold: float
    gain: float


def best_split(X, y, *, criterion="entropy", base=2):
    r"""The best single split of a data set, found by scanning every feature and threshold.

    For each feature ``j`` the candidate thresholds are the midpoints
    between consecutive distinct sorted values :math:`v_1 < v_2 < \dots`,

    .. math:: t = \frac{v_k}{2} + \frac{v_{k+1}}{2},

    (written as scikit-learn writes it, so no sum overflows); samples with
    :math:`x_j \le t` go left. The score of a split is the impurity decrease
    :math:`\mathcal{I}(Y) - \frac{n_L}{n}\mathcal{I}(Y_L) - \frac{n_R}{n}\mathcal{I}(Y_R)`:
    for ``criterion="entropy"`` this is the information gain
    :math:`I(S; Y)`, computed for every candidate at once as the mutual
    information of its joint table with
    :func:`~infotheory_lib.measures.mutual_information`; for ``"gini"`` it
    uses :func:`gini_impurity`.

    This reproduces the root split of
    ``sklearn.tree.DecisionTreeClassifier(criterion=...)`` (which also
    scans midpoints; it casts ``X`` to float32 first, so pass
    ``X.astype(numpy.float32)`` to reproduce its thresholds to the bit).
    scikit-learn's ``"entropy"`` impurities are in **bits** (its tree code
    uses log2): ``gain`` in base 2 equals its impurity decrease at the root.
    Ties are broken towards the lower feature index, then the lower
    threshold.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
        Finite feature values.
    y : array_like, shape (n_samples,)
        Class labels.
    criterion : {"entropy", "gini"}, default "entropy"
    base : float, default 2
        Unit of the entropy gain (2: bits, ``numpy.e``: nats); ignored for Gini.

    Returns
    -------
    Split
        ``(feature, threshold, gain)``, a named tuple.

    Raises
    ------
    ValueError
        If no feature takes two distinct values (there is nothing to split).
    """
    check_choice(criterion, "criterion", _CRITERIA)
    check_base(base)
    x = as_finite_array(X, "X")
    if x.ndim != 2:
        raise ValueError(f"X must have shape (n_samples, n_features), got shape {x.shape}")
    codes, n_classes = _labels(y, "y")
    n = codes.size
    if x.shape[0] != n:
        raise ValueError(f"X has {x.shape[0]} samples (rows) but y has {n} labels")
    onehot = np.zeros((n, n_classes))
    onehot[np.arange(n), codes] = 1.0
    total = onehot.sum(axis=0)

    best = None  # (gain, feature, threshold)
    for j in range(x.shape[1]):
        thresholds, gains = _scan_column(x[:, j], onehot, total, criterion, base)
        if gains.size == 0:
            continue
        k = int(np.argmax(gains))
        if best is None or gains[k] > best[0]:
            best = (float(gains[k]), j, float(thresholds[k]))
    if best is None:
        raise ValueError("X has no feature with two distinct values; there is no split to make")
    gain, feature, threshold = best
    return Split(feature, threshold, max(gain, 0.0))


def expected_information_gain(prior, answers, *, base=2):
    r"""Expected information gain of asking a question about a hidden secret.

    A secret :math:`X` is drawn from ``prior`` over a finite set; a question
    is a function :math:`a(x)` giving the answer for each secret (yes/no,
    or a Wordle colour pattern). Asking it gains on average

    .. math::

        \mathrm{EIG} = I(X; A) = H(X) - H(X \mid A) = H(A),
        \qquad P(A = a) = \sum_{x:\, a(x) = a} p(x),

    the entropy of the answer, because the answer is a function of the
    secret (:math:`H(A \mid X) = 0`). A yes/no question that splits 8
    equally likely secrets 4/4 gains 1 bit; one that splits them 1/7 gains
    :math:`H_b(1/8) \approx 0.544` bits. The best question splits the
    remaining probability mass as evenly as possible.

    Parameters
    ----------
    prior : array_like of shape (n,), a mapping secret -> probability, or None
        The distribution of the secret; ``None`` means uniform over the
        secrets of ``answers``.
    answers : array_like of shape (n,) or (n_questions, n), or a mapping secret -> answer
        The answer each secret gives (any hashable values). A 2-D array
        scores several questions at once, one per row. With a mapping
        ``prior``, ``answers`` must be a mapping with the same secrets.
    base : float, default 2

    Returns
    -------
    float or ndarray
        One gain per question, in the unit of ``base``.
    """
    check_base(base)
    if isinstance(answers, Mapping):
        secrets = list(answers)
        ans = [answers[s] for s in secrets]
        if isinstance(prior, Mapping):
            if set(prior) != set(secrets):
                raise ValueError("prior and answers must be mappings over the same secrets")
            prior = [prior[s] for s in secrets]
    elif isinstance(prior, Mapping):
        raise TypeError("answers must be a mapping secret -> answer when prior is a mapping")
    else:
        ans = answers
    if isinstance(ans, (str, bytes)) or ans is None:
        raise TypeError(f"answers must be a sequence of answers, one per secret, got {ans!r}")
    a = np.asarray(ans)
    if a.ndim not in (1, 2) or a.size == 0:
        raise ValueError(f"answers must have shape (n,) or (n_questions, n) and not be empty, got {a.shape}")
    n = a.shape[-1]
    if prior is None:
        p = np.full(n, 1.0 / n)
    else:
        p = as_distribution(prior, "prior")
        if p.shape != (n,):
            raise ValueError(f"prior must have shape ({n},), one probability per secret; got {p.shape}")
    coded = [_labels(row, "answers") for row in np.atleast_2d(a)]
    # P(A = a) of each question, one row each (zero-padded: 0 log 0 = 0), then one entropy call
    answer_probs = np.zeros((len(coded), max(k for _, k in coded)))
    for row, (codes, k) in zip(answer_probs, coded, strict=True):
        row[:k] = np.bincount(codes, weights=p, minlength=k)
    out = entropy(np.clip(answer_probs, 0.0, 1.0), base=base, normalize=True)
    return as_result(out[0] if a.ndim == 1 else out)


# ---------------------------------------------------------------------------
# Notebook 10: gains along thresholds, and the best-question game
# ---------------------------------------------------------------------------


class ThresholdScan(NamedTuple):
    """Every candidate threshold of one feature and the gain of splitting there."""

    thresholds: np.ndarray
    gains: np.ndarray


def threshold_scan(x, y, *, criterion="entropy", base=2):
    r"""The impurity decrease of every threshold split :math:`x \le t` of one feature.

    The candidate thresholds are the midpoints
    :math:`t_k = \frac{v_k}{2} + \frac{v_{k+1}}{2}` of consecutive distinct
    sorted values :math:`v_1 < v_2 < \dots` (the ones :func:`best_split`
    and scikit-learn's trees scan), and the gain of each is

    .. math::

        \Delta(t) = \mathcal{I}(Y) - \frac{n_L}{n}\,\mathcal{I}(Y_L)
        - \frac{n_R}{n}\,\mathcal{I}(Y_R),

    the information gain :math:`I(S_t; Y)` of :math:`S_t = [x \le t]` for
    ``criterion="entropy"`` (in the unit of ``base``), the Gini decrease for
    ``"gini"``. The curve of ``gains`` against ``thresholds`` shows how
    good every cut of the feature is; its maximum over all features is
    :func:`best_split`.

    Parameters
    ----------
    x : array_like, shape (n_samples,)
        Finite values of one feature.
    y : array_like, shape (n_samples,)
        Class labels.
    criterion : {"entropy", "gini"}, default "entropy"
    base : float, default 2
        Unit of the entropy gain (2: bits, ``numpy.e``: nats); ignored for Gini.

    Returns
    -------
    ThresholdScan
        ``(thresholds, gains)``: two float64 arrays of the same length, the
        thresholds increasing; both empty when ``x`` is constant.

    Examples
    --------
    >>> threshold_scan([1.0, 2.0, 3.0, 4.0], [0, 0, 1, 1])
    ThresholdScan(thresholds=array([1.5, 2.5, 3.5]), gains=array([0.31127812, 1.        , 0.31127812]))
    """
    check_choice(criterion, "criterion", _CRITERIA)
    check_base(base)
    column = as_finite_array(x, "x")
    if column.ndim != 1:
        raise ValueError(f"x must be one-dimensional (one value per sample), got shape {column.shape}")
    codes, n_classes = _labels(y, "y")
    if codes.size != column.size:
        raise ValueError(f"x has {column.size} values but y has {codes.size} labels")
    onehot = np.zeros((codes.size, n_classes))
    onehot[np.arange(codes.size), codes] = 1.0
    thresholds, gains = _scan_column(column, onehot, onehot.sum(axis=0), criterion, base)
    return ThresholdScan(thresholds, np.maximum(gains, 0.0))  # Gini's round-off below 0


def _answer_table(answers):
    if isinstance(answers, (str, bytes)) or answers is None:
        raise TypeError(f"answers must be an array of answers (n_questions, n_secrets), got {answers!r}")
    table = np.asarray(answers)
    if table.ndim != 2 or table.size == 0:
        raise ValueError(
            f"answers must have shape (n_questions, n_secrets) and not be empty, got {table.shape}"
        )
    return table


def _secret_prior(prior, n):
    if prior is None:
        return np.full(n, 1.0 / n)
    p = as_distribution(prior, "prior")
    if p.shape != (n,):
        raise ValueError(f"prior must have shape ({n},), one probability per secret; got {p.shape}")
    return p


def answer_posterior(prior, answers, answer):
    r"""The distribution of the secret after a question was answered ``answer``.

    Bayes' rule with a deterministic answer :math:`a(x)`:

    .. math::

        p(x \mid A = a) = \frac{p(x)\,[a(x) = a]}{P(A = a)}, \qquad
        P(A = a) = \sum_{x:\, a(x) = a} p(x).

    The secrets that would have answered differently drop to 0; the others
    keep their relative weights.

    Parameters
    ----------
    prior : array_like, shape (n,), or None
        The distribution of the secret before the answer (``None``: uniform).
    answers : array_like, shape (n,)
        The answer each secret gives to the question.
    answer : object
        The answer heard.

    Returns
    -------
    ndarray, shape (n,)
        The posterior, summing to 1.

    Raises
    ------
    ValueError
        If ``answer`` has probability 0 under ``prior`` (no possible secret gives it).
    """
    if isinstance(answers, (str, bytes)) or answers is None:
        raise TypeError(f"answers must be a sequence of answers, one per secret, got {answers!r}")
    a = np.asarray(answers)
    if a.ndim != 1 or a.size == 0:
        raise ValueError(f"answers must have shape (n,), one answer per secret, got {a.shape}")
    p = _secret_prior(prior, a.size)
    consistent = a == answer
    mass = float(np.sum(p[consistent]))
    if mass == 0.0:
        raise ValueError(
            f"answer {answer!r} has probability 0: no secret with prior probability > 0 gives it"
        )
    return np.where(consistent, p, 0.0) / mass


#: Gains closer than this (in the unit of ``base``) are a tie: exact ties (two questions splitting the
#: probability alike) differ by round-off, and the first question listed should win them every time.
TIE_TOLERANCE = 1e-12


def first_best(gains):
    """The index of the largest gain; among gains tied within :data:`TIE_TOLERANCE`, the first.

    ``numpy.argmax`` would let round-off choose among questions that split the
    probability exactly alike; this picks the first of them every time.

    Examples
    --------
    >>> first_best([0.5, 1.0 - 1e-16, 1.0])
    1
    """
    gains = np.asarray(gains, dtype=np.float64)
    if gains.ndim != 1 or gains.size == 0 or not np.all(np.isfinite(gains)):
        raise ValueError(f"gains must be a non-empty 1-D array of finite numbers, got {gains!r}")
    return int(np.flatnonzero(gains >= gains.max() - TIE_TOLERANCE)[0])


class GameStep(NamedTuple):
    """One question of a game: what was asked, what it was expected to tell and what it told.

    ``expected_gain`` and ``best_gain`` are computed before the answer (the
    asked question's and the best question's expected information gain);
    ``gain`` is what the answer actually told, :math:`-\\log P(A = a)`;
    ``bits_left`` is the entropy of the secret after it.
    """

    question: int
    answer: object
    expected_gain: float
    best_gain: float
    best_question: int
    gain: float
    bits_left: float


def play_game(prior, answers, secret, questions="greedy", *, max_questions=20, base=2):
    r"""Ask questions about a hidden secret and follow the information they give.

    At each step every question's expected information gain
    :math:`I(X; A_q) = H(A_q)` is computed under the current distribution of
    the secret (:func:`expected_information_gain`), the chosen question is
    answered as the ``secret`` would answer it, and the distribution is
    updated (:func:`answer_posterior`). The answer :math:`a` tells

    .. math:: -\log P(A = a) = H(X) - H(X \mid A = a) \text{ (for a uniform prior)},

    its surprise: more than the expected gain when it is unlikely, less when
    it is likely. On average over secrets drawn from the prior, it is the
    expected gain.

    Parameters
    ----------
    prior : array_like, shape (n,), or None
        The distribution of the secret (``None``: uniform).
    answers : array_like, shape (n_questions, n)
        ``answers[q, x]``: the answer secret ``x`` gives to question ``q``.
    secret : int
        Index of the hidden secret (it must have prior probability > 0).
    questions : "greedy" or sequence of int
        The questions to ask, in order, or ``"greedy"``: always ask the
        question with the largest expected gain (the lowest index among
        ties), until the secret is known or no question tells anything.
    max_questions : int, default 20
        At most this many greedy questions.
    base : float, default 2

    Returns
    -------
    list of GameStep
    """
    check_base(base)
    table = _answer_table(answers)
    n_questions, n = table.shape
    p = _secret_prior(prior, n)
    secret = check_scalar(secret, "secret", integer=True, low=0, high=n - 1)
    if p[secret] == 0:
        raise ValueError(f"secret {secret} has prior probability 0; it cannot be the secret")
    greedy = isinstance(questions, str)
    if greedy:
        check_choice(questions, "questions", ("greedy",))
        order = range(check_scalar(max_questions, "max_questions", integer=True, low=0))
    else:
        order = [int(q) for q in np.asarray(questions, dtype=np.intp).reshape(-1)]
        bad = [q for q in order if not 0 <= q < n_questions]
        if bad:
            raise ValueError(f"questions must be indices in 0..{n_questions - 1}, got {bad[0]}")
    steps = []
    for q in order:
        gains = np.atleast_1d(expected_information_gain(p, table, base=base))
        best = first_best(gains)
        if greedy:
            if gains[best] <= 0.0:
                break
            q = best
        answer = table[q, secret]
        chance = min(float(np.sum(p[table[q] == answer])), 1.0)  # a sum of the posterior: 1 + round-off
        p = answer_posterior(p, table[q], answer)
        steps.append(
            GameStep(
                question=q,
                answer=answer.item() if hasattr(answer, "item") else answer,
                expected_gain=float(gains[q]),
                best_gain=float(gains[best]),
                best_question=best,
                gain=float(surprise(chance, base=base)),
                bits_left=float(entropy(p, base=base)),
            )
        )
    return steps


class GuessingGame(NamedTuple):
    """A small "guess my number" game: secrets, questions and every answer."""

    secrets: np.ndarray
    questions: tuple
    labels: tuple
    answers: np.ndarray


def number_game():
    r"""Guess a number from 1 to 16 with nine yes/no questions about it.

    Returns
    -------
    GuessingGame
        ``secrets`` = 1..16; ``questions``, the questions in words;
        ``labels``, short labels for plots; ``answers``, a string array of
        shape (9, 16) of ``"yes"``/``"no"``, ``answers[q, i]`` the answer of
        secret ``secrets[i]`` to question ``q``. The answers tell every
        secret apart; with a uniform prior the secret holds
        :math:`\log_2 16 = 4` bits. "Is it odd?" repeats "Is it even?" on
        purpose: once one is answered, the other tells nothing.
    """
    n = np.arange(1, 17)
    table = {
        ("Is it greater than 8?", "> 8?"): n > 8,
        ("Is it even?", "even?"): n % 2 == 0,
        ("Is it odd?", "odd?"): n % 2 == 1,
        ("Is it a prime number?", "prime?"): np.isin(n, [2, 3, 5, 7, 11, 13]),
        ("Is it a perfect square?", "square?"): np.isin(n, [1, 4, 9, 16]),
        ("Is it a multiple of 3?", "multiple of 3?"): n % 3 == 0,
        ("Is it greater than 12?", "> 12?"): n > 12,
        ("Is it greater than 4?", "> 4?"): n > 4,
        ("Is it 7?", "= 7?"): n == 7,
    }
    answers = np.array([np.where(v, "yes", "no") for v in table.values()])
    return GuessingGame(n, tuple(q for q, _ in table), tuple(label for _, label in table), answers)
