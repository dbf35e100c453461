"""Latency of the live explorers against an interact-style rebuild of the same figure.

What is measured
----------------
For every explorer (``kl_explorer`` in both modes) the script cycles the
explorer's main control(s) through a sweep of values (up and down its range,
several controls taking turns, so every change is a real change) and times,
with ``time.perf_counter``, per change:

``ours``
    ``explorer.controls[name].value = v`` on one explorer built once, on the
    Agg backend. That call is the whole cost on Agg: the explorer recomputes
    its numbers, moves its artists and blits synchronously (restores the cached
    background, draws the moving artists). No display is involved.

``baseline (figure only)`` -- the fair baseline
    What ``interact`` + the inline backend does per change: re-run a plotting
    function that builds a NEW figure with the same content, lay it out and
    render it, then close it. To be sure the content is the same, the figure is
    built by the explorer function itself with the widgets swapped out: the
    ``ipywidgets`` module seen by ``infotheory_lib.explorers`` is replaced by
    inert stand-ins (a slider is an object holding ``value``; boxes and HTML
    are nothing), and ``explorers.Explorer`` by a class that sets the control
    values of this change, calls the explorer's own update function once to
    place the artists, and renders with ``figure.canvas.draw()`` (constrained
    layout + Agg rendering of every artist). The figure is then closed
    (``plt.close``). No widgets are built and no PNG is encoded, so this
    baseline is a lower bound of what interact + inline costs (inline also
    encodes a PNG, with a tight bounding box that costs another layout pass).

``baseline (new explorer)``
    Literally a new explorer per change: ``explorers.Explorer`` is replaced by
    a subclass that presets the control values before the normal constructor
    runs (figure, ipywidgets controls, widget box, one full draw), then the
    figure is closed. Shown for reference; it also pays for the widgets.

Before timing, each row checks that the rebuilt figure has exactly as many
artists as the live one and that a rebuilt explorer reads out the same
numbers, so the three columns compare the same picture.

The three are interleaved change by change (ours, figure only, new explorer),
so drifts in machine load hit all of them alike. A few changes are run first
as a warm-up (font caches, first layout). Reported: median (p50) and 90th
percentile (p90) in milliseconds.

A second table (informational) times ``ours`` in two display situations:

``core, displayed``
    The course's rendering path: the same explorer after it has been
    displayed (``_repr_mimebundle_``); its view is an ``Image`` widget, so
    each update also encodes a PNG of the canvas for it.
``ipympl, kernel side``
    The reference path: the explorer's figure attached to an ipympl canvas
    widget, after it has received the ``initialized`` message a browser view
    sends when ready (so the canvas sends diff images, as in a live
    JupyterLab session). This is the kernel's cost only: the comm messages
    go nowhere, and the browser's decoding and painting come on top (see
    ``benchmarks/browser_latency.py`` for key press to pixels).

How to read the output
----------------------
``ratio`` is ours p50 / figure-only baseline p50; the target is <= 0.2 (the
live explorer at least 5x faster than rebuilding the figure). ``<= 1 frame``
says whether ours p50 fits one 60 Hz frame (16.7 ms), the aspiration.
Timings on a shared machine are noisy; the load average is printed.

Run ``python benchmarks/explorers.py`` (50 changes per explorer, a few
minutes) or ``--quick`` (10 changes) for a smoke test.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import time
import types
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

from infotheory_lib import explorers

FRAME_MS = 1000 / 60
TARGET_RATIO = 0.2


def sweep(lo, hi, n=13):
    """Up and down a range without repeating a value twice in a row."""
    up = list(np.linspace(lo, hi, n))
    return [float(v) for v in up[:-1] + up[::-1][:-1]]


# name -> (factory, [(control, values), ...]): the controls take turns.
SPECS = {
    "surprise": (explorers.surprise_explorer, [("p", sweep(0.001, 1.0))]),
    "entropy": (explorers.entropy_explorer, [("coin_p", sweep(0.0, 1.0)), ("weight", sweep(0.0, 1.0))]),
    "cross_entropy": (explorers.cross_entropy_explorer, [("z1", sweep(-5.0, 5.0)), ("z3", sweep(-5.0, 5.0))]),
    "kl (categorical)": (
        lambda: explorers.kl_explorer(mode="categorical"),
        [("q1", sweep(0.0, 1.0)), ("p1", sweep(0.05, 0.95))],
    ),
    "kl (gaussian)": (
        lambda: explorers.kl_explorer(mode="gaussian"),
        [("mu_q", sweep(-3.0, 3.0)), ("sigma_q", sweep(0.5, 3.0))],
    ),
    "vae_kl": (explorers.vae_kl_explorer, [("mu", sweep(-3.0, 3.0)), ("log_var", sweep(-3.0, 3.0))]),
    "mutual_information": (explorers.mutual_information_explorer, [("rho", sweep(-0.99, 0.99))]),
    "perplexity": (explorers.perplexity_explorer, [("temperature", sweep(0.1, 5.0))]),
}


def changes(spec, n):
    """The i-th change: (control name, value)."""
    plan = spec[1]
    for i in range(n):
        name, values = plan[i % len(plan)]
        yield name, values[(i // len(plan)) % len(values)]


# --------------------------------------------------------------------------
# Baselines
# --------------------------------------------------------------------------


class _InertControl:
    """Stands in for an ipywidgets slider or toggle: holds ``value``, observes nothing."""

    def __init__(self, *args, value=None, options=None, **kwargs):
        self.value = value if value is not None else (options[0] if options else None)

    def observe(self, *args, **kwargs):
        pass


def _nothing(*args, **kwargs):
    return None


_INERT_WIDGETS = types.SimpleNamespace(
    FloatSlider=_InertControl,
    IntSlider=_InertControl,
    ToggleButtons=_InertControl,
    HBox=_nothing,
    VBox=_nothing,
    HTML=_nothing,
    Image=_nothing,
)


class _FigureOnly:
    """Replaces ``Explorer``: apply the values, place the artists once, render. No widgets."""

    values: dict = {}

    def __init__(self, figure, controls, *, update, **kwargs):
        for name, value in self.values.items():
            controls[name].value = value
        self.readout = update({name: c.value for name, c in controls.items()})
        figure.canvas.draw()
        self.figure = figure


class _Preset(explorers.Explorer):
    """A full explorer (widgets and all) whose controls start at the given values."""

    values: dict = {}

    def __init__(self, figure, controls, **kwargs):
        for name, value in self.values.items():
            controls[name].value = value
        super().__init__(figure, controls, **kwargs)


@contextlib.contextmanager
def _patched(**attributes):
    saved = {name: getattr(explorers, name) for name in attributes}
    for name, value in attributes.items():
        setattr(explorers, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(explorers, name, value)


def build_figure_only(factory, values):
    _FigureOnly.values = values
    with _patched(widgets=_INERT_WIDGETS, Explorer=_FigureOnly):
        return factory()


def build_new_explorer(factory, values):
    _Preset.values = values
    with _patched(Explorer=_Preset):
        return factory()


# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------


def check_same_content(name, factory, live):
    values = {n: c.value for n, c in live.controls.items()}
    rebuilt = build_figure_only(factory, values)
    n_live, n_rebuilt = len(live.figure.findobj()), len(rebuilt.figure.findobj())
    plt.close(rebuilt.figure)
    assert n_live == n_rebuilt, f"{name}: {n_live} artists live, {n_rebuilt} rebuilt"
    full = build_new_explorer(factory, values)
    assert full.readout() == live.readout(), f"{name}: the rebuilt explorer reads out other numbers"
    full.close()


def time_row(name, spec, n_changes, n_warmup):
    factory = spec[0]
    live = factory()
    check_same_content(name, factory, live)
    ours, figure_only, new_explorer = [], [], []
    for i, (control, value) in enumerate(changes(spec, n_warmup + n_changes)):
        t0 = time.perf_counter()
        live.controls[control].value = value
        t1 = time.perf_counter()
        values = {n: c.value for n, c in live.controls.items()}

        t2 = time.perf_counter()
        rebuilt = build_figure_only(factory, values)
        plt.close(rebuilt.figure)
        t3 = time.perf_counter()

        t4 = time.perf_counter()
        full = build_new_explorer(factory, values)
        plt.close(full.figure)
        t5 = time.perf_counter()
        full.close()
        if i >= n_warmup:
            ours.append(t1 - t0)
            figure_only.append(t3 - t2)
            new_explorer.append(t5 - t4)
    live.close()
    return ours, figure_only, new_explorer


def time_changes(live, spec, n_changes, n_warmup):
    """Seconds per control change of an explorer already set up, after a warm-up."""
    times = []
    for i, (control, value) in enumerate(changes(spec, n_warmup + n_changes)):
        t0 = time.perf_counter()
        live.controls[control].value = value
        if i >= n_warmup:
            times.append(time.perf_counter() - t0)
    live.close()
    return times


def time_displayed_agg(spec, n_changes, n_warmup):
    live = spec[0]()
    live._repr_mimebundle_()  # from now on every update also renders a PNG for the Image view
    return time_changes(live, spec, n_changes, n_warmup)


def time_ipympl(spec, n_changes, n_warmup):
    from ipympl.backend_nbagg import Canvas, FigureManager

    live = spec[0]()
    canvas = Canvas(live.figure)  # the explorer now redraws through ipympl's canvas
    FigureManager(canvas, 0)
    canvas._handle_message(canvas, {"type": "initialized"}, [])  # what a ready browser view sends
    return time_changes(live, spec, n_changes, n_warmup)


def ms(times, q):
    return 1e3 * (statistics.median(times) if q == 50 else float(np.percentile(times, q)))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 changes per explorer (smoke test)")
    parser.add_argument("--changes", type=int, help="timed changes per explorer (default 50, quick 10)")
    parser.add_argument("--only", action="append", choices=list(SPECS), help="run only these explorers")
    parser.add_argument("--no-display-table", action="store_true", help="skip the second table")
    args = parser.parse_args(argv)
    n_changes = args.changes or (10 if args.quick else 50)
    n_warmup = 2 if args.quick else 5
    names = args.only or list(SPECS)

    matplotlib.use("Agg")
    warnings.simplefilter("ignore", DeprecationWarning)  # ipympl 0.10's Toolbar vs traitlets

    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    print(
        f"Python {platform.python_version()}, matplotlib {matplotlib.__version__}, "
        f"{os.cpu_count()} CPUs, load average {' '.join(f'{x:.1f}' for x in load)}; "
        f"{n_changes} timed changes per explorer after {n_warmup} warm-up changes.\n"
    )

    rows = []
    for name in names:
        ours, figure_only, new_explorer = time_row(name, SPECS[name], n_changes, n_warmup)
        rows.append((name, ms(ours, 50), ms(ours, 90), ms(figure_only, 50), ms(new_explorer, 50)))
        print(f"  measured {name}", flush=True)
    print()
    print(
        "| explorer | ours p50 (ms) | ours p90 (ms) | baseline p50, figure only (ms) "
        "| baseline p50, new explorer (ms) | ratio p50 ours/baseline | target | met? "
        "| ours p50 <= 16.7 ms (1 frame)? |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for name, p50, p90, base, base_full in rows:
        ratio = p50 / base
        print(
            f"| {name} | {p50:.1f} | {p90:.1f} | {base:.1f} | {base_full:.1f} | {ratio:.3f} "
            f"| <= {TARGET_RATIO} | {'yes' if ratio <= TARGET_RATIO else 'NO'} "
            f"| {'yes' if p50 <= FRAME_MS else 'no'} |"
        )

    if args.no_display_table:
        return
    displayed = {name: time_displayed_agg(SPECS[name], n_changes, n_warmup) for name in names}
    try:
        import ipympl  # noqa: F401
    except ImportError:
        ipympl_times = {}
    else:
        ipympl_times = {name: time_ipympl(SPECS[name], n_changes, n_warmup) for name in names}
    print()
    print(
        "| explorer | core, displayed (Image view, PNG per update) p50 / p90 (ms) "
        "| ipympl, kernel side p50 / p90 (ms) |"
    )
    print("| --- | ---: | ---: |")
    for name in names:
        agg = displayed[name]
        ipy = ipympl_times.get(name)
        ipy_text = f"{ms(ipy, 50):.1f} / {ms(ipy, 90):.1f}" if ipy else "ipympl not installed"
        print(f"| {name} | {ms(agg, 50):.1f} / {ms(agg, 90):.1f} | {ipy_text} |")


if __name__ == "__main__":
    main()
