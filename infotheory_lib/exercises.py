"""Auto-checked exercises for the notebooks, in the spirit of ``q1.check()``.

Each exercise is an :class:`Exercise` with three methods:

- ``check(answer)`` compares a learner's function, number or choice with the
  library on normal and edge cases (zeros, uniform, one-hot) and prints
  friendly feedback saying what is wrong;
- ``hint()`` prints a nudge;
- ``solution()`` prints a worked solution (only when asked).

The notebooks call them through ``check_*`` names, e.g.
``check_entropy(my_entropy)``, then ``hint("entropy")`` or
``solution("entropy")``. A blank answer
(``...`` or a function whose body is still ``...``) gets a friendly
"not yet", never an exception.

How answers are judged
----------------------
- **Any form of a right answer passes**: lists, tuples or arrays; Python or
  numpy scalars; the course's notations for a choice (``"KL(p || q)"``,
  ``"KL(p‖q)"``, ``"D_KL(p‖q)"``); a number correct to the digits written
  (``2.58`` for log₂ 6): a number is right when it equals the true value
  rounded to the decimals the learner gave, with at least
  :data:`MIN_SIGNIFICANT_DIGITS` significant digits (or exactly right).
- **Common mistakes are named.** One small diagnosis engine: each exercise
  lists :class:`Mistake` candidates (a wrong unit, a missing 0·log 0 rule,
  swapped arguments, a sign error, one-hot-only code, no batching, …); when
  an answer is wrong, the first candidate that reproduces it gives the
  message. Every expected value, right or wrong, is computed by the library.
- A learner's function is called the way the exercise's text says
  (``inputs``: numbers, lists or numpy arrays); if it raises, the message
  names the exception.
- **A checker cannot be broken or fooled.** Every call works on fresh (deep)
  copies of the cases, so a function that edits its input changes nothing
  for the next check; after the visible cases come hidden random variants
  of them (drawn anew at every check, expected values by the library), so
  a lookup table of the visible cases fails; a return value that cannot be
  judged (text, a complex number, a dict, a generator, a ragged list,
  something numpy cannot read) gets a message saying why, never an
  exception; ``SystemExit`` raised by a learner's function is reported like
  any other exception (``KeyboardInterrupt`` still stops the check); and
  feedback never prints more than :data:`MAX_SHOWN` characters of a value.
"""

from __future__ import annotations

import copy
import math
import re
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import numpy as np

from . import bounds, calibration, estimators, losses, measures, trees
from .gaussian import gaussian_entropy, kl_gaussian

__all__ = [
    "Exercise",
    "EXERCISES",
    "Mistake",
    "MIN_SIGNIFICANT_DIGITS",
    "MAX_SHOWN",
    "hint",
    "solution",
    "NATS_NOT_BITS",
    "BITS_NOT_NATS",
    "SIGN",
    "SWAPPED",
    "ZERO_LOG_ZERO",
    "NO_BATCH",
    "WRONG_AXIS",
]

_NOT_YET = "⏳ Not yet: replace the `...` with your answer, run the cell, then check again."

#: A number with fewer significant digits than this is "too few digits" unless exactly right.
MIN_SIGNIFICANT_DIGITS = 2
#: The most characters of one value (an argument, a returned array) that feedback prints.
MAX_SHOWN = 200
#: Exceptions raised by a learner's code that a checker reports instead of propagating
#: (``KeyboardInterrupt`` is not among them: a learner can still interrupt a check).
_LEARNER_ERRORS = (Exception, SystemExit)
#: A wrong number within this relative distance of the answer is told "close".
_CLOSE = 0.02
_LN2 = math.log(2.0)
_KINDS = ("function", "number", "choice")
_INPUTS = ("any", "number", "list", "array")


def _show(text: str) -> None:
    print(text)


def _is_blank(answer) -> bool:
    return answer is ... or answer is None


def _fmt(x) -> str:
    """``x`` for feedback, at most :data:`MAX_SHOWN` characters (long arrays summarised)."""
    try:
        text = _fmt_full(x)
    except Exception:  # a value that cannot even be printed (a failing __repr__ / __array__)
        text = f"<{type(x).__name__}>"
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _fmt_full(x) -> str:
    if isinstance(x, (list, tuple, np.ndarray)):
        try:
            arr = np.asarray(x)
        except (ValueError, TypeError):  # ragged: as Python writes it (capped by _fmt)
            return repr(x)
        if arr.dtype.kind in "biuf" and arr.size > 24:  # summarise: first and last entries
            with np.printoptions(threshold=12, edgeitems=3, precision=6, linewidth=10**6):
                return np.array2string(arr, separator=", ")
        if arr.ndim > 1:
            return "[" + ", ".join(_fmt_full(row) for row in x) + "]"
        if arr.ndim == 0 or arr.dtype.kind == "O" and arr.ndim != 1:
            return repr(x)
        return "[" + ", ".join(_fmt_full(v) for v in np.ravel(arr)) + "]"
    if isinstance(x, (bool, np.bool_, str, np.str_)):  # as Python writes them: True, 'cat' (not np.True_)
        return repr(x.item() if isinstance(x, np.generic) else x)
    if not isinstance(x, (int, float, np.number)):
        return repr(x)
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    x = float(x)
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return f"{x:.6g}"


# -- the diagnosis engine ------------------------------------------------------
@dataclass(frozen=True)
class Mistake:
    """A common mistake: how to recognise it and what to tell the learner.

    Parameters
    ----------
    name : str
        Short identifier (``"nats"``, ``"swapped"``, …).
    message : str
        What the feedback says when the mistake is recognised.
    predict : callable, optional
        ``predict(reference, args, right)`` returns what a learner making this
        mistake would answer (``None`` when it does not apply to this case);
        ``reference`` is the library function of the exercise, ``args`` the
        case's inputs and ``right`` the right answer.
    detect : callable, optional
        ``detect(got, right, args)`` -> bool, for mistakes without a single
        predicted value (e.g. ``nan`` where a probability is 0).
    """

    name: str
    message: str
    predict: Callable | None = None
    detect: Callable | None = None

    def __post_init__(self):
        if (self.predict is None) == (self.detect is None):
            raise ValueError(f"Mistake {self.name!r} needs exactly one of predict= or detect=")

    def matches(self, got, right, args, reference, same) -> bool:
        """Whether ``got`` is what this mistake produces (``same`` compares values)."""
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            try:
                if self.detect is not None:
                    return bool(self.detect(got, right, args))
                predicted = self.predict(reference, args, right)
            except _LEARNER_ERRORS:  # a candidate that cannot be computed here does not apply
                return False
        return predicted is not None and same(got, predicted)


def _float_array(x):
    return np.asarray(x, dtype=float)


def _has_zero(args) -> bool:
    for a in args:
        try:
            if np.any(_float_array(a) == 0):
                return True
        except (TypeError, ValueError):
            continue
    return False


def _nonfinite_where_right_is_finite(got, right, args) -> bool:
    got, right = _float_array(got), _float_array(right)
    return bool(_has_zero(args) and np.all(np.isfinite(right)) and not np.all(np.isfinite(got)))


def _one_value_for_a_batch(got, right, args) -> bool:
    return _float_array(right).size > 1 and _float_array(got).size == 1


def _reduced_other_axis(got, right, args) -> bool:
    """The learner reduced along a batch axis (axis 0, or 1 of a 3-D batch) instead of the last axis."""
    batch, got, right = _float_array(args[0]), _float_array(got), _float_array(right)
    if batch.ndim < 2 or got.shape == right.shape:
        return False
    return any(got.shape == batch.shape[:k] + batch.shape[k + 1 :] for k in range(batch.ndim - 1))


NATS_NOT_BITS = Mistake(
    "nats",
    "right, but in nats; this exercise wants bits (use log₂: np.log2, or divide by ln 2)",
    predict=lambda f, args, right: _float_array(right) * _LN2,
)
BITS_NOT_NATS = Mistake(
    "bits",
    "right, but in bits; this exercise wants nats (use the natural log np.log, or multiply by ln 2)",
    predict=lambda f, args, right: _float_array(right) / _LN2,
)
SIGN = Mistake(
    "sign",
    "a sign error: the right size with the wrong sign (check the minus in front of the sum/log)",
    predict=lambda f, args, right: -_float_array(right),
)
SWAPPED = Mistake(
    "swapped",
    "swapped arguments: that is the value for (q, p), as D_KL(q‖p) is for D_KL(p‖q); the first "
    "argument p is the data (it weights the sum), the second q the model (it goes in the log)",
    predict=lambda f, args, right: f(*reversed(args)) if len(args) == 2 else None,
)
ZERO_LOG_ZERO = Mistake(
    "0·log 0",
    "a missing 0·log 0 rule: your function gives nan (or inf) where pᵢ = 0; those terms are 0 — "
    "keep only the terms with pᵢ > 0 (mask p > 0)",
    detect=_nonfinite_where_right_is_finite,
)
NO_BATCH = Mistake(
    "no batching",
    "no batching: you returned one number for the whole batch; distributions lie along the "
    "last axis, so return one value per row (sum with axis=-1)",
    detect=_one_value_for_a_batch,
)
WRONG_AXIS = Mistake(
    "wrong axis",
    "the wrong axis: you reduced along a batch axis (axis 0 runs down the columns; axis=1 is "
    "the last axis only of a 2-D array), so the result has the wrong shape; each distribution lies along "
    "the last axis — use axis=-1",
    detect=_reduced_other_axis,
)


def _predicts(name, message, fn):
    """A mistake whose learner's answer is ``fn(*args)`` (or ``fn()`` for a number exercise)."""
    return Mistake(name, message, predict=lambda f, args, right: fn(*args))


# -- exercises -------------------------------------------------------------------
@dataclass
class Exercise:
    """One exercise: a checker plus a hint and a solution shown on request.

    Parameters
    ----------
    key : str
        The exercise's name, as used by ``hint(key)`` and ``solution(key)``.
    title : str
        Short name shown in feedback.
    kind : {"function", "number", "choice"}
        What the learner supplies.
    cases : list of tuple
        For ``"function"``: ``(args, expected, note)`` triples; the learner's
        function is called with ``*args`` and compared with ``expected``
        (computed by the library), ``note`` says what the case tests.
    expected : float or str
        For ``"number"`` / ``"choice"``: the right answer.
    rtol, atol : float
        Tolerances for a function's results (a number is judged at the
        digits the learner wrote).
    reference : callable, optional
        The library function the cases come from (used by mistakes such as
        swapped arguments).
    inputs : {"any", "number", "list", "array"}
        How the learner's function is called, as the exercise's text says:
        ``"number"`` Python floats, ``"list"`` (nested) lists, ``"array"``
        numpy arrays, ``"any"`` arrays and, if those fail, lists.
    mistakes : tuple of Mistake
        The candidates the diagnosis tries, in order, on a wrong answer.
    options : dict, optional
        For ``"choice"``: every accepted option (in the course's notation)
        mapped to the feedback for choosing it when it is wrong.
    explanation : str, optional
        Why the right answer is right, shown with the "Correct" verdict (a
        concept or prediction question explains its answer either way).
    """

    key: str
    title: str
    kind: str
    hint_text: str
    solution_text: str
    cases: list = field(default_factory=list)
    expected: object = None
    rtol: float = 1e-6
    atol: float = 1e-9
    reference: Callable | None = None
    inputs: str = "any"
    mistakes: tuple = ()
    options: dict = field(default_factory=dict)
    explanation: str = ""

    def __post_init__(self):
        if self.kind not in _KINDS:
            raise ValueError(f"Exercise {self.key!r}: kind must be one of {_KINDS}, got {self.kind!r}")
        if self.inputs not in _INPUTS:
            raise ValueError(f"Exercise {self.key!r}: inputs must be one of {_INPUTS}, got {self.inputs!r}")
        if not all(isinstance(m, Mistake) for m in self.mistakes):
            raise TypeError(f"Exercise {self.key!r}: mistakes must be Mistake instances")
        if self.kind == "function" and not self.cases:
            raise ValueError(f"Exercise {self.key!r}: a function exercise needs cases")
        if self.kind == "number" and not (
            isinstance(self.expected, (int, float, np.number)) and math.isfinite(self.expected)
        ):
            raise ValueError(f"Exercise {self.key!r}: a number exercise needs a finite expected value")
        if self.kind == "choice":
            if not self.options:
                self.options = {str(self.expected): ""}
            if _normalize_choice(self.expected) not in {_normalize_choice(o) for o in self.options}:
                raise ValueError(f"Exercise {self.key!r}: expected {self.expected!r} is not an option")

    # -- learner-facing ------------------------------------------------------
    def check(self, answer) -> bool:
        """Check ``answer``; print feedback; return True when it is right.

        Never raises for any answer (``KeyboardInterrupt`` excepted): an
        answer that cannot be judged gets a message saying why.
        """
        if _is_blank(answer):
            _show(_NOT_YET)
            return False
        try:
            if self.kind == "function":
                ok = self._check_function(answer)
            elif self.kind == "number":
                ok = self._check_number(answer)
            else:
                ok = self._check_choice(answer)
        except _LEARNER_ERRORS as exc:  # e.g. an answer whose comparison or printing fails
            _show(
                f"🤔 This answer could not be judged ({type(exc).__name__}: {_fmt(str(exc))}). "
                f"Give {self._what_is_asked()}."
            )
            return False
        if ok:
            why = f"\n   Why: {self.explanation}" if self.explanation else ""
            end = "" if self.title.endswith(("?", "!", ".")) else "."
            _show(f"✅ Correct — {self.title}{end}{why}")
        return ok

    def _what_is_asked(self) -> str:
        return {"function": "a function", "number": "a number", "choice": "one of the options"}[self.kind]

    def hint(self) -> None:
        """Print a hint."""
        _show(f"💡 Hint ({self.title}): {self.hint_text}")

    def solution(self) -> None:
        """Print a worked solution."""
        _show(f"📖 Solution ({self.title}):\n{self.solution_text}")

    # -- functions -------------------------------------------------------------
    def _same(self, got, want) -> bool:
        try:
            got, want = _float_array(got), _float_array(want)
        except (TypeError, ValueError):
            return False
        if got.shape != want.shape:
            if not (got.size == 1 and want.size == 1):  # [x] for x is fine
                return False
            got, want = got.reshape(()), want.reshape(())
        with np.errstate(all="ignore"):
            return bool(np.allclose(got, want, rtol=self.rtol, atol=self.atol, equal_nan=False))

    def _call(self, fn, args, form):
        """Call the learner's function on fresh copies of ``args`` in ``form``."""
        if form == "number":
            call_args = [float(a) for a in args]
        elif form == "array":
            call_args = [_as_array(a) for a in args]
        else:
            call_args = [_to_lists(a) for a in args]
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")  # the learner's numpy warnings are not the point here
            return fn(*call_args)

    def _run(self, fn, args):
        """(result, None) or (None, feedback) for one case."""
        shown = ", ".join(_fmt(a) for a in args)
        forms = {"any": ("array", "list"), "number": ("number",), "list": ("list",), "array": ("array",)}
        first_error = None
        for form in forms[self.inputs]:
            try:
                return self._call(fn, args, form), None
            except _LEARNER_ERRORS as exc:  # a learner's bug (even sys.exit()): report it kindly
                first_error = first_error or exc
        feedback = (
            f"❌ Calling your function with ({shown}) raised {type(first_error).__name__}: {first_error}"
        )
        if self.inputs == "list":
            try:
                self._call(fn, args, "array")
                feedback += (
                    "\n   It works with numpy arrays, but this exercise passes lists: "
                    "convert first, e.g. p = np.asarray(p, dtype=float)."
                )
            except _LEARNER_ERRORS:
                pass
        return None, feedback

    def _check_function(self, fn) -> bool:
        if not callable(fn):
            _show(
                f"🤔 Expected a function, got {type(fn).__name__}. Pass the function itself, "
                "without calling it: check(my_function), not check(my_function())."
            )
            return False
        for args, want, note in self._fresh_cases():
            got, feedback = self._run(fn, args)
            if feedback is not None:
                _show(f"{feedback}\n   Case: {note}.")
                return False
            if _is_blank(got):
                _show(_NOT_YET + " (your function returned None)")
                return False
            why_not = _unjudgeable(got)
            if why_not is not None:
                shown = ", ".join(_fmt(a) for a in args)
                _show(f"🤔 For ({shown}) your function returned {why_not}.\n   Case: {note}.")
                return False
            if self._same(got, want):
                continue
            shown = ", ".join(_fmt(a) for a in args)
            what = self._diagnose(got, want, args)
            if what is None:
                what = f"expected {_fmt(want)}"
                try:
                    if _float_array(got).shape != _float_array(want).shape:
                        what += (
                            f" (you returned shape {_float_array(got).shape}, "
                            f"expected {_float_array(want).shape})"
                        )
                except (TypeError, ValueError):
                    what += " (a number or an array of numbers)"
            _show(f"❌ For ({shown}) your function returned {_fmt(got)}: {what}.\n   Case: {note}.")
            return False
        return True

    def _fresh_cases(self):
        """The visible cases (deep copies), then hidden random variants of them, drawn anew per call.

        A variant perturbs the float arguments of a visible case (probability
        vectors stay distributions, with their zeros; real numbers get
        noise) and permutes the entries of its arrays along the last axis
        together; its expected value comes from :attr:`reference`. A
        variant the reference rejects is skipped.
        """
        visible = copy.deepcopy(self.cases)
        yield from visible
        if self.reference is None:
            return
        self._n_checks = getattr(self, "_n_checks", 0) + 1
        rng = np.random.default_rng([zlib.crc32(self.key.encode()), self._n_checks])
        for args, _, note in copy.deepcopy(self.cases):
            variant = _random_variant(args, rng)
            if variant is None:
                continue
            try:
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    want = self.reference(*copy.deepcopy(variant))
            except (TypeError, ValueError):  # not a valid input of this exercise: no such case
                continue
            yield variant, want, f"a hidden random variant of the case “{note}”"

    def _diagnose(self, got, right, args):
        for mistake in self.mistakes:
            if mistake.matches(got, right, args, self.reference, self._same):
                return mistake.message
        return None

    # -- numbers ---------------------------------------------------------------
    def _check_number(self, value) -> bool:
        parsed = _parse_number(value)
        nudge = f'Try hint("{self.key}") for a nudge.'
        if parsed is None:
            why = ""
            if isinstance(value, (complex, np.complexfloating)):
                why = " (a complex number: the answer is a real number)"
            _show(f"🤔 Expected a number, got {_fmt(value)}{why}. {nudge}")
            return False
        got, decimals, significant = parsed
        want = float(self.expected)
        if _equal_at_digits(got, decimals, want):
            exact = abs(got - want) <= 1e-9 * max(1.0, abs(want))
            if exact or significant >= MIN_SIGNIFICANT_DIGITS:
                return True
            _show(
                f"🤏 {_fmt(got)} is close: give more digits (at least {MIN_SIGNIFICANT_DIGITS} "
                "significant digits)."
            )
            return False

        def same(g, predicted):  # a mistake is named only on an answer with enough digits to tell
            predicted = float(predicted)
            exact = abs(g - predicted) <= 1e-9 * max(1.0, abs(predicted))
            enough = significant >= MIN_SIGNIFICANT_DIGITS
            return exact or (enough and _equal_at_digits(g, decimals, predicted))

        for mistake in self.mistakes:
            if mistake.matches(got, want, (), lambda: want, same):
                _show(f"❌ {_fmt(got)}: {mistake.message}. {nudge}")
                return False
        if math.isfinite(got) and abs(got - want) <= _CLOSE * abs(want):
            _show(f"🤏 {_fmt(got)} is close: give more digits (or check your rounding). {nudge}")
            return False
        _show(f"❌ {_fmt(got)} is not right yet. {nudge}")
        return False

    # -- choices ---------------------------------------------------------------
    def _check_choice(self, value) -> bool:
        nudge = f'Try hint("{self.key}") for a nudge.'
        chosen = _normalize_choice(value)
        if chosen == _normalize_choice(self.expected):
            return True
        for option, feedback in self.options.items():
            if chosen == _normalize_choice(option):
                _show(f"❌ {_fmt(value)} is not the answer: {feedback} {nudge}")
                return False
        listed = " or ".join(repr(o) for o in self.options)
        _show(f"🤔 {_fmt(value)} is not one of the options: answer {listed}. {nudge}")
        return False


