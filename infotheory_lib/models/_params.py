"""Validation of the models' hyperparameters and inputs (on top of :mod:`infotheory_lib._checks`)."""

from __future__ import annotations

import numpy as np

from .._checks import (  # the scalar checks live in _checks (one policy); re-exported here
    as_distribution,
    as_finite_array,
    check_fraction,
    check_nonnegative_scalar,
    check_positive_int,
    check_seed,
)

__all__ = [
    "as_features",
    "as_labels",
    "as_targets",
    "check_fraction",
    "check_nonnegative_scalar",
    "check_positive_int",
    "check_seed",
]


def as_features(X, name: str = "X") -> np.ndarray:
    """Return ``X`` as a finite float64 matrix of shape (n_samples, n_features)."""
    arr = as_finite_array(X, name)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (n_samples, n_features), got shape {arr.shape}")
    return arr


def as_labels(labels, name: str, *, n_samples=None, n_classes=None) -> np.ndarray:
    """Return integer class labels of shape (n_samples,), each in 0..n_classes-1."""
    if isinstance(labels, (str, bytes)) or labels is None:
        raise TypeError(f"{name} must be integer class labels, got {labels!r}")
    arr = np.asarray(labels)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must be integer class labels, got an array of dtype {arr.dtype}")
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of class labels, got shape {arr.shape}")
    if n_samples is not None and arr.shape[0] != n_samples:
        raise ValueError(f"{name} has {arr.shape[0]} labels but X has {n_samples} samples")
    if arr.min() < 0:
        raise ValueError(f"{name} has a negative class label ({arr.min()})")
    if n_classes is not None and arr.max() >= n_classes:
        raise ValueError(
            f"{name} has class label {arr.max()}, but there are {n_classes} classes "
            f"(valid labels 0..{n_classes - 1})"
        )
    return arr.astype(np.intp, copy=False)


def as_targets(target, name: str, *, n_samples: int, n_classes=None) -> np.ndarray:
    """Return validated targets: integer labels (n,), or probability rows (n, C).

    Integer dtype means class labels; float dtype means one probability
    vector per sample (soft targets, e.g. a teacher's), each summing to 1.
    """
    if isinstance(target, (str, bytes)) or target is None:
        raise TypeError(f"{name} must be class labels or probability rows, got {target!r}")
    arr = np.asarray(target)
    if arr.dtype.kind in "iu":
        return as_labels(arr, name, n_samples=n_samples, n_classes=n_classes)
    if arr.dtype.kind != "f":
        raise TypeError(
            f"{name} must be integer class labels or float probability rows, got dtype {arr.dtype}"
        )
    if arr.ndim != 2:
        raise ValueError(
            f"{name} holds probabilities, so it must have shape (n_samples, n_classes); got {arr.shape} "
            "(integer class labels need an integer dtype)"
        )
    if arr.shape[0] != n_samples:
        raise ValueError(f"{name} has {arr.shape[0]} rows but X has {n_samples} samples")
    if n_classes is not None and arr.shape[1] != n_classes:
        raise ValueError(f"{name} has {arr.shape[1]} classes, expected {n_classes}")
    return as_distribution(arr, name)
