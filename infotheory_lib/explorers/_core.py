"""The machinery shared by every explorer: the :class:`Explorer` widget, the
control helpers, and the registry.

Each explorer is a factory function that builds a matplotlib figure once,
makes its controls, and returns an :class:`Explorer`. The figure is built
once; a control change only updates the data of the artists that move and
redraws them by blitting over a cached background (no new figure, no layout
pass). Every number shown comes from the compute modules.

Adding an explorer
------------------
Write the factory in a module of this package (``sections.py`` holds the
article's seven; a topic of its own gets a module, e.g. ``calibration.py``),
build its controls with :func:`float_slider`, :func:`int_slider`,
:func:`toggle` and :func:`dropdown` (and arrange them, if needed, with
:func:`row`, :func:`column` and :func:`titled_column`: then
:func:`figure_only` can build it without widgets for the benchmark), and
declare it next to itself with :func:`register`::

    from ._core import Explorer, float_slider, register

    def _expect_thing(values):          # the readout, recomputed (the tests need it)
        return {"h": binary_entropy(values["p"])}

    @register(
        "thing",                        # registry id, unique
        notebook="08_thing.ipynb",      # the notebook whose cell calls it
        sweep={"p": (0.0, 1.0)},        # controls the benchmarks and browser tests
                                        # move, and over which range; the first
                                        # is the explorer's main control
        expected_readout=_expect_thing, # values -> the readout, by the compute modules
    )
    def thing_explorer(p=0.5):
        ...
        return Explorer(fig, {"p": float_slider("p", p, 0.0, 1.0, 0.01)}, ...)

A factory with several modes registers once per call: stack the decorators,
each with its own ``id`` and ``kwargs`` (``kwargs={"mode": "gaussian"}``); they
are listed top to bottom. Finally put the factory's name in the module's
``__all__`` and add one line ``from .thing import *`` to
``explorers/__init__.py`` (``explorers.__all__`` is the union of the
submodules' ``__all__``), and call it in its notebook.

Everything else follows from the registry: the headless tests
(``tests/test_explorers.py``: every control over its range, the readout
against ``expected_readout``, the notebook calls it), the browser tests'
gallery, the benchmarks, the README-image tool and the explorer table in
``docs/API.md`` (regenerate it with ``python -m tools.api_explorers``) all
iterate over :func:`registered`.
"""

from __future__ import annotations

import base64
import contextlib
import contextvars
import html
import inspect
import struct
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets
import numpy as np

from .. import plots

__all__ = [
    "Explorer",
    "Registration",
    "float_slider",
    "int_slider",
    "toggle",
    "dropdown",
    "row",
    "column",
    "titled_column",
    "register",
    "registered",
    "get",
    "preset",
    "figure_only",
]

# ---------------------------------------------------------------------------
# Controls
# ---------------------------------------------------------------------------

_SLIDER_LAYOUT = {"width": "320px"}
_SLIDER_STYLE = {"description_width": "110px"}

#: Set by figure_only(): control helpers return value holders, Explorer builds no widget.
_FIGURE_ONLY: contextvars.ContextVar[bool] = contextvars.ContextVar("explorer_figure_only", default=False)


class _InertControl:
    """What a control helper returns under :func:`figure_only`: the value, no widget."""

    def __init__(self, value, **attributes):
        self.value = value
        self.__dict__.update(attributes)

    def observe(self, *args, **kwargs):
        """Nothing is observed: the value changes only when set before the figure is drawn."""


def float_slider(description, value, lo, hi, step, fmt=".2f"):
    """A continuous-update ``FloatSlider`` of the explorers' width and label style."""
    if _FIGURE_ONLY.get():
        return _InertControl(value, min=lo, max=hi)
    return widgets.FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=True,
        layout=_SLIDER_LAYOUT,
        style=_SLIDER_STYLE,
    )


