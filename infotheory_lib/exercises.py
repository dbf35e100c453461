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
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import numpy as np

from . import estimators, losses, measures
from .gaussian import gaussian_entropy, kl_gaussian

__all__ = ["Exercise", "EXERCISES", "Mistake", "MIN_SIGNIFICANT_DIGITS", "hint", "solution",
           "NATS_NOT_BITS", "BITS_NOT_NATS", "SIGN", "SWAPPED", "ZERO_LOG_ZERO", "NO_BATCH"]

_NOT_YET = "⏳ Not yet: replace the `...` with your answer, run the cell, then check again."

#: A number with fewer significant digits than this is "too few digits" unless exactly right.
MIN_SIGNIFICANT_DIGITS = 2
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
    if isinstance(x, (list, tuple, np.ndarray)):
        if np.ndim(x) > 1:
            return "[" + ", ".join(_fmt(row) for row in x) + "]"
        return "[" + ", ".join(_fmt(v) for v in np.ravel(x)) + "]"
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, float, np.number)):
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
            except Exception:  # a candidate that cannot be computed here does not apply
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


NATS_NOT_BITS = Mistake(
    "nats", "right, but in nats; this exercise wants bits (use log₂: np.log2, or divide by ln 2)",
    predict=lambda f, args, right: _float_array(right) * _LN2)
BITS_NOT_NATS = Mistake(
    "bits", "right, but in bits; this exercise wants nats (use the natural log np.log, or multiply by ln 2)",
    predict=lambda f, args, right: _float_array(right) / _LN2)
SIGN = Mistake(
    "sign", "a sign error: the right size with the wrong sign (check the minus in front of the sum/log)",
    predict=lambda f, args, right: -_float_array(right))
SWAPPED = Mistake(
    "swapped", "swapped arguments: that is the value for (q, p), as KL(q‖p) is for KL(p‖q); the first "
    "argument p is the data (it weights the sum), the second q the model (it goes in the log)",
    predict=lambda f, args, right: f(*reversed(args)) if len(args) == 2 else None)
ZERO_LOG_ZERO = Mistake(
    "0·log 0", "a missing 0·log 0 rule: your function gives nan (or inf) where pᵢ = 0; those terms are 0 — "
    "keep only the terms with pᵢ > 0 (mask p > 0)",
    detect=_nonfinite_where_right_is_finite)
