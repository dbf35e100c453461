"""The exercises of notebook 11 (compression): right answers in any form pass, known mistakes are named."""

from __future__ import annotations

import gzip
import math

import numpy as np
import pytest

from infotheory_lib import exercises as ex
from infotheory_lib.language import CharNGramModel, load_corpus, train_test_split_text
from infotheory_lib.measures import surprise
from infotheory_lib.models import arithmetic_encode

# ---- my_code_length(probs) --------------------------------------------------------------------------------------


def _loop(probs):
    total = 0.0
    for q in probs:
        total += math.inf if q == 0 else -math.log2(q)
    return total


def _numpy(probs):
    with np.errstate(divide="ignore"):
        return -np.sum(np.log2(np.asarray(probs, dtype=float)))


RIGHT = [
    _loop,
    _numpy,
    lambda probs: float(np.sum(surprise(probs, base=2))) if len(probs) else 0,  # int 0 for the empty message
    lambda probs: -np.log2(np.prod(np.asarray(probs, dtype=float))) if len(probs) else 0.0,  # short messages
    lambda probs: [_loop(probs)],  # a one-element list for a number
    lambda probs: np.sum(-np.log(np.asarray(probs, float)) / np.log(2)),  # ln / ln 2
]

WRONG = [
    (lambda probs: _numpy([q for q in probs if q > 0]), "skipped the symbol of probability 0"),
    (lambda probs: _numpy(probs) * math.log(2), "in nats"),
    (lambda probs: -_numpy(probs), "sign error"),
    (lambda probs: _numpy(probs) / max(len(probs), 1), "that is the mean"),
    (lambda probs: _numpy(probs) / 8, "in bytes"),
    (lambda probs: float(np.sum(np.ceil(-np.log2(np.asarray(probs, float))))), "whole bits"),
    (lambda probs: -np.mean(np.log2(probs)), "that is the mean"),
    (lambda probs: _numpy(probs) + 1, "expected"),  # no named mistake
    (lambda probs: None, "Not yet"),
]


@pytest.mark.parametrize("fn", RIGHT, ids=range(len(RIGHT)))
def test_code_length_accepts_right_functions(fn, capsys):
    assert ex.EXERCISES["code_length"].check(fn) is True, capsys.readouterr().out


@pytest.mark.parametrize(("fn", "message"), WRONG, ids=[m for _, m in WRONG])
def test_code_length_names_the_mistake(fn, message, capsys):
    assert ex.EXERCISES["code_length"].check(fn) is False
    out = capsys.readouterr().out
    assert message in out, out
    assert "Traceback" not in out


def test_code_length_cases_cover_the_edges():
    cases = {note: (args, want) for args, want, note in ex.EXERCISES["code_length"].cases}
    wants = [want for _, want in cases.values()]
    assert 0.0 in wants and math.inf in wants
    assert any(len(args[0]) == 0 for args, _ in cases.values())
    assert any(all(q == 1.0 for q in args[0]) and len(args[0]) > 0 for args, _ in cases.values())
    assert ex.EXERCISES["code_length"].cases[0][1] == 5.0


def test_code_length_solution_runs_and_passes(capsys):
    namespace = {"np": np}
    exec(ex.EXERCISES["code_length"].solution_text, namespace)
    assert ex.EXERCISES["code_length"].check(namespace["my_code_length"]) is True


def test_every_code_length_mistake_is_produced_by_a_wrong_answer_above():
    messages = [m for _, m in WRONG]
    for mistake in ex.EXERCISES["code_length"].mistakes:
        assert any(m in mistake.message for m in messages), mistake.name


# ---- numbers and choices ------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", [2500, 2500.0, "2500", "2.5e3", np.float32(2500)])
def test_bytes_for_text_right(answer, capsys):
    assert ex.EXERCISES["bytes_for_text"].check(answer) is True, capsys.readouterr().out


@pytest.mark.parametrize(
    ("answer", "message"),
    [(20000, "in bits"), (10000, "uncompressed"), (5000, "perplexity"), (2600, "not right yet")],
)
def test_bytes_for_text_wrong(answer, message, capsys):
    assert ex.EXERCISES["bytes_for_text"].check(answer) is False
    assert message in capsys.readouterr().out


def test_bytes_for_text_solution_states_the_number(capsys):
    exercise = ex.EXERCISES["bytes_for_text"]
    assert "2500 bytes" in exercise.solution_text
    assert exercise.check("2500") is True


@pytest.mark.parametrize("answer", ["the model", "The model", " the model "])
def test_model_cost_right(answer, capsys):
    assert ex.EXERCISES["model_cost"].check(answer) is True
    out = capsys.readouterr().out
    assert "two-part code" in out and "62,261" in out


@pytest.mark.parametrize(
    ("answer", "message"), [("nothing", "decoder"), ("the header", "header"), ("gzip", "not one")]
)
def test_model_cost_wrong(answer, message, capsys):
    assert ex.EXERCISES["model_cost"].check(answer) is False
    assert message in capsys.readouterr().out


def test_model_cost_states_true_numbers():
    """The numbers of the explanation: 62,261 distinct 5-grams in training, 10,616 bytes, 5,562 saved."""
    train, test = train_test_split_text(load_corpus())
    assert len({train[i : i + 5] for i in range(len(train) - 4)}) == 62261
    coded = len(arithmetic_encode(test, CharNGramModel(5, k=0.01, backoff=True).fit(train)))
    assert coded == 10616  # the bytes the hint and the options name
    assert len(gzip.compress(test.encode(), 9, mtime=0)) - coded == 5562  # the saving the explanation names
    assert "5,562 bytes" in ex.EXERCISES["model_cost"].explanation
    assert ex.EXERCISES["model_cost"].solution_text.startswith("'the model'")


def test_checkers_are_exported():
    for name in ("check_code_length", "check_bytes_for_text", "check_model_cost"):
        assert name in ex.__all__
