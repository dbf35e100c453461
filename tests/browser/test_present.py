"""Classroom mode's safe defaults, against the real ``tools/present.py`` (issue 15, points 1-2).

The session's Voilà server (``voila_server``) is ``tools/present.py`` with its
defaults; only the port, the notebooks folder and the classroom code are
chosen by the test. Three more servers change one setting each, to test it in
seconds: a kernel cap of 1, culling after 3 s idle, and a pool of one ready
kernel for notebook 01 (culling after 8 s idle).

- no classroom code (or a wrong one) → refused, and no kernel started;
- a Host header other than the server's own → 403, even with the code;
- an error in the kernel (a widget driven with a bad value over the comm
  channel) reaches the page as one neutral sentence, never as a traceback;
  the traceback is in the server log;
- leaving or reloading a page frees its kernel (the page's shutdown beacon,
  voila#1458); a page that vanishes without it is culled;
- beyond the cap, a page gets 503 and no kernel;
- with ``--lesson`` and ``--pool``, a page takes a pre-executed kernel, the pool
  refills, and its waiting kernels are not culled;
- no page (tree, index, a notebook, an error page) requests anything from another host;
- every explorer fits the width of a 1280x720 projector at 150 % zoom and of a 1920x1080 one
  (screenshots in test-artifacts/screenshots/present-*.png).

The pure helpers (the code, the cap from memory, the served hosts, the
command line) are tested without a server at the end.
"""

from __future__ import annotations

import http.client
import json
import random
import time

import pytest

from tests.helpers import servers

pytest.importorskip("voila", reason="voila is not installed here (classroom mode is the `present` extra)")
from tools import present  # noqa: E402 - imports voila

NOTEBOOK = "01_information_content.ipynb"
TINY = "tiny.ipynb"
RENDER_TIMEOUT_S = 120
FREE_TIMEOUT_S = 15


# ---------------------------------------------------------------------------
# HTTP helpers
# ---------------------------------------------------------------------------


def _get(server, path, *, host=None, token=None, timeout=RENDER_TIMEOUT_S):
    """GET ``path`` (no redirect followed): ``(status, headers, body text)``."""
    if token is not None:
        path += ("&" if "?" in path else "?") + f"token={token}"
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        headers = {"Host": host} if host is not None else {}
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def _status(server) -> dict:
    code, _, body = _get(server, "/present/api/status", token=server.token, timeout=30)
    assert code == 200, f"status page answered {code}: {body[:300]}"
    return json.loads(body)


def _kernels(server) -> int:
    return _status(server)["kernels"]


def _steady_status(server, timeout_s=FREE_TIMEOUT_S) -> dict:
    """The status once the kernel count has not changed for 2 s (pages of earlier tests may still close)."""
    deadline = time.monotonic() + timeout_s
    last = _status(server)
    while time.monotonic() < deadline:
        time.sleep(2)
        now = _status(server)
        if now["kernels"] == last["kernels"]:
            return now
        last = now
    return last


def _open(page, server, name=NOTEBOOK):
    page.goto(f"{server.base}/voila/render/{name}?token={server.token}", wait_until="domcontentloaded")
    present_, visible = servers.wait_for_figures(page, 1, timeout_s=RENDER_TIMEOUT_S)
    assert visible >= 1, f"{name} did not show its explorer in Voilà ({present_} in the page)"


def _kernel_id(page) -> str:
    return json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]


# ---------------------------------------------------------------------------
# The classroom code and the Host header (real defaults)
# ---------------------------------------------------------------------------

PROTECTED = ["/", f"/voila/render/{NOTEBOOK}", "/voila/tree", "/present/api/status", "/voila/files/images/"]


@pytest.mark.browser
@pytest.mark.parametrize("path", PROTECTED)
def test_no_classroom_code_is_refused(voila_server, path):
    before = _kernels(voila_server)
    for token in (None, "wrong-code-123"):
        code, headers, body = _get(voila_server, path, token=token)
        refused = code == 403 or (code in (301, 302) and "/login" in headers.get("Location", ""))
        assert refused, f"GET {path} with token={token!r}: {code}, expected a refusal; {body[:200]!r}"
    assert _kernels(voila_server) == before, f"GET {path} without the code started a kernel"