NO_BATCH = Mistake(
    "no batching", "no batching: you returned one number for the whole batch; distributions lie along the "
    "last axis, so return one value per row (sum with axis=-1)",
    detect=_one_value_for_a_batch)


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

    def __post_init__(self):
        if self.kind not in _KINDS:
            raise ValueError(f"Exercise {self.key!r}: kind must be one of {_KINDS}, got {self.kind!r}")
        if self.inputs not in _INPUTS:
            raise ValueError(f"Exercise {self.key!r}: inputs must be one of {_INPUTS}, got {self.inputs!r}")
        if not all(isinstance(m, Mistake) for m in self.mistakes):
            raise TypeError(f"Exercise {self.key!r}: mistakes must be Mistake instances")
        if self.kind == "function" and not self.cases:
            raise ValueError(f"Exercise {self.key!r}: a function exercise needs cases")
        if self.kind == "number" and not (isinstance(self.expected, (int, float, np.number))
                                          and math.isfinite(self.expected)):
            raise ValueError(f"Exercise {self.key!r}: a number exercise needs a finite expected value")
        if self.kind == "choice":
            if not self.options:
                self.options = {str(self.expected): ""}
            if _normalize_choice(self.expected) not in {_normalize_choice(o) for o in self.options}:
                raise ValueError(f"Exercise {self.key!r}: expected {self.expected!r} is not an option")

    # -- learner-facing ------------------------------------------------------
    def check(self, answer) -> bool:
        """Check ``answer``; print feedback; return True when it is right."""
        if _is_blank(answer):
            _show(_NOT_YET)
            return False
        if self.kind == "function":
            ok = self._check_function(answer)
        elif self.kind == "number":
            ok = self._check_number(answer)
        else:
            ok = self._check_choice(answer)
        if ok:
            _show(f"✅ Correct — {self.title}.")
        return ok

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
            except Exception as exc:  # a learner's bug: report it kindly
                first_error = first_error or exc
        feedback = (f"❌ Calling your function with ({shown}) raised "
                    f"{type(first_error).__name__}: {first_error}")
        if self.inputs == "list":
            try:
                self._call(fn, args, "array")
                feedback += ("\n   It works with numpy arrays, but this exercise passes lists: "
                             "convert first, e.g. p = np.asarray(p, dtype=float).")
            except Exception:
                pass
        return None, feedback

    def _check_function(self, fn) -> bool:
        if not callable(fn):
            _show(f"🤔 Expected a function, got {type(fn).__name__}. Pass the function itself, "
                  "without calling it: check(my_function), not check(my_function()).")
            return False
        for args, want, note in self.cases:
            got, feedback = self._run(fn, args)
            if feedback is not None:
                _show(f"{feedback}\n   Case: {note}.")
                return False
            if _is_blank(got):
                _show(_NOT_YET + " (your function returned None)")
                return False
            if self._same(got, want):
                continue
            shown = ", ".join(_fmt(a) for a in args)
            what = self._diagnose(got, want, args)
            if what is None:
                what = f"expected {_fmt(want)}"
                try:
                    if _float_array(got).shape != _float_array(want).shape:
                        what += (f" (you returned shape {_float_array(got).shape}, "
                                 f"expected {_float_array(want).shape})")
                except (TypeError, ValueError):
                    what += " (a number or an array of numbers)"
            _show(f"❌ For ({shown}) your function returned {_fmt(got)}: {what}.\n   Case: {note}.")
            return False
        return True

    def _diagnose(self, got, right, args):
        for mistake in self.mistakes:
            if mistake.matches(got, right, args, self.reference, self._same):
                return mistake.message
        return None

    # -- numbers ---------------------------------------------------------------
    def _check_number(self, value) -> bool:
        parsed = _parse_number(value)
        nudge = f"Try hint(\"{self.key}\") for a nudge."
        if parsed is None:
            _show(f"🤔 Expected a number, got {value!r}. {nudge}")
            return False
        got, decimals, significant = parsed
        want = float(self.expected)
        if _equal_at_digits(got, decimals, want):
            exact = abs(got - want) <= 1e-9 * max(1.0, abs(want))
            if exact or significant >= MIN_SIGNIFICANT_DIGITS:
                return True
            _show(f"🤏 {_fmt(got)} is close: give more digits (at least {MIN_SIGNIFICANT_DIGITS} "
                  "significant digits).")
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
        nudge = f"Try hint(\"{self.key}\") for a nudge."
        chosen = _normalize_choice(value)
        if chosen == _normalize_choice(self.expected):
            return True
        for option, feedback in self.options.items():
            if chosen == _normalize_choice(option):
                _show(f"❌ {value!r} is not the answer: {feedback} {nudge}")
                return False
        listed = " or ".join(repr(o) for o in self.options)
        _show(f"🤔 {value!r} is not one of the options: answer {listed}. {nudge}")
        return False


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
    "bans", "right, but in bans (log base 10); this exercise wants bits (use np.log2)",
    predict=lambda f, args, right: _float_array(right) * math.log10(2.0))
OVERFLOW = Mistake(
    "overflow", "overflow: exp of a huge logit is inf in floating point, which gives nan/−inf; subtract the "
    "largest logit before exponentiating (the log-sum-exp trick)",
    detect=lambda got, right, args: (np.all(np.isfinite(_float_array(right)))
                                     and not np.all(np.isfinite(_float_array(got)))))


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
    "one-hot only", "one-hot-only code: −ln q[argmax p] is the loss only when p is one-hot; for a general "
    "(soft) p every class counts — weight each −ln qᵢ by pᵢ and sum", _one_hot_only)
