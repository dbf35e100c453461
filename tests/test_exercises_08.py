"""The exercises of notebook 08 (soft targets): right answers in any form pass, known mistakes are named."""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from scipy.special import softmax as scipy_softmax

import infotheory_lib as it
from infotheory_lib import exercises as ex
from infotheory_lib.models import distillation_gradient, distillation_loss, label_smoothing_floor

NAMES = ("soft_targets", "smoothing_floor", "t_squared", "high_t_limit")
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "08_distillation_and_label_smoothing.ipynb"


def _stable(logits, T):
    z = np.asarray(logits, dtype=float) / T
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _naive(logits, T):
    e = np.exp(np.asarray(logits) / T)
    return e / e.sum(axis=-1, keepdims=True)


def _columns(logits, T):
    z = np.asarray(logits, dtype=float) / T
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def _axis_one(logits, T):
    z = np.asarray(logits, dtype=float) / T
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _whole_batch(logits, T):
    z = np.asarray(logits, dtype=float) / T
    e = np.exp(z - z.max())
    return e / e.sum()


RIGHT_FUNCTIONS = [
    _stable,
    lambda z, T: it.softmax(z, temperature=T),
    lambda z, T: it.models.soft_targets(z, T),
    lambda z, T: scipy_softmax(z / T, axis=-1),
    lambda z, T: np.exp(it.log_softmax(z / T)),
    lambda z, T: _stable(z, T).astype(np.float32),  # float32 is close enough
    lambda z, T: _stable(z, T).tolist(),  # nested lists back
]

WRONG_FUNCTIONS = [
    (_naive, "overflow"),
    (lambda z, T: _stable(z, 1.0), "divide the logits by T"),
    (lambda z, T: _stable(z * T, 1.0), "you multiplied the logits by T"),
    (_columns, "each column sums to 1"),
    (_axis_one, "axis=1 is the last axis only of a 2-D array"),
    (_whole_batch, "normalized over the whole batch"),
    (lambda z, T: scipy_softmax(z / T), "normalized over the whole batch"),  # scipy without axis
    (lambda z, T: np.log(_stable(z, T)), "log-probabilities"),
    (lambda z, T: _stable(z, T)[..., :-1], "expected"),  # no named mistake: the generic message
    (lambda z, T: float(np.max(_stable(z, T))), "expected"),
    (lambda z, T: {}["oops"], "raised KeyError"),
]


@pytest.mark.parametrize("fn", RIGHT_FUNCTIONS, ids=range(len(RIGHT_FUNCTIONS)))
def test_soft_targets_accepts_right_functions(fn, capsys):
    assert ex.EXERCISES["soft_targets"].check(fn) is True, capsys.readouterr().out


@pytest.mark.parametrize(("fn", "message"), WRONG_FUNCTIONS, ids=[m[:24] for _, m in WRONG_FUNCTIONS])
def test_soft_targets_names_the_mistake(fn, message, capsys):
    assert ex.EXERCISES["soft_targets"].check(fn) is False
    out = capsys.readouterr().out
    assert message in out and "Traceback" not in out, out


def test_soft_targets_cases_cover_overflow_uniform_sharpening_and_batches():
    cases = ex.EXERCISES["soft_targets"].cases
    shapes = [np.shape(args[0]) for args, _, _ in cases]
    temperatures = [args[1] for args, _, _ in cases]
    assert len(shapes[0]) == 2 and shapes[0][0] != shapes[0][1], "a non-square batch first"
    assert any(len(s) == 3 for s in shapes) and any(len(s) == 1 for s in shapes)
    assert max(temperatures) >= 1e6 and min(temperatures) < 1
    huge = max(np.max(np.abs(args[0])) / args[1] for args, _, _ in cases)
    assert huge > 710, "a case where exp(z / T) overflows float64"
    for args, want, _ in cases:
        np.testing.assert_allclose(np.sum(want, axis=-1), 1.0)
        np.testing.assert_allclose(want, it.softmax(args[0], temperature=args[1]))
    uniform = next(want for args, want, _ in cases if args[1] >= 1e6)
    np.testing.assert_allclose(uniform, 1 / 3, atol=1e-5)


def test_soft_targets_passes_numpy_arrays(capsys):
    seen = []

    def spy(z, T):
        seen.append((type(z), np.ndim(T)))
        return _stable(z, T)

    assert ex.EXERCISES["soft_targets"].check(spy) is True
    assert all(kind is np.ndarray and ndim == 0 for kind, ndim in seen)


# ---- the floor of label smoothing ---------------------------------------------------------------------------

FLOOR = -(0.9001 * math.log(0.9001)) - 999 * 0.0001 * math.log(0.0001)  # K = 1000, ε = 0.1


def test_the_floor_is_the_library_value():
    assert ex.EXERCISES["smoothing_floor"].expected == pytest.approx(float(label_smoothing_floor(1000, 0.1)))
    assert pytest.approx(1.0148, abs=5e-5) == FLOOR


@pytest.mark.parametrize("value", [FLOOR, 1.0148, "1.01", "1.015", 1.01485, np.float32(1.0148), "1.0148"])
def test_smoothing_floor_right_numbers(value, capsys):
    assert ex.EXERCISES["smoothing_floor"].check(value) is True, capsys.readouterr().out


