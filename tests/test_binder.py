"""Binder readiness: everything the course imports is in the runtime set Binder installs; the badge works."""

import ast
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Import names whose distribution (conda/pip) name differs.
DISTRIBUTION_OF = {
    "sklearn": "scikit-learn",
    "IPython": "ipython",
    "mpl_toolkits": "matplotlib",
    "PIL": "pillow",
    # not a distribution of the runtime set itself: scikit-learn requires it (models/char_lm.py
    # imports it, optionally, to limit BLAS threads)
    "threadpoolctl": "scikit-learn",
}


def _imported_modules(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _notebook_code(path: Path) -> str:
    cells = json.loads(path.read_text())["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    # IPython magics (%pip ...) are not Python syntax: a `pass` keeps their block valid.
    return "\n".join(re.sub(r"^(\s*)[%!].*$", r"\1pass", c, flags=re.M) for c in code)


def _third_party_imports() -> set[str]:
    modules = set()
    for path in (ROOT / "infotheory_lib").rglob("*.py"):  # subpackages too (explorers/, models/)
        modules |= _imported_modules(path.read_text())
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        modules |= _imported_modules(_notebook_code(path))
    return {m for m in modules if m not in sys.stdlib_module_names and m != "infotheory_lib"}


def _environment_packages() -> set[str]:
    """The packages of requirements/runtime.txt (what Binder and environment.yml install)."""
    text = (ROOT / "requirements/runtime.txt").read_text()
    return {m.group(1).lower() for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==", text, re.M)}


def test_the_scan_finds_the_known_imports():
    found = _third_party_imports()
    assert {"numpy", "scipy", "matplotlib", "ipywidgets", "sklearn"} <= found


def test_every_imported_package_is_in_the_runtime_set():
    listed = _environment_packages()
    needed = {DISTRIBUTION_OF.get(m, m) for m in _third_party_imports()}
    missing = sorted(name for name in needed if name.lower() not in listed)
    assert not missing, f"imported but not in requirements/runtime.txt: {missing}"


def test_binder_badge_opens_an_existing_notebook():
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"\(https://mybinder\.org/v2/gh/[^)]*?urlpath=lab/tree/([^)&]+)\)", readme)
    assert match, "README has no Binder badge with a urlpath"
    assert (ROOT / match.group(1)).is_file(), match.group(1)