def _unjudgeable(got):
    """Why a function's return value cannot be judged as a number or an array of numbers, or None."""
    if isinstance(got, (str, bytes, np.str_, np.bytes_)):
        return (
            f"the text {_fmt(got)}: return a number (a float or an array of floats), not a string; "
            "text that looks like a number is still text"
        )
    if isinstance(got, (dict, set, frozenset)) or not isinstance(
        got, (list, tuple, np.ndarray, np.generic, int, float, complex)
    ):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                arr = np.asarray(got)
        except _LEARNER_ERRORS as exc:
            return f"a {type(got).__name__} that numpy cannot read as numbers ({type(exc).__name__}: {exc})"
        if arr.dtype.kind == "O" or isinstance(got, (dict, set, frozenset)):
            return f"a {type(got).__name__} ({_fmt(got)}), not a number or an array of numbers"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = np.asarray(got)
    except (ValueError, TypeError):
        return f"{_fmt(got)}, a ragged list (rows of different lengths), not an array of numbers"
    if arr.dtype.kind == "c":
        return (
            f"a complex number {_fmt(got)}: information measures are real numbers (a complex result "
            "usually comes from the log or square root of a negative number)"
        )
    if arr.dtype.kind in "USa":
        return f"text {_fmt(got)}: return numbers, not strings"
    if arr.dtype.kind == "O":
        if all(isinstance(v, (int, float, np.integer, np.floating, Decimal)) for v in arr.flat):
            return None
        return f"{_fmt(got)}, which holds something other than numbers"
    if arr.dtype.kind not in "biuf":
        return f"{_fmt(got)}, not a number or an array of numbers"
    return None


def _random_variant(args, rng):
    """A random variant of a case's arguments, or None if it has nothing to vary (see ``_fresh_cases``)."""
    out = [_perturb(a, rng) for a in args]
    arrays = [i for i, a in enumerate(out) if isinstance(a, np.ndarray) and a.ndim >= 1]
    if arrays:  # permute the last axis of the arrays that share the first one's length, together
        n = out[arrays[0]].shape[-1]
        order = rng.permutation(n)
        for i in arrays:
            if out[i].shape[-1] == n:
                out[i] = out[i][..., order]
    out = [_like(a, b) for a, b in zip(args, out, strict=True)]
    same = all(np.array_equal(np.asarray(a), np.asarray(b)) for a, b in zip(args, out, strict=True))
    return None if same else tuple(out)


def _perturb(a, rng):
    """``a`` (an argument) as an array with its floats perturbed; ints, bools and text unchanged."""
    if isinstance(a, (bool, int, str)) or a is None:
        return a
    arr = np.array(a)
    if arr.dtype.kind != "f" or not np.all(np.isfinite(arr)):
        return arr
    if arr.size and arr.min() >= 0 and arr.max() <= 1:
        weights = arr * rng.uniform(0.5, 1.5, arr.shape)  # zeros stay zeros
        for axes in ((-1,), (-2, -1)):  # distributions along the last axis, or tables summing to 1
            if arr.ndim >= len(axes) and np.allclose(arr.sum(axis=axes), 1.0, rtol=0, atol=1e-9):
                totals = weights.sum(axis=axes, keepdims=True)
                return np.divide(weights, totals, out=arr.copy(), where=totals > 0)
        return arr * rng.uniform(0.5, 1.0, arr.shape)  # probabilities one by one stay in [0, 1]
    if arr.ndim == 0 and arr > 0:  # a positive scalar (a temperature): scaled
        return arr * rng.uniform(0.5, 2.0)
    return arr + rng.normal(0.0, 1.0, arr.shape)  # real numbers (logits, means)


def _like(original, new):
    """``new`` in the container ``original`` came in (float, list, array)."""
    if isinstance(original, float):
        return float(new)
    if isinstance(original, (list, tuple)):
        return np.asarray(new).tolist()
    return new


def _as_array(a):
    try:
        return np.array(a, dtype=float)
    except (TypeError, ValueError):
        return np.array(a)


def _to_lists(a):
    return np.asarray(a).tolist() if isinstance(a, (list, tuple, np.ndarray)) else a


def _parse_number(value):
    """``(value, decimals written, significant digits written)`` or None if not a number."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, str):
        text = value.strip()
    else:
        try:
            arr = np.asarray(value)
        except Exception:
            return None
        if arr.size != 1 or arr.dtype.kind not in "iuf":
            return None
        scalar = arr.reshape(()).item() if arr.dtype.kind in "iu" else arr.reshape(())[()]
        if isinstance(scalar, int):
            text = str(scalar)
        elif not np.isfinite(scalar):
            return float(scalar), 0, 0
        else:
            text = np.format_float_positional(scalar, trim="-")  # shortest digits that round-trip
    try:
        dec = Decimal(text)
    except InvalidOperation:
        return None
    if not dec.is_finite():
        return float(dec), 0, 0
    sign, digits, exponent = dec.as_tuple()
    significant = len(str(int("".join(map(str, digits))))) if any(digits) else 1
    return float(dec), max(0, -exponent), significant


def _equal_at_digits(got: float, decimals: int, target: float) -> bool:
    """Whether ``got`` is ``target`` rounded to ``decimals`` decimals (or equal to 1e-6)."""
    if not (math.isfinite(got) and math.isfinite(target)):
        return False
    tolerance = max(0.5 * 10.0 ** (-decimals), 1e-6 * abs(target)) * (1 + 1e-9)
    return abs(got - target) <= tolerance


def _normalize_choice(value) -> str:
    """The course's notations of one option, made comparable: 'KL(p || q)', 'D_KL(p‖q)' -> 'kl(p||q)'."""
    text = re.sub(r"\s+", "", str(value)).lower().strip("'\"`$")
    text = text.replace("\\|", "||").replace("\\parallel", "||").replace("\\vert\\vert", "||")
    text = re.sub(r"\\vert|\\mid", "|", text)
    text = re.sub(r"[‖∥]|\|\|", "||", text)
    text = re.sub(r"^(d_?\{?kl\}?|kl|d)(?=[(\[])", "kl", text)
    return text.replace("[", "(").replace("]", ")")


def _cases(fn, rows):
    """Build ``(args, expected, note)`` cases with the library function ``fn``."""
    return [(args, fn(*args), note) for args, note in rows]


BANS_NOT_BITS = Mistake(
    "bans",
    "right, but in bans (log base 10); this exercise wants bits (use np.log2)",
    predict=lambda f, args, right: _float_array(right) * math.log10(2.0),
)
OVERFLOW = Mistake(
    "overflow",
    "overflow: exp of a huge logit is inf in floating point, which gives nan/−inf; subtract the "
    "largest logit before exponentiating (the log-sum-exp trick)",
    detect=lambda got, right, args: (
        np.all(np.isfinite(_float_array(right))) and not np.all(np.isfinite(_float_array(got)))
    ),
)


def _number(value):
    """A number exercise's mistake value: ``lambda: value``."""
    return lambda: float(value)


_EYE = [1.0, 0.0, 0.0, 0.0]
_UNIFORM = [0.25, 0.25, 0.25, 0.25]


def _ce_nats(p, q):
    return measures.cross_entropy(p, q, base=math.e)


def _kl_nats(p, q):
    return measures.kl_divergence(p, q, base=math.e)


def _one_hot_only(p, q):
    """What ``-np.log(q[np.argmax(p)])`` returns: the loss of a one-hot target at p's largest entry."""
    p, q = _float_array(p), _float_array(q)
    target = np.zeros_like(p)
    target[np.argmax(p)] = 1.0
    return _ce_nats(target, q)


