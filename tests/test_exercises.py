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


# ---- teacher-like judging: tables of right variants and diagnosed mistakes -------------------------------

def _kl_gaussian_article(mu, log_var):  # the article's own code, verbatim: needs numpy arrays
    return -0.5 * np.sum(1 + log_var - mu**2 - np.exp(log_var))


def _cross_entropy_article(p, q):  # the article's own code, verbatim
    q = np.clip(q, 1e-15, 1 - 1e-15)
    return -np.sum(p * np.log(q))


def _kl_article(p, q):  # the article's own code, verbatim
    p = np.array(p, dtype=float)
    q = np.array(q, dtype=float)
    mask = p > 0
    return np.sum(p[mask] * np.log(p[mask] / q[mask]))


def _entropy_article(probs):  # the article's own code, verbatim
    probs = np.array(probs)
    probs = probs[probs > 0]
    return -np.sum(probs * np.log2(probs))


def _mi(j, log=np.log2):
    j = np.asarray(j, float)
    px, py = j.sum(axis=1, keepdims=True), j.sum(axis=0, keepdims=True)
    m = j > 0
    return np.sum(j[m] * log((j / (px * py))[m]))


def _joint_of_labels(x, y):
    xs, xi = np.unique(x, return_inverse=True)
    ys, yi = np.unique(y, return_inverse=True)
    joint = np.zeros((len(xs), len(ys)))
    np.add.at(joint, (xi, yi), 1)
    return joint / len(x)


RIGHT_FUNCTIONS = [
    ("surprise", lambda p: -np.log2(p)),
    ("surprise", lambda p: -__import__("math").log2(p)),  # math works: the task passes a number
    ("surprise", lambda p: np.log2(1 / p)),
    ("entropy", _entropy_article),
    ("entropy", lambda p: float(-sum(x * np.log2(x) for x in p if x > 0))),  # a Python float
    ("entropy", lambda p: [_entropy_article(p)]),  # a one-element list for a number
    ("cross_entropy", _cross_entropy_article),
    ("cross_entropy", lambda p, q: -np.sum(p[p > 0] * np.log(q[p > 0]))),  # array-only code: arrays given
    ("log_softmax", lambda z: list(z - z.max() - np.log(np.sum(np.exp(z - z.max()))))),  # a list back
    ("log_softmax", lambda z: tuple(z - np.logaddexp.reduce(z))),  # a tuple back
    ("kl", _kl_article),
    ("kl", lambda p, q: sum(a * np.log(a / b) for a, b in zip(p, q, strict=True) if a > 0)),
    ("vae_kl", _kl_gaussian_article),
    ("vae_kl", lambda mu, lv: np.float32(-0.5 * np.sum(1 + lv - mu**2 - np.exp(lv)))),  # numpy float32
    ("mutual_information", _mi),
    ("mi_from_labels", lambda x, y: _mi(_joint_of_labels(x, y))),
    ("perplexity", lambda t: np.exp(-np.mean(np.log(t)))),
    ("perplexity", lambda t: 2 ** -np.mean(np.log2(t))),
    ("perplexity", lambda t: float(np.prod(t) ** (-1 / len(t)))),
]


def _ce_argmax(p, q):
    return -np.log(np.asarray(q)[np.argmax(p)])


def _raises(*args):
    return {}["missing key"]


