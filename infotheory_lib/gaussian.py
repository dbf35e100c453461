r"""Closed forms for Gaussians: differential entropy and KL divergences.

Results are in **nats** by default (``base=numpy.e``). Near equality the
textbook formulas cancel; here they are rewritten as sums of non-negative
terms (see ``_special``).
"""

from __future__ import annotations

import numpy as np

from ._checks import as_finite_array, as_result, broadcast_named, check_axis, check_base, check_scalar
from ._special import SERIES_CUTOFF, expm1_minus_x, x_minus_log1p

__all__ = [
    "gaussian_entropy",
    "kl_normal",
    "kl_gaussian",
    "gaussian_mutual_information",
    "normal_pdf",
    "normal_logpdf",
    "kl_to_gaussians",
    "gaussian_pmi_matrix",
]

_HALF_LOG_2PI_E = 0.5 * np.log(2 * np.pi * np.e)


def _positive(x, name):
    arr = as_finite_array(x, name)
    if np.any(arr <= 0):
        raise ValueError(f"{name} must be > 0 (a standard deviation), got {np.min(arr):g}")
    return arr


def gaussian_entropy(sigma, *, base=np.e):
    r"""Differential entropy of a normal distribution with std ``sigma``.

    .. math:: h(\mathcal N(\mu, \sigma^2)) = \tfrac12 \log\!\big(2 \pi e\, \sigma^2\big)

    Elementwise. Unlike discrete entropy it can be negative: below
    :math:`\sigma = 1/\sqrt{2\pi e} \approx 0.242` the density exceeds 1
    over most of its mass.
    """
    log_b = check_base(base)
    s = _positive(sigma, "sigma")
    return as_result((_HALF_LOG_2PI_E + np.log(s)) / log_b)


def kl_normal(mu_p, sigma_p, mu_q, sigma_q, *, base=np.e):
    r"""KL divergence between two univariate normals, elementwise.

    .. math::

        D_{KL}\big(\mathcal N(\mu_p, \sigma_p^2) \,\|\, \mathcal N(\mu_q, \sigma_q^2)\big)
        = \log\frac{\sigma_q}{\sigma_p}
          + \frac{\sigma_p^2 + (\mu_p - \mu_q)^2}{2 \sigma_q^2} - \frac12

    Evaluated as :math:`[a - \log(1+a)] + a^2/2 + (\mu_p - \mu_q)^2 / (2\sigma_q^2)`
    with :math:`a = (\sigma_p - \sigma_q)/\sigma_q`: three non-negative terms,
    so it keeps full relative accuracy when p is almost q. Where :math:`|a|`
    is not small, :math:`\log(1+a)` is taken as :math:`\log(\sigma_p/\sigma_q)`
    directly (exact even when :math:`\sigma_p \ll \sigma_q`, where ``1 + a``
    would lose its digits); a ratio beyond the float range gives ``inf``.
    """
    log_b = check_base(base)
    arrays = broadcast_named(
        mu_p=as_finite_array(mu_p, "mu_p"),
        sigma_p=_positive(sigma_p, "sigma_p"),
        mu_q=as_finite_array(mu_q, "mu_q"),
        sigma_q=_positive(sigma_q, "sigma_q"),
    )
    m_p, s_p, m_q, s_q = arrays
    with np.errstate(over="ignore", under="ignore"):  # overflow here means an infinite KL
        a = (s_p - s_q) / s_q
        z = (m_p - m_q) / s_q
        ratio = s_p / s_q
        near = np.abs(a) < SERIES_CUTOFF
        normal = np.isfinite(ratio) & (ratio >= np.finfo(np.float64).tiny)
        log_ratio = np.where(normal, np.log(np.where(normal, ratio, 1.0)), np.log(s_p) - np.log(s_q))
        first = np.where(near, x_minus_log1p(np.where(near, a, 0.0)), a - log_ratio)
        nats = first + 0.5 * a * a + 0.5 * z * z
    return as_result(nats / log_b)


