"""The exercises of notebook 09 (calibration): right answers in any form pass, known mistakes are named."""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

import infotheory_lib as it
from infotheory_lib import exercises as ex

NAMES = ("ece", "mean_nll", "absolute_report", "temperature_accuracy")
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "09_calibration.ipynb"


# ---- my_ece(confidences, correct, n_bins) ---------------------------------------------------------------------


def _by_ceil(c, a, n):  # the solution's binning: (lo, hi], 0 in the first bin
    idx = np.clip(np.ceil(c * n).astype(int) - 1, 0, n - 1)
    return sum(
        (idx == b).mean() * abs(a[idx == b].mean() - c[idx == b].mean()) for b in range(n) if (idx == b).any()
    )


def _by_loop(c, a, n):  # bin by bin with the edges, zero handled
    edges = np.linspace(0, 1, n + 1)
    total = 0.0
    for b in range(n):
        m = (c > edges[b]) & (c <= edges[b + 1])
        if b == 0:
            m |= c == 0
        if m.any():
            total += m.sum() / len(c) * abs(a[m].mean() - c[m].mean())
    return total


def _by_floor_clipped(c, a, n):  # [lo, hi) bins with 1.0 clipped into the last: the same off the inner edges
    idx = np.minimum((c * n).astype(int), n - 1)
    counts = np.bincount(idx, minlength=n)
    acc = np.bincount(idx, weights=a.astype(float), minlength=n)
    conf = np.bincount(idx, weights=c, minlength=n)
    m = counts > 0
    return float(np.sum(np.abs(acc[m] - conf[m])) / len(c))  # Σ |B|/n · |acc − conf| = Σ |Σa − Σc| / n


def _by_digitize(c, a, n):
    idx = np.digitize(c, np.linspace(0, 1, n + 1)[1:-1], right=True)
    gaps = [(idx == b).mean() * abs(a[idx == b].mean() - c[idx == b].mean()) for b in np.unique(idx)]
    return np.sum(gaps)


def _by_histogram(c, a, n):  # np.histogram: [lo, hi) bins, the last one closed
    edges = np.linspace(0, 1, n + 1)
    counts, _ = np.histogram(c, bins=edges)
    hits, _ = np.histogram(c, bins=edges, weights=a.astype(float))
    sums, _ = np.histogram(c, bins=edges, weights=c)
    return float(np.abs(hits - sums).sum() / counts.sum())


RIGHT_ECE = [
    _by_ceil,
    _by_loop,
    _by_floor_clipped,
    _by_digitize,
    _by_histogram,
    lambda c, a, n: it.ece_from_confidences(c, a, n_bins=n),
    lambda c, a, n: [float(_by_ceil(c, a, n))],  # a one-element list for a number
    lambda c, a, n: np.float32(_by_loop(c, a, n)),  # numpy float32 is close enough
    lambda c, a, n: _by_loop(c, a.astype(int), n),  # 0/1 ints work as well as booleans
]


def _unweighted(c, a, n):
    idx = np.clip(np.ceil(c * n).astype(int) - 1, 0, n - 1)
    return np.mean([abs(a[idx == b].mean() - c[idx == b].mean()) for b in range(n) if (idx == b).any()])


def _signed(c, a, n, sign=1):
    idx = np.clip(np.ceil(c * n).astype(int) - 1, 0, n - 1)
    return sign * sum(
        (idx == b).mean() * (a[idx == b].mean() - c[idx == b].mean()) for b in range(n) if (idx == b).any()
    )


def _maximum(c, a, n):
    idx = np.clip(np.ceil(c * n).astype(int) - 1, 0, n - 1)
    return max(abs(a[idx == b].mean() - c[idx == b].mean()) for b in range(n) if (idx == b).any())


def _nan_bins(c, a, n):  # the mean of an empty bin is nan
    idx = np.clip(np.ceil(c * n).astype(int) - 1, 0, n - 1)
    return sum((idx == b).mean() * abs(a[idx == b].mean() - c[idx == b].mean()) for b in range(n))


def _floor_drops_one(c, a, n):  # int(c * n) = n for c = 1: no bin holds it
    idx = (c * n).astype(int)
    return sum(
        (idx == b).mean() * abs(a[idx == b].mean() - c[idx == b].mean()) for b in range(n) if (idx == b).any()
    )


