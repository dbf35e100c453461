"""The compression explorer of notebook 11, beyond the generic protocol of tests/test_explorers.py."""

from __future__ import annotations

import gzip
import math

import numpy as np
import pytest

from infotheory_lib.explorers import compression_explorer
from infotheory_lib.explorers.compression import COMPRESSION_SENTENCE, _default_models
from infotheory_lib.language import CharNGramModel, load_corpus, train_test_split_text
from infotheory_lib.models import char_code_length_bits, code_length_bits


@pytest.fixture(scope="module")
def split():
    return train_test_split_text(load_corpus())


def test_the_sentence_is_held_out_text(split):
    train, test = split
    assert COMPRESSION_SENTENCE in test
    assert COMPRESSION_SENTENCE not in train


def test_bars_readout_and_marker_follow_the_order(split):
    explorer = compression_explorer(n=1)
    heights = {}
    for n in (1, 4, 6):
        explorer.controls["n"].value = n
        model = _default_models()[n]
        costs = char_code_length_bits(COMPRESSION_SENTENCE, model)
        bars = [a for a in explorer._dynamic if hasattr(a, "get_height")]
        heights[n] = np.array([b.get_height() for b in bars])
        np.testing.assert_allclose(heights[n], costs)
        readout = explorer.readout()
        assert readout["n"] == n
        assert math.isclose(readout["sentence_bytes"], costs.sum() / 8)
        assert math.isclose(readout["heldout_bpc"], float(code_length_bits(split[1], model)) / len(split[1]))
        assert readout["sentence_gzip_bytes"] == len(gzip.compress(COMPRESSION_SENTENCE.encode(), 9, mtime=0))
    assert max(heights[4].sum(), heights[6].sum()) < heights[1].sum()  # context helps (n = 4 beats 6 here)
    explorer.close()


def test_models_and_sentence_can_be_passed_in(split):
    train, _ = split
    models = {n: CharNGramModel(n, k=0.1).fit(train[:20000]) for n in (2, 3)}
    explorer = compression_explorer(n=2, models=models, sentence="the value of x")
    assert explorer.controls["n"].min == 2 and explorer.controls["n"].max == 3
    np.testing.assert_allclose(
        explorer.readout()["sentence_bpc"], char_code_length_bits("the value of x", models[2]).mean()
    )
    explorer.close()


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n": 9}, ValueError, "n must be one of the orders"),
        ({"sentence": ""}, ValueError, "sentence must be a str of 1 to 80"),
        ({"sentence": "x" * 81}, ValueError, "sentence must be a str of 1 to 80"),
        ({"models": [1, 2]}, TypeError, "models must be a dict"),
        ({"models": {1: "model"}}, TypeError, r"models\[1\] is not a fitted character model"),
        ({"models": {1: None, 3: None}}, ValueError, "consecutive integer orders"),
    ],
)
def test_bad_arguments_are_clear_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        compression_explorer(**kwargs)


def test_the_readout_shows_the_order_and_the_gzip_bytes_as_whole_numbers():
    explorer = compression_explorer(n=4)
    html = explorer._readout_html.value
    assert "<b>n</b> = 4</span>" in html
    gzip_bytes = len(gzip.compress(COMPRESSION_SENTENCE.encode("utf-8"), compresslevel=9, mtime=0))
    assert f"<b>gzip of the sentence</b> = {gzip_bytes}\u00a0bytes" in html
    assert "<b>sentence</b> = " in html and "bits/char" in html  # the others keep their decimals
    explorer.close()