EXERCISES: dict[str, Exercise] = {
    # ---- 01 information content ---------------------------------------------
    "surprise": Exercise(
        key="surprise",
        title="surprise in bits",
        kind="function",
        reference=measures.surprise,
        inputs="number",
        cases=_cases(measures.surprise, [
            ((0.5,), "a fair coin flip carries 1 bit"),
            ((0.25,), "probability 1/4 is 2 bits"),
            ((1.0,), "a certain event carries 0 bits"),
            ((0.01,), "a rare event carries many bits"),
        ]),
        mistakes=(NATS_NOT_BITS, BANS_NOT_BITS, SIGN,
                  _predicts("1/p", "that is 1/p; the surprise is its logarithm, log₂(1/p) = −log₂ p",
                            lambda p: 1 / p)),
        hint_text="Surprise is −log₂ p. numpy has np.log2.",
        solution_text="def my_surprise(p):\n    return -np.log2(p)",
    ),
    "die_six": Exercise(
        key="die_six",
        title="surprise of rolling a six",
        kind="number",
        expected=float(measures.surprise(1 / 6)),
        mistakes=(NATS_NOT_BITS, BANS_NOT_BITS, SIGN,
                  _predicts("probability", "that is the probability 1/6, not its surprise −log₂ p",
                            _number(1 / 6))),
        hint_text="A fair die gives each face probability 1/6; surprise is −log₂ p.",
        solution_text="−log₂(1/6) = log₂ 6 ≈ 2.585 bits:  -np.log2(1/6)",
    ),
    "three_heads": Exercise(
        key="three_heads",
        title="surprise of three heads in a row",
        kind="number",
        expected=float(measures.surprise(0.5**3)),
        mistakes=(NATS_NOT_BITS, SIGN,
                  _predicts("probability", "that is the probability (1/2)³, not its surprise −log₂ p",
                            _number(0.5**3)),
                  _predicts("one flip", "that is the surprise of one flip; independent flips add their "
                            "surprises", _number(measures.surprise(0.5)))),
        hint_text="Independent events multiply their probabilities, so their surprises add.",
        solution_text="P = (1/2)³ = 1/8, so −log₂(1/8) = 3 bits: one bit per fair flip.",
    ),
    # ---- 02 entropy -----------------------------------------------------------
    "entropy": Exercise(
        key="entropy",
        title="entropy in bits",
        kind="function",
        reference=measures.entropy,
        cases=_cases(measures.entropy, [
            (([0.5, 0.5],), "a fair coin has 1 bit"),
            ((_UNIFORM,), "uniform over 4 outcomes has log₂ 4 = 2 bits"),
            ((_EYE,), "a certain outcome has 0 bits — and 0·log 0 counts as 0"),
            (([0.1, 0.1, 0.5, 0.1, 0.1, 0.1],), "the article's loaded die"),
            (([0.5, 0.25, 0.25, 0.0],), "an impossible outcome (pᵢ = 0) adds nothing"),
        ]),
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
        mistakes=(NATS_NOT_BITS, SIGN,
                  _predicts("outcomes", "that is the number of outcomes (the perplexity 2^H); the entropy "
                            "is its log₂", _number(measures.distribution_perplexity([1 / 8] * 8)))),
        hint_text="For n equally likely outcomes, H = log₂ n.",
        solution_text="log₂ 8 = 3 bits: three yes/no questions pick one of 8.",
    ),
    "zero_differential_entropy": Exercise(
        key="zero_differential_entropy",
        title="the σ where a Gaussian's differential entropy is 0",
        kind="number",
        expected=1 / math.sqrt(2 * math.pi * math.e),
        mistakes=(SIGN,
                  Mistake("variance", "that is σ², the variance; the question asks for σ, its square root",
                          predict=lambda f, args, right: right**2),
                  Mistake("1/σ", "that is 1/σ = √(2πe); the question asks for σ",
                          predict=lambda f, args, right: 1 / right)),
        hint_text="Solve ½ ln(2πe σ²) = 0, i.e. 2πe σ² = 1.",
        solution_text=(f"σ = 1/√(2πe) ≈ {1 / math.sqrt(2 * math.pi * math.e):.4f}; check: "
                       f"gaussian_entropy({1 / math.sqrt(2 * math.pi * math.e):.4f}) ≈ "
                       f"{gaussian_entropy(1 / math.sqrt(2 * math.pi * math.e)):.1e}. "
                       "Narrower Gaussians have negative differential entropy."),
    ),
    # ---- 03 cross-entropy -------------------------------------------------------
    "cross_entropy": Exercise(
        key="cross_entropy",
        title="cross-entropy H(p, q) in nats",
        kind="function",
        reference=_ce_nats,
        cases=_cases(_ce_nats, [
            (([0, 0, 1], [0.05, 0.05, 0.90]), "the article's good prediction"),
            (([0, 0, 1], [0.7, 0.2, 0.1]), "the article's wrong prediction"),
            (([0.7, 0.2, 0.1], [0.5, 0.3, 0.2]), "a soft target (label smoothing): every pᵢ counts"),
            ((_UNIFORM, _UNIFORM), "H(p, p) = H(p) = ln 4"),
            (([0.5, 0.5, 0], [0.25, 0.25, 0.5]), "terms with pᵢ = 0 contribute nothing"),
            (([0.5, 0.5, 0], [0.5, 0.5, 0]), "pᵢ = qᵢ = 0: the term is 0·log 0 = 0"),
        ]),
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
        cases=_cases(losses.log_softmax, [
            (([1.0, 2.0, 3.0],), "ordinary logits"),
            (([0.0, 0.0],), "equal logits give ln ½ each"),
            (([1000.0, 0.0, -1000.0],), "huge logits: exp(1000) overflows unless you subtract the max"),
        ]),
        mistakes=(OVERFLOW,
                  _predicts("softmax", "those are the softmax probabilities; this exercise wants their log",
                            losses.softmax),
                  _predicts("no log-sum-exp", "you subtracted the max but left out the log-sum-exp: "
                            "log softmax(z) = z − m − ln Σⱼ exp(zⱼ − m)", lambda z: z - np.max(z)),
                  BITS_NOT_NATS, SIGN),
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
        mistakes=(BITS_NOT_NATS, SIGN,
                  _predicts("wrong class", "that is −ln(1 − 0.25), the loss of the other class; the loss "
                            "uses the probability of the true class",
                            _number(losses.binary_cross_entropy(1.0, 0.75))),
                  _predicts("probability", "that is the probability itself; the loss is −ln of it",
                            _number(0.25))),
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
        cases=_cases(_kl_nats, [
            ((_UNIFORM, [0.3, 0.2, 0.3, 0.2]), "the article's q1"),
            ((_UNIFORM, _UNIFORM), "D(p‖p) = 0"),
            (([0.5, 0.5, 0, 0], _UNIFORM), "terms with pᵢ = 0 contribute nothing"),
            (([0.3, 0.2, 0.3, 0.2], _UNIFORM), "the other direction (it differs!)"),
        ]),
        mistakes=(SWAPPED, BITS_NOT_NATS, SIGN, ZERO_LOG_ZERO,
                  _predicts("cross-entropy", "that is the cross-entropy H(p, q); KL subtracts the entropy: "
                            "D(p‖q) = H(p, q) − H(p) = Σ pᵢ ln(pᵢ/qᵢ)", _ce_nats)),
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
            "KL(q||p)": "KL(q‖p) sums qᵢ log(qᵢ/pᵢ); where q puts weight (the first outcome) p is 0.5, "
                        "not 0, so every term is finite. Look for an outcome p can produce but q calls "
                        "impossible.",
        },
        hint_text="KL(p‖q) sums pᵢ log(pᵢ/qᵢ): what happens where qᵢ = 0 but pᵢ > 0? "
                  "Answer with the string 'KL(p||q)' or 'KL(q||p)'.",
        solution_text="With p = [0.5, 0.5], q = [1, 0]: KL(p||q) has the term 0.5·log(0.5/0) = ∞, "
                      "while KL(q||p) = 1·log(1/0.5) = log 2 is finite. The model q must never give "
                      "probability 0 to something the data p can produce.",
    ),
    "vae_kl": Exercise(
        key="vae_kl",
        title="the VAE KL term",
        kind="function",
        reference=kl_gaussian,
        inputs="array",
        cases=_cases(kl_gaussian, [
            (([0.5, -0.3, 0.1], [-0.5, 0.2, -0.1]), "the article's example"),
            (([0.0, 0.0], [0.0, 0.0]), "q = N(0, I) equals the prior: KL = 0"),
            (([2.0], [0.0]), "only the mean moved: KL = μ²/2"),
        ]),
        mistakes=(SIGN,
                  _predicts("no ½", "twice the answer: the ½ in front of the sum is missing",
                            lambda mu, lv: 2 * kl_gaussian(mu, lv)),
                  _predicts("mean", "you averaged over the latent dimensions; the KL sums over them",
                            lambda mu, lv: kl_gaussian(mu, lv) / np.size(mu)),
                  BITS_NOT_NATS),
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
        cases=_cases(measures.mutual_information, [
            (([[0.5, 0.0], [0.0, 0.5]],), "Y = X for a fair coin: 1 bit"),
            (([[0.25, 0.25], [0.25, 0.25]],), "independent: 0 bits"),
            (([[0.4, 0.1], [0.2, 0.3]],), "a general table"),
        ]),
        mistakes=(NATS_NOT_BITS, SIGN, ZERO_LOG_ZERO,
                  _predicts("joint entropy", "that is the joint entropy H(X, Y); I = H(X) + H(Y) − H(X, Y)",
                            measures.joint_entropy)),
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
        mistakes=(_predicts("zero", "I(X; X) is not 0: X depends on itself completely — knowing X removes "
                            "all of its uncertainty H(X)", _number(0.0)),
                  NATS_NOT_BITS,
                  _predicts("outcomes", "that is the number of outcomes; I(X; X) is an entropy, in bits",
                            _number(measures.distribution_perplexity([1 / 6] * 6)))),
        hint_text="I(X; X) = H(X) − H(X | X), and knowing X leaves no uncertainty about X.",
        solution_text="I(X; X) = H(X) = log₂ 6 ≈ 2.585 bits.",
    ),
    "mi_from_labels": Exercise(
        key="mi_from_labels",
        title="plug-in MI of two label lists, in bits",
        kind="function",
        reference=estimators.mutual_information_from_samples,
        inputs="list",
        cases=_cases(estimators.mutual_information_from_samples, [
            (([0, 0, 1, 1], [0, 0, 1, 1]), "identical labels: H = 1 bit"),
            (([0, 0, 1, 1], [0, 1, 0, 1]), "independent labels: 0 bits"),
            (([0, 1, 2, 0, 1, 2], [0, 1, 1, 0, 1, 1]), "a coarser copy: I = H(Y)"),
        ]),
        mistakes=(NATS_NOT_BITS, SIGN,
                  _predicts("H(X)", "that is H(X), the entropy of the first labels alone; I(X; Y) is what "
                            "they share with the second", lambda x, y: estimators.entropy_from_samples(x))),
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
        cases=_cases(measures.perplexity, [
            (([0.25, 0.25, 0.25],), "always 1/4: perplexity 4"),
            (([1.0, 1.0],), "a perfect model: perplexity 1"),
            (([0.5, 0.1, 0.9, 0.3],), "mixed probabilities: exp of the mean of −ln p"),
        ]),
        mistakes=(
            Mistake("sign", "a sign error: exp(mean(ln pₜ)) is 1/perplexity; use exp(−mean(ln pₜ))",
                    predict=lambda f, args, right: 1 / _float_array(right)),
            Mistake("no exp", "that is the mean −ln pₜ, the cross-entropy in nats; perplexity is its "
                    "exponential", predict=lambda f, args, right: np.log(right)),
            Mistake("sum", "you summed the −ln pₜ instead of averaging them: divide by the number of tokens",
                    predict=lambda f, args, right: _float_array(right) ** np.size(args[0])),
            Mistake("mixed bases", "mixed bases: the mean of −ln pₜ is in nats, so exponentiate with e "
                    "(np.exp), not 2", predict=lambda f, args, right: measures.perplexity_from_nll(
                        np.log(right), base=2)),
            _predicts("arithmetic mean", "that is the arithmetic mean of 1/pₜ; perplexity is the geometric "
                      "mean, exp(mean(−ln pₜ))", lambda t: np.mean(1 / _float_array(t)))),
        hint_text="PP = exp(mean(−ln pₜ)) — the geometric mean of 1/pₜ, not the arithmetic one.",
        solution_text="def my_perplexity(token_probs):\n"
                      "    return np.exp(-np.mean(np.log(token_probs)))",
    ),
    "uniform_perplexity": Exercise(
        key="uniform_perplexity",
        title="perplexity of a uniform model over 50 tokens",
        kind="number",
        expected=float(measures.distribution_perplexity([1 / 50] * 50)),
        mistakes=(
            _predicts("entropy in bits", "that is the entropy log₂ 50 in bits; perplexity is 2 to that power",
                      _number(measures.entropy([1 / 50] * 50))),
            _predicts("entropy in nats", "that is the entropy ln 50 in nats; perplexity is e to that power",
                      _number(measures.entropy([1 / 50] * 50, base=math.e))),
            _predicts("probability", "1/50 is each token's probability; perplexity is its inverse",
                      _number(1 / 50))),
        hint_text="Each token gets probability 1/50.",
        solution_text="exp(−ln(1/50)) = 50: as confused as choosing among 50 options.",
    ),
    "bpc_to_perplexity": Exercise(
        key="bpc_to_perplexity",
        title="perplexity per character at 1.3 bits per character",
        kind="number",
        expected=float(measures.perplexity_from_nll(1.3, base=2)),
        mistakes=(
            _predicts("base e", "e ** 1.3 uses the wrong base: 1.3 is in bits, so the perplexity is 2 ** 1.3",
                      _number(measures.perplexity_from_nll(1.3))),
            Mistake("sign", "a sign error: 2 ** −1.3 is 1/perplexity",
                    predict=lambda f, args, right: 1 / right),
            _predicts("loss", "1.3 is the loss in bits per character; perplexity is 2 to that power",
                      _number(1.3))),
        hint_text="Perplexity is base ** (mean loss in that base's unit): here 2 ** bits.",
        solution_text="2 ** 1.3 ≈ 2.46: perplexity_from_nll(1.3, base=2).",
    ),
}


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

__all__ += [name for name in list(globals()) if name.startswith("check_")]
