"""The exercise checkers: right answers pass, wrong ones get specific feedback."""

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from scipy.special import log_softmax as scipy_log_softmax
from scipy.special import rel_entr

import infotheory_lib as it
from infotheory_lib import exercises as ex

CORRECT_FUNCTIONS = {
    "surprise": lambda p: -np.log2(p),
    "entropy": lambda p: -np.sum([x * np.log2(x) for x in p if x > 0]),
    "cross_entropy": lambda p, q: -np.sum([a * np.log(b) for a, b in zip(p, q, strict=True) if a > 0]),
    "log_softmax": lambda z: np.asarray(z) - np.max(z) - np.log(np.sum(np.exp(np.asarray(z) - np.max(z)))),
    "kl": lambda p, q: np.sum([a * np.log(a / b) for a, b in zip(p, q, strict=True) if a > 0]),
    "vae_kl": lambda mu, lv: -0.5 * np.sum(1 + np.asarray(lv) - np.asarray(mu) ** 2 - np.exp(lv)),
    "mutual_information": lambda j: float(
        np.sum(
            [
                v * np.log2(v / (np.sum(j, axis=1)[i] * np.sum(j, axis=0)[k]))
                for i, row in enumerate(j)
                for k, v in enumerate(row)
                if v > 0
            ]
        )
    ),
    "perplexity": lambda t: np.exp(-np.mean(np.log(t))),
    "total_surprise_rows": lambda e: np.sum(-np.log2(e), axis=-1),
    "entropy_rows": lambda P: it.entropy(P),
    "ce_rows": lambda P, Q: it.cross_entropy(P, Q, base=np.e),
    "kl_rows": lambda P, Q: it.kl_divergence(P, Q, base=np.e),
    "conditional_rows": lambda j: it.entropy(j / j.sum(axis=-1, keepdims=True)),
    "perplexity_rows": lambda t: it.perplexity(t),
    "ce_from_logits": lambda z, t: it.cross_entropy_loss(z, t, reduction="none"),
    "soft_targets": lambda z, T: it.softmax(z, temperature=T),  # 08
    "ece": lambda c, a, n: it.ece_from_confidences(c, a, n_bins=n),  # 09
    "split_gain": lambda labels, mask: it.information_gain(labels, mask),  # 10
    "question_gains": lambda answers, prior: np.reshape(  # 10
        it.expected_information_gain(prior, answers.reshape(-1, answers.shape[-1])), answers.shape[:-1]
    ),
    "code_length": lambda probs: float(np.sum(it.surprise(probs, base=2))) if len(probs) else 0.0,  # 11
    "token_perplexity": lambda p, n: 2.0 ** (float(np.sum(it.surprise(p, base=2))) / n),  # 12
    "neg_elbo": lambda r, mu, lv, b: np.asarray(r, float) + b * it.kl_gaussian(mu, lv),  # 13
    "reparameterize": lambda mu, lv, e: mu + np.exp(0.5 * lv) * e,  # 13
    "fano_bound": lambda h, k: it.fano_error_lower_bound(h, k),  # 14
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
    "nmi_renamed": 1.0,
    "infonce_cap": np.log(256),
    "perplexity_per_word": 2.0**11,
    "ce_floor": 1.75 * np.log(2),
    "smoothing_floor": -(0.9001 * np.log(0.9001)) - 999 * 0.0001 * np.log(0.0001),  # 08
    "mean_nll": np.mean(-np.log([0.9, 0.6, 0.05])),  # 09
    "absolute_report": 1.0,  # 09
    "spam_split": float(it.binary_entropy(0.4) - np.dot([0.4, 0.6], it.binary_entropy([0.75, 1 / 6]))),  # 10
    "bytes_for_text": 2500.0,  # 11
    "bpc_from_token_ppl": np.log2(20) / 4.2,  # 12
    "elbo_bits": 25.0 / np.log(2),  # 13
    "ten_classes_one_bit": float(it.fano_error_lower_bound(1.0, 10)),  # 14
}
#: A wrong number that no listed mistake explains (the default, 1.5 x + 0.1, can hit one by chance).
GENERIC_WRONG_NUMBERS = {"nmi_renamed": 0.37}

#: The right answer of every choice exercise.
CORRECT_CHOICES = {
    "kl_infinite": "KL(p||q)",
    "half_as_likely": "1 bit more",
    "coin_or_die": "die",
    "true_class_only": "equal",
    "reverse_kl_start": "left mode",
    "ngram_order": "falls then rises",
    "t_squared": "16 times weaker",  # 08
    "high_t_limit": "matching the logits",  # 08
    "temperature_accuracy": "unchanged",  # 09
    "id_split": "H(Y)",  # 10
    "model_cost": "the model",  # 11
    "compare_papers": "cannot tell",  # 12
    "beta_infinity": "zero",  # 13
    "transform_mi": "no",  # 14
}


def _mi_from_labels(x, y):
    xs, xi = np.unique(x, return_inverse=True)
    ys, yi = np.unique(y, return_inverse=True)
    joint = np.zeros((len(xs), len(ys)))
    np.add.at(joint, (xi, yi), 1)
    return CORRECT_FUNCTIONS["mutual_information"](joint / len(x))


CORRECT_FUNCTIONS["mi_from_labels"] = _mi_from_labels


def test_every_exercise_has_a_correct_answer_here():
    answered = set(CORRECT_FUNCTIONS) | set(CORRECT_NUMBERS) | set(CORRECT_CHOICES)
    assert answered == set(ex.EXERCISES)


@pytest.mark.parametrize("name", sorted(CORRECT_FUNCTIONS))
def test_correct_function_passes(name, capsys):
    assert ex.EXERCISES[name].check(CORRECT_FUNCTIONS[name]) is True
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(CORRECT_NUMBERS))
def test_correct_number_passes_and_a_wrong_one_fails(name, capsys):
    assert ex.EXERCISES[name].check(CORRECT_NUMBERS[name]) is True
    wrong = GENERIC_WRONG_NUMBERS.get(name, CORRECT_NUMBERS[name] * 1.5 + 0.1)
    assert ex.EXERCISES[name].check(wrong) is False
    assert "not right yet" in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(CORRECT_CHOICES))
