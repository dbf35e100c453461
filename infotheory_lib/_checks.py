"""Input validation shared by every compute module.

Each helper either returns a clean value (a float64 array, a float, an int)
or raises an error whose message names the argument, says what is required
and shows what was given. Nothing is repaired silently: the only rescaling
is the explicit ``normalize=True`` opt-in.

One policy for every argument:

- ``TypeError`` when the *type* is wrong: a str, None, a list or a complex
  number where a real number is required; a bool where a number is
  required; anything but an integer type where an integer is required
  (``2.0`` and ``np.float64(2.0)`` included: an integral float is not
  silently converted); anything but True/False for a flag.
- ``ValueError`` when the *value* is out of range: NaN, an infinity, a
  negative number or zero where a positive one is required, a probability
  outside [0, 1], a distribution that does not sum to 1, an unknown choice.

Scalar arguments go through :func:`check_scalar` (or the named shortcuts
below it), flags through :func:`check_bool`, ``base`` through
:func:`check_base`, which returns the logarithm of the base that the
caller divides results in nats by.
"""

from __future__ import annotations

import decimal
import math
import numbers

import numpy as np

#: Absolute tolerance on ``sum(p) == 1`` along the distribution axis.
SUM_ATOL = 1e-9

_NUMERIC_KINDS = "biuf"  # bool, signed int, unsigned int, float


def _numeric_array(x, name: str, *, allow_empty: bool = False) -> np.ndarray:
    """``x`` as a numeric ndarray of its own dtype (bool, int or float), or raise naming ``name``.

    Masked arrays are refused (their mask would be silently ignored), and so
    are strings, ``None``, complex numbers and object arrays of anything but
    real numbers (numeric strings such as ``'0.5'`` are text, not numbers).
    """
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be numeric, got {type(x).__name__} {x!r}")
    if np.ma.is_masked(x):  # a masked array with no masked entry is just its data
        raise TypeError(
            f"{name} is a masked array, whose mask would be ignored; pass {name}.compressed() "
            f"or {name}.filled(value) to say what the masked entries mean"
        )
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as exc:  # ragged nested lists
        raise ValueError(f"{name} could not be read as an array (ragged nesting?): {exc}") from None
    if arr.dtype.kind == "O":
        bad = [v for v in arr.flat if not _is_real_number(v)][:1]
        if bad:
            raise TypeError(
                f"{name} must be numeric, got an array of Python objects holding {_given(bad[0])}"
            )
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError, OverflowError):
            raise TypeError(f"{name} must be numeric, got an array of Python objects") from None
    if arr.dtype.kind not in _NUMERIC_KINDS:
        raise TypeError(f"{name} must be numeric, got an array of dtype {arr.dtype}")
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty")
    return arr


def _is_real_number(v) -> bool:
    """Whether ``v`` is a real number (int, float, Fraction, Decimal; numpy scalars), not a str or bool."""
    if isinstance(v, (str, bytes)):
        return False
    return isinstance(v, (numbers.Real, decimal.Decimal))


def dtype_eps(arr: np.ndarray) -> float:
    """The rounding unit of ``arr``'s dtype: ``finfo(dtype).eps`` for floats, 0 for exact integers and bools."""
    return float(np.finfo(arr.dtype).eps) if arr.dtype.kind == "f" else 0.0


def sum_tolerance(eps: float, n: int) -> float:
    r"""Tolerance on ``sum(p) == 1`` for ``n`` outcomes stored with rounding unit ``eps``.

    .. math:: \mathrm{atol} = \max(\mathrm{SUM\_ATOL},\ n\,\varepsilon)

    Each stored entry carries a relative rounding error of at most
    :math:`\varepsilon/2` and the sum of :math:`n` of them rounds at most
    :math:`n` times, so a distribution rounded to float32 (a softmax row
    of an ML framework) is valid within float32 rounding, while float64
    input keeps the tight ``SUM_ATOL``.
    """
    return max(SUM_ATOL, n * eps)


def as_float_array(x, name: str, *, allow_empty: bool = False) -> np.ndarray:
    """Return ``x`` as a float64 ndarray, or raise naming ``name``.

    Raises
    ------
    TypeError
        If ``x`` is not numeric (strings, objects, complex numbers, None),
        or is a masked array.
    ValueError
        If ``x`` is empty (unless ``allow_empty``) or ragged.
    """
    return _numeric_array(x, name, allow_empty=allow_empty).astype(np.float64, copy=False)


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
    r"""Return :math:`\ln b` for a valid logarithm base :math:`b`.

    A base is a finite real number > 0 and != 1. Callers compute in nats and
    divide by the returned value: :math:`\log_b x = \ln x / \ln b` (for
    ``base=numpy.e`` the divisor is exactly 1.0, so nats come back
    unchanged).

    Raises
    ------
    TypeError
        If ``base`` is not a real number (a str, None, a bool, an array).
    ValueError
        If ``base`` is NaN, infinite, <= 0 or 1.
    """
    value = check_scalar(base, "base", low=0.0, low_open=True, not_equal=1.0)
    return math.log(value)