@pytest.mark.browser
def test_the_classroom_code_opens_the_students_landing_page(voila_server):
    code, _, body = _get(voila_server, "/", token=voila_server.token)
    assert code == 200, f"GET / with the code: {code}, {body[:200]!r}"
    expected = present.lessons(voila_server.root)
    assert expected, "no lesson found in the served folder"
    for lesson in expected:
        assert f'voila/render/{lesson["file"]}">{lesson["heading"]}</a>' in body, (
            f"{lesson} not linked from /"
        )
    assert "00_index" not in body and "Restart" not in body


@pytest.mark.browser
def test_a_student_can_type_the_code_into_the_login_page(page, voila_server):
    page.goto(f"{voila_server.base}/", wait_until="load")
    assert "/login" in page.url, f"without the code, / should ask for it; landed on {page.url}"
    page.fill("#password_input", "wrong-code-123")
    page.locator("#password_input").press("Enter")
    page.wait_for_load_state()
    assert "/login" in page.url, "a wrong code let the student in"
    page.fill("#password_input", voila_server.token)
    page.locator("#password_input").press("Enter")
    page.wait_for_url(f"{voila_server.base}/", timeout=30_000)
    assert page.title() == present.HOME_TITLE


@pytest.mark.browser
@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "192.0.2.7", "127.0.0.1.evil.example"])
@pytest.mark.parametrize("path", ["/", f"/voila/render/{NOTEBOOK}", "/voila/static/voila.js", "/login"])
def test_a_foreign_host_header_is_refused(voila_server, host, path):
    before = _kernels(voila_server)
    code, _, body = _get(voila_server, path, host=host, token=voila_server.token)
    assert code == 403, f"GET {path} with Host {host!r} and the code: {code}, expected 403; {body[:200]!r}"
    assert _kernels(voila_server) == before


@pytest.mark.browser
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_the_servers_own_host_names_are_served(voila_server, host):
    code, _, _ = _get(voila_server, "/", host=f"{host}:{voila_server.port}", token=voila_server.token)
    assert code == 200, f"Host {host}: {code}"
    code, _, _ = _get(
        voila_server, "/no/such/page", host=f"{host}:{voila_server.port}", token=voila_server.token
    )
    assert code == 404, f"Host {host}, an unknown path: {code}, expected 404"


# ---------------------------------------------------------------------------
# Tracebacks stay on the server
# ---------------------------------------------------------------------------

# Opens a second websocket to the page's kernel (the page's cookie carries the code), asks for the
# widgets' comm ids and sends every widget an update with a bad value: each DOMWidget raises TraitError.
_BAD_UPDATE_JS = """async (kernelId) => {
    const ws = new WebSocket(`ws://${location.host}/api/kernels/${kernelId}/channels?session_id=probe`);
    const got = [];
    ws.onmessage = (e) => got.push(typeof e.data === 'string' ? e.data : '[binary]');
    await new Promise((ok, bad) => { ws.onopen = ok; ws.onerror = bad; });
    const send = (type, content) => ws.send(JSON.stringify({
        header: {msg_id: 'probe-' + Math.random(), msg_type: type, session: 'probe', username: '', date: '',
                 version: '5.3'},
        parent_header: {}, metadata: {}, channel: 'shell', buffers: [], content}));
    send('comm_info_request', {target_name: 'jupyter.widget'});
    const t0 = Date.now();
    let info;
    while (!info && Date.now() - t0 < 10000) {
        await new Promise(r => setTimeout(r, 100));
        info = got.map(g => JSON.parse(g)).find(m => m.header.msg_type === 'comm_info_reply');
    }
    if (!info) return {comms: 0, got};
    const ids = Object.keys(info.content.comms);
    for (const id of ids)
        send('comm_msg', {comm_id: id, data: {method: 'update', state: {_dom_classes: 5}, buffer_paths: []}});
    await new Promise(r => setTimeout(r, 4000));
    ws.close();
    return {comms: ids.length, got};
}"""


