"""tools/execute_notebooks.py: re-executing an unchanged notebook changes nothing."""

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _execute(path):
    subprocess.run(
        [sys.executable, str(ROOT / "tools/execute_notebooks.py"), str(path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return path.read_bytes()


@pytest.mark.slow
def test_re_execution_is_byte_stable_with_explorers(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell("import infotheory_lib as it\nit.setup_notebook()"),
        nbformat.v4.new_code_cell(
            "from infotheory_lib.explorers import surprise_explorer\nsurprise_explorer()"
        ),
        nbformat.v4.new_code_cell("print(it.entropy([0.5, 0.5]))"),
    ]
    path = tmp_path / "stable.ipynb"
    nbformat.write(nb, path)
    first = _execute(path)
    second = _execute(path)
    assert first == second, "a second run of an unchanged notebook changed the file"
    views = [
        out["data"][WIDGET_VIEW]
        for cell in json.loads(first)["cells"]
        for out in cell.get("outputs", [])
        if WIDGET_VIEW in out.get("data", {})
    ]
    assert [v["model_id"] for v in views] == ["stable-cell1-output0"]


def test_stored_notebooks_have_deterministic_widget_ids():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        for index, cell in enumerate(cells):
            for number, out in enumerate(cell.get("outputs", [])):
                view = out.get("data", {}).get(WIDGET_VIEW)
                if view is not None:
                    assert view["model_id"] == f"{path.stem}-cell{index}-output{number}", path.name
