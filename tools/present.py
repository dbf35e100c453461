"""Classroom mode: serve the notebooks as code-free apps with Voilà, safely.

    make present                  # this computer only: prints the URL with the classroom code
    PRESENT_LAN=1 make present    # the classroom network: prints the URL by the LAN IP address

Voilà runs each notebook in its own kernel and shows only the outputs:
text, pictures, sliders and live plots, no code. This launcher runs Voilà
in-process with classroom defaults that hold in both modes:

- **A classroom code is required.** Every page needs the token (``?token=…``
  once, then a cookie; or typed into Voilà's login page). It is generated
  (three groups of four letters and digits, ~59 bits) unless ``--token`` or
  ``PRESENT_TOKEN`` gives one. The full URL students open is printed.
- **The Host header is checked.** Only ``127.0.0.1`` and ``localhost`` (plus
  the LAN IP address with ``PRESENT_LAN=1``) are served; any other Host (DNS
  rebinding from a page the teacher visits) gets 403 and a log line.
- **Tracebacks stay in the server log.** Cells run with
  ``show_tracebacks=False``; on the kernel websocket, ``error`` messages are
  replaced by one neutral sentence and ``stderr`` streams are dropped, both
  logged here with the kernel's id.
- **Kernels are capped and freed.** At most ``--max-kernels`` kernels (one per
  open page; default from the memory available, ~256 MiB each); the next
  page gets a 503 "classroom full" page. A page that is closed or reloaded
  shuts its kernel down (Voilà's beacon, accepted without the ``_xsrf``
  argument it lacks: voila#1458); a kernel with no open page is culled after
  ``--cull-idle`` seconds idle (five times that if its page never connected: a page still loading on a busy
  machine).
- **Nothing is fetched from outside**: Voilà's pages without their CDN links
  (``tools/present_templates/``; FontAwesome is bundled in voila-style.js).
- **Pages in seconds with a pool**: ``--lesson NB --pool N`` keeps N kernels of
  that notebook started and pre-executed (Voilà's preheated kernels), refilled
  ``--refill-delay`` seconds (60) after students take them; a waiting kernel is never culled, and a kernel handed
  to a page counts its idle time from the hand-out. ``--pool auto`` (the default with ``--lesson``) sizes the
  pool from memory: the lesson is executed once in a kernel first and that kernel's resident memory ``F`` is
  measured; then ``pool = min(AUTO_POOL_MAX, floor(AUTO_POOL_SHARE * (available - RESERVE_MIB) / F),
  cap - 1, AUTO_POOL_PER_CPU * cores)``, at least 1 (half the memory for ready kernels, the rest for refills and other notebooks; the
  kernel cap stays ``(available - RESERVE_MIB) // KERNEL_MIB``).
- ``/`` is a landing page for students: the lessons as links to their apps
  (Voilà's file tree stays at ``/voila/tree``).
- ``/present/api/status`` (with the code) reports the number of kernels, the
  cap and the kernels' memory, never their ids.

Risk with ``PRESENT_LAN=1``: anyone on the network who has the classroom code
can open the notebooks and start kernels (up to the cap). Stop the server
(Ctrl-C) after the lesson.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import random
import re
import secrets
import socket
import sys
import tempfile
from pathlib import Path

import psutil
import tornado.web
from jupyter_client.session import DELIM
from jupyter_server._tz import utcnow
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Integer
from traitlets.config import Config
from voila.app import Voila
from voila.handler import BaseVoilaHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_PORT = 8866
INDEX_NOTEBOOK = "00_index.ipynb"
HOME_TITLE = "Information theory for machine learning"
#: Our copies of Voilà's page templates, searched first (see the files for what differs).
TEMPLATES = Path(__file__).resolve().parent / "present_templates"

#: Letters and digits that cannot be misread on a projector (no 0/o, 1/l/i).
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
#: A code given by the teacher: URL-safe, at least 8 characters.
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,128}")

#: Memory budget per kernel for the default cap (measured 125-241 MiB per notebook kernel), and what is
#: left for the server and the system.
KERNEL_MIB = 256
RESERVE_MIB = 1024
#: Seconds a kernel with no open page may stay idle before it is shut down, and how often that is checked.
CULL_IDLE_S = 60
CULL_INTERVAL_S = 15
#: A kernel whose page has not connected yet (still loading on a busy machine: 2-3 minutes were measured with a
#: class arriving together) is culled only after this many times ``--cull-idle`` idle.
UNCONNECTED_GRACE = 5

#: Seconds before a pool replaces a kernel a student took: re-executing the notebook at once would compete for
#: the CPU with the pages of a class arriving together.
POOL_REFILL_DELAY_S = 60
#: ``--pool auto``: the share of the memory for ready kernels, and the most it keeps ready (the class of 30 that issue 15 targets; each
#: ready kernel costs a notebook's execution of CPU when the server starts and when it is refilled).
AUTO_POOL_SHARE = 0.5
AUTO_POOL_MAX = 30
#: ``--pool auto``: at most this many ready kernels per CPU core. Filling and refilling the pool executes the
#: notebook once per kernel (~10 CPU-s for notebook 04): measured on 2 cores, a pool of 5 for 5 students halved
#: their first page (73 -> 35 s), a pool of 20 for 20 made it worse than none (its refill competed with the
#: pages still loading).
AUTO_POOL_PER_CPU = 3
#: What a student sees instead of a traceback.
ERROR_TEXT = "Something went wrong in this app. The details are in the teacher's server log."
#: What a student sees when the kernel cap is reached (an HTTP reason phrase: one line of ASCII).
FULL_TEXT = "The classroom server is full. Close a tab you no longer use, or ask your teacher"
LOCAL_HOSTS = ("127.0.0.1", "localhost")


# ---------------------------------------------------------------------------
# Pure helpers (no server): the code, the addresses, the cap
# ---------------------------------------------------------------------------


def classroom_code(rng: random.Random | None = None) -> str:
    """A fresh classroom code such as ``k7mq-x3rt-9wpa``: 12 characters from 31, about 59 bits."""
    rng = rng or secrets.SystemRandom()
    groups = ("".join(rng.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3))
    return "-".join(groups)


def check_code(token: str) -> str:
    """``token`` if it is a usable classroom code, else ValueError naming it."""
    if not isinstance(token, str):
        raise TypeError(f"token must be a string, got {type(token).__name__}")
    if not CODE_PATTERN.fullmatch(token):
        raise ValueError(
            "token must be 8-128 letters, digits, '-' or '_' (it goes into a URL and is typed by students), "
            f"got {token!r}"
        )
    return token


def lan_address() -> str:
    """This computer's IPv4 address on the network its default route uses (no packet is sent).

    Raises RuntimeError when there is none besides loopback (not connected to a network).
    """
    candidates = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: picks the outgoing interface, sends nothing
            candidates.append(s.getsockname()[0])
        except OSError:
            pass
    try:
        candidates.append(socket.gethostbyname(socket.gethostname()))
    except OSError:
        pass
    for address in candidates:
        if not ipaddress.ip_address(address).is_loopback and address != "0.0.0.0":
            return address
    raise RuntimeError(
        "PRESENT_LAN=1: this computer has no network address besides loopback; connect it to the classroom "
        "network (or give one with --lan-address)"
    )


def default_max_kernels(available_bytes: int | None = None) -> int:
    """The kernel cap from memory: ``(available - RESERVE_MIB) // KERNEL_MIB``, at least 1."""
    if available_bytes is None:
        available_bytes = psutil.virtual_memory().available
    return max(1, (available_bytes // 2**20 - RESERVE_MIB) // KERNEL_MIB)


def auto_pool_size(
    footprint_bytes: int, max_kernels: int, available_bytes: int | None = None, cpus: int | None = None
) -> int:
    """The ``--pool auto`` size from memory and cores.

    ``min(AUTO_POOL_MAX, floor(AUTO_POOL_SHARE * (available - RESERVE_MIB) / footprint), max_kernels - 1,
    AUTO_POOL_PER_CPU * cpus)``, at least 1; ``footprint`` is one executed kernel of the lesson
    (:func:`measure_kernel_footprint`).
    """
    if isinstance(footprint_bytes, bool) or not isinstance(footprint_bytes, int):
        raise TypeError(f"footprint_bytes must be an int, got {type(footprint_bytes).__name__}")
    if footprint_bytes <= 0:
        raise ValueError(f"footprint_bytes must be positive, got {footprint_bytes}")
    if max_kernels < 2:
        raise ValueError(
            f"max_kernels must be at least 2 for a pool (one kernel stays free), got {max_kernels}"
        )
    if available_bytes is None:
        available_bytes = psutil.virtual_memory().available
    if cpus is None:
        cpus = os.cpu_count() or 1
    budget = AUTO_POOL_SHARE * max(0, available_bytes - RESERVE_MIB * 2**20)
    return max(
        1, min(AUTO_POOL_MAX, int(budget // footprint_bytes), max_kernels - 1, AUTO_POOL_PER_CPU * cpus)
    )


def measure_kernel_footprint(notebook: Path, timeout_s: float = 300) -> int:
    """Resident memory, in bytes, of a kernel that has executed ``notebook`` (run once, then shut down)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb, timeout=timeout_s, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}
    )
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        process = psutil.Process(client.km.provisioner.process.pid)
        return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)])


def served_hosts(lan_ip: str | None = None) -> list[str]:
    """The Host names the server answers: loopback names, plus the LAN IP address in classroom-network mode."""
    return [*LOCAL_HOSTS, lan_ip] if lan_ip else list(LOCAL_HOSTS)


def student_url(host: str, port: int, token: str) -> str:
    """The URL students open: the landing page (the lessons as apps), with the classroom code."""
    return f"http://{host}:{port}/?token={token}"


# ---------------------------------------------------------------------------
# Server pieces
# ---------------------------------------------------------------------------


class CappedKernelManager(AsyncMappingKernelManager):
    """Refuses a new kernel (HTTP 503) once ``max_kernels`` are running or starting."""

    max_kernels = Integer(0, config=True, help="Most kernels at once (0: no cap).")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._starting = 0

    async def start_kernel(self, *, kernel_id=None, path=None, **kwargs):
        if kernel_id is None and self.max_kernels:
            running = len(self.list_kernel_ids()) + self._starting
            if running >= self.max_kernels:
                self.log.warning(
                    "Classroom full: %d kernels, cap %d; a page was refused", running, self.max_kernels
                )
                raise tornado.web.HTTPError(
                    503,
                    "classroom full: %d kernels, cap %d",
                    running,
                    self.max_kernels,
                    reason=FULL_TEXT,  # Voilà's error page shows the reason, not the message
                )
        self._starting += 1
        try:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        finally:
            self._starting -= 1

    def pooled(self, kernel_id) -> bool:
        """Whether a kernel waits, pre-executed, in Voilà's preheated pool (``--pool``) for its first page."""
        for pool in getattr(self, "_pools", {}).values():
            for task in pool:
                if task.done() and not task.cancelled() and task.exception() is None:
                    if task.result().get("kernel_id") == kernel_id:
                        return True
        return False

    async def cull_kernel_if_idle(self, kernel_id):
        # A pooled kernel is idle with no page by design: culling it would empty the pool for good.
        if self.pooled(kernel_id):
            return
        # A kernel whose page never connected may belong to a page still loading: a longer grace.
        connected = getattr(self, "_present_connected", set())
        self._present_connected = connected
        if self._kernel_connections.get(kernel_id, 0):
            connected.add(kernel_id)
        if kernel_id not in connected:
            kernel = self.get_kernel(kernel_id)
            idle_s = (utcnow() - kernel.last_activity).total_seconds()
            if idle_s < UNCONNECTED_GRACE * self.cull_idle_timeout:
                return
        await super().cull_kernel_if_idle(kernel_id)
        if kernel_id not in self:
            connected.discard(kernel_id)

    def kernels_memory_bytes(self) -> int:
        """Resident memory of every kernel process and its children."""
        total = 0
        for kernel_id in self.list_kernel_ids():
            provisioner = getattr(self.get_kernel(kernel_id), "provisioner", None)
            pid = getattr(getattr(provisioner, "process", None), "pid", None)
            if pid is None:
                continue
            try:
                proc = psutil.Process(pid)
                total += sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)])
            except psutil.Error:
                continue
        return total


def _restarting_idle_clock(km, get_rendered_notebook):
    """Voilà's hand-out of a pooled kernel to a page, with the kernel's idle time counted from the hand-out.

    A pooled kernel finished its notebook long ago; until its page connects (a few seconds) it is idle with
    no connection, and the culler would take it from under the student.
    """

    async def handed_out(*args, **kwargs):
        render_task, rendered_cache, kernel_id = await get_rendered_notebook(*args, **kwargs)
        km.get_kernel(kernel_id).last_activity = utcnow()
        return render_task, rendered_cache, kernel_id

    return handed_out


class QuietChannels(ZMQChannelsWebsocketConnection):
    """The kernel websocket without tracebacks: errors become one sentence, stderr is dropped.

    What was withheld is logged on the server with the kernel's id.
    """

    def handle_outgoing_message(self, stream, outgoing_msg):
        try:
            idents, parts = self.session.feed_identities(outgoing_msg)
            header = self.session.unpack(bytes(parts[1]))
            msg_type = header.get("msg_type")
            if msg_type in ("error", "stream", "execute_reply"):
                content = self.session.unpack(bytes(parts[4]))
                if msg_type == "stream" and content.get("name") == "stderr":
                    self.log.warning(
                        "kernel %s stderr (not sent to the page):\n%s", self.kernel_id, content.get("text")
                    )
                    return None
                if msg_type == "error" or content.get("status") == "error":
                    self.log.warning(
                        "kernel %s %s (not sent to the page):\n%s",
                        self.kernel_id,
                        msg_type,
                        _strip_ansi(
                            "\n".join(
                                content.get("traceback")
                                or [f"{content.get('ename')}: {content.get('evalue')}"]
                            )
                        ),
                    )
                    content.update(ename="Error", evalue=ERROR_TEXT, traceback=[ERROR_TEXT])
                    parts = [None, *parts[1:4], self.session.pack(content), *parts[5:]]
                    parts[0] = self.session.sign(parts[1:5])  # the websocket side checks the signature
                    outgoing_msg = [*idents, DELIM, *parts]
        except Exception:  # never let the filter break the channel; an unparsed message is not forwarded
            self.log.exception("kernel %s: message withheld (could not be checked)", self.kernel_id)
            return None
        return super().handle_outgoing_message(stream, outgoing_msg)


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


class BeaconShutdownHandler(VoilaShutdownKernelHandler):
    """Voilà's shutdown-on-leave route, accepting the page's beacon that lacks ``_xsrf`` (voila#1458).

    Still requires the classroom code (cookie) and a same-origin request, and a
    kernel id (a random UUID only that page knows).
    """

    def check_xsrf_cookie(self):
        origin = self.request.headers.get("Origin")
        if origin is not None and not self.check_origin(origin):
            raise tornado.web.HTTPError(403, "cross-origin shutdown refused")

    @tornado.web.authenticated
    async def post(self, kernel_id):
        if kernel_id not in self.kernel_manager:
            raise tornado.web.HTTPError(404, "no such kernel")
        self.log.info("Page left: shutting down kernel %s", kernel_id)
        await super().post(kernel_id)


def lessons(root: Path) -> list[dict]:
    """The lessons of ``root`` for the landing page: ``{"file", "heading"}`` in file order, the index excluded.

    The heading is the notebook's first Markdown H1 (``3 · Cross-entropy``), else its file name.
    """
    found = []
    for path in sorted(root.glob("[0-9][0-9]_*.ipynb")):
        if path.name == INDEX_NOTEBOOK:
            continue
        heading = path.stem
        try:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError):
            cells = []
        for cell in cells:
            if cell.get("cell_type") == "markdown":
                lines = "".join(cell.get("source", "")).splitlines()
                heading = next((line[2:].strip() for line in lines if line.startswith("# ")), heading)
                break
        found.append({"file": path.name, "heading": heading})
    return found


