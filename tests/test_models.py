"""Tests for infotheory_lib.models: classifiers, distillation, label smoothing, the digits experiment."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from infotheory_lib import cross_entropy_loss, entropy, kl_divergence, softmax
from infotheory_lib.models import (
    MLPClassifier,
    SoftmaxRegression,
    distillation_experiment,
    distillation_gradient,
    distillation_loss,
    label_smoothing_floor,
    load_digits_split,
    smooth_labels,
    soft_targets,
)
from infotheory_lib.models._progress import ProgressBar


def numerical_gradient(f, z, h=1e-6):
    grad = np.zeros_like(z)
    for idx in np.ndindex(z.shape):
        zp, zm = z.copy(), z.copy()
        zp[idx] += h
        zm[idx] -= h
        grad[idx] = (f(zp) - f(zm)) / (2 * h)
    return grad


@pytest.fixture(scope="module")
def blobs():
    rng = np.random.default_rng(0)
    centers = np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 3.0]])
    y = np.repeat(np.arange(3), 40)
    X = centers[y] + rng.normal(0.0, 0.6, (120, 2))
    return X, y


@pytest.fixture(scope="module")
def digits():
    return load_digits_split(n_train=1000, seed=0)


def run_python(code):
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow
def test_models_import_light():
    """numpy and the compute modules only: no plotting, widgets or scikit-learn at import."""
    code = (
        "import sys, json\n"
        "from infotheory_lib import models\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'matplotlib', 'ipywidgets', 'ipympl', 'sklearn'})))\n"
    )
    assert json.loads(run_python(code)) == []


@pytest.mark.slow
def test_package_import_does_not_load_models():
    code = "import sys, infotheory_lib\nprint('infotheory_lib.models' in sys.modules)"
    assert run_python(code).strip() == "False"


# ---------------------------------------------------------------------------
# soft targets and the distillation loss
# ---------------------------------------------------------------------------


def test_soft_targets_is_the_temperature_softmax():
    v = np.array([[2.0, 1.0, 0.0]])
    assert_allclose(soft_targets(v, 1.0), softmax(v))
    e = np.exp(v[0] / 2.0)
    assert_allclose(soft_targets(v, 2.0)[0], e / e.sum(), rtol=1e-15)
    # higher temperature: flatter, and the ranking of the wrong classes is kept
    assert entropy(soft_targets(v, 8.0)) > entropy(soft_targets(v, 2.0)) > entropy(soft_targets(v, 1.0))
    assert_allclose(soft_targets(v, 1e6)[0], np.full(3, 1 / 3), atol=1e-6)


def test_distillation_loss_known_values():
    z = np.array([[1.0, 0.0, -1.0], [0.5, 0.5, 0.0]])
    v = np.array([[3.0, 1.0, 0.0], [0.0, 2.0, 1.0]])
    y = np.array([0, 1])
    T = 3.0
    hard = cross_entropy_loss(z, y)
    p, q = softmax(v / T), softmax(z / T)
    soft = np.mean(np.sum(p * np.log(p / q), axis=-1))
    for alpha in (0.0, 0.25, 1.0):
        expected = alpha * hard + (1 - alpha) * T**2 * soft
        assert_allclose(distillation_loss(z, v, y, temperature=T, alpha=alpha), expected, rtol=1e-13)
    assert distillation_loss(z, z, y, temperature=T, alpha=0.0) == pytest.approx(0.0, abs=1e-15)
    assert_allclose(distillation_loss(z, v, y, temperature=T, alpha=1.0), hard, rtol=1e-15)
    # the soft term is T² · KL in nats, from the library's kl_divergence
    assert_allclose(
        distillation_loss(z, v, y, temperature=T, alpha=0.0),
        T**2 * np.mean(kl_divergence(p, q, base=np.e)),
        rtol=1e-13,
    )


@pytest.mark.parametrize("temperature", [0.5, 1.0, 4.0, 20.0])
@pytest.mark.parametrize("alpha", [0.0, 0.3, 1.0])
@pytest.mark.parametrize("soft_labels", [False, True])
def test_distillation_gradient_matches_finite_differences(temperature, alpha, soft_labels):
    rng = np.random.default_rng(1)
    z = rng.normal(size=(4, 5))
    v = rng.normal(size=(4, 5)) * 3
    y = softmax(rng.normal(size=(4, 5))) if soft_labels else np.array([0, 3, 4, 1])
    grad = distillation_gradient(z, v, y, temperature=temperature, alpha=alpha)
    numeric = numerical_gradient(
        lambda zz: float(distillation_loss(zz, v, y, temperature=temperature, alpha=alpha)), z
    )
    assert grad.shape == z.shape
    assert_allclose(grad, numeric, atol=1e-8)


def test_t_squared_keeps_the_soft_gradient_comparable_across_temperatures():
    """The soft term's gradient scales as 1/T²; times T² it stays about constant."""
    rng = np.random.default_rng(2)
    z = rng.normal(size=(20, 10))
    v = rng.normal(size=(20, 10)) * 2
    y = rng.integers(0, 10, 20)
    temps = [5.0, 10.0, 20.0, 40.0]
    scaled = [np.linalg.norm(distillation_gradient(z, v, y, temperature=t, alpha=0.0)) for t in temps]
    unscaled = [s / t**2 for s, t in zip(scaled, temps, strict=True)]  # gradient of KL alone
    hard = np.linalg.norm(distillation_gradient(z, v, y, temperature=1.0, alpha=1.0))
    # with T²: within a few percent of each other, and of the same order as the hard-label gradient
    assert max(scaled) / min(scaled) < 1.1
    assert 0.1 < scaled[-1] / hard < 10
    # without it: each doubling of T divides the gradient by about 4
    for a, b in zip(unscaled, unscaled[1:], strict=False):
        assert a / b == pytest.approx(4.0, rel=0.1)


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"temperature": 0.0}, ValueError, "temperature"),
        ({"temperature": "hot"}, TypeError, "temperature"),
        ({"alpha": 1.5}, ValueError, "alpha"),
        ({"alpha": None}, TypeError, "alpha"),
        ({"teacher_logits": np.zeros((2, 4))}, ValueError, "teacher_logits"),
        ({"student_logits": np.zeros(3)}, ValueError, "student_logits"),
        ({"student_logits": [[np.nan, 0, 0], [0, 0, 0]]}, ValueError, "student_logits"),
        ({"labels": np.array([0, 3])}, ValueError, "labels"),
        ({"labels": np.array([0.0, 1.0])}, ValueError, "labels"),
        ({"labels": np.array(["a", "b"])}, TypeError, "labels"),
        ({"labels": np.array([[0.5, 0.6, 0.0], [1.0, 0.0, 0.0]])}, ValueError, "labels"),
    ],
)
def test_distillation_bad_input(kwargs, exc, match):
    args = {
        "student_logits": np.zeros((2, 3)),
        "teacher_logits": np.zeros((2, 3)),
        "labels": np.array([0, 1]),
        "temperature": 2.0,
        "alpha": 0.5,
    }
    args.update(kwargs)
    for func in (distillation_loss, distillation_gradient):
        a = dict(args)
        with pytest.raises(exc, match=match):
            func(a.pop("student_logits"), a.pop("teacher_logits"), a.pop("labels"), **a)
    if "temperature" in kwargs:
        with pytest.raises(exc, match="temperature"):
            soft_targets([1.0, 2.0], kwargs["temperature"])


