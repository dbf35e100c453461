"""The exercises of notebook 14 (data processing and Fano): right answers in any form pass, known mistakes
are named, the cases cover the edges."""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from scipy.optimize import brentq

import infotheory_lib as it
from infotheory_lib import bounds
from infotheory_lib import exercises as ex

NAMES = ("fano_bound", "ten_classes_one_bit", "transform_mi")
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "14_data_processing_and_fano.ipynb"


def _hb(p):
    return 0.0 if p in (0.0, 1.0) else -p * math.log2(p) - (1 - p) * math.log2(1 - p)


def _bisection(h, k):  # the notebook's solution
    lo, hi = 0.0, 1 - 1 / k
    for _ in range(60):
        mid = (lo + hi) / 2
        if _hb(mid) + mid * math.log2(k - 1) < h:
            lo = mid
        else:
            hi = mid
    return 0.0 if h <= 0 else hi


def _brentq(h, k):
    top = 1 - 1 / k
    f = lambda p: _hb(p) + p * math.log2(k - 1) - h  # noqa: E731
    if h <= 0:
        return 0.0
    if f(top) <= 0:
        return top
    return brentq(f, 0.0, top, xtol=1e-14)


def _grid(h, k):  # the smallest grid point that satisfies the inequality, on a fine grid
    p = np.linspace(0, 1 - 1 / k, 2_000_001)
    with np.errstate(all="ignore"):
        f = np.nan_to_num(-p * np.log2(p) - (1 - p) * np.log2(1 - p)) + p * np.log2(k - 1)
    return float(p[np.argmax(f >= h - 1e-12)])


def _weak(h, k):
    return max((h - 1) / math.log2(k), 0.0)


def _log_k(h, k):
    lo, hi = 0.0, 1 - 1 / k
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if _hb(mid) + mid * math.log2(k) < h else (lo, mid)
    return hi


def _binary_only(h, k):
    lo, hi = 0.0, 0.5
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if _hb(mid) < h else (lo, mid)
    return hi


def _nats(h, k):
    hb = lambda p: 0.0 if p in (0.0, 1.0) else -p * math.log(p) - (1 - p) * math.log(1 - p)  # noqa: E731
    lo, hi = 0.0, 1 - 1 / k
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if hb(mid) + mid * math.log(k - 1) < h else (lo, mid)
    return hi


RIGHT = [
    _bisection,
    _brentq,
    _grid,
    lambda h, k: it.fano_error_lower_bound(h, k),
    lambda h, k: np.float32(it.fano_error_lower_bound(h, k)),
    lambda h, k: [float(bounds.fano_error_lower_bound(h, k))],
]

WRONG = [
    (_weak, "weak closed form"),
    (_log_k, "log₂ K where log₂(K − 1) belongs"),
    (_binary_only, "the term Pₑ log₂(K − 1) is missing"),
    (_nats, "in nats"),
    (lambda h, k: 1 - 1 / k, "expected"),
    (lambda h, k: "0.1", "not a string"),
    (lambda h, k: 1 / 0, "raised ZeroDivisionError"),
]


@pytest.mark.parametrize("fn", RIGHT, ids=range(len(RIGHT)))
def test_fano_bound_accepts_right_functions(fn, capsys):
    assert ex.EXERCISES["fano_bound"].check(fn) is True, capsys.readouterr().out


@pytest.mark.parametrize(("fn", "message"), WRONG, ids=[m[:25] for _, m in WRONG])
def test_fano_bound_names_the_mistake(fn, message, capsys):
    assert ex.EXERCISES["fano_bound"].check(fn) is False
    out = capsys.readouterr().out
    assert message in out and "Traceback" not in out, out


