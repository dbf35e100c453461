"""Headless tests of the live explorers (infotheory_lib.explorers) on matplotlib's Agg backend.

For every explorer (both KL modes) these tests check

- the protocol: ``controls`` (ipywidgets), ``figure`` (a Figure), ``readout()``
  (dict[str, float]) and ``widget``;
- every control driven over its whole range (extremes plus seeded random
  values), one at a time and in random combinations: no exception, no
  warning, finite drawn geometry, and a readout equal to the library's value
  recomputed here from the control values;
- rapid consecutive changes end in exactly the state (data, texts, colours,
  pixels) of a fresh explorer set once to the last value and fully redrawn;
- the figure is built once: same object, same number of artists, no new
  pyplot figures, however many updates;
- the display bundle (PNG for static viewers + the widget view), and that
  updates after displaying still show the new state in the Image view;
- one rendering path whatever pyplot's backend (inline, Agg or ipympl's
  ``%matplotlib widget``) and in a Python where ipympl cannot be imported;
- the static fallback: a notebook executed with nbclient and exported to
  HTML shows the explorer as an embedded PNG.

The backend is set to Agg by an autouse fixture before any figure exists.
"""

from __future__ import annotations

import base64
import gc
import io
import re
import warnings
import weakref

import ipywidgets as widgets
import matplotlib
import matplotlib.image
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

from infotheory_lib import (
    binary_entropy,
    binned_mutual_information,
    cross_entropy,
    cross_entropy_loss,
    entropy,
    gaussian_entropy,
    gaussian_mutual_information,
    kl_divergence,
    kl_gaussian,
    kl_normal,
    ksg_mutual_information,
    perplexity,
    plots,
    softmax,
    surprise,
)
from infotheory_lib import explorers as ex
from infotheory_lib.explorers import toy_sentence_model

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
IPYMPL = "module://ipympl.backend_nbagg"


@pytest.fixture(autouse=True, scope="module")
def agg_backend():
    matplotlib.use("Agg")
    assert matplotlib.get_backend().lower() == "agg"


# --------------------------------------------------------------------------
# Reference values: every readout number recomputed from the control values
# by calling the library directly.
# --------------------------------------------------------------------------


def expect_surprise(v):
    return {"p": v["p"], "surprise_bits": surprise(v["p"]), "surprise_nats": surprise(v["p"], base=np.e)}


def expect_entropy(v):
    die = np.full(6, (1.0 - v["weight"]) / 5)
    die[v["loaded_face"] - 1] = v["weight"]
    return {
        "coin_p": v["coin_p"],
        "coin_entropy": binary_entropy(v["coin_p"]),
        "die_entropy": entropy(die),
        "max_entropy": entropy(np.full(6, 1 / 6)),
    }


def expect_cross_entropy(v):
    z = np.array([v["z1"], v["z2"], v["z3"]])
    k = v["true_class"] - 1
    return {
        "prob_true": softmax(z, temperature=v["temperature"])[k],
        "loss_nats": cross_entropy_loss(z / v["temperature"], k),
        "loss_bits": cross_entropy_loss(z / v["temperature"], k, base=2),
    }


def expect_kl_categorical(v):
    wp = [v[f"p{i}"] for i in range(1, 5)]
    wq = [v[f"q{i}"] for i in range(1, 5)]
    return {
        "entropy_p": entropy(wp, normalize=True),
        "cross_entropy": cross_entropy(wp, wq, normalize=True),
        "kl_pq": kl_divergence(wp, wq, normalize=True),
        "kl_qp": kl_divergence(wq, wp, normalize=True),
    }


def expect_kl_gaussian(v):
    return {
        "kl_pq": kl_normal(v["mu_p"], v["sigma_p"], v["mu_q"], v["sigma_q"]),
        "kl_qp": kl_normal(v["mu_q"], v["sigma_q"], v["mu_p"], v["sigma_p"]),
        "entropy_p": gaussian_entropy(v["sigma_p"]),
        "entropy_q": gaussian_entropy(v["sigma_q"]),
    }


def expect_vae(v):
    return {
        "mu": v["mu"],
        "sigma": np.exp(v["log_var"] / 2),
        "kl_nats": kl_gaussian([v["mu"]], [v["log_var"]]),
    }


