"""Tests for infotheory_lib.gaussian: differential entropy and Gaussian KL."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from infotheory_lib import (
    gaussian_entropy,
    gaussian_mutual_information,
    gaussian_pmi_matrix,
    kl_gaussian,
    kl_normal,
    kl_to_gaussians,
    normal_logpdf,
)

LN2 = np.log(2.0)

sigmas = st.floats(min_value=1e-3, max_value=1e3)
means = st.floats(min_value=-100.0, max_value=100.0)


def kl_normal_textbook(mu_p, s_p, mu_q, s_q):
    return np.log(s_q / s_p) + (s_p**2 + (mu_p - mu_q) ** 2) / (2 * s_q**2) - 0.5


# ---------------------------------------------------------------------------
# gaussian_entropy
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sigma", "expected"),
    [
        (1.0, 0.5 * np.log(2 * np.pi * np.e)),  # 1.4189385332046727
        (np.sqrt(1 / (2 * np.pi * np.e)), 0.0),  # zero exactly at sigma = 1/sqrt(2 pi e)
        (2.0, 0.5 * np.log(2 * np.pi * np.e) + np.log(2.0)),
        (0.1, 0.5 * np.log(2 * np.pi * np.e) + np.log(0.1)),  # negative
    ],
)
def test_gaussian_entropy_known_values(sigma, expected):
    assert_allclose(gaussian_entropy(sigma), expected, rtol=1e-14, atol=1e-15)


@given(sigmas)
def test_gaussian_entropy_matches_scipy(sigma):
    assert_allclose(gaussian_entropy(sigma), scipy.stats.norm(scale=sigma).entropy(), rtol=1e-13, atol=1e-14)


def test_gaussian_entropy_can_be_negative():
    assert gaussian_entropy(0.1) < 0
    assert gaussian_entropy(0.2) < 0
    assert gaussian_entropy(0.25) > 0  # threshold 1/sqrt(2 pi e) ~ 0.242
    assert gaussian_entropy(1e-300) < -600


def test_gaussian_entropy_units_and_shape():
    s = np.array([[0.5, 1.0], [2.0, 4.0]])
    h = gaussian_entropy(s)
    assert h.shape == (2, 2)
    assert_allclose(gaussian_entropy(s, base=2), h / LN2, rtol=1e-15)
    # doubling sigma adds log 2 nats (one bit)
    assert_allclose(np.diff(gaussian_entropy([1.0, 2.0, 4.0], base=2)), [1.0, 1.0], rtol=1e-13)
    assert isinstance(gaussian_entropy(1.0), np.float64)


# ---------------------------------------------------------------------------
# kl_normal
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mu_p", "s_p", "mu_q", "s_q", "expected"),
    [
        (0.0, 1.0, 0.0, 1.0, 0.0),
        (1.0, 1.0, 0.0, 1.0, 0.5),  # shift by one std: 1/2 nat
        (0.0, 1.0, 2.0, 1.0, 2.0),
        (0.0, 1.0, 0.0, 2.0, np.log(2.0) + 1 / 8 - 0.5),
        (0.0, 2.0, 0.0, 1.0, -np.log(2.0) + 2.0 - 0.5),  # asymmetric
        (3.0, 0.5, -1.0, 2.0, np.log(4.0) + (0.25 + 16.0) / 8 - 0.5),
    ],
)
def test_kl_normal_known_values(mu_p, s_p, mu_q, s_q, expected):
    assert_allclose(kl_normal(mu_p, s_p, mu_q, s_q), expected, rtol=1e-14, atol=0)


@given(means, sigmas, means, sigmas)
def test_kl_normal_matches_textbook_formula(mu_p, s_p, mu_q, s_q):
    expected = kl_normal_textbook(mu_p, s_p, mu_q, s_q)
    got = kl_normal(mu_p, s_p, mu_q, s_q)
    assert got >= 0.0
    # The textbook form cancels near p = q: its own error is ~eps * (sum of term sizes).
    scale = abs(np.log(s_q / s_p)) + (s_p**2 + (mu_p - mu_q) ** 2) / (2 * s_q**2) + 0.5
    assert_allclose(got, expected, rtol=1e-12, atol=8 * np.finfo(float).eps * scale)


@given(means, sigmas)
def test_kl_normal_of_identical_gaussians_is_exactly_zero(mu, s):
    assert kl_normal(mu, s, mu, s) == 0.0


@given(means, sigmas, means, sigmas)
def test_kl_normal_units(mu_p, s_p, mu_q, s_q):
    nats = kl_normal(mu_p, s_p, mu_q, s_q)
    assert_allclose(kl_normal(mu_p, s_p, mu_q, s_q, base=2), nats / LN2, rtol=1e-15)


@pytest.mark.parametrize(
    ("s_p", "s_q", "expected"),
    [
        # sigma_p << sigma_q: log(s_q/s_p) + s_p^2/(2 s_q^2) - 1/2, by mpmath
        (1e-8, 1.0, 17.920680743952367),
        (1e-3, 252.0, 11.937184366501434),
        (1e-150, 1.0, 344.88776394910684),
        (1e-300, 1e300, 1381.0510557964274),
    ],
)
def test_kl_normal_very_different_scales(s_p, s_q, expected):
    assert_allclose(kl_normal(0.0, s_p, 0.0, s_q), expected, rtol=1e-14)


def test_kl_normal_overflow_is_inf():
    assert kl_normal(0.0, 1e200, 0.0, 1e-200) == np.inf
    assert kl_normal(1e300, 1.0, -1e300, 1e-300) == np.inf


def test_kl_normal_is_asymmetric():
    assert kl_normal(0.0, 1.0, 0.0, 2.0) != kl_normal(0.0, 2.0, 0.0, 1.0)


def test_kl_normal_broadcasts_elementwise():
    got = kl_normal([0.0, 1.0, 0.0], 1.0, 0.0, [1.0, 1.0, 2.0])
    assert got.shape == (3,)
    assert_allclose(got, [0.0, 0.5, np.log(2.0) + 1 / 8 - 0.5], rtol=1e-14)
    assert kl_normal(np.zeros((2, 1)), 1.0, np.zeros((1, 3)), 1.0).shape == (2, 3)


def test_kl_normal_matches_numerical_integral():
    # KL as the integral of p log(p/q), by quadrature.
    from scipy.integrate import quad

    p = scipy.stats.norm(0.3, 0.7)
    q = scipy.stats.norm(-0.5, 1.3)
    integral, _ = quad(lambda x: p.pdf(x) * (p.logpdf(x) - q.logpdf(x)), -12, 12, epsabs=1e-13)
    assert_allclose(kl_normal(0.3, 0.7, -0.5, 1.3), integral, rtol=1e-9)


# ---------------------------------------------------------------------------
# kl_gaussian (the VAE term)
# ---------------------------------------------------------------------------

ARTICLE_MU = [0.5, -0.3, 0.1]
ARTICLE_LOG_VAR = [-0.5, 0.2, -0.1]


def test_kl_gaussian_article_value():
    kl = kl_gaussian(ARTICLE_MU, ARTICLE_LOG_VAR)
    mu, lv = np.array(ARTICLE_MU), np.array(ARTICLE_LOG_VAR)
    textbook = -0.5 * np.sum(1 + lv - mu**2 - np.exp(lv))  # the article's own formula
    assert_allclose(kl, textbook, rtol=1e-14)
    assert_allclose(kl, 0.24138541795438143, rtol=1e-14)
    assert f"{kl:.4f}" == "0.2414"


@pytest.mark.parametrize(
    ("mu", "log_var", "expected"),
    [
        ([0.0], [0.0], 0.0),  # the prior itself
        ([0.0, 0.0, 0.0], [0.0, 0.0, 0.0], 0.0),
        ([1.0], [0.0], 0.5),
        ([1.0, 2.0], [0.0, 0.0], 2.5),
        ([0.0], [np.log(2.0)], 0.5 * (2.0 - 1.0 - np.log(2.0))),
        ([0.0], [800.0], np.inf),  # e^800 overflows: the KL is infinite
    ],
)
def test_kl_gaussian_known_values(mu, log_var, expected):
    assert_allclose(kl_gaussian(mu, log_var), expected, rtol=1e-14, atol=0)


@given(
    st.lists(st.tuples(st.floats(-10, 10), st.floats(-20, 20)), min_size=1, max_size=6),
)
def test_kl_gaussian_equals_sum_of_kl_normal_against_standard_normal(pairs):
    mu = np.array([m for m, _ in pairs])
    log_var = np.array([v for _, v in pairs])
    expected = kl_normal(mu, np.exp(0.5 * log_var), 0.0, 1.0).sum()
    got = kl_gaussian(mu, log_var)
    assert got >= 0.0
    # sigma = exp(log_var / 2) is rounded before kl_normal sees it, which moves
    # the reference by ~eps * |sigma^2 - 1| per dimension (all of it when
    # log_var is tiny and sigma rounds to 1).
    tol = 8 * np.finfo(float).eps * (np.abs(np.expm1(log_var)).sum() + (mu * mu).sum())
    assert_allclose(got, expected, rtol=1e-12, atol=tol)


def test_kl_gaussian_batch_and_axis():
    rng = np.random.default_rng(0)
    mu = rng.normal(size=(4, 3))
    log_var = rng.normal(size=(4, 3))
    per_sample = kl_gaussian(mu, log_var)
    assert per_sample.shape == (4,)
    assert_allclose(per_sample, [kl_gaussian(m, v) for m, v in zip(mu, log_var, strict=True)], rtol=1e-15)
    assert_allclose(kl_gaussian(mu.T, log_var.T, axis=0), per_sample, rtol=1e-15)
    # log_var broadcasts against mu
    assert_allclose(kl_gaussian(mu, 0.0), 0.5 * (mu**2).sum(axis=-1), rtol=1e-15)


def test_kl_gaussian_does_not_modify_inputs():
    mu = np.array([0.5, -0.3, 0.1])
    lv = np.array([-0.5, 0.2, -0.1])
    kl_gaussian(mu, lv)
    assert_array_equal(mu, ARTICLE_MU)
    assert_array_equal(lv, ARTICLE_LOG_VAR)


# --------------------------------------------------------------------------
# kl_to_gaussians: numerical KL between a density on a grid and a grid of Gaussians
# --------------------------------------------------------------------------

_WIDE = np.linspace(-30.0, 30.0, 12_001)


def test_kl_to_gaussians_matches_the_closed_form_for_a_gaussian_p():
    mus, sigmas = np.array([-1.0, 0.0, 2.5]), np.array([0.5, 1.0, 3.0, 4.0])
    forward, reverse = kl_to_gaussians(_WIDE, normal_logpdf(_WIDE, 0.3, 1.2), mus, sigmas)
    assert forward.shape == reverse.shape == (sigmas.size, mus.size)  # rows: sigma, columns: mu
    for j, s in enumerate(sigmas):
        for i, m in enumerate(mus):
            assert_allclose(forward[j, i], kl_normal(0.3, 1.2, m, s), rtol=1e-6)
            assert_allclose(reverse[j, i], kl_normal(m, s, 0.3, 1.2), rtol=1e-6)


def test_kl_to_gaussians_scalars_give_floats_and_units():
    lp = normal_logpdf(_WIDE)
    nats = kl_to_gaussians(_WIDE, lp, 1.0, 2.0)
    assert all(isinstance(v, float) for v in nats)
    assert_allclose(nats, (kl_normal(0, 1, 1, 2), kl_normal(1, 2, 0, 1)), rtol=1e-9)
    assert_allclose(kl_to_gaussians(_WIDE, lp, 1.0, 2.0, base=2), np.array(nats) / np.log(2), rtol=1e-12)


def test_kl_to_gaussians_reverse_kl_of_a_bimodal_density_seeks_a_mode():
    x = np.linspace(-9.0, 9.0, 721)
    log_p = np.logaddexp(np.log(0.4) + normal_logpdf(x, -3.0, 0.7), np.log(0.6) + normal_logpdf(x, 2.5, 0.7))
    mus, sigmas = np.linspace(-4.5, 4.5, 91), np.linspace(0.3, 4.0, 75)
    forward, reverse = kl_to_gaussians(x, log_p, mus, sigmas)
    j, i = np.unravel_index(np.argmin(reverse), reverse.shape)
    assert abs(mus[i] - 2.5) < 0.15 and abs(sigmas[j] - 0.7) < 0.1  # the heavier mode
    j, i = np.unravel_index(np.argmin(forward), forward.shape)
    mean = 0.4 * -3.0 + 0.6 * 2.5
    sd = np.sqrt(0.4 * (0.49 + 9.0) + 0.6 * (0.49 + 6.25) - mean**2)
    assert abs(mus[i] - mean) < 0.1 and abs(sigmas[j] - sd) < 0.1  # moment matching


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"x": [0.0, 1.0, 3.0]}, "evenly spaced"),
        ({"x": [2.0, 1.0, 0.0]}, "evenly spaced"),
        ({"x": [[0.0, 1.0]]}, "x must be a 1-D grid"),
        ({"log_p": [0.0, 0.0]}, "log_p must have the shape"),
        ({"log_p": [0.0, -np.inf, 0.0]}, "log_p"),
        ({"mus": [[0.0]]}, "mus and sigmas"),
        ({"sigmas": [1.0, 0.0]}, "sigmas must be > 0"),
        ({"base": -1}, "base"),
    ],
)
def test_kl_to_gaussians_rejects_bad_input(kwargs, match):
    args = {"x": [0.0, 1.0, 2.0], "log_p": [-1.0, -1.0, -1.0], "mus": 0.0, "sigmas": 1.0, **kwargs}
    base = args.pop("base", np.e)
    with pytest.raises(ValueError, match=match):
        kl_to_gaussians(**args, base=base)


# --------------------------------------------------------------------------
# gaussian_pmi_matrix: the optimal InfoNCE critic
# --------------------------------------------------------------------------


def test_gaussian_pmi_matrix_is_log_p_y_given_x_over_p_y():
    rng = np.random.default_rng(1)
    x, y, rho = rng.standard_normal(5), rng.standard_normal(5), -0.7
    s = gaussian_pmi_matrix(x, y, rho)
    assert s.shape == (5, 5)
    expected = scipy.stats.norm.logpdf(
        y[None, :], rho * x[:, None], np.sqrt(1 - rho**2)
    ) - scipy.stats.norm.logpdf(y[None, :])
    assert_allclose(s, expected, rtol=1e-12, atol=1e-12)


def test_gaussian_pmi_matrix_diagonal_averages_to_the_mutual_information():
    rng = np.random.default_rng(2)
    rho = 0.8
    x = rng.standard_normal((400, 50))
    y = rho * x + np.sqrt(1 - rho**2) * rng.standard_normal(x.shape)
    s = gaussian_pmi_matrix(x, y, rho)  # 400 batches of 50
    assert s.shape == (400, 50, 50)
    true_pairs = np.diagonal(s, axis1=-2, axis2=-1)
    assert_allclose(true_pairs.mean(), gaussian_mutual_information(rho), rtol=0.02)


@pytest.mark.parametrize(
    ("x", "y", "rho", "exc", "match"),
    [
        ([0.0, 1.0], [0.0], 0.5, ValueError, "same shape"),
        (0.0, 0.0, 0.5, ValueError, "same shape"),
        ([0.0], [0.0], 1.0, ValueError, "rho"),
        ([0.0], [0.0], np.nan, ValueError, "rho"),
        ([0.0], [0.0], [0.1, 0.2], TypeError, "rho"),  # rho is one number
        ([0.0], [0.0], "0.5", TypeError, "rho"),
        ([np.nan], [0.0], 0.5, ValueError, "x"),
    ],
)
def test_gaussian_pmi_matrix_rejects_bad_input(x, y, rho, exc, match):
    with pytest.raises(exc, match=match):
        gaussian_pmi_matrix(x, y, rho)
