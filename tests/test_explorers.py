"""Headless tests of the live explorers (infotheory_lib.explorers) on matplotlib's Agg backend.

Every test of an explorer is parametrized over the registry
(``explorers.registered()``): a newly registered explorer is tested with no
edit here. For each registered call (``kl_explorer`` in both modes) they check

- the registry itself: it agrees with ``explorers.__all__``, each entry's
  notebook exists and calls it, its swept controls exist within their ranges,
  and it has a reference readout;
- the protocol: ``controls`` (ipywidgets), ``figure`` (a Figure), ``readout()``
  (dict[str, float]) and ``widget``; every panel titled and labelled, its
  texts inside the figure;
- every control at both extremes (fast), then over its whole range (extremes
  plus seeded random values, slow), one at a time and in random combinations:
  no exception, no warning, finite drawn geometry, and a readout equal to the
  entry's ``expected_readout`` (the library's value recomputed from the
  control values);
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

``@pytest.mark.slow`` marks the exhaustive sweeps, the subprocess and
nbclient tests; the rest (``-m "not slow"``) is the quick inner loop.
The backend is set to Agg by an autouse fixture before any figure exists.
"""

from __future__ import annotations

import ast
import base64
import gc
import inspect
import io
import json
import re
import warnings
import weakref
from pathlib import Path

import ipywidgets as widgets
import matplotlib
import matplotlib.image
import matplotlib.pyplot as plt
import numpy as np
import pytest
from IPython.core.inputtransformer2 import TransformerManager
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

from infotheory_lib import explorers as ex
from infotheory_lib import plots, surprise

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
IPYMPL = "module://ipympl.backend_nbagg"

#: Every registered explorer call, by registry id.
ENTRIES = {entry.id: entry for entry in ex.registered()}
IDS = list(ENTRIES)


@pytest.fixture(autouse=True, scope="module")
def agg_backend():
    matplotlib.use("Agg")
    assert matplotlib.get_backend().lower() == "agg"


@pytest.fixture(scope="module")
def shared():
    """One explorer per registry id for the whole module (the quick tests share it, so that
    the fast set builds each explorer once): ``test_protocol`` sees it fresh, then
    ``test_each_control_at_its_extremes`` drives it and leaves it at its defaults."""
    made = {}

    def get(explorer_id):
        if explorer_id not in made:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                made[explorer_id] = ENTRIES[explorer_id].build()
        return made[explorer_id]

    yield get
    for explorer in made.values():
        explorer.close()


@pytest.fixture
def build():
    """Build explorers by registry id; their figures are closed after the test."""
    made = []

    def make(explorer_id):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            explorer = ENTRIES[explorer_id].build()
        made.append(explorer)
        return explorer

    yield make
    for explorer in made:
        explorer.close()


# --------------------------------------------------------------------------
# The registry
# --------------------------------------------------------------------------


def test_registry_and_all_agree():
    """Every exported ``*_explorer`` is registered, and every registered factory is exported."""
    assert IDS, "no explorer registered"
    factories = {entry.name: entry.factory for entry in ENTRIES.values()}
    exported = {name for name in ex.__all__ if name.endswith("_explorer")}
    assert exported == set(factories), (
        f"exported but not registered: {sorted(exported - set(factories))}; "
        f"registered but not exported: {sorted(set(factories) - exported)}"
    )
    assert len(set(ex.__all__)) == len(ex.__all__), "a name is exported twice"
    for name in ex.__all__:
        assert hasattr(ex, name), name
    for name, factory in factories.items():
        assert getattr(ex, name) is factory, name
    assert [entry.id for entry in ex.registered()] == IDS
    assert ex.get("kl_gaussian").call == 'kl_explorer(mode="gaussian")'
    with pytest.raises(ValueError, match="no explorer registered as 'nope'"):
        ex.get("nope")


