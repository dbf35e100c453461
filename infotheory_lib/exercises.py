"""Auto-checked exercises for the notebooks, in the spirit of ``q1.check()``.

Each exercise is an :class:`Exercise` with three methods:

- ``check(answer)`` compares a learner's function or number with the
  library on normal and edge cases (zeros, uniform, one-hot) and prints
  friendly feedback saying what is wrong;
- ``hint()`` prints a nudge;
- ``solution()`` prints a worked solution (only when asked).

The notebooks call them through ``check_*`` names, e.g.
``check_entropy(my_entropy)``, then ``hint("entropy")`` or
``solution("entropy")``. A blank answer
(``...`` or a function whose body is still ``...``) gets a friendly
"not yet", never an exception.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np

from . import estimators, losses, measures
from .gaussian import gaussian_entropy, kl_gaussian

__all__ = ["Exercise", "EXERCISES", "hint", "solution"]

_NOT_YET = "⏳ Not yet: replace the `...` with your answer, run the cell, then check again."


def _show(text: str) -> None:
    print(text)


def _is_blank(answer) -> bool:
    return answer is ... or answer is None


def _fmt(x) -> str:
    if isinstance(x, (list, tuple, np.ndarray)):
        return "[" + ", ".join(_fmt(v) for v in np.ravel(x)) + "]"
    if isinstance(x, float) and math.isinf(x):
        return "inf"
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    return f"{float(x):.6g}"


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
    rtol : float
        Relative tolerance for numeric comparisons.
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

    # -- internals -----------------------------------------------------------
    def _close(self, got, want) -> bool:
        got = np.asarray(got, dtype=float)
        want = np.asarray(want, dtype=float)
        if got.shape != want.shape:
            return False
        return bool(np.allclose(got, want, rtol=self.rtol, atol=self.atol, equal_nan=False))

    def _check_function(self, fn) -> bool:
        if not callable(fn):
            _show(f"🤔 Expected a function, got {type(fn).__name__}. Pass the function itself, "
                  "without calling it: check(my_function), not check(my_function()).")
            return False
        for args, want, note in self.cases:
            shown_args = ", ".join(_fmt(a) for a in args)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # the learner's numpy warnings are not the point here
                    got = fn(*args)
            except Exception as exc:  # a learner's bug: report it kindly
                _show(f"❌ Calling your function with ({shown_args}) raised "
                      f"{type(exc).__name__}: {exc}\n   Case: {note}.")
                return False
            if _is_blank(got):
                _show(_NOT_YET + " (your function returned None)")
                return False
            try:
                ok = self._close(got, want)
            except (TypeError, ValueError):
                ok = False
            if not ok:
                _show(f"❌ For ({shown_args}) your function returned {_fmt(got)}, "
                      f"expected {_fmt(want)}.\n   Case: {note}.")
                return False
        return True

    def _check_number(self, value) -> bool:
        try:
            got = float(value)
        except (TypeError, ValueError):
            _show(f"🤔 Expected a number, got {value!r}.")
            return False
        if self._close(got, self.expected):
            return True
        _show(f"❌ {_fmt(got)} is not right yet. Try hint(\"{self.key}\") for a nudge.")
        return False

    def _check_choice(self, value) -> bool:
        if str(value).strip().lower() == str(self.expected).lower():
            return True
        _show(f"❌ {value!r} is not the answer. Try hint(\"{self.key}\") for a nudge.")
        return False


def _cases(fn, rows):
    """Build ``(args, expected, note)`` cases with the library function ``fn``."""
    return [(args, fn(*args), note) for args, note in rows]


_EYE = [1.0, 0.0, 0.0, 0.0]
_UNIFORM = [0.25, 0.25, 0.25, 0.25]

EXERCISES: dict[str, Exercise] = {
    # ---- 01 information content ---------------------------------------------
    "surprise": Exercise(
        key="surprise",
        title="surprise in bits",
        kind="function",
        cases=_cases(measures.surprise, [
            ((0.5,), "a fair coin flip carries 1 bit"),
            ((0.25,), "probability 1/4 is 2 bits"),
            ((1.0,), "a certain event carries 0 bits"),
            ((0.01,), "a rare event carries many bits"),
        ]),
        hint_text="Surprise is −log₂ p. numpy has np.log2.",
        solution_text="def my_surprise(p):\n    return -np.log2(p)",
    ),
    "die_six": Exercise(
        key="die_six",
        title="surprise of rolling a six",
        kind="number",
        expected=float(measures.surprise(1 / 6)),
        rtol=1e-3,
        hint_text="A fair die gives each face probability 1/6; surprise is −log₂ p.",
        solution_text="−log₂(1/6) = log₂ 6 ≈ 2.585 bits:  -np.log2(1/6)",
    ),
    "three_heads": Exercise(
        key="three_heads",
        title="surprise of three heads in a row",
        kind="number",
        expected=float(measures.surprise(0.5**3)),
        rtol=1e-3,
        hint_text="Independent events multiply their probabilities, so their surprises add.",
        solution_text="P = (1/2)³ = 1/8, so −log₂(1/8) = 3 bits: one bit per fair flip.",
    ),
    # ---- 02 entropy -----------------------------------------------------------
    "entropy": Exercise(
        key="entropy",
        title="entropy in bits",
        kind="function",
        cases=_cases(measures.entropy, [
            (([0.5, 0.5],), "a fair coin has 1 bit"),
            ((_UNIFORM,), "uniform over 4 outcomes has log₂ 4 = 2 bits"),
            ((_EYE,), "a certain outcome has 0 bits — and 0·log 0 counts as 0"),
            (([0.1, 0.1, 0.5, 0.1, 0.1, 0.1],), "the article's loaded die"),
        ]),
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
        rtol=1e-3,
        hint_text="For n equally likely outcomes, H = log₂ n.",
        solution_text="log₂ 8 = 3 bits: three yes/no questions pick one of 8.",
    ),
    "zero_differential_entropy": Exercise(
        key="zero_differential_entropy",
        title="the σ where a Gaussian's differential entropy is 0",
        kind="number",
        expected=1 / math.sqrt(2 * math.pi * math.e),
        rtol=1e-3,
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
        cases=_cases(lambda p, q: measures.cross_entropy(p, q, base=math.e), [
            (([0, 0, 1], [0.05, 0.05, 0.90]), "the article's good prediction"),
            (([0, 0, 1], [0.7, 0.2, 0.1]), "the article's wrong prediction"),
            ((_UNIFORM, _UNIFORM), "H(p, p) = H(p) = ln 4"),
            (([0.5, 0.5, 0], [0.25, 0.25, 0.5]), "terms with pᵢ = 0 contribute nothing"),
        ]),
        hint_text="H(p, q) = −Σ pᵢ ln qᵢ over the i with pᵢ > 0 (np.log is ln).",
        solution_text="def my_cross_entropy(p, q):\n    p, q = np.asarray(p, float), np.asarray(q, float)\n"
                      "    m = p > 0\n    return -np.sum(p[m] * np.log(q[m]))",
    ),
    "log_softmax": Exercise(
        key="log_softmax",
        title="a stable log-softmax",
        kind="function",
        cases=_cases(losses.log_softmax, [
            (([1.0, 2.0, 3.0],), "ordinary logits"),
            (([0.0, 0.0],), "equal logits give ln ½ each"),
            (([1000.0, 0.0, -1000.0],), "huge logits: exp(1000) overflows unless you subtract the max"),
        ]),
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
        rtol=1e-3,
        hint_text="With a one-hot target the cross-entropy is −ln ŷ(true class).",
        solution_text="−ln 0.25 = ln 4 ≈ 1.386 nats (= 2 bits).",
    ),
    # ---- 04 KL divergence --------------------------------------------------------
    "kl": Exercise(
        key="kl",
        title="KL divergence D(p‖q) in nats",
        kind="function",
        cases=_cases(lambda p, q: measures.kl_divergence(p, q, base=math.e), [
            ((_UNIFORM, [0.3, 0.2, 0.3, 0.2]), "the article's q1"),
            ((_UNIFORM, _UNIFORM), "D(p‖p) = 0"),
            (([0.5, 0.5, 0, 0], _UNIFORM), "terms with pᵢ = 0 contribute nothing"),
            (([0.3, 0.2, 0.3, 0.2], _UNIFORM), "the other direction (it differs!)"),
        ]),
        hint_text="D(p‖q) = Σ pᵢ ln(pᵢ/qᵢ) over the i with pᵢ > 0.",
        solution_text="def my_kl(p, q):\n    p, q = np.asarray(p, float), np.asarray(q, float)\n"
                      "    m = p > 0\n    return np.sum(p[m] * np.log(p[m] / q[m]))",
    ),
    "kl_infinite": Exercise(
        key="kl_infinite",
        title="which KL is infinite",
        kind="choice",
        expected="KL(p||q)",
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
        cases=_cases(kl_gaussian, [
            (([0.5, -0.3, 0.1], [-0.5, 0.2, -0.1]), "the article's example"),
            (([0.0, 0.0], [0.0, 0.0]), "q = N(0, I) equals the prior: KL = 0"),
            (([2.0], [0.0]), "only the mean moved: KL = μ²/2"),
        ]),
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
        cases=_cases(measures.mutual_information, [
            (([[0.5, 0.0], [0.0, 0.5]],), "Y = X for a fair coin: 1 bit"),
            (([[0.25, 0.25], [0.25, 0.25]],), "independent: 0 bits"),
            (([[0.4, 0.1], [0.2, 0.3]],), "a general table"),
        ]),
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
        rtol=1e-3,
        hint_text="I(X; X) = H(X) − H(X | X), and knowing X leaves no uncertainty about X.",
        solution_text="I(X; X) = H(X) = log₂ 6 ≈ 2.585 bits.",
    ),
    "mi_from_labels": Exercise(
        key="mi_from_labels",
        title="plug-in MI of two label lists, in bits",
        kind="function",
        cases=_cases(estimators.mutual_information_from_samples, [
            (([0, 0, 1, 1], [0, 0, 1, 1]), "identical labels: H = 1 bit"),
            (([0, 0, 1, 1], [0, 1, 0, 1]), "independent labels: 0 bits"),
            (([0, 1, 2, 0, 1, 2], [0, 1, 1, 0, 1, 1]), "a coarser copy: I = H(Y)"),
        ]),
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
        cases=_cases(measures.perplexity, [
            (([0.25, 0.25, 0.25],), "always 1/4: perplexity 4"),
            (([1.0, 1.0],), "a perfect model: perplexity 1"),
            (([0.5, 0.1, 0.9, 0.3],), "mixed probabilities: exp of the mean of −ln p"),
        ]),
        hint_text="PP = exp(mean(−ln pₜ)) — the geometric mean of 1/pₜ, not the arithmetic one.",
        solution_text="def my_perplexity(token_probs):\n"
                      "    return np.exp(-np.mean(np.log(token_probs)))",
    ),
    "uniform_perplexity": Exercise(
        key="uniform_perplexity",
        title="perplexity of a uniform model over 50 tokens",
        kind="number",
        expected=float(measures.distribution_perplexity([1 / 50] * 50)),
        rtol=1e-3,
        hint_text="Each token gets probability 1/50.",
        solution_text="exp(−ln(1/50)) = 50: as confused as choosing among 50 options.",
    ),
    "bpc_to_perplexity": Exercise(
        key="bpc_to_perplexity",
        title="perplexity per character at 1.3 bits per character",
        kind="number",
        expected=float(measures.perplexity_from_nll(1.3, base=2)),
        rtol=1e-3,
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
