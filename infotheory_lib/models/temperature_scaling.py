r"""Temperature scaling of a real classifier: an over-confident MLP on scikit-learn's digits.

A small MLP trained long on few images drives its training loss to almost
zero; its held-out predictions are then more confident than they are right.
Temperature scaling (Guo et al. 2017) fixes one number on a validation split,
:math:`T^\star = \arg\min_T \mathrm{NLL}_{val}(T)`, and the test split shows
what it changed. Every score comes from :mod:`infotheory_lib.calibration`.
"""

from __future__ import annotations

import time

import numpy as np

from .._checks import as_float_array, check_probabilities
from ..calibration import calibration_scores, ece_from_confidences, fit_temperature
from ._params import check_positive_int, check_seed
from ._progress import ProgressBar
from .classifier import MLPClassifier

__all__ = ["load_digits_three_way", "calibration_experiment", "calibration_over_seeds", "ece_if_calibrated"]

_SCORES = ("accuracy", "nll", "ece", "brier", "confidence")


def load_digits_three_way(*, n_train=300, n_val=500, seed=0):
    """scikit-learn's 8×8 digits (1797 images, shipped with the package), scaled to [0, 1], in three splits.

    A seeded random permutation: the first ``n_train`` images train the
    model, the next ``n_val`` fit the temperature, the rest (1797 − n_train
    − n_val) are the test split.

    Returns
    -------
    tuple
        ``(X_train, y_train, X_val, y_val, X_test, y_test)``.
    """
    from sklearn.datasets import load_digits

    n_train = check_positive_int(n_train, "n_train")
    n_val = check_positive_int(n_val, "n_val")
    seed = check_seed(seed)
    X, y = load_digits(return_X_y=True)
    if n_train + n_val >= len(y):
        raise ValueError(
            f"n_train + n_val must leave test images among the {len(y)} of the data set, "
            f"got {n_train} + {n_val}"
        )
    X = X / 16.0
    order = np.random.default_rng(seed).permutation(len(y))
    parts = np.split(order, [n_train, n_train + n_val])
    return tuple(a for part in parts for a in (X[part], y[part]))


def calibration_experiment(
    seed=0, *, hidden=32, epochs=800, n_train=300, n_val=500, n_bins=15, progress="auto"
):
    r"""Train an over-confident MLP on digits, fit its temperature, score it before and after.

    An MLP (``hidden`` ReLU units, Adam, no weight decay) is trained for
    ``epochs`` passes on ``n_train`` images, long enough for its training
    loss to approach 0. On the validation split the temperature

    .. math:: T^\star = \arg\min_{T > 0} -\frac{1}{n_{val}} \sum_{i \in val} \log \operatorname{softmax}(z_i / T)_{y_i}

    is fitted (:func:`~infotheory_lib.calibration.fit_temperature`); the
    test split is scored at :math:`T = 1` and at :math:`T^\star` by
    :func:`~infotheory_lib.calibration.calibration_scores`.

    Parameters
    ----------
    seed : int >= 0, default 0
        Seeds the split and the network's initialisation and mini-batches.
    hidden, epochs, n_train, n_val, n_bins : int >= 1
    progress : bool or "auto", default "auto"
        The training's text progress bar (``"auto"``: only if it lasts
        more than 2 seconds).

    Returns
    -------
    dict
        ``"temperature"`` (:math:`T^\star`); ``"before"`` and ``"after"``:
        the test scores at T = 1 and at :math:`T^\star` (``accuracy``,
        ``nll`` in nats, ``ece``, ``brier``, ``confidence``);
        ``"val_logits"``, ``"y_val"``, ``"test_logits"``, ``"y_test"``;
        ``"train_accuracy"``, ``"train_nll"``; ``"settings"``; ``"seconds"``.
    """
    start = time.perf_counter()
    seed = check_seed(seed)
    hidden = check_positive_int(hidden, "hidden")
    epochs = check_positive_int(epochs, "epochs")
    n_bins = check_positive_int(n_bins, "n_bins")
    X_train, y_train, X_val, y_val, X_test, y_test = load_digits_three_way(
        n_train=n_train, n_val=n_val, seed=seed
    )
    model = MLPClassifier(hidden=hidden, epochs=epochs, seed=seed)
    model.fit(X_train, y_train, progress=progress)
    val_logits = model.predict_logits(X_val)
    test_logits = model.predict_logits(X_test)
    temperature = fit_temperature(val_logits, y_val)
    return {
        "temperature": temperature,
        "before": calibration_scores(test_logits, y_test, n_bins=n_bins),
        "after": calibration_scores(test_logits, y_test, temperature=temperature, n_bins=n_bins),
        "val_logits": val_logits,
        "y_val": y_val,
        "test_logits": test_logits,
        "y_test": y_test,
        "train_accuracy": model.accuracy(X_train, y_train),
        "train_nll": model.log_loss(X_train, y_train),
        "settings": {
            "seed": seed,
            "hidden": hidden,
            "epochs": epochs,
            "n_train": len(y_train),
            "n_val": len(y_val),
            "n_test": len(y_test),
            "n_bins": n_bins,
        },
        "seconds": time.perf_counter() - start,
    }


