"""Input validation shared by every compute module.

Each helper either returns a clean float64 array or raises an error whose
message names the argument and says what is wrong. Nothing is repaired
silently: the only rescaling is the explicit ``normalize=True`` opt-in.
"""

from __future__ import annotations

import numbers

import numpy as np

#: Absolute tolerance on ``sum(p) == 1`` along the distribution axis.
SUM_ATOL = 1e-9

_NUMERIC_KINDS = "biuf"  # bool, signed int, unsigned int, float


def as_float_array(x, name: str, *, allow_empty: bool = False) -> np.ndarray:
    """Return ``x`` as a float64 ndarray, or raise naming ``name``.

    Raises
    ------
    TypeError
        If ``x`` is not numeric (strings, objects, complex numbers, None).
    ValueError
        If ``x`` is empty (unless ``allow_empty``).
    """
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be numeric, got {type(x).__name__} {x!r}")
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as exc:  # ragged nested lists
        raise ValueError(f"{name} could not be read as an array: {exc}") from None
    if arr.dtype.kind == "O":
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be numeric, got an array of Python objects") from None
    if arr.dtype.kind not in _NUMERIC_KINDS:
        raise TypeError(f"{name} must be numeric, got an array of dtype {arr.dtype}")
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty")
    return arr.astype(np.float64, copy=False)


def check_finite(arr: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` if ``arr`` holds NaN or an infinity."""
    if not np.all(np.isfinite(arr)):
        what = "NaN" if np.isnan(arr).any() else "an infinite value"
        raise ValueError(f"{name} contains {what}; every entry must be finite")


def as_finite_array(x, name: str) -> np.ndarray:
    """:func:`as_float_array`, then :func:`check_finite`: real numbers like logits or means."""
    arr = as_float_array(x, name)
    check_finite(arr, name)
    return arr


def as_result(x):
    """A numpy float64 scalar for a 0-d result, the float64 ndarray otherwise."""
    x = np.asarray(x, dtype=np.float64)
    return x[()] if x.ndim == 0 else x


def check_base(base) -> float:
    """Return ``log(base)`` after checking that ``base`` is a valid unit.

    A base is valid when it is a finite real number > 0 and != 1.
    """
    if isinstance(base, bool) or not isinstance(base, numbers.Real):
        raise ValueError(f"base must be a finite number > 0 and != 1, got {base!r}")
    base = float(base)
    if not np.isfinite(base) or base <= 0 or base == 1:
        raise ValueError(f"base must be a finite number > 0 and != 1, got {base!r}")
    return float(np.log(base))


def in_base(nats, base):
    """Convert a value in nats to the unit given by ``base`` (already checked)."""
    if base == np.e:
        return nats
    return nats / np.log(float(base))


def check_axis(arr: np.ndarray, axis: int, name: str) -> int:
    """Return ``axis`` as a valid non-negative axis of ``arr``."""
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"axis must be an integer, got {axis!r}")
    if arr.ndim == 0:
        raise ValueError(f"{name} must have at least one dimension (the outcomes), got a scalar")
    if not -arr.ndim <= axis < arr.ndim:
        raise ValueError(f"axis {axis} is out of range for {name} with {arr.ndim} dimension(s)")
    return axis % arr.ndim


def check_probabilities(arr: np.ndarray, name: str) -> None:
    """Raise unless every entry is a finite number in [0, 1]."""
    lo, hi = np.min(arr), np.max(arr)
    # min/max propagate NaN, so one pair of reductions finds every bad case.
    if np.isnan(lo) or np.isnan(hi):
        raise ValueError(f"{name} contains NaN; every entry must be a probability in [0, 1]")
    if lo < 0:
        raise ValueError(f"{name} has a negative entry ({lo:g}); probabilities must lie in [0, 1]")
    if hi > 1:
        raise ValueError(f"{name} has an entry above 1 ({hi:g}); probabilities must lie in [0, 1]")


def as_distribution(p, name: str, *, axis: int = -1, normalize: bool = False) -> np.ndarray:
    """Return ``p`` as float64 probability vectors along ``axis``.

    Without ``normalize`` every vector must already sum to 1 (within
    ``SUM_ATOL``); with ``normalize=True`` non-negative finite weights are
    rescaled to sum to 1 (an all-zero vector is still an error).
    """
    arr = as_float_array(p, name)
    axis = check_axis(arr, axis, name)
    if arr.shape[axis] == 0:
        raise ValueError(f"{name} has no outcomes along axis {axis}")
    if normalize:
        check_finite(arr, name)
        if np.min(arr) < 0:
            raise ValueError(f"{name} has a negative weight ({np.min(arr):g}); weights must be >= 0")
        totals = np.sum(arr, axis=axis, keepdims=True)
        if np.any(totals == 0):
            raise ValueError(f"{name} has a vector of all-zero weights along axis {axis}; cannot normalize")
        return arr / totals
    check_probabilities(arr, name)
    totals = np.sum(arr, axis=axis)
    err = np.abs(totals - 1.0)
    if np.any(err > SUM_ATOL):
        worst = np.ravel(totals)[np.argmax(np.ravel(err))]
        raise ValueError(
            f"{name} sums to {worst:.10g} along axis {axis - arr.ndim}, expected 1; "
            "pass normalize=True to rescale non-negative weights"
        )
    return arr


def broadcast_pair(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str):
    """Broadcast two arrays, or raise ``ValueError`` naming both shapes."""
    try:
        return np.broadcast_arrays(a, b)
    except ValueError:
        raise ValueError(
            f"{name_a} with shape {a.shape} and {name_b} with shape {b.shape} cannot be broadcast together"
        ) from None


def check_choice(value, name: str, choices) -> None:
    """Raise ``ValueError`` unless ``value`` is one of ``choices``."""
    if not any(value is c or (isinstance(value, str) and value == c) for c in choices):
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}")


def check_positive_scalar(value, name: str) -> float:
    """Return ``value`` as a float after checking it is finite and > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be finite and > 0, got {value!r}")
    return value
