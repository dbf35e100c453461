r"""VAE explorer (notebook 13): a β slider over a grid of trained variational autoencoders.

Each point of the grid is a :class:`~infotheory_lib.models.VAE` trained on
scikit-learn's digits with loss recon + β · KL
(:func:`infotheory_lib.models.vae_beta_grid`). The slider picks one; the
latent space (posterior means of the held-out digits), the rate–distortion
point and a strip of reconstructions and prior samples follow. Every number
comes from the models' own :meth:`~infotheory_lib.models.VAE.elbo_terms`
(KL from :func:`infotheory_lib.gaussian.kl_gaussian`).

Built without a grid, the explorer trains a quick grid once per session
(8 epochs per β, a few seconds, cached); the notebook passes its own.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import plots
from ._core import Explorer, int_slider, register

__all__ = ["vae_explorer"]

_N_STEPS = 7  # the default grid has seven β values
_STRIP = 10  # digits shown in the strip: the first held-out image of each class
_GRID_KEYS = {"betas", "models", "X_test", "y_test", "recon", "kl", "neg_elbo", "active"}


@functools.lru_cache(maxsize=1)
def _quick_grid():
    """The standalone grid: seed 0, 8 epochs per β (each model a fraction of a second)."""
    from ..models import vae_beta_grid

    return vae_beta_grid(epochs=8, n_samples=5, progress=False)


def _expect_vae(values):
    """The readout for a grid step, recomputed from the standalone grid's model."""
    grid = _quick_grid()
    model, X = grid["models"][values["step"]], grid["X_test"]
    terms = model.elbo_terms(X, n_samples=grid["n_samples"], seed=1)
    return {
        "beta": float(model.beta),
        "recon": terms["recon"],
        "kl": terms["kl"],
        "neg_elbo": terms["neg_elbo"],
        "active": float(model.active_units(X)[1]),
    }


class _VAEExplorer(Explorer):
    """An :class:`Explorer` whose readout shows β as the grid has it (0.25, not 0.250) and the active
    dimensions as a whole number (2, not 2.000)."""

    _SHORT = {"beta": "{:g}", "active": "{:.0f}"}

    def _readout_parts(self, spec):
        parts = super()._readout_parts(spec)
        for i, (key, label, unit) in enumerate(spec):
            if key in self._SHORT:
                text = self._SHORT[key].format(self._values[key]) + ("\u00a0" + unit if unit else "")
                parts[i] = f'<span style="white-space:nowrap"><b>{label}</b> = {text}</span>'
        return parts

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = bundle["text/plain"].replace(f"<{type(self).__name__}", "<Explorer", 1)
        return bundle


def _beta_label(beta):
    """The β slider's label: the β of the current grid step."""
    return f"β = {beta:g}"