def calibration_over_seeds(seeds=(0, 1, 2, 3, 4), *, progress="auto", **settings):
    """:func:`calibration_experiment` repeated over several seeds (splits and initialisations).

    Parameters
    ----------
    seeds : sequence of int >= 0, default (0, 1, 2, 3, 4)
    progress : bool or "auto", default "auto"
        One text progress bar over the runs (``"auto"``: only if they last
        more than 2 seconds).
    **settings
        Passed to :func:`calibration_experiment` (``hidden``, ``epochs``,
        ``n_train``, ``n_val``, ``n_bins``).

    Returns
    -------
    dict
        ``"seed"`` (k,), ``"temperature"`` (k,), and ``"before"``, ``"after"``:
        dicts of arrays (k,) for ``accuracy``, ``nll``, ``ece``, ``brier``,
        ``confidence``; ``"seconds"``.
    """
    start = time.perf_counter()
    seeds = [check_seed(s) for s in seeds]
    if not seeds:
        raise ValueError("seeds is empty")
    if progress not in (True, False, "auto"):
        raise ValueError(f"progress must be True, False or 'auto'; got {progress!r}")
    bar = ProgressBar(len(seeds), "seeds", delay=2.0 if progress == "auto" else 0.0) if progress else None
    runs = []
    for s in seeds:
        runs.append(calibration_experiment(s, progress=False, **settings))
        if bar is not None:
            bar.update()
    if bar is not None:
        bar.close()
    return {
        "seed": np.array(seeds),
        "temperature": np.array([r["temperature"] for r in runs]),
        "before": {k: np.array([r["before"][k] for r in runs]) for k in _SCORES},
        "after": {k: np.array([r["after"][k] for r in runs]) for k in _SCORES},
        "seconds": time.perf_counter() - start,
    }


def ece_if_calibrated(confidences, *, n_bins=15, n_draws=200, seed=0):
    r"""The ECE that a perfectly calibrated model with these confidences would show: its noise floor.

    For each of ``n_draws`` simulated test sets, prediction :math:`i` is
    right with probability exactly its confidence,
    :math:`a_i \sim \mathrm{Bernoulli}(c_i)` independently, so the model is
    calibrated by construction; the ECE of each draw
    (:func:`~infotheory_lib.calibration.ece_from_confidences`) is then pure
    sampling noise. It is biased upward: a bin of :math:`|B|` predictions of
    confidence about :math:`c` shows an accuracy gap of typical size
    :math:`\sqrt{c(1-c)/|B|}`, so the floor grows with the number of bins
    and shrinks with the number of predictions. An ECE measured on a real
    test set means little unless it clearly exceeds this floor.

    Parameters
    ----------
    confidences : array_like, shape (n,)
        The model's top-label confidences on the test set, in [0, 1].
    n_bins : int >= 1, default 15
    n_draws : int >= 1, default 200
    seed : int >= 0, default 0

    Returns
    -------
    ndarray, shape (n_draws,)
        The ECE of each simulated test set.
    """
    conf = as_float_array(confidences, "confidences")
    if conf.ndim != 1:
        raise ValueError(f"confidences must be 1-D, one confidence per prediction; got shape {conf.shape}")
    check_probabilities(conf, "confidences")
    n_bins = check_positive_int(n_bins, "n_bins")
    n_draws = check_positive_int(n_draws, "n_draws")
    rng = np.random.default_rng(check_seed(seed))
    return np.array(
        [ece_from_confidences(conf, rng.random(conf.size) < conf, n_bins=n_bins) for _ in range(n_draws)]
    )
