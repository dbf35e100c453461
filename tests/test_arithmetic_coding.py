"""Tests for infotheory_lib.models.arithmetic_coding: lossless round trips, size vs cross-entropy, errors."""

from __future__ import annotations

import bz2
import gzip
import lzma
import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infotheory_lib.coding import huffman_code
from infotheory_lib.estimators import entropy_from_samples
from infotheory_lib.language import UNK, CharNGramModel, load_corpus, train_test_split_text
from infotheory_lib.models import (
    arithmetic_decode,
    arithmetic_encode,
    char_code_length_bits,
    code_length_bits,
    coder_table,
    coding_intervals,
    compression_table,
    huffman_code_length_bits,
    order0_entropy,
    quantize_probabilities,
)
from infotheory_lib.models.arithmetic_coding import ESCAPE_BITS, FREQ_TOTAL

SMALL_TRAIN = "the cat sat on the mat. the dog sat on the log. a cat and a dog.\n" * 3


@pytest.fixture(scope="module")
def corpus_split():
    return train_test_split_text(load_corpus())


@pytest.fixture(scope="module")
def ngram(corpus_split):
    """Fitted n-gram models on the corpus's training part, by order n (cached)."""
    cache = {}

    def get(n, k=0.01, backoff=True):
        key = (n, k, backoff)
        if key not in cache:
            cache[key] = CharNGramModel(n, k=k, backoff=backoff).fit(corpus_split[0])
        return cache[key]

    return get


@pytest.fixture(scope="module")
def small_model():
    return CharNGramModel(3, k=0.1, backoff=True).fit(SMALL_TRAIN)


def max_overhead_bits(text, model):
    """The coder's guaranteed bound: 8 * bytes <= quantized code length + 1 (termination) + 7 (padding)."""
    return float(code_length_bits(text, model, quantized=True)) + 8.0 + 1e-6


def roundtrip(text, model):
    data = arithmetic_encode(text, model)
    assert isinstance(data, bytes)
    assert arithmetic_decode(data, model, len(text)) == text
    return data


# ---------------------------------------------------------------------------
# Round trips
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "t",
        "the",
        "t" * 500,
        "the cat sat on the mat.",
        SMALL_TRAIN,
        "zebra: ζ, 😀, \x00, \ud800!",  # characters never seen in training: escaped through UNK
        "😀😀😀",  # nothing but unseen characters
        "\n\n\n   ",
    ],
)
def test_roundtrip_small_texts(small_model, text):
    data = roundtrip(text, small_model)
    assert 8 * len(data) <= max_overhead_bits(text, small_model)


def test_empty_text_is_empty_bytes(small_model):
    assert arithmetic_encode("", small_model) == b""
    assert arithmetic_decode(b"", small_model, 0) == ""


@pytest.mark.parametrize(
    "n", [1, 2, 3, 4, pytest.param(5, marks=pytest.mark.slow), pytest.param(6, marks=pytest.mark.slow)]
)
def test_roundtrip_and_size_on_a_held_out_slice(corpus_split, ngram, n):
    text = corpus_split[1][:3000]
    model = ngram(n)
    data = roundtrip(text, model)
    ideal = float(code_length_bits(text, model))
    quantization_bound = len(text) * -math.log2(1 - model.vocab_size / FREQ_TOTAL)
    assert 8 * len(data) <= ideal + quantization_bound + 8
    assert 8 * len(data) >= ideal - 16  # no free lunch: never far below the model's code length


@pytest.mark.slow
@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6])
def test_whole_held_out_text_roundtrip_and_size_within_a_byte(corpus_split, ngram, n):
    """All ~50,000 held-out characters, orders 0-5 of context: the byte count is L/8 rounded up, at most a byte more."""
    text = corpus_split[1]
    model = ngram(n)
    data = roundtrip(text, model)
    ideal = float(code_length_bits(text, model))
    assert ideal == pytest.approx(float(model.bits_per_char(text)) * len(text), rel=1e-12)
    quantization_bound = len(text) * -math.log2(1 - model.vocab_size / FREQ_TOTAL)  # < 0.002 bits here
    assert 8 * len(data) <= ideal + quantization_bound + 8
    assert len(data) >= math.ceil(ideal / 8) - 2


