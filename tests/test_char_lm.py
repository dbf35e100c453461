"""Tests for infotheory_lib.models.NeuralCharModel: gradients, training, probabilities, sampling, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from infotheory_lib.language import UNK, CharNGramModel, load_corpus, train_test_split_text
from infotheory_lib.models import NeuralCharModel, arithmetic_decode, arithmetic_encode, code_length_bits

TEXT = "the cat sat on the mat. the dog sat on the log. a cat and a dog sat.\n" * 4
HELD_OUT = "the dog sat on the mat. a cat sat on the log.\n"


@pytest.fixture(scope="module")
def small():
    """A small model trained for a few epochs on TEXT (well under a second)."""
    return NeuralCharModel(4, embedding_dim=5, hidden=24, epochs=30, batch_size=32, n_evals=6, seed=1).fit(
        TEXT, HELD_OUT, progress=False
    )


# ---------------------------------------------------------------------------
# Gradients
# ---------------------------------------------------------------------------


def test_gradients_match_finite_differences():
    model = NeuralCharModel(3, embedding_dim=3, hidden=5, epochs=2, batch_size=16, seed=3)
    model.fit(TEXT[:120], progress=False)  # trained a little, so no parameter is still at its zero start
    text = "the cat on a mat. zz"  # "z" is unseen: the UNK row of the embedding gets a gradient too
    loss, grads = model.loss_and_gradients(text)
    h = 1e-6
    for name, param in model.params_.items():
        assert grads[name].shape == param.shape
        numeric = np.zeros_like(param)
        for idx in np.ndindex(param.shape):
            old = param[idx]
            param[idx] = old + h
            up, _ = model.loss_and_gradients(text)
            param[idx] = old - h
            down, _ = model.loss_and_gradients(text)
            param[idx] = old
            numeric[idx] = (up - down) / (2 * h)
        np.testing.assert_allclose(grads[name], numeric, rtol=1e-5, atol=1e-8, err_msg=name)
        assert np.any(grads[name] != 0), name
    assert loss == pytest.approx(float(model.bits_per_char(text)) * math.log(2), rel=1e-12)


# ---------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------


def test_untrained_model_is_the_uniform_guess(small):
    history = small.history_
    assert history["train_bits"][0] == pytest.approx(math.log2(small.vocab_size), rel=1e-12)
    assert history["held_out_bits"][0] == pytest.approx(math.log2(small.vocab_size), rel=1e-12)


def test_loss_decreases(small):
    history = small.history_
    assert history["train_bits"][-1] < 0.5 * history["train_bits"][0]
    assert history["held_out_bits"][-1] < 0.6 * history["held_out_bits"][0]
    assert history["train_bits"][-1] == min(history["train_bits"])
    assert history["held_out_bits"][-1] == pytest.approx(float(small.bits_per_char(HELD_OUT)), rel=1e-12)


def test_history_shapes_and_steps(small):
    history = small.history_
    steps_per_epoch = math.ceil(len(TEXT) / 32)
    assert set(history) == {"step", "epoch", "train_bits", "held_out_bits"}
    assert all(v.shape == (7,) for v in history.values())
    assert history["step"][0] == 0 and history["step"][-1] == 30 * steps_per_epoch
    assert np.all(np.diff(history["step"]) > 0)
    np.testing.assert_allclose(history["epoch"], history["step"] / steps_per_epoch)
    assert small.fit_seconds_ > 0


def test_without_held_out_text_the_held_out_curve_is_nan():
    model = NeuralCharModel(2, hidden=4, epochs=1, n_evals=2).fit(TEXT, progress=False)
    assert np.all(np.isnan(model.history_["held_out_bits"]))
    assert np.all(np.isfinite(model.history_["train_bits"]))


def test_deterministic_by_seed():
    kwargs = dict(embedding_dim=4, hidden=8, epochs=3, batch_size=16, n_evals=3)
    a = NeuralCharModel(3, seed=7, **kwargs).fit(TEXT, HELD_OUT, progress=False)
    b = NeuralCharModel(3, seed=7, **kwargs).fit(TEXT, HELD_OUT, progress=False)
    c = NeuralCharModel(3, seed=8, **kwargs).fit(TEXT, HELD_OUT, progress=False)
    for name in a.params_:
        np.testing.assert_array_equal(a.params_[name], b.params_[name])
    np.testing.assert_array_equal(a.history_["held_out_bits"], b.history_["held_out_bits"])
    assert a.sample(40, seed=2) == b.sample(40, seed=2)
    assert not np.array_equal(a.params_["W1"], c.params_["W1"])


def test_callback_and_progress_bar(capsys):
    seen = []
    NeuralCharModel(2, hidden=4, epochs=2, n_evals=4).fit(
        TEXT, HELD_OUT, progress=True, callback=lambda *args: seen.append(args)
    )
    assert len(seen) == 5
    assert [s[0] for s in seen][0] == 0
    assert all(len(s) == 3 and np.isfinite(s[2]) for s in seen)
    out = capsys.readouterr().out
    assert "NeuralCharModel [" in out and "bits/char" in out


def test_parameter_shapes(small):
    V = small.vocab_size
    assert small.alphabet == tuple(sorted(set(TEXT))) + (UNK,)
    shapes = {name: p.shape for name, p in small.params_.items()}
    assert shapes == {"embedding": (V + 1, 5), "W1": (4 * 5, 24), "b1": (24,), "W2": (24, V), "b2": (V,)}
    assert small.n_parameters_ == sum(p.size for p in small.params_.values())


# ---------------------------------------------------------------------------
# Probabilities
# ---------------------------------------------------------------------------


def test_token_probs_agree_with_next_char_distribution(small):
    text = "the cat sat on a zebra"  # "z", "b" unseen: UNK
    probs = small.token_probs(text)
    assert probs.shape == (len(text),) and probs.dtype == np.float64
    index = {c: i for i, c in enumerate(small.alphabet)}
    for i, ch in enumerate(text):
        alphabet, dist = small.next_char_distribution(text[:i])
        assert alphabet == small.alphabet
        assert dist.sum() == pytest.approx(1.0, abs=1e-12)
        assert probs[i] == pytest.approx(dist[index.get(ch, len(alphabet) - 1)], rel=1e-12)


def test_only_the_last_k_characters_matter(small):
    _, a = small.next_char_distribution("xyz the ")
    _, b = small.next_char_distribution("the ")
    np.testing.assert_array_equal(a, b)
    _, start = small.next_char_distribution("")
    _, short = small.next_char_distribution("t")
    assert not np.array_equal(start, short)


def test_perplexity_is_two_to_the_bits_per_char(small):
    bpc = float(small.bits_per_char(HELD_OUT))
    assert float(small.perplexity(HELD_OUT)) == pytest.approx(2.0**bpc, rel=1e-12)
    assert bpc == pytest.approx(-np.mean(np.log2(small.token_probs(HELD_OUT))), rel=1e-12)


def test_unseen_characters_share_the_unk_probability(small):
    a, b = small.token_probs("the zq"), small.token_probs("the qz")
    assert a[4] == pytest.approx(b[4], rel=1e-12)


# ---------------------------------------------------------------------------
# Sampling
# ---------------------------------------------------------------------------


def test_sample(small):
    text = small.sample(200, seed=0, prompt="the ")
    assert len(text) == 200
    assert set(text) <= set(TEXT)
    assert small.sample(200, seed=0, prompt="the ") == text
    assert small.sample(200, seed=1, prompt="the ") != text
    assert small.sample(0) == ""


def test_low_temperature_sample_follows_the_training_text(small):
    """At a low temperature the model picks its most probable continuation: words of the training text."""
    words = set(TEXT.split())
    sampled = small.sample(300, seed=0, prompt="the ", temperature=0.2).split()
    assert sum(w in words for w in sampled) >= 0.8 * len(sampled)


# ---------------------------------------------------------------------------
# Driving the arithmetic coder
# ---------------------------------------------------------------------------


def test_drives_the_arithmetic_coder(small):
    for text in ["", "t", HELD_OUT, HELD_OUT + "zebra 😀"]:
        data = arithmetic_encode(text, small)
        assert arithmetic_decode(data, small, len(text)) == text
        ideal = float(code_length_bits(text, small))
        expected = -np.sum(np.log2(small.token_probs(text))) + _escape_bits(text, small) if text else 0.0
        assert ideal == pytest.approx(expected, rel=1e-12)
        assert 8 * len(data) <= float(code_length_bits(text, small, quantized=True)) + 8


def _escape_bits(text, model):
    """Each character outside the alphabet costs log2(1114112) bits after its UNK slot."""
    return sum(math.log2(0x110000) for ch in text if ch not in model.alphabet[:-1])


# ---------------------------------------------------------------------------
# The real corpus
# ---------------------------------------------------------------------------


@pytest.mark.slow
def test_beats_the_order_2_ngram_model_on_the_corpus():
    """One epoch on the corpus's training part (~10 s) already beats the bigram model's held-out bits/char."""
    train, test = train_test_split_text(load_corpus())
    model = NeuralCharModel(epochs=1, n_evals=2).fit(train, test, progress=False)
    bigram = CharNGramModel(2, k=0.1, backoff=True).fit(train)
    assert model.history_["held_out_bits"][-1] < float(bigram.bits_per_char(test)) - 0.5


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        ({"context_length": 0}, ValueError, "context_length"),
        ({"context_length": 2.0}, TypeError, "context_length"),
        ({"embedding_dim": 0}, ValueError, "embedding_dim"),
        ({"hidden": "8"}, TypeError, "hidden"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"learning_rate": np.nan}, ValueError, "learning_rate"),
        ({"epochs": 0}, ValueError, "epochs"),
        ({"batch_size": True}, TypeError, "batch_size"),
        ({"n_evals": -1}, ValueError, "n_evals"),
        ({"seed": -1}, ValueError, "seed"),
        ({"seed": 1.5}, TypeError, "seed"),
    ],
)
def test_bad_hyperparameters(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        NeuralCharModel(**kwargs)


def test_bad_fit_input():
    model = NeuralCharModel(2, hidden=4, epochs=1)
    with pytest.raises(TypeError, match="text must be a str"):
        model.fit(["a", "b"])
    with pytest.raises(ValueError, match="text is empty"):
        model.fit("")
    with pytest.raises(ValueError, match="at least 2 characters"):
        model.fit("a")
    with pytest.raises(TypeError, match="held_out must be a str"):
        model.fit(TEXT, 3)
    with pytest.raises(ValueError, match="held_out is empty"):
        model.fit(TEXT, "")
    with pytest.raises(TypeError, match="progress"):
        model.fit(TEXT, progress="yes")
    with pytest.raises(TypeError, match="callback must be callable"):
        model.fit(TEXT, callback=1)


def test_unfitted_model_raises():
    model = NeuralCharModel()
    for call in (
        lambda: model.next_char_distribution("a"),
        lambda: model.token_probs("a"),
        lambda: model.bits_per_char("a"),
        lambda: model.sample(3),
        lambda: model.loss_and_gradients("ab"),
    ):
        with pytest.raises(RuntimeError, match="not fitted"):
            call()


def test_bad_query_input(small):
    with pytest.raises(TypeError, match="context must be a str"):
        small.next_char_distribution(None)
    with pytest.raises(ValueError, match="text is empty"):
        small.token_probs("")
    with pytest.raises(TypeError, match="text must be a str"):
        small.bits_per_char(b"abc")
    with pytest.raises(ValueError, match="length"):
        small.sample(-1)
    with pytest.raises(TypeError, match="length"):
        small.sample(2.0)
    with pytest.raises(ValueError, match="temperature"):
        small.sample(3, temperature=0)
    with pytest.raises(TypeError, match="prompt must be a str"):
        small.sample(3, prompt=1)
