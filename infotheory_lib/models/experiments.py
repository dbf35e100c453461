"""Reproducible experiments on real data for the applied notebooks (scikit-learn's bundled data sets)."""

from __future__ import annotations

import time

import numpy as np

from .._checks import check_positive_scalar
from ..losses import cross_entropy_loss, softmax
from ._params import check_fraction, check_positive_int, check_seed
from ._progress import ProgressBar
from .classifier import MLPClassifier
from .label_smoothing import label_smoothing_floor

__all__ = ["distillation_experiment", "label_smoothing_experiment", "load_digits_split"]


def load_digits_split(*, n_train=1000, seed=0):
    """scikit-learn's 8×8 digits (1797 images, shipped with the package), scaled to [0, 1], split.

    Returns ``(X_train, y_train, X_test, y_test)``: a seeded random permutation,
    the first ``n_train`` images for training and the rest for testing.
    """
    from sklearn.datasets import load_digits

    n_train = check_positive_int(n_train, "n_train")
    seed = check_seed(seed)
    X, y = load_digits(return_X_y=True)
    if n_train >= len(y):
        raise ValueError(f"n_train must be below the {len(y)} images of the data set, got {n_train}")
    X = X / 16.0
    order = np.random.default_rng(seed).permutation(len(y))
    train, test = order[:n_train], order[n_train:]
    return X[train], y[train], X[test], y[test]


def _scores(logits, labels):
    return float(np.mean(np.argmax(logits, axis=-1) == labels)), float(cross_entropy_loss(logits, labels))