@pytest.mark.browser
def test_a_kernel_error_reaches_the_page_without_its_traceback(page, voila_server):
    baseline = _kernels(voila_server)
    frames = []

    def on_websocket(ws):
        ws.on(
            "framereceived",
            lambda f: frames.append(f if isinstance(f, str) else f.decode("utf-8", "replace")),
        )

    page.on("websocket", on_websocket)
    _open(page, voila_server)
    result = page.evaluate(_BAD_UPDATE_JS, _kernel_id(page))
    assert result["comms"] > 0, "the probe found no widget to drive"
    received = frames + result["got"]
    leaked = [m for m in received if "Traceback" in m or "TraitError" in m or "site-packages" in m]
    assert not leaked, f"{len(leaked)} message(s) with a traceback reached the client: {leaked[0][:500]}"
    neutral = [m for m in received if present.ERROR_TEXT in m]
    assert neutral, (
        "no error reached the client at all: the probe did not provoke one (the test proves nothing)"
    )
    assert servers.poll(lambda: "TraitError" in voila_server.log_path.read_text(errors="replace"), 10), (
        "the traceback is not in the server log"
    )
    page.close(run_before_unload=True)
    servers.poll(lambda: _kernels(voila_server) == baseline, FREE_TIMEOUT_S)  # leave the server as found


# ---------------------------------------------------------------------------
# Kernels are freed
# ---------------------------------------------------------------------------


@pytest.mark.browser
def test_leaving_or_reloading_a_page_frees_its_kernel(browser, voila_server):
    baseline = _steady_status(voila_server)
    context, page = servers.new_page(browser)
    try:
        _open(page, voila_server)
        first = _kernel_id(page)
        opened = _status(voila_server)
        assert opened["kernels"] == baseline["kernels"] + 1, f"one page, kernels {baseline} -> {opened}"
        assert opened["kernels_memory_mib"] > baseline["kernels_memory_mib"]

        page.reload(wait_until="domcontentloaded")
        servers.wait_for_figures(page, 1, timeout_s=RENDER_TIMEOUT_S)
        assert _kernel_id(page) != first, "the reloaded page kept its old kernel id"
        assert servers.poll(lambda: _kernels(voila_server) == baseline["kernels"] + 1, FREE_TIMEOUT_S), (
            f"after a reload: {_status(voila_server)}, expected the old kernel freed"
        )

        page.close(run_before_unload=True)  # what a browser does when the tab is closed
        assert servers.poll(lambda: _kernels(voila_server) == baseline["kernels"], FREE_TIMEOUT_S), (
            f"after closing the page: {_status(voila_server)}, baseline {baseline}"
        )
        after = _status(voila_server)
        assert after["kernels_memory_mib"] <= baseline["kernels_memory_mib"] + 1, (baseline, after)
    finally:
        context.close()


@pytest.fixture(scope="module")
def culling_server(voila_root, tmp_path_factory):
    server = servers.start_voila(
        voila_root, tmp_path_factory.mktemp("present-cull"), extra=("--cull-idle", "3")
    )
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.browser
def test_a_page_that_vanishes_without_a_word_is_culled(browser, culling_server):
    baseline = _kernels(culling_server)
    context, page = servers.new_page(browser)
    _open(page, culling_server)
    assert _kernels(culling_server) == baseline + 1
    time.sleep(5)  # longer than --cull-idle: an open page (connected) is never culled
    assert _kernels(culling_server) == baseline + 1, "a kernel with its page open was culled"
    context.close()  # no beforeunload: a crashed browser, a lost network
    assert servers.poll(lambda: _kernels(culling_server) == baseline, 20, 0.5), (
        f"kernel not culled 20 s after its page vanished (cull after 3 s idle): {_status(culling_server)}"
    )