@register(
    "vae_beta",
    notebook="13_vae_elbo.ipynb",
    sweep={"step": (0, _N_STEPS - 1)},
    expected_readout=_expect_vae,
)
def vae_explorer(step=3, *, grid=None):
    r"""The β of a VAE: latent space, rate–distortion point, reconstructions and samples.

    ``grid``: a result of :func:`~infotheory_lib.models.vae_beta_grid`
    (default: a quick seed-0 grid over β ∈ {0, 0.25, 0.5, 1, 2, 4, 8},
    trained once per session). The control ``step`` picks a grid point
    (0 = the smallest β); the slider's label shows that point's β.

    Left: the posterior means :math:`\mu(x)` of the held-out digits,
    coloured by digit, against the prior's 1σ and 2σ circles. Middle: the
    held-out KL (rate) against the reconstruction term (distortion), every
    β of the grid and the current one. Right: one held-out digit of each
    class, its reconstruction (decoded from :math:`\mu(x)`) and ten images
    decoded from :math:`z \sim \mathcal N(0, I)`. Readout: β, recon, KL,
    −ELBO = recon + KL (nats per image) and the active latent dimensions
    (:math:`\mathrm{Var}_x[\mu_j(x)] > 0.01`).
    """
    if grid is None:
        grid = _quick_grid()
    elif not isinstance(grid, dict) or not _GRID_KEYS <= set(grid):
        raise TypeError("grid must be the dict returned by infotheory_lib.models.vae_beta_grid")
    models, X, y = grid["models"], grid["X_test"], grid["y_test"]
    n = len(models)
    if not isinstance(step, (int, np.integer)) or isinstance(step, bool) or not 0 <= step < n:
        raise ValueError(f"step must be an integer from 0 to {n - 1} (a point of the β grid), got {step!r}")
    strip = np.array([np.flatnonzero(y == d)[0] for d in range(_STRIP)])
    prior_z = np.random.default_rng(0).standard_normal((_STRIP, 2))
    means = [m.encode(X)[0] for m in models]
    strips = [np.vstack([X[strip], m.reconstruct(X[strip]), m.decode(prior_z)]) for m in models]
    kl, recon = np.asarray(grid["kl"], dtype=float), np.asarray(grid["recon"], dtype=float)
    rows = [
        {"beta": float(b), "recon": float(r), "kl": float(k), "neg_elbo": float(e), "active": float(a)}
        for b, r, k, e, a in zip(grid["betas"], recon, kl, grid["neg_elbo"], grid["active"], strict=True)
    ]

    fig, axes = plots.new_mosaic(
        [["lat", "rd"], ["img", "img"]], width=11.0, height=8.0, height_ratios=[1.6, 1.0]
    )
    ax_lat, ax_rd, ax_img = axes["lat"], axes["rd"], axes["img"]
    lat = plots.draw_latent_means(ax_lat, means[step], y, size=7, legend_kw={"ncols": 1, "fontsize": 9})
    lat["legend"].set_loc("center left")
    lat["legend"].set_bbox_to_anchor((1.0, 0.5))
    reach = max(3.0, float(np.max([np.quantile(np.abs(mu), 0.995) for mu in means])))
    plots.style_axes(
        ax_lat,
        xlabel="$\\mu_1(x)$",
        ylabel="$\\mu_2(x)$",
        xlim=(-1.05 * reach, 1.05 * reach),
        ylim=(-1.05 * reach, 1.05 * reach),
    )
    ax_lat.set_aspect("equal")
    lat_title = ax_lat.set_title("β = 0.00: latent means")

    plots.draw_rate_distortion(ax_rd, kl, recon, grid["betas"], color=plots.NEUTRAL_COLOR)
    current = plots.draw_marker(ax_rd, kl[step], recon[step], color=plots.Q_COLOR, size=11)
    span = recon.max() - recon.min()
    plots.style_axes(
        ax_rd,
        title="Rate vs distortion (held-out)",
        xlabel="KL = rate (nats per image)",
        ylabel="reconstruction (nats per image)",
        xlim=(-0.05 * kl.max() - 0.1, 1.2 * kl.max() + 0.1),
        ylim=(recon.min() - 0.1 * span - 0.1, recon.max() + 0.15 * span + 0.1),
    )

    mosaic = plots.draw_digit_mosaic(ax_img, strips[step], ncols=_STRIP)
    ax_img.set_yticks([3.5, 12.5, 21.5], ["held-out input", "reconstruction", "decoded from\nz ~ N(0, I)"])
    ax_img.set_ylabel("8 × 8 images", fontsize=10)
    img_title = ax_img.set_title("−ELBO = 00.00 = 00.00 + 00.00 nats")

    # The slider moves along the grid; its label shows the β of the current step (the bare step
    # number 0-6 told a student nothing), so its own number readout is hidden.
    slider = int_slider(_beta_label(rows[step]["beta"]), step, 0, n - 1)
    slider.readout = False
    controls = {"step": slider}

    def update(v):
        k = v["step"]
        plots.set_latent_means(lat["points"], means[k])
        current.set_data([kl[k]], [recon[k]])
        plots.set_digit_mosaic(mosaic, strips[k], ncols=_STRIP)
        r = rows[k]
        slider.description = _beta_label(r["beta"])
        lat_title.set_text(f"β = {r['beta']:g}: latent means ({int(r['active'])} of 2 active)")
        img_title.set_text(f"−ELBO = {r['neg_elbo']:.2f} = {r['recon']:.2f} + {r['kl']:.2f} nats")
        return dict(r)

    return _VAEExplorer(
        fig,
        controls,
        update=update,
        dynamic=[lat["points"], *lat["prior"], lat_title, current, mosaic, img_title],
        readout_spec=[
            ("beta", "β", ""),
            ("recon", "recon", "nats"),
            ("kl", "KL", "nats"),
            ("neg_elbo", "−ELBO", "nats"),
            ("active", "active dims", ""),
        ],
    )
