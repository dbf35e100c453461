"""Tests for infotheory_lib.losses: softmax, cross-entropy from logits, BCE."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special
import sklearn.metrics
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from infotheory_lib import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    cross_entropy_loss,
    entropy,
    log_softmax,
    softmax,
)
from tests.helpers.strategies import logit_rows, prob_vectors

LN2 = np.log(2.0)


# ---------------------------------------------------------------------------
# A reference implementation of torch.nn.functional.cross_entropy semantics
# (classes on the last axis), written independently in numpy/scipy.
# ---------------------------------------------------------------------------


def torch_cross_entropy(logits, target, reduction="mean", label_smoothing=0.0):
    logits = np.asarray(logits, dtype=np.float64)
    target = np.asarray(target)
    logp = logits - scipy.special.logsumexp(logits, axis=-1, keepdims=True)
    eps = label_smoothing
    if target.dtype.kind in "iu":  # class indices
        nll = -np.take_along_axis(logp, target[..., None], axis=-1)[..., 0]
        smooth = -logp.mean(axis=-1)
        loss = (1.0 - eps) * nll + eps * smooth
    else:  # probability targets
        n_classes = logits.shape[-1]
        t = target * (1.0 - eps) + eps / n_classes
        loss = -(t * logp).sum(axis=-1)
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


# ---------------------------------------------------------------------------
# softmax / log_softmax
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("logits", "expected"),
    [
        ([0.0, 0.0], [0.5, 0.5]),
        ([1.0, 1.0, 1.0, 1.0], [0.25] * 4),
        ([np.log(1.0), np.log(3.0)], [0.25, 0.75]),
        ([1000.0, 0.0], [1.0, 0.0]),
        ([-1000.0, -1000.0], [0.5, 0.5]),
        ([5.0], [1.0]),
        ([1e308, -1e308], [1.0, 0.0]),
    ],
)
def test_softmax_known_values(logits, expected):
    assert_allclose(softmax(logits), expected, rtol=1e-15, atol=0)


def test_log_softmax_is_exact_in_the_tail():
    # softmax underflows to 0 there, but its logarithm is finite and exact.
    assert_array_equal(log_softmax([1000.0, 0.0]), [0.0, -1000.0])
    assert_array_equal(log_softmax([0.0, -1e4, -2e4]), [0.0, -1e4, -2e4])
    # the dominant class keeps a tiny but non-zero loss: log(1 + e^-700)
    assert_allclose(log_softmax([0.0, -700.0])[0], -np.exp(-700.0), rtol=1e-14)


@given(logit_rows())
def test_softmax_rows_sum_to_one(z):
    s = softmax(z)
    assert s.shape == z.shape
    assert np.all(s >= 0) and np.all(s <= 1)
    assert_allclose(s.sum(axis=-1), 1.0, rtol=0, atol=4e-15)


@given(logit_rows())
def test_log_softmax_equals_log_of_softmax(z):
    ls = log_softmax(z)
    assert np.all(np.isfinite(ls))
    assert np.all(ls <= 0)
    s = softmax(z)
    ok = s > 1e-300  # where softmax has not underflowed
    assert_allclose(ls[ok], np.log(s[ok]), rtol=1e-14, atol=1e-15)
    assert_allclose(np.exp(ls), s, rtol=1e-15, atol=0)


@given(
    st.lists(st.integers(-50, 50), min_size=1, max_size=8),
    st.integers(-(10**6), 10**6),
)
def test_softmax_shift_invariance(z, shift):
    # integer logits and shift: z + c is exact, so the results must agree closely
    z = np.asarray(z, dtype=np.float64)
    assert_allclose(softmax(z + shift), softmax(z), rtol=1e-13, atol=1e-300)
    assert_allclose(log_softmax(z + shift), log_softmax(z), rtol=1e-13, atol=1e-13)


@given(logit_rows(), st.floats(min_value=0.01, max_value=100.0))
def test_temperature_divides_logits(z, t):
    # log-softmax is conditioned by the size of z / T: rounding z / T alone moves
    # it by ~ulp(max |z / T|), so that is the scale of the tolerance.
    tol = 8 * np.finfo(float).eps * (np.abs(z).max() / t + 1.0)
    assert_allclose(log_softmax(z, temperature=t), log_softmax(z / t), rtol=0, atol=tol)
    assert_allclose(softmax(z, temperature=t), softmax(z / t), rtol=0, atol=tol)


def test_temperature_limits():
    z = np.array([2.0, 1.0, 0.5, -1.0])
    # T -> 0: one-hot on the argmax; T -> inf: uniform.
    assert_allclose(softmax(z, temperature=1e-3), [1.0, 0.0, 0.0, 0.0], atol=1e-300)
    assert_allclose(softmax(z, temperature=1e6), 0.25, rtol=1e-5)
    assert_allclose(softmax(z, temperature=1.0), softmax(z), rtol=0)


@given(st.lists(st.floats(-20, 20), min_size=2, max_size=6).filter(lambda v: max(v) - min(v) > 1e-3))
def test_temperature_raises_entropy_monotonically(z):
    # dH/dT >= 0: higher temperature flattens the distribution.
    temps = [0.1, 0.3, 1.0, 3.0, 10.0]
    h = [entropy(softmax(z, temperature=t)) for t in temps]
    assert all(a <= b + 1e-12 for a, b in zip(h, h[1:], strict=False))
    assert h[-1] <= np.log2(len(z)) + 1e-12


@pytest.mark.parametrize(
    ("logits", "temperature", "expected_log"),
    [
        ([1e308, -1e308], 1.0, [0.0, -np.inf]),  # the gap 2e308 overflows: log-prob -inf, no warning
        ([1e308, 0.0], 0.5, [0.0, -np.inf]),
        ([1e300, 0.0], 1e-10, [0.0, -np.inf]),
        ([1e300, 1e300], 1e-10, [-np.log(2.0), -np.log(2.0)]),
        ([-1e308, -1e308, -1e308, -1e308], 3.0, [-np.log(4.0)] * 4),
    ],
)
def test_softmax_of_huge_logits(logits, temperature, expected_log):
    assert_allclose(log_softmax(logits, temperature=temperature), expected_log, rtol=1e-15)
    assert_allclose(softmax(logits, temperature=temperature), np.exp(expected_log), rtol=1e-15)


def test_cross_entropy_loss_of_huge_logits():
    z = [[1e308, -1e308]]
    assert cross_entropy_loss(z, [0]) == 0.0
    assert cross_entropy_loss(z, [1]) == np.inf
    assert cross_entropy_loss(z, [[1.0, 0.0]]) == 0.0  # 0 * log 0 = 0, not NaN
    assert cross_entropy_loss(z, [[0.0, 1.0]]) == np.inf


def test_softmax_axis_argument():
    z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 5.0]])
    assert_allclose(softmax(z.T, axis=0), softmax(z).T, rtol=0)
    assert_allclose(log_softmax(z.T, axis=0), log_softmax(z).T, rtol=0)
    assert_allclose(softmax(z, axis=0).sum(axis=0), 1.0, rtol=1e-15)


def test_softmax_does_not_modify_input():
    z = np.array([1.0, 2.0, 3.0])
    before = z.copy()
    softmax(z, temperature=2.0)
    log_softmax(z)
    assert_array_equal(z, before)


# ---------------------------------------------------------------------------
# cross_entropy_loss
# ---------------------------------------------------------------------------

ARTICLE_PREDICTIONS = [
    ([0.05, 0.05, 0.90], "0.1054"),
    ([0.2, 0.3, 0.5], "0.6931"),
    ([0.7, 0.2, 0.1], "2.3026"),
]


@pytest.mark.parametrize(("probs", "printed"), ARTICLE_PREDICTIONS)
def test_cross_entropy_loss_article_predictions(probs, printed):
    # logits = log(probs): softmax recovers probs, the loss is -log probs[2].
    loss = cross_entropy_loss(np.log([probs]), [2])
    assert_allclose(loss, -np.log(probs[2]), rtol=1e-14)
    assert f"{loss:.4f}" == printed


def test_cross_entropy_loss_article_batch_reductions():
    logits = np.log([p for p, _ in ARTICLE_PREDICTIONS])
    target = np.array([2, 2, 2])
    per_sample = cross_entropy_loss(logits, target, reduction="none")
    assert_allclose(per_sample, [-np.log(0.9), np.log(2.0), np.log(10.0)], rtol=1e-14)
    assert_allclose(cross_entropy_loss(logits, target, reduction="sum"), per_sample.sum(), rtol=1e-15)
    assert_allclose(cross_entropy_loss(logits, target), per_sample.mean(), rtol=1e-15)
    assert_allclose(cross_entropy_loss(logits, target, base=2), per_sample.mean() / LN2, rtol=1e-15)


@pytest.mark.parametrize(
    ("logits", "target", "expected"),
    [
        ([[0.0, 0.0]], [0], np.log(2.0)),
        ([[1000.0, 0.0]], [0], 0.0),
        ([[1000.0, 0.0]], [1], 1000.0),  # exact, although softmax underflows
        ([[0.0, 1000.0, -1000.0]], [2], 2000.0),
        ([[3.0]], [0], 0.0),  # a single class
        ([[0.0, 0.0]], [[0.5, 0.5]], np.log(2.0)),  # probability target
    ],
)
def test_cross_entropy_loss_known_values(logits, target, expected):
    assert_allclose(cross_entropy_loss(logits, target), expected, rtol=1e-15, atol=0)


def test_cross_entropy_loss_single_sample_without_batch_axis():
    # logits shape (C,), target a scalar index (shape ()).
    loss = cross_entropy_loss([0.0, np.log(3.0)], 1, reduction="none")
    assert_allclose(loss, -np.log(0.75), rtol=1e-14)
    assert np.ndim(loss) == 0


def test_cross_entropy_loss_equals_cross_entropy_of_softmax():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(5, 4))
    t = rng.dirichlet(np.ones(4), size=5)
    expected = cross_entropy(t, softmax(z), base=np.e)
    assert_allclose(cross_entropy_loss(z, t, reduction="none"), expected, rtol=1e-13)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1, 0.5, 1.0])
def test_cross_entropy_loss_matches_torch_semantics_class_indices(reduction, label_smoothing):
    rng = np.random.default_rng(42)
    logits = rng.normal(scale=3.0, size=(7, 5))
    target = rng.integers(0, 5, size=7)
    got = cross_entropy_loss(logits, target, reduction=reduction, label_smoothing=label_smoothing)
    expected = torch_cross_entropy(logits, target, reduction, label_smoothing)
    assert np.shape(got) == np.shape(expected)
    assert_allclose(got, expected, rtol=1e-13)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.2, 1.0])
def test_cross_entropy_loss_matches_torch_semantics_probability_targets(reduction, label_smoothing):
    rng = np.random.default_rng(7)
    logits = rng.normal(scale=3.0, size=(6, 4))
    target = rng.dirichlet(np.ones(4), size=6)
    target[0] = [0.0, 1.0, 0.0, 0.0]  # include exact zeros
    got = cross_entropy_loss(logits, target, reduction=reduction, label_smoothing=label_smoothing)
    expected = torch_cross_entropy(logits, target, reduction, label_smoothing)
    assert np.shape(got) == np.shape(expected)
    assert_allclose(got, expected, rtol=1e-13)


def test_cross_entropy_loss_multi_dim_batch():
    # (batch, sequence, classes), as a language model's output with the class axis last.
    rng = np.random.default_rng(3)
    logits = rng.normal(size=(2, 3, 5))
    target = rng.integers(0, 5, size=(2, 3))
    got = cross_entropy_loss(logits, target, reduction="none", label_smoothing=0.1)
    assert got.shape == (2, 3)
    assert_allclose(got, torch_cross_entropy(logits, target, "none", 0.1), rtol=1e-13)


@given(logit_rows(), st.data())
def test_cross_entropy_loss_property_matches_reference(z, data):
    n, c = z.shape
    target = np.asarray(data.draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)), dtype=np.int64)
    eps = data.draw(st.sampled_from([0.0, 0.1, 0.9]))
    got = cross_entropy_loss(z, target, reduction="none", label_smoothing=eps)
    expected = torch_cross_entropy(z, target, "none", eps)
    assert np.all(got >= 0)
    assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


@given(logit_rows(), st.data())
def test_cross_entropy_loss_batch_equals_loop(z, data):
    n, c = z.shape
    target = np.asarray(data.draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)), dtype=np.int64)
    batched = cross_entropy_loss(z, target, reduction="none")
    looped = [cross_entropy_loss(z[i : i + 1], target[i : i + 1]) for i in range(n)]
    assert_allclose(batched, looped, rtol=1e-15, atol=0)


def test_cross_entropy_loss_one_hot_probability_target_equals_index_target():
    rng = np.random.default_rng(5)
    z = rng.normal(size=(4, 3))
    idx = np.array([0, 2, 1, 2])
    one_hot = np.eye(3)[idx]
    for eps in (0.0, 0.3):
        assert_allclose(
            cross_entropy_loss(z, one_hot, label_smoothing=eps),
            cross_entropy_loss(z, idx, label_smoothing=eps),
            rtol=1e-14,
        )


def test_cross_entropy_loss_matches_sklearn_log_loss():
    rng = np.random.default_rng(11)
    probs = rng.dirichlet(np.ones(4), size=50)
    labels = rng.integers(0, 4, size=50)
    expected = sklearn.metrics.log_loss(labels, probs, labels=[0, 1, 2, 3])
    assert_allclose(cross_entropy_loss(np.log(probs), labels), expected, rtol=1e-12)


# ---------------------------------------------------------------------------
# binary cross-entropy
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("y_prob", "printed"),
    [(0.9, "0.1054"), (0.5, "0.6931"), (0.1, "2.3026")],
)
def test_binary_cross_entropy_article_values(y_prob, printed):
    loss = binary_cross_entropy(1, y_prob)
    assert_allclose(loss, -np.log(y_prob), rtol=1e-15)
    assert f"{loss:.4f}" == printed


@pytest.mark.parametrize(
    ("y_true", "y_prob", "expected"),
    [
        (1.0, 0.0, np.inf),  # the true class got probability 0
        (0.0, 1.0, np.inf),
        (1.0, 1.0, 0.0),
        (0.0, 0.0, 0.0),
        (0.5, 0.5, np.log(2.0)),
        (0.5, 0.0, np.inf),
        (0.0, 0.5, np.log(2.0)),
        (0.3, 0.3, -(0.3 * np.log(0.3) + 0.7 * np.log(0.7))),  # soft label: the entropy
    ],
)
def test_binary_cross_entropy_known_values(y_true, y_prob, expected):
    assert_allclose(binary_cross_entropy(y_true, y_prob), expected, rtol=1e-15)


def test_binary_cross_entropy_reductions_and_broadcast():
    y = np.array([1.0, 0.0, 1.0])
    p = np.array([0.9, 0.2, 0.5])
    per_sample = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert_allclose(binary_cross_entropy(y, p, reduction="none"), per_sample, rtol=1e-15)
    assert_allclose(binary_cross_entropy(y, p, reduction="sum"), per_sample.sum(), rtol=1e-15)
    assert_allclose(binary_cross_entropy(y, p), per_sample.mean(), rtol=1e-15)
    assert_allclose(binary_cross_entropy(y, p, base=2), per_sample.mean() / LN2, rtol=1e-15)
    # one label against a batch of predictions
    assert binary_cross_entropy(1.0, [[0.5, 0.25]], reduction="none").shape == (1, 2)


def test_binary_cross_entropy_matches_sklearn_log_loss():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, size=200)
    p = rng.uniform(0.01, 0.99, size=200)
    assert_allclose(binary_cross_entropy(y, p), sklearn.metrics.log_loss(y, p), rtol=1e-12)


@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_binary_cross_entropy_is_a_two_class_cross_entropy(y, p):
    expected = cross_entropy([y, 1.0 - y], [p, 1.0 - p], base=np.e)
    assert_allclose(binary_cross_entropy(y, p), expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(
    ("y_true", "logit", "expected"),
    [
        (1.0, 0.0, np.log(2.0)),
        (0.0, 0.0, np.log(2.0)),
        (1.0, -1000.0, 1000.0),
        (0.0, 1000.0, 1000.0),
        (1.0, 1000.0, 0.0),
        (0.0, -1000.0, 0.0),
        (0.3, 1000.0, 700.0),
        (1.0, np.log(9.0), -np.log(0.9)),
        (1.0, -np.log(9.0), -np.log(0.1)),
    ],
)
def test_binary_cross_entropy_with_logits_known_values(y_true, logit, expected):
    assert_allclose(binary_cross_entropy_with_logits(y_true, logit), expected, rtol=1e-14, atol=0)


@given(st.floats(0.0, 1.0), st.floats(min_value=-5.0, max_value=5.0))
def test_binary_cross_entropy_with_logits_equals_bce_of_sigmoid(y, z):
    # |z| <= 5 keeps 1 - sigmoid(z) accurate to ~e^5 ulps, so BCE(sigmoid(z)) is a fair reference.
    expected = binary_cross_entropy(y, scipy.special.expit(z))
    assert_allclose(binary_cross_entropy_with_logits(y, z), expected, rtol=1e-13, atol=1e-15)


@given(st.floats(0.0, 1.0), st.floats(min_value=-700.0, max_value=700.0))
def test_binary_cross_entropy_with_logits_matches_log_expit(y, z):
    # -[y log sigmoid(z) + (1 - y) log sigmoid(-z)], with scipy's accurate log_expit.
    expected = -(y * scipy.special.log_expit(z) + (1.0 - y) * scipy.special.log_expit(-z))
    assert_allclose(binary_cross_entropy_with_logits(y, z), expected, rtol=1e-13, atol=1e-300)


@given(st.floats(0.0, 1.0), st.floats(min_value=-1e4, max_value=1e4))
def test_binary_cross_entropy_with_logits_is_finite_and_non_negative(y, z):
    loss = binary_cross_entropy_with_logits(y, z)
    assert np.isfinite(loss)
    assert loss >= 0.0


def test_binary_cross_entropy_with_logits_equals_two_class_softmax_loss():
    rng = np.random.default_rng(9)
    z = rng.normal(scale=5.0, size=20)
    y = rng.integers(0, 2, size=20)
    two_class = np.stack([np.zeros_like(z), z], axis=-1)  # class 1 has logit z
    assert_allclose(
        binary_cross_entropy_with_logits(y.astype(float), z, reduction="none"),
        cross_entropy_loss(two_class, y, reduction="none"),
        rtol=1e-13,
    )


def test_binary_cross_entropy_with_logits_reductions():
    y = np.array([1.0, 0.0, 0.5])
    z = np.array([2.0, -1.0, 0.3])
    per_sample = binary_cross_entropy_with_logits(y, z, reduction="none")
    assert per_sample.shape == (3,)
    assert_allclose(binary_cross_entropy_with_logits(y, z, reduction="sum"), per_sample.sum(), rtol=1e-15)
    assert_allclose(binary_cross_entropy_with_logits(y, z), per_sample.mean(), rtol=1e-15)


@given(prob_vectors(size=2))
def test_bce_at_the_true_distribution_is_its_entropy(p):
    # BCE(y, y) = H_b(y) in nats: the minimum over predictions.
    y = p[0]
    assert_allclose(binary_cross_entropy(y, y), entropy([y, 1.0 - y], base=np.e), rtol=1e-12, atol=1e-15)