@pytest.fixture(scope="module")
def pooled_server(voila_root, tmp_path_factory):
    server = servers.start_voila(
        voila_root,
        tmp_path_factory.mktemp("present-pool"),
        extra=("--lesson", NOTEBOOK, "--pool", "1", "--cull-idle", "8", "--refill-delay", "1"),
    )
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.browser
def test_a_lesson_opens_from_its_pool_of_ready_kernels(browser, pooled_server):
    assert servers.poll(
        lambda: "Kernel pool of" in pooled_server.log_path.read_text(), RENDER_TIMEOUT_S, 0.5
    ), f"the pool of {NOTEBOOK} was not filled:\n{pooled_server.log_tail()}"
    time.sleep(17)  # longer than --cull-idle 8 plus its 8 s interval: a pooled kernel is never culled
    assert _kernels(pooled_server) == 1, f"the pooled kernel was culled: {_status(pooled_server)}"
    context, page = servers.new_page(browser)
    try:
        started = time.monotonic()
        _open(page, pooled_server)
        seconds = time.monotonic() - started
        assert "Using pre-heated kernel" in pooled_server.log_path.read_text(), (
            f"the page did not take the pooled kernel (first page after {seconds:.1f} s)"
        )
        assert servers.poll(lambda: _kernels(pooled_server) == 2, RENDER_TIMEOUT_S, 0.5), (
            f"the pool was not refilled: {_status(pooled_server)}"
        )
        page.close(run_before_unload=True)
        assert servers.poll(lambda: _kernels(pooled_server) == 1, FREE_TIMEOUT_S), (
            f"after the page left, the pool's kernel alone should remain: {_status(pooled_server)}"
        )
    finally:
        context.close()


@pytest.fixture(scope="module")
def capped_server(voila_root, tmp_path_factory):
    servers.write_notebook(voila_root / TINY, ["1 + 1"])
    server = servers.start_voila(
        voila_root, tmp_path_factory.mktemp("present-cap"), extra=("--max-kernels", "1")
    )
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.browser
def test_pages_beyond_the_kernel_cap_are_refused(capped_server):
    code, _, body = _get(capped_server, f"/voila/render/{TINY}", token=capped_server.token)
    assert code == 200, f"first page under a cap of 1: {code} {body[:200]!r}"
    status = _status(capped_server)
    assert (status["kernels"], status["max_kernels"]) == (1, 1), status
    code, _, body = _get(capped_server, f"/voila/render/{TINY}", token=capped_server.token)
    assert code == 503 and present.FULL_TEXT in body, f"second page over a cap of 1: {code} {body[:300]!r}"
    assert _kernels(capped_server) == 1


@pytest.mark.browser
@pytest.mark.parametrize(
    "path", ["/", "/voila/render/00_index.ipynb", f"/voila/render/{NOTEBOOK}", "/nowhere"]
)
def test_no_page_fetches_anything_from_outside(page, voila_server, path):
    outside = []

    def record(route):
        outside.append(route.request.url)
        route.abort()  # and the test stays offline

    page.route(lambda url: not url.startswith((voila_server.base, "data:", "blob:")), record)
    page.goto(f"{voila_server.base}{path}?token={voila_server.token}", wait_until="load")
    if path == f"/voila/render/{NOTEBOOK}":
        servers.wait_for_figures(page, 1, timeout_s=RENDER_TIMEOUT_S)
    page.wait_for_timeout(1000)
    assert not outside, f"{path} requested {len(outside)} outside URL(s): {outside[:5]}"
    page.close(run_before_unload=True)


_EXPLORER_BOXES_JS = """() => {
    const width = document.documentElement.clientWidth;
    return {
        width,
        scrollWidth: document.documentElement.scrollWidth,
        explorers: Array.from(document.querySelectorAll('.infotheory-explorer')).map(e => {
            const rights = Array.from(e.querySelectorAll('*')).map(k => k.getBoundingClientRect().right);
            const img = e.querySelector('img.infotheory-explorer-figure').getBoundingClientRect();
            return {right: Math.max(e.getBoundingClientRect().right, ...rights), figure: [img.left, img.right]};
        }),
    };
}"""

#: CSS viewports of a 1280x720 projector at 150 % zoom and of a 1920x1080 one at 100 %.
PROJECTORS = {"1280x720@150%": (853, 480), "1920x1080": (1920, 1080)}