@pytest.mark.parametrize("k, backoff", [(1.0, False), (0.1, True), (0.001, False)])
def test_roundtrip_for_other_smoothings(corpus_split, k, backoff):
    train, test = corpus_split
    model = CharNGramModel(4, k=k, backoff=backoff).fit(train[:50_000])
    text = test[:3000]
    data = roundtrip(text, model)
    assert 8 * len(data) <= max_overhead_bits(text, model)


@given(st.text(alphabet=sorted(set(SMALL_TRAIN)), max_size=200))
def test_roundtrip_random_text_over_the_alphabet(text):
    model = _HYPOTHESIS_MODEL
    data = roundtrip(text, model)
    assert 8 * len(data) <= max_overhead_bits(text, model)


@given(st.text(max_size=60))
def test_roundtrip_any_unicode_text(text):
    """Any str, surrogates included: characters outside the alphabet go through the escape."""
    roundtrip(text, _HYPOTHESIS_MODEL)


_HYPOTHESIS_MODEL = CharNGramModel(3, k=0.5).fit(SMALL_TRAIN)


def test_decoding_fewer_characters_gives_the_prefix(small_model):
    text = SMALL_TRAIN[:120]
    data = arithmetic_encode(text, small_model)
    for m in (0, 1, 17, 119):
        assert arithmetic_decode(data, small_model, m) == text[:m]


def test_trailing_zero_bytes_do_not_matter(small_model):
    text = "the dog sat on the cat"
    data = arithmetic_encode(text, small_model)
    assert not data.endswith(b"\x00")
    assert arithmetic_decode(data + b"\x00\x00\x00", small_model, len(text)) == text
    assert arithmetic_decode(bytearray(data), small_model, len(text)) == text


def test_deterministic(small_model):
    text = SMALL_TRAIN[:150] + "ζ"
    twin = CharNGramModel(3, k=0.1, backoff=True).fit(SMALL_TRAIN)
    assert arithmetic_encode(text, small_model) == arithmetic_encode(text, small_model)
    assert arithmetic_encode(text, twin) == arithmetic_encode(text, small_model)


def test_a_certain_model_needs_no_bits():
    model = CharNGramModel(2, k=0).fit("abababab")  # after a: b surely, after b: a surely
    assert arithmetic_encode("abab", model) == b""
    assert arithmetic_decode(b"", model, 4) == "abab"
    assert code_length_bits("abab", model) == 0.0


def test_better_model_smaller_file(corpus_split, ngram):
    text = corpus_split[1][:5000]
    sizes = [len(arithmetic_encode(text, ngram(n))) for n in (1, 2, 3, 4)]
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] > sizes[-1] * 1.5


# ---------------------------------------------------------------------------
# Other models through the same interface
# ---------------------------------------------------------------------------


class FixedModel:
    """Same distribution everywhere, no UNK slot, no context_length: the coder asks at every position."""

    def __init__(self, alphabet, probs):
        self.alphabet = tuple(alphabet)
        self.probs = np.asarray(probs, dtype=float)
        self.calls = 0

    def next_char_distribution(self, context=""):
        self.calls += 1
        return self.alphabet, self.probs


def test_generic_model_without_unk_or_context_length():
    model = FixedModel("abc", [0.5, 0.25, 0.25])
    text = "abcabca" * 5
    data = roundtrip(text, model)
    ideal = float(code_length_bits(text, model))
    counts = Counter(text)
    assert ideal == pytest.approx(counts["a"] * 1 + (counts["b"] + counts["c"]) * 2, rel=1e-12)
    assert 8 * len(data) <= ideal + 8
    with pytest.raises(ValueError, match=r"text\[1\] = 'z'.*no '<unk>' slot"):
        arithmetic_encode("az", model)
    with pytest.raises(ValueError, match="'z'"):
        code_length_bits("az", model)


