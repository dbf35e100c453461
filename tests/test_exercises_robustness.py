"""The exercise checkers cannot be broken or fooled by a learner's function (issue 14).

- a function that edits its input changes nothing for the next check (fresh deep copies);
- a lookup table of the visible cases fails (hidden random cases, drawn anew per check);
- a return value that cannot be judged gets a friendly message, never an exception;
- complex results and numeric strings are rejected with a message saying why;
- feedback is capped; ``SystemExit`` is reported, ``KeyboardInterrupt`` goes through.
"""

from __future__ import annotations

import numpy as np
import pytest

from infotheory_lib import exercises as ex
from infotheory_lib import measures

FUNCTION_KEYS = [key for key, e in ex.EXERCISES.items() if e.kind == "function"]


def _entropy(p):
    return measures.entropy(np.asarray(p, dtype=float))


def _reference_answer(key):
    """A correct learner's function: the exercise's own library reference."""
    reference = ex.EXERCISES[key].reference
    return lambda *args: reference(*args)


def _check(key, fn, capsys):
    ok = ex.EXERCISES[key].check(fn)
    return ok, capsys.readouterr().out


# -- fresh copies ----------------------------------------------------------------


def _vandal(n_args):
    """Edits every argument in place (lists and arrays), then answers nonsense."""

    def fn(*args):
        for a in args:
            if isinstance(a, (list, np.ndarray)) and len(a):
                a[0] = 0.9
        return 1.0

    assert n_args >= 1
    return fn


@pytest.mark.parametrize(
    "key", ["entropy", "cross_entropy", "kl", "ce_rows", "kl_rows", "mutual_information"]
)
def test_a_function_that_edits_its_input_does_not_corrupt_the_cases(key, capsys):
    before = repr(ex.EXERCISES[key].cases)
    ok, _ = _check(key, _vandal(2), capsys)
    assert not ok
    assert repr(ex.EXERCISES[key].cases) == before
    ok, out = _check(key, _reference_answer(key), capsys)
    assert ok, out
    assert "✅" in out


def test_the_documented_reproducer_of_the_issue(capsys):
    ex.check_entropy(lambda p: (p.__setitem__(0, 0.9), 1.0)[1])
    capsys.readouterr()
    ex.check_entropy(_entropy)
    assert "✅ Correct" in capsys.readouterr().out


@pytest.mark.parametrize("key", FUNCTION_KEYS)
def test_the_reference_passes_visible_and_hidden_cases(key, capsys):
    for _ in range(3):  # three checks: three different draws of the hidden cases
        ok, out = _check(key, _reference_answer(key), capsys)
        assert ok, out


# -- hidden cases ------------------------------------------------------------------


def _key(args):
    """The values of a case's arguments, whatever container or dtype they arrive in."""
    parts = []
    for a in args:
        try:
            arr = np.asarray(a, dtype=float)
            parts.append((arr.shape, tuple(np.round(arr.ravel(), 12))))
        except (TypeError, ValueError):
            parts.append(repr(np.asarray(a).tolist()))
    return repr(parts)


@pytest.mark.parametrize("key", FUNCTION_KEYS)
def test_a_lookup_table_of_the_visible_cases_fails(key, capsys):
    exercise = ex.EXERCISES[key]
    table = {_key(args): want for args, want, _ in exercise.cases}

    def lookup(*args):
        return table[_key(args)]

    ok, out = _check(key, lookup, capsys)
    assert not ok, out
    assert "hidden random variant" in out


@pytest.mark.parametrize("key", FUNCTION_KEYS)
def test_every_function_exercise_has_hidden_cases_that_differ_from_the_visible_ones(key):
    exercise = ex.EXERCISES[key]
    cases = list(exercise._fresh_cases())
    hidden = cases[len(exercise.cases) :]
    assert hidden, key
    visible = {_key(args) for args, _, _ in exercise.cases}
    for args, _want, note in hidden:
        assert _key(args) not in visible
        assert "hidden" in note


def test_hidden_cases_change_from_one_check_to_the_next():
    exercise = ex.EXERCISES["entropy"]
    first = [args for args, _, _ in list(exercise._fresh_cases())[len(exercise.cases) :]]
    second = [args for args, _, _ in list(exercise._fresh_cases())[len(exercise.cases) :]]
    assert repr(first) != repr(second)


def test_hidden_probability_vectors_stay_distributions_with_their_zeros():
    rng = np.random.default_rng(0)
    p = [0.5, 0.0, 0.25, 0.25]
    for _ in range(20):
        (q,) = ex._random_variant((p,), rng)
        assert isinstance(q, list)
        assert sum(q) == pytest.approx(1.0, abs=1e-12)
        assert sorted(q).count(0.0) == 1


