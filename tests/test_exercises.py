"""The exercise checkers: right answers pass, wrong ones get specific feedback."""

import numpy as np
import pytest

from infotheory_lib import exercises as ex

CORRECT_FUNCTIONS = {
    "surprise": lambda p: -np.log2(p),
    "entropy": lambda p: -np.sum([x * np.log2(x) for x in p if x > 0]),
    "cross_entropy": lambda p, q: -np.sum([a * np.log(b) for a, b in zip(p, q, strict=True) if a > 0]),
    "log_softmax": lambda z: np.asarray(z) - np.max(z) - np.log(np.sum(np.exp(np.asarray(z) - np.max(z)))),
    "kl": lambda p, q: np.sum([a * np.log(a / b) for a, b in zip(p, q, strict=True) if a > 0]),
    "vae_kl": lambda mu, lv: -0.5 * np.sum(1 + np.asarray(lv) - np.asarray(mu) ** 2 - np.exp(lv)),
    "mutual_information": lambda j: float(
        np.sum([
            v * np.log2(v / (np.sum(j, axis=1)[i] * np.sum(j, axis=0)[k]))
            for i, row in enumerate(j) for k, v in enumerate(row) if v > 0
        ])
    ),
    "perplexity": lambda t: np.exp(-np.mean(np.log(t))),
}

CORRECT_NUMBERS = {
    "die_six": np.log2(6),
    "three_heads": 3.0,
    "max_entropy": 3.0,
    "zero_differential_entropy": 1 / np.sqrt(2 * np.pi * np.e),
    "loss_quarter": np.log(4),
    "mi_copy": np.log2(6),
    "uniform_perplexity": 50.0,
    "bpc_to_perplexity": 2**1.3,
}


def _mi_from_labels(x, y):
    xs, xi = np.unique(x, return_inverse=True)
    ys, yi = np.unique(y, return_inverse=True)
    joint = np.zeros((len(xs), len(ys)))
    np.add.at(joint, (xi, yi), 1)
    return CORRECT_FUNCTIONS["mutual_information"](joint / len(x))


CORRECT_FUNCTIONS["mi_from_labels"] = _mi_from_labels


def test_every_exercise_has_a_correct_answer_here():
    answered = set(CORRECT_FUNCTIONS) | set(CORRECT_NUMBERS) | {"kl_infinite"}
    assert answered == set(ex.EXERCISES)


@pytest.mark.parametrize("name", sorted(CORRECT_FUNCTIONS))
def test_correct_function_passes(name, capsys):
    assert ex.EXERCISES[name].check(CORRECT_FUNCTIONS[name]) is True
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(CORRECT_NUMBERS))
def test_correct_number_passes_and_a_wrong_one_fails(name, capsys):
    assert ex.EXERCISES[name].check(CORRECT_NUMBERS[name]) is True
    assert ex.EXERCISES[name].check(CORRECT_NUMBERS[name] * 1.5 + 0.1) is False
    assert "not right yet" in capsys.readouterr().out


def test_choice():
    assert ex.EXERCISES["kl_infinite"].check("KL(p||q)") is True
    assert ex.EXERCISES["kl_infinite"].check("KL(q||p)") is False


def test_check_functions_print_and_return_nothing(capsys):
    assert ex.check_kl_infinite("KL(p||q)") is None
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(ex.EXERCISES))
def test_blank_answers_say_not_yet_without_raising(name, capsys):
    def blank(*args):
        ...

    assert ex.EXERCISES[name].check(...) is False
    out = capsys.readouterr().out
    assert "Not yet" in out
    if ex.EXERCISES[name].kind == "function":
        assert ex.EXERCISES[name].check(blank) is False
        assert "Not yet" in capsys.readouterr().out


def test_entropy_without_zero_handling_is_caught_on_the_one_hot_case(capsys):
    naive = lambda p: -np.sum(np.asarray(p) * np.log2(p))  # noqa: E731 - nan at p = 0
    assert ex.EXERCISES["entropy"].check(naive) is False
    out = capsys.readouterr().out
    assert "returned nan" in out and "0·log 0" in out


def test_naive_log_softmax_is_caught_on_huge_logits(capsys):
    naive = lambda z: np.log(np.exp(z) / np.sum(np.exp(z)))  # noqa: E731
    assert ex.EXERCISES["log_softmax"].check(naive) is False
    assert "huge logits" in capsys.readouterr().out


def test_natural_log_instead_of_bits_is_wrong(capsys):
    assert ex.EXERCISES["surprise"].check(lambda p: -np.log(p)) is False
    assert "expected 1" in capsys.readouterr().out


def test_a_function_that_raises_gets_its_error_reported(capsys):
    def broken(p):
        raise ZeroDivisionError("oops")

    assert ex.EXERCISES["entropy"].check(broken) is False
    assert "ZeroDivisionError: oops" in capsys.readouterr().out


def test_passing_a_call_result_instead_of_a_function(capsys):
    assert ex.EXERCISES["entropy"].check(1.0) is False
    assert "Expected a function" in capsys.readouterr().out


def test_hint_and_solution_print_on_request(capsys):
    ex.hint("entropy")
    ex.solution("entropy")
    out = capsys.readouterr().out
    assert "Hint" in out and "def my_entropy" in out


def test_unknown_exercise_name_is_a_clear_error():
    with pytest.raises(ValueError, match="no exercise named 'entropi'"):
        ex.hint("entropi")


def test_solutions_are_correct_when_executed(capsys):
    namespace = {"np": np}
    for name, exercise in ex.EXERCISES.items():
        if exercise.kind != "function":
            continue
        exec(exercise.solution_text, namespace)  # defines my_* functions
        fn_name = exercise.solution_text.split("def ", 1)[1].split("(", 1)[0]
        if name == "mi_from_labels":
            fn_name = "my_mi_labels"
        assert exercise.check(namespace[fn_name]) is True, name


def test_every_exercise_knows_its_name():
    assert all(exercise.key == name for name, exercise in ex.EXERCISES.items())


@pytest.mark.parametrize("name", sorted(n for n, e in ex.EXERCISES.items() if e.kind != "function"))
def test_feedback_points_to_the_hint_by_name(name, capsys):
    exercise = ex.EXERCISES[name]
    exercise.check("not an answer at all" if exercise.kind == "choice" else -12345.0)
    assert f'hint("{name}")' in capsys.readouterr().out