@pytest.mark.parametrize("text", ["b", "bb", "bbb", "ba", "ab", "cb", "bc"])
def test_termination_with_pending_bits_and_low_at_zero(text):
    """ "b" is [1/4, 3/4): the interval straddles the middle (a pending bit) and low returns to 0 exactly.

    The encoder must still emit a bit: reading only zeros would decode "a".
    """
    model = FixedModel("abc", [0.25, 0.5, 0.25])
    data = roundtrip(text, model)
    assert 8 * len(data) <= max_overhead_bits(text, model)


@given(
    st.lists(st.sampled_from([0, 1, 2, 3, 4]), min_size=1, max_size=4).filter(lambda w: sum(w) > 0), st.data()
)
def test_roundtrip_with_dyadic_and_small_integer_probabilities(weights, data):
    """Probabilities like 1/4, 1/2, 1/3 put interval ends exactly on the coder's quarter marks."""
    alphabet = "abcde"[: len(weights)]
    model = FixedModel(alphabet, np.asarray(weights, dtype=float) / sum(weights))
    possible = [c for c, w in zip(alphabet, weights, strict=True) if w > 0]
    text = data.draw(st.text(alphabet=possible, max_size=6))
    data_bytes = roundtrip(text, model)
    assert 8 * len(data_bytes) <= max_overhead_bits(text, model)


@given(st.binary(max_size=24), st.integers(0, 40))
def test_any_bytes_decode_to_the_requested_number_of_characters(data, n):
    """Arithmetic codes carry no redundancy: any byte string decodes (to some text), never an error."""
    text = arithmetic_decode(data, _HYPOTHESIS_MODEL, n)
    assert len(text) == n


def test_model_with_a_zero_probability_symbol():
    model = FixedModel("abc", [0.5, 0.5, 0.0])
    roundtrip("abba", model)
    with pytest.raises(ValueError, match=r"probability 0 to text\[2\] = 'c'"):
        arithmetic_encode("abc", model)
    assert code_length_bits("abc", model) == np.inf


def test_zero_probability_under_an_unsmoothed_ngram_model():
    model = CharNGramModel(2, k=0).fit("abab")
    with pytest.raises(ValueError, match=r"probability 0 to text\[2\] = 'b'"):
        arithmetic_encode("abba", model)
    with pytest.raises(ValueError, match="'<unk>' slot"):
        arithmetic_encode("abc", model)


@pytest.mark.parametrize(
    "probs, match",
    [
        ([0.5, 0.25, 0.2], "sums to"),
        ([0.5, 0.75, -0.25], ">= 0"),
        ([0.5, np.nan, 0.5], ">= 0"),
    ],
)
def test_model_returning_a_bad_distribution(probs, match):
    with pytest.raises(ValueError, match=match):
        arithmetic_encode("ab", FixedModel("abc", probs))


def test_model_returning_the_wrong_number_of_probabilities():
    with pytest.raises(ValueError, match="one per probability"):
        arithmetic_encode("ab", FixedModel("abc", [0.5, 0.5]))


def test_cache_asks_each_context_once(small_model):
    """With a known context length the coder asks the model once per distinct context."""
    calls = []

    batches = []

    class Counting(CharNGramModel):
        def next_char_distribution(self, context=""):
            calls.append(context)
            return super().next_char_distribution(context)

        def next_char_distributions(self, contexts):
            batches.append(list(contexts))
            return super().next_char_distributions(batches[-1])

    model = Counting(3, k=0.1).fit(SMALL_TRAIN)
    text = "the the the the"
    roundtrip(text, model)
    contexts = {text[max(0, i - 2) : i] for i in range(len(text))}
    # the encoder: "" for the alphabet, then one batch of every distinct context, once each
    assert len(batches) == 1 and sorted(batches[0]) == sorted(contexts)
    # the decoder (contexts known only as it goes): "" for the alphabet, then each context once
    assert len(calls) == 2 + len(contexts) and set(calls[2:]) == contexts


# ---------------------------------------------------------------------------
# Code lengths
# ---------------------------------------------------------------------------