SMOOTHING_WRONG = [
    (1.0158, "another convention, ε/(K − 1)"),
    (1.016, "another convention, ε/(K − 1)"),
    (0.9201, "only the 999 wrong classes"),
    (0.5003, "the 10 classes of the digits"),
    (1.4641, "in bits; this exercise wants nats"),
    (0, "0 is the floor of a one-hot target"),
    (6.908, "ln 1000 is the entropy of the uniform target"),
    (1, "give more digits"),
    (1.03, "close"),
    (1.2, "not right yet"),
    ("one nat", "Expected a number"),
]


@pytest.mark.parametrize(("value", "message"), SMOOTHING_WRONG)
def test_smoothing_floor_wrong_numbers(value, message, capsys):
    assert ex.EXERCISES["smoothing_floor"].check(value) is False
    out = capsys.readouterr().out
    assert message in out, out


# ---- the two questions ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        ("t_squared", "16 times weaker"),
        ("t_squared", " 16 Times Weaker "),
        ("high_t_limit", "matching the logits"),
        ("high_t_limit", "Matching the logits"),
    ],
)
def test_questions_accept_and_explain_the_answer(name, answer, capsys):
    assert ex.EXERCISES[name].check(answer) is True
    assert "Why: " + ex.EXERCISES[name].explanation in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "answer", "message"),
    [
        ("t_squared", "4 times weaker", "shrinks like 1/T too"),
        ("t_squared", "unchanged", "that is why the T² is there"),
        ("t_squared", "16 times stronger", "weaker, not stronger"),
        ("t_squared", 16, "not one of the options"),
        ("high_t_limit", "zero", "makes up for it exactly"),
        ("high_t_limit", "the hard-label loss", "never sees the labels"),
        ("high_t_limit", "infinite", "stays finite"),
    ],
)
def test_questions_explain_a_wrong_answer(name, answer, message, capsys):
    assert ex.EXERCISES[name].check(answer) is False
    out = capsys.readouterr().out
    assert message in out and f'hint("{name}")' in out, out


def test_the_t_squared_answer_holds_at_high_temperature():
    """Without T², a fourfold temperature divides the soft gradient by about 16 (T well above the logits' spread)."""
    rng = np.random.default_rng(0)
    z, v = rng.normal(0, 2, (50, 10)), rng.normal(0, 2, (50, 10))
    y = rng.integers(0, 10, 50)

    def unscaled(T):
        return np.linalg.norm(distillation_gradient(z, v, y, temperature=T, alpha=0.0)) / T**2

    assert unscaled(20.0) / unscaled(80.0) == pytest.approx(16.0, rel=0.02)


def test_the_high_temperature_limit_is_logit_matching():
    """T²·KL(p^T‖q^T) → Σ_c (z̄_c − v̄_c)² / (2K), averaged over examples, as the explanation says."""
    rng = np.random.default_rng(1)
    z, v = rng.normal(0, 3, (20, 10)), rng.normal(0, 3, (20, 10))
    y = rng.integers(0, 10, 20)
    zc, vc = z - z.mean(-1, keepdims=True), v - v.mean(-1, keepdims=True)
    limit = np.mean(np.sum((zc - vc) ** 2, axis=-1) / (2 * 10))
    assert distillation_loss(z, v, y, temperature=1e3, alpha=0.0) == pytest.approx(limit, rel=1e-3)


def test_solutions_pass_their_own_checks(capsys):
    namespace = {"np": np, "it": it}
    exec(ex.EXERCISES["soft_targets"].solution_text, namespace)
    assert ex.EXERCISES["soft_targets"].check(namespace["my_soft_targets"]) is True
    assert "1.0148" in ex.EXERCISES["smoothing_floor"].solution_text
    assert ex.EXERCISES["smoothing_floor"].check("1.0148") is True
    for name in ("t_squared", "high_t_limit"):
        exercise = ex.EXERCISES[name]
        assert exercise.solution_text.startswith(f"'{exercise.expected}'")


@pytest.mark.parametrize("name", NAMES)
def test_blank_answers_and_checkers(name, capsys):
    assert ex.EXERCISES[name].check(...) is False
    assert "Not yet" in capsys.readouterr().out
    assert getattr(ex, f"check_{name}")(...) is None


def test_every_mistake_is_exercised_here():
    messages = [m for _, m in WRONG_FUNCTIONS]
    for mistake in ex.EXERCISES["soft_targets"].mistakes:
        assert any(m in mistake.message for m in messages), mistake.name
    number_messages = [m for _, m in SMOOTHING_WRONG]
    for mistake in ex.EXERCISES["smoothing_floor"].mistakes:
        assert any(m in mistake.message for m in number_messages), mistake.name


def test_the_notebook_uses_every_exercise_and_has_a_function_and_a_question():
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    called = set(re.findall(r"^check_(\w+)\(", code, flags=re.M))
    assert called == set(NAMES)
    imports = next(c.source for c in cells if c.cell_type == "code")
    assert all(f"check_{name}" in imports for name in NAMES)
    kinds = {ex.EXERCISES[n].kind for n in called}
    assert {"function", "choice"} <= kinds