def int_slider(description, value, lo, hi, step=1):
    """A continuous-update ``IntSlider`` of the explorers' width and label style."""
    if _FIGURE_ONLY.get():
        return _InertControl(value, min=lo, max=hi)
    return widgets.IntSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        continuous_update=True,
        layout=_SLIDER_LAYOUT,
        style=_SLIDER_STYLE,
    )


def toggle(description, options, value=None):
    """``ToggleButtons`` over ``options`` (the first one selected unless ``value`` is given)."""
    value = value if value is not None else options[0]
    if _FIGURE_ONLY.get():
        return _InertControl(value, options=tuple(options))
    return widgets.ToggleButtons(
        options=options,
        value=value,
        description=description,
        style={"description_width": "110px", "button_width": "80px"},
    )


def dropdown(description, options, value=None, width="330px"):
    """A ``Dropdown`` over ``options`` (the first one selected unless ``value`` is given)."""
    options = list(options)
    value = value if value is not None else options[0]
    if _FIGURE_ONLY.get():
        return _InertControl(value, options=tuple(options))
    return widgets.Dropdown(
        options=options,
        value=value,
        description=description,
        layout={"width": width},
        style=_SLIDER_STYLE,
    )


def row(children, *, wrap=True):
    """Controls side by side (a ``controls_box``), wrapping onto new lines in a narrow page if ``wrap``."""
    if _FIGURE_ONLY.get():
        return None
    return widgets.HBox(list(children), layout={"flex_flow": "row wrap"} if wrap else {})


def column(children):
    """Controls (or rows) one under the other (a ``controls_box``)."""
    if _FIGURE_ONLY.get():
        return None
    return widgets.VBox(list(children))


def titled_column(controls, names, title, color):
    """A column of the named controls under a coloured bold title (e.g. "p (data)")."""
    if _FIGURE_ONLY.get():
        return None
    header = widgets.HTML(f'<b style="color:{color}; font-size:14px">{title}</b>')
    return widgets.VBox([header, *[controls[n] for n in names]])


# ---------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Registration:
    """One registered explorer call: what the tests, benchmarks and tools iterate over.

    Attributes
    ----------
    id : str
        Unique name of this call (``"kl_gaussian"``).
    factory : callable
        The explorer function (``kl_explorer``).
    notebook : str
        File name of the notebook in ``notebooks/`` whose cells call it.
    sweep : dict[str, tuple[float, float]]
        The controls benchmarks and browser tests move, each with the part
        of its range to sweep, ``(lo, hi)``; the first is the main control.
    kwargs : dict
        Keyword arguments of this call (``{"mode": "gaussian"}``).
    expected_readout : callable or None
        ``expected_readout(values) -> dict[str, float]``: the readout for
        the control values ``values``, recomputed by calling the compute
        modules directly (the tests compare it with ``Explorer.readout()``).
    """

    id: str
    factory: Callable[..., Explorer]
    notebook: str
    sweep: Mapping[str, tuple[float, float]]
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    expected_readout: Callable[[dict], dict] | None = None

    @property
    def name(self) -> str:
        """The factory's name (``"kl_explorer"``)."""
        return self.factory.__name__

    @property
    def main(self) -> str:
        """The main control: the first one swept."""
        return next(iter(self.sweep))

    @property
    def call(self) -> str:
        """The call as a notebook cell writes it: ``kl_explorer(mode="gaussian")``."""
        args = ", ".join(f"{key}={_literal(value)}" for key, value in self.kwargs.items())
        return f"{self.name}({args})"

    def build(self, **overrides) -> Explorer:
        """Call the factory with this entry's keyword arguments (``overrides`` win)."""
        return self.factory(**{**self.kwargs, **overrides})

    def sweep_values(self, control: str, n: int = 13) -> list:
        """Up and down the swept range of ``control`` in ``n`` steps, no value twice in a row.

        Integers if both ends of the range are integers (an ``IntSlider``), floats otherwise.
        """
        lo, hi = self.sweep[control]
        if isinstance(lo, int) and isinstance(hi, int):
            up = sorted({int(round(v)) for v in np.linspace(lo, hi, n)})
        else:
            up = [float(v) for v in np.linspace(lo, hi, n)]
        return up[:-1] + up[::-1][:-1]


