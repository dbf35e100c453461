"""Tests for infotheory_lib.coding: Huffman and Shannon codes, Kraft, bounds, round trips."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infotheory_lib.coding import (
    _violates_kraft,
    average_code_length,
    canonical_code,
    code_lengths,
    decode,
    encode,
    expected_length,
    huffman_code,
    is_prefix_free,
    kraft_sum,
    shannon_code,
    shannon_code_lengths,
)
from infotheory_lib.measures import cross_entropy, entropy
from tests.helpers.strategies import prob_pairs, prob_vectors

# Fibonacci weights: the classic distribution whose Huffman code is as skewed as possible.
FIB = np.array([1, 1, 2, 3, 5, 8, 13, 21, 34, 55], dtype=np.float64)
FIB_Q = FIB / FIB.sum()


def _weights_to_dist(weights):
    w = np.asarray(weights, dtype=np.float64)
    return w / w.sum()


def exact_kraft(lengths):
    """The Kraft sum of finite integer lengths as an exact fraction."""
    return sum(Fraction(1, 2 ** int(length)) for length in lengths)


# Probability vectors with 1..12 outcomes (zeros, tiny and ordinary weights).
distributions = prob_vectors(max_size=12)

# Strictly positive distributions (every symbol gets a codeword).
positive_distributions = prob_vectors(min_size=2, max_size=12, positive=True)


# --------------------------------------------------------------------------
# huffman_code: structure
# --------------------------------------------------------------------------


def test_textbook_example():
    p = [0.4, 0.2, 0.2, 0.1, 0.1]
    code = huffman_code(p)
    assert expected_length(p, code) == pytest.approx(2.2, abs=1e-12)
    assert is_prefix_free(code)
    assert kraft_sum(code) == 1.0


def test_symbols_and_order():
    code = huffman_code([0.5, 0.25, 0.25], symbols="abc")
    assert code == {"a": "0", "b": "10", "c": "11"}
    assert list(code) == ["a", "b", "c"]


def test_deterministic_tie_breaking():
    p = np.full(6, 1 / 6)
    first = huffman_code(p)
    for _ in range(5):
        assert huffman_code(p) == first
    # Minimum-variance tie-breaking: uniform over 6 gives lengths 2,2,3,3,3,3 in some order.
    assert sorted(code_lengths(first)) == [2, 2, 3, 3, 3, 3]


def test_min_variance_on_tied_merge():
    # Merging 1/12 + 1/4 ties with the two leaves of 1/3; leaves first gives all lengths 2.
    code = huffman_code([1 / 3, 1 / 3, 1 / 4, 1 / 12])
    np.testing.assert_array_equal(code_lengths(code), [2, 2, 2, 2])


def test_single_symbol_gets_zero():
    assert huffman_code([1.0], symbols=["x"]) == {"x": "0"}
    assert huffman_code([0.0, 1.0, 0.0], symbols="abc") == {"b": "0"}


def test_zero_probability_symbols_get_no_codeword():
    code = huffman_code([0.5, 0.0, 0.5], symbols="abc")
    assert set(code) == {"a", "c"}
    np.testing.assert_array_equal(code_lengths(code, "abc"), [1, np.inf, 1])


def test_normalize_counts():
    assert huffman_code([2, 1, 1], normalize=True) == huffman_code([0.5, 0.25, 0.25])


@given(distributions)
def test_prefix_free_and_one_codeword_per_positive_symbol(p):
    code = huffman_code(p)
    assert is_prefix_free(code)
    assert set(code) == {i for i in range(p.size) if p[i] > 0}


@given(distributions)
def test_kraft_equality(p):
    code = huffman_code(p)
    if len(code) >= 2:
        assert kraft_sum(code) == 1.0
    else:
        assert kraft_sum(code) == 0.5


# --------------------------------------------------------------------------
# Source coding bounds
# --------------------------------------------------------------------------


@given(distributions)
def test_entropy_bound(p):
    code = huffman_code(p)
    h = entropy(p)
    length = expected_length(p, code)
    assert h <= length + 1e-12
    if len(code) >= 2:
        # Strict in exact arithmetic; with a probability below 1e-15 the gap
        # 1 - (L - H) can be smaller than one ulp of 1, so allow that rounding.
        assert length < h + 1 if p[p > 0].min() > 1e-15 else length <= h + 1
    else:  # one possible symbol: H = 0, but a codeword still has one bit
        assert (h, length) == (0.0, 1.0)


@pytest.mark.parametrize(
    "p",
    [[0.5, 0.5], [0.5, 0.25, 0.125, 0.125], [0.25] * 4, [1 / 2, 1 / 4, 1 / 8, 1 / 16, 1 / 32, 1 / 32]],
)
def test_dyadic_distribution_length_equals_entropy(p):
    code = huffman_code(p)
    assert expected_length(p, code) == pytest.approx(entropy(p), rel=1e-14, abs=0)
    np.testing.assert_array_equal(code_lengths(code), -np.log2(p))


def _brute_force_min_length(p):
    n = len(p)
    best = math.inf
    for lengths in itertools.product(range(1, n), repeat=n):
        if sum(2.0**-length for length in lengths) <= 1:
            best = min(best, float(np.dot(p, lengths)))
    return best


@given(st.lists(st.floats(1e-3, 1.0), min_size=2, max_size=5).map(_weights_to_dist))
def test_huffman_is_optimal_against_brute_force(p):
    assert expected_length(p, huffman_code(p)) == pytest.approx(_brute_force_min_length(p), abs=1e-12)


@given(positive_distributions)
def test_huffman_beats_shannon(p):
    assert expected_length(p, huffman_code(p)) <= expected_length(p, shannon_code_lengths(p)) + 1e-12


# --------------------------------------------------------------------------
# Codes built for q, used on data from p
# --------------------------------------------------------------------------


@given(prob_pairs(max_size=10, q_positive=True))
def test_shannon_code_cross_entropy_bound(pq):
    p, q = pq
    length = expected_length(p, shannon_code_lengths(q))
    h_pq = cross_entropy(p, q)
    assert h_pq <= length + 1e-12
    assert length < h_pq + 1


@given(prob_pairs(min_size=2, max_size=10, q_positive=True))
def test_any_code_length_is_cross_entropy_to_implied_distribution(pq):
    # L_q(p) = H(p, r) with r = 2^-lengths, and therefore L_q(p) >= H(p).
    p, q = pq
    lengths = code_lengths(huffman_code(q), range(q.size))
    r = np.exp2(-lengths)
    length = expected_length(p, lengths)
    assert length == pytest.approx(cross_entropy(p, r), rel=1e-12)
    assert entropy(p) <= length + 1e-12


def test_huffman_code_for_q_can_break_the_cross_entropy_upper_bound():
    # The rarest Fibonacci symbol gets a codeword 9 bits long, but -log2 q = 7.16.
    code = huffman_code(FIB_Q)
    p = np.zeros(FIB.size)
    p[0] = 1.0
    assert expected_length(p, code) >= cross_entropy(p, FIB_Q) + 1
    # ...while the Shannon code respects it.
    assert expected_length(p, shannon_code_lengths(FIB_Q)) < cross_entropy(p, FIB_Q) + 1


def test_huffman_code_for_q_can_fall_below_cross_entropy():
    # The most likely symbol gets 1 bit although -log2 q = 1.38 bits.
    code = huffman_code(FIB_Q)
    p = np.zeros(FIB.size)
    p[-1] = 1.0
    assert expected_length(p, code) < cross_entropy(p, FIB_Q)


def test_expected_length_infinite_when_p_uses_a_symbol_without_codeword():
    code = huffman_code([0.5, 0.5, 0.0])
    assert expected_length([0.4, 0.4, 0.2], code) == np.inf
    assert expected_length([0.5, 0.5, 0.0], code) == 1.0
    assert np.isinf(cross_entropy([0.4, 0.4, 0.2], [0.5, 0.5, 0.0]))


def test_expected_length_batch_and_scalar_type():
    code = huffman_code([0.5, 0.25, 0.25])
    single = expected_length([0.5, 0.25, 0.25], code)
    assert isinstance(single, np.float64)
    batch = expected_length([[0.5, 0.25, 0.25], [0.0, 0.5, 0.5]], code)
    np.testing.assert_allclose(batch, [1.5, 2.0])


def test_expected_length_with_symbols():
    code = huffman_code([0.5, 0.25, 0.25], symbols="abc")
    assert expected_length([0.0, 0.0, 1.0], code, symbols="abc") == 2.0
    assert expected_length([0.0, 0.0, 1.0], code, symbols="cba") == 1.0


# --------------------------------------------------------------------------
# Shannon lengths and canonical codes
# --------------------------------------------------------------------------


def test_shannon_code_lengths_exact_at_powers_of_two():
    np.testing.assert_array_equal(shannon_code_lengths([0.5, 0.25, 0.125, 0.125]), [1, 2, 3, 3])
    np.testing.assert_array_equal(shannon_code_lengths([0.3, 0.7]), [2, 1])
    np.testing.assert_array_equal(shannon_code_lengths([1.0, 0.0]), [0, np.inf])


@given(distributions)
def test_shannon_code_lengths_match_ceil_log(p):
    lengths = shannon_code_lengths(p)
    positive = p > 0
    # 2^-l <= q < 2^-(l-1): the defining property of ceil(-log2 q).
    assert np.all(np.exp2(-lengths[positive]) <= p[positive])
    assert np.all(p[positive] < np.exp2(-(lengths[positive] - 1)))
    # Kraft: sum 2^-l <= sum q (= 1 up to the round-off of the stored q)
    assert exact_kraft(lengths[positive]) <= sum(Fraction(x) for x in p)


@given(distributions)
def test_shannon_code_is_a_prefix_code_with_shannon_lengths(p):
    expected = np.maximum(shannon_code_lengths(p), 1)
    if exact_kraft(expected[np.isfinite(expected)]) > 1:
        # possible only when the stored p sums to slightly more than 1
        assert sum(Fraction(x) for x in p) > 1
        with pytest.raises(ValueError, match="violate Kraft"):
            shannon_code(p)
        return
    code = shannon_code(p)
    assert is_prefix_free(code)
    np.testing.assert_array_equal(code_lengths(code, range(p.size)), expected)


def test_shannon_code_refuses_lengths_that_break_kraft():
    q = [0.5, 0.5, 1e-40]  # sums to 1 + 1e-40: accepted, but 1 + 1 + 2^-133 > 1
    np.testing.assert_array_equal(shannon_code_lengths(q), [1, 1, 133])
    with pytest.raises(ValueError, match="q sums to more than 1 by round-off"):
        shannon_code(q)


def test_canonical_code():
    assert canonical_code([1, 2, 3, 3], symbols="abcd") == {"a": "0", "b": "10", "c": "110", "d": "111"}
    assert canonical_code([2, np.inf, 1]) == {0: "10", 2: "0"}


def test_canonical_code_rejects_kraft_violation():
    with pytest.raises(ValueError, match="Kraft"):
        canonical_code([1, 1, 2])


@given(st.lists(st.integers(1, 12), min_size=1, max_size=12))
def test_kraft_check_is_exact(lengths):
    # the one Kraft check behind canonical_code and shannon_code, against exact fractions
    violates = exact_kraft(lengths) > 1
    assert _violates_kraft(lengths) == violates
    if violates:
        with pytest.raises(ValueError, match="Kraft"):
            canonical_code(lengths)
    else:
        assert is_prefix_free(canonical_code(lengths))


def test_kraft_check_with_huge_lengths_builds_no_huge_number():
    assert not _violates_kraft([10**20, 1])  # 1/2 + 2^-(10^20) <= 1
    assert _violates_kraft([10**20, 1, 1])  # 1 + 2^-(10^20) > 1
    assert not _violates_kraft([10**20] * 3 + [2, 2, 2])


@pytest.mark.parametrize("bad", [[0, 1], [1.5, 1], [np.inf, np.inf], [-1, 1]])
def test_canonical_code_rejects_bad_lengths(bad):
    with pytest.raises(ValueError, match="lengths"):
        canonical_code(bad)


# --------------------------------------------------------------------------
# Encoding and decoding
# --------------------------------------------------------------------------


@given(distributions, st.data())
def test_round_trip(p, data):
    code = huffman_code(p)
    alphabet = sorted(code)
    samples = data.draw(st.lists(st.sampled_from(alphabet), max_size=50))
    bits = encode(samples, code)
    assert set(bits) <= {"0", "1"}
    assert decode(bits, code) == samples
    if samples:
        assert average_code_length(samples, code) == len(bits) / len(samples)


def test_round_trip_string_symbols():
    text = "abracadabra"
    weights = [text.count(c) for c in "abcdr"]
    code = huffman_code(weights, symbols="abcdr", normalize=True)
    bits = encode(text, code)
    assert "".join(decode(bits, code)) == text
    assert len(bits) == 23  # the known optimal total for "abracadabra"


def test_average_code_length_converges_to_expected_length():
    rng = np.random.default_rng(0)
    p = np.array([0.5, 0.3, 0.15, 0.05])
    q = np.array([0.1, 0.2, 0.3, 0.4])
    code_q = huffman_code(q)
    samples = rng.choice(4, size=20000, p=p).tolist()
    measured = average_code_length(samples, code_q)
    assert measured == pytest.approx(expected_length(p, code_q), abs=0.03)
    assert measured > average_code_length(samples, huffman_code(p))


def test_encode_symbol_without_codeword_raises():
    code = huffman_code([0.5, 0.5, 0.0], symbols="abc")
    with pytest.raises(ValueError, match=r"samples contains the symbol 'c'"):
        encode("abc", code)
    with pytest.raises(ValueError, match="samples contains the symbol 'c'"):
        average_code_length("abc", code)


def test_decode_errors():
    code = {"a": "0", "b": "10"}  # not complete: "11" is no codeword
    with pytest.raises(ValueError, match="no codeword"):
        decode("011", code)
    with pytest.raises(ValueError, match="middle of a codeword"):
        decode("01", code)
    with pytest.raises(ValueError, match="only '0' and '1'"):
        decode("0120", code)
    with pytest.raises(TypeError, match="bits"):
        decode([0, 1], code)


def test_not_prefix_free_code_rejected():
    code = {"a": "0", "b": "01"}
    assert not is_prefix_free(code)
    with pytest.raises(ValueError, match="code is not prefix-free"):
        encode("ab", code)
    with pytest.raises(ValueError, match="code is not prefix-free"):
        decode("001", code)
    assert not is_prefix_free({"a": "10", "b": "10"})


@pytest.mark.parametrize(
    ("code", "exc", "match"),
    [
        ([("a", "0")], TypeError, "code must be a dict"),
        ({}, ValueError, "code is empty"),
        ({"a": ""}, ValueError, r"code\['a'\]"),
        ({"a": "02"}, ValueError, r"code\['a'\]"),
        ({"a": 0}, TypeError, r"code\['a'\]"),
    ],
)
def test_invalid_code(code, exc, match):
    with pytest.raises(exc, match=match):
        encode("a", code)


# --------------------------------------------------------------------------
# Validation of distributions and symbols
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "exc", "match"),
    [
        ([0.5, 0.4], ValueError, "p sums to 0.9"),
        ([0.5, -0.5, 1.0], ValueError, "p has a negative entry"),
        ([[0.5, 0.5], [0.5, 0.5]], ValueError, "p must be one probability vector"),
        ("ab", TypeError, "p must be numeric"),
        ([], ValueError, "p is empty"),
        ([np.nan, 1.0], ValueError, "p contains NaN"),
    ],
)
def test_huffman_invalid_p(p, exc, match):
    with pytest.raises(exc, match=match):
        huffman_code(p)


def test_shannon_invalid_q():
    with pytest.raises(ValueError, match="q sums to"):
        shannon_code_lengths([0.2, 0.2])


def test_invalid_symbols():
    with pytest.raises(ValueError, match="symbols has 2 entries"):
        huffman_code([0.5, 0.25, 0.25], symbols="ab")
    with pytest.raises(ValueError, match="symbols contains duplicates"):
        huffman_code([0.5, 0.25, 0.25], symbols="aab")
    with pytest.raises(TypeError, match="symbols must hold hashable"):
        huffman_code([0.5, 0.5], symbols=[[1], [2]])


def test_expected_length_validation():
    code = huffman_code([0.5, 0.5])
    with pytest.raises(ValueError, match="p has 3 outcomes"):
        expected_length([0.2, 0.3, 0.5], [1, 1])
    with pytest.raises(ValueError, match="code_or_lengths has a negative length"):
        expected_length([0.5, 0.5], [1, -1])
    with pytest.raises(ValueError, match="code_or_lengths contains NaN"):
        expected_length([0.5, 0.5], [1, np.nan])
    with pytest.raises(ValueError, match="p sums to"):
        expected_length([0.5, 0.6], code)


def test_average_code_length_empty_samples():
    with pytest.raises(ValueError, match="samples is empty"):
        average_code_length([], {"a": "0"})
    with pytest.raises(TypeError, match="samples must be a sequence"):
        average_code_length(3, {"a": "0"})