def kl_gaussian(mu, log_var, *, axis=-1):
    r"""The VAE KL term: a diagonal Gaussian against the standard normal prior.

    .. math::

        D_{KL}\big(\mathcal N(\mu, \mathrm{diag}\,\sigma^2) \,\|\, \mathcal N(0, I)\big)
        = -\frac12 \sum_j \big(1 + \log\sigma_j^2 - \mu_j^2 - \sigma_j^2\big)
        = \frac12 \sum_j \big(\mu_j^2 + [e^{v_j} - 1 - v_j]\big),
        \quad v_j = \log \sigma_j^2

    Summed over ``axis`` (the latent dimensions), in nats. The bracket is
    evaluated by a series for small ``v``, so ``log_var = 1e-8`` keeps its
    digits (the textbook form loses half of them).
    """
    m, v = broadcast_named(mu=as_finite_array(mu, "mu"), log_var=as_finite_array(log_var, "log_var"))
    axis = check_axis(m, axis, "mu")
    with np.errstate(over="ignore"):  # e^v overflows only for v > 709: the KL is inf
        nats = 0.5 * (m * m + expm1_minus_x(v)).sum(axis=axis)
    return as_result(nats)


def gaussian_mutual_information(rho, *, base=np.e):
    r"""Mutual information of a bivariate normal with correlation ``rho``.

    .. math:: I(X; Y) = -\tfrac12 \log\big(1 - \rho^2\big)

    Elementwise; ``rho`` in (-1, 1) (the MI is infinite at ``|rho| = 1``,
    which is accepted and returns ``inf``).
    """
    log_b = check_base(base)
    r = as_finite_array(rho, "rho")
    if np.any(np.abs(r) > 1):
        raise ValueError(f"rho must lie in [-1, 1] (a correlation), got {r.flat[np.argmax(np.abs(r))]:g}")
    with np.errstate(divide="ignore"):  # |rho| = 1: log1p(-1) = -inf, I = inf
        nats = -0.5 * np.log1p(-r * r) + 0.0  # + 0.0 turns -0.0 into 0.0
    return as_result(nats / log_b)


def normal_logpdf(x, mu=0.0, sigma=1.0):
    r"""Log-density of :math:`\mathcal N(\mu, \sigma^2)` at ``x``, elementwise (nats).

    .. math:: \log p(x) = -\frac{(x - \mu)^2}{2\sigma^2} - \log \sigma - \tfrac12 \log 2\pi

    ``-inf`` (without a warning) where the squared distance in standard
    deviations overflows (``x = 1e200``, or ``sigma = 1e-300`` away from the
    mean): the true value lies below ``-1.8e308``, and ``-inf`` is its
    rounding.
    """
    x, m, s = broadcast_named(
        x=as_finite_array(x, "x"), mu=as_finite_array(mu, "mu"), sigma=_positive(sigma, "sigma")
    )
    with np.errstate(over="ignore"):  # (x - mu) / sigma or its square beyond float64: -inf
        z = (x - m) / s
        return as_result(-0.5 * z * z - np.log(s) - 0.5 * np.log(2 * np.pi))


def normal_pdf(x, mu=0.0, sigma=1.0):
    r"""Density of :math:`\mathcal N(\mu, \sigma^2)` at ``x``, elementwise.

    .. math:: p(x) = \frac{1}{\sigma\sqrt{2\pi}}\, e^{-(x - \mu)^2 / (2\sigma^2)}

    Far tails underflow to 0 and a density above the float range (a
    subnormal ``sigma`` at the mean) is ``inf``, both without a warning.
    """
    with np.errstate(under="ignore", over="ignore"):  # 0 and inf are the roundings of the true values
        return as_result(np.exp(normal_logpdf(x, mu, sigma)))


