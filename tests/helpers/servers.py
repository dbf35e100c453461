"""Shared by the browser tests, ``benchmarks/browser_latency.py`` and ``tools/readme_images.py``.

Starts JupyterLab and Voilà on 127.0.0.1 (a free port, a random token, a
temporary copy of the notebooks as root so autosave never touches the
committed files), launches the system Chromium through Playwright, and
drives a notebook in JupyterLab: open, run all, wait, find explorers.

Nothing here downloads a browser: Playwright uses ``/usr/bin/chromium``
(or ``$CHROMIUM_PATH``).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from infotheory_lib.explorers import registered
from tools.course import read_course

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
ARTIFACTS = ROOT / "test-artifacts"
BIN = Path(sys.executable).parent

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: A code cell that calls an explorer, e.g. ``surprise_explorer()`` or ``kl_explorer(mode=...)``.
EXPLORER_CALL = re.compile(r"(?<!def )\b\w+_explorer\(")

#: Every registered explorer call once: (registry id, call), from ``infotheory_lib.explorers.registered()``.
#: The gallery notebook has one cell per entry, in this order.
EXPLORERS = [(entry.id, entry.call) for entry in registered()]

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


# ---------------------------------------------------------------------------
# Chromium
# ---------------------------------------------------------------------------


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM


def chromium_available() -> bool:
    path = chromium_path()
    return os.path.isfile(path) and os.access(path, os.X_OK)


def chromium_version() -> str:
    out = subprocess.run([chromium_path(), "--version"], capture_output=True, text=True, timeout=30)
    return out.stdout.strip()


def launch_chromium(playwright):
    """The system Chromium, headless, through Playwright (never a downloaded browser)."""
    return playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)


def new_page(browser, *, width: int = 1400, height: int = 1000, scale: float = 1):
    """A fresh context and page with a fixed viewport; the caller closes the context.

    ``scale`` is the device pixel ratio (2 gives screenshots at twice the CSS size).
    """
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale)
    context.set_default_timeout(60_000)
    return context, context.new_page()


# ---------------------------------------------------------------------------
# Servers
# ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_notebooks(dest: Path) -> Path:
    """A copy of notebooks/ (the notebooks and their images/) in ``dest`` (created), so autosave
    never touches the originals."""
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        shutil.copy2(path, dest / path.name)
    shutil.copytree(NOTEBOOKS / "images", dest / "images", dirs_exist_ok=True)
    return dest


def write_notebook(path: Path, cells: list[str]) -> Path:
    """A notebook of code cells with the python3 kernelspec (so JupyterLab asks nothing)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    nbformat.write(nb, path)
    return path


def write_gallery(root: Path, name: str = "gallery.ipynb", explorers=EXPLORERS) -> str:
    """One notebook with every explorer (or the ``(id, call)`` pairs given), one per cell,
    after the usual first cell."""
    names = sorted({call.split("(")[0] for _, call in explorers})
    first = (
        "import infotheory_lib as it\nit.setup_notebook()\nfrom infotheory_lib.explorers import "
        + ", ".join(names)
    )
    write_notebook(root / name, [first] + [call for _, call in explorers])
    return name


@dataclass
class Server:
    name: str
    proc: subprocess.Popen
    port: int
    token: str
    root: Path
    log_path: Path
    _log: object = field(repr=False, default=None)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, n: int = 40) -> str:
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()[-n:]
            return "\n".join(line if len(line) < 300 else line[:300] + " …" for line in lines)
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """Terminate, wait, kill; then make sure its kernels (same process group) are gone."""
        proc = self.proc
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        try:  # kernels left behind by an unclean stop: the group we created
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if self._log is not None:
            self._log.close()


def _env(runtime: Path) -> dict:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_RUNTIME_DIR"] = str(runtime)
    for name in ("JUPYTER_TOKEN", "PRESENT_LAN", "PRESENT_TOKEN"):  # the servers' own settings only
        env.pop(name, None)
    return env


