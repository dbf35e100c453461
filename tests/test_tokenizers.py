"""Tests for infotheory_lib.tokenizers: pre-tokenization, BPE training and encoding, bits per unit."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infotheory_lib import tokenizers as tk
from infotheory_lib.language import load_corpus, train_test_split_text

TINY = "low lower lowest low low"


@pytest.fixture(scope="module")
def corpus_merges():
    train, test = train_test_split_text(load_corpus())
    return train[:60_000], test[:20_000], tk.train_bpe(train[:60_000], 300)


# ---------------------------------------------------------------------------
# pretokenize
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "chunks"),
    [
        ("", []),
        ("The cat, the hat.\n", ["The", " cat", ",", " the", " hat", ".", "\n"]),
        ("a  b", ["a", " ", " b"]),  # a run of spaces leaves the word its space
        ("x=1 # ok", ["x", "=", "1", " #", " ok"]),
        ("   ", ["   "]),
        ("é ü", ["é", " ü"]),
    ],
)
def test_pretokenize_known_chunks(text, chunks):
    assert tk.pretokenize(text) == chunks


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_pretokenize_and_encode_keep_every_character(text):
    assert "".join(tk.pretokenize(text)) == text
    merges = tk.train_bpe(text, 5)
    assert "".join(tk.bpe_encode(text, merges)) == text
    assert "".join(tk.bpe_encode(text + " zz!", merges)) == text + " zz!"


# ---------------------------------------------------------------------------
# train_bpe
# ---------------------------------------------------------------------------


def test_known_merges_on_a_tiny_text():
    # chunks "low", " lower", " lowest", " low" (twice); counted by hand:
    # ("l","o") 5 and ("o","w") 5 tie, ("l","o") sorts first; then ("lo","w") 5;
    # then (" ","low") 4 (in " lower", " lowest" and twice " low")
    merges = tk.train_bpe(TINY, 3)
    assert merges == [("l", "o"), ("lo", "w"), (" ", "low")]
    assert tk.bpe_encode(TINY, merges) == ["low", " low", "e", "r", " low", "e", "s", "t", " low", " low"]


def test_ties_go_to_the_pair_that_sorts_first():
    assert tk.train_bpe("aaab aab", 2) == [("a", "a"), (" ", "aa")]
    assert tk.train_bpe("ba", 1) == [("b", "a")]
    assert tk.train_bpe("ab ba", 1) == [(" ", "b")]  # three pairs once each: " " < "a" < "b"


def test_overlapping_pairs_merge_left_to_right():
    merges = tk.train_bpe("aaa", 1)
    assert merges == [("a", "a")]
    assert tk.bpe_encode("aaa", merges) == ["aa", "a"]
    assert tk.bpe_encode("aaaa", merges) == ["aa", "aa"]


def test_training_stops_when_no_pair_is_left():
    assert tk.train_bpe("ab", 10) == [("a", "b")]
    assert tk.train_bpe("", 10) == []
    assert tk.train_bpe("a b", 10) == [(" ", "b")]
    assert tk.train_bpe("abc", 0) == []


def test_training_is_deterministic_and_prefix_consistent(corpus_merges):
    train, _, merges = corpus_merges
    assert tk.train_bpe(train, 50) == merges[:50]
    assert len(set(merges)) == len(merges) == 300
    assert len({a + b for a, b in merges}) == 300  # every merge makes a new token


def test_each_merge_is_the_most_frequent_pair_when_learned():
    text = "the theme then thin the other three"
    merges = tk.train_bpe(text, 6)
    for m, pair in enumerate(merges):
        counts = {}
        for chunk in tk.pretokenize(text):
            word = tk.bpe_encode(chunk, merges[:m])
            for p in zip(word, word[1:], strict=False):
                counts[p] = counts.get(p, 0) + 1
        best = max(counts.values())
        assert counts[pair] == best
        assert pair == min(p for p, c in counts.items() if c == best)


def _naive_bpe(text, n_merges):
    """Reference: recount every pair from scratch before each merge."""
    words = [tuple(chunk) for chunk in tk.pretokenize(text)]
    merges = []
    for _ in range(n_merges):
        counts = {}
        for word in words:
            for p in zip(word, word[1:], strict=False):
                counts[p] = counts.get(p, 0) + 1
        if not counts:
            break
        best = min(counts, key=lambda p: (-counts[p], p))
        merges.append(best)
        words = [_merge(w, best) for w in words]
    return merges


def _merge(word, pair):
    out, i = [], 0
    while i < len(word):
        if i + 1 < len(word) and (word[i], word[i + 1]) == pair:
            out.append(pair[0] + pair[1])
            i += 2
        else:
            out.append(word[i])
            i += 1
    return tuple(out)


@pytest.mark.parametrize("start", [0, 7000])
def test_training_matches_a_naive_reference(corpus_merges, start):
    train, _, _ = corpus_merges
    piece = train[start : start + 2500]
    assert tk.train_bpe(piece, 80) == _naive_bpe(piece, 80)


# ---------------------------------------------------------------------------
# bpe_encode and bpe_token_counts
# ---------------------------------------------------------------------------


def test_round_trip_and_fewer_tokens_on_real_text(corpus_merges):
    _, test, merges = corpus_merges
    tokens = tk.bpe_encode(test, merges)
    assert "".join(tokens) == test
    assert len(tokens) < 0.6 * len(test)
    assert tk.bpe_encode(test, []) == list(test)


def test_encode_equals_applying_the_merges_in_order(corpus_merges):
    _, test, merges = corpus_merges
    piece = test[:3000]
    words = [tuple(chunk) for chunk in tk.pretokenize(piece)]
    for a, b in merges[:120]:
        new = []
        for word in words:
            out, i = [], 0
            while i < len(word):
                if i + 1 < len(word) and word[i] == a and word[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            new.append(tuple(out))
        words = new
    assert tk.bpe_encode(piece, merges[:120]) == [t for w in words for t in w]


def test_token_counts_match_encoding_every_prefix(corpus_merges):
    _, test, merges = corpus_merges
    piece = test[:5000]
    counts = tk.bpe_token_counts(piece, merges)
    assert counts.shape == (len(merges) + 1,)
    assert counts[0] == len(piece)
    assert all(counts[m] == len(tk.bpe_encode(piece, merges[:m])) for m in (0, 1, 7, 50, 299, 300))
    assert all(counts[1:] <= counts[:-1])


def test_unseen_characters_stay_single_tokens():
    merges = tk.train_bpe("abab abab", 3)
    assert tk.bpe_encode("xyab", merges) == ["x", "y", "ab"]


# ---------------------------------------------------------------------------
# bits_per_unit
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "n", "bits", "ppl"),
    [(200.0, 100, 2.0, 4.0), (0.0, 5, 0.0, 1.0), (10.0, 1, 10.0, 1024.0), (3.0, 2, 1.5, 2**1.5)],
)
def test_bits_per_unit_known_values(total, n, bits, ppl):
    assert tk.bits_per_unit(total, n) == (pytest.approx(bits, rel=1e-15), pytest.approx(ppl, rel=1e-15))


def test_token_perplexity_formula():
    n_chars, n_tokens, bpc = 1000, 250, 2.1
    _, ppl = tk.bits_per_unit(bpc * n_chars, n_tokens)
    assert ppl == pytest.approx(2 ** ((n_chars / n_tokens) * bpc), rel=1e-12)
    assert ppl == pytest.approx(
        (2**bpc) ** (n_chars / n_tokens), rel=1e-12
    )  # ppl per char ** chars per token
    assert math.isclose(tk.bits_per_unit(bpc * n_chars, n_chars)[0], bpc)


def test_bits_per_unit_curves(corpus_merges):
    _, test, merges = corpus_merges
    text = test[:4000] + " naïve café"  # ï and é: two UTF-8 bytes each
    n_bytes = len(text.encode("utf-8"))
    curves = tk.bits_per_unit_curves(text, merges, 8000.0)
    n = len(merges) + 1
    assert curves["n_chars"] == len(text) and curves["n_bytes"] == n_bytes
    assert tk.bits_per_unit_curves(" naïve café", [], 1.0)["n_bytes"] == 13
    np.testing.assert_array_equal(curves["n_merges"], np.arange(n))
    np.testing.assert_array_equal(curves["n_tokens"], tk.bpe_token_counts(text, merges))
    assert curves["bits_per_char"] == 8000.0 / len(text)
    assert curves["bits_per_byte"] == 8000.0 / n_bytes
    assert curves["bits_per_token"][0] == curves["bits_per_char"]
    for m in (0, 10, n - 1):
        bits, ppl = tk.bits_per_unit(8000.0, int(curves["n_tokens"][m]))
        assert curves["bits_per_token"][m] == pytest.approx(bits, rel=1e-15)
        assert curves["token_perplexity"][m] == pytest.approx(ppl, rel=1e-12)
        # ppl_token = 2 ** (chars per token * bits per char)
        expected = 2.0 ** (curves["chars_per_token"][m] * curves["bits_per_char"])
        assert curves["token_perplexity"][m] == pytest.approx(expected, rel=1e-12)
    assert np.all(np.diff(curves["token_perplexity"]) >= 0)
    assert curves["token_perplexity"][-1] > 4 * curves["char_perplexity"]
    assert curves["byte_perplexity"] == pytest.approx(2.0 ** curves["bits_per_byte"], rel=1e-15)


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: tk.pretokenize(b"abc"), TypeError, "text"),
        (lambda: tk.train_bpe(None, 3), TypeError, "text"),
        (lambda: tk.train_bpe("abc", -1), ValueError, "n_merges"),
        (lambda: tk.train_bpe("abc", 2.5), (TypeError, ValueError), "n_merges"),
        (lambda: tk.bpe_encode(["a"], []), TypeError, "text"),
        (lambda: tk.bpe_encode("abc", "ab"), TypeError, "merges"),
        (lambda: tk.bpe_encode("abc", [("a",)]), TypeError, r"merges\[0\]"),
        (lambda: tk.bpe_encode("abc", [("a", "")]), TypeError, r"merges\[0\]"),
        (lambda: tk.bpe_token_counts("abc", [("a", 1)]), TypeError, r"merges\[0\]"),
        (lambda: tk.bits_per_unit(-1.0, 3), ValueError, "total_bits"),
        (lambda: tk.bits_per_unit(float("nan"), 3), ValueError, "total_bits"),
        (lambda: tk.bits_per_unit(5.0, 0), ValueError, "n_units"),
        (lambda: tk.bits_per_unit("5", 2), TypeError, "total_bits"),
        (lambda: tk.bits_per_unit_curves("", [], 1.0), ValueError, "text"),
        (lambda: tk.bits_per_unit_curves("ab", [], -1.0), ValueError, "total_bits"),
        (lambda: tk.bits_per_unit_curves(3, [], 1.0), TypeError, "text"),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