_ONE_HOT_ONLY = _predicts(
    "one-hot only",
    "one-hot-only code: −ln q[argmax p] is the loss only when p is one-hot; for a general "
    "(soft) p every class counts — weight each −ln qᵢ by pᵢ and sum",
    _one_hot_only,
)
EXERCISES: dict[str, Exercise] = {
    # ---- 01 information content ---------------------------------------------
    "surprise": Exercise(
        key="surprise",
        title="surprise in bits",
        kind="function",
        reference=measures.surprise,
        inputs="number",
        cases=_cases(
            measures.surprise,
            [
                ((0.5,), "a fair coin flip carries 1 bit"),
                ((0.25,), "probability 1/4 is 2 bits"),
                ((1.0,), "a certain event carries 0 bits"),
                ((0.01,), "a rare event carries many bits"),
            ],
        ),
        mistakes=(
            NATS_NOT_BITS,
            BANS_NOT_BITS,
            SIGN,
            _predicts(
                "1/p", "that is 1/p; the surprise is its logarithm, log₂(1/p) = −log₂ p", lambda p: 1 / p
            ),
        ),
        hint_text="Surprise is −log₂ p. numpy has np.log2.",
        solution_text="def my_surprise(p):\n    return -np.log2(p)",
    ),
    "die_six": Exercise(
        key="die_six",
        title="surprise of rolling a six",
        kind="number",
        expected=float(measures.surprise(1 / 6)),
        mistakes=(
            NATS_NOT_BITS,
            BANS_NOT_BITS,
            SIGN,
            _predicts("probability", "that is the probability 1/6, not its surprise −log₂ p", _number(1 / 6)),
        ),
        hint_text="A fair die gives each face probability 1/6; surprise is −log₂ p.",
        solution_text="−log₂(1/6) = log₂ 6 ≈ 2.585 bits:  -np.log2(1/6)",
    ),
    "three_heads": Exercise(
        key="three_heads",
        title="surprise of three heads in a row",
        kind="number",
        expected=float(measures.surprise(0.5**3)),
        mistakes=(
            NATS_NOT_BITS,
            SIGN,
            _predicts(
                "probability", "that is the probability (1/2)³, not its surprise −log₂ p", _number(0.5**3)
            ),
            _predicts(
                "one flip",
                "that is the surprise of one flip; independent flips add their surprises",
                _number(measures.surprise(0.5)),
            ),
        ),
        hint_text="Independent events multiply their probabilities, so their surprises add.",
        solution_text="P = (1/2)³ = 1/8, so −log₂(1/8) = 3 bits: one bit per fair flip.",
    ),
    # ---- 02 entropy -----------------------------------------------------------
    "entropy": Exercise(
        key="entropy",
        title="entropy in bits",
        kind="function",
        reference=measures.entropy,
        cases=_cases(
            measures.entropy,
            [
                (([0.5, 0.5],), "a fair coin has 1 bit"),
                ((_UNIFORM,), "uniform over 4 outcomes has log₂ 4 = 2 bits"),
                ((_EYE,), "a certain outcome has 0 bits — and 0·log 0 counts as 0"),
                (([0.1, 0.1, 0.5, 0.1, 0.1, 0.1],), "the article's loaded die"),
                (([0.5, 0.25, 0.25, 0.0],), "an impossible outcome (pᵢ = 0) adds nothing"),
            ],
        ),
        mistakes=(NATS_NOT_BITS, BANS_NOT_BITS, SIGN, ZERO_LOG_ZERO),
        hint_text="H(p) = −Σ pᵢ log₂ pᵢ, skipping the pᵢ = 0 terms (0·log 0 = 0). "
        "Convert p with np.asarray first.",
        solution_text="def my_entropy(p):\n    p = np.asarray(p, dtype=float)\n    nz = p[p > 0]\n"
        "    return -np.sum(nz * np.log2(nz))",
    ),
    "max_entropy": Exercise(
        key="max_entropy",
        title="entropy of a uniform choice among 8",
        kind="number",
        expected=float(measures.entropy([1 / 8] * 8)),
        mistakes=(
            NATS_NOT_BITS,
            SIGN,
            _predicts(
                "outcomes",
                "that is the number of outcomes (the perplexity 2^H); the entropy is its log₂",
                _number(measures.distribution_perplexity([1 / 8] * 8)),
            ),
        ),
        hint_text="For n equally likely outcomes, H = log₂ n.",
        solution_text="log₂ 8 = 3 bits: three yes/no questions pick one of 8.",
    ),
    "zero_differential_entropy": Exercise(
        key="zero_differential_entropy",
        title="the σ where a Gaussian's differential entropy is 0",
        kind="number",
        expected=1 / math.sqrt(2 * math.pi * math.e),
        mistakes=(
            SIGN,
            Mistake(
                "variance",
                "that is σ², the variance; the question asks for σ, its square root",
                predict=lambda f, args, right: right**2,
            ),
            Mistake(
                "1/σ",
                "that is 1/σ = √(2πe); the question asks for σ",
                predict=lambda f, args, right: 1 / right,
            ),
        ),
        hint_text="Solve ½ ln(2πe σ²) = 0, i.e. 2πe σ² = 1.",
        solution_text=(
            f"σ = 1/√(2πe) ≈ {1 / math.sqrt(2 * math.pi * math.e):.4f}; check: "
            f"gaussian_entropy({1 / math.sqrt(2 * math.pi * math.e):.4f}) ≈ "
            f"{gaussian_entropy(1 / math.sqrt(2 * math.pi * math.e)):.1e}. "
            "Narrower Gaussians have negative differential entropy."
        ),
    ),
    # ---- 03 cross-entropy -------------------------------------------------------
    "cross_entropy": Exercise(
        key="cross_entropy",
        title="cross-entropy H(p, q) in nats",
        kind="function",
        reference=_ce_nats,
        cases=_cases(
            _ce_nats,
            [
                (([0, 0, 1], [0.05, 0.05, 0.90]), "the article's good prediction"),
                (([0, 0, 1], [0.7, 0.2, 0.1]), "the article's wrong prediction"),
                (([0.7, 0.2, 0.1], [0.5, 0.3, 0.2]), "a soft target (label smoothing): every pᵢ counts"),
                ((_UNIFORM, _UNIFORM), "H(p, p) = H(p) = ln 4"),
                (([0.5, 0.5, 0], [0.25, 0.25, 0.5]), "terms with pᵢ = 0 contribute nothing"),
                (([0.5, 0.5, 0], [0.5, 0.5, 0]), "pᵢ = qᵢ = 0: the term is 0·log 0 = 0"),
            ],
        ),
        mistakes=(SWAPPED, _ONE_HOT_ONLY, BITS_NOT_NATS, SIGN, ZERO_LOG_ZERO),
        hint_text="H(p, q) = −Σ pᵢ ln qᵢ over the i with pᵢ > 0 (np.log is ln).",
        solution_text="def my_cross_entropy(p, q):\n    p, q = np.asarray(p, float), np.asarray(q, float)\n"
        "    m = p > 0\n    return -np.sum(p[m] * np.log(q[m]))",
    ),
    "log_softmax": Exercise(
        key="log_softmax",
        title="a stable log-softmax",
        kind="function",
        reference=losses.log_softmax,
        inputs="array",
        cases=_cases(
            losses.log_softmax,
            [
                (([1.0, 2.0, 3.0],), "ordinary logits"),
                (([0.0, 0.0],), "equal logits give ln ½ each"),
                (([1000.0, 0.0, -1000.0],), "huge logits: exp(1000) overflows unless you subtract the max"),
            ],
        ),
        mistakes=(
            OVERFLOW,
            _predicts(
                "softmax",
                "those are the softmax probabilities; this exercise wants their log",
                losses.softmax,
            ),
            _predicts(
                "no log-sum-exp",
                "you subtracted the max but left out the log-sum-exp: "
                "log softmax(z) = z − m − ln Σⱼ exp(zⱼ − m)",
                lambda z: z - np.max(z),
            ),
            BITS_NOT_NATS,
            SIGN,
        ),
        hint_text="log softmax(z)ᵢ = zᵢ − m − ln Σⱼ exp(zⱼ − m) with m = max(z): "
        "subtracting the max keeps exp from overflowing.",
        solution_text="def my_log_softmax(z):\n    z = np.asarray(z, float)\n    m = z.max()\n"
        "    return z - m - np.log(np.sum(np.exp(z - m)))",
    ),
    "loss_quarter": Exercise(
        key="loss_quarter",
        title="the loss for ŷ(true) = 0.25",
        kind="number",
        expected=float(losses.binary_cross_entropy(1.0, 0.25)),
        mistakes=(
            BITS_NOT_NATS,
            SIGN,
            _predicts(
                "wrong class",
                "that is −ln(1 − 0.25), the loss of the other class; the loss "
                "uses the probability of the true class",
                _number(losses.binary_cross_entropy(1.0, 0.75)),
            ),
            _predicts("probability", "that is the probability itself; the loss is −ln of it", _number(0.25)),
        ),
        hint_text="With a one-hot target the cross-entropy is −ln ŷ(true class).",
        solution_text="−ln 0.25 = ln 4 ≈ 1.386 nats (= 2 bits).",
    ),
    # ---- 04 KL divergence --------------------------------------------------------
    "kl": Exercise(
        key="kl",
        title="KL divergence D(p‖q) in nats",
        kind="function",
        reference=_kl_nats,
        inputs="list",
        cases=_cases(
            _kl_nats,
            [
                ((_UNIFORM, [0.3, 0.2, 0.3, 0.2]), "the article's q1"),
                ((_UNIFORM, _UNIFORM), "D(p‖p) = 0"),
                (([0.5, 0.5, 0, 0], _UNIFORM), "terms with pᵢ = 0 contribute nothing"),
                (([0.3, 0.2, 0.3, 0.2], _UNIFORM), "the other direction (it differs!)"),
            ],
        ),
        mistakes=(
            SWAPPED,
            BITS_NOT_NATS,
            SIGN,
            ZERO_LOG_ZERO,
            _predicts(
                "cross-entropy",
                "that is the cross-entropy H(p, q); KL subtracts the entropy: "
                "D(p‖q) = H(p, q) − H(p) = Σ pᵢ ln(pᵢ/qᵢ)",
                _ce_nats,
            ),
        ),
        hint_text="D(p‖q) = Σ pᵢ ln(pᵢ/qᵢ) over the i with pᵢ > 0.",
        solution_text="def my_kl(p, q):\n    p, q = np.asarray(p, float), np.asarray(q, float)\n"
        "    m = p > 0\n    return np.sum(p[m] * np.log(p[m] / q[m]))",
    ),
    "kl_infinite": Exercise(
        key="kl_infinite",
        title="which KL is infinite",
        kind="choice",
        expected="KL(p||q)",
        options={
            "KL(p||q)": "",
            "KL(q||p)": "D_KL(q‖p) sums qᵢ log(qᵢ/pᵢ); where q puts weight (the first outcome) p is 0.5, "
            "not 0, so every term is finite. Look for an outcome p can produce but q calls "
            "impossible.",
        },
        hint_text="D_KL(p‖q) sums pᵢ log(pᵢ/qᵢ): what happens where qᵢ = 0 but pᵢ > 0? "
        "Answer with a string such as 'D_KL(p‖q)' or 'KL(q||p)'.",
        explanation="D_KL(p‖q) has the term 0.5·log(0.5/0) = ∞: the model calls impossible an outcome the "
        "data produce. D_KL(q‖p) = 1·log(1/0.5) = log 2 is finite.",
        solution_text="With p = [0.5, 0.5], q = [1, 0]: D_KL(p‖q) has the term 0.5·log(0.5/0) = ∞, "
        "while D_KL(q‖p) = 1·log(1/0.5) = log 2 is finite. The model q must never give "
        "probability 0 to something the data p can produce.",
    ),
    "vae_kl": Exercise(
        key="vae_kl",
        title="the VAE KL term",
        kind="function",
        reference=kl_gaussian,
        inputs="array",
        cases=_cases(
            kl_gaussian,
            [
                (([0.5, -0.3, 0.1], [-0.5, 0.2, -0.1]), "the article's example"),
                (([0.0, 0.0], [0.0, 0.0]), "q = N(0, I) equals the prior: KL = 0"),
                (([2.0], [0.0]), "only the mean moved: KL = μ²/2"),
            ],
        ),
        mistakes=(
            SIGN,
            _predicts(
                "no ½",
                "twice the answer: the ½ in front of the sum is missing",
                lambda mu, lv: 2 * kl_gaussian(mu, lv),
            ),
            _predicts(
                "mean",
                "you averaged over the latent dimensions; the KL sums over them",
                lambda mu, lv: kl_gaussian(mu, lv) / np.size(mu),
            ),
            BITS_NOT_NATS,
        ),
        hint_text="KL = −½ Σ (1 + log σ² − μ² − σ²) with σ² = exp(log_var).",
        solution_text="def my_vae_kl(mu, log_var):\n"
        "    mu, lv = np.asarray(mu, float), np.asarray(log_var, float)\n"
        "    return -0.5 * np.sum(1 + lv - mu**2 - np.exp(lv))",
    ),
    # ---- 05 mutual information ----------------------------------------------------
    "mutual_information": Exercise(
        key="mutual_information",
        title="mutual information from a joint table, in bits",
        kind="function",
        reference=measures.mutual_information,
        inputs="list",
        cases=_cases(
            measures.mutual_information,
            [
                (([[0.5, 0.0], [0.0, 0.5]],), "Y = X for a fair coin: 1 bit"),
                (([[0.25, 0.25], [0.25, 0.25]],), "independent: 0 bits"),
                (([[0.4, 0.1], [0.2, 0.3]],), "a general table"),
            ],
        ),
        mistakes=(
            NATS_NOT_BITS,
            SIGN,
            ZERO_LOG_ZERO,
            _predicts(
                "joint entropy",
                "that is the joint entropy H(X, Y); I = H(X) + H(Y) − H(X, Y)",
                measures.joint_entropy,
            ),
        ),
        hint_text="I = Σ p(x,y) log₂ [p(x,y) / (p(x) p(y))] over cells with p(x,y) > 0; "
        "p(x) = joint.sum(axis=1), p(y) = joint.sum(axis=0).",
        solution_text="def my_mi(joint):\n    j = np.asarray(joint, float)\n"
        "    px, py = j.sum(axis=1, keepdims=True), j.sum(axis=0, keepdims=True)\n"
        "    m = j > 0\n    return np.sum(j[m] * np.log2((j / (px * py))[m]))",
    ),
    "mi_copy": Exercise(
        key="mi_copy",
        title="I(X; X) for a fair die",
        kind="number",
        expected=float(measures.entropy([1 / 6] * 6)),
        mistakes=(
            _predicts(
                "zero",
                "I(X; X) is not 0: X depends on itself completely — knowing X removes "
                "all of its uncertainty H(X)",
                _number(0.0),
            ),
            NATS_NOT_BITS,
            _predicts(
                "outcomes",
                "that is the number of outcomes; I(X; X) is an entropy, in bits",
                _number(measures.distribution_perplexity([1 / 6] * 6)),
            ),
        ),
        hint_text="I(X; X) = H(X) − H(X | X), and knowing X leaves no uncertainty about X.",
        solution_text="I(X; X) = H(X) = log₂ 6 ≈ 2.585 bits.",
    ),
    "mi_from_labels": Exercise(
        key="mi_from_labels",
        title="plug-in MI of two label lists, in bits",
        kind="function",
        reference=estimators.mutual_information_from_samples,
        inputs="list",
        cases=_cases(
            estimators.mutual_information_from_samples,
            [
                (([0, 0, 1, 1], [0, 0, 1, 1]), "identical labels: H = 1 bit"),
                (([0, 0, 1, 1], [0, 1, 0, 1]), "independent labels: 0 bits"),
                (([0, 1, 2, 0, 1, 2], [0, 1, 1, 0, 1, 1]), "a coarser copy: I = H(Y)"),
            ],
        ),
        mistakes=(
            NATS_NOT_BITS,
            SIGN,
            _predicts(
                "H(X)",
                "that is H(X), the entropy of the first labels alone; I(X; Y) is what "
                "they share with the second",
                lambda x, y: estimators.entropy_from_samples(x),
            ),
        ),
        hint_text="Count pairs into a joint table, divide by n, then use the joint-table formula.",
        solution_text="def my_mi_labels(x, y):\n    xs, xi = np.unique(x, return_inverse=True)\n"
        "    ys, yi = np.unique(y, return_inverse=True)\n"
        "    joint = np.zeros((len(xs), len(ys)))\n    np.add.at(joint, (xi, yi), 1)\n"
        "    return my_mi(joint / len(x))",
    ),
    # ---- 06 perplexity ---------------------------------------------------------------
    "perplexity": Exercise(
        key="perplexity",
        title="perplexity from token probabilities",
        kind="function",
        reference=measures.perplexity,
        cases=_cases(
            measures.perplexity,
            [
                (([0.25, 0.25, 0.25],), "always 1/4: perplexity 4"),
                (([1.0, 1.0],), "a perfect model: perplexity 1"),
                (([0.5, 0.1, 0.9, 0.3],), "mixed probabilities: exp of the mean of −ln p"),
            ],
        ),
        mistakes=(
            Mistake(
                "sign",
                "a sign error: exp(mean(ln pₜ)) is 1/perplexity; use exp(−mean(ln pₜ))",
                predict=lambda f, args, right: 1 / _float_array(right),
            ),
            Mistake(
                "no exp",
                "that is the mean −ln pₜ, the cross-entropy in nats; perplexity is its exponential",
                predict=lambda f, args, right: np.log(right),
            ),
            Mistake(
                "sum",
                "you summed the −ln pₜ instead of averaging them: divide by the number of tokens",
                predict=lambda f, args, right: _float_array(right) ** np.size(args[0]),
            ),
            Mistake(
                "mixed bases",
                "mixed bases: the mean of −ln pₜ is in nats, so exponentiate with e (np.exp), not 2",
                predict=lambda f, args, right: measures.perplexity_from_nll(np.log(right), base=2),
            ),
            _predicts(
                "arithmetic mean",
                "that is the arithmetic mean of 1/pₜ; perplexity is the geometric mean, exp(mean(−ln pₜ))",
                lambda t: np.mean(1 / _float_array(t)),
            ),
        ),
        hint_text="PP = exp(mean(−ln pₜ)) — the geometric mean of 1/pₜ, not the arithmetic one.",
        solution_text="def my_perplexity(token_probs):\n    return np.exp(-np.mean(np.log(token_probs)))",
    ),
    "uniform_perplexity": Exercise(
        key="uniform_perplexity",
        title="perplexity of a uniform model over 50 tokens",
        kind="number",
        expected=float(measures.distribution_perplexity([1 / 50] * 50)),
        mistakes=(
            _predicts(
                "entropy in bits",
                "that is the entropy log₂ 50 in bits; perplexity is 2 to that power",
                _number(measures.entropy([1 / 50] * 50)),
            ),
            _predicts(
                "entropy in nats",
                "that is the entropy ln 50 in nats; perplexity is e to that power",
                _number(measures.entropy([1 / 50] * 50, base=math.e)),
            ),
            _predicts(
                "probability", "1/50 is each token's probability; perplexity is its inverse", _number(1 / 50)
            ),
        ),
        hint_text="Each token gets probability 1/50.",
        solution_text="exp(−ln(1/50)) = 50: as confused as choosing among 50 options.",
    ),
    "bpc_to_perplexity": Exercise(
        key="bpc_to_perplexity",
        title="perplexity per character at 1.3 bits per character",
        kind="number",
        expected=float(measures.perplexity_from_nll(1.3, base=2)),
        mistakes=(
            _predicts(
                "base e",
                "e ** 1.3 uses the wrong base: 1.3 is in bits, so the perplexity is 2 ** 1.3",
                _number(measures.perplexity_from_nll(1.3)),
            ),
            Mistake(
                "sign", "a sign error: 2 ** −1.3 is 1/perplexity", predict=lambda f, args, right: 1 / right
            ),
            _predicts(
                "loss", "1.3 is the loss in bits per character; perplexity is 2 to that power", _number(1.3)
            ),
        ),
        hint_text="Perplexity is base ** (mean loss in that base's unit): here 2 ** bits.",
        solution_text="2 ** 1.3 ≈ 2.46: perplexity_from_nll(1.3, base=2).",
    ),
}


# -- beyond recall: predictions, concepts, the batch convention, the ML sections ------------------------
def _plogp_rows(a, axis=-1):
    """−Σ a log₂ a along ``axis`` for any non-negative array (rows need not sum to 1)."""
    a = _float_array(a)
    return -np.sum(np.where(a > 0, a * np.log2(np.where(a > 0, a, 1.0)), 0.0), axis=axis)


def _total_surprise(events):
    return np.sum(measures.surprise(events), axis=-1)


def _row_conditional_entropies(joint):
    joint = _float_array(joint)
    return measures.entropy(joint / joint.sum(axis=-1, keepdims=True))


def _ce_from_logits(logits, targets):
    """One loss per example, from logits and target probability rows (one-hot or soft)."""
    return losses.cross_entropy_loss(logits, _float_array(targets), reduction="none")


_LOADED = [0.1, 0.1, 0.5, 0.1, 0.1, 0.1]
_A, _B = [0.3, 0.1, 0.6], [0.2, 0.2, 0.6]
_SOFT = [0.1, 0.1, 0.8]
_WINE_CLASSES = np.repeat([0, 1, 2], [59, 71, 48])  # the wine data set's class sizes
_WINE_RENAMED = (_WINE_CLASSES + 2) % 3  # class 0 -> cluster 2, 1 -> 0, 2 -> 1
_H_WINE = float(estimators.entropy_from_samples(_WINE_CLASSES))
_I_RENAMED = float(estimators.mutual_information_from_samples(_WINE_RENAMED, _WINE_CLASSES))
_NMI_RENAMED = _I_RENAMED / ((float(estimators.entropy_from_samples(_WINE_RENAMED)) + _H_WINE) / 2)
_BATCH_N = 256
_INFONCE_CAP = float(measures.entropy(np.full(_BATCH_N, 1 / _BATCH_N), base=math.e))  # ln N: uniform over N
_BPC, _CHARS_PER_WORD = 2.0, 5.5
_P_HAT = [0.5, 0.25, 0.125, 0.125]
_TRUE_CLASS_ONLY = float(_ce_nats([0, 0, 1], _A))