_BASE_X, _NOISE = np.random.default_rng(0).standard_normal((2, 2000))  # the explorer's fixed draws (seed=0)


def expect_mutual_information(v):
    rho, n = v["rho"], v["n"]
    x = _BASE_X[:n]
    y = rho * x + np.sqrt(1 - rho**2) * _NOISE[:n]
    return {
        "rho": rho,
        "exact_bits": gaussian_mutual_information(rho, base=2),
        "binned_bits": binned_mutual_information(x, y, bins=12, value_range=(-4, 4)),
        "ksg_bits": ksg_mutual_information(x, y, k=3),
    }


_TOKENS, _VOCAB, _LOGITS, _OBSERVED = toy_sentence_model()


def expect_perplexity(v):
    token_probs = softmax(_LOGITS, temperature=v["temperature"])[np.arange(len(_TOKENS)), _OBSERVED]
    step_probs = softmax(_LOGITS[v["position"] - 1], temperature=v["temperature"])
    return {
        "temperature": v["temperature"],
        "perplexity": perplexity(token_probs),
        "mean_surprisal_bits": np.mean(surprise(token_probs)),
        "step_choices": 2 ** entropy(step_probs),
    }


# name -> (factory, reference readout from the control values, main control)
EXPLORERS = {
    "surprise": (ex.surprise_explorer, expect_surprise, "p"),
    "entropy": (ex.entropy_explorer, expect_entropy, "weight"),
    "cross_entropy": (ex.cross_entropy_explorer, expect_cross_entropy, "z1"),
    "kl_categorical": (lambda: ex.kl_explorer(mode="categorical"), expect_kl_categorical, "q1"),
    "kl_gaussian": (lambda: ex.kl_explorer(mode="gaussian"), expect_kl_gaussian, "mu_q"),
    "vae_kl": (ex.vae_kl_explorer, expect_vae, "mu"),
    "mutual_information": (ex.mutual_information_explorer, expect_mutual_information, "rho"),
    "perplexity": (ex.perplexity_explorer, expect_perplexity, "temperature"),
}
NAMES = list(EXPLORERS)
KL_WEIGHTS = {f"{prefix}{i}" for prefix in "pq" for i in range(1, 5)}


@pytest.fixture
def build():
    """Build explorers by name; their figures are closed after the test."""
    made = []

    def make(name):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            explorer = EXPLORERS[name][0]()
        made.append(explorer)
        return explorer

    yield make
    for explorer in made:
        explorer.close()


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def values_of(explorer):
    return {name: c.value for name, c in explorer.controls.items()}


def control_values(control, rng, n_random=10):
    """Both extremes, then seeded random values over the control's range."""
    if isinstance(control, widgets.IntSlider):
        drawn = rng.integers(control.min, control.max + 1, n_random)
        return [control.min, control.max, *(int(i) for i in drawn)]
    if isinstance(control, widgets.FloatSlider):
        drawn = rng.uniform(control.min, control.max, n_random)
        return [control.min, control.max, *(float(x) for x in drawn)]
    if hasattr(control, "options"):
        options = list(control.options)
        return options + [options[int(i)] for i in rng.integers(0, len(options), n_random)]
    raise AssertionError(f"unexpected control type {type(control).__name__}")


def drawn_geometry(figure):
    """(artist, arrays of its drawn data) for every artist in the figure."""
    out = []
    for artist in figure.findobj():
        if isinstance(artist, Line2D):
            arrays = [artist.get_xydata()]
        elif isinstance(artist, Rectangle):
            arrays = [[artist.get_x(), artist.get_y(), artist.get_width(), artist.get_height()]]
        elif isinstance(artist, Patch):
            arrays = [artist.get_path().vertices]
        elif isinstance(artist, Collection):  # PathCollection, PolyCollection, FillBetweenPolyCollection, ...
            arrays = [artist.get_offsets(), *(path.vertices for path in artist.get_paths())]
        elif isinstance(artist, Text):
            arrays = [artist.get_position()]
        elif isinstance(artist, AxesImage):
            arrays = [artist.get_array()]
        else:
            continue
        out.append((artist, [np.ma.filled(np.asarray(a, dtype=float), np.nan) for a in arrays]))
    return out


