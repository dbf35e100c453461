"""Accuracy on the hard cases, against mpmath at 50 significant digits.

Every reference is computed from the *stored* float64 inputs (converted
exactly to mpmath numbers), so it is the exact answer the library is asked
for; the library must match it to a relative error of 1e-12 (the API
promises a few ulps). Naive formulas fail these cases by many orders of
magnitude: KL between nearly equal distributions, binary entropy at 1e-17,
losses from logits of magnitude 1e3, the VAE term at tiny log-variance,
nearly equal Gaussians and nearly independent joint tables.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

from infotheory_lib import (
    binary_cross_entropy_with_logits,
    binary_entropy,
    cross_entropy_loss,
    js_divergence,
    kl_divergence,
    kl_gaussian,
    kl_normal,
    mutual_information,
)

RTOL = 1e-12


@pytest.fixture(autouse=True)
def _high_precision():
    with mpmath.workdps(50):
        yield


def mpf(x):
    """The exact value of a stored float64 as an mpmath number."""
    return mpmath.mpf(float(x))


def assert_rel(got, ref, rtol=RTOL):
    got = float(got)
    if ref == 0:
        assert got == 0.0, f"expected exactly 0, got {got!r}"
        return
    assert math.isfinite(got), f"got {got!r}, expected {mpmath.nstr(ref, 20)}"
    err = abs(mpf(got) - ref) / abs(ref)
    assert err <= rtol, f"relative error {mpmath.nstr(err, 3)}: got {got!r}, exact {mpmath.nstr(ref, 20)}"


# ---------------------------------------------------------------------------
# KL divergence between nearly equal distributions
# ---------------------------------------------------------------------------


def kl_reference(p, q):
    return mpmath.fsum(mpf(a) * mpmath.log(mpf(a) / mpf(b)) for a, b in zip(p, q, strict=True) if a > 0)


def nearly_equal_pair(n, delta, seed):
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.ones(n))
    q = p * (1.0 + delta * rng.standard_normal(n))
    q = q / q.sum()
    return p, q


@pytest.mark.parametrize("delta", [1e-3, 1e-6, 1e-9])
@pytest.mark.parametrize("n", [2, 5, 50])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_kl_nearly_equal_distributions(n, delta, seed):
    # The reference is the sum over the stored floats. Their sums differ from 1
    # by a few ulps, and at delta = 1e-9 (KL ~ 1e-19) that difference, not the
    # divergence, dominates the exact sum -- which can then even be negative.
    p, q = nearly_equal_pair(n, delta, seed)
    ref = kl_reference(p, q)
    assert_rel(kl_divergence(p, q, base=np.e), ref)
    assert_rel(kl_divergence(p, q), ref / mpmath.log(2))
    assert_rel(kl_divergence(q, p, base=np.e), kl_reference(q, p))


def dyadic_distribution(weights):
    """Round weights to multiples of 2^-52 with an exact sum of 1 (stored exactly)."""
    counts = np.round(np.asarray(weights) / np.sum(weights) * 2**52).astype(np.int64)
    counts[np.argmax(counts)] += 2**52 - counts.sum()
    p = counts / 2**52
    assert math.fsum(p) == 1.0
    return p


@pytest.mark.parametrize("delta", [1e-3, 1e-6, 1e-9, 1e-12])
@pytest.mark.parametrize("n", [2, 5, 50])
def test_kl_nearly_equal_distributions_with_exact_sums(n, delta):
    # Both vectors sum to exactly 1, so the exact KL is a true divergence: > 0.
    rng = np.random.default_rng(n)
    p = dyadic_distribution(rng.dirichlet(np.ones(n)))
    q = dyadic_distribution(p * (1.0 + delta * rng.standard_normal(n)))
    ref = kl_reference(p, q)
    assert ref > 0
    assert_rel(kl_divergence(p, q, base=np.e), ref)
    assert_rel(kl_divergence(q, p, base=np.e), kl_reference(q, p))
    assert_rel(kl_divergence(p, q), ref / mpmath.log(2))


def test_kl_nearly_equal_batch_rows_each_accurate():
    pairs = [nearly_equal_pair(10, d, s) for s, d in enumerate([1e-2, 1e-6, 1e-9, 1e-12])]
    p = np.stack([a for a, _ in pairs])
    q = np.stack([b for _, b in pairs])
    got = kl_divergence(p, q, base=np.e)
    for row, (a, b) in enumerate(pairs):
        assert_rel(got[row], kl_reference(a, b))


def test_kl_nearly_equal_with_zeros_and_tiny_entries():
    rng = np.random.default_rng(5)
    p = rng.dirichlet(np.ones(8))
    p[[1, 4]] = 0.0
    p[6] = 1e-200
    p = p / p.sum()
    q = p * (1.0 + 1e-7 * rng.standard_normal(8))
    q[1] = 1e-3  # p = 0 there: contributes nothing
    q = q / q.sum()
    assert_rel(kl_divergence(p, q, base=np.e), kl_reference(p, q))


def test_kl_far_apart_with_extreme_ratios():
    p = np.array([1 - 1e-300, 1e-300])
    q = np.array([1e-300, 1 - 1e-300])
    assert_rel(kl_divergence(p, q, base=np.e), kl_reference(p, q))


# ---------------------------------------------------------------------------
# Jensen-Shannon divergence between nearly equal distributions
# ---------------------------------------------------------------------------


def js_reference(p, q):
    total = mpmath.mpf(0)
    for a, b in zip(p, q, strict=True):
        a, b = mpf(a), mpf(b)
        m = (a + b) / 2
        if a > 0:
            total += a * mpmath.log(a / m) / 2
        if b > 0:
            total += b * mpmath.log(b / m) / 2
    return total


@pytest.mark.parametrize("delta", [1e-3, 1e-6, 1e-9])
def test_js_nearly_equal_distributions(delta):
    p, q = nearly_equal_pair(20, delta, 3)
    assert_rel(js_divergence(p, q, base=np.e), js_reference(p, q))


# ---------------------------------------------------------------------------
# binary entropy near 0 and 1
# ---------------------------------------------------------------------------


def binary_entropy_reference_bits(p):
    p = mpf(p)
    if p in (0, 1):
        return mpmath.mpf(0)
    return -(p * mpmath.log(p) + (1 - p) * mpmath.log1p(-p)) / mpmath.log(2)


@pytest.mark.parametrize(
    "p",
    [1e-17, 1e-300, 1e-10, 2.0**-53, 1 - 2.0**-53, 0.3, 0.5 - 1e-12, 1 - 1e-9, 0.999999],
)
def test_binary_entropy_near_the_edges(p):
    assert_rel(binary_entropy(p), binary_entropy_reference_bits(p))


def test_binary_entropy_at_one_minus_1e_17_is_exactly_zero():
    p = 1 - 1e-17
    assert p == 1.0  # the stored input is exactly 1: the exact answer is 0
    assert binary_entropy(p) == 0.0


def test_binary_entropy_at_1e_17_value():
    # -p log2 p - (1-p) log2(1-p) at p = 1e-17: about 5.79e-16 bit, not 0
    assert_rel(binary_entropy(1e-17), binary_entropy_reference_bits(1e-17))
    assert binary_entropy(1e-17) > 5.7e-16


# ---------------------------------------------------------------------------
# losses from logits of magnitude ~1e3
# ---------------------------------------------------------------------------


def nll_reference(logits, index):
    z = [mpf(v) for v in logits]
    top = max(z)
    lse = top + mpmath.log1p(mpmath.fsum(mpmath.exp(v - top) for i, v in enumerate(z) if i != z.index(top)))
    return lse - z[index]


@pytest.mark.parametrize(
    "logits",
    [
        [1000.0, 990.0, 980.0],
        [-1000.0, -990.0, -980.0],
        [1000.0, -1000.0, 0.0],
        [0.0, -700.0],  # the dominant class keeps a loss of e^-700 ~ 1e-304
        [0.0, -30.0, -35.0, -40.0],
        [1e3, 1e3 - 1e-9],  # nearly tied
    ],
)
def test_cross_entropy_loss_large_logits(logits):
    losses = cross_entropy_loss([logits], np.zeros(1, dtype=int), reduction="none")
    assert_rel(losses[0], nll_reference(logits, 0))
    for index in range(len(logits)):
        got = cross_entropy_loss([logits], [index], reduction="none")[0]
        assert_rel(got, nll_reference(logits, index))


@pytest.mark.parametrize("label_smoothing", [0.1, 0.5])
def test_cross_entropy_loss_large_logits_label_smoothing(label_smoothing):
    logits = [1000.0, 990.0, 980.0]
    eps = mpf(label_smoothing)
    nll = [nll_reference(logits, i) for i in range(3)]
    ref = (1 - eps) * nll[2] + eps * mpmath.fsum(nll) / 3
    assert_rel(cross_entropy_loss([logits], [2], label_smoothing=label_smoothing), ref)


def test_cross_entropy_loss_large_logits_probability_target():
    logits = [1000.0, 990.0, 980.0]
    target = [0.25, 0.5, 0.25]
    nll = [nll_reference(logits, i) for i in range(3)]
    ref = mpmath.fsum(mpf(t) * v for t, v in zip(target, nll, strict=True))
    assert_rel(cross_entropy_loss([logits], [target]), ref)


def bce_logits_reference(y, z):
    y, z = mpf(y), mpf(z)
    # y softplus(-z) + (1 - y) softplus(z), softplus(t) = log(1 + e^t)
    return y * mpmath.log1p(mpmath.exp(-z)) + (1 - y) * mpmath.log1p(mpmath.exp(z))


@pytest.mark.parametrize(
    ("y", "z"),
    [
        (1.0, -1000.0),
        (0.0, 1000.0),
        (0.3, 1000.0),
        (0.25, -1000.5),
        (1.0, 700.0),  # e^-700: tiny but representable
        (0.0, -700.0),
        (1.0, 30.0),
        (1.0, -30.0),
        (0.5, 1e-8),
        (0.7, -999.0),
    ],
)
def test_binary_cross_entropy_with_logits_large_logits(y, z):
    assert_rel(binary_cross_entropy_with_logits(y, z), bce_logits_reference(y, z))


# ---------------------------------------------------------------------------
# Gaussian closed forms near equality
# ---------------------------------------------------------------------------


def kl_gaussian_reference(mu, log_var):
    return mpmath.fsum(
        (mpf(m) ** 2 + mpmath.expm1(mpf(v)) - mpf(v)) / 2 for m, v in zip(mu, log_var, strict=True)
    )


@pytest.mark.parametrize(
    ("mu", "log_var"),
    [
        ([0.0], [1e-8]),
        ([0.0], [-1e-8]),
        ([0.0, 0.0, 0.0], [1e-8, -2e-8, 3e-9]),
        ([1e-5, 0.0], [1e-8, 1e-8]),
        ([0.0], [1e-15]),
        ([0.0], [0.04]),
        ([0.0], [0.06]),
        ([0.5, -0.3, 0.1], [-0.5, 0.2, -0.1]),  # the article's example
    ],
)
def test_kl_gaussian_tiny_log_var(mu, log_var):
    assert_rel(kl_gaussian(mu, log_var), kl_gaussian_reference(mu, log_var))


def kl_normal_reference(mu_p, s_p, mu_q, s_q):
    mu_p, s_p, mu_q, s_q = (mpf(v) for v in (mu_p, s_p, mu_q, s_q))
    return mpmath.log(s_q / s_p) + (s_p**2 + (mu_p - mu_q) ** 2) / (2 * s_q**2) - mpmath.mpf(1) / 2


@pytest.mark.parametrize(
    ("mu_p", "s_p", "mu_q", "s_q"),
    [
        (0.0, 1.0, 0.0, 1.0 + 1e-9),
        (0.0, 1.0 + 1e-9, 0.0, 1.0),
        (0.0, 1.0, 0.0, 1.0 - 1e-9),
        (0.0, 1.0, 0.0, 1.0 + 1e-6),
        (0.0, 1.0, 0.0, 1.0 + 2.0**-52),
        (0.0, 1.0, 1e-9, 1.0),
        (0.0, 1.0, 1e-9, 1.0 + 1e-9),
        (5.0, 2.0, 5.0 + 1e-8, 2.0 * (1 + 1e-10)),
        (0.0, 3.0, 0.0, 3.0 * (1 + 0.049)),  # either side of the series cut-off
        (0.0, 3.0, 0.0, 3.0 * (1 + 0.051)),
    ],
)
def test_kl_normal_nearly_equal_gaussians(mu_p, s_p, mu_q, s_q):
    assert_rel(kl_normal(mu_p, s_p, mu_q, s_q), kl_normal_reference(mu_p, s_p, mu_q, s_q))


# ---------------------------------------------------------------------------
# mutual information of nearly independent joint tables
# ---------------------------------------------------------------------------

SCALE = 2**52


def nearly_independent_table(nx, ny, delta, seed):
    """A joint table of multiples of 2^-52 whose entries sum to exactly 1.

    With an exact sum there is no question of what "the exact MI of the stored
    table" means: the marginals of the stored numbers are a true distribution.
    """
    rng = np.random.default_rng(seed)
    a = rng.dirichlet(np.ones(nx))
    b = rng.dirichlet(np.ones(ny))
    counts = np.round(np.outer(a, b) * (1 + delta * rng.standard_normal((nx, ny))) * SCALE).astype(np.int64)
    counts[0, 0] += SCALE - counts.sum()
    joint = counts / SCALE  # exact: integers below 2^53 divided by a power of 2
    assert math.fsum(joint.ravel()) == 1.0
    return joint


def mi_reference(joint):
    nx, ny = joint.shape
    j = [[mpf(v) for v in row] for row in joint]
    px = [mpmath.fsum(row) for row in j]
    py = [mpmath.fsum(j[x][y] for x in range(nx)) for y in range(ny)]
    return mpmath.fsum(
        j[x][y] * mpmath.log(j[x][y] / (px[x] * py[y])) for x in range(nx) for y in range(ny) if j[x][y] > 0
    )


@pytest.mark.parametrize("delta", [1e-2, 1e-4, 1e-6, 1e-9])
@pytest.mark.parametrize(("nx", "ny", "seed"), [(2, 2, 0), (3, 4, 1), (6, 5, 2)])
def test_mutual_information_nearly_independent(nx, ny, seed, delta):
    joint = nearly_independent_table(nx, ny, delta, seed)
    ref = mi_reference(joint)
    assert ref > 0
    assert_rel(mutual_information(joint, base=np.e), ref)
    assert_rel(mutual_information(joint), ref / mpmath.log(2))
    assert_rel(mutual_information(joint.T, base=np.e), ref)


def test_mutual_information_nearly_independent_batch():
    tables = np.stack([nearly_independent_table(3, 3, d, s) for s, d in enumerate([1e-3, 1e-7, 1e-9])])
    got = mutual_information(tables, base=np.e)
    for row, table in enumerate(tables):
        assert_rel(got[row], mi_reference(table))


def test_mutual_information_nearly_independent_with_zero_cells():
    joint = nearly_independent_table(4, 3, 1e-6, 7)
    # move one cell's mass to its neighbour: a zero cell, still an exact sum
    joint[1, 2], joint[1, 1] = 0.0, joint[1, 1] + joint[1, 2]
    assert math.fsum(joint.ravel()) == 1.0
    assert_rel(mutual_information(joint, base=np.e), mi_reference(joint))