@pytest.mark.browser
def test_every_explorer_fits_the_projector(page, voila_server, screenshots_dir):
    """Every registered explorer (the gallery notebook), whole in the width of both projectors."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{voila_server.base}/voila/render/gallery.ipynb?token={voila_server.token}", wait_until="load")
    servers.wait_for_figures(page, len(servers.EXPLORERS), timeout_s=300)
    problems = []
    for label, (width, height) in PROJECTORS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(500)
        boxes = page.evaluate(_EXPLORER_BOXES_JS)
        assert len(boxes["explorers"]) == len(servers.EXPLORERS)
        if boxes["scrollWidth"] > boxes["width"]:
            problems.append(
                f"{label}: the page scrolls sideways ({boxes['scrollWidth']} > {boxes['width']} px)"
            )
        for (explorer_id, _), box in zip(servers.EXPLORERS, boxes["explorers"], strict=True):
            if box["right"] > boxes["width"] + 0.5 or box["figure"][1] > boxes["width"] + 0.5:
                problems.append(f"{label}: {explorer_id} reaches {box['right']:.0f} px of {boxes['width']}")
        for index, (explorer_id, _) in enumerate(servers.EXPLORERS):
            page.locator(".infotheory-explorer").nth(index).scroll_into_view_if_needed()
            page.screenshot(path=str(screenshots_dir / f"present-{label}-{explorer_id}.png"))
    assert not problems, "\n".join(problems)
    page.close(run_before_unload=True)


@pytest.mark.browser
def test_the_server_prints_the_students_url(voila_server):
    log = voila_server.log_path.read_text(errors="replace")
    url = present.student_url("127.0.0.1", voila_server.port, voila_server.token)
    assert url in log, f"the student URL {url} is not printed:\n{log[:600]}"


# ---------------------------------------------------------------------------
# Pure helpers (no server)
# ---------------------------------------------------------------------------


def test_classroom_codes_are_fresh_readable_and_accepted():
    codes = {present.classroom_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 14 and code.count("-") == 2
        assert set(code.replace("-", "")) <= set(present.CODE_ALPHABET)
        assert present.check_code(code) == code
    assert present.classroom_code(random.Random(1)) == present.classroom_code(random.Random(1))
    assert not set(present.CODE_ALPHABET) & set("01ilo")


@pytest.mark.parametrize("bad", ["", "short", "has space in it", "semi;colon1", "ä" * 10, "x" * 129])
def test_a_bad_classroom_code_is_a_value_error_naming_token(bad):
    with pytest.raises(ValueError, match="token"):
        present.check_code(bad)


def test_a_classroom_code_must_be_a_string():
    with pytest.raises(TypeError, match="token"):
        present.check_code(12345678)


@pytest.mark.parametrize(
    ("available_mib", "cap"),
    [(24 * 1024, (24 * 1024 - present.RESERVE_MIB) // present.KERNEL_MIB), (2048, 4), (1024, 1), (100, 1)],
)
def test_the_kernel_cap_follows_the_available_memory(available_mib, cap):
    assert present.default_max_kernels(available_mib * 2**20) == cap


@pytest.mark.parametrize(
    ("footprint_mib", "cap", "available_mib", "pool"),
    [
        (200, 79, 24 * 1024, present.AUTO_POOL_MAX),  # plenty of memory and cores: the class size bounds it
        (200, 79, 1024 + 2000, 5),  # 0.5 x 2000 MiB / 200 MiB
        (200, 3, 24 * 1024, 2),  # the cap, one kernel left free
        (200, 79, 1100, 1),  # at least one
    ],
)
def test_the_auto_pool_follows_the_memory_and_the_kernel_footprint(footprint_mib, cap, available_mib, pool):
    assert present.auto_pool_size(footprint_mib * 2**20, cap, available_mib * 2**20, cpus=64) == pool


def test_the_auto_pool_is_bounded_by_the_cores():
    assert present.auto_pool_size(200 * 2**20, 79, 24 * 2**30, cpus=2) == 2 * present.AUTO_POOL_PER_CPU


@pytest.mark.parametrize(
    ("args", "error"),
    [((0, 10), ValueError), ((-5, 10), ValueError), ((2.5e8, 10), TypeError), ((2**28, 1), ValueError)],
)
def test_a_bad_auto_pool_input_is_named(args, error):
    with pytest.raises(error, match="footprint_bytes|max_kernels"):
        present.auto_pool_size(*args, available_bytes=2**34)


def test_the_kernel_footprint_is_measured_after_the_notebook_ran(tmp_path):
    notebook = tmp_path / "big.ipynb"
    servers.write_notebook(notebook, ["held = bytearray(300 * 2**20)"])  # touched: resident
    footprint_mib = present.measure_kernel_footprint(notebook, timeout_s=120) / 2**20
    assert 300 < footprint_mib < 1000


def test_a_lesson_defaults_to_the_auto_pool(monkeypatch):
    assert present.parse_args(["--lesson", NOTEBOOK]).pool == "auto"
    assert present.parse_args(["--lesson", NOTEBOOK, "--pool", "0"]).pool == 0
    assert present.parse_args([]).pool == 0


def test_only_the_servers_own_names_are_served():
    assert present.served_hosts() == ["127.0.0.1", "localhost"]
    assert present.served_hosts("192.168.1.20") == ["127.0.0.1", "localhost", "192.168.1.20"]


def test_the_command_line_defaults_are_the_safe_ones(monkeypatch):
    monkeypatch.delenv("PRESENT_LAN", raising=False)
    monkeypatch.delenv("PRESENT_TOKEN", raising=False)
    args = present.parse_args([])
    assert not args.lan and args.port == present.DEFAULT_PORT
    assert present.check_code(args.token) == args.token  # a generated code, never empty
    assert args.cull_idle == present.CULL_IDLE_S and args.max_kernels is None
    monkeypatch.setenv("PRESENT_LAN", "1")
    monkeypatch.setenv("PRESENT_TOKEN", "lesson-seven")
    args = present.parse_args([])
    assert args.lan and args.token == "lesson-seven"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--token", "bad code"], "token"),
        (["--max-kernels", "0"], "--max-kernels"),
        (["--cull-idle", "0"], "--cull-idle"),
        (["--lan-address", "my-laptop"], "--lan-address"),
        (["--root", "/nonexistent/notebooks"], "--root"),
        (["--pool", "2"], "--lesson"),
        (["--pool", "-1"], "--pool"),
        (["--lesson", "01_information_content.ipynb", "--pool", "many"], "--pool"),
        (["--lesson", "01_information_content.ipynb", "--max-kernels", "1"], "--pool auto"),
        (["--refill-delay", "-1"], "--refill-delay"),
        (["--lesson", "no_such_lesson.ipynb"], "--lesson"),
        (["--lesson", "01_information_content.ipynb", "--pool", "4", "--max-kernels", "4"], "--pool"),
    ],
)
def test_bad_command_line_values_are_named(argv, message, capsys):
    with pytest.raises(SystemExit):
        present.parse_args(argv)
    assert message in capsys.readouterr().err


def test_the_student_url_opens_the_landing_page_with_the_code():
    assert (
        present.student_url("192.168.1.20", 8866, "abcd-efgh-jkmn")
        == "http://192.168.1.20:8866/?token=abcd-efgh-jkmn"
    )


def test_the_lessons_are_the_numbered_notebooks_with_their_headings(tmp_path):
    servers.write_notebook(tmp_path / "00_index.ipynb", ["1"])
    servers.write_notebook(tmp_path / "02_b.ipynb", ["1"])
    servers.write_notebook(tmp_path / "gallery.ipynb", ["1"])
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("[badge](x)\n\n# 1 · First lesson\n\ntext")]
    nbformat.write(nb, tmp_path / "01_a.ipynb")
    (tmp_path / "03_broken.ipynb").write_text("not json")
    assert present.lessons(tmp_path) == [
        {"file": "01_a.ipynb", "heading": "1 · First lesson"},
        {"file": "02_b.ipynb", "heading": "02_b"},
        {"file": "03_broken.ipynb", "heading": "03_broken"},
    ]