# (exercise, a wrong student function, a substring the feedback must contain)
WRONG_FUNCTIONS = [
    ("surprise", lambda p: -np.log(p), "in nats; this exercise wants bits"),
    ("surprise", lambda p: -np.log10(p), "in bans"),
    ("surprise", lambda p: np.log2(p), "sign error"),
    ("surprise", lambda p: 1 / p, "that is 1/p"),
    ("surprise", lambda p: p, "expected 1"),  # no named mistake: the generic message shows the answer
    ("surprise", _raises, "raised KeyError"),
    ("entropy", lambda p: -np.sum(np.asarray(p) * np.log2(p)), "0·log 0"),
    ("entropy", lambda p: _entropy_article(p) * np.log(2), "in nats; this exercise wants bits"),
    ("entropy", lambda p: -_entropy_article(p), "sign error"),
    ("entropy", lambda p: _entropy_article(p) * np.log10(2), "in bans"),
    ("entropy", lambda p: len(p), "expected 1"),
    ("cross_entropy", lambda p, q: -np.sum(p * np.log(q)), "0·log 0"),
    ("cross_entropy", _ce_argmax, "only when p is one-hot"),
    ("cross_entropy", lambda p, q: -np.sum(q * np.log(p)), "swapped arguments"),
    ("cross_entropy", lambda p, q: -np.sum(p[p > 0] * np.log2(q[p > 0])), "in bits; this exercise wants"),
    ("cross_entropy", lambda p, q: np.sum(p[p > 0] * np.log(q[p > 0])), "sign error"),
    ("log_softmax", lambda z: np.log(np.exp(z) / np.sum(np.exp(z))), "overflow"),
    ("log_softmax", lambda z: np.exp(z - z.max()) / np.sum(np.exp(z - z.max())), "softmax probabilities"),
    ("log_softmax", lambda z: z - z.max(), "log-sum-exp"),
    ("log_softmax", lambda z: (z - np.logaddexp.reduce(z)) / np.log(2), "in bits"),
    ("log_softmax", lambda z: np.logaddexp.reduce(z) - z, "sign error"),
    ("kl", lambda p, q: _kl_article(q, p), "swapped arguments"),
    ("kl", lambda p, q: np.sum(np.asarray(p) * np.log(np.asarray(p) / np.asarray(q))), "0·log 0"),
    ("kl", lambda p, q: _kl_article(p, q) / np.log(2), "in bits; this exercise wants nats"),
    ("kl", lambda p, q: -_kl_article(p, q), "sign error"),
    ("kl", _cross_entropy_article, "that is the cross-entropy"),
    ("kl", lambda p, q: np.sum(p[p > 0] * np.log(p[p > 0] / q[p > 0])), "this exercise passes lists"),
    ("vae_kl", lambda mu, lv: 0.5 * np.sum(1 + lv - mu**2 - np.exp(lv)), "sign error"),
    ("vae_kl", lambda mu, lv: -np.sum(1 + lv - mu**2 - np.exp(lv)), "the ½ in front of the sum is missing"),
    ("vae_kl", lambda mu, lv: -0.5 * np.mean(1 + lv - mu**2 - np.exp(lv)), "averaged over the latent"),
    ("vae_kl", lambda mu, lv: -0.5 * np.sum(1 + lv - mu**2 - np.exp(lv)) / np.log(2), "in bits"),
    ("mutual_information", lambda j: _mi(j, np.log), "in nats; this exercise wants bits"),
    ("mutual_information", lambda j: -_mi(j), "sign error"),
    ("mutual_information", lambda j: np.sum(np.asarray(j) * np.log2(
        np.asarray(j) / np.outer(np.sum(j, axis=1), np.sum(j, axis=0)))), "0·log 0"),
    ("mutual_information", lambda j: _entropy_article(np.ravel(j)), "joint entropy"),
    ("mi_from_labels", lambda x, y: _mi(_joint_of_labels(x, y), np.log), "in nats; this exercise wants bits"),
    ("mi_from_labels", lambda x, y: -_mi(_joint_of_labels(x, y)), "sign error"),
    ("mi_from_labels", lambda x, y: _entropy_article(np.unique(x, return_counts=True)[1] / len(x)), "H(X)"),
    ("perplexity", lambda t: np.exp(np.mean(np.log(t))), "1/perplexity"),
    ("perplexity", lambda t: -np.mean(np.log(t)), "cross-entropy in nats; perplexity is its exponential"),
    ("perplexity", lambda t: np.exp(-np.sum(np.log(t))), "summed"),
    ("perplexity", lambda t: 2 ** -np.mean(np.log(t)), "mixed bases"),
    ("perplexity", lambda t: np.mean(1 / np.asarray(t)), "arithmetic mean"),
]