def test_choice(name):
    exercise = ex.EXERCISES[name]
    assert exercise.check(CORRECT_CHOICES[name]) is True
    wrong = next(option for option in exercise.options if option != exercise.expected)
    assert exercise.check(wrong) is False


def test_check_functions_print_and_return_nothing(capsys):
    assert ex.check_kl_infinite("KL(p||q)") is None
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(ex.EXERCISES))
def test_blank_answers_say_not_yet_without_raising(name, capsys):
    def blank(*args): ...

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
    namespace = {"np": np, "it": it}
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


# ---- the exercises beyond recall: batch helpers for right and wrong answers ------------------------------


def _xlogx_terms(P, log=np.log2):  # −p log p elementwise, 0 where p = 0
    P = np.asarray(P, float)
    return np.where(P > 0, -P * log(np.where(P > 0, P, 1.0)), 0.0)


def _ce_terms(P, Q, log=np.log):  # −p log q elementwise, 0 where p = 0
    P, Q = np.asarray(P, float), np.asarray(Q, float)
    return np.where(P > 0, -P * log(np.where(P > 0, Q, 1.0)), 0.0)


def _kl_terms(P, Q, log=np.log):
    P, Q = np.asarray(P, float), np.asarray(Q, float)
    return np.where(P > 0, P * log(np.where(P > 0, P, 1.0) / np.where(P > 0, Q, 1.0)), 0.0)


def _row_cond(j):
    j = np.asarray(j, float)
    return j / j.sum(axis=-1, keepdims=True)


def _naive_log_softmax(z):
    return np.log(np.exp(z) / np.sum(np.exp(z), axis=-1, keepdims=True))