def test_code_length_is_cross_entropy_times_length(corpus_split, ngram):
    text = corpus_split[1][:3000]
    model = ngram(3)
    assert float(code_length_bits(text, model)) == pytest.approx(
        float(model.bits_per_char(text)) * len(text), rel=1e-12
    )


def test_code_length_adds_the_escape_cost(small_model):
    text = "the ζ cat 😀"
    q = small_model.token_probs(text)
    expected = -np.sum(np.log2(q)) + 2 * math.log2(0x110000)
    assert float(code_length_bits(text, small_model)) == pytest.approx(expected, rel=1e-12)
    assert pytest.approx(20.0874, abs=1e-4) == ESCAPE_BITS


def test_quantization_cost_is_below_its_bound(corpus_split, ngram):
    """Quantized minus ideal code length <= N * -log2(1 - V / T) (each f >= q (T - m)); tiny in practice."""
    text = corpus_split[1][:3000]
    model = ngram(4)
    ideal = float(code_length_bits(text, model))
    quantized = float(code_length_bits(text, model, quantized=True))
    bound = len(text) * -math.log2(1 - model.vocab_size / FREQ_TOTAL)
    assert quantized - ideal <= bound
    assert abs(quantized - ideal) < 0.01  # bits, for the whole text


def test_code_length_of_empty_text(small_model):
    assert code_length_bits("", small_model) == 0.0
    assert code_length_bits("", small_model, quantized=True) == 0.0


# ---------------------------------------------------------------------------
# quantize_probabilities
# ---------------------------------------------------------------------------


@given(
    st.lists(st.floats(0, 1), min_size=1, max_size=50).filter(lambda w: sum(w) > 0),
    st.sampled_from([64, 2**16, 2**32]),
)
def test_quantize_sums_to_total_and_keeps_every_possible_symbol(weights, total):
    p = np.asarray(weights) / np.sum(weights)
    if 2 * p.size > total:
        return
    f = quantize_probabilities(p, total)
    assert f.dtype == np.int64
    assert int(f.sum()) == total
    assert np.all(f[p > 0] >= 1)
    assert np.all(f[p == 0] == 0)
    assert np.all(f >= np.floor(p * (total - np.count_nonzero(p))))


def test_quantize_known_values():
    np.testing.assert_array_equal(quantize_probabilities([0.5, 0.25, 0.25, 0.0], 16), [8, 4, 4, 0])
    np.testing.assert_array_equal(quantize_probabilities([1.0, 0.0], 16), [16, 0])
    f = quantize_probabilities([1 - 1e-15, 1e-15])
    assert f[1] == 1 and f.sum() == FREQ_TOTAL


@pytest.mark.parametrize(
    "probs, total, exc, match",
    [
        ("abc", FREQ_TOTAL, TypeError, "probs"),
        ([[0.5, 0.5]], FREQ_TOTAL, ValueError, "probs must be one"),
        ([], FREQ_TOTAL, ValueError, "probs must be one"),
        ([0.5, 0.6], FREQ_TOTAL, ValueError, "probs sums to"),
        ([0.5, 0.5], 3, ValueError, "total must be at least twice"),
        ([0.5, 0.5], 2.0**32, TypeError, "total"),
        ([0.5, 0.5], 1, ValueError, "total"),
    ],
)
def test_quantize_bad_input(probs, total, exc, match):
    with pytest.raises(exc, match=match):
        quantize_probabilities(probs, total)


# ---------------------------------------------------------------------------
# Order-0 entropy, Huffman and the comparison table
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["a", "ab", "aab", SMALL_TRAIN])
def test_order0_entropy_matches_the_plug_in_estimator(text):
    assert float(order0_entropy(text)) == pytest.approx(float(entropy_from_samples(list(text))), abs=1e-12)


