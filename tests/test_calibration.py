"""Tests for infotheory_lib.calibration: ECE, reliability diagrams, Brier, temperature scaling,
proper scoring rules."""

from __future__ import annotations

import numpy as np
import pytest
import sklearn.metrics
from numpy.testing import assert_allclose, assert_array_equal

from infotheory_lib import (
    best_report,
    binary_cross_entropy,
    binary_entropy,
    brier_score,
    cross_entropy_loss,
    expected_calibration_error,
    expected_score,
    fit_temperature,
    kl_divergence,
    reliability_diagram_data,
    softmax,
)


def sample_labels(probs, rng):
    """One label per row drawn from that row's distribution: the model is calibrated by construction."""
    u = rng.random(probs.shape[0])[:, None]
    return np.minimum((u > np.cumsum(probs, axis=1)).sum(axis=1), probs.shape[1] - 1)


def ece_loop(probs, labels, n_bins):
    """A direct, loop-by-loop implementation of the top-label ECE definition."""
    probs = np.asarray(probs, dtype=float)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    n = len(labels)
    total = 0.0
    for b in range(n_bins):
        lo, hi = edges[b], edges[b + 1]
        members = []
        for i in range(n):
            conf = max(probs[i])
            if (lo < conf <= hi) or (b == 0 and conf == 0.0):
                members.append(i)
        if not members:
            continue
        conf_mean = sum(max(probs[i]) for i in members) / len(members)
        acc = sum(int(np.argmax(probs[i]) == labels[i]) for i in members) / len(members)
        total += len(members) / n * abs(acc - conf_mean)
    return total


@pytest.fixture(scope="module")
def synthetic():
    rng = np.random.default_rng(0)
    true_logits = 2.0 * rng.normal(size=(200_000, 5))
    labels = sample_labels(softmax(true_logits), rng)
    return true_logits, labels


# ---------------------------------------------------------------------------
# reliability diagram and ECE
# ---------------------------------------------------------------------------


def test_ece_known_value_by_hand():
    # 4 samples, 2 bins (0, .5], (.5, 1]: confidences .9, .8 (bin 2, one right), .6, .6 (bin 2)...
    probs = [[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.4, 0.6]]
    labels = [0, 0, 0, 0]
    # all four confidences (.9, .8, .6, .6) fall in (.5, 1]: mean .725, accuracy 2/4
    assert expected_calibration_error(probs, labels, n_bins=2) == pytest.approx(0.225, abs=1e-15)
    # 10 bins: (.5,.6] holds .6,.6 (acc 1/2), (.7,.8] holds .8 (acc 0), (.8,.9] holds .9 (acc 1)
    expected = 2 / 4 * abs(0.5 - 0.6) + 1 / 4 * abs(0 - 0.8) + 1 / 4 * abs(1 - 0.9)
    assert expected_calibration_error(probs, labels, n_bins=10) == pytest.approx(expected, abs=1e-15)


def test_reliability_diagram_data_by_hand():
    probs = [[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.4, 0.6]]
    d = reliability_diagram_data(probs, [0, 0, 0, 1], n_bins=5)
    assert_allclose(d.edges, [0, 0.2, 0.4, 0.6, 0.8, 1.0])
    assert_array_equal(d.count, [0, 0, 2, 1, 1])
    assert_allclose(d.confidence[2:], [0.6, 0.8, 0.9])
    assert_allclose(d.accuracy[2:], [1.0, 0.0, 1.0])
    assert np.isnan(d.confidence[:2]).all() and np.isnan(d.accuracy[:2]).all()
    assert d.count.dtype.kind == "i"


def test_bin_edges_are_right_closed_and_zero_goes_to_the_first_bin():
    # confidence exactly 0.5 lies in (0.25, 0.5], not (0.5, 0.75]; a confidence of 0 cannot occur
    # for a distribution, but 1.0 belongs to the last bin
    d = reliability_diagram_data([[0.5, 0.5], [1.0, 0.0]], [0, 0], n_bins=4)
    assert_array_equal(d.count, [0, 1, 0, 1])


def test_ece_is_zero_when_every_bin_is_exact():
    # two samples at confidence .5 (one right) and samples at confidence 1 (right): ECE = 0 exactly
    probs = [[0.5, 0.5], [0.5, 0.5], [1.0, 0.0], [0.0, 1.0]]
    assert expected_calibration_error(probs, [0, 1, 0, 1]) == 0.0


@pytest.mark.parametrize("n_bins", [1, 3, 10, 15])
def test_ece_matches_a_direct_loop(n_bins):
    rng = np.random.default_rng(1)
    probs = softmax(rng.normal(size=(300, 4)) * 3)
    labels = rng.integers(0, 4, size=300)
    assert expected_calibration_error(probs, labels, n_bins=n_bins) == pytest.approx(
        ece_loop(probs, labels, n_bins), abs=1e-14
    )