def _calls_in_notebook(path):
    """Every call ``f(...)`` in the notebook's code cells, as (function name, {keyword: value})."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    calls = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = TransformerManager().transform_cell("".join(cell["source"]))  # magics -> Python
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                keywords = {}
                for kw in node.keywords:
                    try:
                        keywords[kw.arg] = ast.literal_eval(kw.value)
                    except ValueError:
                        keywords[kw.arg] = kw.value  # not a literal: matches no variant value
                calls.append((node.func.id, keywords))
    return calls


@pytest.mark.parametrize("explorer_id", IDS)
def test_registered_notebook_exists_and_calls_the_explorer(explorer_id):
    """The entry's notebook calls its factory in the entry's mode (other arguments may differ)."""
    entry = ENTRIES[explorer_id]
    path = NOTEBOOKS / entry.notebook
    assert path.is_file(), f"{explorer_id}: notebook {entry.notebook} does not exist"
    # The arguments that tell this factory's registered calls apart, with their defaults.
    variant_keys = {
        key for other in ENTRIES.values() if other.factory is entry.factory for key in other.kwargs
    }
    defaults = {
        key: p.default
        for key, p in inspect.signature(entry.factory).parameters.items()
        if key in variant_keys
    }
    want = {**defaults, **entry.kwargs}
    calls = [kw for name, kw in _calls_in_notebook(path) if name == entry.name]
    assert calls, f"{entry.notebook} never calls {entry.name}"
    assert any({key: kw.get(key, defaults[key]) for key in want} == want for kw in calls), (
        f"{entry.notebook} calls {entry.name} but never as {entry.call}"
    )


def test_api_docs_list_every_registered_explorer():
    """docs/API.md's explorer table is the registry's (tools/api_explorers.py writes it)."""
    from tools import api_explorers

    text = api_explorers.API.read_text(encoding="utf-8")
    assert api_explorers.render(text) == text, (
        "docs/API.md's explorer table is stale: run python -m tools.api_explorers"
    )
    for entry in ENTRIES.values():
        assert f"| `{entry.call}` |" in text, entry.id
    with pytest.raises(ValueError, match="exactly once"):
        api_explorers.render(text.replace(api_explorers.END, ""))


def test_register_rejects_bad_declarations():
    before = ex.registered()

    def factory(mode="a"):
        raise AssertionError("never called")

    good = {"notebook": "01_information_content.ipynb", "sweep": {"x": (0.0, 1.0)}}
    with pytest.raises(ValueError, match="already registered"):
        ex.register("surprise", **good)
    with pytest.raises(ValueError, match="notebook"):
        ex.register("new_one", notebook="notebooks/01_information_content.ipynb", sweep={"x": (0.0, 1.0)})
    with pytest.raises(ValueError, match="sweep"):
        ex.register("new_one", notebook="01_information_content.ipynb", sweep={})
    with pytest.raises(ValueError, match=r"sweep\['x'\]"):
        ex.register("new_one", notebook="01_information_content.ipynb", sweep={"x": (1.0, 0.0)})
    with pytest.raises(TypeError, match="expected_readout"):
        ex.register("new_one", **good, expected_readout="not callable")
    with pytest.raises(TypeError, match="kwargs"):
        ex.register("new_one", **good, kwargs={"colour": "red"})(factory)
    assert ex.registered() == before  # nothing half-registered


def test_sweep_values_go_up_and_down_without_repeats():
    entry = ex.get("surprise")
    values = entry.sweep_values("p", n=5)
    assert values == [0.001, 0.25075, 0.5005, 0.75025, 1.0, 0.75025, 0.5005, 0.25075]
    assert all(a != b for a, b in zip(values, values[1:] + values[:1], strict=True))
    integer = ex.Registration("t", ex.surprise_explorer, "x.ipynb", {"n": (1, 4)})
    assert integer.sweep_values("n", n=7) == [1, 2, 3, 4, 3, 2]
    assert all(type(v) is int for v in integer.sweep_values("n", n=7))


def test_preset_and_figure_only():
    """preset() starts an explorer at given values; figure_only() builds just its drawn figure."""
    with ex.preset({"p": 0.25, "unit": "nats"}):
        full = ex.surprise_explorer()
    try:
        assert full.controls["p"].value == 0.25 and full.controls["unit"].value == "nats"
        assert full.readout() == _expected(ENTRIES["surprise"], full)
        with ex.figure_only(), ex.preset({"p": 0.25, "unit": "nats"}):
            bare = ex.surprise_explorer()
        assert bare.widget is None and not isinstance(bare.controls["p"], widgets.Widget)
        assert bare.readout() == full.readout()
        assert len(bare.figure.findobj()) == len(full.figure.findobj())
        with pytest.raises(ValueError, match="preset names no control of this explorer: 'q'"):
            with ex.preset({"q": 0.5}):
                ex.surprise_explorer()
        with pytest.raises(TypeError, match="values must be a mapping"):
            with ex.preset([("p", 0.5)]):
                pass
    finally:
        full.close()
    # outside the blocks, explorers are live again
    again = ex.surprise_explorer()
    assert isinstance(again.widget, widgets.Widget) and again.controls["p"].value == 0.5
    again.close()


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


def _expected(entry, explorer):
    return entry.expected_readout(values_of(explorer))


def assert_readout_matches(explorer, explorer_id, context=""):
    """The readout equals the entry's reference, recomputed by the compute modules."""
    got = explorer.readout()
    want = _expected(ENTRIES[explorer_id], explorer)
    assert set(got) == set(want), context
    for key, value in want.items():
        assert isinstance(got[key], float), (context, key)
        np.testing.assert_allclose(got[key], value, rtol=1e-12, atol=1e-15, err_msg=f"{context}: {key}")


