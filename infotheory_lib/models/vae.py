r"""A tiny variational autoencoder (Kingma & Welling 2014) on scikit-learn's digits, trained in numpy.

The images are the 8×8 digits scaled to :math:`x \in [0, 1]^{64}` (pixel / 16).
An encoder MLP maps an image to a diagonal Gaussian over a latent code
:math:`z \in \mathbb R^d` (``latent_dim``, 2 by default so that the latent
space can be drawn), and a decoder MLP maps a code back to one logit per
pixel:

.. math::

    h = \tanh(x W_1 + b_1), \quad \mu = h W_\mu + b_\mu, \quad
    \log \sigma^2 = h W_v + b_v, \qquad
    q(z \mid x) = \mathcal N(\mu, \operatorname{diag} \sigma^2),

    z = \mu + \sigma \odot \varepsilon, \ \varepsilon \sim \mathcal N(0, I)
    \quad \text{(the reparameterization)}, \qquad
    \ell = \tanh(z W_3 + b_3) W_4 + b_4 .

**Likelihood.** Each pixel is scored with the Bernoulli log-likelihood of
its value under :math:`\hat x = \sigma(\ell)`,

.. math::

    -\log p(x \mid z) = \sum_{i=1}^{64} -\big[x_i \log \hat x_i
    + (1 - x_i) \log (1 - \hat x_i)\big],

:func:`infotheory_lib.losses.binary_cross_entropy_with_logits` summed over
the pixels. The digits are grey levels, not 0/1, so this is the cross-entropy
between :math:`\mathrm{Bernoulli}(x_i)` and :math:`\mathrm{Bernoulli}(\hat
x_i)` — a common choice, but not a normalised density over grey images: its
minimum is :math:`\sum_i H_b(x_i) > 0` (:meth:`VAE.reconstruction_floor`),
not 0, and the "log-likelihoods" below are in that sense. The bound
:math:`\mathrm{ELBO} \le \log p(x)` holds all the same (Jensen's inequality
needs only a non-negative :math:`p(x \mid z)`).

**Loss.** Minus the ELBO, with a weight :math:`\beta` on the KL term
(:math:`\beta = 1` is the ELBO; :math:`\beta = 0` an autoencoder with noisy
codes):

.. math::

    \mathcal L_\beta(x) = \underbrace{\mathbb E_{q(z \mid x)}\big[-\log p(x \mid z)\big]}_{\text{reconstruction}}
    + \beta\, \underbrace{D_{KL}\big(q(z \mid x) \,\Vert\, \mathcal N(0, I)\big)}_{\text{KL, closed form}}

with the KL from :func:`infotheory_lib.gaussian.kl_gaussian` and the
expectation estimated with one sample of :math:`\varepsilon` per image per
step. The gradients are back-propagated by hand through both MLPs and the
reparameterization (checked against finite differences in
``tests/test_vae.py``); training is mini-batch Adam, deterministic by seed.
"""

from __future__ import annotations

import functools
import time

import numpy as np

from .._checks import (
    as_finite_array,
    check_bool,
    check_nonnegative_scalar,
    check_positive_int,
    check_positive_scalar,
    check_seed,
)
from ..gaussian import kl_gaussian, normal_logpdf
from ..losses import binary_cross_entropy_with_logits
from ..measures import binary_entropy
from ._adam import adam_step
from ._progress import ProgressBar
from .char_lm import _one_blas_thread

__all__ = ["VAE", "vae_beta_grid", "DEFAULT_BETAS"]

_LN2 = float(np.log(2.0))
#: The β grid of :func:`vae_beta_grid` (and of the notebook's explorer).
DEFAULT_BETAS = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
_PARAM_NAMES = ("W1", "b1", "Wm", "bm", "Wv", "bv", "W3", "b3", "W4", "b4")


def _check_images(X, name="X", n_features=None):
    """A 2-D finite array of pixel values in [0, 1], one image per row."""
    arr = as_finite_array(X, name)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D (images × pixels), got shape {arr.shape}")
    if n_features is not None and arr.shape[1] != n_features:
        raise ValueError(f"{name} must have {n_features} pixels per row (as in training), got {arr.shape[1]}")
    if arr.min() < 0.0 or arr.max() > 1.0:
        raise ValueError(
            f"{name} must hold pixel values in [0, 1], got values in [{arr.min():g}, {arr.max():g}]"
        )
    return arr


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # = 1 / (1 + e^-z), without overflow