def test_ece_of_a_calibrated_model_vanishes_in_the_limit(synthetic):
    # Labels drawn from the model's own probabilities: calibrated by construction, so ECE is only
    # sampling noise. With n_b samples in bin b, E|acc_b - conf_b| <= sqrt(Var) <= 1 / (2 sqrt(n_b)),
    # so E[ECE] <= sum_b (n_b / n) / (2 sqrt(n_b)) <= sqrt(B n) / (2 n) = 0.5 sqrt(B / n)
    # (Cauchy-Schwarz). The seed is fixed; the test asserts the value is within that bound.
    logits, labels = synthetic
    probs = softmax(logits)
    n, n_bins = len(labels), 15
    bound = 0.5 * np.sqrt(n_bins / n)
    ece = expected_calibration_error(probs, labels, n_bins=n_bins)
    assert ece < bound  # ≈ 0.0043
    # and it shrinks like 1 / sqrt(n): the first 2,000 samples show ~10x more noise
    small = expected_calibration_error(probs[:2000], labels[:2000], n_bins=n_bins)
    assert small < 0.5 * np.sqrt(n_bins / 2000)
    assert small > ece


def test_ece_sees_overconfidence(synthetic):
    logits, labels = synthetic
    calibrated = expected_calibration_error(softmax(logits), labels)
    overconfident = expected_calibration_error(softmax(3 * logits), labels)
    assert overconfident > 0.1 > 10 * calibrated


# ---------------------------------------------------------------------------
# Brier score
# ---------------------------------------------------------------------------


def test_brier_known_values():
    assert brier_score([[1.0, 0.0]], [0]) == 0.0
    assert brier_score([[0.0, 1.0]], [0]) == 2.0
    assert brier_score([[0.5, 0.25, 0.25]], [0]) == pytest.approx(0.25 + 0.0625 * 2)
    assert brier_score([0.8, 0.3], [1, 0]) == pytest.approx((0.04 + 0.09) / 2)
    assert_allclose(brier_score([0.8, 0.3], [1, 0], reduction="none"), [0.04, 0.09])
    assert brier_score([0.8, 0.3], [1, 0], reduction="sum") == pytest.approx(0.13)


def test_brier_matches_sklearn():
    rng = np.random.default_rng(2)
    probs = softmax(rng.normal(size=(50, 3)))
    labels = rng.integers(0, 3, size=50)
    labels[:3] = [0, 1, 2]
    # multiclass Brier = the sum of the one-vs-rest binary Brier scores: sklearn's binary
    # brier_score_loss exists in every supported version, its multiclass form only in recent ones
    one_vs_rest = sum(
        sklearn.metrics.brier_score_loss((labels == k).astype(int), probs[:, k]) for k in range(3)
    )
    assert brier_score(probs, labels) == pytest.approx(one_vs_rest, rel=1e-12)
    p1 = probs[:, 0]
    y1 = (labels == 0).astype(int)
    assert brier_score(p1, y1) == pytest.approx(sklearn.metrics.brier_score_loss(y1, p1), rel=1e-12)


# ---------------------------------------------------------------------------
# temperature scaling
# ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("c", [0.5, 1.0, 3.0])
def test_fit_temperature_recovers_a_known_temperature(synthetic, c):
    # labels come from softmax(true_logits); a model that outputs c * true_logits needs T = c.
    # The MLE of T on 200,000 samples has a relative standard error well below 1%.
    logits, labels = synthetic
    assert fit_temperature(c * logits, labels) == pytest.approx(c, rel=0.02)


def test_fit_temperature_minimises_the_nll(synthetic):
    logits, labels = synthetic
    logits, labels = 2.0 * logits[:5000], labels[:5000]
    t = fit_temperature(logits, labels)
    best = cross_entropy_loss(logits / t, labels)
    for factor in (0.9, 0.99, 1.01, 1.1):
        assert cross_entropy_loss(logits / (t * factor), labels) > best
    # it never hurts the NLL relative to T = 1, and it keeps the predictions
    assert best <= cross_entropy_loss(logits, labels)


def test_fit_temperature_separable_data_hits_the_lower_bound():
    logits = np.array([[5.0, 0.0], [0.0, 5.0]])
    t = fit_temperature(logits, [0, 1], bounds=(0.1, 10.0))
    assert t == pytest.approx(0.1, rel=1e-5)


# ---------------------------------------------------------------------------
# proper scoring rules
# ---------------------------------------------------------------------------


def test_expected_log_score_is_entropy_plus_kl():
    p, r = 0.3, 0.6
    expected = binary_entropy(p, base=np.e) + kl_divergence([p, 1 - p], [r, 1 - r], base=np.e)
    assert expected_score(p, r) == pytest.approx(expected, rel=1e-14)
    assert expected_score(p, r, base=2) == pytest.approx(expected / np.log(2), rel=1e-14)
    # the expected log score of reporting r is the BCE of the soft target p against r
    assert expected_score(p, r) == pytest.approx(binary_cross_entropy(p, r), rel=1e-14)