def set_checked(explorer, explorer_id, control_name, value):
    """Set one control with every warning an error, then check drawn data and readout."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer.controls[control_name].value = value
    context = f"{explorer_id}: {control_name}={value!r} with {values_of(explorer)}"
    assert_geometry_finite(explorer.figure, context)
    assert_readout_matches(explorer, explorer_id, context)


def decode_png(data_b64):
    png = base64.b64decode(data_b64)
    assert png.startswith(PNG_SIGNATURE)
    return matplotlib.image.imread(io.BytesIO(png), format="png")


# --------------------------------------------------------------------------
# Protocol
# --------------------------------------------------------------------------


@pytest.mark.parametrize("explorer_id", IDS)
def test_protocol(shared, explorer_id):
    entry = ENTRIES[explorer_id]
    assert callable(entry.expected_readout), f"{explorer_id}: register it with expected_readout=..."
    explorer = shared(explorer_id)  # first use: as built
    assert isinstance(explorer.controls, dict) and explorer.controls
    for key, control in explorer.controls.items():
        assert isinstance(key, str)
        assert isinstance(control, widgets.ValueWidget), key
    assert isinstance(explorer.figure, Figure)
    assert isinstance(explorer.widget, widgets.Widget)
    readout = explorer.readout()
    assert isinstance(readout, dict) and readout
    assert all(isinstance(k, str) and type(v) is float for k, v in readout.items())
    for control_name, (lo, hi) in entry.sweep.items():  # the registered sweep fits the controls
        assert control_name in explorer.controls, f"{explorer_id}: sweep names no control {control_name!r}"
        control = explorer.controls[control_name]
        assert control.min <= lo < hi <= control.max, (explorer_id, control_name, (lo, hi))
    assert_geometry_finite(explorer.figure, explorer_id)
    assert_readout_matches(explorer, explorer_id, "initial state")
    assert_panels_titled_labelled_and_inside(explorer, explorer_id)


def test_kl_explorer_rejects_unknown_mode():
    with pytest.raises(ValueError, match="mode"):
        ex.kl_explorer(mode="poisson")


# --------------------------------------------------------------------------
# Every control over its whole range
# --------------------------------------------------------------------------


def _sweep_each_control(explorer, explorer_id, n_random, seed):
    """Each control in turn over its values (from the defaults), then back to its default."""
    rng = np.random.default_rng(seed)
    defaults = values_of(explorer)
    for control_name, control in explorer.controls.items():
        for value in control_values(control, rng, n_random=n_random):
            set_checked(explorer, explorer_id, control_name, value)
            assert control.value == value
        set_checked(explorer, explorer_id, control_name, defaults[control_name])


@pytest.mark.parametrize("explorer_id", IDS)
def test_each_control_at_its_extremes(shared, explorer_id):
    """Quick: every control at its minimum and maximum (every option of a toggle or dropdown)."""
    _sweep_each_control(shared(explorer_id), explorer_id, n_random=0, seed=0)


@pytest.mark.slow
@pytest.mark.parametrize("explorer_id", IDS)
def test_each_control_over_its_range(build, explorer_id):
    _sweep_each_control(build(explorer_id), explorer_id, n_random=10, seed=20240611)


@pytest.mark.slow
@pytest.mark.parametrize("explorer_id", IDS)
def test_random_combinations(build, explorer_id):
    explorer = build(explorer_id)
    rng = np.random.default_rng(7)
    for _ in range(5):
        for control_name in rng.permutation(list(explorer.controls)):
            control = explorer.controls[control_name]
            value = control_values(control, rng, n_random=1)[-1]
            set_checked(explorer, explorer_id, str(control_name), value)


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
        pytest.param(  # p = 0 where q > 0
            (1.0, 0.0, 0.0, 0.0), (0.25, 0.25, 0.25, 0.25), "kl_qp", marks=pytest.mark.slow
        ),
        pytest.param(  # disjoint supports
            (0.5, 0.5, 0.0, 0.0), (0.0, 0.0, 0.5, 0.5), "both", marks=pytest.mark.slow
        ),
    ],
)
def test_kl_categorical_shows_infinity(build, p, q, infinite):
    explorer = build("kl")
    _set_weights(explorer, p, q)
    assert [explorer.controls[f"p{i}"].value for i in range(1, 5)] == list(p)
    assert [explorer.controls[f"q{i}"].value for i in range(1, 5)] == list(q)
    readout = explorer.readout()
    keys = ["kl_pq", "kl_qp"] if infinite == "both" else [infinite]
    for key in keys:
        assert readout[key] == np.inf
    if infinite in ("kl_pq", "both"):
        assert readout["cross_entropy"] == np.inf
    assert_readout_matches(explorer, "kl")
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


@pytest.mark.parametrize("prefix", ["p", pytest.param("q", marks=pytest.mark.slow)])
def test_kl_categorical_keeps_some_weight(build, prefix):
    explorer = build("kl")
    names = [f"{prefix}{i}" for i in range(1, 5)]
    last_before = explorer.controls[names[-1]].value
    assert last_before > 0
    for n in names:
        set_checked(explorer, "kl", n, 0.0)
    weights = [explorer.controls[n].value for n in names]
    assert weights[:-1] == [0.0, 0.0, 0.0]
    assert weights[-1] == last_before, "the guard must restore the last non-zero weight"
    assert sum(weights) > 0
    # the readout and picture follow the guarded state (all mass on the last outcome)
    assert_readout_matches(explorer, "kl", "after the guard")
    assert_geometry_finite(explorer.figure, "after the guard")


# --------------------------------------------------------------------------
# Rapid changes, built once, no leaks
# --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("explorer_id", IDS)
def test_rapid_changes_end_in_last_state(build, explorer_id):
    """30 quick changes, then compare with a fresh explorer set once to the last value and fully redrawn.

    Constrained layout settles on its second pass (the axes move by a fraction of a pixel
    between the first and second full draw of kl_gaussian and vae_kl), so both explorers
    get that second pass before the comparison; the reference is then a complete redraw.
    """
    main = ENTRIES[explorer_id].main
    explorer = build(explorer_id)
    explorer.figure.canvas.draw()
    values = control_values(explorer.controls[main], np.random.default_rng(3), n_random=28)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for value in values:
            explorer.controls[main].value = value
    fresh = build(explorer_id)
    fresh.controls[main].value = values[-1]
    fresh.figure.canvas.draw()  # the reference picture: everything drawn from scratch (2nd pass)
    assert explorer.controls[main].value == fresh.controls[main].value == values[-1]
    assert_same_state(explorer, fresh)


@pytest.mark.slow
@pytest.mark.parametrize("explorer_id", IDS)
def test_figure_built_once(build, explorer_id):
    explorer = build(explorer_id)
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


@pytest.mark.slow
@pytest.mark.parametrize("explorer_id", IDS)
def test_display_bundle_and_updates_after_display(build, explorer_id):
    """The view is an Image widget that gets a fresh PNG per update once displayed."""
    main = ENTRIES[explorer_id].main
    explorer = build(explorer_id)
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
    assert_geometry_finite(explorer.figure, f"{explorer_id} after display")
    assert_readout_matches(explorer, explorer_id, "after display")
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


@pytest.mark.slow
@pytest.mark.parametrize("explorer_id", IDS)
def test_one_rendering_path_under_ipympl_too(ipympl_backend, build, explorer_id):
    """With ``%matplotlib widget`` active, an explorer still draws on its own Agg canvas
    and shows PNGs in an Image: the picture does not depend on pyplot's backend."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer = build(explorer_id)
        bundle = explorer._repr_mimebundle_()
    assert type(explorer.figure.canvas) is FigureCanvasAgg
    view = explorer.widget.children[1]
    assert isinstance(view, widgets.Image)
    assert bytes(view.value) == base64.b64decode(bundle["image/png"])