def check_axis(arr: np.ndarray, axis: int, name: str) -> int:
    """Return ``axis`` as a valid non-negative axis of ``arr``."""
    axis = check_scalar(axis, "axis", integer=True)
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


def check_sums(
    totals: np.ndarray, name: str, where: str, *, hint: bool = True, atol: float = SUM_ATOL
) -> None:
    """Raise unless every total is 1 within ``atol`` (``SUM_ATOL`` by default; see :func:`sum_tolerance`).

    ``where`` says over what the totals were taken (``"along axis -1"``); the
    message suggests ``normalize=True`` when ``hint`` (the functions that
    offer it).
    """
    err = np.abs(totals - 1.0)
    if np.any(err > atol):
        worst = np.ravel(totals)[np.argmax(np.ravel(err))]
        advice = "; pass normalize=True to rescale non-negative weights" if hint else ""
        raise ValueError(f"{name} sums to {worst:.10g} {where}, expected 1{advice}")


def as_distribution(p, name: str, *, axis: int = -1, normalize: bool = False, eps=None) -> np.ndarray:
    """Return ``p`` as float64 probability vectors along ``axis``.

    Without ``normalize`` every vector must already sum to 1 within
    :func:`sum_tolerance` of its dtype (``eps``: the rounding unit of the
    data as stored, taken from ``p``'s dtype when not given; float32 input
    is valid within float32 rounding); with ``normalize=True`` non-negative
    finite weights are rescaled to sum to 1 (an all-zero vector is still an
    error). Weights whose sum overflows are first divided by their maximum.
    The result is float64 whatever the input dtype.
    """
    normalize = check_bool(normalize, "normalize")
    raw = _numeric_array(p, name)
    if eps is None:
        eps = dtype_eps(raw)
    arr = raw.astype(np.float64, copy=False)
    axis = check_axis(arr, axis, name)
    if arr.shape[axis] == 0:
        raise ValueError(f"{name} has no outcomes along axis {axis}")
    if normalize:
        check_finite(arr, name)
        if np.min(arr) < 0:
            raise ValueError(f"{name} has a negative weight ({np.min(arr):g}); weights must be >= 0")
        with np.errstate(over="ignore"):  # an overflowing sum is rescaled below
            totals = np.sum(arr, axis=axis, keepdims=True)
        if np.any(totals == 0):
            raise ValueError(f"{name} has a vector of all-zero weights along axis {axis}; cannot normalize")
        if not np.all(np.isfinite(totals)):  # e.g. [1e308, 1e308]: scale into range first
            arr = arr / np.max(arr, axis=axis, keepdims=True)
            totals = np.sum(arr, axis=axis, keepdims=True)
        return arr / totals
    check_probabilities(arr, name)
    atol = sum_tolerance(eps, arr.shape[axis])
    check_sums(np.sum(arr, axis=axis), name, f"along axis {axis - arr.ndim}", atol=atol)
    return arr


def broadcast_named(**arrays: np.ndarray) -> list[np.ndarray]:
    """Broadcast arrays given by name, or raise ``ValueError`` naming every argument and shape."""
    try:
        return np.broadcast_arrays(*arrays.values())
    except ValueError:
        parts = [f"{name} with shape {arr.shape}" for name, arr in arrays.items()]
        listed = ", ".join(parts[:-1]) + " and " + parts[-1]
        raise ValueError(f"{listed} cannot be broadcast together") from None


def broadcast_pair(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str):
    """:func:`broadcast_named` for two arrays."""
    return broadcast_named(**{name_a: a, name_b: b})


def check_choice(value, name: str, choices) -> None:
    """Raise ``ValueError`` unless ``value`` is one of ``choices``."""
    if not any(value is c or (isinstance(value, str) and value == c) for c in choices):
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}")


def _describe(integer, low, high, low_open, high_open, allow_inf, not_equal):
    """The requirement in words, e.g. "an integer >= 1" or "a finite number in (0, 1)"."""
    kind = "an integer" if integer else ("a number" if allow_inf else "a finite number")
    if low is not None and high is not None:
        rng = f" in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    elif low is not None:
        rng = f" {'>' if low_open else '>='} {low:g}"
    elif high is not None:
        rng = f" {'<' if high_open else '<='} {high:g}"
    else:
        rng = ""
    extra = f" and != {not_equal:g}" if not_equal is not None else ""
    return kind + rng + extra