def _floor_drops_one_renormalized(c, a, n):
    keep = c < 1
    return _by_ceil(c[keep], a[keep], n)


def _drops_zero(c, a, n):  # lo < c <= hi in every bin, no exception for c = 0
    edges = np.linspace(0, 1, n + 1)
    total = 0.0
    for b in range(n):
        m = (c > edges[b]) & (c <= edges[b + 1])
        if m.any():
            total += m.mean() * abs(a[m].mean() - c[m].mean())
    return total


def _floor_crashes(c, a, n):
    idx = (c * n).astype(int)
    counts = np.zeros(n)
    for i in idx:
        counts[i] += 1  # IndexError for c = 1
    return _by_ceil(c, a, n)


WRONG_ECE = [
    (_unweighted, "equal weights"),
    (_signed, "over- and under-confident bins cancel out"),
    (lambda c, a, n: _signed(c, a, n, sign=-1), "over- and under-confident bins cancel out"),
    (_maximum, "maximum calibration error"),
    (lambda c, a, n: abs(a.mean() - c.mean()), "over all predictions at once"),
    (_nan_bins, "an empty bin gave nan"),
    (_floor_drops_one, "exactly 1.0 was left out"),
    (_floor_drops_one_renormalized, "exactly 1.0 was left out"),
    (_drops_zero, "exactly 0 was left out"),
    (lambda c, a, n: _drops_zero(c[c > 0], a[c > 0], n), "exactly 0 was left out"),
    (_floor_crashes, "raised IndexError"),
    (lambda c, a, n: _by_ceil(c, a, n) / 2, "expected"),  # no named mistake: the generic message
    (lambda c, a, n: None, "Not yet"),
]


@pytest.mark.parametrize("fn", RIGHT_ECE, ids=range(len(RIGHT_ECE)))
def test_ece_accepts_right_functions(fn, capsys):
    assert ex.EXERCISES["ece"].check(fn) is True, capsys.readouterr().out


@pytest.mark.parametrize(("fn", "message"), WRONG_ECE, ids=[m[:25] for _, m in WRONG_ECE])
def test_ece_names_the_mistake(fn, message, capsys):
    assert ex.EXERCISES["ece"].check(fn) is False
    out = capsys.readouterr().out
    assert message in out, out
    assert "Traceback" not in out


def test_ece_cases_cover_the_edges_and_avoid_inner_edges():
    cases = ex.EXERCISES["ece"].cases
    confidences = [np.asarray(args[0], float) for args, _, _ in cases]
    assert any((c == 1.0).any() for c in confidences) and any((c == 0.0).any() for c in confidences)
    assert any(args[2] == 1 for args, _, _ in cases)  # one bin
    for (c, a, n), want, _ in cases:
        diagram = it.reliability_from_confidences(c, a, n_bins=n)
        inner = np.linspace(0, 1, n + 1)[1:-1]
        assert not np.isin(np.asarray(c), inner).any(), "an inner edge would make either convention right"
        assert want == it.ece_from_confidences(c, a, n_bins=n)
        if n > 1:
            assert (diagram.count == 0).any() or len(c) > 10  # empty bins appear
    assert any(
        np.count_nonzero(it.reliability_from_confidences(c, a, n_bins=n).count) == 1 and len(c) > 1
        for (c, a, n), _, _ in cases
    )  # all predictions in one bin


def test_ece_is_called_with_float_and_bool_arrays_and_an_int(capsys):
    seen = []
    ex.EXERCISES["ece"].check(lambda c, a, n: seen.append((c.dtype, a.dtype, type(n))) or 0.0)
    assert seen == [(np.dtype(float), np.dtype(bool), int)]


def test_ece_solution_runs_and_passes(capsys):
    namespace = {"np": np, "it": it}
    exec(ex.EXERCISES["ece"].solution_text, namespace)
    assert ex.EXERCISES["ece"].check(namespace["my_ece"]) is True


def test_every_ece_mistake_is_produced_by_a_wrong_answer_above():
    messages = [m for _, m in WRONG_ECE]
    for mistake in ex.EXERCISES["ece"].mistakes:
        assert any(m in mistake.message for m in messages), mistake.name