def _literal(value) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


_REGISTRY: list[Registration] = []


def register(
    id: str,
    *,
    notebook: str,
    sweep: Mapping[str, tuple[float, float]],
    kwargs: Mapping[str, Any] | None = None,
    expected_readout: Callable[[dict], dict] | None = None,
):
    """Decorator: register one call of an explorer factory (see the module docstring).

    Parameters
    ----------
    id : str
        Unique registry id of this call.
    notebook : str
        The notebook (file name in ``notebooks/``) that calls it.
    sweep : dict[str, tuple[float, float]]
        Controls to sweep and their ``(lo, hi)`` ranges; the first is the main control.
    kwargs : dict, optional
        Keyword arguments of the call (one entry per mode of a factory).
    expected_readout : callable, optional
        ``values -> dict``: the readout recomputed from the control values.

    Returns
    -------
    callable
        The decorator; it returns the factory unchanged.
    """
    if not isinstance(id, str) or not id.isidentifier():
        raise ValueError(f"id must be an identifier-like string, got {id!r}")
    if any(entry.id == id for entry in _REGISTRY):
        raise ValueError(f"id {id!r} is already registered")
    if not isinstance(notebook, str) or not notebook.endswith(".ipynb") or "/" in notebook:
        raise ValueError(
            f"notebook must be a notebook file name like '04_kl_divergence.ipynb', got {notebook!r}"
        )
    if not isinstance(sweep, Mapping) or not sweep:
        raise ValueError(f"sweep must be a non-empty dict control -> (lo, hi), got {sweep!r}")
    for control, bounds in sweep.items():
        if not (isinstance(bounds, tuple) and len(bounds) == 2 and bounds[0] < bounds[1]):
            raise ValueError(f"sweep[{control!r}] must be a pair (lo, hi) with lo < hi, got {bounds!r}")
    if expected_readout is not None and not callable(expected_readout):
        raise TypeError(f"expected_readout must be callable, got {type(expected_readout).__name__}")
    kwargs = dict(kwargs or {})

    def decorate(factory):
        try:
            inspect.signature(factory).bind(**kwargs)
        except TypeError as exc:
            raise TypeError(f"kwargs {kwargs!r} do not fit {factory.__name__}: {exc}") from None
        entry = Registration(id, factory, notebook, dict(sweep), kwargs, expected_readout)
        # Stacked decorators apply bottom-up: insert before the factory's other entries,
        # so the registry lists them top to bottom as written.
        first = next((i for i, e in enumerate(_REGISTRY) if e.factory is factory), len(_REGISTRY))
        _REGISTRY.insert(first, entry)
        return factory

    return decorate


def registered() -> list[Registration]:
    """Every registered explorer call (a new list), in reading order: by notebook, then as registered."""
    return sorted(_REGISTRY, key=lambda entry: entry.notebook)


def get(id: str) -> Registration:
    """The registration with this ``id``."""
    for entry in _REGISTRY:
        if entry.id == id:
            return entry
    raise ValueError(f"no explorer registered as {id!r}; registered: {', '.join(e.id for e in _REGISTRY)}")


# ---------------------------------------------------------------------------
# Building for benchmarks: a new explorer at given values, or its figure only
# ---------------------------------------------------------------------------

_PRESET: contextvars.ContextVar[Mapping[str, Any] | None] = contextvars.ContextVar(
    "explorer_preset", default=None
)


@contextlib.contextmanager
def preset(values: Mapping[str, Any]):
    """Explorers built inside this block start with their controls at ``values``.

    The values are set on the factory's controls before the :class:`Explorer`
    draws anything, so the first picture is already of that state. Used by
    ``benchmarks/explorers.py`` to time "a new explorer per change".
    """
    if not isinstance(values, Mapping):
        raise TypeError(f"values must be a mapping control name -> value, got {type(values).__name__}")
    token = _PRESET.set(dict(values))
    try:
        yield
    finally:
        _PRESET.reset(token)


