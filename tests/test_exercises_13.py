"""The exercises of notebook 13 (a real ELBO): right answers in any form pass, known mistakes are named."""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

import infotheory_lib as it
from infotheory_lib import exercises as ex
from infotheory_lib.models import VAE

NAMES = ("neg_elbo", "reparameterize", "elbo_bits", "beta_infinity")
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "13_vae_elbo.ipynb"


# ---- my_neg_elbo(recon_nll, mu, log_var, beta) ------------------------------------------------------------------


def _kl_rows(mu, lv):
    return 0.5 * np.sum(mu**2 + np.exp(lv) - 1 - lv, axis=-1)


def _by_loop(r, mu, lv, b):  # one image at a time, one latent dimension at a time
    mu2, lv2 = np.atleast_2d(mu), np.atleast_2d(lv)
    out = []
    for m_row, v_row in zip(mu2, lv2, strict=True):
        out.append(sum(0.5 * (m * m + math.exp(v) - 1 - v) for m, v in zip(m_row, v_row, strict=True)))
    kl = np.array(out) if np.ndim(mu) > 1 else out[0]
    return r + b * kl


RIGHT_NEG_ELBO = [
    lambda r, mu, lv, b: r + b * _kl_rows(mu, lv),
    lambda r, mu, lv, b: r + b * it.kl_gaussian(mu, lv),
    lambda r, mu, lv, b: r - b * 0.5 * np.sum(1 + lv - mu**2 - np.exp(lv), axis=-1),  # the textbook form
    _by_loop,
    lambda r, mu, lv, b: (r + b * _kl_rows(mu, lv)).tolist() if np.ndim(r) else r + b * _kl_rows(mu, lv),
]

WRONG_NEG_ELBO = [
    (lambda r, mu, lv, b: np.sum(r + b * _kl_rows(mu, lv)), "no batching"),
    (lambda r, mu, lv, b: r + b * np.sum(_kl_rows(mu, lv)), "summed the KL over the whole batch"),
    (lambda r, mu, lv, b: b * r + _kl_rows(mu, lv), "β multiplies the KL term"),
    (lambda r, mu, lv, b: r + _kl_rows(mu, lv), "right for β = 1 only"),
    (lambda r, mu, lv, b: r - b * _kl_rows(mu, lv), "a sign error"),
    (lambda r, mu, lv, b: r + b * np.mean(0.5 * (mu**2 + np.exp(lv) - 1 - lv), axis=-1), "averaged the KL"),
    (lambda r, mu, lv, b: r + 2 * b * _kl_rows(mu, lv), "the ½"),
    (lambda r, mu, lv, b: r + b * 0.5 * np.sum(mu**2 + lv - 1 - np.log(np.abs(lv) + 1), axis=-1), "expected"),
    (lambda r, mu, lv, b: None, "Not yet"),
]


@pytest.mark.parametrize("fn", RIGHT_NEG_ELBO, ids=range(len(RIGHT_NEG_ELBO)))
def test_neg_elbo_accepts_right_functions(fn, capsys):
    assert ex.EXERCISES["neg_elbo"].check(fn) is True, capsys.readouterr().out


@pytest.mark.parametrize(("fn", "message"), WRONG_NEG_ELBO, ids=[m[:25] for _, m in WRONG_NEG_ELBO])
def test_neg_elbo_names_the_mistake(fn, message, capsys):
    assert ex.EXERCISES["neg_elbo"].check(fn) is False
    out = capsys.readouterr().out
    assert message in out, out
    assert "Traceback" not in out


def test_neg_elbo_cases_cover_the_edges():
    cases = ex.EXERCISES["neg_elbo"].cases
    betas = [args[3] for args, _, _ in cases]
    assert 0.0 in betas and 1.0 in betas and any(b > 1 for b in betas)
    assert any(np.ndim(args[1]) == 2 for args, _, _ in cases)  # a batch
    assert any(np.size(args[1]) == 1 for args, _, _ in cases)  # a 1-D latent
    zero_kl = [want for args, want, _ in cases if not np.any(args[1]) and not np.any(args[2])]
    assert zero_kl == [22.0]  # KL(N(0, I) || N(0, I)) = 0
    for (r, mu, lv, b), want, _ in cases:
        np.testing.assert_allclose(want, np.asarray(r) + b * it.kl_gaussian(mu, lv), rtol=1e-14)


# ---- my_reparameterize(mu, log_var, eps) ------------------------------------------------------------------------


RIGHT_REPARAM = [
    lambda mu, lv, e: mu + np.exp(0.5 * lv) * e,
    lambda mu, lv, e: mu + np.sqrt(np.exp(lv)) * e,
    lambda mu, lv, e: mu + np.exp(lv) ** 0.5 * e,
]
WRONG_REPARAM = [
    (lambda mu, lv, e: mu + np.exp(lv) * e, "the variance"),
    (lambda mu, lv, e: mu + lv * e, "multiplied ε by log_var"),
    (lambda mu, lv, e: np.exp(0.5 * lv) * e, "the mean is missing"),
    (lambda mu, lv, e: mu + np.exp(-0.5 * lv) * e, "ε / σ"),
    (lambda mu, lv, e: mu + e, "expected"),
]