class HomeHandler(BaseVoilaHandler):
    """``GET /``: the students' landing page, the lessons as links (Voilà's file tree stays at /voila/tree)."""

    @tornado.web.authenticated
    def get(self):
        root = Path(self.settings["voila"].root_dir)
        self.finish(self.render_template("classroom_home.html", page_title=HOME_TITLE, lessons=lessons(root)))


class StatusHandler(JupyterHandler):
    """``GET /present/api/status``: kernels, cap and kernels' memory (no ids), for the teacher and the tests."""

    @tornado.web.authenticated
    async def get(self):
        km = self.kernel_manager
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(
            json.dumps(
                {
                    "kernels": len(km.list_kernel_ids()),
                    "max_kernels": getattr(km, "max_kernels", 0),
                    "kernels_memory_mib": round(km.kernels_memory_bytes() / 2**20, 1),
                    "pages": [_kernel_summary(km, kernel_id) for kernel_id in km.list_kernel_ids()],
                }
            )
        )


def _kernel_summary(km, kernel_id) -> dict:
    """One kernel's state for the status page, without its id."""
    kernel = km.get_kernel(kernel_id)
    last = getattr(kernel, "last_activity", None)
    return {
        "state": getattr(kernel, "execution_state", "unknown"),
        "connections": km._kernel_connections.get(kernel_id, 0),
        "idle_s": round((utcnow() - last).total_seconds(), 1) if last else None,
    }