@contextlib.contextmanager
def figure_only():
    """Explorers built inside this block are only their figure, drawn once: no widget at all.

    The control helpers (:func:`float_slider`, :func:`int_slider`,
    :func:`toggle`, :func:`dropdown`) return plain value holders, the box
    helpers (:func:`row`, :func:`column`, :func:`titled_column`) nothing, and
    :class:`Explorer` sets the :func:`preset` values, runs the explorer's
    update once and draws the whole figure (layout included), with no view,
    readout or observer. That is what re-running a plotting function costs
    (``ipywidgets.interact``): ``benchmarks/explorers.py`` times it as the
    baseline. The result has ``figure`` and ``readout()`` and nothing live.
    A factory that builds ipywidgets itself instead of using these helpers
    cannot be built this way (ipywidgets refuses the value holders).
    """
    token = _FIGURE_ONLY.set(True)
    try:
        yield
    finally:
        _FIGURE_ONLY.reset(token)


# ---------------------------------------------------------------------------
# The widget
# ---------------------------------------------------------------------------


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def _encode_png(rgba: np.ndarray) -> bytes:
    """An 8-bit RGB PNG of an ``(height, width, 4)`` uint8 RGBA array (alpha dropped), filter none."""
    from PIL import Image  # Pillow drops the alpha bytes faster than a strided numpy copy

    height, width, _ = rgba.shape
    rgb = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1).convert("RGB").tobytes()
    rows = np.empty((height, 1 + 3 * width), np.uint8)
    rows[:, 0] = 0  # each scanline starts with its filter type: 0, none
    rows[:, 1:] = np.frombuffer(rgb, np.uint8).reshape(height, 3 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, RGB, deflate, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), 1))
        + _png_chunk(b"IEND", b"")
    )


#: The explorers' page style (a ``<style>`` in a hidden HTML widget of each explorer; it applies to the page).
#: JupyterLab's dark theme (``data-jp-theme-light="false"``, also Voilà's ``?voila-theme=dark``): the
#: pictures are light matplotlib figures, so they are dimmed uniformly (every colour scaled alike: hues and
#: their order kept) and get rounded corners, and so do the notebook's stored figures; in both themes the
#: selected option of a toggle is filled with the theme's brand colour so that it stands out.
THEME_CSS = """<style>
[data-jp-theme-light="false"] .infotheory-explorer-figure,
[data-jp-theme-light="false"] .jp-RenderedImage img {
  filter: brightness(0.85); border-radius: 6px;
}
.infotheory-explorer .widget-toggle-button.mod-active {
  background: var(--jp-brand-color1, #1976d2); color: #fff; font-weight: 600;
}
</style>"""