# ---------------------------------------------------------------------------
# label smoothing
# ---------------------------------------------------------------------------


def test_smooth_labels_known_values():
    t = smooth_labels([0, 2], 4, epsilon=0.2)
    assert_allclose(t, [[0.85, 0.05, 0.05, 0.05], [0.05, 0.05, 0.85, 0.05]], rtol=1e-15)
    assert_array_equal(smooth_labels([1], 3, epsilon=0.0), [[0.0, 1.0, 0.0]])
    assert_allclose(smooth_labels([1], 3, epsilon=1.0), [[1 / 3] * 3])


def test_label_smoothing_floor_known_values():
    assert label_smoothing_floor(10, 0.0) == 0.0
    assert_allclose(label_smoothing_floor(10, 1.0), np.log(10), rtol=1e-15)
    # C = 2, eps = 0.2: target (0.9, 0.1)
    assert_allclose(label_smoothing_floor(2, 0.2), -(0.9 * np.log(0.9) + 0.1 * np.log(0.1)), rtol=1e-14)
    assert_allclose(label_smoothing_floor(2, 0.2, base=2), entropy([0.9, 0.1]), rtol=1e-14)
    eps = np.array([0.0, 0.1, 0.5])
    floors = label_smoothing_floor(10, eps)
    assert floors.shape == (3,)
    assert np.all(np.diff(floors) > 0)
    assert isinstance(label_smoothing_floor(10, 0.1), np.float64)


