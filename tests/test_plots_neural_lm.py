"""Notebook 12's drawing functions and the token_units explorer's own behaviour (the generic protocol is in test_explorers)."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from infotheory_lib import plots  # noqa: E402
from infotheory_lib import tokenizers as tk  # noqa: E402
from infotheory_lib.explorers import neural_lm, token_units_explorer  # noqa: E402
from infotheory_lib.language import CharNGramModel  # noqa: E402

TRAIN = "the cat sat on the mat. the dog sat on the log. a cat and a dog sat on a mat.\n" * 6
HELD = "the dog sat on the mat and the cat sat on the log. a dog, a cat."


@pytest.fixture(scope="module")
def small():
    model = CharNGramModel(3, k=0.1, backoff=True).fit(TRAIN)
    merges = tk.train_bpe(TRAIN, 40)
    return model, merges


def _curves(small):
    model, merges = small
    return tk.bits_per_unit_curves(HELD, merges, float(-np.log2(model.token_probs(HELD)).sum()))


def test_draw_lm_loss_curves():
    fig, (ax,) = plots.new_figure(1)
    epochs, train, held = (
        np.linspace(0, 2, 5),
        np.array([6.7, 3, 2.5, 2.3, 2.2]),
        np.array([6.7, 3.1, 2.6, 2.4, 2.3]),
    )
    artists = plots.draw_lm_loss_curves(
        ax, epochs, train, held, references={"5-gram": 1.712, "3-gram": 2.498}
    )
    np.testing.assert_array_equal(artists["train"].get_ydata(), train)
    np.testing.assert_array_equal(artists["held_out"].get_ydata(), held)
    assert [line.get_label() for line in artists["references"]] == ["5-gram: 1.712", "3-gram: 2.498"]
    assert [line.get_ydata()[0] for line in artists["references"]] == [1.712, 2.498]
    labels = ax.get_legend_handles_labels()[1]
    assert labels == ["training text", "held-out text", "5-gram: 1.712", "3-gram: 2.498"]
    no_refs = plots.draw_lm_loss_curves(plots.new_figure(1)[1][0], epochs, train, held)
    assert no_refs["references"] == []


def test_draw_bits_and_perplexity_per_unit(small):
    curves = _curves(small)
    for draw, token_key, char_key, byte_key in (
        (plots.draw_bits_per_unit, "bits_per_token", "bits_per_char", "bits_per_byte"),
        (plots.draw_unit_perplexity, "token_perplexity", "char_perplexity", "byte_perplexity"),
    ):
        fig, (ax,) = plots.new_figure(1)
        artists = draw(ax, curves)
        np.testing.assert_array_equal(artists["token"].get_xdata(), curves["n_merges"])
        np.testing.assert_array_equal(artists["token"].get_ydata(), curves[token_key])
        assert list(artists["char"].get_ydata()) == [curves[char_key]] * 2
        assert list(artists["byte"].get_ydata()) == [curves[byte_key]] * 2
        digits = 3 if char_key == "bits_per_char" else 2
        assert f"({curves[char_key]:.{digits}f})" in artists["char"].get_label()
    assert ax.get_yscale() == "log"


def test_tokens_html_boxes_every_token_and_escapes():
    out = neural_lm.tokens_html(["<a", " b", "\n", "&"], "caption <x>")
    assert out.count("<span") == 4
    assert "&lt;a" in out and "&amp;" in out and "caption &lt;x&gt;" in out
    assert "\u2423b" in out and "\u21b5" in out  # a space shown as ␣, a new line as ↵


def test_explorer_with_a_given_model(small):
    model, merges = small
    explorer = token_units_explorer(n_merges=10, model=model, merges=merges, text=HELD)
    curves = _curves(small)
    readout = explorer.readout()
    assert readout["n_tokens"] == len(tk.bpe_encode(HELD, merges[:10])) == curves["n_tokens"][10]
    assert readout["bits_per_byte"] == pytest.approx(curves["bits_per_byte"], rel=1e-15)
    top = len(merges)
    explorer.controls["n_merges"].value = top
    assert explorer.readout()["token_perplexity"] == pytest.approx(curves["token_perplexity"][top], rel=1e-12)
    html = explorer._readout_html.value
    assert f"<b>merges</b> = {top}<" in html  # counts as whole numbers
    sample_tokens = tk.bpe_encode(neural_lm._sample_of(HELD), merges)
    assert html.count('<span style="background') == len(sample_tokens)
    assert explorer.controls["n_merges"].max == len(merges)
    explorer.close()


def test_explorer_bad_arguments(small):
    model, merges = small
    with pytest.raises(TypeError, match="together"):
        token_units_explorer(model=model)
    with pytest.raises(TypeError, match="model"):
        token_units_explorer(model=object(), merges=merges, text=HELD)
    with pytest.raises(TypeError, match="text"):
        token_units_explorer(model=model, merges=merges, text="")
    with pytest.raises(ValueError, match="n_merges"):
        token_units_explorer(n_merges=len(merges) + 1, model=model, merges=merges, text=HELD)


# ---- next_char_explorer ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def neural():
    from infotheory_lib.models import NeuralCharModel

    return NeuralCharModel(4, embedding_dim=5, hidden=24, epochs=20, batch_size=32, seed=1).fit(
        TRAIN, progress=False
    )


@pytest.mark.parametrize("temperature", [0.3, 1.0, 2.5])
def test_sampling_at_temperature_matches_the_neural_models_own_sampler(neural, temperature):
    ours = neural_lm._sample_at_temperature(neural, 60, temperature, prompt="the ", seed=4)
    assert ours == neural.sample(60, seed=4, prompt="the ", temperature=temperature)


def test_temperature_distribution_is_the_softmax_of_logits_over_t(neural):
    from infotheory_lib.losses import softmax

    logits, _ = neural._forward(neural.params_, neural._context_window("the c")[None, :])
    _, probs = neural.next_char_distribution("the c")
    for t in (0.1, 0.7, 1.0, 3.0):
        np.testing.assert_allclose(
            neural_lm._at_temperature(probs, t), softmax(logits[0], temperature=t), rtol=1e-9
        )


def test_next_char_explorer_with_a_given_model(neural):
    from infotheory_lib.explorers import next_char_explorer
    from infotheory_lib.measures import entropy

    explorer = next_char_explorer(0.5, model=neural, prompt="the c")
    _, probs = neural.next_char_distribution("the c")
    for t in (0.1, 0.5, 1.0, 3.0):
        explorer.controls["temperature"].value = t
        q = neural_lm._at_temperature(probs, t)
        readout = explorer.readout()
        assert readout["entropy"] == pytest.approx(float(entropy(q)), rel=1e-12)
        assert readout["top_prob"] == pytest.approx(float(q.max()), rel=1e-12)
    assert explorer.readout()["entropy"] > 2.0 > 0.05 > entropy(neural_lm._at_temperature(probs, 0.1))
    sample = neural.sample(neural_lm._SAMPLE_LENGTH, seed=0, prompt="the c", temperature=3.0)
    import html as _html

    assert _html.escape(sample) in explorer._readout_html.value
    explorer.close()
    with pytest.raises(TypeError, match="model"):
        next_char_explorer(model="abc")
    with pytest.raises(TypeError, match="prompt"):
        next_char_explorer(model=neural, prompt=3)


def test_next_char_ticks_stay_visible_over_a_tall_bar(small):
    # At a low temperature the top bar reaches 1: its T = 1 tick (black) must be drawn over it, not hidden.
    model, _ = small
    explorer = neural_lm.next_char_explorer(temperature=0.1, model=model)
    explorer._displayed = True
    explorer.refresh()
    ax_bar = explorer.figure.axes[0]
    ticks = next(line for line in ax_bar.get_lines() if line.get_label() == "at T = 1")
    x, y = ticks.get_xdata()[0], ticks.get_ydata()[0]
    assert 0.05 < y < 0.95  # the tick is inside the top bar, which reaches about 1 at T = 0.1
    px, py = ax_bar.transData.transform((x, y))
    rgba = np.asarray(explorer.figure.canvas.buffer_rgba())
    row = rgba.shape[0] - int(round(py))
    patch = rgba[row - 2 : row + 3, int(round(px)) - 2 : int(round(px)) + 3, :3]
    assert patch.max(axis=-1).min() < 60  # some pixel there is black (the tick), not the bar's orange
    explorer.close()
