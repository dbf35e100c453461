"""Tests for the calibration functions of notebook 09: ECE and reliability data from confidences,
scores at a temperature, the NLL-vs-temperature curve, and the digits temperature-scaling experiment."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats
import sklearn.metrics
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.calibration import calibration_curve

from infotheory_lib import (
    brier_score,
    calibration_scores,
    cross_entropy_loss,
    ece_from_confidences,
    expected_calibration_error,
    fit_temperature,
    reliability_diagram_data,
    reliability_from_confidences,
    softmax,
    temperature_nll,
)
from infotheory_lib.models import (
    calibration_experiment,
    calibration_over_seeds,
    ece_if_calibrated,
    load_digits_three_way,
)


@pytest.fixture(scope="module")
def model_like():
    """Logits of an over-confident 10-class model: true logits times 3, labels drawn from the true ones."""
    rng = np.random.default_rng(1)
    true_logits = 1.5 * rng.normal(size=(4000, 10))
    u = rng.random(4000)[:, None]
    labels = np.minimum((u > np.cumsum(softmax(true_logits), axis=1)).sum(axis=1), 9)
    return 3.0 * true_logits, labels


# ---- from confidences ---------------------------------------------------------------------------------------


def test_ece_known_values_and_the_bin_count_matters():
    conf = [0.9, 0.9, 0.6, 0.6]
    correct = [1, 0, 1, 1]
    # 10 bins: (0.8, 0.9] has conf 0.9, acc 0.5; (0.5, 0.6] conf 0.6, acc 1 -> 0.5 * 0.4 + 0.5 * 0.4
    assert_allclose(ece_from_confidences(conf, correct, n_bins=10), 0.4, rtol=1e-12)
    # one bin: mean accuracy 0.75 = mean confidence 0.75 -> the gaps cancel
    assert_allclose(ece_from_confidences(conf, correct, n_bins=1), 0.0, atol=1e-15)


def test_reliability_from_confidences_by_hand_with_empty_bins_and_both_ends():
    diagram = reliability_from_confidences([0.0, 1.0, 1.0, 0.3], [False, True, False, True], n_bins=4)
    assert_array_equal(diagram.edges, [0.0, 0.25, 0.5, 0.75, 1.0])
    assert_array_equal(diagram.count, [1, 1, 0, 2])  # 0 -> first bin, 1.0 -> last bin, 0.3 -> (0.25, 0.5]
    assert_allclose(diagram.confidence[[0, 1, 3]], [0.0, 0.3, 1.0])
    assert_allclose(diagram.accuracy[[0, 1, 3]], [0.0, 1.0, 0.5])
    assert np.isnan(diagram.confidence[2]) and np.isnan(diagram.accuracy[2])
    # ECE: 1/4 * 0 + 1/4 * 0.7 + 2/4 * 0.5
    assert_allclose(ece_from_confidences([0.0, 1.0, 1.0, 0.3], [0, 1, 0, 1], n_bins=4), 0.425)


def test_a_boundary_confidence_goes_to_the_lower_bin():
    diagram = reliability_from_confidences([0.5, 0.5 + 1e-12], [1, 1], n_bins=2)
    assert_array_equal(diagram.count, [1, 1])


def test_reliability_matches_sklearn_calibration_curve():
    rng = np.random.default_rng(0)
    conf = rng.uniform(0.1, 1.0, 3000)  # continuous: never exactly on an edge, where sklearn's bins differ
    correct = rng.random(3000) < conf**1.5
    for n_bins in (5, 10, 15):
        diagram = reliability_from_confidences(conf, correct, n_bins=n_bins)
        acc, mean_conf = calibration_curve(correct, conf, n_bins=n_bins, strategy="uniform")
        nonempty = diagram.count > 0
        assert_allclose(diagram.accuracy[nonempty], acc, rtol=1e-12)
        assert_allclose(diagram.confidence[nonempty], mean_conf, rtol=1e-12)


@pytest.mark.parametrize("n_bins", [1, 10, 15, 20])
def test_from_confidences_equals_the_probability_form(model_like, n_bins):
    logits, labels = model_like
    probs = softmax(logits)
    conf, correct = probs.max(axis=1), probs.argmax(axis=1) == labels
    assert_allclose(
        ece_from_confidences(conf, correct, n_bins=n_bins),
        expected_calibration_error(probs, labels, n_bins=n_bins),
        rtol=1e-12,
    )
    a = reliability_from_confidences(conf, correct, n_bins=n_bins)
    b = reliability_diagram_data(probs, labels, n_bins=n_bins)
    for x, y in zip(a, b, strict=True):
        assert_array_equal(x, y)


def test_correct_may_be_bool_int_or_float_and_inputs_are_not_modified():
    conf = np.array([0.2, 0.7, 0.95])
    before = conf.copy()
    values = [
        ece_from_confidences(conf, c, n_bins=5) for c in ([0, 1, 1], [False, True, True], [0.0, 1.0, 1.0])
    ]
    assert values[0] == values[1] == values[2]
    assert_array_equal(conf, before)


@pytest.mark.slow
def test_noise_floor_of_a_calibrated_model_matches_the_binomial_mean_deviation():
    # one bin, every confidence 0.5: ECE = |k/n - 1/2| with k ~ Binomial(n, 1/2), whose mean is known exactly
    n = 100
    eces = ece_if_calibrated(np.full(n, 0.5), n_bins=1, n_draws=20000, seed=3)
    k = np.arange(n + 1)
    exact = np.sum(scipy.stats.binom.pmf(k, n, 0.5) * np.abs(k / n - 0.5))
    assert_allclose(eces.mean(), exact, rtol=0.02)


def test_noise_floor_shrinks_with_more_predictions_and_grows_with_more_bins():
    conf = np.random.default_rng(0).uniform(0.5, 1.0, 500)
    small = ece_if_calibrated(conf, n_bins=15, n_draws=100).mean()
    large = ece_if_calibrated(np.tile(conf, 16), n_bins=15, n_draws=100).mean()
    assert large < small / 2.5  # about 1/sqrt(16)
    assert ece_if_calibrated(conf, n_bins=5, n_draws=100).mean() < small


def test_noise_floor_is_deterministic_and_shaped():
    conf = [0.6, 0.9, 1.0, 0.75]
    a, b = ece_if_calibrated(conf, n_draws=7, seed=2), ece_if_calibrated(conf, n_draws=7, seed=2)
    assert a.shape == (7,)
    assert_array_equal(a, b)
    assert not np.array_equal(a, ece_if_calibrated(conf, n_draws=7, seed=3))
    assert np.all((a >= 0) & (a <= 1))


# ---- scores at a temperature --------------------------------------------------------------------------------


def test_calibration_scores_match_the_library_and_sklearn(model_like):
    logits, labels = model_like
    for t in (0.5, 1.0, 2.7):
        scores = calibration_scores(logits, labels, temperature=t, n_bins=10)
        probs = softmax(logits, temperature=t)
        assert set(scores) == {"accuracy", "nll", "ece", "brier", "confidence"}
        assert_allclose(scores["accuracy"], sklearn.metrics.accuracy_score(labels, probs.argmax(axis=1)))
        assert_allclose(scores["nll"], sklearn.metrics.log_loss(labels, probs, labels=range(10)), rtol=1e-9)
        assert_allclose(scores["nll"], cross_entropy_loss(logits / t, labels), rtol=1e-14)
        assert_allclose(scores["ece"], expected_calibration_error(probs, labels, n_bins=10), rtol=1e-14)
        assert_allclose(scores["brier"], brier_score(probs, labels), rtol=1e-14)
        assert_allclose(scores["confidence"], probs.max(axis=1).mean(), rtol=1e-14)
        assert all(isinstance(v, float) for v in scores.values())


def test_temperature_keeps_accuracy_and_moves_confidence(model_like):
    logits, labels = model_like
    scores = [calibration_scores(logits, labels, temperature=t) for t in (0.25, 1.0, 3.0, 5.0)]
    assert len({s["accuracy"] for s in scores}) == 1
    confidences = [s["confidence"] for s in scores]
    assert confidences == sorted(confidences, reverse=True)  # hotter = less confident


def test_fitted_temperature_repairs_overconfidence(model_like):
    logits, labels = model_like
    t_star = fit_temperature(logits, labels)
    assert_allclose(t_star, 3.0, rtol=0.1)  # the logits were scaled by 3
    before, after = calibration_scores(logits, labels), calibration_scores(logits, labels, temperature=t_star)
    assert before["confidence"] > before["accuracy"]
    assert after["nll"] < before["nll"] and after["ece"] < before["ece"]


def test_temperature_nll_is_the_curve_fit_temperature_minimises(model_like):
    logits, labels = model_like
    temps = np.geomspace(0.5, 8.0, 81)
    curve = temperature_nll(logits, labels, temps)
    assert curve.shape == temps.shape
    for i in (0, 40, 80):
        assert_allclose(curve[i], cross_entropy_loss(logits / temps[i], labels), rtol=1e-14)
    t_star = fit_temperature(logits, labels)
    step = temps[1] / temps[0]
    assert temps[np.argmin(curve)] / step <= t_star <= temps[np.argmin(curve)] * step
    assert temperature_nll(logits, labels, [[1.0, 2.0]]).shape == (1, 2)
    assert np.ndim(temperature_nll(logits, labels, 2.0)) == 0


# ---- bad input ----------------------------------------------------------------------------------------------

_Z = [[2.0, 0.0, -1.0], [0.0, 1.0, 0.0]]


@pytest.mark.parametrize(
    ("call", "error", "word"),
    [
        (lambda: ece_from_confidences([0.5, 1.2], [1, 0]), ValueError, "confidences"),
        (lambda: ece_from_confidences([0.5, np.nan], [1, 0]), ValueError, "confidences"),
        (lambda: ece_from_confidences([[0.5, 0.6]], [[1, 0]]), ValueError, "confidences must be 1-D"),
        (lambda: ece_from_confidences("0.5", [1]), TypeError, "confidences"),
        (lambda: ece_from_confidences([0.5, 0.6], [1, 0, 1]), ValueError, "correct must have the shape"),
        (lambda: ece_from_confidences([0.5, 0.6], [1, 2]), ValueError, "correct must hold only 0/1"),
        (lambda: ece_from_confidences([0.5, 0.6], "10"), TypeError, "correct"),
        (lambda: ece_from_confidences([0.5], [1], n_bins=0), ValueError, "n_bins"),
        (lambda: ece_from_confidences([0.5], [1], n_bins=2.5), TypeError, "n_bins"),
        (lambda: reliability_from_confidences([], []), ValueError, "confidences is empty"),
        (lambda: calibration_scores(_Z, [0, 1], temperature=0.0), ValueError, "temperature"),
        (lambda: calibration_scores(_Z, [0, 1], temperature="2"), TypeError, "temperature"),
        (lambda: calibration_scores(_Z, [0, 3]), ValueError, "labels"),
        (lambda: calibration_scores(_Z, [0.0, 1.0]), TypeError, "labels"),
        (lambda: calibration_scores([1.0, 2.0], [0]), ValueError, "logits"),
        (lambda: calibration_scores([[1.0, np.inf]], [0]), ValueError, "logits"),
        (lambda: calibration_scores(_Z, [0, 1], n_bins=0), ValueError, "n_bins"),
        (lambda: temperature_nll(_Z, [0, 1], [1.0, 0.0]), ValueError, "temperatures"),
        (lambda: temperature_nll(_Z, [0, 1], [1.0, np.nan]), ValueError, "temperatures"),
        (lambda: temperature_nll(_Z, [0, 1], "1"), TypeError, "temperatures"),
        (lambda: load_digits_three_way(n_train=1000, n_val=797), ValueError, r"n_train \+ n_val"),
        (lambda: load_digits_three_way(n_train=0), ValueError, "n_train"),
        (lambda: calibration_experiment(epochs=0), ValueError, "epochs"),
        (lambda: calibration_experiment(seed=-1), ValueError, "seed"),
        (lambda: calibration_over_seeds(()), ValueError, "seeds is empty"),
        (lambda: calibration_over_seeds((0,), progress="yes"), ValueError, "progress"),
        (lambda: ece_if_calibrated([0.5, 1.5]), ValueError, "confidences"),
        (lambda: ece_if_calibrated([[0.5]]), ValueError, "confidences must be 1-D"),
        (lambda: ece_if_calibrated([0.5], n_draws=0), ValueError, "n_draws"),
        (lambda: ece_if_calibrated([0.5], n_bins=1.5), TypeError, "n_bins"),
        (lambda: ece_if_calibrated([0.5], seed=-2), ValueError, "seed"),
    ],
)
def test_bad_input_names_the_argument(call, error, word):
    with pytest.raises(error, match=word):
        call()


def test_valid_edge_input_does_not_warn():
    # (pytest turns warnings into errors in this project)
    assert ece_from_confidences([0.0, 1.0], [0, 1], n_bins=3) == 0.0
    big = [[1e3, 0.0, -1e3], [0.0, 0.0, 0.0]]
    scores = calibration_scores(big, [0, 2], temperature=0.25)
    assert np.isfinite(scores["nll"]) and scores["accuracy"] == 0.5
    assert np.all(np.isfinite(temperature_nll(big, [0, 2], [0.01, 100.0])))


# ---- the digits experiment ----------------------------------------------------------------------------------


def test_three_way_split_partitions_the_digits():
    from sklearn.datasets import load_digits

    X_tr, y_tr, X_va, y_va, X_te, y_te = load_digits_three_way(n_train=300, n_val=500, seed=0)
    assert (len(y_tr), len(y_va), len(y_te)) == (300, 500, 997)
    assert X_tr.shape == (300, 64) and X_tr.min() == 0 and X_tr.max() == 1
    X, y = load_digits(return_X_y=True)
    ours = np.column_stack([np.concatenate([X_tr, X_va, X_te]) * 16, np.concatenate([y_tr, y_va, y_te])])
    theirs = np.column_stack([X, y])
    assert_array_equal(ours[np.lexsort(ours.T)], theirs[np.lexsort(theirs.T)])  # every image exactly once
    assert not np.array_equal(load_digits_three_way(seed=1)[1], y_tr)  # the seed moves the split


@pytest.fixture(scope="module")
def experiment():
    return calibration_experiment(seed=0)


@pytest.mark.slow
def test_experiment_is_deterministic_and_consistent(experiment):
    again = calibration_experiment(seed=0)
    assert_array_equal(again["test_logits"], experiment["test_logits"])
    assert again["temperature"] == experiment["temperature"]
    assert experiment["settings"]["n_test"] == 997 == len(experiment["y_test"])
    assert experiment["temperature"] == fit_temperature(experiment["val_logits"], experiment["y_val"])
    assert experiment["before"] == calibration_scores(experiment["test_logits"], experiment["y_test"])


@pytest.mark.slow
def test_the_long_trained_mlp_is_overconfident_and_scaling_cools_it(experiment):
    assert experiment["train_accuracy"] == 1.0 and experiment["train_nll"] < 0.01
    before, after = experiment["before"], experiment["after"]
    assert before["confidence"] > before["accuracy"]  # over-confident on held-out images
    assert experiment["temperature"] > 1.0
    assert after["accuracy"] == before["accuracy"]
    assert after["nll"] < before["nll"]


def test_over_seeds_collects_one_row_per_seed():
    runs = calibration_over_seeds((0, 3), epochs=20, progress=False)
    assert_array_equal(runs["seed"], [0, 3])
    assert runs["temperature"].shape == (2,)
    for key in ("accuracy", "nll", "ece", "brier", "confidence"):
        assert runs["before"][key].shape == runs["after"][key].shape == (2,)
    single = calibration_experiment(3, epochs=20)
    assert runs["after"]["nll"][1] == single["after"]["nll"]