class Explorer:
    """One live widget: controls, a picture of a matplotlib figure and a numeric readout.

    Rendering needs only the core ipywidgets, so it works wherever they do
    (JupyterLab, Notebook, Voilà, VS Code, Colab, JupyterLite): the figure
    lives on a plain Agg canvas in the kernel, and after every change the
    explorer sends the new picture as a PNG to an ``ipywidgets.Image``.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        Built once by the explorer function (:func:`plots.new_figure`), with
        fixed axis limits.
    controls : dict[str, ipywidgets.Widget]
        Named controls; a change of any ``value`` triggers an update.
    update : callable
        ``update(values) -> dict[str, float]``: reads the control values,
        moves the dynamic artists, returns the readout numbers.
    dynamic : list of Artist
        The artists ``update`` changes; they are blitted over a cached
        background of everything else.
    readout_spec : list of (key, label, unit)
        How the readout line shows each number (unit may be "").
    full_redraw : set of str
        Controls whose change alters the static part (labels, limits), so
        a full redraw is needed instead of a blit.
    controls_box : ipywidgets.Widget, optional
        A custom arrangement of the controls (default: a wrapping row).

    Attributes
    ----------
    controls, figure : as above.
    widget : ipywidgets.VBox
        What is displayed: controls, the picture, the page style (:data:`THEME_CSS`, hidden), the readout line.
    """

    #: CSS classes of the displayed widget and of its picture (for styling and browser tests).
    CSS_CLASS = "infotheory-explorer"
    FIGURE_CSS_CLASS = "infotheory-explorer-figure"

    def __init__(self, figure, controls, *, update, dynamic, readout_spec, full_redraw=(), controls_box=None):
        self.figure = figure
        self.controls = dict(controls)
        for name, value in (_PRESET.get() or {}).items():  # see preset()
            if name not in self.controls:
                raise ValueError(
                    f"preset names no control of this explorer: {name!r} (controls: {list(self.controls)})"
                )
            self.controls[name].value = value
        if _FIGURE_ONLY.get():  # see figure_only(): the picture of this state, nothing live
            self._values = update({name: c.value for name, c in self.controls.items()})
            figure.canvas.draw()
            self.widget = None
            return
        self._update = update
        self._dynamic = list(dynamic)
        self._spec = list(readout_spec)
        self._full_redraw = set(full_redraw)
        self._values = {}
        self._background = None
        self._displayed = False
        width, _ = figure.canvas.get_width_height()
        # Shown at its pixel size, and scaled down (never up) in a narrower page.
        self._view = widgets.Image(
            format="png", layout={"width": "100%", "max_width": f"{width}px", "height": "auto"}
        )
        self._view.add_class(self.FIGURE_CSS_CLASS)
        for artist in self._dynamic:
            artist.set_animated(True)
        self._draw_cid = figure.canvas.mpl_connect("draw_event", self._on_draw)
        self._readout_html = widgets.HTML(layout={"margin": "0 0 0 8px"})
        box = controls_box or row(self.controls.values())
        style = widgets.HTML(THEME_CSS, layout={"display": "none"})  # see THEME_CSS
        self.widget = widgets.VBox([box, self._view, style, self._readout_html])
        self.widget.add_class(self.CSS_CLASS)
        for name, control in self.controls.items():
            control.observe(self._on_change, names="value")
            control._explorer_name = name
        self._settle_layout()
        self.refresh(full=True)

    # -- the protocol -------------------------------------------------------
    def readout(self) -> dict[str, float]:
        """The numbers the explorer currently shows."""
        return {k: float(v) for k, v in self._values.items()}

    def refresh(self, *, full=False):
        """Recompute from the current control values and redraw."""
        values = {name: c.value for name, c in self.controls.items()}
        self._values = self._update(values)
        self._readout_html.value = self._format_readout()
        self._redraw(full=full)

    def close(self):
        """Close every widget of the explorer and release its figure.

        ipywidgets keeps each widget alive until it is closed, so an
        explorer whose cell is re-run stays in memory; call ``close()`` on
        one you no longer need (e.g. in a long classroom session).

        Every widget the explorer made is closed: the displayed tree, the
        controls (also those not shown in it), and the ``Layout`` and
        ``Style`` widgets each of them owns, so the kernel's widget
        registry returns to its size before the explorer was built.
        Closing twice does nothing more.
        """
        if self.widget is None:  # figure_only(): no widgets were made
            return
        self.figure.canvas.mpl_disconnect(self._draw_cid)
        seen = set()
        stack = [self.widget, *self.controls.values()]
        while stack:
            widget = stack.pop()
            if not isinstance(widget, widgets.Widget) or id(widget) in seen:
                continue
            seen.add(id(widget))
            stack.extend(getattr(widget, "children", ()))
            for owned in ("layout", "style"):  # widgets of their own in the registry
                stack.append(getattr(widget, owned, None))
            widget.close()
        self._background = None

    # -- internals ----------------------------------------------------------
    def _settle_layout(self, max_draws=6):
        """Run constrained layout until it stops moving, then freeze it.

        It converges over a few draws (tick labels are measured after the
        first); frozen, every later full redraw has the geometry of the
        background cached for blitting.
        """
        figure = self.figure
        for _ in range(max_draws):
            before = [ax.get_position().bounds for ax in figure.axes]
            figure.canvas.draw()
            if before == [ax.get_position().bounds for ax in figure.axes]:
                break
        figure.set_layout_engine("none")

    def _on_change(self, change):
        # A widget callback's exception would only reach the kernel's log: the learner
        # would see a frozen plot. Say what happened where they are looking instead.
        try:
            self.refresh(full=getattr(change["owner"], "_explorer_name", None) in self._full_redraw)
        except Exception as exc:  # every error must reach the learner
            self._readout_html.value = self._format_error(exc)

    @staticmethod
    def _format_error(exc) -> str:
        text = html.escape(f"{type(exc).__name__}: {exc}")
        return (
            '<div style="font-size:15px; color:#B00020"><b>⚠ This explorer hit an error</b> '
            f"(the plot still shows the last good state): {text}</div>"
        )

    def _on_draw(self, event):
        canvas = self.figure.canvas
        if canvas.is_saving():  # a savefig drew everything: the cache is stale
            self._background = None
            return
        self._background = canvas.copy_from_bbox(self.figure.bbox)
        self._draw_dynamic()

    def _draw_dynamic(self):
        for artist in self._dynamic:
            self.figure.draw_artist(artist)

    def _redraw(self, *, full):
        canvas = self.figure.canvas
        if full or self._background is None:
            canvas.draw()  # the draw_event handler caches the background
        else:
            canvas.restore_region(self._background)
            self._draw_dynamic()
            canvas.blit(self.figure.bbox)
        if self._displayed:  # headless use (tests, scripts) skips the encoding
            self._view.value = self._png()

    def _png(self) -> bytes:
        """The canvas as it is now, as a PNG (no redraw: blits stay cheap).

        Lossless RGB (the figure is opaque), every row with PNG filter type 0
        (none) and zlib level 1: flat-coloured plots compress about as well
        as with Pillow's adaptive per-row filters, which cost more than the
        compression itself; about half of Pillow's time at level 1
        (``benchmarks/explorers.py --breakdown``) for files a few per cent
        larger.
        """
        if self._background is None:
            self.figure.canvas.draw()
        return _encode_png(np.asarray(self.figure.canvas.buffer_rgba()))

    def _readout_parts(self, spec) -> list[str]:
        """One HTML item per ``(key, label, unit)``; a narrow page wraps between items, never inside one."""
        parts = []
        for key, label, unit in spec:
            text = plots.format_value(self._values[key]) + ("\u00a0" + unit if unit else "")
            parts.append(f'<span style="white-space:nowrap"><b>{label}</b> = {text}</span>')
        return parts

    @staticmethod
    def _readout_markup(parts) -> str:
        return '<div style="font-size:15px">' + " &nbsp;·&nbsp; ".join(parts) + "</div>"

    def _format_readout(self) -> str:
        return self._readout_markup(self._readout_parts(self._spec))

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, plus a PNG of the current state for static viewers."""
        self._displayed = True
        png = self._png()
        self._view.value = png
        # The widget view, written out rather than asked of the widget: ipywidgets 8
        # has _repr_mimebundle_, 7 (still in Colab) only _ipython_display_; both
        # display exactly this.
        widget_view = {"version_major": 2, "version_minor": 0, "model_id": self.widget.model_id}
        return {
            "application/vnd.jupyter.widget-view+json": widget_view,
            "image/png": base64.b64encode(png).decode("ascii"),
            "text/plain": f"<{type(self).__name__}: "
            + ", ".join(f"{k}={plots.format_value(v)}" for k, v in self._values.items())
            + ">",
        }