RIGHT_NUMBERS = [
    ("die_six", 2.58), ("die_six", 2.585), ("die_six", np.log2(6)), ("die_six", np.float32(2.585)),
    ("die_six", "2.58"), ("die_six", np.array(2.58)), ("die_six", -np.log2(1 / 6)),
    ("three_heads", 3), ("three_heads", 3.0), ("three_heads", np.int64(3)),
    ("max_entropy", 3), ("max_entropy", np.log2(8)),
    ("zero_differential_entropy", 0.24), ("zero_differential_entropy", 0.242),
    ("zero_differential_entropy", 1 / np.sqrt(2 * np.pi * np.e)),
    ("loss_quarter", 1.39), ("loss_quarter", 1.386), ("loss_quarter", -np.log(0.25)),
    ("mi_copy", 2.58), ("mi_copy", np.log2(6)),
    ("uniform_perplexity", 50), ("uniform_perplexity", 50.0), ("uniform_perplexity", np.exp(-np.log(1 / 50))),
    ("bpc_to_perplexity", 2.46), ("bpc_to_perplexity", 2.462), ("bpc_to_perplexity", 2**1.3),
]

WRONG_NUMBERS = [
    ("die_six", 3, "close: give more digits"),
    ("die_six", 2.59, "close: give more digits"),
    ("die_six", 1.79, "in nats; this exercise wants bits"),
    ("die_six", np.log(6), "in nats; this exercise wants bits"),
    ("die_six", -2.58, "sign error"),
    ("die_six", 0.1667, "probability 1/6"),
    ("die_six", 0.778, "in bans"),
    ("die_six", 7.0, "not right yet"),
    ("die_six", "log2(6)", "Expected a number"),
    ("die_six", True, "Expected a number"),
    ("die_six", [2.58, 1.0], "Expected a number"),
    ("three_heads", 0.125, "probability (1/2)³"),
    ("three_heads", 1, "one flip"),
    ("three_heads", 2.08, "in nats"),
    ("three_heads", -3, "sign error"),
    ("max_entropy", 8, "number of outcomes"),
    ("max_entropy", np.log(8), "in nats"),
    ("max_entropy", -3, "sign error"),
    ("zero_differential_entropy", 0.0585, "the variance"),
    ("zero_differential_entropy", 4.13, "1/σ"),
    ("zero_differential_entropy", 0.2, "close: give more digits"),
    ("zero_differential_entropy", -0.242, "sign error"),
    ("loss_quarter", 1, "close: give more digits"),  # 1.386 to 0 decimals is 1, but one digit is too few
    ("loss_quarter", 2, "in bits; this exercise wants nats"),
    ("loss_quarter", 0.288, "the other class"),
    ("loss_quarter", -1.39, "sign error"),
    ("loss_quarter", 0.25, "the probability itself"),
    ("mi_copy", 0, "is not 0"),
    ("mi_copy", 1.79, "in nats"),
    ("mi_copy", 6, "number of outcomes"),
    ("uniform_perplexity", 5.64, "log₂ 50 in bits"),
    ("uniform_perplexity", 3.91, "ln 50 in nats"),
    ("uniform_perplexity", 0.02, "each token's probability"),
    ("bpc_to_perplexity", 3.67, "wrong base"),
    ("bpc_to_perplexity", 0.406, "1/perplexity"),
    ("bpc_to_perplexity", 1.3, "the loss in bits"),
    ("bpc_to_perplexity", 2, "close: give more digits"),
    ("bpc_to_perplexity", 1.0, "not right yet"),
]