def _entropy_rows_by_loop(P):  # one row at a time, with the article's own function
    P = np.asarray(P, float)
    rows = P.reshape(-1, P.shape[-1])
    return np.array([_entropy_article(row) for row in rows]).reshape(P.shape[:-1])


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
    ("total_surprise_rows", lambda e: np.sum(-np.log2(e), axis=-1)),
    ("total_surprise_rows", lambda e: it.surprise(e).sum(axis=-1)),
    ("total_surprise_rows", lambda e: (-np.log2(e)).sum(-1).tolist()),  # lists back
    ("entropy_rows", lambda P: it.entropy(P)),
    ("entropy_rows", _entropy_rows_by_loop),
    ("entropy_rows", lambda P: _xlogx_terms(P).sum(axis=-1)),
    ("ce_rows", lambda P, Q: it.cross_entropy(P, Q, base=np.e)),
    ("ce_rows", lambda P, Q: -np.einsum("...k,...k->...", P, np.log(np.clip(Q, 1e-300, 1)))),
    ("kl_rows", lambda P, Q: it.kl_divergence(P, Q, base=np.e)),
    ("kl_rows", lambda P, Q: rel_entr(P, Q).sum(axis=-1)),
    ("conditional_rows", lambda j: it.entropy(_row_cond(j))),
    ("conditional_rows", lambda j: _xlogx_terms(_row_cond(j)).sum(axis=-1)),
    ("perplexity_rows", lambda t: it.perplexity(t)),
    ("perplexity_rows", lambda t: np.prod(t, axis=-1) ** (-1 / np.shape(t)[-1])),
    ("perplexity_rows", lambda t: 2 ** -np.mean(np.log2(t), axis=-1)),
    ("ce_from_logits", lambda z, t: it.cross_entropy_loss(z, t, reduction="none")),
    ("ce_from_logits", lambda z, t: -np.sum(t * scipy_log_softmax(z, axis=-1), axis=-1)),
    # ---- 08 (more right and wrong variants in tests/test_exercises_08.py) ----
    ("soft_targets", lambda z, T: it.softmax(z, temperature=T)),
    ("soft_targets", lambda z, T: np.exp(scipy_log_softmax(z / T, axis=-1))),
    # ---- 09 (more right and wrong variants in tests/test_exercises_09.py) ----
    ("ece", lambda c, a, n: it.ece_from_confidences(c, a, n_bins=n)),
    ("ece", lambda c, a, n: float(it.ece_from_confidences(c.tolist(), a.astype(int), n_bins=n))),
    # ---- 10 (more right and wrong variants in tests/test_exercises_10.py) ----
    ("split_gain", lambda y, m: it.mutual_information_from_samples(m, y)),
    (
        "split_gain",
        lambda y, m: (
            it.entropy_from_samples(y)
            - sum(s.mean() * it.entropy_from_samples(y[s]) for s in (m, ~m) if s.any())
        ),
    ),
    (
        "question_gains",
        lambda a, p: np.apply_along_axis(
            lambda r: it.entropy([p[r == v].sum() for v in np.unique(r)]), -1, a
        ),
    ),
    # ---- 11 (more right and wrong variants in tests/test_exercises_11.py) ----
    ("code_length", lambda q: float(np.sum(it.surprise(q, base=2))) if len(q) else 0.0),
    ("code_length", lambda q: sum(float("inf") if x == 0 else -np.log2(x) for x in q)),
    ("fano_bound", lambda h, k: float(it.fano_error_lower_bound(h, k))),  # 14
    ("fano_bound", lambda h, k: [it.fano_error_lower_bound(h, k)]),
    ("token_perplexity", lambda p, n: np.exp(float(np.sum(it.surprise(p, base=np.e))) / n)),  # 12
    (
        "neg_elbo",  # 13
        lambda r, mu, lv, b: (
            np.asarray(r, float) + b * 0.5 * np.sum(np.square(mu) + np.exp(lv) - 1 - np.asarray(lv), axis=-1)
        ),
    ),
    ("reparameterize", lambda mu, lv, e: np.asarray(mu) + np.sqrt(np.exp(lv)) * np.asarray(e)),  # 13
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
    (
        "mutual_information",
        lambda j: np.sum(
            np.asarray(j) * np.log2(np.asarray(j) / np.outer(np.sum(j, axis=1), np.sum(j, axis=0)))
        ),
        "0·log 0",
    ),
    ("mutual_information", lambda j: _entropy_article(np.ravel(j)), "joint entropy"),
    ("mi_from_labels", lambda x, y: _mi(_joint_of_labels(x, y), np.log), "in nats; this exercise wants bits"),
    ("mi_from_labels", lambda x, y: -_mi(_joint_of_labels(x, y)), "sign error"),
    ("mi_from_labels", lambda x, y: _entropy_article(np.unique(x, return_counts=True)[1] / len(x)), "H(X)"),
    ("perplexity", lambda t: np.exp(np.mean(np.log(t))), "1/perplexity"),
    ("perplexity", lambda t: -np.mean(np.log(t)), "cross-entropy in nats; perplexity is its exponential"),
    ("perplexity", lambda t: np.exp(-np.sum(np.log(t))), "summed"),
    ("perplexity", lambda t: 2 ** -np.mean(np.log(t)), "mixed bases"),
    ("perplexity", lambda t: np.mean(1 / np.asarray(t)), "arithmetic mean"),
    ("total_surprise_rows", lambda e: np.sum(-np.log2(e)), "no batching"),
    ("total_surprise_rows", lambda e: np.sum(-np.log2(e), axis=0), "the wrong axis"),
    ("total_surprise_rows", lambda e: np.sum(-np.log(e), axis=-1), "in nats; this exercise wants bits"),
    ("total_surprise_rows", lambda e: np.sum(np.log2(e), axis=-1), "sign error"),
    ("total_surprise_rows", lambda e: np.prod(e, axis=-1), "probability of each whole row"),
    ("total_surprise_rows", lambda e: np.sum(-np.log2(e), axis=1), "expected [[2, 4], [1, 4]]"),  # 3-D
    ("entropy_rows", lambda P: _entropy_article(np.ravel(P)), "no batching"),
    ("entropy_rows", lambda P: _xlogx_terms(P).sum(axis=0), "the wrong axis"),
    ("entropy_rows", lambda P: -np.sum(P * np.log2(P), axis=-1), "0·log 0"),
    ("entropy_rows", lambda P: _xlogx_terms(P, np.log).sum(axis=-1), "in nats; this exercise wants bits"),
    ("entropy_rows", lambda P: -_xlogx_terms(P).sum(axis=-1), "sign error"),
    ("ce_rows", lambda P, Q: np.mean(_ce_terms(P, Q).sum(axis=-1)), "the mean loss over the batch"),
    ("ce_rows", lambda P, Q: _ce_terms(P, Q).sum(), "no batching"),
    ("ce_rows", lambda P, Q: _ce_terms(P, Q).sum(axis=0), "the wrong axis"),
    ("ce_rows", lambda P, Q: -np.sum(Q * np.log(P), axis=-1), "swapped arguments"),
    ("ce_rows", lambda P, Q: _ce_terms(P, Q, np.log2).sum(axis=-1), "in bits; this exercise wants nats"),
    ("ce_rows", lambda P, Q: -_ce_terms(P, Q).sum(axis=-1), "sign error"),
    ("ce_rows", lambda P, Q: -np.sum(P * np.log(Q), axis=-1), "0·log 0"),
    ("kl_rows", lambda P, Q: _kl_article(P, Q), "no batching"),
    ("kl_rows", lambda P, Q: _kl_terms(P, Q).sum(axis=0), "the wrong axis"),
    ("kl_rows", lambda P, Q: _kl_terms(Q, P).sum(axis=-1), "swapped arguments"),
    ("kl_rows", lambda P, Q: _kl_terms(P, Q, np.log2).sum(axis=-1), "in bits; this exercise wants nats"),
    ("kl_rows", lambda P, Q: -_kl_terms(P, Q).sum(axis=-1), "sign error"),
    ("kl_rows", lambda P, Q: np.sum(P * np.log(P / Q), axis=-1), "0·log 0"),
    ("kl_rows", lambda P, Q: _ce_terms(P, Q).sum(axis=-1), "that is the cross-entropy"),
    ("conditional_rows", lambda j: it.conditional_entropy(j), "that is H(Y | X)"),
    ("conditional_rows", lambda j: it.entropy(np.ravel(j)), "no batching"),
    ("conditional_rows", lambda j: _xlogx_terms(_row_cond(j)).sum(axis=0), "the wrong axis"),
    ("conditional_rows", lambda j: _xlogx_terms(j).sum(axis=-1), "divide each row by its sum"),
    (
        "conditional_rows",
        lambda j: _xlogx_terms(j / j.sum(axis=0, keepdims=True)).sum(axis=0),
        "H(X | Y = y), one per column",
    ),
    ("conditional_rows", lambda j: _xlogx_terms(_row_cond(j), np.log).sum(axis=-1), "in nats"),
    ("conditional_rows", lambda j: -np.sum(_row_cond(j) * np.log2(_row_cond(j)), axis=-1), "0·log 0"),
    ("perplexity_rows", lambda t: it.perplexity(np.ravel(t)), "no batching"),
    ("perplexity_rows", lambda t: np.exp(-np.mean(np.log(t), axis=0)), "the wrong axis"),
    ("perplexity_rows", lambda t: np.exp(-np.mean(np.log(t), axis=1)), "the last axis only of a 2-D array"),
    ("perplexity_rows", lambda t: np.exp(np.mean(np.log(t), axis=-1)), "1/perplexity"),
    ("perplexity_rows", lambda t: -np.mean(np.log(t), axis=-1), "cross-entropy in nats"),
    ("perplexity_rows", lambda t: np.exp(-np.sum(np.log(t), axis=-1)), "summed"),
    ("perplexity_rows", lambda t: np.mean(1 / t, axis=-1), "arithmetic mean"),
    ("ce_from_logits", lambda z, t: it.cross_entropy_loss(z, t), "the mean loss over the batch"),
    ("ce_from_logits", lambda z, t: -np.sum(t * scipy_log_softmax(z, axis=-1)), "no batching"),
    ("ce_from_logits", lambda z, t: -np.sum(t * scipy_log_softmax(z, axis=-1), axis=0), "the wrong axis"),
    ("ce_from_logits", lambda z, t: -np.sum(t * _naive_log_softmax(z), axis=-1), "overflow"),
    (
        "ce_from_logits",
        lambda z, t: -np.sum(t * scipy_log_softmax(z, axis=0), axis=-1),
        "log-softmax over the wrong axis",
    ),
    (
        "ce_from_logits",
        lambda z, t: -np.sum(t * scipy_log_softmax(z, axis=-1), axis=-1) / np.log(2),
        "in bits",
    ),
    ("ce_from_logits", lambda z, t: np.sum(t * scipy_log_softmax(z, axis=-1), axis=-1), "sign error"),
    # ---- 08 ----
    ("soft_targets", lambda z, T: np.exp(z / T) / np.exp(z / T).sum(axis=-1, keepdims=True), "overflow"),
    ("soft_targets", lambda z, T: it.softmax(z), "divide the logits by T"),
    ("soft_targets", lambda z, T: it.softmax(z * T), "multiplied the logits by T"),
    ("soft_targets", lambda z, T: it.softmax(z / T, axis=0), "each column sums to 1"),
    ("soft_targets", lambda z, T: it.softmax(z / T, axis=1), "axis=1 is the last axis only"),
    ("soft_targets", lambda z, T: np.exp(scipy_log_softmax(z / T)), "normalized over the whole batch"),
    ("soft_targets", lambda z, T: it.log_softmax(z / T), "log-probabilities"),
    # ---- 09 ----
    ("ece", lambda c, a, n: float("nan"), "an empty bin gave nan"),
    (
        "ece",
        lambda c, a, n: np.nanmean(np.abs(_bins(c, a, n).accuracy - _bins(c, a, n).confidence)),
        "equal weights",
    ),
    ("ece", lambda c, a, n: np.mean(a) - np.mean(c), "over- and under-confident bins cancel out"),
    (
        "ece",
        lambda c, a, n: np.nanmax(np.abs(_bins(c, a, n).accuracy - _bins(c, a, n).confidence)),
        "maximum calibration error",
    ),
    (
        "ece",
        lambda c, a, n: it.ece_from_confidences(c[c < 1], a[c < 1], n_bins=n),
        "exactly 1.0 was left out",
    ),
    ("ece", lambda c, a, n: it.ece_from_confidences(c[c > 0], a[c > 0], n_bins=n), "exactly 0 was left out"),
    # ---- 10 ----
    ("split_gain", lambda y, m: it.information_gain(y, m, base=np.e), "in nats; this exercise wants bits"),
    ("split_gain", lambda y, m: -it.information_gain(y, m), "sign error"),
    (
        "split_gain",
        lambda y, m: it.information_gain(y, m) if m.any() and (~m).any() else np.nan,
        "an empty side",
    ),
    (
        "split_gain",
        lambda y, m: (
            it.entropy_from_samples(y) - (it.entropy_from_samples(y[m]) + it.entropy_from_samples(y[~m])) / 2
        ),
        "equal weights",
    ),
    (
        "split_gain",
        lambda y, m: (
            it.entropy_from_samples(y) - it.entropy_from_samples(y[m]) - it.entropy_from_samples(y[~m])
        ),
        "without weights",
    ),
    ("split_gain", lambda y, m: it.entropy_from_samples(y) - it.information_gain(y, m), "that is H(Y|S)"),
    ("split_gain", lambda y, m: it.entropy_from_samples(y), "that is H(Y), the uncertainty before"),
    (
        "question_gains",
        lambda a, p: float(np.sum(CORRECT_FUNCTIONS["question_gains"](a, p))),
        "one number for all the questions",
    ),
    ("question_gains", lambda a, p: np.ones(a.shape[-1]), "the wrong axis"),
    (
        "question_gains",
        lambda a, p: CORRECT_FUNCTIONS["question_gains"](a, p) * np.log(2),
        "in nats; this exercise wants bits",
    ),
    ("question_gains", lambda a, p: -CORRECT_FUNCTIONS["question_gains"](a, p), "sign error"),
    (
        "question_gains",
        lambda a, p: CORRECT_FUNCTIONS["question_gains"](a, np.full(a.shape[-1], 1 / a.shape[-1])),
        "counted, not weighted",
    ),
    ("question_gains", lambda a, p: np.full(a.shape[:-1], it.entropy(p)), "that is H(X)"),
    # ---- 11 ----
    ("code_length", lambda q: float(np.sum(-np.log2([x for x in q if x > 0]))), "skipped the symbol"),
    (
        "code_length",
        lambda q: float(np.sum(-np.log(q))) if len(q) else 0.0,
        "in nats; this exercise wants bits",
    ),
    ("code_length", lambda q: float(np.sum(np.log2(q))) if len(q) else 0.0, "sign error"),
    ("code_length", lambda q: float(np.mean(-np.log2(q))) if len(q) else 0.0, "that is the mean"),
    ("code_length", lambda q: float(np.sum(-np.log2(q))) / 8 if len(q) else 0.0, "in bytes"),
    ("code_length", lambda q: float(np.sum(np.ceil(-np.log2(q)))) if len(q) else 0.0, "whole bits"),
    # ---- 14 ----
    ("fano_bound", lambda h, k: max((h - 1) / np.log2(k), 0.0), "weak closed form"),
    ("fano_bound", lambda h, k: ex._fano_log_k(h, k), "log₂ K where log₂(K − 1) belongs"),
    ("fano_bound", lambda h, k: ex._fano_binary_only(h, k), "the term Pₑ log₂(K − 1) is missing"),
    ("fano_bound", lambda h, k: it.fano_error_lower_bound(h, k, base=np.e), "in nats"),
    # ---- 12 ----
    (
        "token_perplexity",
        lambda p, n: 2.0 ** (float(np.sum(it.surprise(p, base=2))) / len(p)),
        "that is the perplexity per character",
    ),
    (
        "token_perplexity",
        lambda p, n: float(np.sum(it.surprise(p, base=2))) / n,
        "the number of bits per token",
    ),
    (
        "token_perplexity",
        lambda p, n: 2.0 ** (float(np.sum(it.surprise(p, base=2))) / len(p)) * len(p) / n,
        "you multiplied the perplexity per character",
    ),
    (
        "token_perplexity",
        lambda p, n: 2.0 ** (float(np.sum(it.surprise(p, base=np.e))) / n),
        "you summed natural logs",
    ),
    ("token_perplexity", lambda p, n: n / float(np.sum(p)), "1 / (mean probability)"),
    # ---- 13 ----
    (
        "neg_elbo",
        lambda r, mu, lv, b: float(np.sum(np.asarray(r, float) + b * it.kl_gaussian(mu, lv))),
        "no batching",
    ),
    (
        "neg_elbo",
        lambda r, mu, lv, b: np.asarray(r, float) + b * np.sum(it.kl_gaussian(mu, lv)),
        "summed the KL over the whole batch",
    ),
    (
        "neg_elbo",
        lambda r, mu, lv, b: b * np.asarray(r, float) + it.kl_gaussian(mu, lv),
        "β multiplies the KL term, not the reconstruction",
    ),
    (
        "neg_elbo",
        lambda r, mu, lv, b: np.asarray(r, float) + it.kl_gaussian(mu, lv),
        "the KL term is weighted by β",
    ),
    (
        "neg_elbo",
        lambda r, mu, lv, b: np.asarray(r, float) - b * it.kl_gaussian(mu, lv),
        "a sign error: −ELBO adds the KL",
    ),
    (
        "neg_elbo",
        lambda r, mu, lv, b: np.asarray(r, float) + b * it.kl_gaussian(mu, lv) / np.shape(mu)[-1],
        "you averaged the KL over the latent dimensions",
    ),
    (
        "neg_elbo",
        lambda r, mu, lv, b: np.asarray(r, float) + 2 * b * it.kl_gaussian(mu, lv),
        "twice the KL",
    ),
    (
        "reparameterize",
        lambda mu, lv, e: np.asarray(mu) + np.exp(lv) * np.asarray(e),
        "you scaled ε by the variance",
    ),
    (
        "reparameterize",
        lambda mu, lv, e: np.asarray(mu) + np.asarray(lv) * np.asarray(e),
        "you multiplied ε by log_var itself",
    ),
    ("reparameterize", lambda mu, lv, e: np.exp(0.5 * np.asarray(lv)) * np.asarray(e), "the mean is missing"),
    (
        "reparameterize",
        lambda mu, lv, e: np.asarray(mu) + np.exp(-0.5 * np.asarray(lv)) * np.asarray(e),
        "that is ε / σ",
    ),
]


