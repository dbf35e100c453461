"""Latency of the live explorers against an interact-style rebuild of the same figure.

What is measured
----------------
For every registered explorer call (``explorers.registered()``, so
``kl_explorer`` in both modes) the script cycles the controls its
registration sweeps through their ranges (up and down, several controls
taking turns, so every change is a real change) and times, with
``time.perf_counter``, per change:

``ours``
    ``explorer.controls[name].value = v`` on one explorer built once, on the
    Agg backend. That call is the whole cost on Agg: the explorer recomputes
    its numbers, moves its artists and blits synchronously (restores the cached
    background, draws the moving artists). No display is involved.

``baseline (figure only)`` -- the fair baseline
    What ``interact`` + the inline backend does per change: re-run a plotting
    function that builds a NEW figure with the same content, lay it out and
    render it, then close it. To be sure the content is the same, the figure is
    built by the explorer function itself, inside
    ``explorers.figure_only()`` and ``explorers.preset(values)``: the control
    helpers return plain value holders (no widget), and the explorer sets the
    values of this change, calls its own update function once to place the
    artists, and renders with ``figure.canvas.draw()`` (constrained layout +
    Agg rendering of every artist). The figure is then closed
    (``plt.close``). No widgets are built and no PNG is encoded, so this
    baseline is a lower bound of what interact + inline costs (inline also
    encodes a PNG, with a tight bounding box that costs another layout pass).
    An explorer that builds ipywidgets itself instead of using the helpers of
    ``explorers._core`` has no figure-only build: its row says n/a.

``baseline (new explorer)``
    Literally a new explorer per change, inside ``explorers.preset(values)``:
    the control values are set before the explorer draws anything (figure,
    ipywidgets controls, widget box, layout, full draw), then the figure is
    closed. Shown for reference; it also pays for the widgets.

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

``--png`` prints only a third table: the cost of a displayed update with the
course's PNG encoder (``Explorer._png``: filter none, zlib level 1) against
the Pillow encoder it replaced (adaptive row filters, zlib level 1), two
explorers taking the same changes in turn, with each encoder's own time and
the picture's size; both pictures are checked to decode to the canvas.

Run ``python -m benchmarks.explorers`` from the repository root (50 changes
per explorer, a few minutes) or ``--quick`` (10 changes) for a smoke test.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from traitlets import TraitError

from infotheory_lib import explorers

FRAME_MS = 1000 / 60
TARGET_RATIO = 0.2

#: Every registered explorer call, by registry id.
ENTRIES = {entry.id: entry for entry in explorers.registered()}


def changes(entry, n):
    """The i-th change: (control name, value); the swept controls take turns."""
    plan = [(control, entry.sweep_values(control)) for control in entry.sweep]
    for i in range(n):
        name, values = plan[i % len(plan)]
        yield name, values[(i // len(plan)) % len(values)]


# --------------------------------------------------------------------------
# Baselines
# --------------------------------------------------------------------------


def build_figure_only(entry, values):
    """The explorer's figure for these control values, drawn once; no widgets (None if impossible)."""
    try:
        with explorers.figure_only(), explorers.preset(values):
            return entry.build()
    except TraitError:  # ipywidgets refuse value holders: a factory that builds widgets itself
        return None


def build_new_explorer(entry, values):
    """A complete new explorer whose controls start at these values."""
    with explorers.preset(values):
        return entry.build()


# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------


def check_same_content(entry, live):
    """The rebuilt figure has the live one's artists and the rebuilt explorers its readout.

    Returns whether the explorer has a figure-only build.
    """
    values = {n: c.value for n, c in live.controls.items()}
    rebuilt = build_figure_only(entry, values)
    if rebuilt is not None:
        n_live, n_rebuilt = len(live.figure.findobj()), len(rebuilt.figure.findobj())
        plt.close(rebuilt.figure)
        assert n_live == n_rebuilt, f"{entry.id}: {n_live} artists live, {n_rebuilt} rebuilt"
        assert rebuilt.readout() == live.readout(), (
            f"{entry.id}: the figure-only build reads out other numbers"
        )
    full = build_new_explorer(entry, values)
    assert full.readout() == live.readout(), f"{entry.id}: the rebuilt explorer reads out other numbers"
    full.close()
    return rebuilt is not None


