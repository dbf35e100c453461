"""Tests for infotheory_lib.gaussian: differential entropy and Gaussian KL."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from infotheory_lib import gaussian_entropy, kl_gaussian, kl_normal

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