_WITHOUT_IPYMPL = """
import importlib.abc, importlib.util, sys, warnings


class NoIpympl(importlib.abc.MetaPathFinder):
    \"\"\"As if ipympl were not installed: every import of it fails.\"\"\"

    def find_spec(self, name, path=None, target=None):
        if name == "ipympl" or name.startswith("ipympl."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


sys.meta_path.insert(0, NoIpympl())
try:
    import ipympl
except ModuleNotFoundError:
    pass
else:
    raise AssertionError("ipympl imported")
warnings.simplefilter("error")
import infotheory_lib as it

it.setup_notebook(quiet=True)
from infotheory_lib import explorers as ex

for entry in ex.registered():
    e = entry.build()
    assert e._repr_mimebundle_()["image/png"]
    c = e.controls[entry.main]
    c.value = c.max
    assert bytes(e.widget.children[1].value).startswith(b"\\x89PNG"), entry.id
    print(entry.id)
print("ipympl loaded:", any(name.split(".")[0] == "ipympl" for name in sys.modules))
"""


@pytest.mark.slow
def test_explorers_and_setup_work_where_ipympl_cannot_be_imported():
    """Colab, VS Code, JupyterLite: no (working) ipympl. Nothing of the course may need it."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", _WITHOUT_IPYMPL], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [*IDS, "ipympl loaded: False"]


@pytest.mark.slow
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


@pytest.mark.slow
@pytest.mark.parametrize("explorer_id", IDS)
def test_figure_is_freed_once_its_explorer_is_closed(explorer_id):
    explorer = ENTRIES[explorer_id].build()
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
@pytest.mark.slow
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


def assert_panels_titled_labelled_and_inside(explorer, name):
    """A plot without a title or a unit label, or with text outside the canvas, is a bug."""
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


@pytest.mark.slow
@pytest.mark.parametrize("explorer_id", IDS)
def test_titles_stay_inside_the_figure_at_every_position(build, explorer_id):
    """Dynamic titles (e.g. the perplexity explorer's prefix) must fit at every control value."""
    name = explorer_id
    explorer = build(explorer_id)
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