def time_row(entry, n_changes, n_warmup):
    live = entry.build()
    has_figure_only = check_same_content(entry, live)
    ours, figure_only, new_explorer = [], [], []
    for i, (control, value) in enumerate(changes(entry, n_warmup + n_changes)):
        t0 = time.perf_counter()
        live.controls[control].value = value
        t1 = time.perf_counter()
        values = {n: c.value for n, c in live.controls.items()}

        t2 = time.perf_counter()
        if has_figure_only:
            rebuilt = build_figure_only(entry, values)
            plt.close(rebuilt.figure)
        t3 = time.perf_counter()

        t4 = time.perf_counter()
        full = build_new_explorer(entry, values)
        plt.close(full.figure)
        t5 = time.perf_counter()
        full.close()
        if i >= n_warmup:
            ours.append(t1 - t0)
            figure_only.append(t3 - t2)
            new_explorer.append(t5 - t4)
    live.close()
    return ours, figure_only if has_figure_only else None, new_explorer


def time_changes(live, entry, n_changes, n_warmup):
    """Seconds per control change of an explorer already set up, after a warm-up."""
    times = []
    for i, (control, value) in enumerate(changes(entry, n_warmup + n_changes)):
        t0 = time.perf_counter()
        live.controls[control].value = value
        if i >= n_warmup:
            times.append(time.perf_counter() - t0)
    live.close()
    return times


def time_displayed_agg(entry, n_changes, n_warmup):
    live = entry.build()
    live._repr_mimebundle_()  # from now on every update also renders a PNG for the Image view
    return time_changes(live, entry, n_changes, n_warmup)


def time_ipympl(entry, n_changes, n_warmup):
    from ipympl.backend_nbagg import Canvas, FigureManager

    live = entry.build()
    canvas = Canvas(live.figure)  # the explorer now redraws through ipympl's canvas
    FigureManager(canvas, 0)
    canvas._handle_message(canvas, {"type": "initialized"}, [])  # what a ready browser view sends
    return time_changes(live, entry, n_changes, n_warmup)


def pillow_png(live) -> bytes:
    """The encoding explorers used before (Pillow, RGB, zlib level 1, adaptive filters): the reference."""
    import io

    from PIL import Image

    rgba = np.asarray(live.figure.canvas.buffer_rgba())
    height, width, _ = rgba.shape
    image = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1).convert("RGB")
    buf = io.BytesIO()
    image.save(buf, format="png", compress_level=1)
    return buf.getvalue()


def time_png(entry, n_changes, n_warmup):
    """Per displayed update: the explorer's own PNG encoding against Pillow's, change by change.

    Two displayed explorers take the same changes in turn; one encodes with
    ``Explorer._png`` (the course's), the other with :func:`pillow_png`. Also
    timed: each encoder alone on the same canvas, and the picture's size.
    Both pictures must decode to the canvas's pixels (lossless).
    """
    import io

    from PIL import Image

    ours, pillow = entry.build(), entry.build()
    ours._repr_mimebundle_()
    pillow._repr_mimebundle_()
    pillow._png = lambda: pillow_png(pillow)  # this instance only
    totals = {"ours": [], "pillow": []}
    encode = {"ours": [], "pillow": []}
    sizes = {"ours": [], "pillow": []}
    for i, (control, value) in enumerate(changes(entry, n_warmup + n_changes)):
        for key, live in (("ours", ours), ("pillow", pillow)):
            t0 = time.perf_counter()
            live.controls[control].value = value
            t1 = time.perf_counter()
            data = live._png()
            t2 = time.perf_counter()
            if i >= n_warmup:
                totals[key].append(t1 - t0)
                encode[key].append(t2 - t1)
                sizes[key].append(len(data))
        if i == n_warmup:  # lossless: both decode to the canvas
            rgb = np.asarray(ours.figure.canvas.buffer_rgba())[:, :, :3]
            for data in (ours._png(), pillow_png(ours)):
                assert np.array_equal(np.asarray(Image.open(io.BytesIO(data)).convert("RGB")), rgb)
    ours.close()
    pillow.close()
    return totals, encode, sizes