def _bins(c, a, n):  # 09
    return it.reliability_from_confidences(c, a, n_bins=n)


RIGHT_NUMBERS = [
    ("die_six", 2.58),
    ("die_six", 2.585),
    ("die_six", np.log2(6)),
    ("die_six", np.float32(2.585)),
    ("die_six", "2.58"),
    ("die_six", np.array(2.58)),
    ("die_six", -np.log2(1 / 6)),
    ("three_heads", 3),
    ("three_heads", 3.0),
    ("three_heads", np.int64(3)),
    ("max_entropy", 3),
    ("max_entropy", np.log2(8)),
    ("zero_differential_entropy", 0.24),
    ("zero_differential_entropy", 0.242),
    ("zero_differential_entropy", 1 / np.sqrt(2 * np.pi * np.e)),
    ("loss_quarter", 1.39),
    ("loss_quarter", 1.386),
    ("loss_quarter", -np.log(0.25)),
    ("mi_copy", 2.58),
    ("mi_copy", np.log2(6)),
    ("uniform_perplexity", 50),
    ("uniform_perplexity", 50.0),
    ("uniform_perplexity", np.exp(-np.log(1 / 50))),
    ("bpc_to_perplexity", 2.46),
    ("bpc_to_perplexity", 2.462),
    ("bpc_to_perplexity", 2**1.3),
    ("nmi_renamed", 1),
    ("nmi_renamed", 1.0),
    ("nmi_renamed", "1.00"),
    ("infonce_cap", 5.545),
    ("infonce_cap", 5.5),
    ("infonce_cap", np.log(256)),
    ("infonce_cap", 8 * np.log(2)),
    ("perplexity_per_word", 2048),
    ("perplexity_per_word", 2.0**11),
    ("perplexity_per_word", 4**5.5),
    ("ce_floor", 1.213),
    ("ce_floor", 1.21),
    ("ce_floor", 1.75 * np.log(2)),
    ("smoothing_floor", 1.0148),  # 08
    ("smoothing_floor", "1.01"),
    ("mean_nll", 1.204),  # 09
    ("mean_nll", "1.20"),
    ("absolute_report", 1),
    ("absolute_report", "1.0"),
    ("spam_split", 0.2564),  # 10
    ("spam_split", "0.26"),
    ("bytes_for_text", 2500),  # 11
    ("bytes_for_text", "2.5e3"),
    ("ten_classes_one_bit", 0.1352),  # 14
    ("ten_classes_one_bit", "0.135"),
    ("bpc_from_token_ppl", float(np.log2(20) / 4.2)),  # 12
    ("bpc_from_token_ppl", "1.029"),
    ("elbo_bits", 36.07),  # 13
    ("elbo_bits", "36.067"),
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
    ("nmi_renamed", 0, "its accuracy"),
    ("nmi_renamed", 1.567, "before normalizing"),
    ("nmi_renamed", 0.5, "not right yet"),
    ("infonce_cap", 8, "in bits; this exercise wants nats"),
    ("infonce_cap", 256, "the batch size N"),
    ("infonce_cap", 0.0039, "chance of guessing the right partner"),
    ("infonce_cap", 5.6, "close"),
    ("perplexity_per_word", 4, "the perplexity per character, 2²"),
    ("perplexity_per_word", 22, "multiplied the per-character perplexity"),
    ("perplexity_per_word", 11, "the loss in bits per word"),
    ("perplexity_per_word", 59874, "wrong base"),
    ("perplexity_per_word", 2050, "close"),
    ("ce_floor", 1.75, "in bits; this exercise wants nats"),
    ("ce_floor", 0, "a loss of 0 would need"),
    ("ce_floor", 1.386, "ln 4"),
    ("ce_floor", 1.22, "close"),
    # ---- 08 ----
    ("smoothing_floor", 1.016, "another convention"),
    ("smoothing_floor", 0.920, "only the 999 wrong classes"),
    ("smoothing_floor", 0.5003, "the 10 classes of the digits"),
    ("smoothing_floor", 1.464, "in bits; this exercise wants nats"),
    ("smoothing_floor", 0, "floor of a one-hot target"),
    ("smoothing_floor", 6.908, "ln 1000 is the entropy of the uniform target"),
    # ---- 09 ----
    ("mean_nll", 1.737, "in bits; this exercise wants nats"),
    ("mean_nll", 3.612, "total over the three images"),
    ("mean_nll", 0.660, "−ln of the mean probability"),
    ("mean_nll", 0.5229, "log base 10"),
    ("mean_nll", -1.204, "sign error"),
    ("mean_nll", 0.4833, "mean of 1 − p"),
    ("absolute_report", 0.7, "they are proper"),
    ("absolute_report", 0.5, "hedges"),
    ("absolute_report", 0, "highest expected score"),
    # ---- 10 ----
    ("spam_split", 0.1777, "in nats; this exercise wants bits"),
    ("spam_split", 0.2403, "equal weights"),
    ("spam_split", 0.2242, "the weights are swapped"),
    ("spam_split", 0.7145, "that is H(Y | answer)"),
    ("spam_split", 0.971, "that is H(Y), the uncertainty before"),
    ("spam_split", -0.4903, "without weights"),
    ("spam_split", "0.2560", "close"),
    # ---- 11 ----
    ("bytes_for_text", 20000, "that is in bits"),
    ("bytes_for_text", 10000, "uncompressed size"),
    ("bytes_for_text", 5000, "perplexity"),
    # ---- 14 ----
    ("ten_classes_one_bit", "0.00", "weak form"),
    ("ten_classes_one_bit", 0.5, "forgetting Pₑ log₂(K − 1)"),
    ("ten_classes_one_bit", round(ex._fano_log_k(1.0, 10), 4), "log₂ 10 where log₂ 9 belongs"),
    ("ten_classes_one_bit", 0.9, "guessing among 10 labels"),
    # ---- 12 ----
    ("bpc_from_token_ppl", float(np.log2(20)), "the bits per token"),
    ("bpc_from_token_ppl", 20 / 4.2, "perplexities do not divide"),
    ("bpc_from_token_ppl", float(np.log2(20 / 4.2)), "log₂(20 / 4.2)"),
    ("bpc_from_token_ppl", float(np.log(20) / 4.2), "in nats"),
    ("bpc_from_token_ppl", float(np.log2(20) * 4.2), "you multiplied by 4.2"),
    ("bpc_from_token_ppl", 20 ** (1 / 4.2), "the perplexity per character"),
    # ---- 13 ----
    ("elbo_bits", 25.0, "in nats"),
    ("elbo_bits", 25.0 * np.log(2), "you multiplied by ln 2"),
    ("elbo_bits", 22.79 / np.log(2), "the reconstruction term alone"),
    ("elbo_bits", (22.79 - 2.21) / np.log(2), "a sign error"),
]