def test_expected_score_known_values_and_edges():
    assert expected_score(0.3, 0.6, rule="brier") == pytest.approx(0.3 * 0.16 + 0.7 * 0.36)
    assert expected_score(0.3, 0.6, rule="absolute") == pytest.approx(0.3 * 0.4 + 0.7 * 0.6)
    assert expected_score(0.3, 0.0) == np.inf
    assert expected_score(0.3, 1.0) == np.inf
    assert expected_score(0.0, 0.0) == 0.0
    assert expected_score(1.0, 1.0) == 0.0
    out = expected_score([0.2, 0.5], [[0.2], [0.5]], rule="brier")
    assert out.shape == (2, 2)


@pytest.mark.parametrize("rule", ["log", "brier"])
@pytest.mark.parametrize("p", [0.0, 0.05, 0.3, 0.5, 0.77, 1.0])
def test_proper_rules_are_minimised_by_the_truth(rule, p):
    n_grid = 10001
    r = best_report(p, rule=rule, n_grid=n_grid)
    assert abs(r - p) <= 0.5 / (n_grid - 1) + 1e-15
    # strictly proper: reporting anything else costs more
    for other in (p - 0.1, p + 0.1):
        if 0 <= other <= 1:
            assert expected_score(p, other, rule=rule) > expected_score(p, p, rule=rule)


@pytest.mark.parametrize(("p", "extreme"), [(0.05, 0.0), (0.3, 0.0), (0.49, 0.0), (0.51, 1.0), (0.77, 1.0)])
def test_absolute_rule_is_improper(p, extreme):
    assert best_report(p, rule="absolute") == extreme
    # the honest report scores strictly worse than the extreme one
    assert expected_score(p, p, rule="absolute") > expected_score(p, extreme, rule="absolute")


def test_best_report_is_vectorised():
    assert_allclose(best_report([0.2, 0.8], rule="log", n_grid=11), [0.2, 0.8])
    assert_array_equal(best_report([0.2, 0.8], rule="absolute", n_grid=11), [0.0, 1.0])


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------


GOOD_PROBS = [[0.7, 0.3], [0.4, 0.6]]


@pytest.mark.parametrize(
    ("call", "error", "word"),
    [
        (lambda: expected_calibration_error([0.7, 0.3], [0, 1]), ValueError, "probs"),
        (lambda: expected_calibration_error([[0.7, 0.4], [0.4, 0.6]], [0, 1]), ValueError, "probs"),
        (lambda: expected_calibration_error("abc", [0, 1]), TypeError, "probs"),
        (lambda: expected_calibration_error(GOOD_PROBS, [0, 2]), ValueError, "labels"),
        (lambda: expected_calibration_error(GOOD_PROBS, [0, 1, 1]), ValueError, "labels"),
        (lambda: expected_calibration_error(GOOD_PROBS, [0.0, 1.0]), TypeError, "labels"),
        (lambda: expected_calibration_error(GOOD_PROBS, [0, 1], n_bins=0), ValueError, "n_bins"),
        (lambda: expected_calibration_error(GOOD_PROBS, [0, 1], n_bins=2.5), TypeError, "n_bins"),
        (lambda: reliability_diagram_data(GOOD_PROBS, [True, False]), TypeError, "labels"),
        (lambda: brier_score([1.2, 0.3], [1, 0]), ValueError, "probs"),
        (lambda: brier_score([0.2, 0.3], [1, 2]), ValueError, "labels"),
        (lambda: brier_score(GOOD_PROBS, [0, 1], reduction="max"), ValueError, "reduction"),
        (lambda: fit_temperature([[1.0, np.nan]], [0]), ValueError, "logits"),
        (lambda: fit_temperature([1.0, 2.0], [0]), ValueError, "logits"),
        (lambda: fit_temperature([[1.0, 2.0]], [3]), ValueError, "labels"),
        (lambda: fit_temperature([[1.0, 2.0]], [0], bounds=(2.0, 1.0)), ValueError, "bounds"),
        (lambda: fit_temperature([[1.0, 2.0]], [0], bounds=(0.0, 1.0)), ValueError, "bounds"),
        (lambda: fit_temperature([[1.0, 2.0]], [0], bounds="ab"), TypeError, "bounds"),
        (lambda: expected_score(1.5, 0.5), ValueError, "p"),
        (lambda: expected_score(0.5, -0.1), ValueError, "r"),
        (lambda: expected_score(0.5, 0.5, rule="linear"), ValueError, "rule"),
        (lambda: expected_score(0.5, 0.5, base=1), ValueError, "base"),
        (lambda: best_report(0.5, n_grid=1), ValueError, "n_grid"),
        (lambda: best_report(0.5, n_grid=10.0), TypeError, "n_grid"),
    ],
)
def test_bad_input_names_the_argument(call, error, word):
    with pytest.raises(error, match=word):
        call()
