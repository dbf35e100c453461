"""Slider-to-pixel latency of the explorers in JupyterLab, in headless Chromium: two rendering paths.

What is measured
----------------
For each registered explorer: focus its first slider, press an arrow key, and time from
the key's ``keydown`` event in the page until the explorer shows different
pixels. Both ends are measured inside the page with ``performance.now()``:
a capturing ``keydown`` listener stamps the start, then a
``requestAnimationFrame`` loop checks the picture every frame until it has
changed. Between presses the benchmark waits until the kernel is idle and
the picture is still, so every sample is one isolated change. Two warm-up
presses per explorer are not counted.

Two rendering paths of the same explorers, in one run:

- **core** (what the course uses): the figure is drawn on an Agg canvas in
  the kernel and sent as a PNG to an ``ipywidgets.Image``; "changed" means
  the ``<img>`` has a new source and it has loaded;
- **ipympl** (the reference): the same explorer object, its figure attached
  to an ipympl canvas widget (``%matplotlib widget``), which receives diff
  PNGs of the blitted regions; "changed" means the canvas's pixel hash
  differs.

The same run measures a naive baseline, the way a student might write it:
``%matplotlib inline`` and ``ipywidgets.interact`` re-creating a 2-panel
figure on every change.

How to read the output
----------------------
``p50`` and ``p90`` are the median and 90th percentile in milliseconds over
``n`` changes; ``core / ipympl`` is the ratio of the medians. The target is a
core p50 <= 100 ms. Timings on a shared 2-core machine are noisy (tens of ms
between runs); the rAF polling adds up to one frame (~16 ms) to both paths.

Run ``python -m benchmarks.browser_latency`` from the repository root (about
3 minutes: 20 changes per explorer and path) or ``--quick`` (5 changes). It
needs Chromium at ``/usr/bin/chromium`` (or ``$CHROMIUM_PATH``) and ipympl
for the reference path, and reuses the server and browser helpers of the
browser tests (``tests/helpers/servers.py``). The explorers are every
registered call (``infotheory_lib.explorers.registered()``).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

try:
    from tests.helpers import servers  # the browser tests' server and Chromium helpers
except ModuleNotFoundError as exc:  # run as a script: the repository root is not importable
    raise SystemExit("run it from the repository root as: python -m benchmarks.browser_latency") from exc

TARGET_P50_MS = 100.0
CHANGE_TIMEOUT_MS = 10_000
WARMUP = 2

BASELINE_CELLS = [
    "%matplotlib inline\nimport ipywidgets as widgets\nimport matplotlib.pyplot as plt\nimport numpy as np",
    """grid = np.linspace(0.001, 0.999, 400)


@widgets.interact(p=widgets.FloatSlider(value=0.5, min=0.01, max=0.99, step=0.01))
def show(p):
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.8))
    ax1.plot(grid, -np.log2(grid))
    ax1.plot([p], [-np.log2(p)], "o", markersize=10)
    ax1.set(title="Surprise -log2 p", xlabel="p", ylabel="bits", xlim=(0, 1), ylim=(0, 10))
    ax2.plot(grid, -(grid * np.log2(grid) + (1 - grid) * np.log2(1 - grid)))
    ax2.plot([p], [-(p * np.log2(p) + (1 - p) * np.log2(1 - p))], "o", markersize=10)
    ax2.set(title="Binary entropy H(p)", xlabel="p", ylabel="bits", xlim=(0, 1), ylim=(0, 1.1))
    plt.show()""",
]

#: The reference path: the same explorer, its figure attached to an ipympl canvas widget.
IPYMPL_CELL = """%matplotlib widget
import warnings

import ipywidgets as widgets
from ipympl.backend_nbagg import Canvas, FigureManager

warnings.filterwarnings("ignore", category=DeprecationWarning)  # ipympl 0.10's Toolbar vs traitlets