def assert_geometry_finite(figure, context=""):
    for artist, arrays in drawn_geometry(figure):
        for a in arrays:
            assert np.all(np.isfinite(a)), f"{context}: non-finite drawn data in {artist!r}: {a}"


def snapshot(figure):
    """Everything visible about the figure's state: data, texts, face colours, pixels."""
    items = []
    for artist, arrays in drawn_geometry(figure):
        extra = artist.get_text() if isinstance(artist, Text) else None
        if isinstance(artist, Patch):
            extra = tuple(artist.get_facecolor())
        items.append((type(artist).__name__, arrays, extra))
    return items, np.asarray(figure.canvas.buffer_rgba()).copy()


def assert_same_state(a, b):
    items_a, pixels_a = snapshot(a.figure)
    items_b, pixels_b = snapshot(b.figure)
    assert len(items_a) == len(items_b)
    for (name_a, arrays_a, extra_a), (name_b, arrays_b, extra_b) in zip(items_a, items_b, strict=True):
        assert name_a == name_b
        assert extra_a == extra_b
        for x, y in zip(arrays_a, arrays_b, strict=True):
            # positions in display space (legend frames) drift by ~1e-5 px between layout
            # passes; anything visible shows in the exact pixel comparison below
            np.testing.assert_allclose(x, y, rtol=1e-9, atol=1e-4, err_msg=name_a)
    assert a.readout() == b.readout()
    differing = int(np.any(pixels_a != pixels_b, axis=-1).sum())
    assert differing == 0, f"{differing} pixels differ from a freshly built explorer"


def assert_readout_matches(explorer, name, context=""):
    reference = EXPLORERS[name][1]
    got = explorer.readout()
    want = reference(values_of(explorer))
    assert set(got) == set(want), context
    for key, value in want.items():
        assert isinstance(got[key], float), (context, key)
        np.testing.assert_allclose(got[key], value, rtol=1e-12, atol=1e-15, err_msg=f"{context}: {key}")