RIGHT_CHOICES = [
    "KL(p||q)",
    "KL(p || q)",
    "KL(p‖q)",
    "D_KL(p‖q)",
    "D_KL(p || q)",
    " kl(P||Q) ",
    r"D_{KL}(p \| q)",
    "KL(p ∥ q)",
    "D(p||q)",
]
WRONG_CHOICES = [
    ("KL(q||p)", "every term is finite"),
    ("KL(q ‖ p)", "every term is finite"),
    ("D_KL(q‖p)", "every term is finite"),
    ("KL", "not one of the options"),
    (1, "not one of the options"),
]


#: (exercise, a right answer in some spelling) for the concept questions beyond kl_infinite.
RIGHT_CHOICE_ANSWERS = [
    ("half_as_likely", "1 bit more"),
    ("half_as_likely", " 1 Bit More "),
    ("coin_or_die", "die"),
    ("coin_or_die", "Die"),
    ("true_class_only", "equal"),
    ("true_class_only", "Equal"),
    ("reverse_kl_start", "left mode"),
    ("reverse_kl_start", "left  mode"),
    ("ngram_order", "falls then rises"),
    ("ngram_order", "Falls then rises"),
    ("t_squared", "16 times weaker"),  # 08
    ("high_t_limit", "matching the logits"),
    ("temperature_accuracy", "unchanged"),  # 09
    ("temperature_accuracy", " Unchanged"),
    ("id_split", "H(Y)"),  # 10
    ("id_split", "h(y)"),
    ("model_cost", "the model"),  # 11
    ("model_cost", " The Model "),
    ("beta_infinity", "zero"),  # 13
    ("beta_infinity", " Zero"),
    ("compare_papers", "cannot tell"),  # 12
    ("compare_papers", " Cannot Tell "),
    ("transform_mi", "no"),  # 14
    ("transform_mi", " No "),
]
#: (exercise, a wrong answer, a substring of the explanation it must get)
WRONG_CHOICE_ANSWERS = [
    ("half_as_likely", "twice as many bits", "what 1/p would do"),
    ("half_as_likely", "the same", "a rarer event is more surprising"),
    ("half_as_likely", 2, "not one of the options"),
    ("coin_or_die", "coin", "most uncertain coin"),
    ("coin_or_die", "equal", "they differ"),
    ("true_class_only", "A", "have weight 0"),
    ("true_class_only", "b", "looks less wrong"),
    ("reverse_kl_start", "right mode", "global minimum"),
    ("reverse_kl_start", "between the modes", "forward-KL fit"),
    ("ngram_order", "keeps falling", "training perplexity"),
    ("ngram_order", "keeps rising", "a bigram already knows"),
    ("ngram_order", "stays flat", "context matters"),
    ("t_squared", "4 times weaker", "shrinks like 1/T too"),  # 08
    ("high_t_limit", "zero", "makes up for it exactly"),
    ("temperature_accuracy", "higher", "stays the most probable"),  # 09
    ("temperature_accuracy", "lower", "no prediction changes"),
    ("id_split", "0", "only measures how pure"),  # 10
    ("id_split", "1 bit", "I(S; Y) ≤ H(S)"),
    ("model_cost", "nothing", "the decoder cannot decode"),  # 11
    ("model_cost", "the header", "no header to speak of"),
    ("beta_infinity", "infinite", "drives the KL down"),  # 13
    ("beta_infinity", "unchanged", "costs more"),
    ("compare_papers", "18", "better only over the same tokens"),  # 12
    ("compare_papers", "25", "not the better one either"),
    ("transform_mi", "yes", "Markov chain"),  # 14
    ("transform_mi", "only if g is invertible", "equality, never more"),
]


