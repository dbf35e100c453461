"""The exercises of notebook 10 (information gain and decision trees): right answers in any form pass,
known mistakes are named, the learner's function gets what the text promises."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from scipy.stats import entropy as scipy_entropy

import infotheory_lib as it
from infotheory_lib import exercises as ex

NAMES = ("split_gain", "spam_split", "id_split", "question_gains")
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "10_decision_trees.ipynb"


# ---- my_information_gain(labels, mask) ------------------------------------------------------------------


def _h(labels):
    _, counts = np.unique(labels, return_counts=True)
    p = counts / counts.sum()
    return -np.sum(p * np.log2(p))


def _gain_loop(labels, mask):  # the notebook's solution
    gain = _h(labels)
    for side in (mask, ~mask):
        if side.any():
            gain -= side.mean() * _h(labels[side])
    return gain


def _gain_by_joint_table(labels, mask):  # count the joint table of (side, label), then I(S; Y)
    _, codes = np.unique(labels, return_inverse=True)
    joint = np.zeros((2, codes.max() + 1))
    np.add.at(joint, (mask.astype(int), codes), 1)
    return it.mutual_information(joint / joint.sum())


def _gain_scipy(labels, mask):
    def h(y):
        return scipy_entropy(np.unique(y, return_counts=True)[1], base=2) if len(y) else 0.0

    return (
        h(labels)
        - len(labels[mask]) / len(labels) * h(labels[mask])
        - len(labels[~mask]) / len(labels) * h(labels[~mask])
    )


def _gain_mean_surprisal(labels, mask):  # H as the mean surprisal of the samples: nan for no samples
    def h(y):
        _, inverse, counts = np.unique(y, return_inverse=True, return_counts=True)
        return -np.mean(np.log2(counts[inverse] / len(y)))

    return h(labels) - mask.mean() * h(labels[mask]) - (~mask).mean() * h(labels[~mask])


RIGHT_GAINS = [
    _gain_loop,
    _gain_by_joint_table,
    _gain_scipy,
    lambda y, m: it.information_gain(y, m),
    lambda y, m: float(it.mutual_information_from_samples(m, y)),  # a Python float
    lambda y, m: np.float32(it.information_gain(y, m)),  # float32 is close enough
    lambda y, m: [it.information_gain(y, m)],  # a one-element list for a number
]

WRONG_GAINS = [
    (_gain_mean_surprisal, "an empty side"),
    (lambda y, m: _gain_loop(y, m) * np.log(2), "in nats; this exercise wants bits"),
    (lambda y, m: -_gain_loop(y, m), "sign error"),
    (lambda y, m: _h(y) - (_h(y[m]) + _h(y[~m])) / 2, "equal weights"),
    (lambda y, m: _h(y) - _h(y[m]) - _h(y[~m]), "without weights"),
    (lambda y, m: _h(y) - _gain_loop(y, m), "that is H(Y|S)"),
    (lambda y, m: _h(y), "that is H(Y), the uncertainty before"),
    (lambda y, m: 0.5, "expected"),  # no named mistake: the generic message shows the answer
    (lambda y, m: y[m], "expected"),
    (lambda y, m: {}["oops"], "raised KeyError"),
]


@pytest.mark.parametrize("fn", RIGHT_GAINS, ids=range(len(RIGHT_GAINS)))
def test_split_gain_accepts_right_functions(fn, capsys):
    assert ex.EXERCISES["split_gain"].check(fn) is True, capsys.readouterr().out


@pytest.mark.parametrize(("fn", "message"), WRONG_GAINS, ids=[m[:25] for _, m in WRONG_GAINS])
def test_split_gain_names_the_mistake(fn, message, capsys):
    assert ex.EXERCISES["split_gain"].check(fn) is False
    out = capsys.readouterr().out
    assert message in out and "Traceback" not in out, out


def test_split_gain_cases_cover_the_edges():
    notes = " ".join(note for _, _, note in ex.EXERCISES["split_gain"].cases)
    for word in ("perfect", "string labels", "same class mix", "pure side", "empty"):
        assert word in notes
    kinds = {np.asarray(args[0]).dtype.kind for args, _, _ in ex.EXERCISES["split_gain"].cases}
    assert kinds == {"i", "U"}  # integer and string labels


def test_the_learner_gets_numpy_arrays_a_boolean_mask_and_string_labels():
    seen = []

    def spy(labels, mask):
        seen.append((type(labels), labels.dtype.kind, type(mask), mask.dtype))
        return 0.0

    for _ in ex.EXERCISES["split_gain"].cases:
        ex.EXERCISES["split_gain"].check(spy)  # stops at the first wrong case: spy each case in turn
        break
    assert seen[0][0] is np.ndarray and seen[0][2] is np.ndarray and seen[0][3] == np.bool_
    got = []

    def keep(labels, mask):
        got.append(labels.dtype.kind)
        return it.information_gain(labels, mask)

    assert ex.EXERCISES["split_gain"].check(keep) is True
    assert "U" in got  # the string labels arrive as strings


def test_a_function_that_mutates_its_input_does_not_change_the_cases():
    def vandal(labels, mask):
        mask[:] = False
        return 0.0

    before = [(list(map(str, y)), list(m)) for (y, m), _, _ in ex.EXERCISES["split_gain"].cases]
    ex.EXERCISES["split_gain"].check(vandal)
    after = [(list(map(str, y)), list(m)) for (y, m), _, _ in ex.EXERCISES["split_gain"].cases]
    assert before == after


def test_feedback_shows_masks_and_labels_as_python_writes_them(capsys):
    ex.EXERCISES["split_gain"].check(lambda y, m: -1.0)
    out = capsys.readouterr().out
    assert "[True, True, False, False]" in out and "np.True_" not in out
    ex.EXERCISES["question_gains"].check(lambda a, p: np.zeros(a.shape[:-1]) - 1)
    out = capsys.readouterr().out
    assert "['yes', 'yes', 'no', 'no']" in out and "np.str_" not in out


# ---- the spam split (a number) ------------------------------------------------------------------------

SPAM = float(it.binary_entropy(0.4) - 0.4 * it.binary_entropy(0.75) - 0.6 * it.binary_entropy(1 / 6))


@pytest.mark.parametrize("value", [SPAM, 0.2564, "0.2564", 0.256, 0.26, np.float32(SPAM)])
def test_spam_split_right_numbers(value, capsys):
    assert ex.EXERCISES["spam_split"].check(value) is True, capsys.readouterr().out


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (SPAM * np.log(2), "in nats"),
        (0.2403, "equal weights"),  # 0.9710 - (0.8113 + 0.6500) / 2
        (0.2242, "weights are swapped"),  # 0.9710 - 0.6 * 0.8113 - 0.4 * 0.6500
        (0.4 * 0.8113 + 0.6 * 0.6500, "H(Y | answer)"),
        (0.971, "that is H(Y)"),
        (-0.4903, "without weights"),  # 0.9710 - 0.8113 - 0.6500
        ("0.2560", "close"),
        (0.5, "not right yet"),
    ],
)
def test_spam_split_wrong_numbers(value, message, capsys):
    assert ex.EXERCISES["spam_split"].check(value) is False
    assert message in capsys.readouterr().out


def test_spam_split_is_the_information_gain_of_those_emails():
    spam = np.array([1, 1, 1, 0] + [1, 0, 0, 0, 0, 0])
    says_free = np.array([True] * 4 + [False] * 6)
    assert ex.EXERCISES["spam_split"].expected == pytest.approx(
        it.information_gain(spam, says_free), abs=1e-15
    )
    assert ex.EXERCISES["spam_split"].expected == pytest.approx(SPAM, rel=1e-14)


# ---- the ID split (a concept question) ----------------------------------------------------------------


@pytest.mark.parametrize("answer", ["H(Y)", "h(y)", " H(Y) "])
def test_id_split_accepts_the_answer_and_explains_it(answer, capsys):
    assert ex.EXERCISES["id_split"].check(answer) is True
    assert "gain ratio" in capsys.readouterr().out


@pytest.mark.parametrize(("answer", "message"), [("0", "only measures how pure"), ("1 bit", "H(S) = log₂ n")])
def test_id_split_explains_each_wrong_option(answer, message, capsys):
    assert ex.EXERCISES["id_split"].check(answer) is False
    assert message in capsys.readouterr().out


def test_id_split_is_true_of_the_library():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 40)
    ids = np.arange(40)
    # one branch per ID: I(ID; Y) = H(Y), the most any split can gain
    assert it.mutual_information_from_samples(ids, y) == pytest.approx(it.entropy_from_samples(y), rel=1e-14)


# ---- my_question_gains(answers, prior) ----------------------------------------------------------------


def _question_gains_loop(answers, prior):  # the notebook's solution
    rows = answers.reshape(-1, answers.shape[-1])
    gains = []
    for row in rows:
        p = np.array([prior[row == a].sum() for a in np.unique(row)])
        p = p[p > 0]
        gains.append(-np.sum(p * np.log2(p)))
    return np.reshape(gains, answers.shape[:-1])


def _question_gains_flat(answers, prior):  # forgets to reshape: one flat list for a batch of batches
    return _question_gains_loop(answers.reshape(-1, answers.shape[-1]), prior)


RIGHT_QUESTION_GAINS = [
    _question_gains_loop,
    lambda a, p: _question_gains_loop(a, p).tolist() if a.ndim > 1 else float(_question_gains_loop(a, p)),
    lambda a, p: np.apply_along_axis(lambda r: it.entropy([p[r == v].sum() for v in np.unique(r)]), -1, a),
]

WRONG_QUESTION_GAINS = [
    (lambda a, p: float(np.sum(_question_gains_loop(a, p))), "one number for all the questions"),
    (lambda a, p: np.ones(a.shape[-1]), "the wrong axis"),
    (lambda a, p: _question_gains_loop(a, p) * np.log(2), "in nats; this exercise wants bits"),
    (lambda a, p: -_question_gains_loop(a, p), "sign error"),
    (lambda a, p: _question_gains_loop(a, np.full(a.shape[-1], 1 / a.shape[-1])), "counted, not weighted"),
    (lambda a, p: np.full(a.shape[:-1], it.entropy(p)), "that is H(X)"),
    (_question_gains_flat, "expected (2, 2)"),  # the generic message names the shapes
]


@pytest.mark.parametrize("fn", RIGHT_QUESTION_GAINS, ids=range(len(RIGHT_QUESTION_GAINS)))
def test_question_gains_accepts_right_functions(fn, capsys):
    assert ex.EXERCISES["question_gains"].check(fn) is True, capsys.readouterr().out


@pytest.mark.parametrize(
    ("fn", "message"), WRONG_QUESTION_GAINS, ids=[m[:25] for _, m in WRONG_QUESTION_GAINS]
)
def test_question_gains_names_the_mistake(fn, message, capsys):
    assert ex.EXERCISES["question_gains"].check(fn) is False
    out = capsys.readouterr().out
    assert message in out and "Traceback" not in out, out


def test_question_gains_cases_are_a_batch_with_edges():
    cases = ex.EXERCISES["question_gains"].cases
    first = np.shape(cases[0][0][0])
    assert len(first) == 2 and first[0] != first[1]  # non-square: the wrong axis shows by shape
    assert max(np.ndim(args[0]) for args, _, _ in cases) >= 3  # two leading batch axes
    assert any(np.ndim(args[0]) == 1 for args, _, _ in cases)  # a single question
    assert any(0.0 in np.asarray(args[1]) for args, _, _ in cases)  # a secret with probability 0
    assert any(len(np.unique(args[0])) > 2 for args, _, _ in cases)  # more than yes/no


# ---- every exercise: hints, solutions, the notebook ---------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_hint_and_solution_exist(name, capsys):
    ex.hint(name)
    ex.solution(name)
    out = capsys.readouterr().out
    assert "Hint" in out and "Solution" in out


def test_function_solutions_pass_their_own_check(capsys):
    for name, fn_name in (("split_gain", "my_information_gain"), ("question_gains", "my_question_gains")):
        namespace = {"np": np, "it": it}
        exec(ex.EXERCISES[name].solution_text, namespace)
        assert ex.EXERCISES[name].check(namespace[fn_name]) is True, capsys.readouterr().out


@pytest.mark.skipif(not NOTEBOOK.exists(), reason="notebook 10 not written yet")
def test_the_notebook_checks_and_imports_every_exercise():
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    imports = next(c.source for c in cells if c.cell_type == "code")
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    called = set(re.findall(r"^check_(\w+)\(", code, flags=re.M))
    assert called == set(NAMES)
    for name in NAMES:
        assert f"check_{name}" in imports