EXERCISES.update(
    {
        # ---- 01 ------------------------------------------------------------------------------------------------
        "half_as_likely": Exercise(
            key="half_as_likely",
            title="half as likely: how much more surprising?",
            kind="choice",
            expected="1 bit more",
            options={
                "1 bit more": "",
                "twice as many bits": (
                    "that is what 1/p would do. The surprise is a logarithm: p = 0.25 has "
                    f"{measures.surprise(0.25):g} bits and p = 0.125 has {measures.surprise(0.125):g}, not "
                    f"{2 * measures.surprise(0.25):g}. Halving p doubles 1/p, and log₂ turns that factor 2 into "
                    "+1 bit."
                ),
                "the same": (
                    "the surprise depends only on the probability, and a rarer event is more surprising: −log₂ "
                    f"0.25 = {measures.surprise(0.25):g} bits but −log₂ 0.125 = {measures.surprise(0.125):g}."
                ),
            },
            explanation=(
                "−log₂(p/2) = −log₂ p + log₂ 2 = −log₂ p + 1: halving a probability adds exactly one "
                "bit, whatever p is (0.5 → 0.25 is 1 → 2 bits, 0.01 → 0.005 is "
                f"{measures.surprise(0.01):.2f} → {measures.surprise(0.005):.2f} bits). Being half as "
                "likely is one extra fair coin flip to guess."
            ),
            hint_text="Write p/2 = p · ½ and use I(pq) = I(p) + I(q). Answer with one of the strings '1 bit "
            "more', 'twice as many bits', 'the same'.",
            solution_text="'1 bit more': I(p/2) = I(p) + I(½) = I(p) + 1 bit.",
        ),
        "total_surprise_rows": Exercise(
            key="total_surprise_rows",
            title="total surprise of each row of independent events",
            kind="function",
            reference=_total_surprise,
            inputs="array",
            cases=_cases(
                _total_surprise,
                [
                    (
                        ([[0.5, 0.5, 0.5], [0.5, 1 / 6, 1.0]],),
                        "two rows of three events: 3 and 1 + 2.585 + 0 bits",
                    ),
                    (([[0.25, 0.5], [0.1, 0.1], [1.0, 1.0]],), "three rows of two events"),
                    (
                        ([[[0.5, 0.5], [0.25, 0.25]], [[1.0, 0.5], [0.5, 0.125]]],),
                        "a 2 × 2 batch of rows: every leading axis is a batch, the events lie on the last",
                    ),
                    (([0.5, 0.25, 0.125],), "a single row (1-D): one number"),
                ],
            ),
            mistakes=(
                NO_BATCH,
                WRONG_AXIS,
                NATS_NOT_BITS,
                SIGN,
                _predicts(
                    "probability",
                    "that is the probability of each whole row (the product); the "
                    "surprise is −log₂ of it — or, simpler, the sum of the surprises",
                    lambda events: np.prod(events, axis=-1),
                ),
            ),
            hint_text="Independent surprises add: take −log₂ of every entry, then sum along the last axis "
            "(axis=-1), so a 2-D array gives one number per row.",
            solution_text="def my_total_surprise(events):\n    return np.sum(-np.log2(events), axis=-1)\n"
            "# or: it.surprise(events).sum(axis=-1)",
        ),
        # ---- 02 ------------------------------------------------------------------------------------------------
        "coin_or_die": Exercise(
            key="coin_or_die",
            title="a fair coin or the loaded die: which is more uncertain?",
            kind="choice",
            expected="die",
            options={
                "die": "",
                "coin": (
                    "the fair coin is the most uncertain coin, but the bound H ≤ log₂ n grows with the number "
                    "of outcomes: the coin has at most log₂ 2 = 1 bit, the die up to log₂ 6 = "
                    f"{measures.entropy([1 / 6] * 6):.3f}, and even loaded it keeps "
                    f"{measures.entropy(_LOADED):.3f}."
                ),
                "equal": (
                    f"they differ: the coin has {measures.entropy([0.5, 0.5]):g} bit, the loaded die "
                    f"{measures.entropy(_LOADED):.3f} bits."
                ),
            },
            explanation=(
                f"the loaded die has H = {measures.entropy(_LOADED):.3f} bits, the fair coin "
                f"{measures.entropy([0.5, 0.5]):g} bit. Uniform maximizes entropy only among "
                "distributions over the same outcomes; six outcomes, even with one at 50 %, leave more "
                "uncertainty than a fair choice between two."
            ),
            hint_text="Compare with the numbers of the article's example, or think of the bound H ≤ log₂ n. "
            "Answer 'coin', 'die' or 'equal'.",
            solution_text=(
                f"'die': H(loaded die) = {measures.entropy(_LOADED):.4f} bits > H(fair coin) = 1 bit."
            ),
        ),
        "entropy_rows": Exercise(
            key="entropy_rows",
            title="the entropy of each row, in bits",
            kind="function",
            reference=measures.entropy,
            inputs="array",
            cases=_cases(
                measures.entropy,
                [
                    (
                        ([[0.5, 0.5, 0.0, 0.0], _UNIFORM, _EYE],),
                        "three distributions over 4 outcomes, one per row",
                    ),
                    (([_LOADED, [1 / 6] * 6],), "the loaded and the fair die at once"),
                    (
                        ([[[0.5, 0.5], [0.9, 0.1]], [[1.0, 0.0], [0.2, 0.8]]],),
                        "a 2 × 2 batch of coins: every leading axis is a batch",
                    ),
                    (([0.5, 0.25, 0.25],), "a single distribution (1-D): one number"),
                ],
            ),
            mistakes=(NO_BATCH, WRONG_AXIS, ZERO_LOG_ZERO, NATS_NOT_BITS, SIGN),
            hint_text="Compute the terms −pᵢ log₂ pᵢ elementwise (0 where pᵢ = 0, e.g. with np.where), then sum "
            "along the last axis: .sum(axis=-1).",
            solution_text="def my_entropy_rows(P):\n    P = np.asarray(P, dtype=float)\n"
            "    terms = np.where(P > 0, -P * np.log2(np.where(P > 0, P, 1.0)), 0.0)\n"
            "    return terms.sum(axis=-1)\n# or: it.entropy(P) (the library's batch convention)",
        ),
        # ---- 03 ------------------------------------------------------------------------------------------------
        "true_class_only": Exercise(
            key="true_class_only",
            title="which prediction has the lower loss?",
            kind="choice",
            expected="equal",
            options={
                "equal": "",
                "A": (
                    "A gives the wrong classes 0.3 and 0.1, B 0.2 and 0.2 — but with a one-hot target those "
                    f"classes have weight 0. Both cost −ln 0.6 = {_TRUE_CLASS_ONLY:.4f} nats."
                ),
                "B": (
                    "B spreads the wrong-class probability evenly, which looks less wrong, but with a one-hot "
                    f"target only the true class counts: both cost −ln 0.6 = {_TRUE_CLASS_ONLY:.4f} nats."
                ),
            },
            explanation=(
                f"both cost −ln 0.6 = {_TRUE_CLASS_ONLY:.4f} nats: with a one-hot target every term but "
                "the true class's vanishes. With a soft target the split would matter: against "
                f"{_SOFT}, A costs {_ce_nats(_SOFT, _A):.4f} and B {_ce_nats(_SOFT, _B):.4f} nats."
            ),
            hint_text="Write out −Σ yₖ ln ŷₖ for y = [0, 0, 1]: which terms survive? Answer 'A', 'B' or 'equal'.",
            solution_text=(
                f"'equal': −ln 0.6 = {_TRUE_CLASS_ONLY:.4f} nats for both; only ŷ of the true class "
                "enters the loss."
            ),
        ),
        "ce_rows": Exercise(
            key="ce_rows",
            title="the cross-entropy of each row, in nats",
            kind="function",
            reference=_ce_nats,
            inputs="array",
            cases=_cases(
                _ce_nats,
                [
                    (
                        ([[0.7, 0.2, 0.1], [0, 1, 0]], [[0.5, 0.3, 0.2], [0.25, 0.5, 0.25]]),
                        "a soft target and a one-hot one",
                    ),
                    (
                        ([[0, 0, 1]] * 3, [[0.05, 0.05, 0.90], [0.2, 0.3, 0.5], [0.7, 0.2, 0.1]]),
                        "the article's three predictions at once",
                    ),
                    (
                        ([[0.5, 0.5, 0, 0], _EYE], [[0.25, 0.25, 0.5, 0], [0.7, 0.1, 0.1, 0.1]]),
                        "pᵢ = 0 terms count 0, even where qᵢ = 0 too",
                    ),
                    (
                        ([[[0, 1, 0]], [[0.5, 0.5, 0]]], [[[0.2, 0.7, 0.1]], [[0.4, 0.4, 0.2]]]),
                        "a batch of shape (2, 1): every leading axis is a batch",
                    ),
                    (([0, 0, 1], [0.05, 0.05, 0.90]), "a single pair (1-D): one number"),
                ],
            ),
            mistakes=(
                _predicts(
                    "batch mean",
                    "that is the mean loss over the batch (what a training loop "
                    "reports); this exercise wants one loss per row — do not average",
                    lambda p, q: np.mean(_ce_nats(p, q)),
                ),
                NO_BATCH,
                WRONG_AXIS,
                SWAPPED,
                BITS_NOT_NATS,
                SIGN,
                ZERO_LOG_ZERO,
            ),
            hint_text="Terms −pᵢ ln qᵢ (0 where pᵢ = 0), summed along the last axis; or one call of "
            "it.cross_entropy(P, Q, base=np.e), which takes batches.",
            solution_text="def my_ce_rows(P, Q):\n    P, Q = np.asarray(P, float), np.asarray(Q, float)\n"
            "    terms = np.where(P > 0, -P * np.log(np.where(P > 0, Q, 1.0)), 0.0)\n"
            "    return terms.sum(axis=-1)\n# or: it.cross_entropy(P, Q, base=np.e)",
        ),
        # ---- 04 ------------------------------------------------------------------------------------------------
        "reverse_kl_start": Exercise(
            key="reverse_kl_start",
            title="where reverse KL ends from the left",
            kind="choice",
            expected="left mode",
            options={
                "left mode": "",
                "right mode": (
                    "the right mode is the global minimum (the deeper basin: weight 0.6), but gradient descent "
                    "only follows the slope from where it starts, and the map shows a basin around each mode. "
                    "Started inside the left one, it stays there."
                ),
                "between the modes": (
                    "that is the forward-KL fit (moment matching, mean 0.3, σ ≈ 2.8). Reverse KL D_KL(q‖p) "
                    "punishes q for mass where p ≈ 0, and the valley between the modes is such a place, so q "
                    "shrinks into one mode."
                ),
            },
            explanation=(
                "reverse KL is mode-seeking and local: every mode has its own basin, and N(−3, 1) "
                "already sits in the left one, so q tightens around the left mode (about N(−3, 0.7²)) "
                "and never sees the right one, although the right basin is deeper. A VAE encoder or a "
                "variational posterior can lock onto one mode the same way."
            ),
            hint_text="Look at the map of D_KL(q‖p) over (μ, σ): how many basins does it have, and which one "
            "contains μ = −3, σ = 1? Answer 'left mode', 'right mode' or 'between the modes'.",
            solution_text="'left mode': gradient descent stays in the basin it starts in; the left mode's basin "
            "is a local minimum of D_KL(q‖p), the right mode's the global one.",
        ),
        "kl_rows": Exercise(
            key="kl_rows",
            title="D_KL of each row, in nats",
            kind="function",
            reference=_kl_nats,
            inputs="array",
            cases=_cases(
                _kl_nats,
                [
                    (
                        ([_UNIFORM, _UNIFORM], [[0.3, 0.2, 0.3, 0.2], [0.9, 0.03, 0.04, 0.03]]),
                        "the article's q1 and q2 at once",
                    ),
                    (
                        (
                            [[0.5, 0.5, 0], [0.2, 0.3, 0.5], [0.3, 0.3, 0.4]],
                            [[0.25, 0.25, 0.5], [0.2, 0.3, 0.5], [0.5, 0.25, 0.25]],
                        ),
                        "a pᵢ = 0 term, and D_KL(p‖p) = 0",
                    ),
                    (
                        ([[[0.5, 0.5]], [[0.9, 0.1]]], [[[0.9, 0.1]], [[0.5, 0.5]]]),
                        "a batch of shape (2, 1): every leading axis is a batch",
                    ),
                    (([0.5, 0.5], [0.9, 0.1]), "a single pair (1-D): one number"),
                ],
            ),
            mistakes=(
                NO_BATCH,
                WRONG_AXIS,
                SWAPPED,
                BITS_NOT_NATS,
                SIGN,
                ZERO_LOG_ZERO,
                _predicts(
                    "cross-entropy",
                    "that is the cross-entropy H(p, q) of each row; KL subtracts "
                    "the entropy: D(p‖q) = Σ pᵢ ln(pᵢ/qᵢ)",
                    _ce_nats,
                ),
            ),
            hint_text="Terms pᵢ ln(pᵢ/qᵢ) (0 where pᵢ = 0), summed along the last axis; or it.kl_divergence(P, "
            "Q, base=np.e).",
            solution_text="def my_kl_rows(P, Q):\n    P, Q = np.asarray(P, float), np.asarray(Q, float)\n"
            "    safe_p = np.where(P > 0, P, 1.0)\n"
            "    terms = np.where(P > 0, P * np.log(safe_p / np.where(P > 0, Q, 1.0)), 0.0)\n"
            "    return terms.sum(axis=-1)\n# or: it.kl_divergence(P, Q, base=np.e)",
        ),
        # ---- 05 ------------------------------------------------------------------------------------------------
        "nmi_renamed": Exercise(
            key="nmi_renamed",
            title="the NMI of a perfect clustering under other names",
            kind="number",
            expected=_NMI_RENAMED,
            mistakes=(
                _predicts(
                    "accuracy",
                    "0 is its accuracy (no wine sits in the cluster with its class's "
                    "number), but NMI does not care about names: each cluster holds exactly one "
                    "class, so the cluster tells the class completely",
                    _number(0.0),
                ),
                _predicts(
                    "not normalized",
                    "that is I(C; Y) = H(Y) in bits, before normalizing: divide by the mean of H(C) and H(Y)",
                    _number(_I_RENAMED),
                ),
            ),
            explanation=(
                f"I(C; Y) = H(C) = H(Y) = {_H_WINE:.3f} bits, so NMI = {_H_WINE:.3f} / {_H_WINE:.3f} = "
                "1: a perfect clustering with other names. Renaming clusters changes accuracy, never "
                "MI."
            ),
            hint_text="Knowing the cluster, how much uncertainty about the class is left? Then I(C; Y) = H(Y) − "
            "H(Y|C).",
            solution_text=(
                f"1: H(Y|C) = 0, so I(C; Y) = H(Y) = H(C) = {_H_WINE:.3f} bits and the ratio is 1. "
                "Check: it.mutual_information_from_samples((labels + 2) % 3, labels)."
            ),
        ),
        "infonce_cap": Exercise(
            key="infonce_cap",
            title=f"the most MI InfoNCE can certify with N = {_BATCH_N}",
            kind="number",
            expected=_INFONCE_CAP,
            mistakes=(
                BITS_NOT_NATS,
                _predicts("N", "that is the batch size N; the bound is log N − L ≤ log N", _number(_BATCH_N)),
                _predicts(
                    "1/N",
                    "that is the chance of guessing the right partner; the cap is log N",
                    _number(1 / _BATCH_N),
                ),
            ),
            explanation=(
                f"the loss is a cross-entropy, so L ≥ 0 and log N − L ≤ ln {_BATCH_N} = "
                f"{_INFONCE_CAP:.3f} nats ({_INFONCE_CAP / _LN2:g} bits), however good the critic: "
                "picking 1 of N partners can reveal at most log N. To certify 10 nats you would need N "
                "≥ e¹⁰ ≈ 22,000."
            ),
            hint_text="The loss is ≥ 0. What does that make of log N − L? (nats: use ln.)",
            solution_text=f"ln {_BATCH_N} ≈ {_INFONCE_CAP:.3f} nats (= 8 bits): np.log({_BATCH_N}).",
        ),
        "conditional_rows": Exercise(
            key="conditional_rows",
            title="H(Y | X = x) for each row of a joint table, in bits",
            kind="function",
            reference=_row_conditional_entropies,
            inputs="array",
            cases=_cases(
                _row_conditional_entropies,
                [
                    (([[0.25, 0.25, 0.0], [0.1, 0.1, 0.3]],), "two x, three y, an impossible y (0·log 0)"),
                    (([[0.45, 0.05], [0.15, 0.35]],), "weather and umbrella: one value per weather"),
                    (
                        ([[[0.5, 0.0], [0.0, 0.5]], [[0.25, 0.25], [0.25, 0.25]]],),
                        "a batch of two tables: every leading axis is a batch",
                    ),
                ],
            ),
            mistakes=(
                _predicts(
                    "H(Y|X)",
                    "that is H(Y | X), the average of the row entropies weighted by "
                    "p(x); this exercise wants one value per row",
                    measures.conditional_entropy,
                ),
                NO_BATCH,
                _predicts(
                    "joint rows",
                    "you took the entropy of the joint's rows p(x, y) as they are; "
                    "divide each row by its sum p(x) first, to get the distribution p(y | x)",
                    _plogp_rows,
                ),
                _predicts(
                    "columns",
                    "those are H(X | Y = y), one per column: you divided by the column "
                    "sums; p(y | x) divides each row by its own sum (axis=-1, keepdims=True)",
                    lambda j: measures.entropy(
                        np.swapaxes(_float_array(j) / _float_array(j).sum(axis=-2, keepdims=True), -1, -2)
                    ),
                ),
                WRONG_AXIS,
                NATS_NOT_BITS,
                ZERO_LOG_ZERO,
            ),
            hint_text="p(y | x) = joint / joint.sum(axis=-1, keepdims=True); then the entropy of each row, "
            "summing along axis=-1 (it.entropy does that).",
            solution_text="def my_h_given_x(joint):\n    joint = np.asarray(joint, dtype=float)\n"
            "    cond = joint / joint.sum(axis=-1, keepdims=True)  # p(y | x), one row per x\n"
            "    terms = np.where(cond > 0, -cond * np.log2(np.where(cond > 0, cond, 1.0)), 0.0)\n"
            "    return terms.sum(axis=-1)\n# or: it.entropy(cond)",
        ),
        # ---- 06 ------------------------------------------------------------------------------------------------
        "ngram_order": Exercise(
            key="ngram_order",
            title="held-out perplexity as n grows",
            kind="choice",
            expected="falls then rises",
            options={
                "falls then rises": "",
                "keeps falling": (
                    "that is the training perplexity: each extra character of context lets the model memorize "
                    "its training text better. Held out, long contexts are mostly unseen or seen once, and with "
                    "almost no smoothing those predictions are poor."
                ),
                "keeps rising": (
                    "the first characters of context help a lot: a bigram already knows which letters follow "
                    "which. Only long contexts, too rare in 100,000 characters, hurt."
                ),
                "stays flat": (
                    "context matters: from letter frequencies alone to a few characters of context the held-out "
                    "perplexity drops severalfold, before it turns up again."
                ),
            },
            explanation=(
                "short contexts are seen often enough to be learned, so held-out perplexity falls at "
                "first; long ones are rare (most 4-character contexts occur three times or fewer), so a "
                "model that barely smooths memorizes the training text and fails on new text — it turns "
                "up. Overfitting, as for any model; back-off, smoothing and more data push the turn "
                "later."
            ),
            hint_text="Think of the training and held-out curves separately, and of how often a long context "
            "occurs in 100,000 characters. Answer 'keeps falling', 'falls then rises', 'keeps rising' "
            "or 'stays flat'.",
            solution_text="'falls then rises': more context helps until the contexts get too rare to estimate; "
            "then the model overfits.",
        ),
        "perplexity_per_word": Exercise(
            key="perplexity_per_word",
            title="perplexity per word from bits per character",
            kind="number",
            expected=float(measures.perplexity_from_nll(_BPC * _CHARS_PER_WORD, base=2)),
            mistakes=(
                _predicts(
                    "per character",
                    "that is the perplexity per character, 2²; a word costs the bits of "
                    "all its 5.5 characters",
                    _number(measures.perplexity_from_nll(_BPC, base=2)),
                ),
                _predicts(
                    "multiplied",
                    "you multiplied the per-character perplexity by 5.5; bits add over "
                    "characters, so perplexities multiply: 4 ** 5.5",
                    _number(_CHARS_PER_WORD * measures.perplexity_from_nll(_BPC, base=2)),
                ),
                _predicts(
                    "bits per word",
                    "that is the loss in bits per word; perplexity is 2 to that power",
                    _number(_BPC * _CHARS_PER_WORD),
                ),
                _predicts(
                    "base e",
                    "e ** 11 uses the wrong base: 11 is in bits, so the perplexity is 2 ** 11",
                    _number(measures.perplexity_from_nll(_BPC * _CHARS_PER_WORD)),
                ),
            ),
            explanation=(
                "bits add over the characters of a word: 5.5 × 2 = 11 bits per word, so the perplexity "
                f"per word is 2¹¹ = {measures.perplexity_from_nll(_BPC * _CHARS_PER_WORD, base=2):g} (= "
                "4^5.5). The same model scores 4 per character and 2048 per word: compare perplexities "
                "only over the same tokens."
            ),
            hint_text="First the bits per word (bits add), then perplexity = 2 ** (bits per token).",
            solution_text=(
                f"2 ** (2 × 5.5) = 2 ** 11 = {measures.perplexity_from_nll(_BPC * _CHARS_PER_WORD, base=2):g}"
            ),
        ),
        "perplexity_rows": Exercise(
            key="perplexity_rows",
            title="the perplexity of each row of token probabilities",
            kind="function",
            reference=measures.perplexity,
            inputs="array",
            cases=_cases(
                measures.perplexity,
                [
                    (
                        ([[0.25] * 4, [1.0] * 4, [0.5, 0.1, 0.9, 0.3]],),
                        "three texts of 4 tokens, one per row",
                    ),
                    (([[0.5, 0.5], [0.9, 0.1], [0.2, 0.2]],), "three texts of 2 tokens"),
                    (
                        ([[[0.5, 0.5, 0.5], [0.1, 0.2, 0.4]], [[1.0, 0.5, 0.25], [0.9, 0.9, 0.9]]],),
                        "a 2 × 2 batch of texts: every leading axis is a batch",
                    ),
                    (([0.5, 0.25],), "a single text (1-D): one number"),
                ],
            ),
            mistakes=(
                NO_BATCH,
                WRONG_AXIS,
                Mistake(
                    "sign",
                    "a sign error: exp(mean(ln pₜ)) is 1/perplexity; use exp(−mean(ln pₜ))",
                    predict=lambda f, args, right: 1 / _float_array(right),
                ),
                Mistake(
                    "no exp",
                    "that is the mean −ln pₜ of each row, the cross-entropy in nats; perplexity is "
                    "its exponential",
                    predict=lambda f, args, right: np.log(right),
                ),
                Mistake(
                    "sum",
                    "you summed the −ln pₜ of each row instead of averaging them: divide by the "
                    "number of tokens (the length of the last axis)",
                    predict=lambda f, args, right: _float_array(right) ** np.shape(args[0])[-1],
                ),
                _predicts(
                    "arithmetic mean",
                    "that is the arithmetic mean of 1/pₜ; perplexity is the geometric "
                    "mean, exp(mean(−ln pₜ))",
                    lambda t: np.mean(1 / _float_array(t), axis=-1),
                ),
            ),
            hint_text="np.mean(..., axis=-1) averages each row; then exp(−mean ln p) per row.",
            solution_text="def my_perplexity_rows(token_probs):\n"
            "    return np.exp(-np.mean(np.log(token_probs), axis=-1))\n"
            "# or: it.perplexity(token_probs)",
        ),
        # ---- 07 ------------------------------------------------------------------------------------------------
        "ce_floor": Exercise(
            key="ce_floor",
            title="the lowest training loss of a model without inputs",
            kind="number",
            expected=float(measures.entropy(_P_HAT, base=math.e)),
            mistakes=(
                BITS_NOT_NATS,
                _predicts(
                    "zero",
                    "a loss of 0 would need probability 1 for every label, but a model without "
                    "inputs gives every example the same q, and the labels differ: the loss cannot go "
                    "below H(p̂)",
                    _number(0.0),
                ),
                _predicts(
                    "uniform start",
                    "that is ln 4, the loss of the uniform q = [¼, ¼, ¼, ¼]; training "
                    "lowers it to its floor at q = p̂",
                    _number(measures.entropy(_UNIFORM, base=math.e)),
                ),
            ),
            explanation=(
                "CE = H(p̂) + D_KL(p̂‖q): the KL part reaches 0 at q = p̂, and what is left, H(p̂) = "
                f"{measures.entropy(_P_HAT):g} bits = {measures.entropy(_P_HAT, base=math.e):.4f} nats, "
                "depends on the data only — no training can remove it."
            ),
            hint_text="Split the cross-entropy: H(p̂, q) = H(p̂) + D_KL(p̂‖q). Which part can training make 0? "
            "(nats: use ln.)",
            solution_text=(
                f"H(p̂) = 1.75 bits = {measures.entropy(_P_HAT, base=math.e):.4f} nats: "
                "it.entropy([0.5, 0.25, 0.125, 0.125], base=np.e)."
            ),
        ),
        "ce_from_logits": Exercise(
            key="ce_from_logits",
            title="the loss of each example from logits, in nats",
            kind="function",
            reference=_ce_from_logits,
            inputs="array",
            cases=_cases(
                _ce_from_logits,
                [
                    (
                        ([[0.5, 1.0, 3.0], [0.0, 0.0, 0.0]], [[0, 0, 1], [0.2, 0.3, 0.5]]),
                        "two examples: a good prediction, and a uniform one with a soft target",
                    ),
                    (
                        (
                            [[3.0, 1.0, 0.5], [0.5, 1.0, 3.0], [1.0, 1.0, 1.0]],
                            [[0, 0, 1], [1, 0, 0], [0, 1, 0]],
                        ),
                        "three examples, all three classes",
                    ),
                    (
                        ([[1000.0, 0.0, -1000.0], [2.0, 1.0, 0.0]], [[0, 1, 0], [0.5, 0.5, 0]]),
                        "huge logits: subtract each row's largest logit",
                    ),
                    (
                        ([[[1.0, 2.0]], [[0.0, 5.0]]], [[[1, 0]], [[0, 1]]]),
                        "a batch of shape (2, 1): every leading axis is a batch",
                    ),
                    (([1.0, 2.0, 3.0], [0, 0, 1]), "a single example (1-D): one number"),
                ],
            ),
            mistakes=(
                _predicts(
                    "batch mean",
                    "that is the mean loss over the batch (reduction='mean'); this exercise "
                    "wants one loss per example — do not average",
                    lambda z, t: np.mean(_ce_from_logits(z, t)),
                ),
                NO_BATCH,
                WRONG_AXIS,
                OVERFLOW,
                _predicts(
                    "softmax over the batch",
                    "log-softmax over the wrong axis: you normalized each "
                    "column, across the examples; the classes lie on the last axis — subtract each row's "
                    "log-sum-exp (axis=-1, keepdims=True)",
                    lambda z, t: -np.sum(_float_array(t) * losses.log_softmax(z, axis=0), axis=-1),
                ),
                BITS_NOT_NATS,
                SIGN,
            ),
            hint_text="Per row: log q = z − m − ln Σⱼ exp(zⱼ − m) with m the row's max (keepdims=True keeps the "
            "shapes aligned), then −Σ t · log q along the last axis.",
            solution_text="def my_losses(logits, targets):\n    z = np.asarray(logits, dtype=float)\n"
            "    m = z.max(axis=-1, keepdims=True)\n"
            "    log_q = z - m - np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))\n"
            "    return -np.sum(targets * log_q, axis=-1)\n"
            "# or: it.cross_entropy_loss(logits, targets, reduction='none')",
        ),
    }
)