@pytest.mark.parametrize(
    ("name", "fn"), RIGHT_FUNCTIONS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(RIGHT_FUNCTIONS)]
)
def test_right_functions_in_any_form_pass(name, fn, capsys):
    assert ex.EXERCISES[name].check(fn) is True, capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "fn", "message"), WRONG_FUNCTIONS, ids=[f"{n}-{m[:25]}" for n, _, m in WRONG_FUNCTIONS]
)
def test_wrong_functions_fail_with_the_mistake_named(name, fn, message, capsys):
    assert ex.EXERCISES[name].check(fn) is False
    out = capsys.readouterr().out
    assert message in out, out
    assert "Traceback" not in out


@pytest.mark.parametrize(("name", "value"), RIGHT_NUMBERS, ids=[f"{n}-{v!r}" for n, v in RIGHT_NUMBERS])
def test_right_numbers_to_the_digits_given_pass(name, value, capsys):
    assert ex.EXERCISES[name].check(value) is True, capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "value", "message"), WRONG_NUMBERS, ids=[f"{n}-{v!r}" for n, v, _ in WRONG_NUMBERS]
)
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


@pytest.mark.parametrize(("name", "answer"), RIGHT_CHOICE_ANSWERS)
def test_concept_questions_accept_and_explain_the_right_answer(name, answer, capsys):
    exercise = ex.EXERCISES[name]
    assert exercise.check(answer) is True
    out = capsys.readouterr().out
    assert "Correct" in out and "Why: " + exercise.explanation in out


