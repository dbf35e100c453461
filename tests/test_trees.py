"""Tests for infotheory_lib.trees: information gain, Gini, the best split (against scikit-learn),
and the expected information gain of a question."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.tree import DecisionTreeClassifier

from infotheory_lib import (
    best_split,
    binary_entropy,
    entropy,
    expected_information_gain,
    gini_impurity,
    impurity_decrease,
    information_gain,
    mutual_information_from_samples,
)

LN2 = np.log(2.0)


def gain_loop(y, mask, impurity):
    """Parent impurity minus the weighted child impurities, written out directly."""
    y = np.asarray(y)
    mask = np.asarray(mask)

    def node(labels):
        _, counts = np.unique(labels, return_counts=True)
        return impurity(counts / counts.sum())

    out = node(y)
    for side in (mask, ~mask):
        if side.any():
            out -= side.mean() * node(y[side])
    return out


# ---------------------------------------------------------------------------
# Gini impurity and information gain
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "expected"),
    [([1.0], 0.0), ([1.0, 0.0], 0.0), ([0.5, 0.5], 0.5), ([0.25] * 4, 0.75), ([0.2, 0.3, 0.5], 0.62)],
)
def test_gini_known_values(p, expected):
    assert gini_impurity(p) == pytest.approx(expected, abs=1e-15)


def test_gini_batch_axis_and_counts():
    assert_allclose(gini_impurity([[1, 1], [3, 1]], normalize=True), [0.5, 0.375])
    assert_allclose(gini_impurity([[0.5, 1.0], [0.5, 0.0]], axis=0), [0.5, 0.0])


@pytest.mark.parametrize(
    ("labels", "mask", "expected"),
    [
        ([0, 0, 1, 1], [True, True, False, False], 1.0),  # perfect split of a fair coin
        ([0, 0, 1, 1], [True, False, True, False], 0.0),  # same mix on both sides
        ([0, 1, 1, 1], [True, True, True, True], 0.0),  # everything on one side
        (["a", "b", "c", "d"], [True, True, False, False], 1.0),  # 4 classes, 2 per side: 2 - 1
    ],
)
def test_information_gain_known_values(labels, mask, expected):
    assert information_gain(labels, mask) == pytest.approx(expected, abs=1e-15)


def test_information_gain_uneven_split_by_hand():
    # H(Y) = H_b(1/4); the left side {0} is pure, the right side {0, 0, 1} has H_b(1/3)
    expected = binary_entropy(0.25) - 0.75 * binary_entropy(1 / 3)
    assert information_gain([0, 0, 0, 1], [True, False, False, False]) == pytest.approx(expected, abs=1e-15)


def test_information_gain_is_the_mutual_information_and_matches_a_loop():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, size=500)
    mask = rng.random(500) < 0.3 + 0.2 * y
    gain = information_gain(y, mask)
    assert gain == pytest.approx(gain_loop(y, mask, entropy), rel=1e-12)
    assert gain == pytest.approx(mutual_information_from_samples(mask, y), rel=1e-12)
    assert information_gain(y, mask, base=np.e) == pytest.approx(gain * LN2, rel=1e-14)


def test_gini_decrease_matches_a_loop():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 4, size=300)
    mask = rng.random(300) < 0.2 + 0.15 * y
    assert impurity_decrease(y, mask, criterion="gini") == pytest.approx(
        gain_loop(y, mask, gini_impurity), rel=1e-12
    )
    assert impurity_decrease(y, mask) == information_gain(y, mask)
    assert impurity_decrease([0, 1, 1], [True, True, True], criterion="gini") == 0.0


# ---------------------------------------------------------------------------
# best_split, by hand and against scikit-learn
# ---------------------------------------------------------------------------


def test_best_split_small_example():
    X = [[1.0, 5.0], [2.0, 5.0], [3.0, 6.0], [4.0, 6.0], [5.0, 5.0]]
    y = [0, 0, 1, 1, 1]
    split = best_split(X, y)
    assert (split.feature, split.threshold) == (0, 2.5)
    assert split.gain == pytest.approx(binary_entropy(0.4), abs=1e-15)  # a perfect split gains H(Y)
    feature, threshold, gain = split  # it unpacks like a tuple
    assert feature == 0


def test_best_split_scans_every_threshold():
    rng = np.random.default_rng(2)
    X = rng.integers(0, 6, size=(80, 3)).astype(float)
    y = (X[:, 1] + rng.integers(0, 3, size=80) > 4).astype(int)
    for criterion, impurity in (("entropy", entropy), ("gini", gini_impurity)):
        best = max(
            (gain_loop(y, X[:, j] <= t, impurity), j, t)
            for j in range(3)
            for t in np.unique(X[:, j])[:-1] + 0.5
        )
        split = best_split(X, y, criterion=criterion)
        assert split.gain == pytest.approx(best[0], rel=1e-12)
        assert impurity_decrease(y, X[:, split.feature] <= split.threshold, criterion=criterion) == (
            pytest.approx(split.gain, rel=1e-12)
        )


def sklearn_root(X, y, criterion):
    tree = DecisionTreeClassifier(criterion=criterion, random_state=0).fit(X, y).tree_
    left, right = tree.children_left[0], tree.children_right[0]
    n = tree.n_node_samples
    w_left, w_right = n[left] / n[0], n[right] / n[0]
    decrease = tree.impurity[0] - w_left * tree.impurity[left] - w_right * tree.impurity[right]
    return tree.feature[0], tree.threshold[0], decrease, tree.impurity[0]


@pytest.mark.parametrize("loader", [load_wine, load_breast_cancer, load_digits])
@pytest.mark.parametrize("criterion", ["entropy", "gini"])
def test_root_split_matches_sklearn(loader, criterion):
    X, y = loader(return_X_y=True)
    feature, threshold, decrease, root_impurity = sklearn_root(X, y, criterion)
    # sklearn casts X to float32 and thresholds at v_k / 2 + v_{k+1} / 2 of the float32 values
    split = best_split(X.astype(np.float32), y, criterion=criterion)
    assert split.feature == feature
    assert split.threshold == threshold  # bit for bit
    # on the float64 data the same split, its threshold within float32 rounding of the values
    split64 = best_split(X, y, criterion=criterion)
    assert split64.feature == feature
    assert split64.threshold == pytest.approx(threshold, rel=1e-6)
    # sklearn's "entropy" impurities are in bits (sklearn/tree/_utils.pyx: log(x) = ln(x) / ln(2)),
    # so the gain in base 2 is its impurity decrease at the root, and the gain in nats is ln 2 times it
    assert split.gain == pytest.approx(decrease, rel=1e-12, abs=1e-15)
    if criterion == "entropy":
        assert root_impurity == pytest.approx(entropy(np.bincount(y), normalize=True), rel=1e-12)
        nats = best_split(X.astype(np.float32), y, criterion="entropy", base=np.e)
        assert nats.gain == pytest.approx(decrease * LN2, rel=1e-12)
        assert (nats.feature, nats.threshold) == (feature, threshold)
    else:
        assert root_impurity == pytest.approx(gini_impurity(np.bincount(y), normalize=True), rel=1e-12)


def test_iris_has_a_tie_and_sklearn_picks_one_of_the_best():
    # petal length and petal width both separate setosa perfectly: equal gains, and sklearn breaks
    # the tie by its random feature order. Its split has the same gain as ours.
    X, y = load_iris(return_X_y=True)
    feature, threshold, decrease, _ = sklearn_root(X, y, "entropy")
    split = best_split(X.astype(np.float32), y)
    assert split.gain == pytest.approx(decrease, rel=1e-12)
    theirs = information_gain(y, X.astype(np.float32)[:, feature] <= threshold)
    assert theirs == pytest.approx(split.gain, rel=1e-12)
    assert split.gain == pytest.approx(entropy([1 / 3] * 3) - 2 / 3 * 1.0, rel=1e-12)


def test_best_split_skips_constant_features_and_accepts_string_labels():
    X = [[7.0, 1.0], [7.0, 2.0], [7.0, 3.0]]
    split = best_split(X, ["no", "no", "yes"])
    assert (split.feature, split.threshold) == (1, 2.5)
    with pytest.raises(ValueError, match="no feature"):
        best_split([[1.0], [1.0]], [0, 1])


# ---------------------------------------------------------------------------
# expected information gain of a question
# ---------------------------------------------------------------------------


def test_eig_known_values():
    secrets = range(8)
    half = [s < 4 for s in secrets]
    one = [s == 0 for s in secrets]
    assert expected_information_gain(None, half) == 1.0
    assert expected_information_gain(None, one) == pytest.approx(binary_entropy(1 / 8), abs=1e-15)
    assert expected_information_gain(None, [True] * 8) == 0.0  # an answer known in advance
    # a question with 8 different answers reveals the secret: log2 8 = 3 bits
    assert expected_information_gain(None, list(secrets)) == pytest.approx(3.0, abs=1e-15)
    # several questions at once, in nats on request
    assert_allclose(
        expected_information_gain(np.full(8, 1 / 8), [half, one], base=np.e),
        [LN2, binary_entropy(1 / 8, base=np.e)],
        rtol=1e-14,
    )


def test_eig_with_a_prior_and_mappings():
    prior = {"cat": 0.5, "dog": 0.25, "owl": 0.125, "bee": 0.125}
    flies = {"cat": "no", "dog": "no", "owl": "yes", "bee": "yes"}
    assert expected_information_gain(prior, flies) == pytest.approx(binary_entropy(0.25), abs=1e-15)
    is_cat = {"bee": False, "owl": False, "dog": False, "cat": True}  # order does not matter
    assert expected_information_gain(prior, is_cat) == 1.0
    # the best question splits the probability mass evenly
    assert expected_information_gain(prior, is_cat) > expected_information_gain(prior, flies)


@pytest.mark.parametrize(
    ("call", "error", "word"),
    [
        (lambda: information_gain([0, 1], [1, 0]), TypeError, "split_mask"),
        (lambda: information_gain([0, 1], [True]), ValueError, "split_mask"),
        (lambda: information_gain([[0, 1]], [True, False]), ValueError, "labels"),
        (lambda: information_gain([], []), ValueError, "labels"),
        (lambda: information_gain([0, 1], [True, False], base=0), ValueError, "base"),
        (lambda: impurity_decrease([0, 1], [True, False], criterion="mse"), ValueError, "criterion"),
        (lambda: gini_impurity([0.5, 0.6]), ValueError, "p"),
        (lambda: best_split([1.0, 2.0], [0, 1]), ValueError, "X"),
        (lambda: best_split([[1.0], [np.inf]], [0, 1]), ValueError, "X"),
        (lambda: best_split([["a"], ["b"]], [0, 1]), TypeError, "X"),
        (lambda: best_split([[1.0], [2.0]], [0, 1, 1]), ValueError, "y"),
        (lambda: best_split([[1.0], [2.0]], [0, 1], criterion="log_loss"), ValueError, "criterion"),
        (lambda: expected_information_gain([0.5, 0.6], [0, 1]), ValueError, "prior"),
        (lambda: expected_information_gain([0.5, 0.5], [0, 1, 1]), ValueError, "prior"),
        (lambda: expected_information_gain({"a": 1.0}, {"b": 0}), ValueError, "prior"),
        (lambda: expected_information_gain({"a": 1.0}, [0]), TypeError, "answers"),
        (lambda: expected_information_gain(None, []), ValueError, "answers"),
        (lambda: expected_information_gain(None, "yes"), TypeError, "answers"),
    ],
)
def test_bad_input_names_the_argument(call, error, word):
    with pytest.raises(error, match=word):
        call()
