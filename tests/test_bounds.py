"""Fano's inequality (infotheory_lib.bounds): tight for the K-ary symmetric channel, monotone, exact at the
edges, never below the weak closed form, and bad input named."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import infotheory_lib as it
from infotheory_lib import bounds


def _symmetric_channel(n_classes, eps):
    """Joint table of a uniform label Y and X = Y kept with prob. 1 - eps, else any other label uniformly."""
    channel = np.full((n_classes, n_classes), eps / (n_classes - 1))
    np.fill_diagonal(channel, 1.0 - eps)
    return channel / n_classes  # joint[x, y]: symmetric, so either orientation


@pytest.mark.parametrize("n_classes", [2, 3, 4, 10, 100])
@pytest.mark.parametrize("eps", [0.0, 1e-6, 0.01, 0.1, 0.25, 0.4])
def test_fano_is_tight_for_the_symmetric_channel(n_classes, eps):
    if eps > 1 - 1 / n_classes:
        pytest.skip("beyond 1 - 1/K the channel is worse than guessing")
    joint = _symmetric_channel(n_classes, eps)
    h_cond = it.conditional_entropy(joint)  # H(Y | X)
    assert h_cond == pytest.approx(it.binary_entropy(eps) + eps * math.log2(n_classes - 1), abs=1e-12)
    # the Bayes classifier (the MAP label: x itself when eps < 1 - 1/K) errs with probability eps
    bayes_error = 1.0 - np.sum(joint.max(axis=1))
    assert bayes_error == pytest.approx(eps, abs=1e-12)
    assert bounds.fano_error_lower_bound(h_cond, n_classes) == pytest.approx(eps, abs=1e-9)


def test_conditional_entropy_of_fano_is_the_inverse_of_the_bound():
    for k in (2, 3, 10):
        p = np.linspace(0.0, 1 - 1 / k, 41)[:-1]  # the top is ill-conditioned (a maximum): tested apart
        h = bounds.fano_conditional_entropy(p, k)
        np.testing.assert_allclose(bounds.fano_error_lower_bound(h, k), p, rtol=0, atol=1e-12)


@pytest.mark.parametrize("n_classes", [2, 3, 10, 1000])
def test_edges_zero_entropy_gives_zero_and_log_k_gives_guessing(n_classes):
    h_max = math.log(n_classes) / math.log(2)
    assert bounds.fano_error_lower_bound(0.0, n_classes) == 0.0
    assert bounds.fano_error_lower_bound(h_max, n_classes) == 1 - 1 / n_classes
    in_nats = bounds.fano_error_lower_bound(math.log(n_classes), n_classes, base=math.e)
    assert in_nats == 1 - 1 / n_classes


def test_the_bound_increases_with_the_conditional_entropy_and_falls_with_k():
    h = np.linspace(0.0, 1.0, 201)
    for k in (2, 3, 10):
        p = bounds.fano_error_lower_bound(h, k)
        assert np.all(np.diff(p) > 0)
    # more classes: the same uncertainty can hide among more wrong answers, so a smaller floor
    assert bounds.fano_error_lower_bound(1.0, 3) > bounds.fano_error_lower_bound(1.0, 10)


def test_binary_case_is_the_inverse_binary_entropy():
    for h in (0.1, 0.5, 0.9):
        p = bounds.fano_error_lower_bound(h, 2)
        assert it.binary_entropy(p) == pytest.approx(h, abs=1e-12) and p <= 0.5


def test_the_weak_bound_is_the_closed_form_and_never_above_the_exact_one():
    h = np.linspace(0.0, math.log2(10), 300)
    weak, exact = bounds.fano_weak_bound(h, 10), bounds.fano_error_lower_bound(h, 10)
    np.testing.assert_allclose(weak, np.maximum((h - 1) / math.log2(10), 0), rtol=1e-14)
    assert np.all(weak <= exact + 1e-15)
    assert bounds.fano_weak_bound(0.5, 10) == 0.0


def test_the_notebook_example_ten_classes_one_bit():
    p = bounds.fano_error_lower_bound(1.0, 10)
    assert it.binary_entropy(p) + p * math.log2(9) == pytest.approx(1.0, abs=1e-12)
    assert 0.13 < p < 0.14


def test_batches_keep_their_shape_and_equal_a_loop():
    h = np.array([[0.0, 0.3], [1.2, 2.0]])
    got = bounds.fano_error_lower_bound(h, 5)
    assert got.shape == (2, 2)
    assert all(got[i, j] == bounds.fano_error_lower_bound(h[i, j], 5) for i in range(2) for j in range(2))
    assert isinstance(bounds.fano_error_lower_bound(0.3, 5), np.float64)


def test_valid_input_never_warns():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bounds.fano_error_lower_bound([0.0, 1e-300, 1.0, math.log2(3)], 3)
        bounds.fano_conditional_entropy([0.0, 1.0, 0.5], 3)


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: bounds.fano_error_lower_bound(4.0, 10), ValueError, "conditional_entropy"),
        (lambda: bounds.fano_error_lower_bound(-0.1, 10), ValueError, "conditional_entropy"),
        (lambda: bounds.fano_error_lower_bound(math.nan, 10), ValueError, "conditional_entropy"),
        (lambda: bounds.fano_error_lower_bound("1", 10), TypeError, "conditional_entropy"),
        (lambda: bounds.fano_error_lower_bound(1.0, 1), ValueError, "n_classes"),
        (lambda: bounds.fano_error_lower_bound(1.0, 10.0), TypeError, "n_classes"),
        (lambda: bounds.fano_error_lower_bound(1.0, 10, base=1), ValueError, "base"),
        (lambda: bounds.fano_error_lower_bound(1.5, 2), ValueError, "conditional_entropy"),
        (lambda: bounds.fano_weak_bound(5.0, 10), ValueError, "conditional_entropy"),
        (lambda: bounds.fano_weak_bound(1.0, 1), ValueError, "n_classes"),
        (lambda: bounds.fano_conditional_entropy(1.5, 10), ValueError, "error_rate"),
        (lambda: bounds.fano_conditional_entropy(0.5, True), TypeError, "n_classes"),
    ],
)
def test_bad_input_is_an_error_naming_the_argument(call, error, name):
    with pytest.raises(error, match=name):
        call()


def test_fano_explorer_title_never_promises_a_floor_for_an_impossible_entropy():
    from infotheory_lib.explorers import fano_explorer
    from infotheory_lib.explorers._core import figure_only, preset

    def title(h, k):
        with figure_only(), preset({"conditional_entropy": h, "n_classes": k}):
            explorer = fano_explorer()
        return explorer.figure.axes[0].get_title()

    assert title(1.0, 10).endswith("\nany classifier errs at least 13.5 %")
    impossible = title(3.5, 4)  # more doubt than log2 4 = 2 bits: no label has it
    assert "impossible for 4 classes" in impossible
    assert impossible.endswith("\nat most H = log₂ 4, where any classifier errs at least 75.0 %")