@pytest.mark.parametrize(("name", "answer", "message"), WRONG_CHOICE_ANSWERS)
def test_concept_questions_explain_a_wrong_answer(name, answer, message, capsys):
    assert ex.EXERCISES[name].check(answer) is False
    out = capsys.readouterr().out
    assert message in out and f'hint("{name}")' in out, out


@pytest.mark.parametrize("name", sorted(n for n, e in ex.EXERCISES.items() if e.kind == "choice"))
def test_every_choice_explains_each_option(name):
    exercise = ex.EXERCISES[name]
    assert exercise.explanation, "the right answer needs an explanation"
    for option, feedback in exercise.options.items():
        assert feedback or option == exercise.expected, option


@pytest.mark.parametrize("name", sorted(n for n, e in ex.EXERCISES.items() if e.explanation))
def test_a_right_answer_shows_the_explanation(name, capsys):
    exercise = ex.EXERCISES[name]
    answer = CORRECT_CHOICES.get(name, CORRECT_NUMBERS.get(name, CORRECT_FUNCTIONS.get(name)))
    assert exercise.check(answer) is True
    assert "Why: " + exercise.explanation in capsys.readouterr().out


BATCH_EXERCISES = [
    "total_surprise_rows",
    "entropy_rows",
    "ce_rows",
    "kl_rows",
    "conditional_rows",
    "perplexity_rows",
    "ce_from_logits",
]


@pytest.mark.parametrize("name", BATCH_EXERCISES)
def test_batch_exercises_diagnose_no_batching_and_test_more_than_one_leading_axis(name):
    exercise = ex.EXERCISES[name]
    assert ex.NO_BATCH in exercise.mistakes and ex.WRONG_AXIS in exercise.mistakes
    ndims = [np.ndim(args[0]) for args, _, _ in exercise.cases]
    first = np.shape(exercise.cases[0][0][0])
    assert len(first) == 2 and first[0] != first[1], (
        "the first case is a non-square batch: no batching and the wrong axis show there, by shape"
    )
    assert max(ndims) >= 3, "a case with two leading (batch) axes"
    assert exercise.inputs == "array"


def test_wrong_axis_needs_a_batch():
    assert not ex.WRONG_AXIS.matches([1.0, 2.0], 3.0, ([0.5, 0.5],), None, None)
    assert ex.WRONG_AXIS.matches(np.zeros(3), np.zeros(2), (np.ones((2, 3)),), None, None)


@pytest.mark.parametrize("name", [n for n in CORRECT_CHOICES if n != "kl_infinite"])
def test_a_choice_solution_names_the_answer(name):
    exercise = ex.EXERCISES[name]
    assert exercise.solution_text.startswith(f"'{exercise.expected}'")
    assert exercise.check(exercise.expected) is True