def png_table(names, n_changes, n_warmup):
    print(
        "| explorer | update p50, ours (ms) | update p50, Pillow PNG (ms) | ratio | "
        "encode p50 ours / Pillow (ms) | PNG size ours / Pillow (KiB) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in names:
        totals, encode, sizes = time_png(ENTRIES[name], n_changes, n_warmup)
        a, b = ms(totals["ours"], 50), ms(totals["pillow"], 50)
        print(
            f"| {name} | {a:.1f} | {b:.1f} | {a / b:.2f} | {ms(encode['ours'], 50):.1f} / "
            f"{ms(encode['pillow'], 50):.1f} | {statistics.median(sizes['ours']) / 1024:.0f} / "
            f"{statistics.median(sizes['pillow']) / 1024:.0f} |",
            flush=True,
        )


def ms(times, q):
    return 1e3 * (statistics.median(times) if q == 50 else float(np.percentile(times, q)))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 changes per explorer (smoke test)")
    parser.add_argument("--changes", type=int, help="timed changes per explorer (default 50, quick 10)")
    parser.add_argument(
        "--only", action="append", choices=list(ENTRIES), help="run only these explorers (registry ids)"
    )
    parser.add_argument("--no-display-table", action="store_true", help="skip the second table")
    parser.add_argument(
        "--png",
        action="store_true",
        help="only the PNG table: a displayed update with the course's encoder against Pillow's",
    )
    args = parser.parse_args(argv)
    n_changes = args.changes or (10 if args.quick else 50)
    n_warmup = 2 if args.quick else 5
    names = args.only or list(ENTRIES)

    matplotlib.use("Agg")
    warnings.simplefilter("ignore", DeprecationWarning)  # ipympl 0.10's Toolbar vs traitlets

    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    print(
        f"Python {platform.python_version()}, matplotlib {matplotlib.__version__}, "
        f"{os.cpu_count()} CPUs, load average {' '.join(f'{x:.1f}' for x in load)}; "
        f"{n_changes} timed changes per explorer after {n_warmup} warm-up changes.\n"
    )

    if args.png:
        png_table(names, n_changes, n_warmup)
        return

    rows = []
    for name in names:
        ours, figure_only, new_explorer = time_row(ENTRIES[name], n_changes, n_warmup)
        base = ms(figure_only, 50) if figure_only else None
        rows.append((name, ms(ours, 50), ms(ours, 90), base, ms(new_explorer, 50)))
        print(f"  measured {name}", flush=True)
    print()
    print(
        "| explorer | ours p50 (ms) | ours p90 (ms) | baseline p50, figure only (ms) "
        "| baseline p50, new explorer (ms) | ratio p50 ours/baseline | target | met? "
        "| ours p50 <= 16.7 ms (1 frame)? |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for name, p50, p90, base, base_full in rows:
        if base is None:  # no figure-only build (see the docstring)
            base_text, ratio_text, met = "n/a", "n/a", "n/a"
        else:
            ratio = p50 / base
            base_text, ratio_text = f"{base:.1f}", f"{ratio:.3f}"
            met = "yes" if ratio <= TARGET_RATIO else "NO"
        print(
            f"| {name} | {p50:.1f} | {p90:.1f} | {base_text} | {base_full:.1f} | {ratio_text} "
            f"| <= {TARGET_RATIO} | {met} | {'yes' if p50 <= FRAME_MS else 'no'} |"
        )

    if args.no_display_table:
        return
    displayed = {name: time_displayed_agg(ENTRIES[name], n_changes, n_warmup) for name in names}
    try:
        import ipympl  # noqa: F401
    except ImportError:
        ipympl_times = {}
    else:
        ipympl_times = {name: time_ipympl(ENTRIES[name], n_changes, n_warmup) for name in names}
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