# ---- 08 soft targets: knowledge distillation and label smoothing ---------------------------------------------
def _soft_targets(logits, temperature):
    """The teacher's soft targets softmax(z / T), one row per example (classes on the last axis)."""
    return losses.softmax(_float_array(logits), temperature=float(temperature))


def _smoothed_row(n_classes, epsilon):
    """(1 − ε) one-hot (class 0) + ε/K: the smoothed target of label smoothing."""
    row = np.full(n_classes, epsilon / n_classes)
    row[0] += 1.0 - epsilon
    return row


_K, _EPS = 1000, 0.1  # ImageNet, as in the paper that introduced label smoothing (Szegedy et al., 2016)
_LS_FLOOR = float(measures.entropy(_smoothed_row(_K, _EPS), base=math.e))
_LS_OTHER_CONVENTION = float(  # (1 − ε) on the true class, ε/(K − 1) on each other one
    measures.entropy(np.r_[1.0 - _EPS, np.full(_K - 1, _EPS / (_K - 1))], base=math.e)
)
_LS_WRONG_TERMS_ONLY = float(-(_K - 1) * (_EPS / _K) * math.log(_EPS / _K))
_LS_TEN_CLASSES = float(measures.entropy(_smoothed_row(10, _EPS), base=math.e))

EXERCISES.update(
    {
        "soft_targets": Exercise(
            key="soft_targets",
            title="a teacher's soft targets softmax(z / T), row by row",
            kind="function",
            reference=_soft_targets,
            inputs="array",
            rtol=1e-6,
            atol=1e-9,
            cases=_cases(
                _soft_targets,
                [
                    (
                        ([[2.0, 1.0, 0.0, -1.0], [0.0, 0.0, 0.0, 0.0], [5.0, 1.0, 1.0, 0.0]], 4.0),
                        "three examples of 4 classes at T = 4, one row each",
                    ),
                    (([[2.0, 1.0, 0.0], [0.0, 3.0, 1.0]], 1.0), "T = 1 is the ordinary softmax"),
                    (
                        ([[2000.0, 0.0, -2000.0], [0.0, 1.0, 2.0]], 2.0),
                        "huge logits: exp(1000) overflows unless you subtract each row's largest logit",
                    ),
                    (([[3.0, 1.0, 0.0], [0.0, 5.0, 1.0]], 1e6), "a huge T: every row is almost uniform"),
                    (([[4.0, 0.0], [1.0, 1.5]], 0.25), "T < 1 sharpens the distribution"),
                    (
                        ([[[1.0, 2.0, 0.0], [3.0, 0.0, 0.0]], [[0.0, 0.0, 1.0], [10.0, -10.0, 0.0]]], 2.0),
                        "a 2 × 2 batch of examples: the classes lie on the last axis",
                    ),
                    (([2.0, 1.0, 0.1], 2.0), "a single example (1-D): one row"),
                ],
            ),
            mistakes=(
                OVERFLOW,
                _predicts(
                    "no temperature",
                    "that is the ordinary softmax(z): divide the logits by T before the softmax",
                    lambda z, t: losses.softmax(_float_array(z)),
                ),
                _predicts(
                    "times T",
                    "you multiplied the logits by T; the soft targets use z / T (a high T flattens)",
                    lambda z, t: losses.softmax(_float_array(z) * float(t)),
                ),
                _predicts(
                    "wrong axis",
                    "the wrong axis: each column sums to 1, so you normalized across the examples; the "
                    "classes lie on the last axis — use axis=-1 with keepdims=True",
                    lambda z, t: losses.softmax(_float_array(z), temperature=float(t), axis=0),
                ),
                Mistake(
                    "axis 1",
                    "the wrong axis: axis=1 is the last axis only of a 2-D array; for a batch with more "
                    "leading axes the classes still lie on the last one — use axis=-1",
                    predict=lambda f, args, right: (
                        losses.softmax(_float_array(args[0]), temperature=float(args[1]), axis=1)
                        if np.ndim(args[0]) > 2
                        else None
                    ),
                ),
                Mistake(
                    "whole batch",
                    "you normalized over the whole batch (everything sums to 1); each row is one "
                    "example's distribution — sum along axis=-1 with keepdims=True",
                    predict=lambda f, args, right: (
                        np.exp(_float_array(args[0]) / float(args[1]))
                        / np.sum(np.exp(_float_array(args[0]) / float(args[1])))
                    ),
                ),
                _predicts(
                    "log",
                    "those are log-probabilities (log-softmax); the soft targets are probabilities: exp of them",
                    lambda z, t: losses.log_softmax(_float_array(z), temperature=float(t)),
                ),
            ),
            hint_text="Divide the logits by T, subtract each row's largest value "
            "(z.max(axis=-1, keepdims=True)), exponentiate, then divide by each row's sum (axis=-1, keepdims=True).",
            solution_text="def my_soft_targets(logits, T):\n    z = np.asarray(logits, dtype=float) / T\n"
            "    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
            "    return e / e.sum(axis=-1, keepdims=True)\n"
            "# or: it.softmax(logits, temperature=T)",
        ),
        "smoothing_floor": Exercise(
            key="smoothing_floor",
            title="the loss floor of label smoothing on ImageNet (K = 1000, ε = 0.1), in nats",
            kind="number",
            expected=_LS_FLOOR,
            mistakes=(
                _predicts(
                    "ε/(K − 1)",
                    "that is the floor for another convention, ε/(K − 1) on each wrong class and 1 − ε on "
                    "the true one; here (as in PyTorch) every class gets ε/K and the true class 1 − ε more",
                    _number(_LS_OTHER_CONVENTION),
                ),
                _predicts(
                    "wrong classes only",
                    "that is only the 999 wrong classes' terms; the true class, with probability 0.9001, "
                    "adds −0.9001 ln 0.9001",
                    _number(_LS_WRONG_TERMS_ONLY),
                ),
                _predicts(
                    "ten classes",
                    "that is the floor for the 10 classes of the digits; ImageNet has K = 1000 classes",
                    _number(_LS_TEN_CLASSES),
                ),
                BITS_NOT_NATS,
                _predicts(
                    "zero",
                    "0 is the floor of a one-hot target; a smoothed target has entropy, and the loss "
                    "cannot go below it",
                    _number(0.0),
                ),
                _predicts(
                    "uniform",
                    "ln 1000 is the entropy of the uniform target (ε = 1); with ε = 0.1 most of the "
                    "probability stays on the true class",
                    _number(measures.entropy(np.full(_K, 1 / _K), base=math.e)),
                ),
            ),
            explanation=(
                "the smoothed target gives the true class 1 − ε + ε/K = 0.9001 and each of the 999 others "
                "ε/K = 0.0001; the cross-entropy H(t, q) = H(t) + D_KL(t‖q) is lowest when the model "
                f"predicts q = t, where it equals H(t) = −0.9001 ln 0.9001 − 999 × 0.0001 ln 0.0001 = "
                f"{_LS_FLOOR:.4f} nats. An ImageNet model trained with ε = 0.1 never reports a training "
                "loss below about 1 nat, however right it is — and a more confident q raises the loss."
            ),
            hint_text="Write the smoothed target t (each of the K classes gets ε/K, the true class 1 − ε more), "
            "then its entropy −Σ tᵢ ln tᵢ in nats: one term for the true class, 999 equal terms for the others.",
            solution_text=(
                f"t = [0.9001, 0.0001 × 999]: H(t) = −0.9001 ln 0.9001 − 999 × 0.0001 ln 0.0001 ≈ "
                f"{_LS_FLOOR:.4f} nats; models.label_smoothing_floor(1000, 0.1)."
            ),
        ),
        "t_squared": Exercise(
            key="t_squared",
            title="raising T fourfold without the T² factor",
            kind="choice",
            expected="16 times weaker",
            options={
                "16 times weaker": "",
                "4 times weaker": (
                    "the chain rule through z / T gives one factor 1/T, but the difference q^T − p^T "
                    "itself shrinks like 1/T too (≈ (z − v)/(K T)): together 1/T², and 4² = 16."
                ),
                "unchanged": (
                    "the soft targets of teacher and student both flatten towards uniform as T grows, so "
                    "their KL — and its gradient — shrinks; that is why the T² is there."
                ),
                "16 times stronger": (
                    "a higher T flattens both distributions, so they differ less and the KL between them "
                    "shrinks; its gradient gets weaker, not stronger."
                ),
            },
            explanation=(
                "the soft term's gradient is (q^T − p^T)/T, and q^T − p^T ≈ (z − v)/(K T) once T is well "
                "above the spread of the logits: it scales like 1/T², so a fourfold T divides it by 4² = 16 "
                "(closer to the logits' spread the drop is smaller). The hard-label term then dominates, as "
                "if α were close to 1; multiplying the KL by T² keeps α meaning the same thing at every "
                "temperature."
            ),
            hint_text="Write the soft term's gradient with respect to the student's logits, (q^T − p^T)/T, and "
            "ask how q^T − p^T itself changes as T grows. Answer '16 times weaker', '4 times weaker', "
            "'unchanged' or '16 times stronger'.",
            solution_text="'16 times weaker': at high T the gradient of KL(p^T‖q^T) scales like 1/T², and 4² = 16.",
        ),
        "high_t_limit": Exercise(
            key="high_t_limit",
            title="the soft term T²·KL(p^T‖q^T) as T → ∞",
            kind="choice",
            expected="matching the logits",
            options={
                "matching the logits": "",
                "zero": (
                    "p^T and q^T both tend to uniform, so the KL alone tends to 0 — but the T² factor "
                    "makes up for it exactly: T²·KL tends to a finite limit that still depends on z − v."
                ),
                "the hard-label loss": (
                    "the soft term never sees the labels y; it compares the student with the teacher, "
                    "only through their logits."
                ),
                "infinite": (
                    "T² grows without bound, but the KL shrinks like 1/T², so the product stays finite."
                ),
            },
            explanation=(
                "p^T ≈ (1 + v̄/T)/K for large T (v̄: the logits minus their mean), so T²·KL(p^T‖q^T) → "
                "Σ_c (z̄_c − v̄_c)² / (2K): a squared error between the centred logits of student and "
                "teacher. Very high temperatures turn distillation into logit matching (Hinton et al., 2015): "
                "the dark knowledge is all in the logit differences."
            ),
            hint_text="Expand softmax(v/T) for large T to first order in 1/T, and remember the gradient of the "
            "soft term stays of the same size thanks to T². Answer 'matching the logits', 'zero', "
            "'the hard-label loss' or 'infinite'.",
            solution_text="'matching the logits': T²·KL(p^T‖q^T) → Σ_c (z̄_c − v̄_c)² / (2K), a squared error "
            "between the centred logits.",
        ),
    }
)


# ---- 09 calibration and proper scoring rules -----------------------------------------------------------------
class _BinsExercise(Exercise):
    """A function exercise called with arrays, whose integer arguments (a number of bins) stay ints.

    A Python int argument stays an int (so ``np.linspace(0, 1, n_bins + 1)``
    works), the arguments at the positions :attr:`bool_args` (0/1 in the
    cases, shown so in feedback) arrive as bool arrays (so
    ``confidences[correct]`` works), the others as float arrays.
    """

    bool_args = (1,)

    def _call(self, fn, args, form):
        def convert(i, a):
            if isinstance(a, int) and not isinstance(a, bool):
                return int(a)
            if i in self.bool_args:
                return np.asarray(a) != 0 if form != "list" else [bool(v) for v in a]
            return _as_array(a) if form != "list" else _to_lists(a)

        call_args = [convert(i, a) for i, a in enumerate(args)]
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")  # the learner's numpy warnings are not the point here
            return fn(*call_args)


def _ece(confidences, correct, n_bins):
    return calibration.ece_from_confidences(confidences, correct, n_bins=n_bins)


def _bin_gaps(confidences, correct, n_bins, keep=None):
    """(weights |B|/n, accuracy − confidence) of the non-empty bins, on the samples ``keep`` (all by default)."""
    conf, hit = _float_array(confidences), _float_array(correct)
    keep = np.ones(conf.shape, bool) if keep is None else keep
    diagram = calibration.reliability_from_confidences(conf[keep], hit[keep], n_bins=n_bins)
    nonempty = diagram.count > 0
    return diagram.count[nonempty], (diagram.accuracy - diagram.confidence)[nonempty]


def _ece_variant(kind):
    """What a learner making mistake ``kind`` computes (None where it gives the right answer)."""

    def predict(f, args, right):
        conf, correct, n_bins = args
        counts, gaps = _bin_gaps(conf, correct, n_bins)
        n = counts.sum()
        if kind == "unweighted":
            return np.mean(np.abs(gaps))
        if kind == "signed":  # = mean(correct) − mean(confidences): as if there were one bin
            return np.sum(counts / n * gaps)
        if kind == "signed_other":
            return -np.sum(counts / n * gaps)
        if kind == "max":
            return np.max(np.abs(gaps))
        edge = 1.0 if kind.startswith("ones") else 0.0
        keep = _float_array(conf) != edge
        if keep.all() or not keep.any():
            return None
        kept_counts, kept_gaps = _bin_gaps(conf, correct, n_bins, keep)
        total = n if kind.endswith("_all") else kept_counts.sum()
        return np.sum(kept_counts / total * np.abs(kept_gaps))

    return predict


_EDGE_MESSAGE = (
    "a confidence of exactly {0} was left out of every bin ({1}); {2} bin holds it, so that every "
    "prediction counts"
)
_CANCELLING_GAPS = (
    "that is accuracy − mean confidence over all predictions at once (up to its sign): without an "
    "absolute value in each bin, over- and under-confident bins cancel out; add (count / n) · "
    "|accuracy − mean confidence| bin by bin"
)
_ONE_LEFT_OUT = _EDGE_MESSAGE.format("1.0", "int(c * n_bins) is n_bins for c = 1", "the last")
_ZERO_LEFT_OUT = _EDGE_MESSAGE.format("0", "lo < c <= hi is never true for c = 0", "the first")
_NLL_PROBS = (0.9, 0.6, 0.05)  # the probability the model gave the true class of three test images
_NLL_MEAN = float(np.mean(measures.surprise(_NLL_PROBS, base=math.e)))
_BELIEF = 0.7