@pytest.mark.parametrize("epsilon", [0.05, 0.1, 0.3])
def test_label_smoothing_floor_is_reached_at_the_smoothed_target(epsilon):
    n_classes, y = 10, np.array([3, 7, 0])
    t = smooth_labels(y, n_classes, epsilon=epsilon)
    floor = label_smoothing_floor(n_classes, epsilon)
    # a model predicting exactly the smoothed target reaches the floor ...
    at_target = cross_entropy_loss(np.log(t), y, label_smoothing=epsilon)
    assert_allclose(at_target, floor, rtol=1e-13)
    # ... and any other prediction, even a more confident correct one, is worse
    rng = np.random.default_rng(0)
    for _ in range(20):
        logits = np.log(t) + rng.normal(0, 0.3, t.shape)
        assert cross_entropy_loss(logits, y, label_smoothing=epsilon) > floor
    confident = np.log(smooth_labels(y, n_classes, epsilon=epsilon / 10))
    assert cross_entropy_loss(confident, y, label_smoothing=epsilon) > floor


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: smooth_labels([0, 1], 2, epsilon=-0.1), ValueError, "epsilon"),
        (lambda: smooth_labels([0, 2], 2, epsilon=0.1), ValueError, "labels"),
        (lambda: smooth_labels([0.0, 1.0], 2, epsilon=0.1), TypeError, "labels"),
        (lambda: smooth_labels([0, 1], 0, epsilon=0.1), ValueError, "n_classes"),
        (lambda: smooth_labels([0, 1], 2.5, epsilon=0.1), TypeError, "n_classes"),
        (lambda: label_smoothing_floor(10, 1.2), ValueError, "epsilon"),
        (lambda: label_smoothing_floor(10, [0.1, -0.1]), ValueError, "epsilon"),
        (lambda: label_smoothing_floor(10, "a"), TypeError, "epsilon"),
        (lambda: label_smoothing_floor(10, 0.1, base=1), ValueError, "base"),
    ],
)
def test_label_smoothing_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# ---------------------------------------------------------------------------
# classifiers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("model", [SoftmaxRegression, MLPClassifier])
def test_gradients_match_finite_differences(model):
    """The hand-written back-propagation matches a numerical gradient of the library's loss."""
    rng = np.random.default_rng(3)
    X = rng.normal(size=(7, 4))
    y = np.array([0, 1, 2, 1, 0, 2, 2])
    clf = model(seed=0, label_smoothing=0.1)
    if model is MLPClassifier:
        clf = model(hidden=5, activation="tanh", seed=0, label_smoothing=0.1)
    params = clf._init_params(4, 3, rng)
    t = smooth_labels(y, 3, epsilon=0.1)
    logits, cache = clf._forward(X, params)
    grads = clf._backward(X, cache, (softmax(logits) - t) / len(y), params)
    for k, p in enumerate(params):

        def f(pk, k=k):
            trial = [q if j != k else pk for j, q in enumerate(params)]
            return float(cross_entropy_loss(clf._forward(X, trial)[0], y, label_smoothing=0.1))

        assert_allclose(grads[k], numerical_gradient(f, p), atol=1e-8)


@pytest.mark.parametrize(
    "model",
    [
        lambda: SoftmaxRegression(epochs=200, seed=0),
        lambda: MLPClassifier(hidden=16, epochs=100, batch_size=32, seed=0),
        lambda: MLPClassifier(
            hidden=16,
            epochs=300,
            batch_size=None,
            optimizer="sgd",
            learning_rate=0.5,
            activation="tanh",
            seed=0,
        ),
    ],
)
def test_classifiers_learn_separable_blobs(blobs, model):
    X, y = blobs
    clf = model().fit(X, y)
    assert clf.accuracy(X, y) > 0.95
    assert clf.history_[-1] < clf.history_[0]
    assert len(clf.history_) == clf.epochs
    proba = clf.predict_proba(X)
    assert proba.shape == (120, 3)
    assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
    assert_array_equal(clf.predict(X), np.argmax(proba, axis=1))
    assert clf.log_loss(X, y) == pytest.approx(float(cross_entropy_loss(clf.predict_logits(X), y)))
    # temperature flattens the prediction
    assert np.all(entropy(clf.predict_proba(X, temperature=5.0)) >= entropy(proba) - 1e-12)


def test_same_seed_gives_identical_results(blobs):
    X, y = blobs
    a = MLPClassifier(hidden=8, epochs=20, seed=5).fit(X, y)
    b = MLPClassifier(hidden=8, epochs=20, seed=5).fit(X, y)
    c = MLPClassifier(hidden=8, epochs=20, seed=6).fit(X, y)
    assert a.history_ == b.history_
    for pa, pb in zip(a.params_, b.params_, strict=True):
        assert_array_equal(pa, pb)
    assert_array_equal(a.predict_logits(X), b.predict_logits(X))
    assert a.history_ != c.history_
    # refitting the same object starts again from the seed
    assert a.fit(X, y).history_ == b.history_


