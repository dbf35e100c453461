"""Tests for infotheory_lib.estimators: plug-in, Miller–Madow and KSG estimates."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special
import sklearn.metrics
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy.special import digamma

import infotheory_lib as it
from infotheory_lib import (
    entropy,
    entropy_from_samples,
    ksg_mutual_information,
    mutual_information,
    mutual_information_from_samples,
)

LN2 = np.log(2.0)

labels = st.lists(st.integers(0, 5), min_size=1, max_size=60)


# ---------------------------------------------------------------------------
# entropy_from_samples
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("samples", "expected"),
    [
        ([0, 1], 1.0),
        (["H", "T", "H", "T"], 1.0),
        (["a", "a", "a"], 0.0),
        ([7], 0.0),
        ([1, 2, 3, 4], 2.0),
        (["x", "y", "y", "z"], 1.5),
        ((True, False, True, False), 1.0),
        ([-5, 10**15, -5, 10**15], 1.0),  # large range of ints
        ([0.5, 0.25, 0.5, 0.125], 1.5),  # float labels
        (np.array([3, 3, 1, 2], dtype=np.uint8), 1.5),
    ],
)
def test_entropy_from_samples_known_values(samples, expected):
    got = entropy_from_samples(samples)
    assert_allclose(got, expected, rtol=1e-15, atol=0)
    assert isinstance(got, np.float64)


@given(labels)
def test_entropy_from_samples_equals_entropy_of_frequencies(xs):
    counts = np.unique(np.asarray(xs), return_counts=True)[1]
    expected = entropy(counts / counts.sum())
    assert_allclose(entropy_from_samples(xs), expected, rtol=1e-13, atol=1e-15)
    assert_allclose(entropy_from_samples(xs, base=np.e), expected * LN2, rtol=1e-13, atol=1e-15)


@given(labels)
def test_entropy_from_samples_does_not_depend_on_label_names(xs):
    renamed = [f"label-{x}" for x in xs]
    shifted = [10**12 * x - 3 for x in xs]
    h = entropy_from_samples(xs)
    assert_allclose(entropy_from_samples(renamed), h, rtol=1e-14, atol=1e-15)
    assert_allclose(entropy_from_samples(shifted), h, rtol=1e-14, atol=1e-15)


@given(labels)
def test_miller_madow_adds_k_minus_one_over_2n_nats(xs):
    k = len(set(xs))
    n = len(xs)
    plug_in = entropy_from_samples(xs, base=np.e)
    corrected = entropy_from_samples(xs, base=np.e, correction="miller-madow")
    assert_allclose(corrected, plug_in + (k - 1) / (2 * n), rtol=1e-13, atol=1e-15)
    # in bits the correction is (K - 1) / (2 n ln 2)
    corrected_bits = entropy_from_samples(xs, correction="miller-madow")
    assert_allclose(
        corrected_bits, entropy_from_samples(xs) + (k - 1) / (2 * n * LN2), rtol=1e-13, atol=1e-15
    )


def test_miller_madow_known_value():
    # K = 2 observed values, n = 4: + 1/8 nat
    assert_allclose(
        entropy_from_samples(["a", "b", "a", "b"], base=np.e, correction="miller-madow"),
        np.log(2.0) + 1 / 8,
        rtol=1e-15,
    )
    assert entropy_from_samples(["a", "a"], correction="miller-madow") == 0.0
    assert entropy_from_samples([1, 2], correction=None) == 1.0


def test_miller_madow_reduces_bias_on_average():
    rng = np.random.default_rng(0)
    true_h = np.log(8.0)
    plug, mm = [], []
    for _ in range(200):
        xs = rng.integers(0, 8, size=30)
        plug.append(entropy_from_samples(xs, base=np.e))
        mm.append(entropy_from_samples(xs, base=np.e, correction="miller-madow"))
    assert np.mean(plug) < true_h  # the plug-in estimate is biased low
    assert abs(np.mean(mm) - true_h) < abs(np.mean(plug) - true_h)


def test_entropy_from_samples_converges_to_the_true_entropy():
    rng = np.random.default_rng(1)
    p = np.array([0.1, 0.1, 0.5, 0.1, 0.1, 0.1])  # the article's loaded die
    xs = rng.choice(6, size=200_000, p=p)
    assert_allclose(entropy_from_samples(xs), entropy(p), atol=5e-3)


# ---------------------------------------------------------------------------
# mutual_information_from_samples
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "y", "expected"),
    [
        ([0, 1, 0, 1], [0, 1, 0, 1], 1.0),  # a copy
        ([0, 1, 0, 1], [1, 0, 1, 0], 1.0),  # a relabelled copy
        ([0, 0, 1, 1], [0, 1, 0, 1], 0.0),  # independent
        ([0, 0, 0, 0], [0, 1, 2, 3], 0.0),  # X constant
        ([0, 1, 2, 3], [0, 1, 2, 3], 2.0),
        (["a", "b", "c", "d"], [0, 0, 1, 1], 1.0),
    ],
)
def test_mutual_information_from_samples_known_values(x, y, expected):
    got = mutual_information_from_samples(x, y)
    assert_allclose(got, expected, rtol=1e-15, atol=0)
    assert isinstance(got, np.float64)


@pytest.mark.parametrize("seed", range(5))
def test_mutual_information_from_samples_matches_sklearn(seed):
    rng = np.random.default_rng(seed)
    n = 500
    x = rng.integers(0, 6, size=n)
    y = (x + rng.integers(0, 3, size=n)) % 7  # dependent on x
    reference = sklearn.metrics.mutual_info_score(x, y)  # nats
    assert_allclose(mutual_information_from_samples(x, y, base=np.e), reference, rtol=1e-12)
    assert_allclose(mutual_information_from_samples(x, y), reference / LN2, rtol=1e-12)
    assert_allclose(mutual_information_from_samples(x, y, base=10), reference / np.log(10), rtol=1e-12)


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=60))
def test_mutual_information_from_samples_matches_sklearn_property(pairs):
    x = [a for a, _ in pairs]
    y = [b for _, b in pairs]
    reference = sklearn.metrics.mutual_info_score(x, y)
    got = mutual_information_from_samples(x, y, base=np.e)
    assert got >= 0.0
    assert_allclose(got, reference, rtol=1e-10, atol=1e-14)


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=60))
def test_mutual_information_from_samples_equals_mi_of_the_empirical_table(pairs):
    x = np.array([a for a, _ in pairs])
    y = np.array([b for _, b in pairs])
    table = np.zeros((5, 5))
    np.add.at(table, (x, y), 1.0)
    table /= table.sum()
    got = mutual_information_from_samples(x, y)
    assert_allclose(got, mutual_information(table), rtol=1e-10, atol=1e-14)
    assert_allclose(mutual_information_from_samples(y, x), got, rtol=1e-12, atol=1e-15)


def test_mutual_information_from_samples_string_labels_equal_int_labels():
    rng = np.random.default_rng(2)
    x = rng.integers(0, 4, size=300)
    y = (x * 2 + rng.integers(0, 2, size=300)) % 5
    names = np.array(["cat", "dog", "bird", "fish"])
    words = np.array(["zero", "one", "two", "three", "four"])
    expected = mutual_information_from_samples(x, y)
    assert_allclose(mutual_information_from_samples(names[x], words[y]), expected, rtol=1e-13)
    assert_allclose(mutual_information_from_samples(list(names[x]), list(y)), expected, rtol=1e-13)
    assert_allclose(sklearn.metrics.mutual_info_score(names[x], words[y]) / LN2, expected, rtol=1e-12)


def test_mutual_information_from_samples_large_range_ints():
    rng = np.random.default_rng(3)
    x = rng.integers(0, 50, size=2000)
    y = (x + rng.integers(0, 5, size=2000)) % 50
    expected = mutual_information_from_samples(x, y)
    # spread the labels over a huge range (no dense table possible): same estimate
    big_x = x.astype(np.int64) * 10**15 - 7
    big_y = y.astype(np.int64) * -(10**14) + 12345
    assert_allclose(mutual_information_from_samples(big_x, big_y), expected, rtol=1e-13)
    # many distinct labels: each sample its own label, n = 2000
    ids = rng.permutation(2000) * 10**12
    assert_allclose(mutual_information_from_samples(ids, ids), np.log2(2000), rtol=1e-13)
    assert_allclose(
        mutual_information_from_samples(ids, ids, base=np.e),
        sklearn.metrics.mutual_info_score(ids, ids),
        rtol=1e-12,
    )


# ---------------------------------------------------------------------------
# ksg_mutual_information
# ---------------------------------------------------------------------------


def ksg_reference(x, y, k):
    """KSG estimator 1, brute force O(n^2) with the max-norm, for small n (columns standardized first)."""
    x = np.asarray(x, dtype=float).reshape(len(x), -1)
    y = np.asarray(y, dtype=float).reshape(len(y), -1)
    x, y = (x - x.mean(axis=0)) / x.std(axis=0), (y - y.mean(axis=0)) / y.std(axis=0)
    n = len(x)
    dx = np.abs(x[:, None, :] - x[None, :, :]).max(axis=-1)
    dy = np.abs(y[:, None, :] - y[None, :, :]).max(axis=-1)
    dz = np.maximum(dx, dy)
    np.fill_diagonal(dz, np.inf)
    eps = np.sort(dz, axis=1)[:, k - 1]
    n_x = (dx < eps[:, None]).sum(axis=1) - 1  # minus the point itself
    n_y = (dy < eps[:, None]).sum(axis=1) - 1
    return digamma(k) + digamma(n) - np.mean(digamma(n_x + 1) + digamma(n_y + 1))


def correlated_gaussians(rho, n, seed):
    rng = np.random.default_rng(seed)
    xy = rng.multivariate_normal([0.0, 0.0], [[1.0, rho], [rho, 1.0]], size=n)
    return xy[:, 0], xy[:, 1]


@pytest.mark.parametrize("data_seed", range(5))
def test_ksg_correlated_gaussians(data_seed):
    rho = 0.6
    x, y = correlated_gaussians(rho, 2000, data_seed)
    exact = -0.5 * np.log(1 - rho**2)  # 0.2231 nats
    assert abs(ksg_mutual_information(x, y, base=np.e) - exact) < 0.05


@pytest.mark.parametrize("k", [1, 3, 5])
def test_ksg_matches_brute_force_reference(k):
    x, y = correlated_gaussians(0.8, 300, 11)
    assert_allclose(ksg_mutual_information(x, y, k=k, base=np.e), ksg_reference(x, y, k), rtol=1e-12)


def test_ksg_matches_brute_force_reference_multivariate():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(300, 2))
    y = np.column_stack([x[:, 0] + 0.5 * rng.normal(size=300), rng.normal(size=300)])
    assert_allclose(ksg_mutual_information(x, y, base=np.e), ksg_reference(x, y, 3), rtol=1e-12)


def test_ksg_units():
    x, y = correlated_gaussians(0.6, 500, 0)
    nats = ksg_mutual_information(x, y, base=np.e)
    assert_allclose(ksg_mutual_information(x, y), nats / LN2, rtol=1e-14)  # bits by default


def test_ksg_is_deterministic_for_a_seed():
    x, y = correlated_gaussians(0.6, 1000, 5)
    first = ksg_mutual_information(x, y, seed=3)
    assert ksg_mutual_information(x, y, seed=3) == first
    assert ksg_mutual_information(x, y) == ksg_mutual_information(x, y)
    assert isinstance(first, np.float64)


def test_ksg_breaks_ties_deterministically():
    # discrete-valued data has many ties; the jitter makes the result seed-determined
    rng = np.random.default_rng(6)
    x = rng.integers(0, 5, size=500).astype(float)
    y = x + rng.integers(0, 2, size=500)
    a = ksg_mutual_information(x, y, seed=1)
    assert np.isfinite(a)
    assert ksg_mutual_information(x, y, seed=1) == a


def test_ksg_accepts_n_by_d():
    x, y = correlated_gaussians(0.6, 1000, 7)
    flat = ksg_mutual_information(x, y)
    assert ksg_mutual_information(x[:, None], y[:, None]) == flat
    assert ksg_mutual_information(x[:, None], y) == flat


def test_ksg_multivariate_gaussian_channel():
    # X in R^2, Y = X1 + X2 + noise: I(X; Y) = 0.5 log(var Y / var noise) = 0.5 log 3
    rng = np.random.default_rng(8)
    x = rng.normal(size=(2000, 2))
    y = x.sum(axis=1) + rng.normal(size=2000)
    assert abs(ksg_mutual_information(x, y, base=np.e) - 0.5 * np.log(3.0)) < 0.05


def test_ksg_independent_is_near_zero():
    rng = np.random.default_rng(9)
    x = rng.normal(size=2000)
    y = rng.normal(size=2000)
    assert abs(ksg_mutual_information(x, y, base=np.e)) < 0.05


def test_ksg_is_invariant_to_a_common_scaling():
    # KSG depends only on neighbour counts under the max-norm; scaling both
    # variables by the same power of 2 (exact in floating point) changes no
    # distance ordering, so the estimate is unchanged. (Scaling only one
    # variable does change the joint-space neighbours: KSG is not invariant to that.)
    x, y = correlated_gaussians(0.6, 500, 10)
    assert_allclose(ksg_mutual_information(8.0 * x, 8.0 * y), ksg_mutual_information(x, y), rtol=1e-12)
    assert_allclose(ksg_mutual_information(x / 4.0, y / 4.0), ksg_mutual_information(x, y), rtol=1e-12)


# --------------------------------------------------------------------------
# infonce_bound
# --------------------------------------------------------------------------


def _infonce_by_hand(scores):
    n = scores.shape[-1]
    log_probs = scipy.special.log_softmax(scores, axis=-1)
    return np.log(n) + np.mean(np.diagonal(log_probs, axis1=-2, axis2=-1), axis=-1)


def test_infonce_bound_is_log_n_minus_the_cross_entropy_of_picking_the_partner():
    rng = np.random.default_rng(3)
    scores = rng.normal(size=(6, 8, 8)) * 3
    bound = it.infonce_bound(scores)
    assert bound.shape == (6,)
    np.testing.assert_allclose(bound, _infonce_by_hand(scores), rtol=1e-12)
    assert isinstance(it.infonce_bound(scores[0]), float)
    np.testing.assert_allclose(it.infonce_bound(scores, base=2), bound / np.log(2), rtol=1e-12)


@settings(max_examples=50)
@given(st.integers(2, 12), st.integers(0, 10_000), st.floats(0.1, 50.0))
def test_infonce_bound_never_exceeds_log_n(n, seed, scale):
    scores = np.random.default_rng(seed).normal(size=(n, n)) * scale
    scores[np.arange(n), np.arange(n)] += scale * 10  # even a near-perfect critic
    assert it.infonce_bound(scores) <= np.log(n) + 1e-12


def test_infonce_bound_with_the_optimal_critic_approaches_the_true_mi():
    rng = np.random.default_rng(4)
    rho = 0.5  # I = 0.144 nats, far below log N: the bound is nearly tight
    x = rng.standard_normal((20, 512))
    y = rho * x + np.sqrt(1 - rho**2) * rng.standard_normal(x.shape)
    bound = it.infonce_bound(it.gaussian_pmi_matrix(x, y, rho)).mean()
    assert abs(bound - it.gaussian_mutual_information(rho)) < 0.02


@pytest.mark.parametrize(
    ("scores", "match"),
    [
        (np.zeros(3), "shape"),
        (np.zeros((2, 3)), "shape"),
        (np.zeros((1, 1)), "N >= 2"),
        (np.array([[0.0, np.nan], [0.0, 0.0]]), "scores"),
    ],
)
def test_infonce_bound_rejects_bad_scores(scores, match):
    with pytest.raises(ValueError, match=match):
        it.infonce_bound(scores)
