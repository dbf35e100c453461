"""A classroom load test of ``make present``: N students open one notebook together and move a slider.

What is measured
----------------
The server is ``tools/present.py`` with its defaults (classroom code, Host
check, kernel cap, culling), on 127.0.0.1 over a temporary copy of the
notebooks. N students are N browser contexts of one headless Chromium,
arriving together (or ``--stagger`` seconds apart). Each student:

1. opens ``/voila/render/NOTEBOOK`` with the code; **time to first page** is
   from the request until the first explorer's picture is loaded and visible
   (Voilà shows the page once the whole notebook has run in the student's
   kernel);
2. moves the first explorer's first slider ``--presses`` times with the arrow
   keys; **slider latency** is from the ``keydown`` event in the page to the
   explorer's new picture loaded (both stamped in the page with
   ``performance.now()``; one frame of polling, ~16 ms, included); students
   pause 0.2-0.6 s between presses, like a class dragging sliders at once;
3. closes the page (the browser's ``beforeunload``: the kernel is freed).

With ``--pool N`` the server keeps N kernels of the notebook pre-executed
(``tools/present.py --lesson NB --pool N``) and the students arrive once the
pool is ready.

During the run the server's ``/present/api/status`` is polled every second
(kernels, their memory); after the students leave it is watched for
``--after`` seconds: **kernels and memory after** say whether the machine is
back to its baseline.

The students' browsers run on the server's machine here, so their page loading
(Voilà's frontend, the widgets) competes with the kernels for the same cores: on
2 cores the time to first page is an upper bound of what students on their own
devices see. To separate the two, the CPU time used while the students were in
is printed by side: the server and its kernels, the browsers (everything else
this benchmark started), and the rest of the machine (other users), from the
processes' CPU times sampled every second and the machine's total.

Bounded by design: loopback only, at most 40 students, and a hard deadline
(``--deadline``, default 15 minutes) after which everything is stopped.

Run from the repository root: ``python -m benchmarks.classroom --students 5``.
Targets (issue 15) on a 2-core machine: N = 30 with first page p50 <= 10 s and
slider p50 <= 250 ms; memory back to baseline 2 minutes after the students
leave.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np
import psutil

try:
    from tests.helpers import servers  # the browser tests' server and Chromium helpers
except ModuleNotFoundError as exc:  # run as a script: the repository root is not importable
    raise SystemExit("run it from the repository root as: python -m benchmarks.classroom") from exc

MAX_STUDENTS = 40
TARGET_FIRST_PAGE_P50_S = 10.0
TARGET_SLIDER_P50_MS = 250.0
CHANGE_TIMEOUT_MS = 15_000

# Stamp the next keydown, then poll every animation frame until the explorer shows a new picture (loaded).
_ARM_JS = """([explorer, timeoutMs]) => {
    const img = explorer.querySelector('img.infotheory-explorer-figure');
    const src0 = img.src;
    window.__latency = new Promise(resolve => {
        let t0 = null;
        document.addEventListener('keydown', () => { if (t0 === null) t0 = performance.now(); },
                                  {capture: true, once: true});
        const started = performance.now();
        const frame = () => {
            if (t0 !== null && img.src !== src0 && img.complete && img.naturalWidth > 0) {
                resolve(performance.now() - t0); return;
            }
            if (performance.now() - started > timeoutMs) { resolve(null); return; }
            requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
    });
}"""

_FIRST_FIGURE_JS = """() => Array.from(document.querySelectorAll('img.infotheory-explorer-figure'))
    .some(img => img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width > 0)"""


def default_notebook() -> str:
    """Notebook 04 (three explorers, the one the issue measured) if present, else the first with an explorer."""
    names = [p.name for p in sorted(servers.NOTEBOOKS.glob("*.ipynb")) if servers.explorer_cell_count(p)]
    preferred = [n for n in names if n.startswith("04_")]
    if not (preferred or names):
        raise SystemExit("no notebook with an explorer in notebooks/")
    return (preferred or names)[0]


def status(server) -> dict:
    url = f"{server.base}/present/api/status?token={server.token}"
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def server_rss_mib(server) -> float:
    try:
        return psutil.Process(server.proc.pid).memory_info().rss / 2**20
    except psutil.Error:
        return float("nan")


async def student(browser, server, notebook, presses, delay_s, rng, results):
    await asyncio.sleep(delay_s)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(600_000)
    record = {"first_page_s": None, "latencies_ms": [], "error": None}
    results.append(record)
    try:
        page = await context.new_page()
        start = time.monotonic()
        await page.goto(f"{server.base}/voila/render/{notebook}?token={server.token}", wait_until="commit")
        await page.wait_for_function(_FIRST_FIGURE_JS, polling=100, timeout=600_000)
        record["first_page_s"] = time.monotonic() - start
        explorer = await page.query_selector(".infotheory-explorer")
        handle = await explorer.query_selector(".widget-slider .noUi-handle")
        if handle is None:
            record["error"] = "no slider in the first explorer"
            return
        direction = 1
        for _ in range(presses):
            now = float(await handle.get_attribute("aria-valuenow") or 0)
            lo = float(await handle.get_attribute("aria-valuemin") or 0)
            hi = float(await handle.get_attribute("aria-valuemax") or 1)
            if (direction > 0 and now >= hi) or (direction < 0 and now <= lo):
                direction = -direction
            await page.evaluate(_ARM_JS, [explorer, CHANGE_TIMEOUT_MS])
            await handle.focus()
            await page.keyboard.press("ArrowRight" if direction > 0 else "ArrowLeft")
            record["latencies_ms"].append(await page.evaluate("() => window.__latency"))
            await asyncio.sleep(rng.uniform(0.2, 0.6))
        await page.close(run_before_unload=True)
    except Exception as exc:  # one student's failure is reported, the class goes on
        record["error"] = f"{type(exc).__name__}: {str(exc)[:200]}"
    finally:
        await context.close()


def cpu_seconds_by_side(server, seen):
    """Update ``seen`` {pid: (side, cpu seconds)} with this process's descendants, now.

    ``side`` is "server" for the server and its kernels, "students" for everything else this
    benchmark started (Playwright's driver and Chromium). A process that ends keeps its last
    sample (at most one second of its CPU is missed).
    """
    try:
        server_tree = {server.proc.pid} | {
            p.pid for p in psutil.Process(server.proc.pid).children(recursive=True)
        }
    except psutil.Error:
        server_tree = {server.proc.pid}
    for proc in psutil.Process().children(recursive=True):
        try:
            times = proc.cpu_times()
        except psutil.Error:
            continue
        seen[proc.pid] = ("server" if proc.pid in server_tree else "students", times.user + times.system)


def machine_busy_seconds() -> float:
    times = psutil.cpu_times()
    return times.user + times.nice + times.system + getattr(times, "irq", 0) + getattr(times, "softirq", 0)


async def monitor(server, samples, stop, cpu):
    while not stop.is_set():
        try:
            s = await asyncio.to_thread(status, server)  # never block the students' event loop
            samples.append((time.monotonic(), s["kernels"], s["kernels_memory_mib"], server_rss_mib(server)))
        except OSError:
            pass
        if not cpu.get("done"):
            await asyncio.to_thread(cpu_seconds_by_side, server, cpu["seen"])
        await asyncio.sleep(1)


def cpu_totals(cpu) -> dict:
    totals = {"server": 0.0, "students": 0.0}
    for pid, (side, seconds) in cpu["seen"].items():
        totals[side] += seconds - cpu["start"].get(pid, 0.0)
    return totals


async def run_class(server, args, partial):
    """The class; ``partial`` holds what was measured so far (reported if the deadline stops the run)."""
    from playwright.async_api import async_playwright

    rng = random.Random(args.seed)
    results, samples = [], []
    stop = asyncio.Event()
    cpu = {"seen": {}}
    partial.update(results=results, samples=samples, cpu=cpu)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=servers.chromium_path(), headless=True, args=servers.CHROMIUM_ARGS
        )
        cpu_seconds_by_side(server, cpu["seen"])
        cpu["start"] = {pid: seconds for pid, (_, seconds) in cpu["seen"].items()}
        cpu["machine_start"] = machine_busy_seconds()
        watcher = asyncio.create_task(monitor(server, samples, stop, cpu))
        started = partial["started"] = time.monotonic()
        tasks = [
            student(
                browser,
                server,
                args.notebook,
                args.presses,
                i * args.stagger,
                random.Random(rng.random()),
                results,
            )
            for i in range(args.students)
        ]
        await asyncio.gather(*tasks)
        left = time.monotonic()
        cpu_seconds_by_side(server, cpu["seen"])
        cpu["done"] = True
        cpu["machine"] = machine_busy_seconds() - cpu["machine_start"]
        await browser.close()
        # after the students leave: until the kernels are back to the baseline, then --after seconds more at most
        while time.monotonic() - left < args.after:
            await asyncio.sleep(1)
            if samples and samples[-1][1] == 0 and time.monotonic() - left > 5:
                break
        stop.set()
        await watcher
    return results, samples, started, left, cpu


def percentiles(values):
    """p50 and p90 (linear interpolation); with an infinite value (no page), the nearest ranks instead."""
    values = [v for v in values if v is not None]
    if not values:
        return None, None
    method = "inverted_cdf" if any(math.isinf(v) for v in values) else "linear"
    p50, p90 = np.percentile(values, [50, 90], method=method)
    return float(p50), float(p90)


def report(args, results, samples, started, left, baseline, cpu) -> str:
    firsts = [r["first_page_s"] for r in results]
    waiting = sum(f is None for f in firsts)
    latencies = [ms for r in results for ms in r["latencies_ms"]]
    f50, f90 = percentiles([math.inf if f is None else f for f in firsts])  # no page yet: longer than any
    s50, s90 = percentiles(latencies)
    timeouts = sum(ms is None for ms in latencies)
    errors = [r["error"] for r in results if r["error"]]
    during = [s for s in samples if s[0] <= left]
    after = [s for s in samples if s[0] > left]
    peak_kernels = max((s[1] for s in during), default=0)
    peak_mib = max((s[2] + s[3] for s in during), default=float("nan"))
    back = next((s[0] - left for s in after if s[1] <= baseline["kernels"]), None)
    last = samples[-1] if samples else None

    sides = cpu_totals(cpu)
    wall = max(left - started, 1e-9)
    others = max(0.0, cpu["machine"] - sides["server"] - sides["students"])

    def fmt(x, unit, digits=1):
        if x is not None and math.isinf(x):
            return "no page"
        return "-" if x is None else f"{x:.{digits}f} {unit}"

    rows = [
        (
            "students (arriving together)" if not args.stagger else f"students ({args.stagger} s apart)",
            str(args.students),
        ),
        ("notebook", args.notebook + (f" (pool of {args.pool} ready kernels)" if args.pool else "")),
        (
            "time to first page p50 / p90",
            f"{fmt(f50, 's')} / {fmt(f90, 's')}  (target p50 <= {TARGET_FIRST_PAGE_P50_S:.0f} s)"
            + (f"; {waiting} of {len(firsts)} never got a page" if waiting else ""),
        ),
        (
            "slider key -> new picture p50 / p90",
            f"{fmt(s50, 'ms', 0)} / {fmt(s90, 'ms', 0)}  over {len(latencies) - timeouts} changes"
            f"{f', {timeouts} timed out' if timeouts else ''}  (target p50 <= {TARGET_SLIDER_P50_MS:.0f} ms)",
        ),
        (
            "kernels: baseline / peak",
            f"{baseline['kernels']} / {peak_kernels} (cap {baseline['max_kernels']})",
        ),
        ("memory, server + kernels: baseline / peak", f"{baseline['server_mib']:.0f} / {peak_mib:.0f} MiB"),
        ("kernels back to baseline after the students left", fmt(back, "s")),
        (
            "at the end: kernels, server + kernels memory",
            "-"
            if last is None
            else f"{last[1]}, {last[2] + last[3]:.0f} MiB ({last[0] - left:.0f} s after leaving)",
        ),
        ("wall time", f"{left - started:.0f} s with students"),
        (
            "CPU while students were in: server + kernels / browsers / rest of the machine",
            f"{sides['server']:.0f} / {sides['students']:.0f} / {others:.0f} core-s "
            f"(of {wall * os.cpu_count():.0f}: {sides['server'] / wall:.2f} / {sides['students'] / wall:.2f} / "
            f"{others / wall:.2f} cores)",
        ),
    ]
    width = max(len(k) for k, _ in rows)
    lines = [f"{k.ljust(width)}  {v}" for k, v in rows]
    if errors:
        lines.append(f"{len(errors)} student(s) failed, first: {errors[0]}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=5, help=f"how many (1-{MAX_STUDENTS}; default 5)")
    parser.add_argument(
        "--notebook",
        default=None,
        help="the notebook they open (default: 04, else the first with an explorer)",
    )
    parser.add_argument("--presses", type=int, default=10, help="slider moves per student (default 10)")
    parser.add_argument(
        "--stagger", type=float, default=0.0, help="seconds between arrivals (default 0: together)"
    )
    parser.add_argument(
        "--after", type=float, default=150.0, help="seconds to watch the kernels after leaving"
    )
    parser.add_argument(
        "--deadline", type=float, default=900.0, help="hard limit for the whole run, in seconds"
    )
    parser.add_argument(
        "--pool",
        type=int,
        default=0,
        help="ready kernels of the notebook (tools/present.py --pool; default 0)",
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if not 1 <= args.students <= MAX_STUDENTS:
        parser.error(f"--students must be 1-{MAX_STUDENTS}, got {args.students}")
    if args.pool < 0 or args.pool >= MAX_STUDENTS * 2:
        parser.error(f"--pool must be 0-{MAX_STUDENTS * 2 - 1}, got {args.pool}")
    if args.presses < 1 or args.after < 0 or args.deadline <= 0 or args.stagger < 0:
        parser.error("--presses >= 1, --after >= 0, --stagger >= 0 and --deadline > 0 are required")
    if not servers.chromium_available():
        raise SystemExit(f"Chromium not found at {servers.chromium_path()} (set CHROMIUM_PATH)")
    args.notebook = args.notebook or default_notebook()

    with tempfile.TemporaryDirectory(prefix="classroom-") as tmp:
        root = servers.copy_notebooks(Path(tmp) / "root")
        if not (root / args.notebook).exists():
            parser.error(f"--notebook {args.notebook!r} is not in notebooks/")
        extra = ("--lesson", args.notebook, "--pool", str(args.pool)) if args.pool else ()
        server = servers.start_voila(root, Path(tmp) / "state", extra=extra)
        try:
            time.sleep(2)
            if args.pool:  # the class arrives once the pool is ready, as in a lesson
                filled = servers.poll(lambda: "Kernel pool of" in server.log_path.read_text(), 600, 1)
                print(f"pool of {args.pool}: {'ready' if filled else 'NOT ready after 600 s'}", flush=True)
            baseline = status(server) | {"server_mib": server_rss_mib(server)}
            print(
                f"classroom load test: {os.cpu_count()} CPU(s), {psutil.virtual_memory().total / 2**30:.1f} GiB, "
                f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the start",
                flush=True,
            )
            partial = {}
            try:
                results, samples, started, left, cpu = asyncio.run(
                    asyncio.wait_for(run_class(server, args, partial), args.deadline)
                )
            except TimeoutError:
                print(
                    f"stopped at the deadline ({args.deadline:.0f} s)\n{server.log_tail(10)}", file=sys.stderr
                )
                if "started" in partial:  # what was measured until then: students still waiting count as None
                    cpu = partial["cpu"]
                    cpu_seconds_by_side(server, cpu["seen"])
                    cpu["machine"] = machine_busy_seconds() - cpu["machine_start"]
                    print(
                        "AT THE DEADLINE (students still waiting have no time; nothing measured after leaving):"
                    )
                    print(
                        report(
                            args,
                            partial["results"],
                            partial["samples"],
                            partial["started"],
                            time.monotonic(),
                            baseline,
                            cpu,
                        )
                    )
                return 1
            print(report(args, results, samples, started, left, baseline, cpu))
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
