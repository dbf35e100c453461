"""The committed notebooks are what a static reader sees: check them as stored.

nbval re-runs them; these tests look at the stored files themselves:
executed, no errors, no warnings, a picture for every explorer, and an
index that links every notebook.
"""

import importlib
import json
import re
from pathlib import Path

import pytest

import infotheory_lib as it

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
SECTIONS = [p for p in PATHS if p.name != "00_index.ipynb"]


def _load(path):
    return json.loads(path.read_text())


def _code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def _source(cell):
    return "".join(cell["source"])


def test_there_is_an_index_notebook():
    assert (NOTEBOOKS / "00_index.ipynb").exists()


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_stored_without_errors_or_warnings(path):
    for cell in _code_cells(_load(path)):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"{path.name}: stored error in {_source(cell)[:60]!r}"
            if out["output_type"] == "stream":
                assert out["name"] != "stderr", f"{path.name}: stderr {''.join(out['text'])[:200]!r}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_stored_executed_in_order(path):
    counts = [c["execution_count"] for c in _code_cells(_load(path))]
    assert None not in counts, f"{path.name} has unexecuted cells: run `make notebooks`"
    assert counts == list(range(1, len(counts) + 1)), f"{path.name} was not run top to bottom once"


@pytest.mark.parametrize("path", SECTIONS, ids=lambda p: p.name)
def test_first_code_cell_is_the_setup_call_then_imports(path):
    first = _source(_code_cells(_load(path))[0])
    assert "it.setup_notebook()\n" in first
    assert "%matplotlib" not in first, "setup_notebook() picks the plotting path; no backend magic"
    own = first.split("it.setup_notebook()\n", 1)[1].strip().splitlines()
    allowed = ("import ", "from ", "#", "    ", ")")
    assert all(line.startswith(allowed) or not line.strip() for line in own)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_no_notebook_needs_ipympl(path):
    text = "".join(_source(c) for c in _code_cells(_load(path)))
    assert "%matplotlib widget" not in text and "ipympl" not in text


@pytest.mark.parametrize("path", SECTIONS, ids=lambda p: p.name)
def test_every_explorer_has_a_static_picture(path):
    explorer_cells = [c for c in _code_cells(_load(path)) if re.search(r"_explorer\(", _source(c))]
    for cell in explorer_cells:
        mimes = {m for out in cell["outputs"] for m in out.get("data", {})}
        assert "image/png" in mimes, f"{path.name}: explorer cell without a picture: {_source(cell)[:60]!r}"
        assert "application/vnd.jupyter.widget-view+json" in mimes


def test_index_links_every_notebook():
    index = "".join("".join(c["source"]) for c in _load(NOTEBOOKS / "00_index.ipynb")["cells"])
    for path in SECTIONS:
        assert f"]({path.name})" in index, f"00_index.ipynb does not link {path.name}"


@pytest.mark.parametrize("path", SECTIONS, ids=lambda p: p.name)
def test_links_to_other_notebooks_exist(path):
    text = "".join("".join(c["source"]) for c in _load(path)["cells"] if c["cell_type"] == "markdown")
    for target in re.findall(r"\]\(([0-9]{2}_[a-z_]+\.ipynb)\)", text):
        assert (NOTEBOOKS / target).exists(), f"{path.name} links to missing {target}"


def test_the_summary_table_names_only_functions_the_library_has():
    """Notebook 7's table says where each quantity lives in `infotheory_lib`: every name there must exist."""
    text = "".join(
        _source(c) for c in _load(NOTEBOOKS / "07_summary.ipynb")["cells"] if c["cell_type"] == "markdown"
    )
    rows = [line for line in text.splitlines() if line.startswith("|") and "`" in line.split("|")[-2]]
    cells = [row.split("|")[-2] for row in rows if "in `infotheory_lib`" not in row]  # not the header
    names = [n for cell in cells for n in re.findall(r"`([A-Za-z_][\w.]*)`", cell)]
    assert len(names) > 20, names
    for name in names:
        *modules, attr = name.split(".")
        owner = importlib.import_module(".".join(["infotheory_lib", *modules])) if modules else it
        assert hasattr(owner, attr), f"07_summary.ipynb names {name}, which infotheory_lib does not have"
