"""The exercises of notebook 12 (bits per character, byte and token): right answers pass, mistakes are named."""

from __future__ import annotations

import math

import numpy as np
import pytest

from infotheory_lib import exercises as ex
from infotheory_lib.tokenizers import bits_per_unit

# ---- my_token_perplexity(char_probs, n_tokens) -----------------------------------------------------------------


def _loop(char_probs, n_tokens):
    bits = 0.0
    for q in char_probs:
        bits += math.inf if q == 0 else -math.log2(q)
    return 2**bits if bits == math.inf else 2 ** (bits / n_tokens)


def _numpy(char_probs, n_tokens):
    q = np.asarray(char_probs, dtype=float)
    with np.errstate(divide="ignore"):
        return 2.0 ** (-np.sum(np.log2(q)) / n_tokens)


def _nats(char_probs, n_tokens):
    q = np.asarray(char_probs, dtype=float)
    with np.errstate(divide="ignore"):
        return np.exp(-np.sum(np.log(q)) / n_tokens)  # e^(nats per token): the same perplexity


def _library(char_probs, n_tokens):
    q = np.asarray(char_probs, dtype=float)
    with np.errstate(divide="ignore"):
        total = float(-np.sum(np.log2(q)))
    return math.inf if math.isinf(total) else bits_per_unit(total, n_tokens)[1]


def _per_char(char_probs, n_tokens):
    return _numpy(char_probs, len(char_probs))


RIGHT = [
    _loop,
    _numpy,
    _nats,
    _library,
    lambda p, n: _numpy(p, n) ** 1.0,
    lambda p, n: [_numpy(p, n)],  # a one-element list for a number
    lambda p, n: _numpy(p, 1) ** (1 / n),  # the perplexity of the whole text, shared among the tokens
]

WRONG = [
    (_per_char, "perplexity per character"),
    (lambda p, n: math.log2(_numpy(p, n)), "bits per token"),
    (lambda p, n: _per_char(p, n) * len(p) / n, "perplexities multiply"),
    (lambda p, n: 2.0 ** (-np.sum(np.log(np.asarray(p, float))) / n), "natural logs"),
    (lambda p, n: n / np.sum(p), "geometric"),
    (lambda p, n: _numpy(p, n) + 1, "expected"),  # no named mistake
    (lambda p, n: None, "Not yet"),
]


@pytest.mark.parametrize("fn", RIGHT, ids=range(len(RIGHT)))
def test_token_perplexity_accepts_right_functions(fn, capsys):
    assert ex.EXERCISES["token_perplexity"].check(fn) is True, capsys.readouterr().out


@pytest.mark.parametrize(("fn", "message"), WRONG, ids=[m for _, m in WRONG])
def test_token_perplexity_names_the_mistake(fn, message, capsys):
    with np.errstate(divide="ignore"):
        assert ex.EXERCISES["token_perplexity"].check(fn) is False
    out = capsys.readouterr().out
    assert message in out, out
    assert "Traceback" not in out


def test_token_perplexity_first_case_tells_the_mistakes_apart():
    """On the first case every listed mistake gives its own value, so a wrong answer gets its own diagnosis."""
    exercise = ex.EXERCISES["token_perplexity"]
    args, want, _ = exercise.cases[0]
    values = [want] + [m.predict(None, args, want) for m in exercise.mistakes]
    assert len({round(float(v), 9) for v in values}) == len(values), values


def test_token_perplexity_cases_cover_the_edges():
    cases = ex.EXERCISES["token_perplexity"].cases
    wants = [want for _, want, _ in cases]
    assert wants[0] == 8.0
    assert 1.0 in wants and math.inf in wants and 1024.0 in wants
    assert any(args[1] == len(args[0]) for args, _, _ in cases)  # one token per character
    assert any(args[1] == 1 for args, _, _ in cases)  # the whole text one token
    for args, want, _ in cases:  # ppl_token = 2^((N_chars / N_tokens) · bpc)
        with np.errstate(divide="ignore"):
            bpc = float(-np.mean(np.log2(args[0])))
        assert want == pytest.approx(2.0 ** (len(args[0]) / args[1] * bpc), rel=1e-12)


def test_token_perplexity_solution_runs_and_passes(capsys):
    namespace = {"np": np}
    exec(ex.EXERCISES["token_perplexity"].solution_text, namespace)
    assert ex.EXERCISES["token_perplexity"].check(namespace["my_token_perplexity"]) is True


def test_every_token_perplexity_mistake_is_produced_by_a_wrong_answer_above():
    messages = [m for _, m in WRONG]
    for mistake in ex.EXERCISES["token_perplexity"].mistakes:
        assert any(m in mistake.message for m in messages), mistake.name


# ---- numbers and choices ------------------------------------------------------------------------------------


def test_bpc_from_token_ppl_value():
    assert ex.EXERCISES["bpc_from_token_ppl"].expected == pytest.approx(math.log2(20) / 4.2, rel=1e-15)
    assert ex.EXERCISES["bpc_from_token_ppl"].expected == pytest.approx(1.029, abs=5e-4)


@pytest.mark.parametrize("answer", [math.log2(20) / 4.2, 1.029, "1.03", "1.0290", np.float32(1.029)])
def test_bpc_from_token_ppl_right(answer, capsys):
    assert ex.EXERCISES["bpc_from_token_ppl"].check(answer) is True, capsys.readouterr().out


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (4.32, "bits per token"),
        (4.76, "divided the perplexity"),
        (2.25, "log₂(20 / 4.2)"),
        (0.713, "nats"),
        (18.15, "multiplied by 4.2"),
        (2.04, "perplexity per character"),
        (1.2, "not right yet"),
    ],
)
def test_bpc_from_token_ppl_wrong(answer, message, capsys):
    assert ex.EXERCISES["bpc_from_token_ppl"].check(answer) is False
    assert message in capsys.readouterr().out


def test_bpc_from_token_ppl_solution_states_the_number():
    exercise = ex.EXERCISES["bpc_from_token_ppl"]
    assert "1.0290" in exercise.solution_text
    assert exercise.check("1.0290") is True


@pytest.mark.parametrize("answer", ["cannot tell", "Cannot tell", " cannot tell "])
def test_compare_papers_right(answer, capsys):
    assert ex.EXERCISES["compare_papers"].check(answer) is True
    out = capsys.readouterr().out
    assert "1.39" in out and "1.03" in out


def test_compare_papers_explanation_numbers():
    """The explanation's bits per character: log2(18) / 3 and log2(25) / 4.5."""
    assert f"{math.log2(18) / 3:.2f}" == "1.39"
    assert f"{math.log2(25) / 4.5:.2f}" == "1.03"


@pytest.mark.parametrize(
    ("answer", "message"), [("18", "same tokens"), ("25", "higher number"), ("both", "not one")]
)
def test_compare_papers_wrong(answer, message, capsys):
    assert ex.EXERCISES["compare_papers"].check(answer) is False
    assert message in capsys.readouterr().out


def test_checkers_are_exported():
    for name in ("check_token_perplexity", "check_bpc_from_token_ppl", "check_compare_papers"):
        assert name in ex.__all__
        assert callable(getattr(ex, name))