def distillation_experiment(
    seed=0,
    *,
    temperature=4.0,
    alpha=0.1,
    temperatures=(1.0, 2.0, 4.0, 8.0),
    teacher_hidden=128,
    student_hidden=8,
    n_train=1000,
    student_seeds=3,
    epochs=60,
    progress="auto",
):
    r"""Knowledge distillation on scikit-learn's digits: a small student, with and without a teacher.

    A teacher MLP (``teacher_hidden`` units, weight decay 1e-4) is trained on
    the hard labels of ``n_train`` images. A student MLP (``student_hidden``
    units) is trained from ``student_seeds`` different initialisations
    (a) on the hard labels and (b) with
    :func:`~infotheory_lib.models.distillation_loss` on the teacher's
    logits at each temperature of ``temperatures`` (and at ``temperature``).
    Everything is scored on the held-out images (the other 1797 − n_train):
    accuracy and cross-entropy in nats. Several student seeds are used because
    the differences between students are of the order of the seed-to-seed
    spread; report them together.

    Parameters
    ----------
    seed : int, default 0
        Seeds the split, the teacher, and (with ``seed + k``) the students.
    temperature, alpha : float
        The distillation setting reported as ``"student_distilled"``.
    temperatures : sequence of float
        The temperature sweep (``"sweep"``).
    teacher_hidden, student_hidden, n_train, student_seeds, epochs : int
    progress : bool or "auto"
        A text progress bar over the models trained (``"auto"``: only if
        the run lasts more than 2 seconds).

    Returns
    -------
    dict
        ``"teacher"``, ``"student_hard"``, ``"student_distilled"``: dicts with
        ``"accuracy"`` and ``"cross_entropy"`` (means over student seeds)
        and, for students, ``"accuracy_per_seed"``, ``"cross_entropy_per_seed"``;
        ``"sweep"``: ``"temperature"`` (T,), ``"accuracy"`` and
        ``"cross_entropy"`` (T, seeds); ``"teacher_test_logits"``,
        ``"student_hard_test_logits"`` and ``"student_distilled_test_logits"``
        (first student seed), ``"X_test"`` (the held-out images, 8×8
        flattened, in [0, 1]) and ``"y_test"`` (for a dark-knowledge
        picture); ``"history_hard"``,
        ``"history_distilled"`` (training loss per epoch, first student seed);
        ``"settings"``; ``"seconds"`` (wall time).
    """
    start = time.perf_counter()
    seed = check_seed(seed)
    temperature = check_positive_scalar(temperature, "temperature")
    alpha = check_fraction(alpha, "alpha")
    temps = [check_positive_scalar(t, "temperatures") for t in temperatures]
    if not temps:
        raise ValueError("temperatures is empty")
    student_seeds = check_positive_int(student_seeds, "student_seeds")
    teacher_hidden = check_positive_int(teacher_hidden, "teacher_hidden")
    student_hidden = check_positive_int(student_hidden, "student_hidden")
    epochs = check_positive_int(epochs, "epochs")
    X_train, y_train, X_test, y_test = load_digits_split(n_train=n_train, seed=seed)

    all_temps = temps if temperature in temps else [*temps, temperature]
    bar = None
    if progress:
        total = 1 + student_seeds * (1 + len(all_temps))
        bar = ProgressBar(total, "distillation", delay=2.0 if progress == "auto" else 0.0)

    def tick():
        if bar is not None:
            bar.update()

    teacher = MLPClassifier(hidden=teacher_hidden, epochs=epochs, weight_decay=1e-4, seed=seed)
    teacher.fit(X_train, y_train)
    tick()
    v_train = teacher.predict_logits(X_train)
    teacher_test = teacher.predict_logits(X_test)

    def student(k):
        return MLPClassifier(hidden=student_hidden, epochs=epochs, seed=seed + 1 + k)

    hard = np.empty((student_seeds, 2))
    sweep = np.empty((len(all_temps), student_seeds, 2))
    histories, first_logits = {}, {}
    for k in range(student_seeds):
        model = student(k).fit(X_train, y_train)
        logits = model.predict_logits(X_test)
        hard[k] = _scores(logits, y_test)
        if k == 0:
            histories["hard"], first_logits["hard"] = list(model.history_), logits
        tick()
        for i, t in enumerate(all_temps):
            model = student(k).fit_distillation(X_train, y_train, v_train, temperature=t, alpha=alpha)
            logits = model.predict_logits(X_test)
            sweep[i, k] = _scores(logits, y_test)
            if k == 0 and t == temperature:
                histories["distilled"], first_logits["distilled"] = list(model.history_), logits
            tick()
    if bar is not None:
        bar.close()

    def summary(scores):
        return {
            "accuracy": float(scores[:, 0].mean()),
            "cross_entropy": float(scores[:, 1].mean()),
            "accuracy_per_seed": scores[:, 0].tolist(),
            "cross_entropy_per_seed": scores[:, 1].tolist(),
        }

    teacher_acc, teacher_ce = _scores(teacher_test, y_test)
    n_sweep = len(temps)
    return {
        "teacher": {"accuracy": teacher_acc, "cross_entropy": teacher_ce},
        "student_hard": summary(hard),
        "student_distilled": summary(sweep[all_temps.index(temperature)]),
        "sweep": {
            "temperature": np.array(temps),
            "accuracy": sweep[:n_sweep, :, 0].copy(),
            "cross_entropy": sweep[:n_sweep, :, 1].copy(),
        },
        "teacher_test_logits": teacher_test,
        "student_hard_test_logits": first_logits["hard"],
        "student_distilled_test_logits": first_logits["distilled"],
        "X_test": X_test,
        "y_test": y_test,
        "history_hard": histories["hard"],
        "history_distilled": histories["distilled"],
        "settings": {
            "seed": seed,
            "temperature": temperature,
            "alpha": alpha,
            "teacher_hidden": teacher_hidden,
            "student_hidden": student_hidden,
            "n_train": len(y_train),
            "n_test": len(y_test),
            "student_seeds": student_seeds,
            "epochs": epochs,
        },
        "seconds": time.perf_counter() - start,
    }