class WrongHostHandler(tornado.web.RequestHandler):
    """Every request no handler of this server's own names took: 404 for those names, else 403 (logged)."""

    def prepare(self):
        if self.request.host_name in self.settings["present_hosts"]:
            raise tornado.web.HTTPError(404)
        self.application.settings["voila"].log.warning(
            "Refused a request for Host %r (served: %s)",
            self.request.host,
            ", ".join(self.settings["present_hosts"]),
        )
        raise tornado.web.HTTPError(403)

    def write_error(self, status_code, **kwargs):
        self.finish("Not found.\n" if status_code == 404 else "Forbidden: unknown Host header.\n")


class PresentVoila(Voila):
    """Voilà with the classroom defaults (see the module docstring)."""

    def present(
        self,
        *,
        max_kernels: int,
        hosts: list[str],
        cull_idle_s: int,
        pools: dict | None = None,
        refill_delay_s: float = POOL_REFILL_DELAY_S,
    ) -> None:
        """Set the classroom defaults after ``initialize`` (so no config file can undo them).

        ``pools`` maps a notebook to how many pre-executed kernels wait for its pages (Voilà's preheated
        kernels); every other notebook starts its kernel when a page asks.
        """
        self.present_hosts = hosts
        self.voila_configuration.show_tracebacks = False
        self.voila_configuration.multi_kernel_manager_class = CappedKernelManager
        self.voila_configuration.preheat_kernel = bool(pools)
        if pools:
            config = {"default": {"pool_size": 0}} | {
                name: {"pool_size": size} for name, size in pools.items()
            }
            self.update_config(
                Config({"VoilaKernelManager": {"kernel_pools_config": config, "fill_delay": refill_delay_s}})
            )
        self.kernel_websocket_connection_class = QuietChannels
        self.present_limits = {"max_kernels": max_kernels, "cull_idle_s": cull_idle_s}

    def setup_template_dirs(self):
        """Voilà's lab template, with ``tools/present_templates`` first: its pages without CDN links."""
        super().setup_template_dirs()
        self.template_paths.insert(0, str(TEMPLATES))

    def start(self):
        # Voilà 0.5.13's start(), with the kernel manager's limits set, our handlers first and the handlers
        # bound to the allowed Host names only.
        self.connection_dir = tempfile.mkdtemp(prefix="voila_", dir=self.connection_dir_root)
        settings = self.init_settings()
        km = self.kernel_manager
        km.max_kernels = self.present_limits["max_kernels"]
        km.cull_idle_timeout = self.present_limits["cull_idle_s"]
        km.cull_interval = min(CULL_INTERVAL_S, self.present_limits["cull_idle_s"])
        km.cull_connected = False
        km.cull_busy = False
        if hasattr(km, "get_rendered_notebook"):  # preheated pools: Voilà's manager class wraps ours
            km.get_rendered_notebook = _restarting_idle_clock(km, km.get_rendered_notebook)
        settings["present_hosts"] = list(self.present_hosts)
        self.app = tornado.web.Application(**settings)
        self.app.settings.update(self.tornado_settings)
        ours = [
            (r"/", HomeHandler, {"voila_configuration": self.voila_configuration}),
            (r"/voila/api/shutdown/(.*)", BeaconShutdownHandler),
            (r"/present/api/status", StatusHandler),
        ]
        hosts = "|".join(re.escape(h) for h in self.present_hosts)
        self.app.add_handlers(rf"^({hosts})$", ours + self.init_handlers())
        self.app.add_handlers(r".*$", [(r".*", WrongHostHandler)])
        self.listen()


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Serve the course notebooks as code-free apps (Voilà), safely."
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument(
        "--lan",
        action="store_true",
        default=os.environ.get("PRESENT_LAN") == "1",
        help="listen on the classroom network (PRESENT_LAN=1); the code, Host check and cap still apply",
    )
    parser.add_argument("--lan-address", help="the LAN IP address to serve and print (default: detected)")
    parser.add_argument(
        "--token",
        default=os.environ.get("PRESENT_TOKEN") or None,
        help="the classroom code (PRESENT_TOKEN; default: a fresh one each start)",
    )
    parser.add_argument(
        "--max-kernels", type=int, default=None, help="most open apps at once (default: from memory)"
    )
    parser.add_argument(
        "--cull-idle",
        type=int,
        default=CULL_IDLE_S,
        help="seconds before a kernel with no open page is shut down",
    )
    parser.add_argument(
        "--lesson",
        help="the notebook of today's lesson (e.g. 04_kl_divergence.ipynb): its pages open from --pool",
    )
    parser.add_argument(
        "--pool",
        default=None,
        help="pre-executed kernels kept ready for --lesson (refilled as students take them; each costs a "
        "kernel's memory and counts toward --max-kernels), or 'auto' (the default with --lesson): the lesson "
        "is executed once to measure its kernel's memory F, then pool = min("
        f"{AUTO_POOL_MAX}, {AUTO_POOL_SHARE} x (available - {RESERVE_MIB} MiB) / F, cap - 1, "
        f"{AUTO_POOL_PER_CPU} x CPU cores), at least 1",
    )
    parser.add_argument(
        "--refill-delay",
        type=float,
        default=POOL_REFILL_DELAY_S,
        help=f"seconds before the pool replaces a kernel a student took (default {POOL_REFILL_DELAY_S})",
    )
    parser.add_argument(
        "--root", type=Path, default=NOTEBOOKS, help="the notebooks folder (default: notebooks/)"
    )
    args = parser.parse_args(argv)
    try:
        args.token = check_code(args.token) if args.token is not None else classroom_code()
    except ValueError as exc:
        parser.error(str(exc))
    if args.max_kernels is not None and args.max_kernels < 1:
        parser.error(f"--max-kernels must be at least 1, got {args.max_kernels}")
    if args.cull_idle < 1:
        parser.error(f"--cull-idle must be at least 1 second, got {args.cull_idle}")
    if args.lan_address is not None:
        try:
            ipaddress.ip_address(args.lan_address)
        except ValueError:
            parser.error(f"--lan-address must be an IP address (students type it), got {args.lan_address!r}")
    if not args.root.is_dir():
        parser.error(f"--root must be a folder of notebooks, got {args.root}")
    if args.refill_delay < 0:
        parser.error(f"--refill-delay must be 0 or more seconds, got {args.refill_delay}")
    if args.pool is None:
        args.pool = "auto" if args.lesson else 0
    if args.pool != "auto":
        try:
            args.pool = int(args.pool)
        except ValueError:
            parser.error(f"--pool must be a number or 'auto', got {args.pool!r}")
        if args.pool < 0:
            parser.error(f"--pool must be 0 or more, got {args.pool}")
    if args.pool and not args.lesson:
        parser.error("--pool needs --lesson (the notebook whose kernels to keep ready)")
    if args.lesson is not None and not (args.root / args.lesson).is_file():
        parser.error(f"--lesson must be a notebook in {args.root}, got {args.lesson!r}")
    if args.pool == "auto" and args.max_kernels is not None and args.max_kernels < 2:
        parser.error(f"--pool auto needs --max-kernels of at least 2, got {args.max_kernels}")
    if args.pool != "auto" and args.pool and args.max_kernels is not None and args.pool >= args.max_kernels:
        parser.error(f"--pool ({args.pool}) must be less than --max-kernels ({args.max_kernels})")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    max_kernels = args.max_kernels or default_max_kernels()
    try:
        shown = (args.lan_address or lan_address()) if args.lan else "127.0.0.1"
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 2
    hosts = served_hosts(shown if args.lan else None)
    url = student_url(shown, args.port, args.token)
    print(
        f"Classroom mode (Voilà). Students open:\n\n    {url}\n\n"
        f"(or http://{shown}:{args.port}/ and type the classroom code: {args.token})\n"
        f"Kernel cap: {max_kernels} open apps (one per page, ~{KERNEL_MIB} MiB each); a kernel with no open "
        f"page is shut down after {args.cull_idle} s. Status: http://{shown}:{args.port}/present/api/status",
        flush=True,
    )
    if args.lan:
        print(
            f"Listening on the network ({shown}): anyone who has the code can open the apps. "
            "Stop with Ctrl-C after the lesson.",
            flush=True,
        )
    else:
        print(
            "Only this computer can connect. For a classroom network: PRESENT_LAN=1 make present", flush=True
        )
    app = PresentVoila.instance()
    app.initialize(
        [
            str(args.root),
            "--no-browser",
            f"--port={args.port}",
            f"--Voila.ip={'0.0.0.0' if args.lan else '127.0.0.1'}",
            "--Voila.port_retries=0",
            f"--token={args.token}",
        ]
    )
    if args.pool == "auto":
        print(f"Measuring the memory of one kernel of {args.lesson} (executing it once)...", flush=True)
        footprint = measure_kernel_footprint(args.root / args.lesson)
        args.pool = auto_pool_size(footprint, max_kernels) if max_kernels >= 2 else 0
        print(
            f"--pool auto: {args.pool} ready kernel(s) (one kernel of {args.lesson}: {footprint / 2**20:.0f} MiB; "
            f"{psutil.virtual_memory().available / 2**30:.1f} GiB available; cap {max_kernels})",
            flush=True,
        )
    pools = {args.lesson: args.pool} if args.pool else None
    if pools:
        print(
            f"Keeping {args.pool} kernel(s) of {args.lesson} ready (pre-executed; refilled as students take them). "
            "The first ones are ready in about a minute.",
            flush=True,
        )
    app.present(
        max_kernels=max_kernels,
        hosts=hosts,
        cull_idle_s=args.cull_idle,
        pools=pools,
        refill_delay_s=args.refill_delay,
    )
    app.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
