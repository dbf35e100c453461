"""The README's pictures, taken from a real JupyterLab session in headless Chromium.

What it does
------------
Builds a gallery notebook (one explorer per cell, as the browser tests do),
starts JupyterLab on 127.0.0.1 over a temporary directory with a random
token, opens the notebook in the system Chromium (through Playwright, at a
device pixel ratio of 2, file browser collapsed), runs all cells and waits
for every plot. Then it writes into ``--out`` (default ``docs/images``):

- ``explorer_ID.png``: each chosen explorer's whole widget (controls, plot, readout
  line) in its starting state, margins trimmed, downscaled to at most
  900 px wide;
- ``kl_slider.gif``: the KL explorer while the model's weight of x1 is
  moved down from 0.90 to 0.05 with the keyboard, one frame after each step
  (once the picture shows new pixels and is still), played forward and back
  in a loop, at most 800 px wide.

Nothing is written unless every picture was taken. The same machine gives
the same pictures (fixed explorer defaults and seeds, fixed viewport, no
mouse on the page); fonts and anti-aliasing may differ on another one.

Run ``.venv/bin/python -m tools.readme_images`` from the repository root
(about a minute). It needs Chromium at ``/usr/bin/chromium`` (or
``$CHROMIUM_PATH``) and reuses the server and browser helpers of the browser
tests (``tests/helpers/servers.py``). The explorers come from the registry
(``infotheory_lib.explorers.registered()``): by default the first one of each
notebook; ``--explorers ID ...`` picks others.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

from infotheory_lib.explorers import registered

try:
    from tests.helpers import servers  # the browser tests' server and Chromium helpers
except ModuleNotFoundError as exc:  # run as a script: the repository root is not importable
    raise SystemExit("run it from the repository root as: python -m tools.readme_images") from exc

ROOT = Path(__file__).resolve().parents[1]


def _first_of_each_notebook() -> list[str]:
    first = {}
    for entry in registered():
        first.setdefault(entry.notebook, entry.id)
    return list(first.values())


#: Explorers photographed by default: the first registered explorer of each notebook (registry ids).
DEFAULT_SHOTS = _first_of_each_notebook()

#: The animation: explorer id, slider (0-based, page order), presses per frame, frames after the first.
GIF_EXPLORER = "kl"
GIF_SLIDER = 4  # q (model): weight of x1, 0.90 at the start
GIF_PRESSES = 5  # 0.05 per frame (the slider's step is 0.01)
GIF_STEPS = 17  # 0.90 -> 0.05
GIF_KEY = "ArrowLeft"
GIF_NAME = "kl_slider.gif"

SCALE = 2  # device pixel ratio of the screenshots (downscaled afterwards: sharper text)
VIEWPORT = (1400, 1200)  # CSS px: wide enough for every explorer with the file browser collapsed
PNG_MAX_WIDTH = 900
GIF_MAX_WIDTH = 800
GIF_COLORS = 96
MARGIN = 12  # px of white around the trimmed widget, in CSS px
CHANGE_TIMEOUT_S = 10


# ---------------------------------------------------------------------------
# Images (Pillow)
# ---------------------------------------------------------------------------


def _content_box(image, threshold: int = 12):
    """Bounding box of what differs from the white background."""
    from PIL import Image, ImageChops

    diff = ImageChops.difference(image, Image.new("RGB", image.size, "white")).convert("L")
    return diff.point(lambda v: 255 if v > threshold else 0).getbbox()


def _union(boxes):
    boxes = [b for b in boxes if b]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _crop(image, box, margin: int):
    """``image`` cropped to ``box`` and framed by ``margin`` px of white on every side."""
    from PIL import Image

    part = image.crop(box)
    framed = Image.new("RGB", (part.width + 2 * margin, part.height + 2 * margin), "white")
    framed.paste(part, (margin, margin))
    return framed


def _fit(image, max_width: int):
    from PIL import Image

    if image.width <= max_width:
        return image
    height = round(image.height * max_width / image.width)
    return image.resize((max_width, height), Image.Resampling.LANCZOS)


def _gif(frames, path: Path, *, hold_ms=1400, step_ms=260) -> None:
    """A looping GIF that plays ``frames`` forward and back, with one shared palette."""
    from PIL import Image

    sequence = frames + frames[-2:0:-1]
    durations = [step_ms] * len(sequence)
    durations[0] = durations[len(frames) - 1] = hold_ms
    # One palette for every frame (from a strip of first, middle and last): no flicker between frames.
    sample = [frames[0], frames[len(frames) // 2], frames[-1]]
    strip = Image.new("RGB", (frames[0].width, sum(f.height for f in sample)), "white")
    y = 0
    for frame in sample:
        strip.paste(frame, (0, y))
        y += frame.height
    palette = strip.quantize(colors=GIF_COLORS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    quantized = [f.quantize(palette=palette, dither=Image.Dither.NONE) for f in sequence]
    quantized[0].save(
        path,
        save_all=True,
        append_images=quantized[1:],
        duration=durations,
        loop=0,
        optimize=True,
        disposal=1,
    )


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------


def _collapse_left_area(page) -> None:
    """Hide the file browser so the notebook gets the whole width."""
    page.evaluate("""async () => {
        const app = window.jupyterapp;
        if (!app.shell.leftCollapsed) await app.commands.execute('application:toggle-left-area');
    }""")
    servers.poll(lambda: page.evaluate("() => window.jupyterapp.shell.leftCollapsed"), 10)


def _explorer_output(page, index: int):
    """The output (controls, picture, readout) of the explorer in code cell ``index``, centred on screen."""
    output = page.locator(".jp-Notebook .jp-CodeCell").nth(index).locator(servers.EXPLORER_OUTPUT)
    output.scroll_into_view_if_needed()
    output.evaluate("el => el.scrollIntoView({block: 'center'})")
    canvas = output.locator(servers.EXPLORER_FIGURE)
    if canvas.evaluate("c => c.width * c.height") == 0:
        raise RuntimeError(f"code cell {index}: the plot is not shown (0x0 picture)")
    return output, canvas


def _screenshot(output):
    from PIL import Image

    return Image.open(io.BytesIO(output.screenshot(animations="disabled", caret="hide"))).convert("RGB")


def _animate(page, output, canvas) -> list:
    """Frames (full output screenshots) of one slider moved step by step with the keyboard."""
    slider = output.locator(".widget-slider").nth(GIF_SLIDER)
    handle = slider.locator(".noUi-handle")
    value = slider.locator(".widget-readout")
    readout = output.locator(".widget-html").last
    handle.focus()  # focused in every frame (the handle looks the same throughout)
    values = [value.inner_text()]
    frames = [_screenshot(output)]
    for step in range(GIF_STEPS):
        key_before = canvas.evaluate(servers.FIGURE_KEY_JS)
        text_before = readout.inner_text()
        handle.focus()
        for _ in range(GIF_PRESSES):
            page.keyboard.press(GIF_KEY)
        changed = servers.poll(
            lambda: canvas.evaluate(servers.FIGURE_KEY_JS) != key_before,  # noqa: B023
            CHANGE_TIMEOUT_S,
            0.05,
        )
        if not changed:
            raise RuntimeError(f"step {step + 1}: the plot did not change within {CHANGE_TIMEOUT_S} s")
        servers.poll(lambda: readout.inner_text() != text_before, CHANGE_TIMEOUT_S)  # noqa: B023
        servers.settle(page, canvas, lab=True)
        values.append(value.inner_text())
        frames.append(_screenshot(output))
    print(f"{GIF_NAME}: q weight of x1 {' -> '.join(values)}")
    return frames


def take_pictures(shots: list[str], *, gif: bool) -> tuple[dict, list]:
    """Run the gallery in JupyterLab; return ({id: screenshot}, GIF frames), full resolution."""
    from playwright.sync_api import sync_playwright

    wanted = set(shots) | ({GIF_EXPLORER} if gif else set())
    explorers = [(eid, call) for eid, call in servers.EXPLORERS if eid in wanted]
    ids = [eid for eid, _ in explorers]
    with tempfile.TemporaryDirectory(prefix="readme-images-") as tmp:
        root = Path(tmp) / "root"
        root.mkdir()
        name = servers.write_gallery(root, explorers=explorers)
        lab = servers.start_jupyterlab(root, Path(tmp) / "state")
        try:
            with sync_playwright() as playwright:
                browser = servers.launch_chromium(playwright)
                try:
                    width, height = VIEWPORT
                    _, page = servers.new_page(browser, width=width, height=height, scale=SCALE)
                    servers.open_notebook(page, lab, name)
                    _collapse_left_area(page)
                    state = servers.run_all(page)
                    if state["problems"]:
                        raise RuntimeError("the gallery notebook failed:\n" + "\n".join(state["problems"]))
                    servers.wait_for_figures(page, len(explorers))
                    pictures, frames = {}, []
                    for eid in ids:  # every screenshot first, in the explorers' starting state
                        if eid in shots:
                            output, canvas = _explorer_output(page, ids.index(eid) + 1)
                            servers.settle(page, canvas, lab=True)
                            pictures[eid] = _screenshot(output)
                    if gif:
                        output, canvas = _explorer_output(page, ids.index(GIF_EXPLORER) + 1)
                        servers.settle(page, canvas, lab=True)
                        frames = _animate(page, output, canvas)
                    servers.shutdown_kernel(page)
                finally:
                    browser.close()
        except Exception:
            print(f"JupyterLab log (last lines):\n{lab.log_tail()}", file=sys.stderr)
            raise
        finally:
            lab.stop()
    return pictures, frames


def write_images(pictures: dict, frames: list, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    margin = MARGIN * SCALE
    written = []
    for eid, image in pictures.items():
        path = out / f"explorer_{eid}.png"
        box = _content_box(image)
        _fit(_crop(image, box, margin), PNG_MAX_WIDTH).save(path, optimize=True)
        written.append(path)
    if frames:
        box = _union(_content_box(f) for f in frames)  # the same crop for every frame
        path = out / GIF_NAME
        _gif([_fit(_crop(f, box, margin), GIF_MAX_WIDTH) for f in frames], path)
        written.append(path)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "docs" / "images",
        help="directory for the pictures (default: docs/images)",
    )
    ids = [eid for eid, _ in servers.EXPLORERS]
    parser.add_argument(
        "--explorers",
        nargs="+",
        choices=ids,
        default=DEFAULT_SHOTS,
        metavar="ID",
        help=f"explorers to photograph (default: {' '.join(DEFAULT_SHOTS)}; any of {' '.join(ids)})",
    )
    parser.add_argument("--no-gif", action="store_true", help=f"skip {GIF_NAME}")
    args = parser.parse_args(argv)
    if not servers.chromium_available():
        print(
            f"Chromium not found at {servers.chromium_path()}: install it (apt-get install chromium) "
            "or set CHROMIUM_PATH",
            file=sys.stderr,
        )
        return 2

    from PIL import Image

    start = time.monotonic()
    print(f"JupyterLab + {servers.chromium_version()}, headless, {VIEWPORT[0]}x{VIEWPORT[1]} at {SCALE}x")
    pictures, frames = take_pictures(args.explorers, gif=not args.no_gif)
    written = write_images(pictures, frames, args.out)
    total = 0
    for path in written:
        size = path.stat().st_size
        total += size
        with Image.open(path) as image:
            detail = f"{image.width}x{image.height}"
            if getattr(image, "n_frames", 1) > 1:
                detail += f", {image.n_frames} frames"
        try:
            shown = path.resolve().relative_to(Path.cwd())
        except ValueError:
            shown = path
        print(f"wrote {shown}  {size / 1024:.0f} KiB  ({detail})")
    print(f"total {total / 1024:.0f} KiB in {len(written)} files, {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