@pytest.mark.parametrize("text", ["ab", "aab", "abcd" * 3 + "a", SMALL_TRAIN])
def test_huffman_size_between_entropy_bounds(text):
    bits = huffman_code_length_bits(text)
    n = len(text)
    h = float(order0_entropy(text))
    assert n * h - 1e-9 <= bits < n * (h + 1)
    counts = Counter(text)
    code = huffman_code(list(counts.values()), symbols=list(counts), normalize=True)
    assert bits == sum(counts[c] * len(code[c]) for c in counts)


def test_huffman_of_one_repeated_character_is_one_bit_each():
    assert huffman_code_length_bits("aaaa") == 4
    assert order0_entropy("aaaa") == 0.0


def test_compression_table(corpus_split, ngram):
    text = corpus_split[1][:6000]
    models = {"order 2": ngram(2), "order 4": ngram(4)}
    rows = compression_table(text, models)
    by_method = {row["method"]: row for row in rows}
    raw = text.encode("utf-8")
    assert [row["method"] for row in rows] == [
        "UTF-8",
        "order-0 entropy",
        "Huffman (order 0)",
        "gzip -9",
        "bz2 -9",
        "lzma -9",
        "order 2: cross-entropy × length",
        "order 2: arithmetic coder",
        "order 4: cross-entropy × length",
        "order 4: arithmetic coder",
    ]
    assert by_method["UTF-8"]["bytes"] == len(raw)
    assert by_method["gzip -9"]["bytes"] == len(gzip.compress(raw, compresslevel=9, mtime=0))
    assert by_method["bz2 -9"]["bytes"] == len(bz2.compress(raw, 9))
    assert by_method["lzma -9"]["bytes"] == len(lzma.compress(raw, preset=9))
    assert by_method["order-0 entropy"]["bytes"] == pytest.approx(len(text) * float(order0_entropy(text)) / 8)
    for label, model in models.items():
        ideal = by_method[f"{label}: cross-entropy × length"]["bytes"]
        real = by_method[f"{label}: arithmetic coder"]["bytes"]
        assert ideal == pytest.approx(float(code_length_bits(text, model)) / 8)
        assert real == len(arithmetic_encode(text, model))
        assert ideal - 2 <= real <= ideal + 9 / 8
    for row in rows:
        assert set(row) == {"method", "bytes", "bits_per_char", "real"}
        assert row["bits_per_char"] == pytest.approx(8 * row["bytes"] / len(text))
        assert row["real"] == (
            row["method"] not in ("order-0 entropy",) and "cross-entropy" not in row["method"]
        )
    # the order-4 model beats every general-purpose compressor on this text
    best_general = min(by_method[m]["bytes"] for m in ("gzip -9", "bz2 -9", "lzma -9"))
    assert by_method["order 4: arithmetic coder"]["bytes"] < best_general


def test_compression_table_without_models_and_with_a_sequence(small_model):
    assert len(compression_table("the cat")) == 6
    rows = compression_table("the cat", [small_model])
    assert rows[-1]["method"] == f"{small_model!r}: arithmetic coder"


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("func", [arithmetic_encode, code_length_bits])
def test_text_must_be_str(small_model, func):
    with pytest.raises(TypeError, match="text must be a str"):
        func(b"the cat", small_model)
    with pytest.raises(TypeError, match="text must be a str"):
        func(["t", "h"], small_model)


@pytest.mark.parametrize("func", [arithmetic_encode, code_length_bits])
def test_model_must_be_a_character_model(func):
    with pytest.raises(TypeError, match="model must be a fitted character model"):
        func("abc", {"a": 0.5})


def test_unfitted_model_is_an_error():
    with pytest.raises(RuntimeError, match="not fitted"):
        arithmetic_encode("abc", CharNGramModel(2))


def test_model_alphabet_must_be_characters():
    with pytest.raises(ValueError, match="single characters"):
        arithmetic_encode("ab", FixedModel(["ab", "c"], [0.5, 0.5]))


