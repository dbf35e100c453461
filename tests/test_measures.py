"""Tests for infotheory_lib.measures: known values, identities, references."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.spatial.distance
import scipy.special
import scipy.stats
from hypothesis import assume, given
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from infotheory_lib import (
    binary_entropy,
    conditional_entropy,
    cross_entropy,
    distribution_perplexity,
    entropy,
    joint_entropy,
    js_divergence,
    kl_divergence,
    mutual_information,
    perplexity,
    perplexity_from_nll,
    surprise,
)
from tests.helpers.strategies import joint_tables, prob_batches, prob_pairs, prob_vectors

LN2 = np.log(2.0)

# The article's KL example: four classes, p uniform.
P_UNIFORM4 = [0.25, 0.25, 0.25, 0.25]
Q1 = [0.3, 0.2, 0.3, 0.2]
Q2 = [0.9, 0.03, 0.04, 0.03]


# ---------------------------------------------------------------------------
# surprise
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "base", "expected"),
    [
        (0.5, 2, 1.0),
        (0.25, 2, 2.0),
        (1.0, 2, 0.0),
        (0.0, 2, np.inf),
        (1 / 1024, 2, 10.0),
        (0.001, 10, 3.0),
        (np.exp(-3.0), np.e, 3.0),
        (0.0, np.e, np.inf),
        (0.01, 2, -np.log2(0.01)),
    ],
)
def test_surprise_known_values(p, base, expected):
    assert_allclose(surprise(p, base=base), expected, rtol=1e-15)


def test_surprise_at_one_is_positive_zero():
    # -log 1 must be +0.0, not -0.0 (it prints as "-0.0" otherwise).
    s = surprise(1.0)
    assert s == 0.0
    assert not np.signbit(s)


def test_surprise_elementwise_shape():
    p = np.array([[0.5, 0.25], [1.0, 0.0]])
    assert_array_equal(surprise(p), [[1.0, 2.0], [0.0, np.inf]])


@given(st.floats(min_value=0.0, max_value=1.0), st.floats(min_value=0.0, max_value=1.0))
def test_surprise_of_independent_events_adds(a, b):
    # I(a * b) = I(a) + I(b) for independent events.
    assume(a * b >= 1e-300)  # a * b must not underflow
    assert_allclose(surprise(a * b), surprise(a) + surprise(b), rtol=1e-12, atol=1e-12)


# ---------------------------------------------------------------------------
# entropy — the article's printed values
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        ([0.5, 0.5], 1.0),  # fair coin: 1 bit
        ([0.99, 0.01], 0.0807931358959),  # biased coin: "about 0.08 bit"
        ([1 / 6] * 6, np.log2(6)),  # fair die
        ([0.1, 0.1, 0.5, 0.1, 0.1, 0.1], 2.1609640474436813),  # loaded die
        ([1.0], 0.0),
        ([1.0, 0.0, 0.0], 0.0),
        ([0.0, 1.0], 0.0),
        ([0.25] * 4, 2.0),
        ([0.5, 0.25, 0.25], 1.5),
        ([0.5, 0.25, 0.125, 0.125], 1.75),
    ],
)
def test_entropy_known_values_bits(p, expected):
    assert_allclose(entropy(p), expected, rtol=1e-12, atol=0)


def test_entropy_article_printed_strings():
    # The exact strings the article prints (format ".4f").
    assert f"{entropy([0.5, 0.5]):.4f}" == "1.0000"
    assert f"{entropy([0.99, 0.01]):.4f}" == "0.0808"
    assert f"{entropy([1 / 6] * 6):.4f}" == "2.5850"
    assert f"{entropy([0.1, 0.1, 0.5, 0.1, 0.1, 0.1]):.4f}" == "2.1610"


def test_entropy_biased_coin_many_digits():
    # H_2(0.99) = 0.0807931358959... (computed independently with mpmath).
    assert_allclose(entropy([0.99, 0.01]), 0.08079313589591118, rtol=1e-14)


@pytest.mark.parametrize(("base", "factor"), [(2, 1.0), (np.e, LN2), (10, np.log10(2.0)), (4, 0.5)])
def test_entropy_units(base, factor):
    p = [0.1, 0.1, 0.5, 0.1, 0.1, 0.1]
    assert_allclose(entropy(p, base=base), entropy(p) * factor, rtol=1e-14)


def test_entropy_returns_numpy_scalar_for_one_distribution():
    h = entropy([0.5, 0.5])
    assert isinstance(h, np.float64)
    assert np.ndim(h) == 0


def test_entropy_batch_returns_batch_shape():
    p = np.full((3, 4, 2), 0.5)
    h = entropy(p)
    assert isinstance(h, np.ndarray)
    assert h.shape == (3, 4)
    assert_allclose(h, 1.0, rtol=1e-15)


def test_entropy_does_not_modify_input():
    p = np.array([0.2, 0.3, 0.5])
    before = p.copy()
    entropy(p)
    entropy(p, normalize=True)
    assert_array_equal(p, before)


def test_entropy_accepts_lists_tuples_and_integers():
    assert entropy((0.5, 0.5)) == 1.0
    assert entropy([1, 0]) == 0.0
    assert entropy(np.array([0, 1], dtype=np.int32)) == 0.0


def test_entropy_normalize_rescales_counts():
    assert_allclose(entropy([1, 1, 2], normalize=True), 1.5, rtol=1e-15)
    assert_allclose(entropy([3.0, 3.0], normalize=True), 1.0, rtol=1e-15)


def test_entropy_axis_argument():
    p = np.array([[0.5, 0.25], [0.5, 0.75]])  # columns are distributions
    assert_allclose(entropy(p, axis=0), [1.0, entropy([0.25, 0.75])], rtol=1e-15)
    assert_allclose(entropy(p, axis=0), entropy(p.T, axis=-1), rtol=0)


@given(prob_vectors(max_size=10))
def test_entropy_bounds_and_scipy_reference(p):
    n = p.size
    h = entropy(p)
    assert h >= 0
    assert h <= np.log2(n) + 1e-12
    assert_allclose(h, scipy.stats.entropy(p, base=2), rtol=1e-12, atol=1e-15)
    assert_allclose(entropy(p, base=np.e), scipy.stats.entropy(p), rtol=1e-12, atol=1e-15)
    # perplexity is 2^H: between 1 and n
    pp = distribution_perplexity(p)
    assert_allclose(pp, 2.0**h, rtol=1e-13)
    assert 1.0 - 1e-12 <= pp <= n * (1 + 1e-12)
    # H(p, p) = H(p)
    assert_allclose(cross_entropy(p, p), h, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 6, 7, 10, 64, 1000])
def test_entropy_uniform_is_log_n(n):
    assert_allclose(entropy(np.full(n, 1.0 / n)), np.log2(n), rtol=1e-13, atol=1e-15)
    assert_allclose(entropy(np.full(n, 1.0 / n), base=np.e), np.log(n), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("n", [1, 2, 5, 10])
def test_entropy_one_hot_is_exactly_zero(n):
    for i in range(n):
        p = np.zeros(n)
        p[i] = 1.0
        assert entropy(p) == 0.0


@given(prob_batches())
def test_entropy_batch_equals_loop_and_axis0_equals_transpose(batch):
    h = entropy(batch)
    assert h.shape == batch.shape[:1]
    assert_allclose(h, [entropy(row) for row in batch], rtol=1e-14, atol=0)
    assert_allclose(entropy(batch.T, axis=0), h, rtol=1e-14, atol=0)
    assert_allclose(distribution_perplexity(batch.T, axis=0), 2.0**h, rtol=1e-13)


# ---------------------------------------------------------------------------
# binary entropy
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (0.5, 1.0),
        (0.0, 0.0),
        (1.0, 0.0),
        (0.01, 0.0807931358959),
        (0.99, 0.0807931358959),
        (0.25, 0.8112781244591328),
        (0.11, 0.49991595816452800),
    ],
)
def test_binary_entropy_known_values(p, expected):
    assert_allclose(binary_entropy(p), expected, rtol=1e-12)


@given(st.floats(min_value=0.0, max_value=1.0))
def test_binary_entropy_matches_entropy_and_is_bounded(p):
    hb = binary_entropy(p)
    assert 0.0 <= hb <= 1.0
    # entropy() sees 1 - p rounded, an absolute error of up to ~1e-16 in the
    # (1 - p) log(1 - p) term; binary_entropy itself is checked to 1e-12
    # relative against mpmath in test_accuracy.py.
    assert_allclose(hb, entropy([p, 1.0 - p]), rtol=1e-12, atol=1e-15)


@given(st.floats(min_value=0.5, max_value=1.0))
def test_binary_entropy_symmetric(p):
    # For p in [0.5, 1], 1 - p is exact (Sterbenz), so H(p) = H(1 - p) exactly.
    assert binary_entropy(p) == binary_entropy(1.0 - p)


def test_binary_entropy_elementwise():
    assert_allclose(binary_entropy([[0.5, 0.0], [1.0, 0.25]]), [[1.0, 0.0], [0.0, 0.8112781244591328]])


def test_binary_entropy_nats():
    assert_allclose(binary_entropy(0.5, base=np.e), LN2, rtol=1e-15)


# ---------------------------------------------------------------------------
# joint, conditional entropy and mutual information from a table
# ---------------------------------------------------------------------------

INDEPENDENT = np.outer([0.5, 0.5], [0.25, 0.75])
COPY = np.array([[0.5, 0.0], [0.0, 0.5]])


@pytest.mark.parametrize(
    ("joint", "h_xy", "h_y_given_x", "mi"),
    [
        (COPY, 1.0, 0.0, 1.0),
        (INDEPENDENT, 1.0 + 0.8112781244591328, 0.8112781244591328, 0.0),
        ([[0.25, 0.25], [0.25, 0.25]], 2.0, 1.0, 0.0),
        ([[1.0]], 0.0, 0.0, 0.0),
        ([[0.5, 0.5]], 1.0, 1.0, 0.0),
        ([[0.5], [0.5]], 1.0, 0.0, 0.0),
        # Y = X xor noise: X fair, Y flips X with prob 1/4: I = 1 - H_b(1/4).
        ([[0.375, 0.125], [0.125, 0.375]], 1.8112781244591328, 0.8112781244591328, 1 - 0.8112781244591328),
        # a permutation: Y determined by X, 4 values
        (np.eye(4)[[2, 0, 3, 1]] / 4, 2.0, 0.0, 2.0),
    ],
)
def test_joint_conditional_mi_known_values(joint, h_xy, h_y_given_x, mi):
    assert_allclose(joint_entropy(joint), h_xy, rtol=1e-14, atol=1e-15)
    assert_allclose(conditional_entropy(joint), h_y_given_x, rtol=1e-14, atol=1e-15)
    assert_allclose(mutual_information(joint), mi, rtol=1e-14, atol=1e-15)


def test_mutual_information_of_independent_table_is_exactly_zero():
    assert mutual_information(np.outer([0.5, 0.5], [0.25, 0.75])) == 0.0


def test_conditional_entropy_orientation():
    # joint[x, y]: Y is a copy of X for x = 0, and uniform for x = 1.
    joint = np.array([[0.5, 0.0], [0.25, 0.25]])
    # H(Y|X) = 0.5 * 0 + 0.5 * 1 = 0.5 bit; H(X|Y) would differ.
    assert_allclose(conditional_entropy(joint), 0.5, rtol=1e-15)
    assert not np.isclose(conditional_entropy(joint.T), 0.5)


def test_joint_measures_batch_of_tables():
    tables = np.stack([COPY, INDEPENDENT])
    assert_allclose(mutual_information(tables), [1.0, 0.0], atol=1e-15)
    assert_allclose(joint_entropy(tables), [1.0, 1.8112781244591328], rtol=1e-14)
    assert_allclose(conditional_entropy(tables), [0.0, 0.8112781244591328], rtol=1e-14, atol=1e-15)
    assert mutual_information(tables).shape == (2,)


def test_mutual_information_nats():
    assert_allclose(mutual_information(COPY, base=np.e), LN2, rtol=1e-15)


@given(joint_tables())
def test_mutual_information_identities_symmetry_and_kl_form(joint):
    h_x = entropy(joint.sum(axis=1))
    h_y = entropy(joint.sum(axis=0))
    h_xy = joint_entropy(joint)
    mi = mutual_information(joint)
    assert mi >= 0.0
    assert_allclose(mi, h_x + h_y - h_xy, rtol=1e-10, atol=1e-12)
    assert_allclose(mi, h_y - conditional_entropy(joint), rtol=1e-10, atol=1e-12)
    assert_allclose(h_xy, h_x + conditional_entropy(joint), rtol=1e-10, atol=1e-12)
    assert mi <= min(h_x, h_y) + 1e-12
    # symmetric: I(X; Y) = I(Y; X)
    assert_allclose(mutual_information(joint.T), mi, rtol=1e-12, atol=1e-15)
    # the KL divergence of the joint from the product of its marginals
    product = np.outer(joint.sum(axis=1), joint.sum(axis=0))
    assert_allclose(mi, kl_divergence(joint.ravel(), product.ravel()), rtol=1e-10, atol=1e-13)


@given(prob_vectors(max_size=5), prob_vectors(max_size=5))
def test_mutual_information_of_product_table_is_zero(a, b):
    assert_allclose(mutual_information(np.outer(a, b)), 0.0, atol=1e-14)


# ---------------------------------------------------------------------------
# cross-entropy and KL divergence — the article's printed values
# ---------------------------------------------------------------------------

Y_TRUE = [0.0, 0.0, 1.0]


@pytest.mark.parametrize(
    ("q", "expected", "printed"),
    [
        ([0.05, 0.05, 0.90], -np.log(0.9), "0.1054"),  # good prediction
        ([0.2, 0.3, 0.5], np.log(2.0), "0.6931"),  # medium prediction
        ([0.7, 0.2, 0.1], np.log(10.0), "2.3026"),  # wrong prediction
    ],
)
def test_cross_entropy_article_predictions_nats(q, expected, printed):
    ce = cross_entropy(Y_TRUE, q, base=np.e)
    assert_allclose(ce, expected, rtol=1e-14)
    assert f"{ce:.4f}" == printed


def test_cross_entropy_default_unit_is_bits():
    assert_allclose(cross_entropy(Y_TRUE, [0.2, 0.3, 0.5]), 1.0, rtol=1e-15)


@pytest.mark.parametrize(
    ("p", "q", "expected"),
    [
        ([1.0, 0.0], [0.0, 1.0], np.inf),
        ([0.5, 0.5], [1.0, 0.0], np.inf),
        ([1.0, 0.0], [1.0, 0.0], 0.0),
        ([0.0, 1.0], [0.5, 0.5], 1.0),
        ([0.5, 0.5], [0.5, 0.5], 1.0),
        ([0.5, 0.5], [0.25, 0.75], 0.5 * 2 + 0.5 * np.log2(4 / 3)),
    ],
)
def test_cross_entropy_known_values_including_inf(p, q, expected):
    assert_allclose(cross_entropy(p, q), expected, rtol=1e-15)


@pytest.mark.parametrize(
    ("p", "q", "expected", "printed"),
    [
        (P_UNIFORM4, Q1, 0.020410997260127586, "0.020411"),
        (P_UNIFORM4, Q2, 1.198043672671607, "1.198044"),
        (Q1, P_UNIFORM4, 0.020135513550688863, "0.020136"),
    ],
)
def test_kl_article_values_nats(p, q, expected, printed):
    kl = kl_divergence(p, q, base=np.e)
    assert_allclose(kl, expected, rtol=1e-13)
    assert f"{kl:.6f}" == printed


def test_kl_is_asymmetric_as_in_the_article():
    forward = kl_divergence(P_UNIFORM4, Q1, base=np.e)
    backward = kl_divergence(Q1, P_UNIFORM4, base=np.e)
    assert forward != backward
    assert forward > backward


def test_kl_article_value_closed_form():
    # KL(uniform || q1) = sum 1/4 log((1/4)/q_i) = log(1/4) - 1/2 (log .3 + log .2)
    expected = np.log(0.25) - 0.5 * (np.log(0.3) + np.log(0.2))
    assert_allclose(kl_divergence(P_UNIFORM4, Q1, base=np.e), expected, rtol=1e-13)


@pytest.mark.parametrize(
    ("p", "q", "expected"),
    [
        ([1.0, 0.0], [0.0, 1.0], np.inf),
        ([0.5, 0.5], [1.0, 0.0], np.inf),
        ([1.0, 0.0], [0.5, 0.5], 1.0),  # zeros in p contribute 0
        ([0.0, 1.0], [0.5, 0.5], 1.0),
        ([0.5, 0.5], [0.5, 0.5], 0.0),
        ([1.0], [1.0], 0.0),
        ([0.5, 0.5, 0.0], [0.25, 0.25, 0.5], 1.0),
        ([0.5, 0.5], [0.25, 0.75], 0.5 * np.log2(2) + 0.5 * np.log2(2 / 3)),
    ],
)
def test_kl_known_values_including_inf(p, q, expected):
    assert_allclose(kl_divergence(p, q), expected, rtol=1e-14, atol=0)


def test_kl_of_identical_distributions_is_exactly_zero():
    p = np.array([0.1, 0.2, 0.3, 0.4])
    assert kl_divergence(p, p) == 0.0
    assert kl_divergence(p, p, base=np.e) == 0.0


@given(prob_pairs())
def test_gibbs_inequality_and_cross_entropy_is_entropy_plus_kl(pq):
    p, q = pq
    # Gibbs holds for exact distributions; the stored p and q sum to 1 only up to
    # rounding, and their KL can then be a few ulps below 0 (kl_divergence's
    # docstring), e.g. -3.4e-240 for p = [a, 0, 1], q = [2a, 0, 1] with a = 3.4e-240.
    assert kl_divergence(p, q) >= -1e-15
    assert kl_divergence(q, p) >= -1e-15
    ce = cross_entropy(p, q)
    kl = kl_divergence(p, q)
    h = entropy(p)
    assert (ce == np.inf) == (kl == np.inf)
    assert_allclose(ce, h + kl, rtol=1e-10, atol=1e-12)
    assert ce >= h - 1e-12


@given(prob_pairs(q_positive=True))
def test_kl_and_cross_entropy_match_scipy(pq):
    p, q = pq
    assert_allclose(kl_divergence(p, q, base=np.e), scipy.special.rel_entr(p, q).sum(), rtol=1e-9, atol=1e-14)
    assert_allclose(kl_divergence(p, q), scipy.stats.entropy(p, q, base=2), rtol=1e-9, atol=1e-14)
    # scipy: H(p, q) = H(p) + KL(p || q); both are sums of positive terms here.
    reference = scipy.stats.entropy(p) + scipy.special.rel_entr(p, q).sum()
    assert_allclose(cross_entropy(p, q, base=np.e), reference, rtol=1e-9, atol=1e-13)


@given(prob_batches(), st.data())
def test_pair_measures_batch_equals_loop_and_axis0_equals_transpose(p_batch, data):
    n = p_batch.shape[1]
    q_batch = np.stack([data.draw(prob_vectors(size=n)) for _ in range(p_batch.shape[0])])
    for f in (cross_entropy, kl_divergence, js_divergence):
        batched = f(p_batch, q_batch)
        assert batched.shape == (p_batch.shape[0],)
        looped = [f(p_row, q_row) for p_row, q_row in zip(p_batch, q_batch, strict=True)]
        assert_allclose(batched, looped, rtol=1e-13, atol=0)
        assert_allclose(f(p_batch.T, q_batch.T, axis=0), batched, rtol=1e-13, atol=0)


def test_pair_measures_broadcast_one_against_many():
    q_batch = np.array([Q1, Q2, P_UNIFORM4])
    assert_allclose(
        kl_divergence(P_UNIFORM4, q_batch, base=np.e),
        [0.020410997260127586, 1.198043672671607, 0.0],
        rtol=1e-13,
    )
    assert kl_divergence(P_UNIFORM4, q_batch).shape == (3,)


def test_pair_measures_normalize():
    # weights are rescaled; [1, 1] -> [0.5, 0.5], [1, 3] -> [0.25, 0.75]
    assert_allclose(
        kl_divergence([1, 1], [1, 3], normalize=True), kl_divergence([0.5, 0.5], [0.25, 0.75]), rtol=1e-15
    )
    assert_allclose(cross_entropy([2, 2], [1, 3], normalize=True), 1 + 0.5 * np.log2(4 / 3), rtol=1e-15)
    assert_allclose(js_divergence([5, 0], [0, 7], normalize=True), 1.0, rtol=1e-15)


# ---------------------------------------------------------------------------
# Jensen–Shannon divergence
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "q", "expected"),
    [
        ([1.0, 0.0], [0.0, 1.0], 1.0),  # disjoint supports: exactly 1 bit
        ([0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.5, 0.5], 1.0),
        ([0.5, 0.5], [0.5, 0.5], 0.0),
        ([1.0], [1.0], 0.0),
        # p = (1, 0), q = (1/2, 1/2): m = (3/4, 1/4)
        ([1.0, 0.0], [0.5, 0.5], 0.5 * np.log2(4 / 3) + 0.5 * (0.5 * np.log2(2 / 3) + 0.5 * np.log2(2))),
    ],
)
def test_js_known_values(p, q, expected):
    assert_allclose(js_divergence(p, q), expected, rtol=1e-14, atol=1e-16)


@given(prob_pairs())
def test_js_symmetric_bounded_and_mean_kl_to_the_mixture(pq):
    p, q = pq
    js = js_divergence(p, q)
    # <= 1 bit, up to a few ulps: the stored p and q sum to 1 only to within an ulp or two
    assert 0.0 <= js <= 1.0 + 4 * np.finfo(float).eps
    assert np.isfinite(js)
    assert_allclose(js_divergence(q, p), js, rtol=1e-14, atol=0)
    m = 0.5 * (p + q)
    expected = 0.5 * kl_divergence(p, m) + 0.5 * kl_divergence(q, m)
    assert_allclose(js, expected, rtol=1e-10, atol=1e-13)


@given(prob_pairs(min_size=2))
def test_js_matches_scipy_jensenshannon_squared(pq):
    p, q = pq
    # scipy returns the square root (the JS distance), in nats by default.
    if np.array_equal(p, q):
        return  # scipy's naive sum can round a few ulps below 0 (sqrt of a negative)
    d_nats = scipy.spatial.distance.jensenshannon(p, q)
    d_bits = scipy.spatial.distance.jensenshannon(p, q, base=2)
    assert_allclose(js_divergence(p, q, base=np.e), d_nats**2, rtol=1e-8, atol=1e-14)
    assert_allclose(js_divergence(p, q), d_bits**2, rtol=1e-8, atol=1e-14)


# ---------------------------------------------------------------------------
# perplexity
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("k", [1, 2, 3, 4, 6, 10, 50257])
def test_distribution_perplexity_of_uniform_is_k(k):
    assert_allclose(distribution_perplexity(np.full(k, 1.0 / k)), k, rtol=1e-12)


def test_distribution_perplexity_fair_die_and_one_hot():
    assert_allclose(distribution_perplexity([1 / 6] * 6), 6.0, rtol=1e-14)
    assert distribution_perplexity([0.0, 1.0, 0.0]) == 1.0


def test_distribution_perplexity_batch_and_axis():
    p = np.array([[0.5, 0.5, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25]])
    assert_allclose(distribution_perplexity(p), [2.0, 4.0], rtol=1e-14)
    assert_allclose(distribution_perplexity(p.T, axis=0), [2.0, 4.0], rtol=1e-14)


@pytest.mark.parametrize(
    ("token_probs", "expected"),
    [
        ([0.5, 0.5, 0.5], 2.0),
        ([0.25], 4.0),
        ([1.0, 1.0], 1.0),
        ([0.5, 0.125], 4.0),  # exp(mean(log 2, log 8)) = sqrt(16)
        ([0.5, 0.0], np.inf),
        ([0.0], np.inf),
    ],
)
def test_perplexity_known_values(token_probs, expected):
    assert_allclose(perplexity(token_probs), expected, rtol=1e-14)


@given(st.lists(st.floats(min_value=1e-6, max_value=1.0), min_size=1, max_size=30))
def test_perplexity_is_exp_mean_nll(probs):
    probs = np.asarray(probs)
    mean_nll = np.mean(-np.log(probs))
    assert_allclose(perplexity(probs), np.exp(mean_nll), rtol=1e-12)
    assert_allclose(perplexity(probs), perplexity_from_nll(mean_nll), rtol=1e-12)
    assert_allclose(perplexity(probs), perplexity_from_nll(mean_nll / LN2, base=2), rtol=1e-12)


def test_perplexity_is_corpus_level_not_mean_of_texts():
    texts = [np.array([0.5, 0.5, 0.5, 0.5]), np.array([0.1, 0.9])]
    corpus = np.concatenate(texts)
    expected = np.exp(np.mean(-np.log(corpus)))
    assert_allclose(perplexity(corpus), expected, rtol=1e-14)
    mean_of_texts = np.mean([perplexity(t) for t in texts])
    assert not np.isclose(perplexity(corpus), mean_of_texts)


def test_perplexity_batch_along_axis():
    probs = np.array([[0.5, 0.5], [0.25, 0.25]])
    assert_allclose(perplexity(probs), [2.0, 4.0], rtol=1e-14)
    assert_allclose(perplexity(probs.T, axis=0), [2.0, 4.0], rtol=1e-14)


@pytest.mark.parametrize(
    ("mean_nll", "base", "expected"),
    [
        (0.0, np.e, 1.0),
        (np.log(4.0), np.e, 4.0),
        (3.0, 2, 8.0),
        (1.0, 10, 10.0),
        (np.inf, np.e, np.inf),  # the mean NLL of a corpus with a zero-probability token
        (1000.0, np.e, np.inf),  # overflows: infinite perplexity
    ],
)
def test_perplexity_from_nll_known_values(mean_nll, base, expected):
    assert_allclose(perplexity_from_nll(mean_nll, base=base), expected, rtol=1e-14)


def test_perplexity_from_nll_elementwise():
    assert_allclose(perplexity_from_nll([0.0, np.log(2.0)]), [1.0, 2.0], rtol=1e-15)


# ---------------------------------------------------------------------------
# Fused validation: entropy, cross_entropy and kl_divergence check their
# input block by block while computing (measures._BLOCK elements per block).
# A small block makes every path of the cutting run on small inputs.
# ---------------------------------------------------------------------------


@pytest.fixture
def small_blocks(monkeypatch):
    from infotheory_lib import measures

    monkeypatch.setattr(measures, "_BLOCK", 8)
    return 8


def _rows_with_zeros(rng, m, n, zero_every):
    w = rng.random((m, n))
    w[:, ::zero_every] = 0.0
    w[:, -1] += 0.1  # never an all-zero row
    return w / w.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("n", [1, 3, 7, 8, 9, 20, 33])
def test_blocked_results_are_the_same_bits_alone_and_in_a_batch(small_blocks, n):
    # rows shorter than a block share blocks with other rows; longer rows are cut:
    # either way a row's result must not depend on its neighbours
    rng = np.random.default_rng(n)
    p = _rows_with_zeros(rng, 6, n, 3)
    q = _rows_with_zeros(rng, 6, n, 4)
    q[0] = p[0]  # a row with p = q = 0 entries and an exact zero KL
    for func, args in [(entropy, (p,)), (cross_entropy, (p, q)), (kl_divergence, (p, q))]:
        batch = func(*args)
        assert_array_equal(batch, [func(*(a[i] for a in args)) for i in range(p.shape[0])])
        assert_array_equal(func(*(a.T for a in args), axis=0), batch)
        assert_array_equal(func(*(a[:, None, :] for a in args))[:, 0], batch)


@pytest.mark.parametrize("n", [5, 64, 1000])
def test_blocked_entropy_and_cross_entropy_match_exact_sums(small_blocks, n):
    import math

    rng = np.random.default_rng(7)
    p = _rows_with_zeros(rng, 1, n, 5)[0]
    q = _rows_with_zeros(rng, 1, n, 7)[0]
    q = 0.5 * (q + p)  # q > 0 wherever p > 0: a finite cross-entropy
    positive = p > 0
    h = -math.fsum((p[positive] * np.log(p[positive])).tolist())
    ce = -math.fsum((p[positive] * np.log(q[positive])).tolist())
    assert_allclose(entropy(p, base=np.e), h, rtol=1e-14)
    assert_allclose(cross_entropy(p, q, base=np.e), ce, rtol=1e-14)


def test_blocked_entropy_of_a_long_vector_matches_scipy():
    from infotheory_lib import measures

    rng = np.random.default_rng(3)
    p = rng.random(3 * measures._BLOCK + 5)
    p[::11] = 0.0
    p /= p.sum()
    assert_allclose(entropy(p, base=np.e), scipy.stats.entropy(p), rtol=1e-13)
    q = rng.random(p.size) + 1e-3
    q /= q.sum()
    assert_allclose(cross_entropy(p, q, base=np.e), -scipy.special.xlogy(p, q).sum(), rtol=1e-13)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (np.nan, "contains NaN"),
        (-0.25, "negative entry"),
        (1.5, "above 1"),
        (np.inf, "above 1"),
        (0.0, "sums to"),
    ],
)
@pytest.mark.parametrize("where", [0, 17, 39])  # first block, a middle block, the last block
def test_bad_entry_in_any_block_gives_the_precise_error(small_blocks, bad, message, where):
    good = np.full(40, 1 / 40)
    broken = good.copy()
    broken[where] = bad
    for call in (
        lambda x: entropy(x),
        lambda x: distribution_perplexity(x),
        lambda x: cross_entropy(x, good),
        lambda x: kl_divergence(x, good),
        lambda x: js_divergence(x, good),
    ):
        with pytest.raises(ValueError, match=rf"^p .*{message}"):
            call(broken)
    for call in (lambda x: cross_entropy(good, x), lambda x: kl_divergence(good, x)):
        with pytest.raises(ValueError, match=rf"^q .*{message}"):
            call(broken)


def test_zero_results_are_positive_zero():
    # 0 log 0 = 0 and log 1 = 0 give a true 0.0, never -0.0
    for value in (
        entropy([1.0, 0.0, 0.0]),
        entropy([[0.0, 1.0]])[0],
        cross_entropy([1.0, 0.0], [1.0, 0.0]),
        distribution_perplexity([0.0, 1.0]) - 1.0,
        conditional_entropy([[1.0, 0.0], [0.0, 0.0]]),
        binary_entropy(-0.0),
        binary_entropy(1.0),
    ):
        assert value == 0.0 and not np.signbit(value)