def test_every_exercise_has_right_and_wrong_variants_in_the_tables():
    right = (
        {n for n, _ in RIGHT_FUNCTIONS}
        | {n for n, _ in RIGHT_NUMBERS}
        | {"kl_infinite"}
        | {n for n, _ in RIGHT_CHOICE_ANSWERS}
    )
    wrong = (
        {n for n, *_ in WRONG_FUNCTIONS}
        | {n for n, *_ in WRONG_NUMBERS}
        | {"kl_infinite"}
        | {n for n, *_ in WRONG_CHOICE_ANSWERS}
    )
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
    key="rows",
    title="entropy of each row",
    kind="function",
    hint_text="h",
    solution_text="s",
    reference=ex.measures.entropy,
    cases=ex._cases(ex.measures.entropy, [(([[0.5, 0.5], [1.0, 0.0]],), "a batch of two rows")]),
    mistakes=(ex.NO_BATCH, ex.ZERO_LOG_ZERO),
)


@pytest.mark.parametrize(
    ("fn", "ok", "message"),
    [
        (lambda p: ex.measures.entropy(p, axis=-1), True, "Correct"),
        (lambda p: ex.measures.entropy(np.ravel(p) / 2), False, "no batching"),
        (lambda p: -np.sum(p * np.log2(p), axis=-1), False, "0·log 0"),
        (lambda p: np.zeros(3), False, "you returned shape (3,), expected (2,)"),
    ],
)
def test_batch_exercises_diagnose_a_missing_batch_axis(fn, ok, message, capsys):
    assert _BATCH.check(fn) is ok
    assert message in capsys.readouterr().out


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"kind": "essay"}, "kind must be one of"),
        ({"kind": "function"}, "needs cases"),
        ({"kind": "number", "expected": float("nan")}, "finite expected value"),
        ({"kind": "choice", "expected": "a", "options": {"b": ""}}, "not an option"),
        ({"kind": "number", "expected": 1.0, "inputs": "strings"}, "inputs must be one of"),
    ],
)
def test_bad_exercise_definitions_are_clear_errors(kwargs, error):
    with pytest.raises(ValueError, match=error):
        ex.Exercise(key="k", title="t", hint_text="h", solution_text="s", **kwargs)


def test_bad_arguments_to_the_helpers_are_clear_errors():
    with pytest.raises(ValueError, match="no exercise named 3"):
        ex.hint(3)
    with pytest.raises(TypeError, match="mistakes must be Mistake"):
        ex.Exercise(
            key="k",
            title="t",
            kind="number",
            expected=1.0,
            hint_text="h",
            solution_text="s",
            mistakes=("nats",),
        )
    with pytest.raises(ValueError, match="exactly one of predict= or detect="):
        ex.Mistake("m", "message")
    with pytest.raises(TypeError):
        ex.check_entropy()  # the checker takes the answer


SOLUTION_NUMBERS = {
    "die_six": "2.585",
    "three_heads": "3",
    "max_entropy": "3",
    "zero_differential_entropy": "0.2420",
    "loss_quarter": "1.386",
    "mi_copy": "2.585",
    "uniform_perplexity": "50",
    "bpc_to_perplexity": "2.46",
    "nmi_renamed": "1",
    "infonce_cap": "5.545",
    "perplexity_per_word": "2048",
    "ce_floor": "1.2130",
    "smoothing_floor": "1.0148",  # 08
    "mean_nll": "1.2040",  # 09
    "absolute_report": "1",  # 09
    "spam_split": "0.2564",  # 10
    "bytes_for_text": "2500",  # 11
    "ten_classes_one_bit": "0.1352",  # 14
    "bpc_from_token_ppl": f"{np.log2(20) / 4.2:.4f}",  # 12
    "elbo_bits": f"{25 / np.log(2):.2f}",  # 13
}


@pytest.mark.parametrize("name", sorted(SOLUTION_NUMBERS))
def test_the_number_a_solution_states_passes_its_own_check(name, capsys):
    exercise = ex.EXERCISES[name]
    assert SOLUTION_NUMBERS[name] in exercise.solution_text
    assert exercise.check(SOLUTION_NUMBERS[name]) is True
    assert exercise.check(float(SOLUTION_NUMBERS[name])) is True


def test_every_number_exercise_has_its_solution_number_here():
    assert set(SOLUTION_NUMBERS) == {n for n, e in ex.EXERCISES.items() if e.kind == "number"}


# ---- the notebooks use every exercise, and each section has more than recall -----------------------------

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
SECTIONS = [f"0{i}" for i in range(1, 8)]
#: The applied notebooks after the summary (08 and on): their exercises are checked there too.
APPLIED = sorted(p.name[:2] for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb") if p.name[:2] > SECTIONS[-1])


def _checks_called(prefix):
    (path,) = NOTEBOOKS.glob(f"{prefix}_*.ipynb")
    cells = nbformat.read(path, as_version=4).cells
    code = "\n".join(c.source for c in cells[2:] if c.cell_type == "code")  # below the imports
    return set(re.findall(r"^check_(\w+)\(", code, flags=re.M)), cells[1].source


def test_every_exercise_is_checked_in_a_notebook_and_imported_there():
    seen = set()
    for prefix in SECTIONS + APPLIED:
        called, imports = _checks_called(prefix)
        assert called <= set(ex.EXERCISES), called - set(ex.EXERCISES)
        for name in called:
            assert f"check_{name}" in imports, (prefix, name)
        seen |= called
    assert seen == set(ex.EXERCISES), set(ex.EXERCISES) - seen


@pytest.mark.parametrize("prefix", SECTIONS)
def test_each_section_has_a_concept_question_and_a_batch_exercise(prefix):
    called, _ = _checks_called(prefix)
    assert any(ex.EXERCISES[n].kind != "function" and ex.EXERCISES[n].explanation for n in called), prefix
    assert any(n in BATCH_EXERCISES for n in called), prefix