# ---- numbers and choices ------------------------------------------------------------------------------------

_NLL = float(np.mean(-np.log([0.9, 0.6, 0.05])))


@pytest.mark.parametrize("value", [_NLL, 1.204, "1.2040", 1.20397, np.float64(_NLL), "1.20"])
def test_mean_nll_right_numbers(value, capsys):
    assert ex.EXERCISES["mean_nll"].check(value) is True, capsys.readouterr().out


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (_NLL / math.log(2), "in bits"),
        (3 * _NLL, "total over the three images"),
        (-math.log(np.mean([0.9, 0.6, 0.05])), "−ln of the mean probability"),
        (_NLL / math.log(10), "log base 10"),
        (-_NLL, "sign error"),
        (np.mean([0.1, 0.4, 0.95]), "mean of 1 − p"),
        (2.5, "not right yet"),
    ],
)
def test_mean_nll_wrong_numbers(value, message, capsys):
    assert ex.EXERCISES["mean_nll"].check(round(value, 4)) is False
    out = capsys.readouterr().out
    assert message in out and 'hint("mean_nll")' in out, out


@pytest.mark.parametrize("value", [1, 1.0, "1", np.float64(1.0)])
def test_absolute_report_right(value, capsys):
    assert ex.EXERCISES["absolute_report"].check(value) is True
    assert "improper" in capsys.readouterr().out  # the explanation comes with the verdict


@pytest.mark.parametrize(
    ("value", "message"),
    [(0.7, "they are proper"), (0.5, "hedges"), (0, "highest expected score"), (0.9, "not right yet")],
)
def test_absolute_report_wrong(value, message, capsys):
    assert ex.EXERCISES["absolute_report"].check(value) is False
    out = capsys.readouterr().out
    assert message in out and 'hint("absolute_report")' in out, out


def test_absolute_report_answer_is_the_library_minimiser():
    assert ex.EXERCISES["absolute_report"].expected == it.best_report(0.7, rule="absolute") == 1.0
    assert it.best_report(0.7, rule="log") == pytest.approx(0.7, abs=1e-12)
    assert it.best_report(0.7, rule="brier") == pytest.approx(0.7, abs=1e-12)


@pytest.mark.parametrize("answer", ["unchanged", "Unchanged", " unchanged "])
def test_temperature_accuracy_right(answer, capsys):
    assert ex.EXERCISES["temperature_accuracy"].check(answer) is True
    assert "argmax" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("answer", "message"), [("higher", "stays the most probable"), ("lower", "no prediction")]
)
def test_temperature_accuracy_wrong(answer, message, capsys):
    assert ex.EXERCISES["temperature_accuracy"].check(answer) is False
    out = capsys.readouterr().out
    assert message in out and 'hint("temperature_accuracy")' in out


def test_the_numbers_the_solutions_state_pass():
    assert ex.EXERCISES["mean_nll"].solution_text.startswith("1.2040")
    assert ex.EXERCISES["mean_nll"].check("1.2040") is True
    assert ex.EXERCISES["absolute_report"].solution_text.startswith("1:")
    assert ex.EXERCISES["temperature_accuracy"].solution_text.startswith("'unchanged'")


@pytest.mark.parametrize("name", NAMES)
def test_blank_answers_say_not_yet(name, capsys):
    assert ex.EXERCISES[name].check(...) is False
    assert "Not yet" in capsys.readouterr().out


# ---- the notebook uses every exercise ---------------------------------------------------------------------


@pytest.mark.skipif(not NOTEBOOK.exists(), reason="notebook 09 not written yet")
def test_the_notebook_checks_and_imports_every_exercise():
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    code = "\n".join(c.source for c in cells[2:] if c.cell_type == "code")
    called = set(re.findall(r"^check_(\w+)\(", code, flags=re.M))
    assert called == set(NAMES)
    imports = next(c.source for c in cells if c.cell_type == "code")
    for name in NAMES:
        assert f"check_{name}" in imports
        assert f'hint("{name}")' in "\n".join(c.source for c in cells if c.cell_type == "markdown")