def set_checked(explorer, name, control_name, value):
    """Set one control with every warning an error, then check drawn data and readout."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer.controls[control_name].value = value
    context = f"{name}: {control_name}={value!r} with {values_of(explorer)}"
    assert_geometry_finite(explorer.figure, context)
    assert_readout_matches(explorer, name, context)


def decode_png(data_b64):
    png = base64.b64decode(data_b64)
    assert png.startswith(PNG_SIGNATURE)
    return matplotlib.image.imread(io.BytesIO(png), format="png")


# --------------------------------------------------------------------------
# Protocol
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_protocol(build, name):
    explorer = build(name)
    assert isinstance(explorer.controls, dict) and explorer.controls
    for key, control in explorer.controls.items():
        assert isinstance(key, str)
        assert isinstance(control, widgets.ValueWidget), key
    assert isinstance(explorer.figure, Figure)
    assert isinstance(explorer.widget, widgets.Widget)
    readout = explorer.readout()
    assert isinstance(readout, dict) and readout
    assert all(isinstance(k, str) and type(v) is float for k, v in readout.items())
    assert EXPLORERS[name][2] in explorer.controls
    assert_geometry_finite(explorer.figure, name)
    assert_readout_matches(explorer, name, "initial state")


def test_kl_explorer_rejects_unknown_mode():
    with pytest.raises(ValueError, match="mode"):
        ex.kl_explorer(mode="poisson")


# --------------------------------------------------------------------------
# Every control over its whole range
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_each_control_over_its_range(build, name):
    explorer = build(name)
    rng = np.random.default_rng(20240611)
    defaults = values_of(explorer)
    for control_name, control in explorer.controls.items():
        values = control_values(control, rng)
        for value in values:
            set_checked(explorer, name, control_name, value)
            if control_name not in KL_WEIGHTS:  # the KL weights' guard may refuse a value
                assert control.value == value
        set_checked(explorer, name, control_name, defaults[control_name])


@pytest.mark.parametrize("name", NAMES)
def test_random_combinations(build, name):
    explorer = build(name)
    rng = np.random.default_rng(7)
    for _ in range(5):
        for control_name in rng.permutation(list(explorer.controls)):
            control = explorer.controls[control_name]
            value = control_values(control, rng, n_random=1)[-1]
            set_checked(explorer, name, str(control_name), value)


@pytest.mark.parametrize("unit", ["bits", "nats"])
def test_surprise_marker_sits_on_the_curve(build, unit):
    explorer = build("surprise")
    explorer.controls["unit"].value = unit
    base = 2 if unit == "bits" else np.e
    (ax,) = explorer.figure.axes
    for p in (0.001, 0.3, 1.0):
        explorer.controls["p"].value = p
        points = [line.get_xydata() for line in ax.lines if len(line.get_xydata()) == 1]
        assert len(points) == 1  # the marker
        np.testing.assert_allclose(points[0], [[p, surprise(p, base=base)]], rtol=1e-12)
        curve = max(ax.lines, key=lambda line: len(line.get_xydata())).get_xydata()
        np.testing.assert_allclose(curve[:, 1], surprise(curve[:, 0], base=base), rtol=1e-12)


# --------------------------------------------------------------------------
# KL categorical: infinity and the weights guard
# --------------------------------------------------------------------------


def _set_weights(explorer, p, q):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # raise before lowering, so the guard never sees an all-zero vector
        for prefix, weights in (("p", p), ("q", q)):
            for i, w in sorted(enumerate(weights, 1), key=lambda iw: -iw[1]):
                explorer.controls[f"{prefix}{i}"].value = w


def _texts(explorer):
    return [t.get_text() for t in explorer.figure.findobj(Text)]


@pytest.mark.parametrize(
    ("p", "q", "infinite"),
    [
        ((0.25, 0.25, 0.25, 0.25), (1.0, 0.0, 0.0, 0.0), "kl_pq"),  # q = 0 where p > 0
        ((1.0, 0.0, 0.0, 0.0), (0.25, 0.25, 0.25, 0.25), "kl_qp"),  # p = 0 where q > 0
        ((0.5, 0.5, 0.0, 0.0), (0.0, 0.0, 0.5, 0.5), "both"),  # disjoint supports
    ],
)
def test_kl_categorical_shows_infinity(build, p, q, infinite):
    explorer = build("kl_categorical")
    _set_weights(explorer, p, q)
    assert [explorer.controls[f"p{i}"].value for i in range(1, 5)] == list(p)
    assert [explorer.controls[f"q{i}"].value for i in range(1, 5)] == list(q)
    readout = explorer.readout()
    keys = ["kl_pq", "kl_qp"] if infinite == "both" else [infinite]
    for key in keys:
        assert readout[key] == np.inf
    if infinite in ("kl_pq", "both"):
        assert readout["cross_entropy"] == np.inf
    assert_readout_matches(explorer, "kl_categorical")
    assert_geometry_finite(explorer.figure, "KL with infinite divergence")
    texts = _texts(explorer)
    assert any("∞" in t for t in texts), texts
    assert not any("inf" in t.lower() for t in texts), texts  # never Python's 'inf'
    readout_line = explorer.widget.children[-1]  # the HTML readout shown under the figure
    assert isinstance(readout_line, widgets.HTML)
    assert readout_line.value.count("∞") >= len(keys)
    assert "inf" not in readout_line.value.lower()
    # back to finite values: the ∞ disappears
    _set_weights(explorer, (0.25,) * 4, (0.25,) * 4)
    assert explorer.readout()["kl_pq"] == 0.0
    assert not any("∞" in t for t in _texts(explorer))
    assert "∞" not in readout_line.value


@pytest.mark.parametrize("prefix", ["p", "q"])
def test_kl_categorical_keeps_some_weight(build, prefix):
    explorer = build("kl_categorical")
    names = [f"{prefix}{i}" for i in range(1, 5)]
    last_before = explorer.controls[names[-1]].value
    assert last_before > 0
    for n in names:
        set_checked(explorer, "kl_categorical", n, 0.0)
    weights = [explorer.controls[n].value for n in names]
    assert weights[:-1] == [0.0, 0.0, 0.0]
    assert weights[-1] == last_before, "the guard must restore the last non-zero weight"
    assert sum(weights) > 0
    # the readout and picture follow the guarded state (all mass on the last outcome)
    assert_readout_matches(explorer, "kl_categorical", "after the guard")
    assert_geometry_finite(explorer.figure, "after the guard")


# --------------------------------------------------------------------------
# Rapid changes, built once, no leaks
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_rapid_changes_end_in_last_state(build, name):
    """30 quick changes, then compare with a fresh explorer set once to the last value and fully redrawn.

    Constrained layout settles on its second pass (the axes move by a fraction of a pixel
    between the first and second full draw of kl_gaussian and vae_kl), so both explorers
    get that second pass before the comparison; the reference is then a complete redraw.
    """
    main = EXPLORERS[name][2]
    explorer = build(name)
    explorer.figure.canvas.draw()
    values = control_values(explorer.controls[main], np.random.default_rng(3), n_random=28)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for value in values:
            explorer.controls[main].value = value
    fresh = build(name)
    fresh.controls[main].value = values[-1]
    fresh.figure.canvas.draw()  # the reference picture: everything drawn from scratch (2nd pass)
    assert explorer.controls[main].value == fresh.controls[main].value == values[-1]
    assert_same_state(explorer, fresh)


@pytest.mark.parametrize("name", NAMES)
def test_figure_built_once(build, name):
    explorer = build(name)
    figure, canvas = explorer.figure, explorer.figure.canvas
    n_artists = len(figure.findobj())
    n_axes = len(figure.axes)
    fignums = plt.get_fignums()
    defaults = values_of(explorer)
    rng = np.random.default_rng(11)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(2):
            for control in explorer.controls.values():
                for value in control_values(control, rng, n_random=1):
                    control.value = value
            # back at the initial values the figure has exactly its initial artists (tick
            # objects come and go with the axis limits, so compare in the same state)
            for control_name, value in defaults.items():
                explorer.controls[control_name].value = value
            assert len(figure.findobj()) == n_artists
    assert explorer.figure is figure
    assert figure.canvas is canvas
    assert len(figure.axes) == n_axes
    assert plt.get_fignums() == fignums


# --------------------------------------------------------------------------
# Display: the PNG for static viewers and the live widget
# --------------------------------------------------------------------------


def _second_value(control):
    """A value of the control far from its current one."""
    if hasattr(control, "min"):
        lo, hi = control.min, control.max
        return hi if control.value - lo < (hi - lo) / 2 else lo
    return next(o for o in control.options if o != control.value)


@pytest.mark.parametrize("name", NAMES)
def test_display_bundle_and_updates_after_display(build, name):
    """The view is an Image widget that gets a fresh PNG per update once displayed."""
    main = EXPLORERS[name][2]
    explorer = build(name)
    view = explorer.widget.children[1]
    assert isinstance(view, widgets.Image)
    control = explorer.controls[main]
    control.value = control_values(control, np.random.default_rng(5), n_random=1)[-1]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bundle = explorer._repr_mimebundle_()
    assert WIDGET_VIEW in bundle
    assert bundle[WIDGET_VIEW]["model_id"] == explorer.widget.model_id
    assert bundle["text/plain"].startswith("<Explorer")
    image = decode_png(bundle["image/png"])
    width, height = explorer.figure.canvas.get_width_height()
    assert image.shape == (height, width, 3)  # RGB: the figure is opaque
    # the PNG is the picture of the current state, and the view shows it
    np.testing.assert_array_equal((image * 255).round(), canvas_rgb(explorer))
    assert bytes(view.value) == base64.b64decode(bundle["image/png"])

    second = _second_value(control)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        control.value = second
    assert control.value == second
    assert_geometry_finite(explorer.figure, f"{name} after display")
    assert_readout_matches(explorer, name, "after display")
    shown = matplotlib.image.imread(io.BytesIO(bytes(view.value)), format="png")
    assert not np.array_equal(shown, image), "the view must follow the state"
    np.testing.assert_array_equal((shown * 255).round(), canvas_rgb(explorer))


def canvas_rgb(explorer):
    """The canvas pixels without the alpha channel, after checking the figure is opaque."""
    rgba = np.asarray(explorer.figure.canvas.buffer_rgba())
    assert (rgba[..., 3] == 255).all()
    return rgba[..., :3]


@pytest.fixture
def ipympl_backend():
    pytest.importorskip("ipympl")
    plt.switch_backend(IPYMPL)
    try:
        yield
    finally:
        plt.switch_backend("Agg")


@pytest.mark.parametrize("name", NAMES)
def test_one_rendering_path_under_ipympl_too(ipympl_backend, build, name):
    """With ``%matplotlib widget`` active, an explorer still draws on its own Agg canvas
    and shows PNGs in an Image: the picture does not depend on pyplot's backend."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer = build(name)
        bundle = explorer._repr_mimebundle_()
    assert type(explorer.figure.canvas) is FigureCanvasAgg
    view = explorer.widget.children[1]
    assert isinstance(view, widgets.Image)
    assert bytes(view.value) == base64.b64decode(bundle["image/png"])


