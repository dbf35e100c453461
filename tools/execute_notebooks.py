"""Execute notebooks in place so that their stored outputs match the library.

    python tools/execute_notebooks.py notebooks/*.ipynb

Runs each notebook top to bottom in a fresh kernel from this interpreter
(as "Restart kernel and run all" does), fails on the first error, and
stores outputs without timing metadata or widget state, with widget ids
made deterministic, so a re-run that changes nothing leaves the files
unchanged (tests/notebooks/test_execute_notebooks.py checks it).
"""

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path, timeout: int) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=False,
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = _merge_streams(cell.outputs)
    stable_widget_ids(nb, path.stem)
    nbformat.write(nb, path)
    return elapsed


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def stable_widget_ids(nb, name: str) -> None:
    """Replace each stored widget view's random model id by one derived from its place.

    The widget state is not stored, so the id refers to nothing after the
    kernel is gone (a live kernel makes new ones): only its randomness
    would show up in ``git diff``.
    """
    for index, cell in enumerate(nb.cells):
        for number, out in enumerate(cell.get("outputs", [])):
            view = out.get("data", {}).get(WIDGET_VIEW)
            if view is not None:
                view["model_id"] = f"{name}-cell{index}-output{number}"


def _merge_streams(outputs):
    """Join consecutive stdout (or stderr) chunks: how a print is split into
    messages depends on timing, and the stored file should not."""
    merged = []
    for out in outputs:
        if (
            out.output_type == "stream"
            and merged
            and merged[-1].output_type == "stream"
            and merged[-1].name == out.name
        ):
            merged[-1].text += out.text
        else:
            merged.append(out)
    return merged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--timeout", type=int, default=120, help="seconds per cell")
    args = parser.parse_args()
    for path in args.notebooks:
        seconds = execute(path, args.timeout)
        print(f"{path}: executed in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