def test_soft_targets_equal_to_one_hot_give_the_same_model(blobs):
    X, y = blobs
    hard = SoftmaxRegression(epochs=30, seed=0).fit(X, y)
    soft = SoftmaxRegression(epochs=30, seed=0).fit(X, np.eye(3)[y])
    assert_allclose(soft.predict_logits(X), hard.predict_logits(X), rtol=1e-12, atol=1e-12)


def test_training_on_soft_targets_approaches_them(blobs):
    X, _ = blobs
    rng = np.random.default_rng(0)
    W = rng.normal(size=(2, 3))
    target = softmax(X @ W)  # realisable by softmax regression
    clf = SoftmaxRegression(epochs=400, learning_rate=0.1, seed=0).fit(X, target)
    floor = float(np.mean(entropy(target, base=np.e)))
    assert clf.history_[-1] == pytest.approx(floor, abs=1e-3)
    assert clf.history_[-1] >= floor - 1e-12


def test_label_smoothing_lowers_confidence_and_respects_the_floor(blobs):
    X, y = blobs
    plain = MLPClassifier(hidden=16, epochs=150, seed=0).fit(X, y)
    smooth = MLPClassifier(hidden=16, epochs=150, seed=0, label_smoothing=0.2).fit(X, y)
    assert smooth.predict_proba(X).max(axis=1).mean() < plain.predict_proba(X).max(axis=1).mean()
    assert min(smooth.history_) >= label_smoothing_floor(3, 0.2) - 1e-12


def test_fit_distillation_with_alpha_one_is_ordinary_training(blobs):
    X, y = blobs
    teacher_logits = np.random.default_rng(0).normal(size=(120, 3))
    a = MLPClassifier(hidden=8, epochs=10, seed=0).fit(X, y)
    b = MLPClassifier(hidden=8, epochs=10, seed=0).fit_distillation(
        X, y, teacher_logits, temperature=3.0, alpha=1.0
    )
    assert_allclose(b.predict_logits(X), a.predict_logits(X), rtol=1e-10, atol=1e-12)


def test_callback_and_progress_bar(blobs):
    X, y = blobs
    seen = []
    clf = SoftmaxRegression(epochs=5, seed=0).fit(X, y, callback=lambda e, loss: seen.append((e, loss)))
    assert [e for e, _ in seen] == list(range(5))
    assert [loss for _, loss in seen] == clf.history_
    stream = io.StringIO()
    bar = ProgressBar(3, "demo", stream=stream)
    for _ in range(3):
        bar.update(info="x")
    bar.close()
    text = stream.getvalue()
    assert text.startswith("\rdemo [") and text.endswith(" x\n")
    assert "[" + "#" * 30 + "] 3/3" in text
    quiet = io.StringIO()
    bar = ProgressBar(3, "demo", delay=60.0, stream=quiet)
    for _ in range(3):
        bar.update()
    bar.close()
    assert quiet.getvalue() == ""


