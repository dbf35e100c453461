"""The repository's owner/name is written once (pyproject.toml); every link agrees with it."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# the tool is a script, not a package: load it from its file (no sys.path edits)
_spec = importlib.util.spec_from_file_location("sync_notebooks", ROOT / "tools" / "sync_notebooks.py")
sync_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sync_notebooks)

REPO = sync_notebooks.repository()
#: Every form a link to the repository takes: GitHub itself, Colab, Binder.
REPO_LINK = re.compile(
    r"(?:github\.com/|colab\.research\.google\.com/github/|mybinder\.org/v2/gh/)([\w.-]+/[\w.-]+?)(?=[/?#)\"\s]|\.git|$)"
)
FILES = sorted([ROOT / "README.md", *ROOT.glob("notebooks/*.ipynb"), *ROOT.glob(".github/workflows/*.yml")])


def test_notebook_badges_and_setup_cells_are_generated_from_pyproject():
    out = subprocess.run(
        [sys.executable, str(ROOT / "tools/sync_notebooks.py"), "--check"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_repository_link_names_the_one_repository(path):
    found = set(REPO_LINK.findall(path.read_text()))
    assert found <= {REPO}, f"{path.name} links to {sorted(found - {REPO})}, pyproject.toml says {REPO}"


@pytest.mark.parametrize("path", sync_notebooks.section_notebooks(), ids=lambda p: p.name)
def test_every_section_notebook_opens_in_colab_from_its_first_line(path):
    import json

    cells = json.loads(path.read_text())["cells"]
    first_line = "".join(cells[0]["source"]).splitlines()[0]
    assert first_line == sync_notebooks.badge_line(REPO, path.name).strip()
    assert (path.parent / sync_notebooks.BADGE_IMAGE).is_file()


def test_readme_opens_every_section_notebook_in_colab():
    readme = (ROOT / "README.md").read_text()
    for path in sync_notebooks.section_notebooks():
        assert sync_notebooks.colab_url(REPO, path.name) in readme, f"README has no Colab link to {path.name}"