EXERCISES.update(
    {
        "ece": _BinsExercise(
            key="ece",
            title="the expected calibration error of binned confidences",
            kind="function",
            reference=_ece,
            inputs="array",
            cases=_cases(
                _ece,
                [
                    (
                        ([0.95, 0.91, 0.85, 0.62, 0.58, 0.33], [1, 1, 0, 1, 0, 0], 10),
                        "six predictions in 10 bins, most of the bins empty",
                    ),
                    (
                        ([0.91, 0.93, 0.97, 0.99], [1, 1, 1, 0], 10),
                        "every prediction in the same bin: ECE = |accuracy − mean confidence| = |0.75 − 0.95|",
                    ),
                    (
                        ([1.0, 1.0, 0.55, 0.45], [1, 0, 1, 0], 5),
                        "confidence exactly 1.0: it belongs to the last bin, (0.8, 1]",
                    ),
                    (
                        ([0.0, 0.0, 0.3, 0.8], [0, 1, 0, 1], 4),
                        "confidence exactly 0: it belongs to the first bin, [0, 0.25]",
                    ),
                    (
                        ([0.9, 0.6, 0.3], [1, 0, 1], 1),
                        "a single bin (n_bins = 1): one gap for all predictions",
                    ),
                    (
                        (
                            [0.99, 0.97, 0.96, 0.93, 0.88, 0.86, 0.74, 0.71, 0.66, 0.52, 0.47, 0.38],
                            [1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0],
                            5,
                        ),
                        "twelve predictions in 5 bins",
                    ),
                ],
            ),
            mistakes=(
                Mistake(
                    "empty bin",
                    "an empty bin gave nan (the mean of no predictions); skip the bins that hold no "
                    "prediction — they add nothing to the ECE",
                    detect=lambda got, right, args: bool(np.any(np.isnan(_float_array(got)))),
                ),
                Mistake(
                    "unweighted",
                    "you averaged the bins' gaps with equal weights; each gap is weighted by the fraction of "
                    "the predictions in its bin, |B_m| / n (a bin with 2 predictions counts less than one "
                    "with 200)",
                    predict=_ece_variant("unweighted"),
                ),
                Mistake("signed", _CANCELLING_GAPS, predict=_ece_variant("signed")),
                Mistake("signed (other sign)", _CANCELLING_GAPS, predict=_ece_variant("signed_other")),
                Mistake(
                    "maximum",
                    "that is the largest gap of any bin (the maximum calibration error, MCE); the ECE is "
                    "the weighted average of the gaps",
                    predict=_ece_variant("max"),
                ),
                Mistake(
                    "1.0 dropped",
                    _ONE_LEFT_OUT,
                    predict=_ece_variant("ones_all"),
                ),
                Mistake(
                    "1.0 dropped (renormalized)",
                    _ONE_LEFT_OUT,
                    predict=_ece_variant("ones_kept"),
                ),
                Mistake(
                    "0 dropped",
                    _ZERO_LEFT_OUT,
                    predict=_ece_variant("zeros_all"),
                ),
                Mistake(
                    "0 dropped (renormalized)",
                    _ZERO_LEFT_OUT,
                    predict=_ece_variant("zeros_kept"),
                ),
            ),
            hint_text="Bin edges: np.linspace(0, 1, n_bins + 1). Bin index of each confidence: "
            "np.clip(np.ceil(c * n_bins).astype(int) - 1, 0, n_bins - 1) puts 0 in the first bin and 1.0 in "
            "the last. Then for each non-empty bin add (count / n) · |mean(correct) − mean(confidence)|.",
            solution_text="def my_ece(confidences, correct, n_bins):\n"
            "    idx = np.clip(np.ceil(confidences * n_bins).astype(int) - 1, 0, n_bins - 1)\n"
            "    ece = 0.0\n"
            "    for b in range(n_bins):\n"
            "        in_bin = idx == b\n"
            "        if in_bin.any():\n"
            "            gap = abs(correct[in_bin].mean() - confidences[in_bin].mean())\n"
            "            ece += in_bin.mean() * gap\n"
            "    return ece\n"
            "# or: it.ece_from_confidences(confidences, correct, n_bins=n_bins)",
        ),
        "mean_nll": Exercise(
            key="mean_nll",
            title="the mean NLL of three predictions, in nats",
            kind="number",
            expected=_NLL_MEAN,
            mistakes=(
                BITS_NOT_NATS,
                _predicts(
                    "sum",
                    "that is the total over the three images; the NLL is their mean (divide by 3)",
                    _number(3 * _NLL_MEAN),
                ),
                _predicts(
                    "log of the mean",
                    "that is −ln of the mean probability; the NLL is the mean of the −ln p of each image "
                    "(the log comes first)",
                    _number(-math.log(np.mean(_NLL_PROBS))),
                ),
                _predicts(
                    "log10",
                    "right, but in log base 10; the NLL in nats uses the natural log (np.log)",
                    _number(_NLL_MEAN / math.log(10.0)),
                ),
                _predicts("sign", "a sign error: the NLL is −ln p, a positive number", _number(-_NLL_MEAN)),
                _predicts(
                    "error rate",
                    "that is the mean of 1 − p; the NLL takes the log: mean of −ln p",
                    _number(np.mean(1 - np.asarray(_NLL_PROBS))),
                ),
            ),
            explanation=(
                f"(−ln 0.9 − ln 0.6 − ln 0.05) / 3 = ({-math.log(0.9):.3f} + {-math.log(0.6):.3f} + "
                f"{-math.log(0.05):.3f}) / 3 = {_NLL_MEAN:.4f} nats. The one confident mistake (0.05 on the true "
                "class) makes up most of it: the log loss punishes confident errors hardest."
            ),
            hint_text="NLL = mean over the images of −ln(probability of the true class), in nats (np.log).",
            solution_text=f"{_NLL_MEAN:.4f}: np.mean(-np.log([0.9, 0.6, 0.05])).",
        ),
        "absolute_report": Exercise(
            key="absolute_report",
            title="the best report under the absolute score",
            kind="number",
            expected=float(calibration.best_report(_BELIEF, rule="absolute")),
            mistakes=(
                _predicts(
                    "honest",
                    "reporting your belief 0.7 minimises the log and the Brier score (they are proper), but "
                    "not this one: its expected value 0.7·(1 − r) + 0.3·r = 0.7 − 0.4·r keeps falling as r "
                    "grows",
                    _number(_BELIEF),
                ),
                _predicts(
                    "hedge",
                    "0.5 hedges, but the expected score 0.7 − 0.4·r is a straight line in r: it is lowest at "
                    "an end of [0, 1]",
                    _number(0.5),
                ),
                _predicts(
                    "wrong end",
                    "r = 0 gives the highest expected score, 0.7 − 0.4·0 = 0.7; the line 0.7 − 0.4·r falls as r "
                    "grows",
                    _number(0.0),
                ),
            ),
            explanation=(
                "E|Y − r| = 0.7·(1 − r) + 0.3·r = 0.7 − 0.4·r, a straight line that is lowest at r = 1 "
                f"(expected score {float(calibration.expected_score(_BELIEF, 1.0, rule='absolute')):.1f}, against "
                f"{float(calibration.expected_score(_BELIEF, _BELIEF, rule='absolute')):.2f} for the honest 0.7). "
                "The absolute score is improper: it pays to exaggerate, so a model trained on it learns "
                "over-confident 0/1 answers. The log and Brier scores are minimised by r = 0.7 exactly."
            ),
            hint_text="Write the expected score as a function of r: with probability 0.7 the outcome is 1 (score "
            "1 − r), with 0.3 it is 0 (score r). Where is that line lowest on [0, 1]?",
            solution_text="1: E|Y − r| = 0.7 − 0.4·r falls all the way to r = 1 "
            "(it.best_report(0.7, rule='absolute')).",
        ),
        "temperature_accuracy": Exercise(
            key="temperature_accuracy",
            title="what temperature scaling does to the accuracy",
            kind="choice",
            expected="unchanged",
            options={
                "unchanged": "",
                "higher": (
                    "T > 1 makes the probabilities less extreme, but the most probable class of each image stays "
                    "the most probable one — and the accuracy only looks at that class."
                ),
                "lower": (
                    "the confidences drop, but no prediction changes: z / T keeps the order of the logits "
                    "(T > 0), and the accuracy only looks at the argmax."
                ),
            },
            explanation=(
                "dividing every logit of an image by the same T > 0 keeps their order, and softmax is "
                "increasing, so argmax softmax(z / T) = argmax z: every prediction, hence the accuracy, is the "
                "same. Only the confidence changes — which is why temperature scaling can fix calibration "
                "without costing accuracy."
            ),
            hint_text="Which class is the most probable in softmax(z / T), for any T > 0? Answer 'unchanged', "
            "'higher' or 'lower'.",
            solution_text="'unchanged': z / T keeps the order of the logits, so every argmax stays.",
        ),
    }
)


# ---- 10 information gain and decision trees ---------------------------------------------------------------------


class _KeepDtypes(Exercise):
    """An exercise whose function gets numpy arrays of the arguments' own dtypes.

    A boolean mask stays boolean (so ``labels[mask]`` works) and string labels stay strings,
    where the generic ``inputs="array"`` would turn a mask into floats.
    """

    def _call(self, fn, args, form):
        call_args = [np.array(a) for a in args]  # fresh copies
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return fn(*call_args)


def _side_entropies(labels, mask):
    """(H(Y), n_L/n, H(Y_L), n_R/n, H(Y_R)) in bits; a side with no samples has entropy nan."""
    labels, mask = np.asarray(labels), np.asarray(mask, dtype=bool)
    out = [estimators.entropy_from_samples(labels)]
    for side in (mask, ~mask):
        out += [side.mean(), estimators.entropy_from_samples(labels[side]) if side.any() else math.nan]
    return out


def _split_gain_unweighted(labels, mask):
    h, _, h_l, _, h_r = _side_entropies(labels, mask)
    return h - (h_l + h_r) / 2


def _split_gain_unscaled(labels, mask):
    h, _, h_l, _, h_r = _side_entropies(labels, mask)
    return h - h_l - h_r


def _split_conditional(labels, mask):
    h, w_l, h_l, w_r, h_r = _side_entropies(labels, mask)
    return sum(w * e for w, e in ((w_l, h_l), (w_r, h_r)) if w > 0)


def _empty_side_nan(got, right, args) -> bool:
    mask = np.asarray(args[1], dtype=bool)
    return bool((mask.all() or not mask.any()) and not np.all(np.isfinite(_float_array(got))))


def _question_gains(answers, prior):
    """Expected information gain of each question (row of ``answers[..., n]``) under ``prior``, in bits."""
    a = np.asarray(answers)
    rows = a.reshape(-1, a.shape[-1])
    gains = np.atleast_1d(trees.expected_information_gain(prior, rows))
    return gains.reshape(a.shape[:-1]) if a.ndim > 1 else gains[0]


def _question_gains_counted(answers, prior):
    """The answer's entropy with every secret counted once: the prior ignored."""
    return _question_gains(answers, np.full(np.shape(answers)[-1], 1.0 / np.shape(answers)[-1]))


def _reduced_over_questions(got, right, args) -> bool:
    """The learner reduced along a batch axis of ``answers`` (the first argument)."""
    batch, got = np.asarray(args[0]), _float_array(got)
    if batch.ndim < 2 or got.shape == _float_array(right).shape:
        return False
    return any(got.shape == batch.shape[:k] + batch.shape[k + 1 :] for k in range(batch.ndim - 1))


# 'contains "free"?': yes on 4 of 10 e-mails (3 of them spam), no on 6 (1 spam)
_H_SPAM = float(measures.binary_entropy(0.4))
_H_YES, _H_NO = float(measures.binary_entropy(0.75)), float(measures.binary_entropy(1 / 6))
_SPAM_GAIN = float(trees.information_gain([1, 1, 1, 0, 1, 0, 0, 0, 0, 0], [True] * 4 + [False] * 6))
_SPAM_CONDITIONAL = 0.4 * _H_YES + 0.6 * _H_NO

EXERCISES.update(
    {
        "split_gain": _KeepDtypes(
            key="split_gain",
            title="the information gain of a split, in bits",
            kind="function",
            reference=trees.information_gain,
            inputs="array",
            cases=_cases(
                trees.information_gain,
                [
                    (
                        ([0, 0, 1, 1], [True, True, False, False]),
                        "a perfect split of two classes: H(Y) = 1 bit",
                    ),
                    (
                        (
                            ["cat", "dog", "cat", "bird", "dog", "bird"],
                            [True, True, True, False, False, False],
                        ),
                        "three classes with string labels",
                    ),
                    (([0, 1, 0, 1], [True, True, False, False]), "the same class mix on both sides: 0 bits"),
                    (
                        ([0, 1, 1, 1, 2, 2], [True, False, False, False, False, False]),
                        "a pure side of 1 sample, a mixed side of 5",
                    ),
                    (
                        ([0, 0, 1, 2, 2, 2, 1, 0], [True] * 8),
                        "every sample on the left: the right side is empty",
                    ),
                    (
                        ([2, 0, 1, 1, 0, 2, 2, 1, 0, 2, 1, 2], [True, False, False] * 4),
                        "twelve samples, three classes, sides of 4 and 8",
                    ),
                ],
            ),
            mistakes=(
                Mistake(
                    "empty side",
                    "an empty side: the entropy of no samples is nan (0/0); a side with no samples has "
                    "weight n_s/n = 0 — skip it (only sides with mask.any() count)",
                    detect=_empty_side_nan,
                ),
                NATS_NOT_BITS,
                SIGN,
                _predicts(
                    "unweighted",
                    "the two sides are averaged with equal weights; weight each side by its share of "
                    "the samples, n_s/n (a side with 1 sample counts less than a side with 100)",
                    _split_gain_unweighted,
                ),
                _predicts(
                    "no weights",
                    "the sides' entropies are subtracted without weights; multiply each by its share of "
                    "the samples, n_s/n",
                    _split_gain_unscaled,
                ),
                _predicts(
                    "conditional entropy",
                    "that is H(Y|S), the uncertainty left after the split; the gain is H(Y) minus it",
                    _split_conditional,
                ),
                _predicts(
                    "H(Y)",
                    "that is H(Y), the uncertainty before the split; subtract what is left on the two sides",
                    lambda labels, mask: estimators.entropy_from_samples(labels),
                ),
            ),
            hint_text="labels[mask] are the left side, labels[~mask] the right. IG = H(Y) − Σ (n_s/n) H(Y_s) "
            "over the sides that are not empty; H of a list of labels comes from np.unique(..., "
            "return_counts=True).",
            solution_text="def my_information_gain(labels, mask):\n"
            "    def H(y):\n        _, counts = np.unique(y, return_counts=True)\n"
            "        p = counts / counts.sum()\n        return -np.sum(p * np.log2(p))\n"
            "    gain = H(labels)\n    for side in (mask, ~mask):\n        if side.any():\n"
            "            gain -= side.mean() * H(labels[side])\n    return gain\n"
            "# or: it.information_gain(labels, mask)",
        ),
        "spam_split": Exercise(
            key="spam_split",
            title="the information gain of a spam filter's first question",
            kind="number",
            expected=_SPAM_GAIN,
            mistakes=(
                NATS_NOT_BITS,
                _predicts(
                    "unweighted",
                    "the two sides are averaged with equal weights; the 'yes' side holds 4 of the 10 "
                    "e-mails and the 'no' side 6: weight them 0.4 and 0.6",
                    _number(_H_SPAM - (_H_YES + _H_NO) / 2),
                ),
                _predicts(
                    "swapped weights",
                    "the weights are swapped: the 'yes' side (3 spam of 4) holds 4 of the 10 e-mails, "
                    "weight 0.4; the 'no' side 0.6",
                    _number(_H_SPAM - 0.6 * _H_YES - 0.4 * _H_NO),
                ),
                _predicts(
                    "conditional entropy",
                    "that is H(Y | answer), the uncertainty left after the question; the gain is H(Y) minus it",
                    _number(_SPAM_CONDITIONAL),
                ),
                _predicts(
                    "H(Y)",
                    "that is H(Y), the uncertainty before the question; subtract what is left on the two sides",
                    _number(_H_SPAM),
                ),
                _predicts(
                    "no weights",
                    "the sides' entropies are subtracted without weights (a gain is never negative); "
                    "weight each side by its share of the e-mails",
                    _number(_H_SPAM - _H_YES - _H_NO),
                ),
            ),
            explanation=(
                f"H(Y) = H_b(0.4) = {_H_SPAM:.4f} bits before the question; after it, the 'yes' side (4 "
                f"e-mails, 3 spam) has H_b(0.75) = {_H_YES:.4f} and the 'no' side (6, 1 spam) H_b(1/6) = "
                f"{_H_NO:.4f}, so IG = {_H_SPAM:.4f} − 0.4 · {_H_YES:.4f} − 0.6 · {_H_NO:.4f} = "
                f"{_SPAM_GAIN:.4f} bits: a quarter of the uncertainty about 'spam or not'."
            ),
            hint_text="H(Y) = H_b(4/10). Each side: its own spam fraction, weighted by its share of the 10 "
            "e-mails. (it.binary_entropy gives H_b in bits.)",
            solution_text=f"{_SPAM_GAIN:.4f} bits: it.binary_entropy(0.4) - 0.4 * it.binary_entropy(0.75) "
            "- 0.6 * it.binary_entropy(1/6).",
        ),
        "id_split": Exercise(
            key="id_split",
            title="the information gain of splitting on a customer ID",
            kind="choice",
            expected="H(Y)",
            options={
                "H(Y)": "",
                "0": (
                    "the split is useless for new customers, but the gain only measures how pure the "
                    "branches are: with one customer per branch, every branch is pure, so H(Y | ID) = 0 and "
                    "nothing of H(Y) is left."
                ),
                "1 bit": (
                    "1 bit is the most a yes/no question can tell, since I(S; Y) ≤ H(S); this split has "
                    "one branch per customer, H(S) = log₂ n, so the limit is H(Y)."
                ),
            },
            explanation=(
                "one customer per branch makes every branch pure: H(Y | ID) = 0, so IG = H(Y) − 0 = H(Y), "
                "the largest gain any split can have — for a question that tells nothing about the next "
                "customer. Information gain favours attributes with many values; C4.5 divides it by the "
                "split's own entropy H(S) (the gain ratio IG / H(S)), which is large for a split into many "
                "small branches."
            ),
            hint_text="How many customers are in each branch, and how uncertain is the label within a branch "
            "of one? Answer 'H(Y)', '0' or '1 bit'.",
            solution_text="'H(Y)': every branch is pure, H(Y | ID) = 0, so IG = H(Y), the maximum.",
        ),
        "question_gains": _KeepDtypes(
            key="question_gains",
            title="the expected information gain of each question, in bits",
            kind="function",
            reference=_question_gains,
            inputs="array",
            cases=_cases(
                _question_gains,
                [
                    (
                        ([["yes", "yes", "no", "no"], ["yes", "no", "no", "no"]], [0.25] * 4),
                        "two questions about 4 equally likely secrets: a 2/2 and a 1/3 split",
                    ),
                    (
                        (
                            [["no", "no", "yes", "yes"], ["yes", "no", "no", "no"], ["no", "no", "no", "no"]],
                            [0.5, 0.25, 0.125, 0.125],
                        ),
                        "a skewed prior: weight each secret by its probability; an answer known in advance",
                    ),
                    (
                        ([["green", "yellow", "grey", "green", "grey", "yellow"]], [1 / 6] * 6),
                        "three possible answers, as in Wordle",
                    ),
                    (
                        ([["yes", "no", "no"], ["yes", "yes", "no"]], [0.5, 0.5, 0.0]),
                        "a secret with probability 0 does not count",
                    ),
                    (
                        (
                            [
                                [["yes", "no", "no", "no"], ["yes", "yes", "no", "no"]],
                                [["a", "b", "c", "d"], ["a"] * 4],
                            ],
                            [0.25] * 4,
                        ),
                        "a 2 × 2 batch of questions: every leading axis is a batch",
                    ),
                    (
                        (["yes", "yes", "no", "no"], [0.4, 0.1, 0.25, 0.25]),
                        "a single question (1-D): one number",
                    ),
                ],
            ),
            mistakes=(
                Mistake(
                    "no batching",
                    "no batching: you returned one number for all the questions; return one expected gain "
                    "per question (per row of answers: shape answers.shape[:-1])",
                    detect=_one_value_for_a_batch,
                ),
                Mistake(
                    "wrong axis",
                    "the wrong axis: you reduced along a batch axis of answers; each question's answers "
                    "lie along the last axis (one per secret) — one value per question, e.g. a loop over "
                    "answers.reshape(-1, n_secrets)",
                    detect=_reduced_over_questions,
                ),
                NATS_NOT_BITS,
                SIGN,
                _predicts(
                    "counted",
                    "the answers are counted, not weighted: P(A = a) is the total prior probability of "
                    "the secrets that answer a, not their share of the list",
                    _question_gains_counted,
                ),
                _predicts(
                    "H(X)",
                    "that is H(X), the entropy of the prior: what you do not know yet. A question tells "
                    "H(A), the entropy of its answer",
                    lambda answers, prior: np.broadcast_to(
                        measures.entropy(prior), np.shape(answers)[:-1]
                    ).copy(),
                ),
            ),
            hint_text="For one question: P(A = a) = sum of prior[answers == a] over the distinct answers a, then "
            "H(A) = −Σ P log₂ P (skip P = 0). Do it for every row of answers.reshape(-1, n) and reshape the "
            "result to answers.shape[:-1].",
            solution_text="def my_question_gains(answers, prior):\n"
            "    rows = answers.reshape(-1, answers.shape[-1])\n    gains = []\n    for row in rows:\n"
            "        P = np.array([prior[row == a].sum() for a in np.unique(row)])\n        P = P[P > 0]\n"
            "        gains.append(-np.sum(P * np.log2(P)))\n"
            "    return np.reshape(gains, answers.shape[:-1])\n"
            "# or: it.expected_information_gain(prior, rows), reshaped",
        ),
    }
)