@pytest.mark.parametrize("fn", RIGHT_REPARAM, ids=range(len(RIGHT_REPARAM)))
def test_reparameterize_accepts_right_functions(fn, capsys):
    assert ex.EXERCISES["reparameterize"].check(fn) is True, capsys.readouterr().out


@pytest.mark.parametrize(("fn", "message"), WRONG_REPARAM, ids=[m[:25] for _, m in WRONG_REPARAM])
def test_reparameterize_names_the_mistake(fn, message, capsys):
    assert ex.EXERCISES["reparameterize"].check(fn) is False
    out = capsys.readouterr().out
    assert message in out, out


def test_reparameterize_matches_the_vae_sampling():
    """The exercise's formula is the one the VAE trains with: z = mu + exp(log_var / 2) * eps."""
    X = np.random.default_rng(0).random((6, 64))
    vae = VAE(hidden=4, epochs=1).fit(X, progress=False)
    eps = np.random.default_rng(1).standard_normal((6, 2))
    mu, lv = vae.encode(X)
    z = ex.EXERCISES["reparameterize"].reference(mu, lv, eps)
    np.testing.assert_allclose(vae._forward(vae.params_, X, eps)[1][4], z, rtol=1e-14)


# ---- numbers and choices ------------------------------------------------------------------------------------

_BITS = 25.0 / math.log(2)


@pytest.mark.parametrize("value", [_BITS, 36.07, "36.067", 36.1, np.float64(_BITS)])
def test_elbo_bits_right_numbers(value, capsys):
    assert ex.EXERCISES["elbo_bits"].check(value) is True, capsys.readouterr().out


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (25.0, "in nats"),
        (25.0 * math.log(2), "multiplied by ln 2"),
        (22.79 / math.log(2), "reconstruction term alone"),
        (20.58 / math.log(2), "a sign error"),
        (40.0, "not right yet"),
    ],
)
def test_elbo_bits_wrong_numbers(value, message, capsys):
    assert ex.EXERCISES["elbo_bits"].check(round(value, 3)) is False
    out = capsys.readouterr().out
    assert message in out and 'hint("elbo_bits")' in out, out


@pytest.mark.parametrize("answer", ["zero", "Zero", " zero "])
def test_beta_infinity_right(answer, capsys):
    assert ex.EXERCISES["beta_infinity"].check(answer) is True
    assert "posterior collapse" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("answer", "message"), [("infinite", "drives the KL down"), ("unchanged", "costs more")]
)
def test_beta_infinity_wrong(answer, message, capsys):
    assert ex.EXERCISES["beta_infinity"].check(answer) is False
    out = capsys.readouterr().out
    assert message in out and 'hint("beta_infinity")' in out


def test_the_solutions_pass(capsys):
    for name, fn_name in (("neg_elbo", "my_neg_elbo"), ("reparameterize", "my_reparameterize")):
        namespace = {"np": np, "it": it}
        exec(ex.EXERCISES[name].solution_text, namespace)
        assert ex.EXERCISES[name].check(namespace[fn_name]) is True, capsys.readouterr().out
    assert ex.EXERCISES["elbo_bits"].check(ex.EXERCISES["elbo_bits"].solution_text.split(":")[0]) is True
    assert ex.EXERCISES["beta_infinity"].solution_text.startswith("'zero'")


def test_every_mistake_is_produced_by_a_wrong_answer_above():
    for name, wrong in (("neg_elbo", WRONG_NEG_ELBO), ("reparameterize", WRONG_REPARAM)):
        messages = [m for _, m in wrong]
        for mistake in ex.EXERCISES[name].mistakes:
            assert any(m in mistake.message for m in messages), (name, mistake.name)


@pytest.mark.parametrize("name", NAMES)
def test_blank_answers_say_not_yet(name, capsys):
    assert ex.EXERCISES[name].check(...) is False
    assert "Not yet" in capsys.readouterr().out


# ---- the notebook uses every exercise ---------------------------------------------------------------------


def test_the_notebook_checks_and_imports_every_exercise():
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    code = "\n".join(c.source for c in cells[2:] if c.cell_type == "code")
    called = set(re.findall(r"^check_(\w+)\(", code, flags=re.M))
    assert called == set(NAMES)
    imports = next(c.source for c in cells if c.cell_type == "code")
    for name in NAMES:
        assert f"check_{name}" in imports
        assert f'hint("{name}")' in "\n".join(c.source for c in cells if c.cell_type == "markdown")