RIGHT_CHOICES = ["KL(p||q)", "KL(p || q)", "KL(p‖q)", "D_KL(p‖q)", "D_KL(p || q)", " kl(P||Q) ",
                 r"D_{KL}(p \| q)", "KL(p ∥ q)", "D(p||q)"]
WRONG_CHOICES = [("KL(q||p)", "every term is finite"), ("KL(q ‖ p)", "every term is finite"),
                 ("D_KL(q‖p)", "every term is finite"), ("KL", "not one of the options"),
                 (1, "not one of the options")]


@pytest.mark.parametrize(("name", "fn"), RIGHT_FUNCTIONS,
                         ids=[f"{n}-{i}" for i, (n, _) in enumerate(RIGHT_FUNCTIONS)])
def test_right_functions_in_any_form_pass(name, fn, capsys):
    assert ex.EXERCISES[name].check(fn) is True, capsys.readouterr().out


@pytest.mark.parametrize(("name", "fn", "message"), WRONG_FUNCTIONS,
                         ids=[f"{n}-{m[:25]}" for n, _, m in WRONG_FUNCTIONS])
def test_wrong_functions_fail_with_the_mistake_named(name, fn, message, capsys):
    assert ex.EXERCISES[name].check(fn) is False
    out = capsys.readouterr().out
    assert message in out, out
    assert "Traceback" not in out


@pytest.mark.parametrize(("name", "value"), RIGHT_NUMBERS, ids=[f"{n}-{v!r}" for n, v in RIGHT_NUMBERS])
def test_right_numbers_to_the_digits_given_pass(name, value, capsys):
    assert ex.EXERCISES[name].check(value) is True, capsys.readouterr().out


@pytest.mark.parametrize(("name", "value", "message"), WRONG_NUMBERS,
                         ids=[f"{n}-{v!r}" for n, v, _ in WRONG_NUMBERS])
def test_wrong_numbers_fail_with_the_mistake_named(name, value, message, capsys):
    assert ex.EXERCISES[name].check(value) is False
    out = capsys.readouterr().out
    assert message in out, out
    assert f'hint("{name}")' in out or "give more digits" in out


@pytest.mark.parametrize("answer", RIGHT_CHOICES)
def test_kl_infinite_accepts_the_course_notations(answer, capsys):
    assert ex.check_kl_infinite(answer) is None  # the notebook-facing checker prints, returns nothing
    assert "Correct" in capsys.readouterr().out
    assert ex.EXERCISES["kl_infinite"].check(answer) is True


@pytest.mark.parametrize(("answer", "message"), WRONG_CHOICES)
def test_kl_infinite_explains_a_wrong_choice(answer, message, capsys):
    assert ex.EXERCISES["kl_infinite"].check(answer) is False
    out = capsys.readouterr().out
    assert message in out and 'hint("kl_infinite")' in out


def test_every_exercise_has_right_and_wrong_variants_in_the_tables():
    right = {n for n, _ in RIGHT_FUNCTIONS} | {n for n, _ in RIGHT_NUMBERS} | {"kl_infinite"}
    wrong = {n for n, *_ in WRONG_FUNCTIONS} | {n for n, *_ in WRONG_NUMBERS} | {"kl_infinite"}
    assert right == wrong == set(ex.EXERCISES)


def test_every_listed_mistake_is_exercised_by_a_wrong_answer():
    """Each mistake an exercise can diagnose is produced by at least one wrong answer in the tables."""
    named = {(n, m) for n, _, m in WRONG_FUNCTIONS} | {(n, m) for n, _, m in WRONG_NUMBERS}
    for name, exercise in ex.EXERCISES.items():
        for mistake in exercise.mistakes:
            assert any(n == name and m in mistake.message for n, m in named), (name, mistake.name)