# ---- 11 entropy as file size: compression you can measure ----------------------------------------------------------


def _code_length(probs):
    """Ideal code length in bits of a message whose symbols got the probabilities ``probs``: −Σ log₂ q."""
    q = np.asarray(probs, dtype=float)
    if q.size == 0:
        return 0.0
    return float(np.sum(measures.surprise(q, base=2)))


def _skipped_zero(got, right, args) -> bool:
    """The learner dropped the probability-0 symbols (a finite length where the right one is infinite)."""
    return bool(np.isinf(_float_array(right)).all() and np.isfinite(_float_array(got)).all())


EXERCISES.update(
    {
        "code_length": Exercise(
            key="code_length",
            title="the ideal code length of a message, in bits",
            kind="function",
            reference=_code_length,
            inputs="any",
            cases=_cases(
                _code_length,
                [
                    (([0.5, 0.25, 0.25],), "three symbols: 1 + 2 + 2 bits"),
                    (([1.0, 1.0, 1.0],), "certain symbols (probability 1) cost 0 bits"),
                    (([0.9, 0.6, 0.05, 0.3, 0.75],), "five symbols, one surprising"),
                    (([],), "the empty message: 0 bits"),
                    (([0.5, 0.0, 0.5],), "a symbol of probability 0 cannot be coded: infinitely many bits"),
                    (([0.125],), "one symbol of probability 1/8: 3 bits"),
                ],
            ),
            mistakes=(
                Mistake(
                    "skipped zero",
                    "you skipped the symbol of probability 0; a symbol the model says is impossible cannot be "
                    "coded at all: its code length is −log₂ 0 = ∞ (return inf). The 0·log 0 = 0 rule is for "
                    "the weights p·log p of an entropy, not for a message that really contains the symbol",
                    detect=_skipped_zero,
                ),
                NATS_NOT_BITS,
                SIGN,
                _predicts(
                    "mean",
                    "that is the mean, in bits per symbol (the cross-entropy); the message's length is the sum "
                    "over its symbols — N times the mean",
                    lambda probs: _code_length(probs) / max(len(probs), 1),
                ),
                _predicts(
                    "bytes",
                    "that is in bytes (you divided by 8); this exercise wants bits",
                    lambda probs: _code_length(probs) / 8,
                ),
                _predicts(
                    "whole bits",
                    "you rounded each symbol up to whole bits, as a prefix code (Huffman) must; an arithmetic "
                    "coder does not, so the ideal length is −Σ log₂ qᵢ without rounding",
                    lambda probs: (
                        float(np.sum(np.ceil(measures.surprise(np.asarray(probs, float), base=2))))
                        if len(probs)
                        else None
                    ),
                ),
            ),
            hint_text="Each symbol costs −log₂ qᵢ bits; add them up. np.log2(0) is -inf, so a 0 gives inf by "
            "itself (silence numpy's warning with np.errstate(divide='ignore') if you like); an empty list sums "
            "to 0.",
            solution_text="def my_code_length(probs):\n    q = np.asarray(probs, dtype=float)\n"
            "    with np.errstate(divide='ignore'):\n        return -np.sum(np.log2(q))\n"
            "# -np.sum of an empty array is -0.0 == 0.0; a zero gives +inf",
        ),
        "bytes_for_text": Exercise(
            key="bytes_for_text",
            title="the size of a compressed text",
            kind="number",
            expected=2500.0,
            mistakes=(
                _predicts(
                    "bits",
                    "that is in bits (2.0 × 10,000); a byte is 8 bits — divide by 8",
                    _number(20000.0),
                ),
                _predicts(
                    "uncompressed",
                    "that is the uncompressed size: one byte (8 bits) per character in UTF-8 for plain English; "
                    "the model needs only 2.0 bits per character",
                    _number(10000.0),
                ),
                _predicts(
                    "perplexity",
                    "that uses the perplexity 2^2.0 = 4 as if it were bits; the cross-entropy in bits per "
                    "character is what a character costs",
                    _number(4 * 10000 / 8),
                ),
            ),
            hint_text="Bits = bits per character × number of characters; bytes = bits / 8.",
            solution_text="2.0 × 10,000 = 20,000 bits = 20,000 / 8 = 2500 bytes (the arithmetic coder: at most "
            "a byte or two more).",
        ),
        "model_cost": Exercise(
            key="model_cost",
            title="what a fair comparison with gzip must count",
            kind="choice",
            expected="the model",
            options={
                "the model": "",
                "nothing": (
                    "the decoder cannot decode without the very same model; if the model has to be sent along, "
                    "its bits count. gzip sends nothing but the compressed file."
                ),
                "the header": (
                    "the arithmetic coder's output has no header to speak of (at most a byte of termination); "
                    "what is missing from its 10,616 bytes is far bigger."
                ),
            },
            explanation=(
                "to decode, the receiver needs the 5-gram model: the counts of its 62,261 different 5-grams, "
                "learned from about 410,000 characters of training text — far more than the 5,562 bytes saved over "
                "gzip. gzip learns its 'model' from the text itself as it goes, so its file is the whole cost. "
                "The fair total is a two-part code (MDL): L(model) + L(text | model). The n-gram coder wins only "
                "when the model is shared in advance and reused for many texts, like a dictionary."
            ),
            hint_text="Could someone who receives only the 10,616 bytes decode the text? What else must they have? "
            "Answer 'the model', 'nothing' or 'the header'.",
            solution_text="'the model': decoding needs the same model, so a fair comparison adds its size "
            "(a two-part code, L(model) + L(text | model)); gzip's file contains everything it needs.",
        ),
    }
)


# ---- 14 what processing cannot create: the data-processing and Fano inequalities ------------------------------
class _ScalarArgs(Exercise):
    """An exercise whose function gets its scalar arguments as written: a float H and an int K."""

    def _call(self, fn, args, form):
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return fn(*[a if isinstance(a, (int, float)) else float(a) for a in args])


def _fano_root(h, n_classes, slope_of_k, top):
    """The smallest p in [0, top] with H_b(p) + p * slope_of_k(K) >= h (bits), by bisection; None if none."""
    slope = slope_of_k(n_classes)
    lo, hi = 0.0, top
    if measures.binary_entropy(hi) + hi * slope < h - 1e-12:
        return None
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if measures.binary_entropy(mid) + mid * slope < h else (lo, mid)
    return hi


def _fano_bound(h, n_classes):
    return float(bounds.fano_error_lower_bound(h, int(n_classes)))


def _fano_log_k(h, n_classes):  # log K where log(K - 1) belongs
    return _fano_root(h, n_classes, math.log2, 1 - 1 / n_classes)


def _fano_binary_only(h, n_classes):  # the P log(K - 1) term forgotten: H_b(P) >= H
    return _fano_root(h, n_classes, lambda k: 0.0, 0.5) if n_classes > 2 else None


def _fano_weak(h, n_classes):
    return max((h - 1.0) / math.log2(n_classes), 0.0)


def _fano_nats(h, n_classes):  # H_b and log(K - 1) in nats, H in bits
    return float(bounds.fano_error_lower_bound(h, int(n_classes), base=math.e))


_TEN_ONE = _fano_bound(1.0, 10)
_EPS_10 = 0.1
_H_SYMMETRIC = float(measures.binary_entropy(_EPS_10) + _EPS_10 * math.log2(9))

EXERCISES.update(
    {
        "fano_bound": _ScalarArgs(
            key="fano_bound",
            title="the smallest error rate Fano's inequality allows",
            kind="function",
            reference=_fano_bound,
            inputs="number",
            atol=1e-6,
            rtol=1e-6,
            cases=_cases(
                _fano_bound,
                [
                    ((0.0, 10), "H(Y|X) = 0: X determines Y, so no floor"),
                    ((_H_SYMMETRIC, 10), "the 10-ary symmetric channel with ε = 0.1, where Fano is tight"),
                    ((1.0, 10), "10 classes, 1 bit left"),
                    ((0.5, 2), "two classes: H_b(Pₑ) ≥ H(Y|X), log(K − 1) = 0"),
                    ((1.5, 3), "three classes, 1.5 bits left"),
                    ((math.log2(4), 4), "H(Y|X) = log₂ K: X tells nothing, guessing is the best"),
                ],
            ),
            mistakes=(
                _predicts(
                    "weak form",
                    "that is the weak closed form (H(Y|X) − 1) / log₂ K, a valid but looser floor; solve "
                    "H_b(Pₑ) + Pₑ log₂(K − 1) = H(Y|X) for Pₑ instead",
                    _fano_weak,
                ),
                _predicts(
                    "log K",
                    "log₂ K where log₂(K − 1) belongs: a wrong answer can be any of the K − 1 other labels",
                    _fano_log_k,
                ),
                _predicts(
                    "binary only",
                    "the term Pₑ log₂(K − 1) is missing: when the classifier is wrong, the true label can "
                    "still be any of the K − 1 others, which leaves up to log₂(K − 1) bits",
                    _fano_binary_only,
                ),
                _predicts(
                    "nats",
                    "H_b and the log are in nats while H(Y|X) is in bits; use log₂ throughout",
                    _fano_nats,
                ),
            ),
            hint_text="f(p) = H_b(p) + p·log₂(K − 1) increases on [0, 1 − 1/K] from 0 to log₂ K. Find the p "
            "with f(p) = H by bisection: start with lo, hi = 0, 1 − 1/K and halve 60 times. H_b(0) = 0.",
            solution_text="def my_fano_bound(h_cond, n_classes):\n"
            "    def f(p):\n        hb = 0.0 if p in (0.0, 1.0) else -p * np.log2(p) - (1 - p) * np.log2(1 - p)\n"
            "        return hb + p * np.log2(n_classes - 1)\n"
            "    lo, hi = 0.0, 1 - 1 / n_classes\n    for _ in range(60):\n        mid = (lo + hi) / 2\n"
            "        if f(mid) < h_cond:\n            lo = mid\n        else:\n            hi = mid\n"
            "    return 0.0 if h_cond <= 0 else hi\n"
            "# or: it.fano_error_lower_bound(h_cond, n_classes)",
        ),
        "ten_classes_one_bit": Exercise(
            key="ten_classes_one_bit",
            title="the smallest error rate of a 10-class task with 1 bit left",
            kind="number",
            expected=_TEN_ONE,
            mistakes=(
                _predicts(
                    "weak form",
                    "0 is what the weak form (H(Y|X) − 1)/log₂ K gives at 1 bit: true, but useless here; the "
                    "exact inequality H_b(Pₑ) + Pₑ log₂ 9 ≥ 1 says more",
                    _number(0.0),
                ),
                _predicts(
                    "binary only",
                    "that solves H_b(Pₑ) = 1 (Pₑ = 0.5), forgetting Pₑ log₂(K − 1): a wrong guess can be any of "
                    "9 labels",
                    _number(0.5),
                ),
                _predicts(
                    "log K",
                    "log₂ 10 where log₂ 9 belongs: a wrong answer is one of the K − 1 = 9 other labels",
                    _number(_fano_log_k(1.0, 10)),
                ),
                _predicts(
                    "guessing",
                    "0.9 is the error of guessing among 10 labels, the floor only when H(Y|X) = log₂ 10",
                    _number(0.9),
                ),
            ),
            explanation=(
                f"solve H_b(Pₑ) + Pₑ log₂ 9 = 1: Pₑ = {_TEN_ONE:.4f}. One bit of doubt is like a fair coin "
                "between two labels, yet the floor is only 13.5 %, not 50 %: the doubt can be spread thinly over "
                "all nine wrong labels, and Fano's floor assumes the most favourable spread."
            ),
            hint_text="Find Pₑ with H_b(Pₑ) + Pₑ log₂(10 − 1) = 1: try a few values (0.1, 0.2) and narrow "
            "down, or use your my_fano_bound(1.0, 10).",
            solution_text=f"{_TEN_ONE:.4f}: it.fano_error_lower_bound(1.0, 10); H_b(0.1352) + 0.1352 · log₂ 9 "
            "= 1.",
        ),
        "transform_mi": Exercise(
            key="transform_mi",
            title="can a feature transform raise the mutual information with the label?",
            kind="choice",
            expected="no",
            options={
                "no": "",
                "yes": (
                    "for a fixed function g, Y → X → g(X) is a Markov chain, and the data-processing "
                    "inequality says I(Y; g(X)) ≤ I(Y; X) for the true quantities, always."
                ),
                "only if g is invertible": (
                    "an invertible g keeps I(Y; g(X)) = I(Y; X) exactly: equality, never more."
                ),
            },
            explanation=(
                "I(Y; g(X)) ≤ I(Y; X) for any function g that does not look at Y (Y → X → g(X) is a Markov "
                "chain). A higher *estimate* means something else: (1) the estimator is biased, and its bias "
                "depends on the geometry of the features, so a transform can lower the bias (k-NN estimators "
                "are low in high dimension; the tanh of PCA coordinates changed the estimate though the "
                "information is the same); or (2) g was fitted with the labels of the same samples (a "
                "supervised projection, target encoding), so g(X) depends on Y directly and the chain is "
                "broken: check on held-out data."
            ),
            hint_text="Is Y → X → g(X) a Markov chain when g is a fixed function? What does the data-processing "
            "inequality say about the true I(Y; g(X))? Answer 'yes', 'no' or 'only if g is invertible'.",
            solution_text="'no': I(Y; g(X)) ≤ I(Y; X) for the true quantities; a higher estimate is the "
            "estimator's bias, or a g fitted on the labels (Y → X → g(X) no longer a Markov chain).",
        ),
    }
)


# ---- 12 a neural language model: bits per character, byte and token ---------------------------------------------


def _token_perplexity(char_probs, n_tokens):
    """Perplexity per token of a text whose characters got ``char_probs``, cut into ``n_tokens`` tokens."""
    q = np.asarray(char_probs, dtype=float)
    with np.errstate(divide="ignore"):
        total_bits = float(np.sum(-np.log2(q)))
    return float(2.0 ** (total_bits / n_tokens))


def _per_char_perplexity(char_probs, n_tokens):
    q = np.asarray(char_probs, dtype=float)
    return _token_perplexity(q, q.size)


_PPL_TOKEN, _CHARS_PER_TOKEN = 20.0, 4.2
_PAPERS = {"18": 3.0, "25": 4.5}  # perplexity per token -> characters per token in the explanation


