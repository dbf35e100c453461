"""The k-NN estimator of I(X; Y) for a continuous X and a discrete label Y (Ross 2014):
scikit-learn's ``mutual_info_classif`` on one feature, known answers, invariances and bad input."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from sklearn.feature_selection import mutual_info_classif

import infotheory_lib as it


def _sklearn_bits(x, y, k):
    return mutual_info_classif(np.asarray(x)[:, None], y, n_neighbors=k, random_state=0)[0] / math.log(2)


@pytest.mark.parametrize("k", [1, 3, 7])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_matches_scikit_learn_on_one_continuous_feature(k, seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, 400)
    x = rng.standard_normal(400) + 0.8 * y  # continuous: no ties, so the tie-breaking noise does not matter
    ours = it.mixed_mutual_information(x, y, k=k)
    assert ours > 0.05
    assert ours == pytest.approx(_sklearn_bits(x, y, k), rel=1e-9)


def test_matches_scikit_learn_when_a_label_occurs_once_and_a_class_is_smaller_than_k():
    rng = np.random.default_rng(5)
    y = np.r_[rng.integers(0, 2, 200), 7, 9, 9]  # label 7 once (left out), label 9 twice (k_i = 1)
    x = rng.standard_normal(y.size) + y
    assert it.mixed_mutual_information(x, y, k=3) == pytest.approx(_sklearn_bits(x, y, 3), rel=1e-9)


def test_known_answer_overlapping_uniforms():
    # Y uniform on {0, 1}; X | Y ~ U(Y/2, Y/2 + 1): on the overlap [1/2, 1] (half the mass) Y is a coin flip,
    # elsewhere it is certain, so I(X; Y) = H(Y) - H(Y|X) = 1 - 1/2 = 0.5 bits
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 20000)
    x = rng.uniform(0, 1, y.size) + y / 2
    assert it.mixed_mutual_information(x, y, k=5) == pytest.approx(0.5, abs=0.02)


def test_known_answer_separated_classes_give_the_label_entropy():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 4, 4000)
    x = np.c_[rng.uniform(0, 1, y.size) + 3 * y, rng.standard_normal(y.size)]  # 2-D, classes apart
    h_y = it.entropy_from_samples(y)
    assert it.mixed_mutual_information(x, y, k=3) == pytest.approx(h_y, abs=0.01)


def test_independent_data_gives_about_zero_and_may_be_negative():
    rng = np.random.default_rng(2)
    values = [
        it.mixed_mutual_information(rng.standard_normal(500), rng.integers(0, 3, 500)) for _ in range(5)
    ]
    assert all(abs(v) < 0.05 for v in values)


def test_string_labels_and_units():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 300)
    x = rng.standard_normal(300) + 2 * y
    bits = it.mixed_mutual_information(x, y)
    assert it.mixed_mutual_information(x, np.array(["cat", "dog"])[y]) == bits
    assert it.mixed_mutual_information(x, y, base=math.e) == pytest.approx(bits * math.log(2), rel=1e-14)


def test_standardizing_makes_it_invariant_to_the_units_of_each_column():
    rng = np.random.default_rng(4)
    y = rng.integers(0, 3, 500)
    x = np.c_[rng.standard_normal(500) + y, rng.standard_normal(500) - y]
    base = it.mixed_mutual_information(x, y)
    assert it.mixed_mutual_information(x * [1024.0, 1 / 8], y) == base  # powers of two: the same bits
    raw = it.mixed_mutual_information(x * [1000.0, 1.0], y, standardize=False)
    assert raw != pytest.approx(base, abs=1e-3)  # without it, the big column rules the distances


def test_constant_x_gives_exactly_zero():
    y = np.repeat([0, 1], 10)
    assert it.mixed_mutual_information(np.full(20, 3.5), y) == 0.0
    assert it.mixed_mutual_information(np.zeros((20, 3)), y, standardize=False) == 0.0


def test_deterministic_and_never_warns():
    rng = np.random.default_rng(6)
    y = rng.integers(0, 2, 100)
    x = np.round(rng.standard_normal((100, 2)), 1)  # many ties
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = it.mixed_mutual_information(x, y)
    assert a == it.mixed_mutual_information(x, y)
    assert np.isfinite(a)


def test_processing_with_a_function_does_not_raise_the_estimate_much_on_digits():
    # the data-processing inequality, as the notebook shows it: 8 PCA components, then fewer
    from sklearn.datasets import load_digits
    from sklearn.decomposition import PCA

    X, y = load_digits(return_X_y=True)
    z = PCA(8, random_state=0).fit_transform(X)
    full = it.mixed_mutual_information(z, y, standardize=False)
    assert 2.9 < full < it.entropy_from_samples(y)
    assert it.mixed_mutual_information(z[:, :2], y, standardize=False) < full


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"x": np.arange(10.0), "y": [0, 1] * 4}, ValueError, "y"),
        ({"x": np.zeros((10, 2, 2)), "y": [0, 1] * 5}, ValueError, "x"),
        ({"x": [1.0, np.nan, 2.0, 3.0], "y": [0, 0, 1, 1]}, ValueError, "x"),
        ({"x": "abc", "y": [0, 1, 1]}, TypeError, "x"),
        ({"x": np.arange(4.0), "y": [0, 1, 2, 3]}, ValueError, "y"),
        ({"x": np.arange(4.0), "y": [0, 0, 1, 1], "k": 0}, ValueError, "k"),
        ({"x": np.arange(4.0), "y": [0, 0, 1, 1], "k": 2.0}, TypeError, "k"),
        ({"x": np.arange(4.0), "y": [0, 0, 1, 1], "standardize": 1}, TypeError, "standardize"),
        ({"x": np.arange(4.0), "y": [0, 0, 1, 1], "seed": -1}, ValueError, "seed"),
        ({"x": np.arange(4.0), "y": [0, 0, 1, 1], "base": 1}, ValueError, "base"),
    ],
)
def test_bad_input_is_an_error_naming_the_argument(kwargs, error, name):
    with pytest.raises(error, match=rf"\b{name}\b"):
        it.mixed_mutual_information(**kwargs)