class VAE:
    r"""A variational autoencoder with one tanh layer in the encoder and one in the decoder.

    Parameters
    ----------
    latent_dim : int >= 1, default 2
        :math:`d`, the size of the latent code (2: the codes can be drawn).
    hidden : int >= 1, default 64
        Units of each tanh layer.
    beta : float >= 0, default 1.0
        Weight of the KL term: the loss is recon + β · KL (β = 1: −ELBO).
    learning_rate : float > 0, default 0.01
        Adam's step size.
    epochs : int >= 1, default 40
        Passes over the training images.
    batch_size : int >= 1, default 128
        Images per gradient step.
    seed : int >= 0, default 0
        Seeds the initial weights, the mini-batch order, the noise
        :math:`\varepsilon` and the evaluation samples. Same seed, same model.

    Attributes
    ----------
    params_ : dict of str to ndarray
        ``W1`` (D, hidden), ``b1``, ``Wm``/``Wv`` (hidden, d), ``bm``/``bv``,
        ``W3`` (d, hidden), ``b3``, ``W4`` (hidden, D), ``b4``. Set by :meth:`fit`.
    n_parameters_ : int
        Total number of weights.
    history_ : dict of str to ndarray
        Per epoch (the first point is the untrained model): ``"epoch"``,
        ``"train_recon"``, ``"train_kl"``, ``"held_out_recon"``,
        ``"held_out_kl"`` (nats per image; NaN without held-out images). Each
        point is estimated with one fixed sample of ε per image, the training
        curves on a fixed random subset of up to 500 training images.
    fit_seconds_ : float
        Wall time of :meth:`fit`.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = (rng.random((40, 6)) < 0.5).astype(float)
    >>> vae = VAE(hidden=8, epochs=5, batch_size=20).fit(X, progress=False)
    >>> mu, log_var = vae.encode(X[:3])
    >>> mu.shape, vae.decode(mu).shape
    ((3, 2), (3, 6))
    """

    def __init__(
        self, latent_dim=2, *, hidden=64, beta=1.0, learning_rate=0.01, epochs=40, batch_size=128, seed=0
    ):
        self.latent_dim = check_positive_int(latent_dim, "latent_dim")
        self.hidden = check_positive_int(hidden, "hidden")
        self.beta = check_nonnegative_scalar(beta, "beta")
        self.learning_rate = check_positive_scalar(learning_rate, "learning_rate")
        self.epochs = check_positive_int(epochs, "epochs")
        self.batch_size = check_positive_int(batch_size, "batch_size")
        self.seed = check_seed(seed)
        self.params_ = None

    def __repr__(self):
        return f"VAE(latent_dim={self.latent_dim}, hidden={self.hidden}, beta={self.beta:g})"

    def _require_fit(self):
        if self.params_ is None:
            raise RuntimeError("this VAE is not fitted yet; call fit(X) first")

    # ------------------------------------------------------------------
    # Forward and backward passes (no validation: internal)
    # ------------------------------------------------------------------

    @staticmethod
    def _encode(p, X):
        h = np.tanh(X @ p["W1"] + p["b1"])
        return h @ p["Wm"] + p["bm"], h @ p["Wv"] + p["bv"], h

    @staticmethod
    def _decode(p, z):
        g = np.tanh(z @ p["W3"] + p["b3"])
        return g @ p["W4"] + p["b4"], g

    def _forward(self, p, X, eps):
        mu, lv, h = self._encode(p, X)
        std = np.exp(0.5 * lv)
        z = mu + std * eps
        logits, g = self._decode(p, z)
        return logits, (h, mu, lv, std, z, g)

    def _backward(self, p, X, eps, logits, cache):
        """Gradients of mean(recon) + β mean(KL) over the batch."""
        h, mu, lv, std, z, g = cache
        B = X.shape[0]
        dl = (_sigmoid(logits) - X) / B  # d recon / d logits, recon = Σ_pixels BCE
        dg = (dl @ p["W4"].T) * (1.0 - g * g)
        dz = dg @ p["W3"].T
        dmu = dz + (self.beta / B) * mu  # d KL / d mu = mu
        dlv = dz * eps * 0.5 * std + (self.beta / B) * 0.5 * np.expm1(lv)  # d KL / d lv = (e^lv - 1) / 2
        dh = (dmu @ p["Wm"].T + dlv @ p["Wv"].T) * (1.0 - h * h)
        return {
            "W1": X.T @ dh,
            "b1": dh.sum(axis=0),
            "Wm": h.T @ dmu,
            "bm": dmu.sum(axis=0),
            "Wv": h.T @ dlv,
            "bv": dlv.sum(axis=0),
            "W3": z.T @ dg,
            "b3": dg.sum(axis=0),
            "W4": g.T @ dl,
            "b4": dl.sum(axis=0),
        }

    def _terms(self, p, X, eps):
        """Per-image reconstruction NLL and KL (nats) for the noise ``eps``."""
        logits, (_, mu, lv, _, _, _) = self._forward(p, X, eps)
        recon = binary_cross_entropy_with_logits(X, logits, reduction="none").sum(axis=-1)
        return recon, kl_gaussian(mu, lv)

    def loss_and_gradients(self, X, eps):
        r"""The training loss on ``X`` for the noise ``eps``, and its gradient for every parameter.

        .. math::

            \mathcal L = \frac1B \sum_{b=1}^{B} \Big[-\log p\big(x_b \mid z_b = \mu_b
            + \sigma_b \odot \varepsilon_b\big) + \beta\, D_{KL}\big(q(z \mid x_b) \,\Vert\, \mathcal N(0, I)\big)\Big]

        At the current :attr:`params_` (after :meth:`fit`); the training step
        uses exactly these gradients, with a fresh ``eps`` per mini-batch.

        Parameters
        ----------
        X : array_like, shape (B, D)
            Images, pixel values in [0, 1].
        eps : array_like, shape (B, latent_dim)
            The standard-normal noise of the reparameterization.

        Returns
        -------
        loss : float
            Nats per image.
        grads : dict of str to ndarray
            Same keys and shapes as :attr:`params_`.
        """
        self._require_fit()
        X = _check_images(X, "X", self.n_features_)
        eps = as_finite_array(eps, "eps")
        if eps.shape != (X.shape[0], self.latent_dim):
            raise ValueError(f"eps must have shape {(X.shape[0], self.latent_dim)}, got {eps.shape}")
        p = self.params_
        logits, cache = self._forward(p, X, eps)
        recon = binary_cross_entropy_with_logits(X, logits, reduction="none").sum(axis=-1)
        kl = kl_gaussian(cache[1], cache[2])
        loss = float(np.mean(recon) + self.beta * np.mean(kl))
        return loss, self._backward(p, X, eps, logits, cache)

    # ------------------------------------------------------------------
    # Training
    # ------------------------------------------------------------------

    def fit(self, X, X_held_out=None, *, progress="auto"):
        """Train on the images ``X``; record recon and KL per epoch on them and on ``X_held_out``.

        Parameters
        ----------
        X : array_like, shape (n, D)
            Training images, pixel values in [0, 1] (at least 2).
        X_held_out : array_like, shape (m, D), optional
            Images to measure the held-out curves on.
        progress : bool or "auto", default "auto"
            ``True`` shows a progress bar, ``"auto"`` only if training lasts
            more than 2 seconds.

        Returns
        -------
        self
        """
        X = _check_images(X, "X")
        if X.shape[0] < 2:
            raise ValueError(f"X must hold at least 2 images, got {X.shape[0]}")
        if X_held_out is not None:
            X_held_out = _check_images(X_held_out, "X_held_out", X.shape[1])
        if progress != "auto":
            check_bool(progress, "progress")
        start_time = time.perf_counter()
        n, D = X.shape
        d, H = self.latent_dim, self.hidden
        self.n_features_ = D
        rng = np.random.default_rng(self.seed)
        mean_pixel = np.clip(X.mean(axis=0), 1e-3, 1 - 1e-3)
        p = {
            "W1": rng.normal(0.0, np.sqrt(1.0 / D), (D, H)),
            "b1": np.zeros(H),
            "Wm": rng.normal(0.0, np.sqrt(1.0 / H), (H, d)),
            "bm": np.zeros(d),
            "Wv": rng.normal(0.0, 0.1 * np.sqrt(1.0 / H), (H, d)),
            "bv": np.zeros(d),
            "W3": rng.normal(0.0, np.sqrt(1.0 / d), (d, H)),
            "b3": np.zeros(H),
            "W4": rng.normal(0.0, np.sqrt(1.0 / H), (H, D)),
            "b4": np.log(mean_pixel) - np.log1p(-mean_pixel),  # start at the mean image
        }
        self.params_ = p
        self.n_parameters_ = int(sum(v.size for v in p.values()))
        eval_rng = np.random.default_rng([self.seed, 1])
        X_train_eval = X[np.sort(eval_rng.choice(n, size=min(n, 500), replace=False))]
        eps_train = eval_rng.standard_normal((X_train_eval.shape[0], d))
        eps_held = None if X_held_out is None else eval_rng.standard_normal((X_held_out.shape[0], d))
        history = {k: [] for k in ("epoch", "train_recon", "train_kl", "held_out_recon", "held_out_kl")}

        def evaluate(epoch):
            recon, kl = self._terms(p, X_train_eval, eps_train)
            history["epoch"].append(epoch)
            history["train_recon"].append(float(recon.mean()))
            history["train_kl"].append(float(kl.mean()))
            if X_held_out is None:
                history["held_out_recon"].append(float("nan"))
                history["held_out_kl"].append(float("nan"))
            else:
                recon, kl = self._terms(p, X_held_out, eps_held)
                history["held_out_recon"].append(float(recon.mean()))
                history["held_out_kl"].append(float(kl.mean()))

        batch = min(self.batch_size, n)
        bar = None
        if progress:
            bar = ProgressBar(self.epochs, f"VAE β={self.beta:g}", delay=2.0 if progress == "auto" else 0.0)
        moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in p.items()}
        lr, step = self.learning_rate, 0
        evaluate(0)
        with _one_blas_thread():
            for epoch in range(1, self.epochs + 1):
                order = rng.permutation(n)
                for begin in range(0, n, batch):
                    Xb = X[order[begin : begin + batch]]
                    eps = rng.standard_normal((Xb.shape[0], d))
                    logits, cache = self._forward(p, Xb, eps)
                    grads = self._backward(p, Xb, eps, logits, cache)
                    step += 1
                    adam_step(p.values(), [grads[n] for n in p], [moments[n] for n in p], step, lr)
                evaluate(epoch)
                if bar is not None:
                    last = "held_out" if X_held_out is not None else "train"
                    bar.update(
                        info=f"{last.replace('_', '-')} recon {history[last + '_recon'][-1]:.1f} "
                        f"+ KL {history[last + '_kl'][-1]:.2f} nats"
                    )
        if bar is not None:
            bar.close()
        self.history_ = {
            k: np.asarray(v, dtype=np.int64 if k == "epoch" else np.float64) for k, v in history.items()
        }
        self.fit_seconds_ = time.perf_counter() - start_time
        return self

    # ------------------------------------------------------------------
    # Using the model
    # ------------------------------------------------------------------

    def encode(self, X):
        """The encoder's Gaussian :math:`q(z \\mid x)`: ``(mu, log_var)``, each of shape (n, latent_dim)."""
        self._require_fit()
        mu, lv, _ = self._encode(self.params_, _check_images(X, "X", self.n_features_))
        return mu, lv

    def decode(self, z):
        r"""Pixel means :math:`\hat x = \sigma(\ell(z))` of the decoder for codes ``z`` (n, latent_dim)."""
        self._require_fit()
        z = as_finite_array(z, "z")
        if z.ndim != 2 or z.shape[1] != self.latent_dim:
            raise ValueError(f"z must have shape (n, {self.latent_dim}), got {z.shape}")
        return _sigmoid(self._decode(self.params_, z)[0])

    def reconstruct(self, X):
        """Decode the posterior means: ``decode(encode(X)[0])`` (no noise)."""
        return self.decode(self.encode(X)[0])

    def sample(self, n, *, seed=0):
        r"""``n`` images decoded from codes drawn from the prior, :math:`z \sim \mathcal N(0, I)` (pixel means)."""
        self._require_fit()
        n = check_positive_int(n, "n")
        z = np.random.default_rng(check_seed(seed)).standard_normal((n, self.latent_dim))
        return self.decode(z)

    @staticmethod
    def _sample_chunks(n_samples, n_images, rows=20_000):
        """Split ``n_samples`` samples into chunks of about ``rows`` decoded images each."""
        per = max(1, rows // n_images)
        return [min(per, n_samples - start) for start in range(0, n_samples, per)]

    def elbo_terms(self, X, *, n_samples=100, seed=0):
        r"""Monte-Carlo estimate of the two terms of −ELBO on ``X``, in nats per image.

        .. math::

            -\mathrm{ELBO}(x) = \underbrace{\frac1S \sum_{s=1}^S -\log p(x \mid \mu + \sigma \odot
            \varepsilon_s)}_{\texttt{recon}} + \underbrace{D_{KL}\big(q(z \mid x) \,\Vert\,
            \mathcal N(0, I)\big)}_{\texttt{kl}\ \text{(exact)}}

        Parameters
        ----------
        X : array_like, shape (n, D)
            Images, pixel values in [0, 1].
        n_samples : int >= 1, default 100
            :math:`S`, samples of ε per image for the reconstruction term.
        seed : int >= 0, default 0
            Seeds the samples.

        Returns
        -------
        dict
            ``"recon"``, ``"kl"``, ``"neg_elbo"`` (= recon + kl, the β = 1
            loss whatever β the model was trained with), ``"neg_elbo_bits"``
            (the same in bits) — means over the images — and
            ``"kl_per_dim"`` (ndarray, the mean KL of each latent dimension).
        """
        self._require_fit()
        X = _check_images(X, "X", self.n_features_)
        S = check_positive_int(n_samples, "n_samples")
        rng = np.random.default_rng(check_seed(seed))
        mu, lv, _ = self._encode(self.params_, X)
        std = np.exp(0.5 * lv)
        total = 0.0
        for c in self._sample_chunks(S, X.shape[0]):
            z = mu + std * rng.standard_normal((c, *mu.shape))  # c samples of every image at once
            logits, _ = self._decode(self.params_, z.reshape(-1, self.latent_dim))
            nll = binary_cross_entropy_with_logits(X, logits.reshape(c, *X.shape), reduction="none")
            total += float(nll.sum())
        recon = total / (S * X.shape[0])
        kl_per_dim = np.mean(kl_gaussian(mu[..., None], lv[..., None]), axis=0)
        kl = float(np.mean(kl_gaussian(mu, lv)))
        return {
            "recon": recon,
            "kl": kl,
            "neg_elbo": recon + kl,
            "neg_elbo_bits": (recon + kl) / _LN2,
            "kl_per_dim": kl_per_dim,
        }

    def iwae_bound(self, X, *, k=200, seed=0):
        r"""The importance-weighted estimate of :math:`\log p(x)`, mean over ``X`` (nats per image).

        .. math::

            \log p(x) \;\ge\; \mathbb E\Big[\log \frac1K \sum_{k=1}^{K}
            \frac{p(x \mid z_k)\, p(z_k)}{q(z_k \mid x)}\Big] \;\ge\; \mathrm{ELBO}(x),
            \qquad z_k \sim q(z \mid x)

        (Burda et al. 2016). With ``k = 1`` it is the ELBO; it rises towards
        :math:`\log p(x)` as ``k`` grows. Returns the bound (negative, like a
        log-likelihood); compare it with ``-elbo_terms(X)["neg_elbo"]``.
        """
        self._require_fit()
        X = _check_images(X, "X", self.n_features_)
        K = check_positive_int(k, "k")
        rng = np.random.default_rng(check_seed(seed))
        mu, lv, _ = self._encode(self.params_, X)
        std = np.exp(0.5 * lv)
        parts = []
        for c in self._sample_chunks(K, X.shape[0]):
            z = mu + std * rng.standard_normal((c, *mu.shape))  # c samples of every image at once
            logits, _ = self._decode(self.params_, z.reshape(-1, self.latent_dim))
            nll = binary_cross_entropy_with_logits(X, logits.reshape(c, *X.shape), reduction="none")
            log_pz = normal_logpdf(z).sum(axis=-1)
            log_qz = normal_logpdf(z, mu, std).sum(axis=-1)
            parts.append(log_pz - log_qz - nll.sum(axis=-1))
        log_w = np.concatenate(parts)  # (K, n): log p(x|z_k) + log p(z_k) - log q(z_k|x)
        top = log_w.max(axis=0)
        return float(np.mean(top + np.log(np.mean(np.exp(log_w - top), axis=0))))

    def active_units(self, X, *, threshold=0.01):
        r"""Which latent dimensions the encoder uses: :math:`\mathrm{Var}_x[\mu_j(x)] >` ``threshold``.

        A dimension whose posterior mean does not move with the image carries
        no information about it (Burda et al. 2016's "active units").

        Returns
        -------
        variances : ndarray, shape (latent_dim,)
            :math:`\mathrm{Var}_x[\mu_j(x)]` over the images.
        active : int
            How many exceed ``threshold``.
        """
        mu, _ = self.encode(X)
        threshold = check_positive_scalar(threshold, "threshold")
        variances = mu.var(axis=0)
        return variances, int(np.sum(variances > threshold))

    def reconstruction_floor(self, X):
        r"""The lowest possible reconstruction term on ``X``: :math:`\sum_i H_b(x_i)` per image, mean (nats).

        The Bernoulli cross-entropy of a grey pixel :math:`x_i` is smallest,
        :math:`H_b(x_i)`, when the decoder predicts :math:`\hat x_i = x_i`.
        """
        X = _check_images(X, "X")
        return float(np.mean(binary_entropy(X, base=np.e).sum(axis=-1)))


def _summary(model, X_test, n_samples):
    terms = model.elbo_terms(X_test, n_samples=n_samples, seed=1)
    variances, active = model.active_units(X_test)
    return {**terms, "mu_variance": variances, "active": active}


def vae_beta_grid(
    betas=DEFAULT_BETAS, *, seed=0, epochs=40, hidden=64, n_train=1297, n_samples=20, progress="auto"
):
    r"""Train one :class:`VAE` per β on scikit-learn's digits and measure each on held-out images.

    The digits (1,797 images, pixel / 16) are split by
    :func:`~infotheory_lib.models.load_digits_split` into ``n_train``
    training images and the rest held out. Every model has the same seed
    (same initial weights, same mini-batches): only β differs.

    Parameters
    ----------
    betas : sequence of float >= 0, default (0, 0.25, 0.5, 1, 2, 4, 8)
        Distinct, increasing.
    seed, epochs, hidden : int
        As in :class:`VAE` (``seed`` also seeds the split).
    n_train : int, default 1297
        Training images (the other 500 are held out).
    n_samples : int >= 1, default 20
        Samples of ε per held-out image for the reconstruction term.
    progress : bool or "auto"
        One progress bar over the whole grid.

    Returns
    -------
    dict
        ``"betas"`` (ndarray), ``"models"`` (list of fitted :class:`VAE`),
        ``"X_train"``, ``"y_train"``, ``"X_test"``, ``"y_test"``, and per β
        (ndarrays over the grid, held-out, nats per image): ``"recon"``,
        ``"kl"``, ``"neg_elbo"`` (recon + KL: the β = 1 loss),
        ``"kl_per_dim"`` (n_betas, latent_dim), ``"mu_variance"`` (n_betas,
        latent_dim), ``"active"`` (active units, threshold 0.01), plus
        ``"floor"``: the reconstruction floor of the held-out images, and
        ``"n_samples"``. Each model's numbers are its
        ``elbo_terms(X_test, n_samples=n_samples, seed=1)``.
    """
    from .experiments import load_digits_split

    betas = np.asarray([check_nonnegative_scalar(b, "betas") for b in betas], dtype=float)
    if betas.size == 0 or np.any(np.diff(betas) <= 0):
        raise ValueError(f"betas must be a non-empty increasing sequence, got {betas.tolist()}")
    n_samples = check_positive_int(n_samples, "n_samples")
    if progress != "auto":
        check_bool(progress, "progress")
    X_train, y_train, X_test, y_test = load_digits_split(n_train=n_train, seed=seed)
    bar = None
    if progress:
        bar = ProgressBar(betas.size, "VAE β grid", delay=2.0 if progress == "auto" else 0.0)
    models, rows = [], []
    for b in betas:
        model = VAE(hidden=hidden, beta=float(b), epochs=epochs, seed=seed).fit(
            X_train, X_test, progress=False
        )
        models.append(model)
        rows.append(_summary(model, X_test, n_samples))
        if bar is not None:
            bar.update(info=f"β = {b:g}: recon {rows[-1]['recon']:.1f} + KL {rows[-1]['kl']:.2f} nats")
    if bar is not None:
        bar.close()
    out = {
        "betas": betas,
        "models": models,
        "X_train": X_train,
        "y_train": y_train,
        "X_test": X_test,
        "y_test": y_test,
        "floor": models[0].reconstruction_floor(X_test),
        "n_samples": n_samples,
    }
    for key in ("recon", "kl", "neg_elbo", "kl_per_dim", "mu_variance", "active"):
        out[key] = np.asarray([row[key] for row in rows])
    return out


@functools.lru_cache(maxsize=1)
def _default_grid():
    """The default grid (seed 0), trained once per session (the explorer's standalone data)."""
    return vae_beta_grid(progress=False)
