"""Write the generated parts of every notebook from their one source.

    python tools/sync_notebooks.py           # rewrite what is out of date
    python tools/sync_notebooks.py --check   # exit 1 and list what is out of date

The repository's ``owner/name`` is written once, in pyproject.toml
(``[project.urls] Repository``). From it this writes, in each section
notebook (01_ … 99_):

- the "Open in Colab" badge, the first line of the first (title) cell;
- the first code cell's setup block: install the library from the
  repository when it is missing (Colab), then ``it.setup_notebook()``.
  The notebook's own imports below the block are kept as they are.

tests/test_course_links.py runs ``--check``, so a stale notebook fails CI.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
#: The badge picture ships with the repository (no request to an outside server).
BADGE_IMAGE = "images/colab-badge.svg"
BADGE = re.compile(r"^\[!\[Open in Colab\]\([^)]*\)\]\([^)]*\)\n+")
SETUP_END = "it.setup_notebook()\n"


def repository() -> str:
    """``owner/name`` from pyproject.toml's ``[project.urls] Repository``."""
    url = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
    match = re.fullmatch(r"https://github\.com/([\w.-]+/[\w.-]+)", url)
    if not match:
        raise SystemExit(f"pyproject.toml: Repository must be https://github.com/OWNER/NAME, got {url!r}")
    return match.group(1)


def colab_url(repo: str, name: str) -> str:
    return f"https://colab.research.google.com/github/{repo}/blob/main/notebooks/{name}"


def badge_line(repo: str, name: str) -> str:
    return f"[![Open in Colab]({BADGE_IMAGE})]({colab_url(repo, name)})\n\n"


def setup_block(repo: str) -> str:
    return (
        "# In Colab (or any Python without the course library) this installs it first.\n"
        "import importlib.util\n"
        "\n"
        'if importlib.util.find_spec("infotheory_lib") is None:\n'
        f'    %pip install --quiet "infotheory-lib @ git+https://github.com/{repo}"\n'
        "\n"
        "import infotheory_lib as it\n"
        "\n" + SETUP_END
    )


def _own_imports(source: str) -> str:
    """What the first code cell holds below the generated block (or all of an old-style cell)."""
    if SETUP_END in source:
        return source.split(SETUP_END, 1)[1].lstrip("\n")
    lines = [
        line
        for line in source.splitlines()
        if not line.startswith("%matplotlib") and line.strip() != "import infotheory_lib as it"
    ]
    return "\n".join(lines).strip("\n")


def synced(nb, name: str, repo: str) -> bool:
    """Bring one notebook up to date in memory; return True if anything changed."""
    changed = False
    title = next(c for c in nb.cells if c.cell_type == "markdown")
    text = BADGE.sub("", title.source)
    new_title = badge_line(repo, name) + text
    if title.source != new_title:
        title.source, changed = new_title, True
    first = next(c for c in nb.cells if c.cell_type == "code")
    own = _own_imports(first.source)
    new_first = setup_block(repo) + ("\n" + own if own else "")
    if first.source.rstrip("\n") != new_first.rstrip("\n"):
        first.source, changed = new_first.rstrip("\n"), True
    return changed


def section_notebooks() -> list[Path]:
    return [p for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")) if not p.name.startswith("00_")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if out of date")
    args = parser.parse_args()
    repo = repository()
    stale = []
    for path in section_notebooks():
        nb = nbformat.read(path, as_version=4)
        if synced(nb, path.name, repo):
            stale.append(path)
            if not args.check:
                nbformat.write(nb, path)
    verb = "out of date" if args.check else "rewritten"
    for path in stale:
        print(f"{path.relative_to(ROOT)}: {verb}")
    if args.check and stale:
        print("Run `python tools/sync_notebooks.py`, then `make notebooks`.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