def kl_to_gaussians(x, log_p, mus, sigmas, *, base=np.e):
    r"""KL in both directions between a density and each Gaussian of a grid, numerically.

    For a density :math:`p` given by its log on a uniform grid ``x`` (spacing
    :math:`\Delta x`), and every :math:`q = \mathcal N(\mu, \sigma^2)` with
    :math:`\mu` in ``mus`` and :math:`\sigma` in ``sigmas``, the Riemann sums

    .. math::

        D_{KL}(p\,\|\,q) \approx \sum_x p(x) \log\frac{p(x)}{q(x)}\, \Delta x, \qquad
        D_{KL}(q\,\|\,p) \approx \sum_x q(x) \log\frac{q(x)}{p(x)}\, \Delta x.

    Accurate when the grid covers the mass of both densities and resolves
    their widths.

    Parameters
    ----------
    x : 1-D array
        Evenly spaced, increasing points (at least 2).
    log_p : 1-D array, same length as ``x``
        :math:`\log p(x)` (finite: no point of the grid may have density 0).
    mus, sigmas : scalar or 1-D array
        Means and standard deviations (> 0) of the Gaussians.
    base : float, default e
        Logarithm base of the result (nats by default).

    Returns
    -------
    forward, reverse : ndarray of shape (len(sigmas), len(mus)), or floats
        :math:`D_{KL}(p\|q)` and :math:`D_{KL}(q\|p)`; row ``j``, column ``i``
        is :math:`q = \mathcal N(\mu_i, \sigma_j^2)` (the layout of
        ``numpy.meshgrid(mus, sigmas)``). Floats when ``mus`` and ``sigmas``
        are both scalars.
    """
    log_b = check_base(base)
    grid = as_finite_array(x, "x")
    if grid.ndim != 1 or grid.size < 2:
        raise ValueError(f"x must be a 1-D grid of at least 2 points, got shape {grid.shape}")
    steps = np.diff(grid)
    dx = steps.mean()
    if dx <= 0 or np.any(np.abs(steps - dx) > 1e-9 * max(1.0, np.abs(grid).max())):
        raise ValueError("x must be evenly spaced and increasing")
    lp = as_finite_array(log_p, "log_p")
    if lp.shape != grid.shape:
        raise ValueError(f"log_p must have the shape of x {grid.shape}, got {lp.shape}")
    mu = as_finite_array(mus, "mus")
    sigma = _positive(sigmas, "sigmas")
    if mu.ndim > 1 or sigma.ndim > 1:
        raise ValueError("mus and sigmas must be scalars or 1-D arrays")
    p = np.exp(lp)
    forward = np.empty((sigma.size, mu.size))
    reverse = np.empty_like(forward)
    # one row of sigmas at a time: memory stays O(len(mus) * len(x))
    for j, s_j in enumerate(np.atleast_1d(sigma)):
        log_q = normal_logpdf(grid, np.atleast_1d(mu)[:, None], s_j)  # (len(mus), len(x))
        with np.errstate(under="ignore"):  # q underflows to 0 far from its mean: its terms vanish
            q = np.exp(log_q)
        forward[j] = np.sum(p * (lp - log_q), axis=-1) * dx
        reverse[j] = np.sum(q * (log_q - lp), axis=-1) * dx
    forward, reverse = forward / log_b, reverse / log_b
    if mu.ndim == 0 and sigma.ndim == 0:
        return float(forward[0, 0]), float(reverse[0, 0])
    return forward, reverse


def gaussian_pmi_matrix(x, y, rho):
    r"""Pointwise mutual information of every pair of a batch, for a standard bivariate normal.

    For :math:`(X, Y)` standard normal with correlation :math:`\rho`,

    .. math::

        s_{ij} = \log\frac{p(y_j \mid x_i)}{p(y_j)}
               = \log \mathcal N\big(y_j;\, \rho x_i,\, 1 - \rho^2\big) - \log \mathcal N(y_j;\, 0, 1),

    the optimal critic of the InfoNCE bound (nats): the diagonal holds the
    true pairs, the rest the mismatched ones.

    Parameters
    ----------
    x, y : array of shape (..., N)
        Batches of N samples each (leading axes are independent batches).
    rho : float in (-1, 1)

    Returns
    -------
    ndarray of shape (..., N, N)
        ``s[..., i, j]`` for :math:`x_i` and :math:`y_j`.
    """
    a, b = as_finite_array(x, "x"), as_finite_array(y, "y")
    if a.ndim < 1 or a.shape != b.shape:
        raise ValueError(f"x and y must be batches of the same shape (..., N), got {a.shape} and {b.shape}")
    r = check_scalar(rho, "rho", low=-1.0, high=1.0, low_open=True, high_open=True)
    # rows: x_i, columns: y_j
    return normal_logpdf(b[..., None, :], r * a[..., :, None], np.sqrt(1 - r * r)) - normal_logpdf(
        b[..., None, :]
    )