EXERCISES.update(
    {
        "token_perplexity": Exercise(
            key="token_perplexity",
            title="perplexity per token from a character model's probabilities",
            kind="function",
            reference=_token_perplexity,
            inputs="any",
            cases=_cases(
                _token_perplexity,
                [
                    (
                        # Not 4 characters: there 2 bits per token = the per-character perplexity, 2.
                        ([0.5, 0.5, 0.5, 0.5, 0.5, 0.5], 2),
                        "6 characters of 1 bit, 2 tokens: 3 bits per token, perplexity 8",
                    ),
                    (
                        ([0.25, 0.5, 0.125, 0.5, 0.5, 0.25], 6),
                        "one token per character: the perplexity per character",
                    ),
                    (([0.9, 0.6, 0.05, 0.3, 0.75, 0.8, 0.4], 3), "seven characters in three tokens"),
                    (
                        ([1.0, 1.0, 1.0], 1),
                        "a model certain of every character: perplexity 1, whatever the tokens",
                    ),
                    (([0.5] * 10, 1), "the whole text one token: 2¹⁰"),
                    (
                        ([0.5, 0.0, 0.5], 2),
                        "a character of probability 0: infinitely many bits, perplexity ∞",
                    ),
                ],
            ),
            mistakes=(
                _predicts(
                    "per character",
                    "that is the perplexity per character; a token is several characters, and its bits are the "
                    "sum of theirs: divide the total bits by the number of tokens, not of characters",
                    _per_char_perplexity,
                ),
                _predicts(
                    "no power",
                    "that is the number of bits per token; the perplexity is 2 to that power",
                    lambda probs, n: _token_perplexity(probs, n) and math.log2(_token_perplexity(probs, n)),
                ),
                _predicts(
                    "multiplied",
                    "you multiplied the perplexity per character by the characters per token; bits add, so "
                    "perplexities multiply: ppl_token = ppl_char ** (characters per token)",
                    lambda probs, n: _per_char_perplexity(probs, n) * len(probs) / n,
                ),
                _predicts(
                    "nats in base 2",
                    "you summed natural logs (nats) and raised 2 to them; use log₂ with 2**, or ln with exp — "
                    "the two give the same perplexity, mixed they do not",
                    lambda probs, n: (
                        2.0 ** (_LN2 * math.log2(_token_perplexity(probs, n)))
                        if math.isfinite(_token_perplexity(probs, n))
                        else None
                    ),
                ),
                _predicts(
                    "mean probability",
                    "that is 1 / (mean probability); perplexity is 2 to the mean number of bits, the geometric, "
                    "not the arithmetic, mean of 1/q",
                    lambda probs, n: float(n) / float(np.sum(probs)) if np.sum(probs) > 0 else None,
                ),
            ),
            hint_text="Total bits B = −Σ log₂ qᵢ over the characters (a 0 gives inf by itself); bits per token "
            "= B / n_tokens; perplexity = 2 ** (bits per token).",
            solution_text="def my_token_perplexity(char_probs, n_tokens):\n"
            "    q = np.asarray(char_probs, dtype=float)\n"
            "    with np.errstate(divide='ignore'):\n"
            "        total_bits = -np.sum(np.log2(q))\n"
            "    return 2.0 ** (total_bits / n_tokens)",
        ),
        "bpc_from_token_ppl": Exercise(
            key="bpc_from_token_ppl",
            title="bits per character from a perplexity per token",
            kind="number",
            expected=math.log2(_PPL_TOKEN) / _CHARS_PER_TOKEN,
            mistakes=(
                _predicts(
                    "bits per token",
                    "that is log₂ 20, the bits per token; a token is 4.2 characters on average — divide by 4.2",
                    _number(math.log2(_PPL_TOKEN)),
                ),
                _predicts(
                    "divided the perplexity",
                    "you divided the perplexity by 4.2; perplexities do not divide — take log₂ first (bits "
                    "divide), then the bits per token / 4.2",
                    _number(_PPL_TOKEN / _CHARS_PER_TOKEN),
                ),
                _predicts(
                    "log of the ratio",
                    "that is log₂(20 / 4.2); divide the bits, log₂ 20, by 4.2, not the perplexity",
                    _number(math.log2(_PPL_TOKEN / _CHARS_PER_TOKEN)),
                ),
                _predicts(
                    "nats",
                    "that is in nats (ln 20 / 4.2); bits per character need log₂",
                    _number(math.log(_PPL_TOKEN) / _CHARS_PER_TOKEN),
                ),
                _predicts(
                    "multiplied",
                    "you multiplied by 4.2; a token holds 4.2 characters, so each character gets a 4.2th of "
                    "the token's bits",
                    _number(math.log2(_PPL_TOKEN) * _CHARS_PER_TOKEN),
                ),
                _predicts(
                    "perplexity per character",
                    "that is the perplexity per character, 20^(1/4.2); the question asks for bits: log₂ of it",
                    _number(_PPL_TOKEN ** (1 / _CHARS_PER_TOKEN)),
                ),
            ),
            explanation=(
                f"log₂ 20 = {math.log2(_PPL_TOKEN):.3f} bits per token, spread over 4.2 characters: "
                f"{math.log2(_PPL_TOKEN):.3f} / 4.2 = {math.log2(_PPL_TOKEN) / _CHARS_PER_TOKEN:.3f} bits per "
                f"character — a per-character perplexity of only {_PPL_TOKEN ** (1 / _CHARS_PER_TOKEN):.2f}."
            ),
            hint_text="Perplexity → bits per token with log₂; a token is 4.2 characters, so divide the bits "
            "(ppl_token = 2^((N_chars / N_tokens) · bpc)).",
            solution_text=f"bpc = log₂(20) / 4.2 = {math.log2(_PPL_TOKEN):.4f} / 4.2 = "
            f"{math.log2(_PPL_TOKEN) / _CHARS_PER_TOKEN:.4f} bits per character.",
        ),
        "compare_papers": Exercise(
            key="compare_papers",
            title="two perplexities measured with different tokenizers",
            kind="choice",
            expected="cannot tell",
            options={
                "cannot tell": "",
                "18": (
                    "a lower perplexity per token is better only over the same tokens. A tokenizer with longer "
                    "tokens packs more characters, and more bits, into each token, so its perplexity per token "
                    "is higher for the very same model."
                ),
                "25": (
                    "the higher number is not the better one either: the two perplexities are per different "
                    "tokens, so neither number alone says which model predicts the text better."
                ),
            },
            explanation=(
                "perplexities per token compare only with the same tokenizer on the same text. Convert both to "
                "bits per character (or per byte), bpc = log₂(ppl_token) / (characters per token). If the first "
                f"paper's tokens average {_PAPERS['18']:g} characters and the second's {_PAPERS['25']:g}: "
                f"log₂ 18 / {_PAPERS['18']:g} = {math.log2(18) / _PAPERS['18']:.2f} and log₂ 25 / "
                f"{_PAPERS['25']:g} = {math.log2(25) / _PAPERS['25']:.2f} bits per character — the model with "
                "the *higher* perplexity is the better one. With other token lengths it could be the other way."
            ),
            hint_text="Would the same model get the same perplexity per token with a tokenizer whose tokens are "
            "twice as long? Answer '18', '25' or 'cannot tell'.",
            solution_text="'cannot tell': ppl_token = 2^((N_chars / N_tokens) · bpc) depends on the tokenizer; "
            "compare bits per character or per byte on the same text instead.",
        ),
    }
)


# ---- 13 a real ELBO: a tiny VAE on digits ------------------------------------------------------------------------
def _neg_elbo(recon_nll, mu, log_var, beta):
    """recon + β·KL(N(μ, diag σ²) ‖ N(0, I)) per image; the KL sums over the last (latent) axis."""
    recon = np.asarray(recon_nll, dtype=float)
    if np.any(recon < 0):
        raise ValueError("recon_nll is a negative log-likelihood of Bernoulli pixels: it is >= 0")
    if beta < 0:
        raise ValueError("beta must be >= 0")
    return recon + beta * kl_gaussian(mu, log_var)


def _reparameterize(mu, log_var, eps):
    """z = μ + σ ε with σ = exp(log σ² / 2)."""
    return np.asarray(mu, dtype=float) + np.exp(0.5 * np.asarray(log_var, dtype=float)) * np.asarray(
        eps, float
    )


_ELBO_RECON, _ELBO_KL = 22.79, 2.21  # nats per image, the numbers of the exercise's text
_ELBO_BITS = (_ELBO_RECON + _ELBO_KL) / _LN2
_BATCH_MU = [[1.5, -0.5], [0.0, 0.0], [-2.0, 1.0]]
_BATCH_LOG_VAR = [[-1.0, 0.3], [0.0, 0.0], [-3.0, -2.0]]

EXERCISES.update(
    {
        "neg_elbo": Exercise(
            key="neg_elbo",
            title="the β-weighted −ELBO of a batch of images",
            kind="function",
            reference=_neg_elbo,
            inputs="array",
            cases=_cases(
                _neg_elbo,
                [
                    (
                        (22.0, [0.0, 0.0], [0.0, 0.0], 1.0),
                        "q(z|x) = N(0, I) is the prior: KL = 0, −ELBO = recon",
                    ),
                    ((20.5, [1.5, -0.5], [-1.0, 0.3], 1.0), "one image, a 2-D latent"),
                    (
                        ([20.5, 25.0, 18.0], _BATCH_MU, _BATCH_LOG_VAR, 1.0),
                        "a batch of three images: three values",
                    ),
                    (([20.5, 25.0, 18.0], _BATCH_MU, _BATCH_LOG_VAR, 4.0), "the same batch with β = 4"),
                    ((30.0, [3.0, -1.0], [-2.0, 0.5], 0.0), "β = 0: the KL does not count (an autoencoder)"),
                    ((25.0, [0.2], [4.0], 0.5), "a wide posterior (σ² = e⁴ ≈ 55) and a 1-D latent"),
                ],
            ),
            mistakes=(
                NO_BATCH,
                _predicts(
                    "KL over the batch",
                    "you summed the KL over the whole batch (np.sum without an axis); each image has its own KL: "
                    "sum over the latent axis only (axis=-1)",
                    lambda r, mu, lv, b: np.asarray(r, float) + b * np.sum(kl_gaussian(mu, lv)),
                ),
                _predicts(
                    "β on recon",
                    "β multiplies the KL term, not the reconstruction: recon + β · KL",
                    lambda r, mu, lv, b: b * np.asarray(r, float) + kl_gaussian(mu, lv),
                ),
                _predicts(
                    "no β",
                    "the KL term is weighted by β: recon + β · KL (your answer is right for β = 1 only)",
                    lambda r, mu, lv, b: np.asarray(r, float) + kl_gaussian(mu, lv),
                ),
                _predicts(
                    "KL sign",
                    "a sign error: −ELBO adds the KL (a cost, ≥ 0) to the reconstruction NLL",
                    lambda r, mu, lv, b: np.asarray(r, float) - b * kl_gaussian(mu, lv),
                ),
                _predicts(
                    "KL mean",
                    "you averaged the KL over the latent dimensions; it sums over them (axis=-1)",
                    lambda r, mu, lv, b: np.asarray(r, float) + b * kl_gaussian(mu, lv) / np.shape(mu)[-1],
                ),
                _predicts(
                    "no ½",
                    "twice the KL: the ½ in front of Σ (μ² + σ² − 1 − log σ²) is missing",
                    lambda r, mu, lv, b: np.asarray(r, float) + 2 * b * kl_gaussian(mu, lv),
                ),
            ),
            hint_text="KL per image = ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²) with σ² = exp(log_var), summed over the "
            "last axis (np.sum(..., axis=-1)); then return recon_nll + beta * KL, one value per image.",
            solution_text="def my_neg_elbo(recon_nll, mu, log_var, beta):\n"
            "    kl = 0.5 * np.sum(mu**2 + np.exp(log_var) - 1 - log_var, axis=-1)\n"
            "    return recon_nll + beta * kl\n"
            "# or: recon_nll + beta * it.kl_gaussian(mu, log_var)",
        ),
        "reparameterize": Exercise(
            key="reparameterize",
            title="the reparameterization z = μ + σ ε",
            kind="function",
            reference=_reparameterize,
            inputs="array",
            cases=_cases(
                _reparameterize,
                [
                    (([0.0, 0.0], [0.0, 0.0], [1.0, -0.5]), "q(z|x) = N(0, I): z = ε"),
                    (([1.0, -2.0], [0.0, 0.0], [0.5, 0.5]), "σ = 1: z = μ + ε"),
                    (([1.0, -2.0], [2.0, -2.0], [0.5, -1.0]), "log σ² = ±2: σ = e^{±1}"),
                    (([0.3, 0.7], [1.0, 5.0], [0.0, 0.0]), "ε = 0: z = μ whatever σ"),
                    (
                        ([[1.0, -2.0], [0.0, 0.5]], [[-1.0, 0.0], [3.0, -4.0]], [[0.2, -1.5], [1.0, 2.0]]),
                        "a batch of two images",
                    ),
                ],
            ),
            mistakes=(
                _predicts(
                    "variance",
                    "you scaled ε by the variance σ² = exp(log_var); the standard deviation is σ = exp(log_var / 2)",
                    lambda mu, lv, e: (
                        np.asarray(mu, float) + np.exp(np.asarray(lv, float)) * np.asarray(e, float)
                    ),
                ),
                _predicts(
                    "log_var as σ",
                    "you multiplied ε by log_var itself; σ = exp(log_var / 2)",
                    lambda mu, lv, e: np.asarray(mu, float) + np.asarray(lv, float) * np.asarray(e, float),
                ),
                _predicts(
                    "no μ",
                    "the mean is missing: z = μ + σ ε",
                    lambda mu, lv, e: np.exp(0.5 * np.asarray(lv, float)) * np.asarray(e, float),
                ),
                _predicts(
                    "1/σ",
                    "that is ε / σ: exp(−log_var / 2); σ = exp(+log_var / 2)",
                    lambda mu, lv, e: (
                        np.asarray(mu, float) + np.exp(-0.5 * np.asarray(lv, float)) * np.asarray(e, float)
                    ),
                ),
            ),
            hint_text="σ² = exp(log_var), so σ = exp(log_var / 2) = np.exp(0.5 * log_var). Then z = mu + σ * eps, "
            "elementwise.",
            solution_text="def my_reparameterize(mu, log_var, eps):\n    return mu + np.exp(0.5 * log_var) * eps",
        ),
        "elbo_bits": Exercise(
            key="elbo_bits",
            title="−ELBO in bits per image",
            kind="number",
            expected=_ELBO_BITS,
            mistakes=(
                _predicts(
                    "nats", "right, but in nats; the question asks for bits (divide by ln 2)", _number(25.0)
                ),
                _predicts(
                    "times ln 2",
                    "you multiplied by ln 2; a nat is 1/ln 2 ≈ 1.443 bits, so divide by ln 2",
                    _number(25.0 * _LN2),
                ),
                _predicts(
                    "recon only",
                    "that is the reconstruction term alone; −ELBO = recon + KL",
                    _number(_ELBO_RECON / _LN2),
                ),
                _predicts(
                    "minus KL",
                    "a sign error: the KL is added to the reconstruction term, −ELBO = recon + KL",
                    _number((_ELBO_RECON - _ELBO_KL) / _LN2),
                ),
            ),
            explanation=(
                f"−ELBO = 22.79 + 2.21 = 25.00 nats = 25.00 / ln 2 = {_ELBO_BITS:.2f} bits per image: an upper bound "
                "on the code length of an image under the model (bits-back coding makes it achievable), "
                f"{_ELBO_BITS / 64:.3f} bits per pixel."
            ),
            hint_text="Add the two terms (nats), then convert: 1 nat = 1/ln 2 bits.",
            solution_text=f"{_ELBO_BITS:.2f}: (22.79 + 2.21) / np.log(2).",
        ),
        "beta_infinity": Exercise(
            key="beta_infinity",
            title="the KL term when β grows without bound",
            kind="choice",
            expected="zero",
            options={
                "zero": "",
                "infinite": (
                    "β multiplies the KL in the loss, so a large β makes every nat of KL expensive: the "
                    "optimizer drives the KL down, not up."
                ),
                "unchanged": (
                    "the loss is recon + β · KL: with a larger β the same KL costs more, so training trades "
                    "reconstruction for a smaller KL."
                ),
            },
            explanation=(
                "with β → ∞ any KL > 0 costs more than the reconstruction can gain, so the encoder outputs "
                "q(z|x) = N(0, I) for every image: KL = 0, μ(x) = 0, the code says nothing about x (posterior "
                "collapse). The decoder then sees pure noise and can only output the image that minimises the "
                "average reconstruction loss: the mean digit, for every input. The largest β of the notebook's "
                "grid show it."
            ),
            hint_text="The loss is recon + β · KL with KL ≥ 0. What does an optimizer do with a term whose weight "
            "grows without bound? Answer 'zero', 'infinite' or 'unchanged'.",
            solution_text="'zero': the encoder copies the prior for every image (posterior collapse), and the "
            "decoder outputs the mean digit.",
        ),
    }
)


def hint(name: str) -> None:
    """Print the hint of exercise ``name`` (e.g. ``hint("entropy")``)."""
    _exercise(name).hint()


def solution(name: str) -> None:
    """Print the worked solution of exercise ``name``."""
    _exercise(name).solution()


def _exercise(name: str) -> Exercise:
    try:
        return EXERCISES[name]
    except KeyError:
        raise ValueError(f"no exercise named {name!r}; known: {', '.join(EXERCISES)}") from None


def _checker(key):
    def check(answer) -> None:
        # Returns None so that a check on a cell's last line shows only its message.
        EXERCISES[key].check(answer)

    check.__name__ = f"check_{key}"
    check.__doc__ = f"Check your answer to the exercise “{EXERCISES[key].title}”."
    return check


check_surprise = _checker("surprise")
check_die_six = _checker("die_six")
check_three_heads = _checker("three_heads")
check_entropy = _checker("entropy")
check_max_entropy = _checker("max_entropy")
check_zero_differential_entropy = _checker("zero_differential_entropy")
check_cross_entropy = _checker("cross_entropy")
check_log_softmax = _checker("log_softmax")
check_loss_quarter = _checker("loss_quarter")
check_kl = _checker("kl")
check_kl_infinite = _checker("kl_infinite")
check_vae_kl = _checker("vae_kl")
check_mutual_information = _checker("mutual_information")
check_mi_copy = _checker("mi_copy")
check_mi_from_labels = _checker("mi_from_labels")
check_perplexity = _checker("perplexity")
check_uniform_perplexity = _checker("uniform_perplexity")
check_bpc_to_perplexity = _checker("bpc_to_perplexity")

check_half_as_likely = _checker("half_as_likely")
check_total_surprise_rows = _checker("total_surprise_rows")
check_coin_or_die = _checker("coin_or_die")
check_entropy_rows = _checker("entropy_rows")
check_true_class_only = _checker("true_class_only")
check_ce_rows = _checker("ce_rows")
check_reverse_kl_start = _checker("reverse_kl_start")
check_kl_rows = _checker("kl_rows")
check_nmi_renamed = _checker("nmi_renamed")
check_infonce_cap = _checker("infonce_cap")
check_conditional_rows = _checker("conditional_rows")
check_ngram_order = _checker("ngram_order")
check_perplexity_per_word = _checker("perplexity_per_word")
check_perplexity_rows = _checker("perplexity_rows")
check_ce_floor = _checker("ce_floor")
check_ce_from_logits = _checker("ce_from_logits")

# ---- 08 ----
check_soft_targets = _checker("soft_targets")
check_smoothing_floor = _checker("smoothing_floor")
check_t_squared = _checker("t_squared")
check_high_t_limit = _checker("high_t_limit")

# ---- 09 ----
check_ece = _checker("ece")
check_mean_nll = _checker("mean_nll")
check_absolute_report = _checker("absolute_report")
check_temperature_accuracy = _checker("temperature_accuracy")

# ---- 10 ----
check_split_gain = _checker("split_gain")
check_spam_split = _checker("spam_split")
check_id_split = _checker("id_split")
check_question_gains = _checker("question_gains")

# ---- 11 ----
check_code_length = _checker("code_length")
check_bytes_for_text = _checker("bytes_for_text")
check_model_cost = _checker("model_cost")

# ---- 14 ----
check_fano_bound = _checker("fano_bound")
check_ten_classes_one_bit = _checker("ten_classes_one_bit")
check_transform_mi = _checker("transform_mi")

# ---- 12 ----
check_token_perplexity = _checker("token_perplexity")
check_bpc_from_token_ppl = _checker("bpc_from_token_ppl")
check_compare_papers = _checker("compare_papers")

# ---- 13 ----
check_neg_elbo = _checker("neg_elbo")
check_reparameterize = _checker("reparameterize")
check_elbo_bits = _checker("elbo_bits")
check_beta_infinity = _checker("beta_infinity")

__all__ += [name for name in list(globals()) if name.startswith("check_")]