def label_smoothing_experiment(
    seed=0,
    *,
    epsilons=(0.0, 0.1, 0.2),
    hidden=64,
    epochs=40,
    weight_decay=1e-4,
    n_train=1000,
    model_seeds=3,
    progress="auto",
):
    r"""Label smoothing on scikit-learn's digits: the same MLP trained with several :math:`\varepsilon`.

    For each :math:`\varepsilon` of ``epsilons`` an MLP (``hidden`` units,
    weight decay ``weight_decay``) is trained on the
    smoothed targets :math:`(1 - \varepsilon)\,\mathrm{onehot}(y) + \varepsilon / C`
    from ``model_seeds`` initialisations. Its training loss (cross-entropy
    against the smoothed targets, nats) can never go below the floor
    :math:`H(t)` of :func:`~infotheory_lib.models.label_smoothing_floor`,
    and the most confident prediction that loss rewards is
    :math:`1 - \varepsilon + \varepsilon / C`. On the held-out images
    (the other 1797 − ``n_train``) it records accuracy, cross-entropy against
    the true labels (nats), and the confidence :math:`\max_c q_c` of every
    prediction.

    Parameters
    ----------
    seed : int, default 0
        Seeds the split and (with ``seed + k``) the models.
    epsilons : sequence of float in [0, 1]
    hidden, epochs, n_train, model_seeds : int
    weight_decay : float >= 0
    progress : bool or "auto"
        A text progress bar over the models trained (``"auto"``: only if
        the run lasts more than 2 seconds).

    Returns
    -------
    dict
        ``"epsilon"`` (E,); ``"floor"`` (E,): the loss floors in nats;
        ``"max_confidence"`` (E,): :math:`1 - \varepsilon + \varepsilon / C`;
        ``"train_loss"`` (E, epochs): training loss per epoch (first seed);
        ``"accuracy"``, ``"cross_entropy"``, ``"mean_confidence"`` (E, seeds):
        held-out scores per seed; ``"confidence"`` (E, n_test): the held-out
        confidences (first seed); ``"settings"``; ``"seconds"`` (wall time).
    """
    start = time.perf_counter()
    seed = check_seed(seed)
    eps = [check_fraction(e, "epsilons") for e in epsilons]
    if not eps:
        raise ValueError("epsilons is empty")
    hidden = check_positive_int(hidden, "hidden")
    epochs = check_positive_int(epochs, "epochs")
    model_seeds = check_positive_int(model_seeds, "model_seeds")
    X_train, y_train, X_test, y_test = load_digits_split(n_train=n_train, seed=seed)
    n_classes = int(max(y_train.max(), y_test.max())) + 1
    bar = None
    if progress:
        bar = ProgressBar(len(eps) * model_seeds, "label smoothing", delay=2.0 if progress == "auto" else 0.0)

    scores = np.empty((len(eps), model_seeds, 3))
    train_loss = np.empty((len(eps), epochs))
    confidence = np.empty((len(eps), len(y_test)))
    for i, e in enumerate(eps):
        for k in range(model_seeds):
            model = MLPClassifier(
                hidden=hidden, epochs=epochs, weight_decay=weight_decay, label_smoothing=e, seed=seed + k
            ).fit(X_train, y_train)
            logits = model.predict_logits(X_test)
            conf = np.max(softmax(logits), axis=-1)
            scores[i, k] = (*_scores(logits, y_test), float(np.mean(conf)))
            if k == 0:
                train_loss[i] = model.history_
                confidence[i] = conf
            if bar is not None:
                bar.update()
    if bar is not None:
        bar.close()
    eps_arr = np.array(eps)
    return {
        "epsilon": eps_arr,
        "floor": np.asarray(label_smoothing_floor(n_classes, eps_arr), dtype=float),
        "max_confidence": 1.0 - eps_arr + eps_arr / n_classes,
        "train_loss": train_loss,
        "accuracy": scores[:, :, 0].copy(),
        "cross_entropy": scores[:, :, 1].copy(),
        "mean_confidence": scores[:, :, 2].copy(),
        "confidence": confidence,
        "settings": {
            "seed": seed,
            "hidden": hidden,
            "epochs": epochs,
            "weight_decay": weight_decay,
            "n_train": len(y_train),
            "n_test": len(y_test),
            "model_seeds": model_seeds,
        },
        "seconds": time.perf_counter() - start,
    }