def test_decode_bad_input(small_model):
    with pytest.raises(TypeError, match="data must be bytes"):
        arithmetic_decode("abc", small_model, 3)
    with pytest.raises(TypeError, match="data must be bytes"):
        arithmetic_decode([1, 2], small_model, 3)
    with pytest.raises(TypeError, match="n_chars"):
        arithmetic_decode(b"\x01", small_model, 3.0)
    with pytest.raises(ValueError, match="n_chars"):
        arithmetic_decode(b"\x01", small_model, -1)
    with pytest.raises(TypeError, match="model"):
        arithmetic_decode(b"\x01", "model", 1)


def test_other_bad_input(small_model):
    with pytest.raises(TypeError, match="quantized"):
        code_length_bits("abc", small_model, quantized=1)
    for func in (order0_entropy, huffman_code_length_bits, compression_table):
        with pytest.raises(ValueError, match="text is empty"):
            func("")
        with pytest.raises(TypeError, match="text must be a str"):
            func(None)
    with pytest.raises(TypeError, match="models"):
        compression_table("abc", "order 2")
    with pytest.raises(TypeError, match="models must map str labels"):
        compression_table("abc", {2: small_model})
    with pytest.raises(TypeError, match="next_char_distribution"):
        compression_table("abc", {"x": object()})


def test_unk_is_the_escape_slot(small_model):
    assert small_model.alphabet[-1] == UNK


# ---- 11: per-character code lengths and the interval picture -------------------------------------------------


def test_char_code_lengths_sum_to_the_code_length_and_price_escapes(small_model):
    text = "the cat sat on the Zebra mat."  # "Z", "b" and "r" unseen: escaped through UNK
    lengths = char_code_length_bits(text, small_model)
    assert lengths.shape == (len(text),)
    assert math.isclose(lengths.sum(), float(code_length_bits(text, small_model)), rel_tol=1e-12)
    plain = -np.log2(small_model.token_probs(text))
    escaped = np.array([ch not in small_model.alphabet for ch in text])
    assert escaped.sum() == 3
    np.testing.assert_allclose(lengths, plain + escaped * ESCAPE_BITS, rtol=1e-12)
    assert (lengths[escaped] > ESCAPE_BITS).all()


def test_char_code_lengths_edges():
    model = CharNGramModel(1, k=0.0).fit("aab")
    np.testing.assert_allclose(char_code_length_bits("ab", model), [math.log2(1.5), math.log2(3)])
    assert char_code_length_bits("", model).shape == (0,)
    certain = CharNGramModel(2, k=0.0).fit("aaaa")
    assert char_code_length_bits("aaa", certain)[1:].tolist() == [0.0, 0.0]  # probability 1 costs 0 bits
    never = CharNGramModel(2, k=0.0).fit("aaab")  # the text never starts with 'b'
    assert np.isfinite(char_code_length_bits("ab", never)).all()
    assert char_code_length_bits("ba", never)[0] == np.inf
    with pytest.raises(TypeError, match="text must be a str"):
        char_code_length_bits(b"ab", model)
    with pytest.raises(TypeError, match="next_char_distribution"):
        char_code_length_bits("ab", object())


def test_coding_intervals_nest_and_their_width_is_the_code_length():
    model = CharNGramModel(2, k=0.5).fit("abracadabra")
    steps = coding_intervals("abracad", model)
    assert len(steps) == 8
    width = 1.0
    for i, (step, nxt, ch) in enumerate(zip(steps[:-1], steps[1:], "abracad", strict=True)):
        edges = step["edges"]
        assert edges[0] == step["low"] and math.isclose(edges[-1], step["high"], rel_tol=1e-12)
        assert np.all(np.diff(edges) > 0)
        assert step["symbols"][step["index"]] == ch == step["char"]
        assert (nxt["low"], nxt["high"]) == (edges[step["index"]], edges[step["index"] + 1])
        assert step["low"] <= nxt["low"] < nxt["high"] <= step["high"]
        width *= float(model.prob("abracad"[:i], ch))
    final = steps[-1]
    assert math.isclose(final["high"] - final["low"], width, rel_tol=1e-9)
    assert math.isclose(final["bits"], float(code_length_bits("abracad", model)), rel_tol=1e-12)