def test_fano_bound_cases_cover_the_edges_and_the_tight_case():
    cases = ex.EXERCISES["fano_bound"].cases
    notes = " ".join(note for _, _, note in cases)
    for word in ("H(Y|X) = 0", "symmetric channel", "two classes", "log₂ K"):
        assert word in notes
    by_args = {args: want for args, want, _ in cases}
    assert by_args[(0.0, 10)] == 0.0
    assert by_args[(2.0, 4)] == pytest.approx(0.75, abs=1e-12)
    tight = next(want for args, want, note in cases if "symmetric" in note)
    assert tight == pytest.approx(0.1, abs=1e-9)  # Fano is tight for the symmetric channel


def test_the_learner_gets_a_float_and_an_int():
    seen = []

    def spy(h, k):
        seen.append((type(h), type(k)))
        return 0.0

    ex.EXERCISES["fano_bound"].check(spy)
    assert seen[0] == (float, int)


# ---- ten classes, one bit (a number) ---------------------------------------------------------------------

TEN_ONE = float(it.fano_error_lower_bound(1.0, 10))


@pytest.mark.parametrize("value", [TEN_ONE, 0.1352, "0.1352", 0.135, np.float32(TEN_ONE)])
def test_ten_classes_one_bit_right_numbers(value, capsys):
    assert ex.EXERCISES["ten_classes_one_bit"].check(value) is True, capsys.readouterr().out


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0.00", "weak form"),
        (0.5, "forgetting Pₑ log₂(K − 1)"),
        (round(_log_k(1.0, 10), 4), "log₂ 10 where log₂ 9 belongs"),
        (0.9, "guessing among 10 labels"),
        (0.3, "not right yet"),
    ],
)
def test_ten_classes_one_bit_wrong_numbers(value, message, capsys):
    assert ex.EXERCISES["ten_classes_one_bit"].check(value) is False
    assert message in capsys.readouterr().out


def test_ten_classes_one_bit_satisfies_fano_with_equality():
    p = ex.EXERCISES["ten_classes_one_bit"].expected
    assert _hb(p) + p * math.log2(9) == pytest.approx(1.0, abs=1e-12)


# ---- can a transform raise the MI? (a concept question) ----------------------------------------------------


@pytest.mark.parametrize("answer", ["no", "No", " no "])
def test_transform_mi_accepts_no_and_explains_both_other_causes(answer, capsys):
    assert ex.EXERCISES["transform_mi"].check(answer) is True
    out = capsys.readouterr().out
    assert "biased" in out and "fitted with the labels" in out


@pytest.mark.parametrize(
    ("answer", "message"), [("yes", "Markov chain"), ("only if g is invertible", "equality")]
)
def test_transform_mi_explains_each_wrong_option(answer, message, capsys):
    assert ex.EXERCISES["transform_mi"].check(answer) is False
    assert message in capsys.readouterr().out


# ---- every exercise: hints, solutions, the notebook ------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_hint_and_solution_exist(name, capsys):
    ex.hint(name)
    ex.solution(name)
    out = capsys.readouterr().out
    assert "Hint" in out and "Solution" in out


def test_the_function_solution_passes_its_own_check(capsys):
    namespace = {"np": np, "it": it}
    exec(ex.EXERCISES["fano_bound"].solution_text, namespace)
    assert ex.EXERCISES["fano_bound"].check(namespace["my_fano_bound"]) is True, capsys.readouterr().out


def test_the_number_solution_passes_its_own_check(capsys):
    assert "0.1352" in ex.EXERCISES["ten_classes_one_bit"].solution_text
    assert ex.EXERCISES["ten_classes_one_bit"].check("0.1352") is True


@pytest.mark.skipif(not NOTEBOOK.exists(), reason="notebook 14 not written yet")
def test_the_notebook_checks_and_imports_every_exercise():
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    imports = next(c.source for c in cells if c.cell_type == "code")
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    called = set(re.findall(r"^check_(\w+)\(", code, flags=re.M))
    assert called == set(NAMES)
    for name in NAMES:
        assert f"check_{name}" in imports