def _distill(teacher_logits, labels, temperature):
    return SoftmaxRegression().fit_distillation(
        [[0.0], [1.0]], labels, teacher_logits, temperature=temperature, alpha=0.5
    )


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: MLPClassifier(hidden=0), ValueError, "hidden"),
        (lambda: MLPClassifier(hidden=3.0), TypeError, "hidden"),
        (lambda: MLPClassifier(activation="sigmoid"), ValueError, "activation"),
        (lambda: MLPClassifier(learning_rate=0), ValueError, "learning_rate"),
        (lambda: MLPClassifier(epochs=-1), ValueError, "epochs"),
        (lambda: MLPClassifier(batch_size=0), ValueError, "batch_size"),
        (lambda: MLPClassifier(optimizer="rmsprop"), ValueError, "optimizer"),
        (lambda: MLPClassifier(weight_decay=-1e-3), ValueError, "weight_decay"),
        (lambda: MLPClassifier(label_smoothing=2), ValueError, "label_smoothing"),
        (lambda: MLPClassifier(seed=-1), ValueError, "seed"),
        (lambda: SoftmaxRegression(seed=1.5), TypeError, "seed"),
        (lambda: SoftmaxRegression().fit(np.zeros(4), [0, 1, 0, 1]), ValueError, "X"),
        (lambda: SoftmaxRegression().fit([[0.0], [np.inf]], [0, 1]), ValueError, "X"),
        (lambda: SoftmaxRegression().fit([["a"], ["b"]], [0, 1]), TypeError, "X"),
        (lambda: SoftmaxRegression().fit([[0.0], [1.0]], [0, 1, 1]), ValueError, "target"),
        (lambda: SoftmaxRegression().fit([[0.0], [1.0]], [0, -1]), ValueError, "target"),
        (lambda: SoftmaxRegression().fit([[0.0], [1.0]], "ab"), TypeError, "target"),
        (lambda: SoftmaxRegression().fit([[0.0], [1.0]], [[0.5, 0.6], [1.0, 0.0]]), ValueError, "target"),
        (lambda: SoftmaxRegression().fit([[0.0], [1.0]], [0.0, 1.0]), ValueError, "target"),
        (lambda: SoftmaxRegression().fit([[0.0], [1.0]], [0, 1], callback=3), TypeError, "callback"),
        (lambda: SoftmaxRegression().fit([[0.0], [1.0]], [0, 1], progress="yes"), ValueError, "progress"),
        (lambda: SoftmaxRegression().predict([[0.0]]), RuntimeError, "not fitted"),
        (lambda: _distill(np.zeros((3, 2)), [0, 1], 2), ValueError, "teacher_logits"),
        (lambda: _distill(np.zeros((2, 2)), [0, 2], 2), ValueError, "labels"),
        (lambda: _distill(np.zeros((2, 2)), [0, 1], 0), ValueError, "temperature"),
    ],
)
def test_classifier_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_predict_checks_the_number_of_features(blobs):
    X, y = blobs
    clf = SoftmaxRegression(epochs=2).fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features"):
        clf.predict_logits(np.zeros((1, 3)))
    with pytest.raises(ValueError, match="labels"):
        clf.accuracy(X, y[:-1])


# ---------------------------------------------------------------------------
# digits and the distillation experiment
# ---------------------------------------------------------------------------


def test_load_digits_split(digits):
    X_train, y_train, X_test, y_test = digits
    assert X_train.shape == (1000, 64) and X_test.shape == (797, 64)
    assert X_train.min() >= 0 and X_train.max() <= 1
    assert set(np.unique(y_train)) == set(range(10))
    again = load_digits_split(n_train=1000, seed=0)
    assert_array_equal(again[1], y_train)
    with pytest.raises(ValueError, match="n_train"):
        load_digits_split(n_train=5000)


@pytest.mark.slow
def test_mlp_on_digits_is_accurate(digits):
    X_train, y_train, X_test, y_test = digits
    clf = MLPClassifier(hidden=32, epochs=30, seed=0).fit(X_train, y_train)
    assert clf.accuracy(X_test, y_test) > 0.93


@pytest.fixture(scope="module")
def small_experiment():
    kwargs = {
        "temperatures": (1.0, 4.0),
        "student_seeds": 2,
        "epochs": 15,
        "teacher_hidden": 32,
        "progress": False,
    }
    return distillation_experiment(0, **kwargs), distillation_experiment(0, **kwargs)


@pytest.mark.slow
def test_distillation_experiment_structure_and_determinism(small_experiment):
    result, again = small_experiment
    for key in ("teacher", "student_hard", "student_distilled"):
        assert 0.5 < result[key]["accuracy"] <= 1.0
        assert result[key]["cross_entropy"] > 0
        assert result[key] == again[key]
    assert len(result["student_hard"]["accuracy_per_seed"]) == 2
    assert result["sweep"]["accuracy"].shape == (2, 2)
    assert_array_equal(result["sweep"]["temperature"], [1.0, 4.0])
    # the reported distilled student is the sweep's T = 4 row
    assert result["student_distilled"]["accuracy_per_seed"] == result["sweep"]["accuracy"][1].tolist()
    assert result["teacher_test_logits"].shape == (797, 10)
    assert len(result["history_hard"]) == len(result["history_distilled"]) == 15
    assert result["settings"]["n_test"] == 797
    assert result["seconds"] > 0


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"temperature": -1.0}, ValueError, "temperature"),
        ({"alpha": 2.0}, ValueError, "alpha"),
        ({"temperatures": ()}, ValueError, "temperatures"),
        ({"student_seeds": 0}, ValueError, "student_seeds"),
        ({"seed": -3}, ValueError, "seed"),
    ],
)
def test_distillation_experiment_bad_input(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        distillation_experiment(**kwargs)