def _short_repr(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _given(value) -> str:
    """What was given, for a message: its type and (shortened) repr."""
    return f"{type(value).__name__} {_short_repr(value)}"


def check_scalar(
    value,
    name: str,
    *,
    integer: bool = False,
    low=None,
    high=None,
    low_open: bool = False,
    high_open: bool = False,
    allow_inf: bool = False,
    not_equal=None,
):
    """Return a validated scalar argument: an ``int`` if ``integer`` else a ``float``.

    Parameters
    ----------
    value
        The argument as given.
    name : str
        The argument's name, used in every message.
    integer : bool, default False
        Require an integer type (``int``, ``numpy.integer``). Floats are
        rejected even when integral (``2.0``), with a ``TypeError``.
    low, high : float, optional
        Bounds of the allowed range, inclusive unless ``low_open`` /
        ``high_open``.
    allow_inf : bool, default False
        Accept ``inf`` / ``-inf`` (still subject to the bounds); NaN is never
        accepted.
    not_equal : float, optional
        One excluded value (the base 1 of a logarithm).

    Returns
    -------
    int or float

    Raises
    ------
    TypeError
        Wrong type: not a real number (str, None, list, complex, an array
        with more than one element), a bool, or not an integer where
        ``integer`` is set. A 0-d numeric array counts as its element;
        ``decimal.Decimal`` and ``fractions.Fraction`` count as real numbers.
    ValueError
        Out of range: NaN, an infinity (unless ``allow_inf``), outside
        [``low``, ``high``], or equal to ``not_equal``.
    """
    given = value
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value[()]  # a 0-d array counts as its element
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, numbers.Integral if integer else (numbers.Real, decimal.Decimal)
    ):
        what = _describe(integer, low, high, low_open, high_open, allow_inf, not_equal)
        raise TypeError(f"{name} must be {what}, got {_given(given)}")
    if integer:
        value, bad = int(value), False
    else:
        try:
            value = float(value)
        except (OverflowError, ValueError):  # a huge int or Fraction, a signalling-NaN Decimal
            value = math.nan
        bad = math.isnan(value) or (math.isinf(value) and not allow_inf)
    bad = bad or (low is not None and (value <= low if low_open else value < low))
    bad = bad or (high is not None and (value >= high if high_open else value > high))
    if bad or (not_equal is not None and value == not_equal):
        what = _describe(integer, low, high, low_open, high_open, allow_inf, not_equal)
        raise ValueError(f"{name} must be {what}, got {_short_repr(given)}")
    return value


def check_bool(value, name: str) -> bool:
    """Return a flag after checking it is ``True`` or ``False`` (``numpy.bool_`` too).

    Anything else (``"no"``, ``0``, ``None``) is a ``TypeError``: a flag is
    never guessed from the truthiness of another type.
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_given(value)}")
    return bool(value)


def check_interval(value, name: str, *, low=None, low_open: bool = False) -> tuple[float, float]:
    """Return ``(lo, hi)``: a pair of finite numbers with ``lo < hi`` (each at least ``low``).

    The elements are checked by :func:`check_scalar` as ``name[0]`` and
    ``name[1]``; something that is not a pair is a ``TypeError`` (not a
    sequence) or a ``ValueError`` (a sequence of another length).
    """
    try:
        if isinstance(value, (str, bytes)):
            raise TypeError
        size = len(value)
    except TypeError:
        raise TypeError(f"{name} must be a pair of numbers (lo, hi), got {_given(value)}") from None
    if size != 2:
        raise ValueError(f"{name} must be a pair of numbers (lo, hi), got {size} values")
    lo = check_scalar(value[0], f"{name}[0]", low=low, low_open=low_open)
    hi = check_scalar(value[1], f"{name}[1]", low=low, low_open=low_open)
    if not lo < hi:
        raise ValueError(f"{name} must satisfy lo < hi, got {_short_repr(value)}")
    return lo, hi


# Named shortcuts for the ranges the library uses most (all go through check_scalar).


def check_positive_scalar(value, name: str) -> float:
    """A finite real number > 0 (a temperature, a learning rate)."""
    return check_scalar(value, name, low=0.0, low_open=True)


def check_nonnegative_scalar(value, name: str) -> float:
    """A finite real number >= 0 (a pseudo-count, a weight decay)."""
    return check_scalar(value, name, low=0.0)


def check_fraction(value, name: str) -> float:
    """A real number in [0, 1] (a mixing weight, a smoothing epsilon)."""
    return check_scalar(value, name, low=0.0, high=1.0)


def check_positive_int(value, name: str) -> int:
    """An integer >= 1 (a count: bins, epochs, classes)."""
    return check_scalar(value, name, integer=True, low=1)


def check_seed(seed, name: str = "seed") -> int:
    """An integer >= 0 (a random seed)."""
    return check_scalar(seed, name, integer=True, low=0)