def _wait_ready(server: Server, url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            code = server.proc.returncode
            raise RuntimeError(f"{server.name} exited with code {code}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last = exc
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(
        f"{server.name} did not answer {url} within {timeout:.0f} s ({last}):\n{server.log_tail()}"
    )


def _spawn(name: str, cmd: list[str], root: Path, port: int, token: str, state: Path) -> Server:
    state.mkdir(parents=True, exist_ok=True)
    log_path = state / f"{name}.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed by Server.stop
    proc = subprocess.Popen(
        cmd,
        cwd=root,
        env=_env(state / "runtime"),
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    return Server(name, proc, port, token, root, log_path, log)


def _lab_settings(settings_dir: Path) -> None:
    """User settings for a quiet, deterministic JupyterLab: no news or update toasts."""
    target = settings_dir / "@jupyterlab" / "apputils-extension"
    target.mkdir(parents=True, exist_ok=True)
    (target / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )


def start_jupyterlab(root: Path, state: Path, timeout: float = 90) -> Server:
    """JupyterLab on 127.0.0.1 with a random token; ``root`` is its root_dir, ``state`` its logs/settings."""
    port, token = free_port(), secrets.token_hex(16)
    _lab_settings(state / "user-settings")
    cmd = [
        str(BIN / "jupyter"),
        "lab",
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True",
        f"--LabApp.user_settings_dir={state / 'user-settings'}",
        f"--LabApp.workspaces_dir={state / 'workspaces'}",
    ]
    server = _spawn("jupyterlab", cmd, root, port, token, state)
    _wait_ready(server, f"{server.base}/api/status?token={token}", timeout)
    return server


def start_voila(root: Path, state: Path, timeout: float = 90, extra: tuple[str, ...] = ()) -> Server:
    """Voilà as ``make present`` runs it (``tools/present.py`` with its defaults), on a free port, over
    ``root``, with a random classroom code; ``extra`` adds options (e.g. ``("--cull-idle", "5")``)."""
    port, token = free_port(), secrets.token_hex(16)
    present = ROOT / "tools" / "present.py"
    cmd = [sys.executable, str(present), "--port", str(port), "--root", str(root), "--token", token, *extra]
    server = _spawn("voila", cmd, root, port, token, state)
    _wait_ready(server, f"{server.base}/?token={token}", timeout)
    return server


# ---------------------------------------------------------------------------
# Driving a notebook in JupyterLab
# ---------------------------------------------------------------------------

_NOTEBOOK_STATE_JS = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    if (!panel || !panel.content || !panel.sessionContext) return null;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    const cells = panel.content.widgets.filter(c => c.model.type === 'code');
    const problems = [];
    cells.forEach((cell, i) => {
        const outputs = cell.model.outputs;
        for (let k = 0; k < outputs.length; k++) {
            const o = outputs.get(k).toJSON();
            if (o.output_type === 'error') problems.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
            if (o.output_type === 'stream' && o.name === 'stderr') {
                const text = Array.isArray(o.text) ? o.text.join('') : o.text;
                problems.push(`cell ${i} stderr: ${text.slice(0, 500)}`);
            }
        }
    });
    return {
        status: kernel ? kernel.status : 'none',
        counts: cells.map(c => c.model.executionCount),
        problems,
    };
}"""


def open_notebook(page, server: Server, name: str, timeout_ms: int = 60_000) -> None:
    """Open ``/lab/tree/NAME`` (fresh workspace) and wait for the panel and a ready kernel."""
    page.goto(f"{server.base}/lab/tree/{name}?token={server.token}&reset", wait_until="domcontentloaded")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started", timeout=timeout_ms)
    page.wait_for_function(
        """(name) => {
            const w = window.jupyterapp.shell.currentWidget;
            return !!(w && w.context && w.context.path.endsWith(name) && w.content && w.content.widgets
                      && w.isVisible && w.sessionContext && w.sessionContext.session
                      && w.sessionContext.session.kernel
                      && w.sessionContext.session.kernel.connectionStatus === 'connected'
                      && w.sessionContext.session.kernel.status === 'idle');
        }""",
        arg=name,
        timeout=timeout_ms,
    )


def run_all(page, timeout_s: float = 120) -> dict:
    """Clear outputs, run all cells on the fresh kernel, wait until every code cell ran (or one failed).

    Returns the final state: ``{"status", "counts", "problems"}``.
    """
    page.evaluate("""async () => {
        const app = window.jupyterapp;
        await app.commands.execute('notebook:clear-all-cell-outputs');
        await app.commands.execute('notebook:run-all-cells');
    }""")
    deadline = time.monotonic() + timeout_s
    idle_since = None
    state = None
    while time.monotonic() < deadline:
        state = page.evaluate(_NOTEBOOK_STATE_JS)
        done = state and state["status"] == "idle" and all(c is not None for c in state["counts"])
        failed = state and state["problems"] and state["status"] == "idle"
        if done or failed:
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since > 0.5:  # idle and stable: outputs are in
                return state
        else:
            idle_since = None
        time.sleep(0.25)
    raise TimeoutError(f"notebook did not finish within {timeout_s:.0f} s; last state: {state}")


def shutdown_kernel(page) -> None:
    """Stop the current notebook's kernel (frees memory between tests)."""
    try:
        page.evaluate("""async () => {
            const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            if (w && w.sessionContext) await w.sessionContext.shutdown();
        }""")
    except Exception:  # the page may already be gone; the server's stop cleans up anyway
        pass


def explorer_cell_count(path: Path) -> int:
    """How many code cells of a notebook call an explorer."""
    nb = json.loads(path.read_text())
    return sum(
        1
        for cell in nb["cells"]
        if cell["cell_type"] == "code" and EXPLORER_CALL.search("".join(cell["source"]))
    )


# In-page helper: which picture an explorer's <img> shows, once it is loaded (null while
# a new one decodes). The kernel sends a new PNG per change and ipywidgets gives each a new
# blob URL, so a new key means new pixels on screen.
FIGURE_KEY_JS = """(img) => (img.complete && img.naturalWidth > 0) ? img.src : null"""


# ---------------------------------------------------------------------------
# Explorers on a page (JupyterLab or Voilà)
# ---------------------------------------------------------------------------

#: The output area of one explorer (its VBox: controls, picture, readout).
EXPLORER_OUTPUT = ".jp-OutputArea-output:has(.infotheory-explorer)"
#: The picture of an explorer's figure: an ipywidgets Image (an <img>) fed with PNGs by the kernel.
EXPLORER_FIGURE = "img.infotheory-explorer-figure"

_VISIBLE_FIGURES_JS = """() => Array.from(document.querySelectorAll('img.infotheory-explorer-figure'))
.filter(img => {
    if (!img.complete || img.naturalWidth === 0) return false;
    const r = img.getBoundingClientRect();
    const style = getComputedStyle(img);
    return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
}).length"""


def visible_figures(page) -> int:
    """How many explorer pictures are loaded and shown at a non-zero size."""
    return page.evaluate(_VISIBLE_FIGURES_JS)


def wait_for_figures(page, count: int, timeout_s: float = 60, size_timeout_s: float = 15) -> tuple[int, int]:
    """Wait until ``count`` explorer pictures are in the page, loaded and visible.

    Returns ``(present, visible)``. A figure that is in the page but shows no
    loaded picture fails after ``size_timeout_s``, not after the whole timeout.
    """

    def present():
        return page.locator(EXPLORER_FIGURE).count()

    poll(lambda: present() >= count, timeout_s, 0.25)
    poll(lambda: visible_figures(page) >= count, size_timeout_s, 0.25)
    return present(), visible_figures(page)


def kernel_idle(page) -> bool:
    """JupyterLab only: the current notebook's kernel is idle."""
    return page.evaluate("""() => {
        const w = window.jupyterapp.shell.currentWidget;
        const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
        return !!k && k.status === 'idle';
    }""")


def poll(fn, timeout_s: float, interval_s: float = 0.1):
    """Call ``fn`` until it returns something truthy or time runs out; return the last value."""
    deadline = time.monotonic() + timeout_s
    value = fn()
    while not value and time.monotonic() < deadline:
        time.sleep(interval_s)
        value = fn()
    return value


def settle(page, canvas, *, lab: bool, timeout_s: float = 15) -> bytes:
    """Wait until the kernel (JupyterLab) is idle and the picture stops changing; return its pixels."""
    if lab:
        poll(lambda: kernel_idle(page), timeout_s)
    previous = canvas.screenshot()
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        time.sleep(0.3)
        current = canvas.screenshot()
        if current == previous:
            return current
        previous = current
    return previous


def slider_direction(handle) -> int:
    """+1 to move a noUiSlider handle up (right), -1 if it sits in the upper half of its range."""
    try:
        now = float(handle.get_attribute("aria-valuenow"))
        lo = float(handle.get_attribute("aria-valuemin"))
        hi = float(handle.get_attribute("aria-valuemax"))
    except (TypeError, ValueError):
        return 1
    return -1 if now > (lo + hi) / 2 else 1


def press_slider(page, handle, presses: int = 3) -> None:
    """Focus a slider handle and move it with the arrow keys."""
    key = "ArrowRight" if slider_direction(handle) > 0 else "ArrowLeft"
    handle.focus()
    for _ in range(presses):
        page.keyboard.press(key)


def drag_slider(page, handle, pixels: float = 40) -> None:
    """Drag a slider handle with the mouse by ``pixels`` (towards the far end of its range)."""
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    dx = pixels * slider_direction(handle)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y, steps=8)
    page.mouse.up()


# --- a notebook in JupyterLab (tests/browser/test_jupyterlab*.py) ---

#: How long "run all" may take for one notebook in JupyterLab.
RUN_TIMEOUT_S = 120


def notebook_paths(*, applied: bool) -> list[Path]:
    """The listed notebooks (notebooks/course.toml) of the applied part, or all the others.

    Two test files split the notebooks this way so that pytest-xdist (``--dist
    loadfile``) runs them in two workers; together they cover every listed
    notebook, and the list is checked against notebooks/*.ipynb by
    tests/test_course_links.py.
    """
    return [NOTEBOOKS / nb.file for nb in read_course().notebooks if (nb.part == "applied") == applied]


def open_and_run(page, server: Server, name: str) -> dict:
    open_notebook(page, server, name)
    return run_all(page, timeout_s=RUN_TIMEOUT_S)


def check_notebook_runs_clean(page, lab_server: Server, screenshots_dir: Path, path: Path) -> None:
    """Run all cells on a fresh kernel: no error or stderr output, every explorer one visible plot.

    A screenshot of its first explorer goes to ``screenshots_dir/NAME.png`` for a person to look at.
    """
    name = path.name
    try:
        state = open_and_run(page, lab_server, name)
        assert not state["problems"], f"{name}: error or stderr output:\n" + "\n".join(state["problems"])
        assert all(c is not None for c in state["counts"]), f"{name}: cells not run: {state['counts']}"

        stderr = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        assert stderr.count() == 0, f"{name}: stderr shown in the page: {stderr.first.inner_text()[:500]}"
        tracebacks = page.locator(".jp-OutputArea-output", has_text="Traceback (most recent call last)")
        assert tracebacks.count() == 0, f"{name}: a traceback is shown: {tracebacks.first.inner_text()[:500]}"

        expected = explorer_cell_count(path)
        present, visible = wait_for_figures(page, expected)

        # The screenshot comes first, so that a failure below can be looked at too.
        target = screenshots_dir / f"{path.stem}.png"
        if expected and present:
            first = page.locator(EXPLORER_OUTPUT).first
            first.scroll_into_view_if_needed()
            canvas = first.locator(EXPLORER_FIGURE)
            if canvas.evaluate("c => c.width * c.height") > 0:
                settle(page, canvas, lab=True)
            first.screenshot(path=str(target))
        elif not expected:  # nothing live to show (the index): the notebook as opened
            page.screenshot(path=str(target))

        # exactly one figure per explorer: none missing, none displayed twice
        assert present == visible == expected, (
            f"{name}: {expected} code cell(s) call an explorer; {present} explorer picture(s) in the page, "
            f"{visible} loaded and visible"
        )
    finally:
        shutdown_kernel(page)