def test_the_function_is_called_with_what_the_text_promises():
    seen = {}

    def spy(*args):
        seen.setdefault(name, [type(a) for a in args])
        return 0.0

    for name in ("surprise", "kl", "vae_kl", "log_softmax", "mutual_information", "mi_from_labels"):
        ex.EXERCISES[name].check(spy)
    assert seen["surprise"] == [float]
    assert seen["kl"] == [list, list] and seen["mutual_information"] == [list]
    assert seen["mi_from_labels"] == [list, list]
    assert seen["vae_kl"] == [np.ndarray, np.ndarray] and seen["log_softmax"] == [np.ndarray]


def test_a_function_that_mutates_its_input_does_not_change_the_cases(capsys):
    def vandal(p, q):
        p[0] = 99.0
        return 0.0

    before = [args for args, _, _ in ex.EXERCISES["cross_entropy"].cases]
    ex.EXERCISES["cross_entropy"].check(vandal)
    assert [args for args, _, _ in ex.EXERCISES["cross_entropy"].cases] == before


_BATCH = ex.Exercise(
    key="rows", title="entropy of each row", kind="function", hint_text="h", solution_text="s",
    reference=ex.measures.entropy,
    cases=ex._cases(ex.measures.entropy, [(([[0.5, 0.5], [1.0, 0.0]],), "a batch of two rows")]),
    mistakes=(ex.NO_BATCH, ex.ZERO_LOG_ZERO),
)


@pytest.mark.parametrize(("fn", "ok", "message"), [
    (lambda p: ex.measures.entropy(p, axis=-1), True, "Correct"),
    (lambda p: ex.measures.entropy(np.ravel(p) / 2), False, "no batching"),
    (lambda p: -np.sum(p * np.log2(p), axis=-1), False, "0·log 0"),
    (lambda p: np.zeros(3), False, "you returned shape (3,), expected (2,)"),
])
def test_batch_exercises_diagnose_a_missing_batch_axis(fn, ok, message, capsys):
    assert _BATCH.check(fn) is ok
    assert message in capsys.readouterr().out


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"kind": "essay"}, "kind must be one of"),
    ({"kind": "function"}, "needs cases"),
    ({"kind": "number", "expected": float("nan")}, "finite expected value"),
    ({"kind": "choice", "expected": "a", "options": {"b": ""}}, "not an option"),
    ({"kind": "number", "expected": 1.0, "inputs": "strings"}, "inputs must be one of"),
])
def test_bad_exercise_definitions_are_clear_errors(kwargs, error):
    with pytest.raises(ValueError, match=error):
        ex.Exercise(key="k", title="t", hint_text="h", solution_text="s", **kwargs)


def test_bad_arguments_to_the_helpers_are_clear_errors():
    with pytest.raises(ValueError, match="no exercise named 3"):
        ex.hint(3)
    with pytest.raises(TypeError, match="mistakes must be Mistake"):
        ex.Exercise(key="k", title="t", kind="number", expected=1.0, hint_text="h", solution_text="s",
                    mistakes=("nats",))
    with pytest.raises(ValueError, match="exactly one of predict= or detect="):
        ex.Mistake("m", "message")
    with pytest.raises(TypeError):
        ex.check_entropy()  # the checker takes the answer


SOLUTION_NUMBERS = {"die_six": "2.585", "three_heads": "3", "max_entropy": "3",
                    "zero_differential_entropy": "0.2420", "loss_quarter": "1.386", "mi_copy": "2.585",
                    "uniform_perplexity": "50", "bpc_to_perplexity": "2.46"}


@pytest.mark.parametrize("name", sorted(SOLUTION_NUMBERS))
def test_the_number_a_solution_states_passes_its_own_check(name, capsys):
    exercise = ex.EXERCISES[name]
    assert SOLUTION_NUMBERS[name] in exercise.solution_text
    assert exercise.check(SOLUTION_NUMBERS[name]) is True
    assert exercise.check(float(SOLUTION_NUMBERS[name])) is True


def test_every_number_exercise_has_its_solution_number_here():
    assert set(SOLUTION_NUMBERS) == {n for n, e in ex.EXERCISES.items() if e.kind == "number"}