def test_explorers_and_setup_work_where_ipympl_cannot_be_imported():
    """Colab, VS Code, JupyterLite: no (working) ipympl. Nothing of the course may need it."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['ipympl'] = None  # any import of ipympl now fails\n"
        "import warnings; warnings.simplefilter('error')\n"
        "import infotheory_lib as it; it.setup_notebook(quiet=True)\n"
        "from infotheory_lib import explorers as ex\n"
        "for make in [ex.surprise_explorer, ex.entropy_explorer, ex.cross_entropy_explorer, ex.kl_explorer,\n"
        "             lambda: ex.kl_explorer(mode='gaussian'), ex.vae_kl_explorer,\n"
        "             ex.mutual_information_explorer, ex.perplexity_explorer]:\n"
        "    e = make(); b = e._repr_mimebundle_(); assert b['image/png']\n"
        "    c = next(iter(e.controls.values())); c.value = getattr(c, 'max', c.value)\n"
        "    assert bytes(e.widget.children[1].value).startswith(b'\\x89PNG')\n"
        "print('ok', 'ipympl' in sys.modules and sys.modules['ipympl'] is None)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["ok", "True"]


def test_many_explorers_emit_no_warning():
    """An explorer cell re-run many times in one kernel: explorers do not pile up in pyplot.

    pyplot warns ('More than N figures have been opened', a RuntimeWarning) when it holds
    figure.max_open_warning figures (20 by default); lowered to 3 here to keep the test quick.
    """
    fignums = plt.get_fignums()
    made = []
    try:
        with warnings.catch_warnings(), matplotlib.rc_context({"figure.max_open_warning": 3}):
            warnings.simplefilter("error")
            for _ in range(5):
                made.append(ex.surprise_explorer())
        assert plt.get_fignums() == fignums, "explorer figures must not pile up in pyplot"
    finally:
        for explorer in made:
            plt.close(explorer.figure)


@pytest.mark.parametrize("name", NAMES)
def test_figure_is_freed_once_its_explorer_is_closed(name):
    explorer = EXPLORERS[name][0]()
    figure = weakref.ref(explorer.figure)
    explorer.close()
    del explorer
    gc.collect()
    assert figure() is None


# --------------------------------------------------------------------------
# Static fallback: the executed notebook exported to HTML shows a picture
# --------------------------------------------------------------------------

_IMG_TAG = re.compile(r'<img[^>]*\ssrc="data:image/png;base64,([A-Za-z0-9+/=\s]+)"')


@pytest.mark.parametrize(
    "first_line",
    [
        "import infotheory_lib as it; it.setup_notebook()",
        'import matplotlib; matplotlib.use("Agg")',
        pytest.param(
            "%matplotlib widget",
            marks=pytest.mark.skipif(
                not __import__("importlib.util").util.find_spec("ipympl"), reason="ipympl not installed"
            ),
        ),
    ],
    ids=["setup", "agg", "ipympl"],
)
def test_static_fallback_in_html_export(tmp_path, first_line):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nbconvert = pytest.importorskip("nbconvert")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            f"{first_line}\nfrom infotheory_lib.explorers import surprise_explorer\nsurprise_explorer()"
        ),
        # proves which backend drew the figure (`_` is the Explorer displayed by the first cell)
        nbformat.v4.new_code_cell("print(type(_.figure.canvas).__module__)"),
    ]
    client = nbclient.NotebookClient(
        nb,
        kernel_name="python3",
        timeout=120,
        store_widget_state=False,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    outputs = [o for o in nb.cells[0].outputs if o.output_type != "stream"]  # setup_notebook's one line
    assert [o.output_type for o in outputs] == ["execute_result"], outputs
    data = outputs[0].data
    assert {"image/png", WIDGET_VIEW} <= set(data)
    assert base64.b64decode(data["image/png"]).startswith(PNG_SIGNATURE)
    assert nb.cells[1].outputs[0].text.strip() == "matplotlib.backends.backend_agg"

    html, _ = nbconvert.HTMLExporter().from_notebook_node(nb)
    images = [re.sub(r"\s", "", m) for m in _IMG_TAG.findall(html)]
    # the template's CSS has its own data:image/png URL: look for an <img> with our picture
    assert len(images) == 1, f"expected one embedded picture, found {len(images)}"
    assert images[0] == re.sub(r"\s", "", data["image/png"])
    assert decode_png(images[0]).shape[:2] == (380, 800)  # surprise_explorer: 8.0 x 3.8 in at 100 dpi


@pytest.mark.parametrize("name", NAMES)
def test_every_panel_is_titled_labelled_and_inside_the_figure(build, name):
    """A plot without a title or a unit label, or with text outside the canvas, is a bug."""
    explorer = build(name)
    figure = explorer.figure
    renderer = figure.canvas.get_renderer()
    panels = [ax for ax in figure.axes if ax.get_label() != "<colorbar>"]
    for ax in panels:
        assert ax.get_title(), f"{name}: a panel has no title"
        assert ax.get_ylabel(), f"{name}: panel {ax.get_title()!r} has no y label"
        for text in (ax.title, ax.xaxis.label, ax.yaxis.label):
            if text.get_text():
                box = text.get_window_extent(renderer)
                assert figure.bbox.x0 - 1 <= box.x0 and box.x1 <= figure.bbox.x1 + 1, (name, text.get_text())
                assert figure.bbox.y0 - 1 <= box.y0 and box.y1 <= figure.bbox.y1 + 1, (name, text.get_text())


@pytest.mark.parametrize("name", NAMES)
def test_titles_stay_inside_the_figure_at_every_position(build, name):
    """Dynamic titles (e.g. the perplexity explorer's prefix) must fit at every control value."""
    explorer = build(name)
    figure = explorer.figure
    renderer = figure.canvas.get_renderer()
    rng = np.random.default_rng(3)
    for control in explorer.controls.values():
        for value in control_values(control, rng, n_random=3):
            control.value = value
            for ax in figure.axes:
                box = ax.title.get_window_extent(renderer)
                assert figure.bbox.x0 - 1 <= box.x0 and box.x1 <= figure.bbox.x1 + 1, (name, ax.get_title())


def test_an_error_in_an_update_is_shown_in_the_explorer_not_swallowed():
    """A frozen plot with no message is a bug: the learner sees what went wrong, escaped."""
    figure, (ax,) = plots.new_figure(1)
    (line,) = ax.plot([0, 1], [0, 1])
    slider = widgets.FloatSlider(value=0.5, min=0.0, max=1.0)

    def update(v):
        if v["x"] > 0.9:
            raise ValueError("x too large <for this demo>")
        line.set_ydata([0, v["x"]])
        return {"x": v["x"]}

    explorer = ex.Explorer(
        figure, {"x": slider}, update=update, dynamic=[line], readout_spec=[("x", "x", "")]
    )
    try:
        slider.value = 0.95
        shown = explorer._readout_html.value
        assert "This explorer hit an error" in shown
        assert "ValueError: x too large &lt;for this demo&gt;" in shown
        assert explorer.readout() == {"x": 0.5}  # the last good state
        slider.value = 0.2  # and it recovers
        assert explorer.readout() == {"x": 0.2}
        assert "error" not in explorer._readout_html.value
    finally:
        explorer.close()