# -- return values that cannot be judged -------------------------------------------


class _BadArray:
    def __array__(self, *args, **kwargs):
        raise RuntimeError("boom")


def _gen(p):
    return (v for v in [1.0])


UNJUDGEABLE = {
    "str": (lambda p: str(float(_entropy(p))), "not a string"),
    "numeric str of the right value": (lambda p: f"{float(_entropy(p))!r}", "text"),
    "dict": (lambda p: {"H": 1.0}, "dict"),
    "complex": (lambda p: complex(float(_entropy(p)), 5.0), "complex"),
    "complex with zero imaginary part": (lambda p: np.complex128(float(_entropy(p))), "complex"),
    "complex array": (lambda p: np.array([_entropy(p)], dtype=complex), "complex"),
    "generator": (_gen, "generator"),
    "ragged list": (lambda p: [[1.0, 2.0], [3.0]], "ragged"),
    "failing __array__": (lambda p: _BadArray(), "RuntimeError: boom"),
    "set": (lambda p: {1.0}, "set"),
    "object": (lambda p: object(), "object"),
}


@pytest.mark.parametrize("label", list(UNJUDGEABLE))
def test_an_unjudgeable_return_gets_a_friendly_message_not_an_exception(label, capsys):
    fn, word = UNJUDGEABLE[label]
    ok, out = _check("entropy", fn, capsys)
    assert ok is False
    assert word in out
    assert "🤔" in out


def test_a_string_that_holds_the_right_number_does_not_pass(capsys):
    ok, out = _check("entropy", lambda p: str(float(_entropy(p))), capsys)
    assert not ok
    assert "not a string" in out


def test_a_complex_result_does_not_pass_whatever_its_imaginary_part(capsys):
    for imag in (0.0, 1e-300, 5.0):
        ok, out = _check("entropy", lambda p, imag=imag: complex(float(_entropy(p)), imag), capsys)
        assert not ok
        assert "complex" in out and "real" in out


@pytest.mark.parametrize("key", ["cross_entropy", "kl", "mutual_information", "ece", "split_gain"])
def test_unjudgeable_returns_in_other_exercises(key, capsys):
    for fn, _ in UNJUDGEABLE.values():
        ok, out = _check(key, lambda *args, fn=fn: fn(args[0]), capsys)
        assert ok is False
        assert out.strip()


# -- output cap, SystemExit, KeyboardInterrupt ---------------------------------------


def test_feedback_is_capped_for_a_huge_return(capsys):
    ok, out = _check("entropy", lambda p: np.arange(10**6, dtype=float), capsys)
    assert not ok
    assert len(out) < 1000
    assert "..." in out


def test_feedback_is_capped_for_a_huge_list_and_a_huge_repr(capsys):
    class Loud:
        def __repr__(self):
            return "x" * 10**6

    for value in (list(range(10**5)), [[0.0] * 1000] * 1000, Loud()):
        ok, out = _check("entropy", lambda p, value=value: value, capsys)
        assert not ok
        assert len(out) < 1000


def test_fmt_never_exceeds_the_cap():
    assert len(ex._fmt(np.arange(10**6))) <= ex.MAX_SHOWN
    assert len(ex._fmt("y" * 10**5)) <= ex.MAX_SHOWN
    assert ex._fmt([0.5, 0.25]) == "[0.5, 0.25]"


def test_system_exit_from_a_learner_function_is_reported(capsys):
    def leaves(p):
        raise SystemExit(3)

    ok, out = _check("entropy", leaves, capsys)
    assert not ok
    assert "SystemExit" in out


def test_system_exit_inside_a_mistake_candidate_is_contained(capsys):
    # the swapped-arguments diagnosis calls the learner's function again, with (q, p)
    def exits_when_swapped(p, q):
        if np.asarray(p, dtype=float)[0] != 1.0 and np.asarray(q, dtype=float)[0] == 1.0:
            raise SystemExit(1)
        return 12.0

    ok, out = _check("kl", exits_when_swapped, capsys)
    assert not ok
    assert "❌" in out


def test_keyboard_interrupt_goes_through():
    def interrupted(p):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ex.check_entropy(interrupted)


def test_a_complex_number_answer_says_why(capsys):
    ok = ex.EXERCISES["die_six"].check(2.58 + 1j)
    out = capsys.readouterr().out
    assert not ok
    assert "complex" in out and "real" in out