def ipympl_view(explorer):
    \"\"\"The explorer's controls and readout around an ipympl canvas of its figure.

    The explorer redraws through ``figure.canvas`` (draw, or restore + blit), which
    is now ipympl's: each change sends a diff PNG. It is never displayed itself, so
    it encodes no PNG for its Image view.
    \"\"\"
    canvas = Canvas(explorer.figure)
    FigureManager(canvas, 0)
    canvas.header_visible = canvas.footer_visible = canvas.toolbar_visible = False
    canvas.resizable = False
    # ipympl sizes its view only when the canvas itself is displayed; inside a VBox
    # it would stay 0x0: give it the size ipympl's display hook would.
    canvas._size = tuple(explorer.figure.bbox.size / canvas.device_pixel_ratio)
    explorer.figure.canvas.draw()
    controls, _, readout = explorer.widget.children
    return widgets.VBox([controls, canvas, readout])"""

#: ipympl's canvas (the second one is its rubber-band overlay) and a cheap digest of its pixels.
IPYMPL_CANVAS = ".jupyter-matplotlib-figure canvas >> nth=0"
CANVAS_HASH_JS = """(canvas) => {
    const ctx = canvas.getContext('2d');
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let h1 = 0x811c9dc5 | 0, h2 = 0;
    for (let i = 0; i < data.length; i += 4) {
        const v = (data[i] << 16) ^ (data[i + 1] << 8) ^ data[i + 2];
        h1 = Math.imul(h1 ^ v, 16777619);
        h2 = (h2 + v * (i + 1)) | 0;
    }
    return `${h1 >>> 0}:${h2 >>> 0}`;
}"""

# Arm a measurement: stamp the next keydown, then poll every animation frame
# until ``changed()`` says the output differs. Resolves to milliseconds or null.
# mode 'canvas': target is a canvas (pixel hash); mode 'img': target is an <img>
# or contains one (a new source, loaded).
_ARM_JS = """([target, mode, timeoutMs]) => {
    const hash = HASH;
    const imgOf = () => target.tagName === 'IMG' ? target : target.querySelector('.jp-OutputArea-output img');
    let changed;
    if (mode === 'canvas') {
        const h0 = hash(target);
        changed = () => hash(target) !== h0;
    } else {
        const img0 = imgOf(), src0 = img0 ? img0.src : null;
        changed = () => {
            const img = imgOf();
            return !!img && (img !== img0 || img.src !== src0) && img.complete && img.naturalWidth > 0;
        };
    }
    window.__latency = new Promise(resolve => {
        let t0 = null;
        const onKey = (event) => { if (t0 === null) t0 = performance.now(); };
        document.addEventListener('keydown', onKey, {capture: true, once: true});
        const started = performance.now();
        const frame = () => {
            if (t0 !== null && changed()) { resolve(performance.now() - t0); return; }
            if (performance.now() - started > timeoutMs) { resolve(null); return; }
            requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
    });
}""".replace("HASH", CANVAS_HASH_JS)


_IMG_KEY_JS = """(el) => {
    const img = el.tagName === 'IMG' ? el : el.querySelector('.jp-OutputArea-output img');
    return img ? img.src.length + img.src.slice(-64) + (img.complete ? '+' : '-') : null;
}"""


def _value(handle):
    try:
        names = ("aria-valuenow", "aria-valuemin", "aria-valuemax")
        return tuple(float(handle.get_attribute(name)) for name in names)
    except (TypeError, ValueError):
        return None


def _settle(page, probe, timeout_s=15):
    """Kernel idle and the probe (canvas hash / img src) unchanged over 0.25 s."""
    servers.poll(lambda: servers.kernel_idle(page), timeout_s)
    deadline = time.monotonic() + timeout_s
    previous = probe()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        current = probe()
        if current == previous and servers.kernel_idle(page):
            return
        previous = current


def measure(page, target_locator, handle, mode, changes):
    """Latencies (ms) of ``changes`` key presses on ``handle``; ``None`` entries are timeouts.

    ``mode`` "canvas": ``target_locator`` is a canvas (pixel hash); "img": an <img> or an
    output containing one (new source, loaded).
    """
    target = target_locator.element_handle()
    js = CANVAS_HASH_JS if mode == "canvas" else _IMG_KEY_JS
    probe = lambda: page.evaluate(js, target)  # noqa: E731
    direction = servers.slider_direction(handle)
    latencies = []
    for i in range(WARMUP + changes):
        value = _value(handle)
        if value is not None:
            now, lo, hi = value
            if (direction > 0 and now >= hi) or (direction < 0 and now <= lo):
                direction = -direction
        _settle(page, probe)
        page.evaluate(_ARM_JS, [target, mode, CHANGE_TIMEOUT_MS])
        handle.focus()
        page.keyboard.press("ArrowRight" if direction > 0 else "ArrowLeft")
        ms = page.evaluate("() => window.__latency")
        if i >= WARMUP:
            latencies.append(ms)
    return latencies


def _stats(latencies):
    """(p50, p90, text) of the latencies that arrived; text notes timeouts."""
    done = [x for x in latencies if x is not None]
    if not done:
        return None, None, f"no change seen ({len(latencies)} timeouts)"
    p50, p90 = np.percentile(done, [50, 90])
    missed = len(latencies) - len(done)
    note = f" ({missed} of {len(latencies)} timed out)" if missed else ""
    return p50, p90, f"{p50:.0f} / {p90:.0f}{note}"


def _environment(browser):
    import ipympl
    import ipywidgets
    import jupyterlab
    import matplotlib
    import PIL

    lines = [
        f"Chromium: {servers.chromium_version()} (Playwright reports {browser.version}), headless",
        f"Python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPU(s)",
        f"jupyterlab {jupyterlab.__version__}, ipywidgets {ipywidgets.__version__}, "
        f"ipympl {ipympl.__version__}, matplotlib {matplotlib.__version__}, pillow {PIL.__version__}",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 changes per explorer instead of 20")
    parser.add_argument(
        "--changes", type=int, default=None, help="changes per explorer (default 20, with --quick 5)"
    )
    args = parser.parse_args(argv)
    changes = args.changes or (5 if args.quick else 20)
    if not servers.chromium_available():
        print(
            f"Chromium not found at {servers.chromium_path()}: install it (apt-get install chromium) "
            "or set CHROMIUM_PATH",
            file=sys.stderr,
        )
        return 2

    from playwright.sync_api import sync_playwright

    results = {}  # explorer call -> {"core": latencies, "ipympl": latencies}
    with tempfile.TemporaryDirectory(prefix="browser-latency-") as tmp:
        root = Path(tmp) / "root"
        root.mkdir()
        servers.write_gallery(root, "core.ipynb")
        names = sorted({call.split("(")[0] for _, call in servers.EXPLORERS})
        servers.write_notebook(
            root / "ipympl.ipynb",
            [
                IPYMPL_CELL + "\n\nfrom infotheory_lib.explorers import " + ", ".join(names),
                *[f"ipympl_view({call})" for _, call in servers.EXPLORERS],
            ],
        )
        servers.write_notebook(root / "baseline.ipynb", BASELINE_CELLS)
        lab = servers.start_jupyterlab(root, Path(tmp) / "state")
        try:
            with sync_playwright() as playwright:
                browser = servers.launch_chromium(playwright)
                print(_environment(browser))
                print(
                    f"{changes} changes per explorer and path (after {WARMUP} warm-up presses), "
                    "key press -> new pixels\n"
                )
                for path, notebook, figure, mode in (
                    ("core", "core.ipynb", servers.EXPLORER_FIGURE, "img"),
                    ("ipympl", "ipympl.ipynb", IPYMPL_CANVAS, "canvas"),
                ):
                    context, page = servers.new_page(browser)
                    servers.open_notebook(page, lab, notebook)
                    state = servers.run_all(page)
                    if state["problems"]:
                        print(f"{notebook} failed:\n" + "\n".join(state["problems"]), file=sys.stderr)
                        return 1
                    cells = page.locator(".jp-Notebook .jp-CodeCell")
                    for index, (_, call) in enumerate(servers.EXPLORERS, start=1):
                        output = cells.nth(index).locator(".jp-OutputArea-output").first
                        output.scroll_into_view_if_needed()
                        picture = output.locator(figure)
                        servers.poll(lambda p=picture: p.count() > 0 and p.bounding_box()["width"] > 0, 30)
                        handle = output.locator(".widget-slider .noUi-handle").first
                        results.setdefault(call, {})[path] = measure(page, picture, handle, mode, changes)
                        print(f"{path}: {call} done", file=sys.stderr)
                    servers.shutdown_kernel(page)
                    context.close()

                context, page = servers.new_page(browser)
                servers.open_notebook(page, lab, "baseline.ipynb")
                servers.run_all(page)
                cell = page.locator(".jp-Notebook .jp-CodeCell").nth(1)
                output = cell.locator(".jp-OutputArea-output").first
                servers.poll(lambda: output.locator("img").count() > 0, 30)
                handle = output.locator(".widget-slider .noUi-handle").first
                baseline = measure(page, output, handle, "img", changes)
                servers.shutdown_kernel(page)
                context.close()
                browser.close()
        finally:
            lab.stop()

    print(
        "| explorer | core p50 / p90 ms | ipympl p50 / p90 ms | core / ipympl "
        f"| core p50 ≤ {TARGET_P50_MS:.0f}? |"
    )
    print("|---|---:|---:|---:|---|")
    failed = False
    all_core, all_ipympl = [], []
    for call, paths in results.items():
        core50, _, core_text = _stats(paths["core"])
        ipy50, _, ipy_text = _stats(paths["ipympl"])
        ratio = f"{core50 / ipy50:.2f}" if core50 and ipy50 else "—"
        met = "—" if core50 is None else ("yes" if core50 <= TARGET_P50_MS else "no")
        failed |= core50 is None
        all_core += [x for x in paths["core"] if x is not None]
        all_ipympl += [x for x in paths["ipympl"] if x is not None]
        print(f"| {call} | {core_text} | {ipy_text} | {ratio} | {met} |")
    core50, _, core_text = _stats(all_core)
    ipy50, _, ipy_text = _stats(all_ipympl)
    if core50 and ipy50:
        met = "yes" if core50 <= TARGET_P50_MS else "no"
        print(f"| **all explorers** | {core_text} | {ipy_text} | {core50 / ipy50:.2f} | {met} |")
    naive = "naive baseline: interact + inline, 2-panel figure re-created"
    print(f"| {naive} | {_stats(baseline)[2]} | — | — | — |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
