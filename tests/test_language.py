"""Tests for infotheory_lib.language: character n-gram models, perplexity, the corpus."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infotheory_lib.language import UNK, CharNGramModel, load_corpus, train_test_split_text
from infotheory_lib.measures import perplexity

# --------------------------------------------------------------------------
# A naive reference model: Python dicts, written straight from the definition.
# --------------------------------------------------------------------------

_START = object()  # the start-of-text marker of the reference


class ReferenceModel:
    def __init__(self, n, k, backoff, train):
        self.n, self.k, self.backoff = n, k, backoff
        self.vocab = sorted(set(train))
        self.V = len(self.vocab) + 1
        self.pairs = Counter()
        self.totals = Counter()
        seq = [_START] * (n - 1) + list(train)
        for t in range(n - 1, len(seq)):
            for m in range(n):  # context lengths 0..n-1 (all kept; backoff may need them)
                ctx = tuple(seq[t - m : t])
                self.pairs[ctx, seq[t]] += 1
                self.totals[ctx] += 1

    def _sym(self, c):
        return c if c is _START or c in self.vocab else UNK

    def prob(self, context, char):
        seq = [_START] * (self.n - 1) + [self._sym(c) for c in context]
        ctx = tuple(seq[len(seq) - (self.n - 1) :]) if self.n > 1 else ()
        char = self._sym(char)
        while self.totals[ctx] == 0:
            if not self.backoff:
                return 1.0 / self.V
            ctx = ctx[1:]
        return (self.pairs[ctx, char] + self.k) / (self.totals[ctx] + self.k * self.V)


small_texts = st.text(alphabet="abcd \n", min_size=1, max_size=40)
queries = st.text(alphabet="abcdeZ \n", min_size=1, max_size=25)  # 'e', 'Z' never in training


@pytest.fixture(scope="module")
def corpus_split():
    return train_test_split_text(load_corpus(), 0.1)


@pytest.fixture(scope="module")
def fitted(corpus_split):
    """fitted(n, k, backoff=False): a model fitted on the training part, cached per module."""
    cache = {}

    def get(n, k, backoff=False):
        if (n, k, backoff) not in cache:
            cache[n, k, backoff] = CharNGramModel(n, k=k, backoff=backoff).fit(corpus_split[0])
        return cache[n, k, backoff]

    return get


# --------------------------------------------------------------------------
# Agreement with the definition
# --------------------------------------------------------------------------


def test_docstring_example():
    model = CharNGramModel(2, k=1.0).fit("abababab")
    assert model.alphabet == ("a", "b", UNK)
    assert model.prob("a", "b") == pytest.approx(5 / 7, rel=1e-15)
    assert model.prob("b", "a") == pytest.approx(4 / 6, rel=1e-15)  # 'b' is followed by 'a' 3 times
    assert model.prob("", "a") == pytest.approx(2 / 4, rel=1e-15)  # start of text -> 'a' once


@given(
    small_texts,
    queries,
    st.integers(1, 5),
    st.sampled_from([0.0, 0.1, 1.0, 3.0]),
    st.booleans(),
)
def test_token_probs_match_reference(train, query, n, k, backoff):
    model = CharNGramModel(n, k=k, backoff=backoff).fit(train)
    ref = ReferenceModel(n, k, backoff, train)
    expected = [ref.prob(query[:i], query[i]) for i in range(len(query))]
    np.testing.assert_allclose(model.token_probs(query), expected, rtol=1e-13, atol=0)


@given(small_texts, queries, st.integers(1, 5), st.booleans())
def test_token_probs_agree_with_prob(train, query, n, backoff):
    model = CharNGramModel(n, k=0.5, backoff=backoff).fit(train)
    probs = model.token_probs(query)
    for i in range(len(query)):
        assert probs[i] == model.prob(query[:i], query[i])


@given(small_texts, st.text(alphabet="abcdeZ \n", max_size=10), st.integers(1, 6), st.booleans())
@pytest.mark.parametrize("k", [0.0, 1e-3, 1.0])
def test_next_char_distribution_sums_to_one(k, train, context, n, backoff):
    model = CharNGramModel(n, k=k, backoff=backoff).fit(train)
    alphabet, probs = model.next_char_distribution(context)
    assert alphabet == model.alphabet
    assert probs.shape == (model.vocab_size,)
    assert np.all(probs >= 0)
    assert probs.sum() == pytest.approx(1.0, abs=1e-12)
    for char, p in zip(alphabet, probs, strict=True):
        assert model.prob(context, char) == p


def test_only_last_n_minus_1_characters_matter():
    model = CharNGramModel(3, k=0.5).fit("the cat sat on the mat")
    for c in "tae ":
        assert model.prob("zzzz on th", c) == model.prob("th", c)
        assert model.prob("th", c) != model.prob("h", c)  # "h" is a start-of-text context


def test_start_of_text_context():
    model = CharNGramModel(3, k=0.0).fit("ab")
    assert model.prob("", "a") == 1.0  # the text starts with 'a'
    assert model.prob("a", "b") == 1.0  # ...followed by 'b'
    assert model.prob("", "b") == 0.0


def test_unknown_characters_share_the_unk_slot():
    model = CharNGramModel(2, k=0.5).fit("hello world")
    assert UNK in model.alphabet and model.alphabet[-1] == UNK
    assert model.vocab_size == len(set("hello world")) + 1
    for ctx in ("l", "q", ""):
        assert model.prob(ctx, "Z") == model.prob(ctx, UNK) == model.prob(ctx, "!")
        assert model.prob(ctx, "Z") > 0
    # 'l' is seen 3 times; nothing unseen ever followed it
    assert model.prob("l", "Z") == pytest.approx(0.5 / (3 + 0.5 * model.vocab_size))
    assert np.isfinite(model.perplexity("held-out text with new chars: ZQX!"))


def test_unseen_context_is_uniform_without_backoff_and_backs_off_with_it():
    train = "abababab"
    plain = CharNGramModel(3, k=1.0).fit(train)
    backed = CharNGramModel(3, k=1.0, backoff=True).fit(train)
    _, probs = plain.next_char_distribution("aa")  # "aa" never occurs
    np.testing.assert_allclose(probs, np.full(plain.vocab_size, 1 / plain.vocab_size))
    # backoff: "aa" -> "a", which is always followed by 'b'
    assert backed.prob("aa", "b") == pytest.approx((4 + 1) / (4 + 3))
    assert backed.prob("aa", "b") == CharNGramModel(2, k=1.0).fit(train).prob("a", "b")


def test_refit_replaces_counts():
    model = CharNGramModel(2, k=0.0).fit("aaaa")
    model.fit("bbbb")
    assert model.alphabet == ("b", UNK)
    assert model.prob("b", "b") == 1.0


# --------------------------------------------------------------------------
# Perplexity on the built-in corpus
# --------------------------------------------------------------------------


def test_uniform_model_perplexity_is_vocabulary_size(corpus_split):
    train, test = corpus_split
    model = CharNGramModel(1, k=1e12).fit(train)
    assert model.perplexity(test) == pytest.approx(model.vocab_size, rel=1e-6)
    assert model.bits_per_char(test) == pytest.approx(np.log2(model.vocab_size), rel=1e-6)


@pytest.mark.parametrize("k", [1.0, 0.01])
@pytest.mark.parametrize("backoff", [False, True])
def test_held_out_perplexity_decreases_from_unigram_to_trigram(corpus_split, fitted, k, backoff):
    test = corpus_split[1]
    pp = [fitted(n, k, backoff).perplexity(test) for n in (1, 2, 3)]
    assert pp[0] > pp[1] > pp[2]
    assert pp[2] < 8  # a trigram model of English text: far below the unigram's ~26


@pytest.mark.slow
@pytest.mark.parametrize("k", [0.0, 0.01])
def test_training_perplexity_decreases_with_n(corpus_split, fitted, k):
    train = corpus_split[0]
    pp = [fitted(n, k).perplexity(train) for n in range(1, 8)]
    assert all(a > b for a, b in zip(pp, pp[1:], strict=False)), pp


@pytest.mark.slow
def test_overfitting_held_out_perplexity_rises_for_large_n(corpus_split, fitted):
    train, test = corpus_split
    held = [fitted(n, 0.01).perplexity(test) for n in range(1, 8)]
    best = int(np.argmin(held))
    assert 2 <= best <= 5
    assert held[6] > held[best] * 1.1
    # ...while the training perplexity of the largest model is the lowest.
    assert fitted(7, 0.01).perplexity(train) < min(held)


def test_unsmoothed_model_has_infinite_held_out_perplexity(corpus_split, fitted):
    train, test = corpus_split
    model = fitted(5, 0.0)
    assert model.perplexity(test) == np.inf
    assert model.bits_per_char(test) == np.inf
    assert np.isfinite(model.perplexity(train))
    assert np.min(model.token_probs(test)) == 0.0


@pytest.mark.parametrize("n", [1, 3, 5])
def test_bits_per_char_is_log2_perplexity(corpus_split, n):
    train, test = corpus_split
    model = CharNGramModel(n, k=0.1, backoff=n == 5).fit(train)
    bpc = model.bits_per_char(test)
    assert isinstance(bpc, np.float64)
    assert bpc == pytest.approx(np.log2(model.perplexity(test)), rel=1e-12)
    probs = model.token_probs(test)
    assert bpc == pytest.approx(-np.mean(np.log2(probs)), rel=1e-12)
    assert model.perplexity(test) == perplexity(probs)


def test_token_probs_shape_and_type(corpus_split):
    train, test = corpus_split
    model = CharNGramModel(4).fit(train)
    probs = model.token_probs(test[:1000])
    assert probs.shape == (1000,)
    assert probs.dtype == np.float64
    assert np.all((probs > 0) & (probs <= 1))


# --------------------------------------------------------------------------
# Sampling
# --------------------------------------------------------------------------


def test_sample_deterministic_and_in_vocabulary(corpus_split):
    train, _ = corpus_split
    model = CharNGramModel(4, k=0.01, backoff=True).fit(train)
    first = model.sample(300, seed=7, prompt="The ")
    assert first == model.sample(300, seed=7, prompt="The ")
    assert first != model.sample(300, seed=8, prompt="The ")
    assert len(first) == 300
    assert set(first) <= set(model.alphabet[:-1])
    assert UNK not in first
    assert model.sample(0) == ""


def test_sample_follows_the_only_possible_continuation():
    model = CharNGramModel(2, k=0.0).fit("abcabcabc")
    assert model.sample(7, seed=3, prompt="a") == "bcabcab"
    assert model.sample(4, seed=3) == "abca"  # from the start of text
    assert model.sample(4, seed=3, prompt="xyz c") == "abca"


def test_sample_frequencies_match_next_char_distribution():
    model = CharNGramModel(1, k=0.0).fit("aaaaaabbbc")  # p = 0.6, 0.3, 0.1
    text = model.sample(20000, seed=0)
    freq = np.array([text.count(c) for c in "abc"]) / len(text)
    np.testing.assert_allclose(freq, [0.6, 0.3, 0.1], atol=0.015)


def test_sample_with_smoothing_never_emits_unk():
    model = CharNGramModel(1, k=5.0).fit("ab")  # UNK gets 5/17 of the probability
    _, probs = model.next_char_distribution("")
    np.testing.assert_allclose(probs, [6 / 17, 6 / 17, 5 / 17])
    text = model.sample(20000, seed=1)
    assert set(text) <= {"a", "b"}
    # the UNK share is renormalised away, not given to some character: a and b stay equally likely
    assert text.count("a") / len(text) == pytest.approx(0.5, abs=0.015)


# --------------------------------------------------------------------------
# Corpus and split
# --------------------------------------------------------------------------


def test_load_corpus():
    text = load_corpus()
    assert isinstance(text, str)
    assert len(text) > 100_000
    assert text == load_corpus()
    assert "\t" not in text
    assert not re.search(r" \n", text)
    assert "\n\n\n" not in text
    assert text == text.strip()
    assert "assert" in text and "statement" in text
    assert load_corpus(lowercase=True) == text.lower()


def test_train_test_split_text(corpus_split):
    text = load_corpus()
    train, test = corpus_split
    assert (train, test) == train_test_split_text(text, 0.1)
    assert 0.08 < len(test) / (len(train) + len(test)) < 0.12
    paragraphs = [p for p in re.split(r"\n[ \t]*\n\s*", text) if p]
    train_pars = train.split("\n\n")
    test_pars = test.split("\n\n")
    assert Counter(train_pars) + Counter(test_pars) == Counter(paragraphs)
    # spread through the text, not one block at the end
    first_test = paragraphs.index(test_pars[0])
    assert first_test < len(paragraphs) // 10


def test_train_test_split_fraction():
    text = "\n\n".join(f"paragraph {i} " + "x" * 20 for i in range(100))
    train, test = train_test_split_text(text, test_fraction=0.3)
    assert abs(len(test) / (len(train) + len(test)) - 0.3) < 0.02


@pytest.mark.parametrize(
    ("args", "exc", "match"),
    [
        (("one paragraph only", 0.5), ValueError, "too few"),
        (("a\n\nb", 0.0), ValueError, r"test_fraction must be a finite number in \(0, 1\)"),
        (("a\n\nb", 1.0), ValueError, "test_fraction"),
        (("a\n\nb", "0.1"), TypeError, "test_fraction"),
        (("", 0.1), ValueError, "text is empty"),
        ((b"a\n\nb", 0.1), TypeError, "text must be a str"),
    ],
)
def test_train_test_split_errors(args, exc, match):
    with pytest.raises(exc, match=match):
        train_test_split_text(*args)


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"n": 0}, ValueError, "n must be an integer >= 1, got 0"),
        ({"n": -2}, ValueError, "n must be an integer >= 1"),
        ({"n": 2.0}, TypeError, "n must be an integer"),
        ({"n": "3"}, TypeError, "n must be an integer"),
        ({"n": True}, TypeError, "n must be an integer"),
        ({"n": 2, "k": -0.1}, ValueError, "k must be a finite number >= 0"),
        ({"n": 2, "k": float("nan")}, ValueError, "k must be a finite number"),
        ({"n": 2, "k": float("inf")}, ValueError, "k must be a finite number"),
        ({"n": 2, "k": "1"}, TypeError, "k must be a finite number >= 0, got str"),
        ({"n": 2, "backoff": 1}, TypeError, "backoff must be True or False"),
    ],
)
def test_constructor_validation(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        CharNGramModel(**kwargs)


@pytest.mark.parametrize(
    ("text", "exc", "match"),
    [("", ValueError, "text is empty"), (b"abc", TypeError, "text must be a str"), (None, TypeError, "text")],
)
def test_fit_validation(text, exc, match):
    with pytest.raises(exc, match=match):
        CharNGramModel(2).fit(text)


def test_method_validation():
    model = CharNGramModel(2).fit("abc")
    with pytest.raises(ValueError, match="text is empty"):
        model.perplexity("")
    with pytest.raises(TypeError, match="text must be a str"):
        model.token_probs(["a", "b"])
    with pytest.raises(TypeError, match="text must be a str"):
        model.bits_per_char(123)
    with pytest.raises(TypeError, match="context must be a str"):
        model.prob(3, "a")
    with pytest.raises(TypeError, match="context must be a str"):
        model.next_char_distribution(None)
    with pytest.raises(ValueError, match="char must be one character"):
        model.prob("a", "bc")
    with pytest.raises(TypeError, match="char must be a str"):
        model.prob("a", 1)
    with pytest.raises(ValueError, match="length must be an integer >= 0"):
        model.sample(-1)
    with pytest.raises(TypeError, match="length must be an integer"):
        model.sample(2.5)
    with pytest.raises(ValueError, match="seed must be an integer >= 0"):
        model.sample(3, seed=-1)
    with pytest.raises(TypeError, match="prompt must be a str"):
        model.sample(3, prompt=5)
    with pytest.raises(TypeError, match="lowercase"):
        load_corpus(lowercase="yes")


def test_unfitted_model_raises():
    model = CharNGramModel(3)
    with pytest.raises(RuntimeError, match="not fitted"):
        model.perplexity("abc")
    with pytest.raises(RuntimeError, match="not fitted"):
        model.sample(3)
    with pytest.raises(RuntimeError, match="not fitted"):
        model.next_char_distribution("ab")


# --------------------------------------------------------------------------
# Batched distributions (notebook 11: the arithmetic coder asks for thousands of contexts)
# --------------------------------------------------------------------------


@given(
    small_texts,
    st.lists(st.text(alphabet="abcdeZ \n", max_size=8), max_size=12),
    st.integers(1, 6),
    st.booleans(),
)
@pytest.mark.parametrize("k", [0.0, 1e-3, 1.0])
def test_next_char_distributions_equal_the_single_calls_exactly(k, train, contexts, n, backoff):
    model = CharNGramModel(n, k=k, backoff=backoff).fit(train)
    alphabet, probs = model.next_char_distributions(contexts)
    assert alphabet == model.alphabet
    assert probs.shape == (len(contexts), model.vocab_size)
    for context, row in zip(contexts, probs, strict=True):
        assert np.array_equal(row, model.next_char_distribution(context)[1])  # bit for bit


def test_next_char_distributions_on_the_corpus(corpus_split, fitted):
    _, test = corpus_split
    for n, backoff in ((1, False), (4, False), (6, True)):
        model = fitted(n, 0.01, backoff)
        contexts = [test[max(0, i - n + 1) : i] for i in range(0, 3000, 7)] + ["", "Ω" * 7]
        _, probs = model.next_char_distributions(tuple(contexts))
        expected = np.array([model.next_char_distribution(c)[1] for c in contexts])
        assert np.array_equal(probs, expected)
    _, empty = fitted(3, 0.01).next_char_distributions([])
    assert empty.shape == (0, fitted(3, 0.01).vocab_size)


def test_next_char_distributions_errors():
    model = CharNGramModel(2).fit("abab")
    with pytest.raises(TypeError, match="contexts must be a sequence of str"):
        model.next_char_distributions("ab")
    with pytest.raises(TypeError, match=r"contexts\[1\] must be a str"):
        model.next_char_distributions(["a", 3])
    with pytest.raises(RuntimeError, match="not fitted"):
        CharNGramModel(2).next_char_distributions(["a"])