def test_coding_intervals_errors():
    model = CharNGramModel(1, k=0.5).fit("abracadabra")
    with pytest.raises(ValueError, match="text is empty"):
        coding_intervals("", model)
    with pytest.raises(ValueError, match="not in the model's alphabet"):
        coding_intervals("abz", model)
    with pytest.raises(ValueError, match="too long for a picture"):
        coding_intervals("abracadabra" * 3, model)
    with pytest.raises(ValueError, match="probability 0"):
        coding_intervals("ba", CharNGramModel(2, k=0.0).fit("aaab"))


def test_coder_table_round_trips_and_matches_the_ideal_length(small_model, capsys):
    text = "the cat sat on the log. a dog and a Zebra."
    models = {"n = 1": CharNGramModel(1, k=0.1).fit(SMALL_TRAIN), "n = 3": small_model}
    rows = coder_table(text, models, progress=True)
    assert "coding [" in capsys.readouterr().out
    assert [r["model"] for r in rows] == list(models)
    for row, model in zip(rows, models.values(), strict=True):
        ideal = float(code_length_bits(text, model))
        assert row["round_trip"] is True
        assert row["bytes"] == len(arithmetic_encode(text, model))
        assert math.isclose(row["ideal_bytes"], ideal / 8) and math.isclose(
            row["bits_per_char"], ideal / len(text)
        )
        assert math.isclose(row["overhead_bits"], 8 * row["bytes"] - ideal)
        assert -8 < row["overhead_bits"] <= 9
    assert rows[1]["bytes"] < rows[0]["bytes"]  # the better model, the smaller file
    assert coder_table(text, models, progress=False)[0]["bytes"] == rows[0]["bytes"]
    assert capsys.readouterr().out == ""


def test_coder_table_errors(small_model):
    with pytest.raises(TypeError, match="models must be a non-empty mapping"):
        coder_table("abc", [small_model])
    with pytest.raises(TypeError, match="progress must be"):
        coder_table("abc", {"m": small_model}, progress="yes")
    with pytest.raises(ValueError, match="text is empty"):
        coder_table("", {"m": small_model})


class _OneAtATime:
    """The same n-gram model without its batched ``next_char_distributions``: one call per context."""

    def __init__(self, model):
        self.model, self.context_length = model, model.n - 1

    def next_char_distribution(self, context):
        return self.model.next_char_distribution(context)


@pytest.mark.parametrize(
    ("n", "k", "backoff"), [(1, 0.01, True), (3, 0.001, True), (5, 0.5, False), (6, 0.01, True)]
)
def test_batched_prefill_codes_the_same_bytes_as_one_call_per_context(ngram, corpus_split, n, k, backoff):
    text = corpus_split[1][:6000] + " Ω"  # an escaped character too
    model = ngram(n, k, backoff)
    data = arithmetic_encode(text, model)
    assert data == arithmetic_encode(text, _OneAtATime(model))  # the very same integers
    assert arithmetic_decode(data, _OneAtATime(model), len(text)) == text  # a decoder without the batch
    assert float(code_length_bits(text, model, quantized=True)) == float(
        code_length_bits(text, _OneAtATime(model), quantized=True)
    )


def test_quantized_rows_equal_the_single_quantization():
    from infotheory_lib.models.arithmetic_coding import _quantize, _quantize_rows

    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.full(40, 0.05), size=50)
    p[3] = 0.0
    p[3, 7] = 1.0  # one certain symbol
    p[4, :5] = 0.0
    p[4] /= p[4].sum()
    rows = _quantize_rows(p, FREQ_TOTAL, "p")
    for row, freqs in zip(p, rows, strict=True):
        assert np.array_equal(freqs, _quantize(row, FREQ_TOTAL, "p"))
    assert (rows.sum(axis=1) == FREQ_TOTAL).all()
    with pytest.raises(ValueError, match="sums to"):
        _quantize_rows(p * 0.5, FREQ_TOTAL, "p")
    with pytest.raises(ValueError, match=">= 0"):
        _quantize_rows(np.array([[1.5, -0.5]]), FREQ_TOTAL, "p")
