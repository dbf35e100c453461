"""Tests for infotheory_lib.models.vae: gradients, training, the ELBO's terms and bound, the β grid, errors."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from infotheory_lib import kl_gaussian
from infotheory_lib.losses import binary_cross_entropy_with_logits
from infotheory_lib.models import VAE, load_digits_split, vae_beta_grid


@pytest.fixture(scope="module")
def digits():
    return load_digits_split(n_train=1297, seed=0)


@pytest.fixture(scope="module")
def small(digits):
    """A quick model on 300 digits (a few tenths of a second)."""
    X_train, _, X_test, _ = digits
    return VAE(hidden=16, epochs=8, beta=1.0, seed=3).fit(X_train[:300], X_test[:100], progress=False)


@pytest.mark.parametrize("beta", [0.0, 0.7, 3.0])
@pytest.mark.parametrize("latent_dim", [1, 3])
def test_gradients_match_finite_differences(digits, beta, latent_dim):
    X = digits[0][:7]
    model = VAE(latent_dim, hidden=5, beta=beta, epochs=1, seed=1).fit(digits[0][:20], progress=False)
    rng = np.random.default_rng(0)
    for name in model.params_:  # move off the initial point (b4 = the mean image, zero bias elsewhere)
        model.params_[name] += rng.normal(0.0, 0.3, model.params_[name].shape)
    eps = rng.standard_normal((X.shape[0], latent_dim))
    loss, grads = model.loss_and_gradients(X, eps)
    assert np.isfinite(loss)
    h = 1e-6
    for name, param in model.params_.items():
        assert grads[name].shape == param.shape
        numeric = np.zeros_like(param)
        for idx in np.ndindex(param.shape):
            old = param[idx]
            param[idx] = old + h
            up, _ = model.loss_and_gradients(X, eps)
            param[idx] = old - h
            down, _ = model.loss_and_gradients(X, eps)
            param[idx] = old
            numeric[idx] = (up - down) / (2 * h)
        np.testing.assert_allclose(grads[name], numeric, rtol=1e-5, atol=1e-7, err_msg=name)
        assert np.any(grads[name] != 0), name


def test_loss_is_recon_plus_beta_kl(small, digits):
    X = digits[2][:50]
    eps = np.random.default_rng(5).standard_normal((50, 2))
    mu, log_var = small.encode(X)
    z = mu + np.exp(0.5 * log_var) * eps
    p = small.params_
    logits = np.tanh(z @ p["W3"] + p["b3"]) @ p["W4"] + p["b4"]
    recon = binary_cross_entropy_with_logits(X, logits, reduction="none").sum(axis=1)
    loss, _ = small.loss_and_gradients(X, eps)
    assert loss == pytest.approx(np.mean(recon) + 1.0 * np.mean(kl_gaussian(mu, log_var)), rel=1e-12)


def test_training_lowers_the_loss_and_records_curves(small):
    hist = small.history_
    assert set(hist) == {"epoch", "train_recon", "train_kl", "held_out_recon", "held_out_kl"}
    np.testing.assert_array_equal(hist["epoch"], np.arange(9))
    start = hist["held_out_recon"][0] + hist["held_out_kl"][0]
    end = hist["held_out_recon"][-1] + hist["held_out_kl"][-1]
    assert end < start - 1.0
    assert hist["train_recon"][-1] + hist["train_kl"][-1] < hist["train_recon"][0] + hist["train_kl"][0] - 1.0
    assert np.all(hist["train_kl"] >= 0) and np.all(hist["held_out_kl"] >= 0)


def test_no_held_out_gives_nan_curves(digits):
    model = VAE(hidden=4, epochs=2).fit(digits[0][:50], progress=False)
    assert np.all(np.isnan(model.history_["held_out_recon"]))
    assert np.all(np.isfinite(model.history_["train_recon"]))


def test_same_seed_same_model_other_seed_other_model(digits):
    X = digits[0][:120]
    a = VAE(hidden=8, epochs=3, seed=4).fit(X, progress=False)
    b = VAE(hidden=8, epochs=3, seed=4).fit(X, progress=False)
    c = VAE(hidden=8, epochs=3, seed=5).fit(X, progress=False)
    for name in a.params_:
        np.testing.assert_array_equal(a.params_[name], b.params_[name])
    assert not np.allclose(a.params_["W1"], c.params_["W1"])
    np.testing.assert_array_equal(a.sample(4, seed=2), b.sample(4, seed=2))


def test_elbo_terms_kl_matches_kl_gaussian(small, digits):
    X = digits[2]
    terms = small.elbo_terms(X, n_samples=5)
    mu, log_var = small.encode(X)
    assert terms["kl"] == pytest.approx(float(np.mean(kl_gaussian(mu, log_var))), rel=1e-12)
    assert terms["kl_per_dim"].sum() == pytest.approx(terms["kl"], rel=1e-12)
    assert terms["neg_elbo"] == pytest.approx(terms["recon"] + terms["kl"])
    assert terms["neg_elbo_bits"] == pytest.approx(terms["neg_elbo"] / np.log(2))
    assert terms["recon"] > small.reconstruction_floor(X)


def test_elbo_reconstruction_is_a_monte_carlo_average(small, digits):
    X = digits[2][:30]
    one = [small.elbo_terms(X, n_samples=1, seed=s)["recon"] for s in range(40)]
    many = small.elbo_terms(X, n_samples=400, seed=99)["recon"]
    assert np.mean(one) == pytest.approx(many, rel=0.02)
    assert np.std(one) > 0  # the samples do differ


def test_iwae_bound_lies_above_the_elbo_and_grows_with_k(small, digits):
    X = digits[2][:100]
    elbo = -small.elbo_terms(X, n_samples=200, seed=3)["neg_elbo"]
    k1 = small.iwae_bound(X, k=1, seed=3)
    k50 = small.iwae_bound(X, k=50, seed=3)
    assert k1 == pytest.approx(elbo, abs=0.3)  # K = 1 is one-sample ELBO (both estimates)
    assert k50 > elbo
    assert k50 < 0


def test_reconstruction_floor_is_the_sum_of_binary_entropies():
    X = np.array([[0.0, 1.0, 0.5], [0.25, 0.25, 1.0]])
    h = lambda p: -(p * np.log(p) + (1 - p) * np.log(1 - p))  # noqa: E731
    assert VAE().reconstruction_floor(X) == pytest.approx(np.mean([np.log(2), 2 * h(0.25)]))


def test_decode_reconstruct_sample_shapes_and_ranges(small, digits):
    X = digits[2][:5]
    rec = small.reconstruct(X)
    assert rec.shape == (5, 64) and np.all((rec > 0) & (rec < 1))
    np.testing.assert_array_equal(rec, small.decode(small.encode(X)[0]))
    samples = small.sample(6, seed=1)
    assert samples.shape == (6, 64)
    assert not np.array_equal(samples, small.sample(6, seed=2))


def test_beta_grid_shows_the_trade_off_and_collapse():
    grid = vae_beta_grid((0.0, 1.0, 8.0), epochs=25, hidden=32, n_samples=5, progress=False)
    assert grid["X_test"].shape == (500, 64) and len(grid["models"]) == 3
    kl, recon = grid["kl"], grid["recon"]
    assert kl[0] > kl[1] > kl[2]  # more β, less rate
    assert recon[0] < recon[1] < recon[2]  # more β, more distortion
    assert kl[2] < 0.05 and grid["active"][2] == 0  # posterior collapse at β = 8
    assert grid["active"][1] == 2
    assert np.all(recon > grid["floor"])
    np.testing.assert_allclose(grid["kl_per_dim"].sum(axis=1), kl, rtol=1e-12)
    # collapsed: every reconstruction is (nearly) the same image, the mean digit
    rec = grid["models"][2].reconstruct(grid["X_test"][:20])
    assert np.max(np.std(rec, axis=0)) < 0.02


def test_valid_input_never_warns(digits):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = VAE(hidden=4, epochs=2, beta=0.0).fit(digits[0][:64], digits[2][:10], progress=False)
        model.elbo_terms(digits[2][:10], n_samples=2)
        model.iwae_bound(digits[2][:10], k=2)
        model.decode(np.array([[1e3, -1e3]]))


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"latent_dim": 0}, ValueError, "latent_dim"),
        ({"latent_dim": 2.0}, TypeError, "latent_dim"),
        ({"hidden": -1}, ValueError, "hidden"),
        ({"beta": -0.5}, ValueError, "beta"),
        ({"beta": "1"}, TypeError, "beta"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"epochs": 0}, ValueError, "epochs"),
        ({"seed": -1}, ValueError, "seed"),
    ],
)
def test_bad_constructor_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        VAE(**kwargs)


def test_bad_data_and_calls(small, digits):
    with pytest.raises(RuntimeError, match="fit"):
        VAE().encode(digits[2][:2])
    with pytest.raises(ValueError, match="X must hold pixel values in"):
        VAE().fit(digits[0][:10] * 16, progress=False)
    with pytest.raises(ValueError, match="X must be 2-D"):
        VAE().fit(digits[0][0], progress=False)
    with pytest.raises(ValueError, match="NaN"):
        VAE().fit(np.full((3, 4), np.nan), progress=False)
    with pytest.raises(ValueError, match="at least 2"):
        VAE().fit(digits[0][:1], progress=False)
    with pytest.raises(ValueError, match="X_held_out must have 64 pixels"):
        VAE().fit(digits[0][:10], digits[2][:5, :10], progress=False)
    with pytest.raises(TypeError, match="progress"):
        VAE().fit(digits[0][:10], progress="yes")
    with pytest.raises(ValueError, match="64 pixels"):
        small.encode(digits[2][:3, :8])
    with pytest.raises(ValueError, match="z must have shape"):
        small.decode(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="eps must have shape"):
        small.loss_and_gradients(digits[2][:3], np.zeros((2, 2)))
    with pytest.raises(ValueError, match="n_samples"):
        small.elbo_terms(digits[2][:3], n_samples=0)
    with pytest.raises(ValueError, match="k"):
        small.iwae_bound(digits[2][:3], k=0)
    with pytest.raises(ValueError, match="betas must be a non-empty increasing"):
        vae_beta_grid((1.0, 0.5), progress=False)
    with pytest.raises(ValueError, match="betas"):
        vae_beta_grid((-1.0,), progress=False)


# ---- the drawing functions of notebook 13 (infotheory_lib.plots) ------------------------------------------------


@pytest.fixture
def axes():
    import matplotlib

    matplotlib.use("Agg")
    from infotheory_lib import plots

    fig, axs = plots.new_figure(2)
    yield axs
    fig.clear()


def test_digit_mosaic_tiles_the_images_with_gaps():
    from infotheory_lib.plots import digit_mosaic

    images = np.arange(3 * 64, dtype=float).reshape(3, 64) / (3 * 64)
    out = digit_mosaic(images, ncols=2)
    assert out.shape == (2 * 9 - 1, 2 * 9 - 1)
    np.testing.assert_array_equal(out[:8, :8], images[0].reshape(8, 8))
    np.testing.assert_array_equal(out[:8, 9:], images[1].reshape(8, 8))
    np.testing.assert_array_equal(out[9:, :8], images[2].reshape(8, 8))
    assert np.all(out[8, :] == out[8, 0]) and np.all(out[:8, 8] == out[8, 0])  # the gaps
    assert np.all(out[9:, 9:] == out[8, 0])  # the empty last tile
    with pytest.raises(ValueError, match="images must have shape"):
        digit_mosaic(np.zeros((2, 63)), ncols=2)


def test_draw_and_set_digit_mosaic(axes):
    from infotheory_lib import plots

    images = np.random.default_rng(0).random((4, 64))
    artist = plots.draw_digit_mosaic(axes[0], images, ncols=4, title="four")
    assert axes[0].get_title() == "four" and artist.get_array().shape == (8, 35)
    plots.set_digit_mosaic(artist, images[::-1], ncols=4)
    np.testing.assert_array_equal(artist.get_array()[:, :8], images[3].reshape(8, 8))


def test_draw_latent_means_colours_by_digit_and_moves(axes):
    from infotheory_lib import plots

    mu = np.array([[0.0, 1.0], [2.0, -1.0], [0.5, 0.5]])
    out = plots.draw_latent_means(axes[0], mu, [0, 3, 3])
    np.testing.assert_array_equal(out["points"].get_offsets(), mu)
    assert len(out["prior"]) == 2 and [c.get_radius() for c in out["prior"]] == [1.0, 2.0]
    assert [t.get_text() for t in out["legend"].get_texts()] == ["0", "3", "prior 1σ, 2σ"]
    plots.set_latent_means(out["points"], mu[::-1])
    np.testing.assert_array_equal(out["points"].get_offsets(), mu[::-1])
    bare = plots.draw_latent_means(axes[1], mu, [1, 1, 2], prior=False, legend=False)
    assert bare["legend"] is None and bare["prior"] == []
    with pytest.raises(ValueError, match="mu must have shape"):
        plots.draw_latent_means(axes[1], mu, [0, 1])


def test_draw_vae_curves_and_rate_distortion(axes, small):
    from infotheory_lib import plots

    train, held = plots.draw_vae_curves(axes[0], small.history_, "kl")
    np.testing.assert_array_equal(held.get_ydata(), small.history_["held_out_kl"])
    assert train.get_linestyle() == "-" and held.get_linestyle() == "--"
    with pytest.raises(ValueError, match="term must be"):
        plots.draw_vae_curves(axes[0], small.history_, "elbo")
    out = plots.draw_rate_distortion(
        axes[1],
        [19.8, 4.2, 2.2, 0.003, 0.001],
        [21.4, 21.5, 22.8, 27.14, 27.15],
        [0, 0.25, 1, 4, 8],
        floor=13.6,
    )
    assert [t.get_text() for t in out["labels"]] == [
        "β=0",
        "β=0.25",
        "β=1",
        "β=4, 8",
    ]  # 4 and 8 share a label
    assert out["floor"].get_ydata()[0] == 13.6


def test_new_mosaic_lays_out_named_panels():
    from infotheory_lib import plots

    fig, axs = plots.new_mosaic([["a", "b"], ["c", "c"]], width=6.0, height=4.0)
    assert set(axs) == {"a", "b", "c"} and len(fig.axes) == 3
    assert axs["c"].get_position().width > axs["a"].get_position().width


def test_vae_explorer_slider_is_labelled_by_beta_not_by_step():
    from infotheory_lib.explorers import vae_explorer

    grid = vae_beta_grid(betas=(0.0, 0.5, 4.0), epochs=1, n_samples=1, progress=False)
    explorer = vae_explorer(step=1, grid=grid)
    try:
        slider = explorer.controls["step"]
        assert slider.description == "β = 0.5" and slider.readout is False
        slider.value = 2
        assert slider.description == "β = 4" and explorer.readout()["beta"] == 4.0
    finally:
        explorer.close()


def test_vae_explorer_readout_shows_beta_and_active_dims_without_trailing_zeros():
    from infotheory_lib.explorers import vae_explorer

    grid = vae_beta_grid(betas=(0.0, 0.25), epochs=1, n_samples=1, progress=False)
    explorer = vae_explorer(step=1, grid=grid)
    try:
        html = explorer._readout_html.value
        assert "<b>β</b> = 0.25<" in html and "<b>active dims</b> = 2<" in html
        assert "<b>KL</b> = " in html and "0.250" not in html
        assert explorer._repr_mimebundle_()["text/plain"].startswith("<Explorer: beta=0.250")
    finally:
        explorer.close()
