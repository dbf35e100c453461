"""Write the generated parts of the notebooks and the README from their one source.

    python tools/sync_notebooks.py           # rewrite what is out of date
    python tools/sync_notebooks.py --check   # change nothing; exit 1 and list what is out of date

Two sources, each written once:

- the list of notebooks, ``notebooks/course.toml`` (read by tools/course.py):
  their reading order, titles, "what you will learn" and parts;
- the repository's ``owner/name``, in pyproject.toml (``[project.urls] Repository``).

From them this writes:

- in each notebook after the index, its title cell (the first markdown
  cell): the "Open in Colab" badge on the first line, the H1 heading
  ``# 3 · Cross-entropy`` below it, and a last line linking back
  (``← [2 · Entropy](…) · [Index](…)``); the text in between is the author's;
- in each notebook after the index, the first code cell's setup block:
  install the library from the repository when it is missing (Colab), then
  ``it.setup_notebook()``; the notebook's own imports below it are kept;
- in every notebook, the navigation cell, its last cell: previous · index ·
  next in the list's order (the index links to the first notebook, the last
  one back to the index). A last markdown cell that is one line starting with
  ``←``, ``**Next:**`` or ``**Back to`` is that cell; otherwise one is appended
  (and such a line at the end of the cell before it, written by hand, is removed);
- in the index, the "## Reading order" cell: a table per part;
- in README.md, the notebook table between ``<!-- notebooks:start … -->``
  and ``<!-- notebooks:end -->``.

``--check`` also fails when the list and ``notebooks/*.ipynb`` disagree (a
notebook missing from the list, or a listed file missing); then nothing is
written either. tests/test_course_links.py runs ``--check``, so a stale part
fails CI. Only Markdown and the setup cell change: re-execute a notebook
(``make notebooks``) only when its setup cell changed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import course  # tools/course.py: a script's own folder is importable

#: The badge picture ships with the repository (no request to an outside server).
BADGE_IMAGE = "images/colab-badge.svg"
BADGE = re.compile(r"^\[!\[Open in Colab\]\([^)]*\)\]\([^)]*\)\n+")
H1 = re.compile(r"\A# [^\n]*\n*")
BACK_LINE = re.compile(r"(?:\A|\n+)← [^\n]*\Z")
NAV_CELL = re.compile(r"\A(?:←|\*\*Next:\*\*|\*\*Back to)[^\n]*\Z")
#: A navigation line written by hand at the end of the last cell (below a summary)
NAV_LINE = re.compile(r"\n+(?:←|\*\*Next:\*\*|\*\*Back to)[^\n]*\s*\Z")
SETUP_END = "it.setup_notebook()\n"
SEP = " &nbsp;·&nbsp; "
READING_ORDER = "## Reading order"
README_START = (
    "<!-- notebooks:start (generated from notebooks/course.toml by tools/sync_notebooks.py: "
    "edit the list, not this table) -->"
)
README_BLOCK = re.compile(r"<!-- notebooks:start[^>]*-->\n.*?<!-- notebooks:end -->", re.S)


# --- the Colab badge and the setup cell (from the repository's name) ---


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
    # The stored cell ends without its last newline when nothing follows the block.
    if SETUP_END.rstrip("\n") in source:
        return source.split(SETUP_END.rstrip("\n"), 1)[1].lstrip("\n")
    lines = [
        line
        for line in source.splitlines()
        if not line.startswith("%matplotlib") and line.strip() != "import infotheory_lib as it"
    ]
    return "\n".join(lines).strip("\n")


def setup_cell(source: str, repo: str) -> str:
    own = _own_imports(source)
    return (setup_block(repo) + ("\n" + own if own else "")).rstrip("\n")


# --- navigation (from the list) ---


def link(nb: course.Notebook) -> str:
    return f"[{nb.heading}]({nb.file})"


def back_line(crs: course.Course, nb: course.Notebook) -> str:
    """The title cell's last line: ``← previous · Index`` (just ``← Index`` after the index)."""
    before, _ = crs.neighbours(nb)
    index = link(crs.index)
    return f"← {index}" if before == crs.index else f"← {link(before)}{SEP}{index}"


def navigation(crs: course.Course, nb: course.Notebook) -> str:
    """The last cell: ``← previous · Index · **Next:** next →``, in the list's order."""
    before, after = crs.neighbours(nb)
    index = link(crs.index)
    if nb == crs.index:
        return f"**Next:** {link(after)} →"
    if after is None:
        return f"← {link(before)}{SEP}**Back to the {index}**"
    if before == crs.index:
        return f"← {index}{SEP}**Next:** {link(after)} →"
    return f"← {link(before)}{SEP}{index}{SEP}**Next:** {link(after)} →"


def title_cell(source: str, crs: course.Course, nb: course.Notebook, repo: str) -> str:
    """Badge, ``# N · Title``, the author's text, the back link."""
    text = BACK_LINE.sub("", H1.sub("", BADGE.sub("", source), count=1)).strip("\n")
    heading = f"# {nb.heading}\n\n"
    return badge_line(repo, nb.file) + heading + (text + "\n\n" if text else "") + back_line(crs, nb)


def _row(cells: list[str]) -> str:
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def _table(rows: list[course.Notebook], repo: str | None = None) -> str:
    """A Markdown table of ``rows``; with ``repo`` (the README's) links from the root and a Colab column."""
    if repo is None:
        lines = ["| # | notebook | what you will learn |", "|---|---|---|"]
        lines += [_row([str(nb.number), f"[{nb.title}]({nb.file})", nb.learn]) for nb in rows]
        return "\n".join(lines)
    lines = ["| # | notebook | what you will learn | Colab |", "|---|---|---|---|"]
    for nb in rows:
        colab = f"[![Open in Colab](notebooks/{BADGE_IMAGE})]({colab_url(repo, nb.file)})" if nb.part else ""
        lines.append(_row([str(nb.number), f"[{nb.title}](notebooks/{nb.file})", nb.learn, colab]))
    return "\n".join(lines)


def _by_part(crs: course.Course) -> list[tuple[str, list[course.Notebook]]]:
    return [
        (heading, [nb for nb in crs.sections if nb.part == part])
        for part, heading in crs.parts.items()
        if any(nb.part == part for nb in crs.sections)
    ]


def reading_order(crs: course.Course) -> str:
    """The index's "## Reading order" cell: one table per part."""
    blocks = [f"### {heading}\n\n{_table(rows)}" for heading, rows in _by_part(crs)]
    return f"{READING_ORDER}\n\n" + "\n\n".join(blocks)


def readme_block(crs: course.Course, repo: str) -> str:
    """The README's notebook tables (the index is the first row of the first), between the markers."""
    blocks = []
    for k, (heading, rows) in enumerate(_by_part(crs)):
        rows = [crs.index, *rows] if k == 0 else rows
        blocks.append(f"### {heading}\n\n{_table(rows, repo)}")
    return README_START + "\n" + "\n\n".join(blocks) + "\n<!-- notebooks:end -->"


# --- applying it ---
# Notebooks are read and written as JSON, exactly as nbformat stores them
# (sorted keys, one-space indent, sources as lists of lines), without
# importing nbformat: its import alone costs seconds.


def read_notebook(path: Path) -> dict:
    """The notebook's JSON, with every cell's source joined into one string."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        cell["source"] = "".join(cell["source"])
    return nb


def write_notebook(nb: dict, path: Path) -> None:
    for cell in nb["cells"]:
        cell["source"] = cell["source"].splitlines(keepends=True)
    path.write_text(json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def markdown_cell(nb: dict, cell_id: str) -> dict:
    """An empty markdown cell (with an id where the notebook's format has them, 4.5 on)."""
    cell = {"cell_type": "markdown", "metadata": {}, "source": ""}
    return cell | {"id": cell_id} if (nb["nbformat"], nb["nbformat_minor"]) >= (4, 5) else cell


def _set(cell: dict, source: str, what: str, changes: list[str]) -> None:
    if cell["source"] != source:
        cell["source"] = source
        changes.append(what)


def sync_notebook(nb: dict, crs: course.Course, entry: course.Notebook, repo: str) -> list[str]:
    """Bring one notebook up to date in memory; return the names of the parts that changed."""
    changes: list[str] = []
    cells = nb["cells"]
    markdown = [c for c in cells if c["cell_type"] == "markdown"]
    if entry == crs.index:
        order = next((c for c in markdown if c["source"].startswith(READING_ORDER)), None)
        if order is None:
            order = markdown_cell(nb, "reading-order")
            cells.insert(1, order)
        _set(order, reading_order(crs), "reading-order table", changes)
    else:
        _set(markdown[0], title_cell(markdown[0]["source"], crs, entry, repo), "title cell", changes)
        first = next(c for c in cells if c["cell_type"] == "code")
        _set(first, setup_cell(first["source"], repo), "setup cell", changes)
    last = cells[-1]
    if not (last["cell_type"] == "markdown" and NAV_CELL.match(last["source"].strip())):
        if last["cell_type"] == "markdown":  # a hand-written link line below the text moves to the new cell
            last["source"] = NAV_LINE.sub("", last["source"])
        last = markdown_cell(nb, "navigation")
        cells.append(last)
    _set(last, navigation(crs, entry), "navigation cell", changes)
    return changes


def problems(crs: course.Course, root: Path) -> list[str]:
    """What the tool cannot repair: the list and the notebooks disagree, the README lacks its markers."""
    found = course.disagreements(crs, root)
    if not README_BLOCK.search((root / "README.md").read_text(encoding="utf-8")):
        found.append(
            "README.md: no <!-- notebooks:start --> … <!-- notebooks:end --> block for the notebook table"
        )
    return found


def sync(crs: course.Course, root: Path, *, write: bool) -> list[str]:
    """Every stale part under ``root`` as ``path: what``; rewrite them when ``write``."""
    repo = course.repository(root)
    stale = []
    for entry in crs.notebooks:
        path = root / "notebooks" / entry.file
        nb = read_notebook(path)
        if changes := sync_notebook(nb, crs, entry, repo):
            stale.append(f"notebooks/{entry.file}: {', '.join(changes)}")
            if write:
                write_notebook(nb, path)
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = README_BLOCK.sub(lambda _: readme_block(crs, repo), text, count=1)
    if new != text:
        stale.append("README.md: notebook table")
        if write:
            readme.write_text(new, encoding="utf-8")
    return stale


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if out of date")
    parser.add_argument("--root", type=Path, default=course.ROOT, help="the repository (default: this one)")
    args = parser.parse_args()
    try:
        crs = course.read_course(args.root)
        if found := problems(crs, args.root):
            print("\n".join(found))
            print(
                f"Nothing written: list every notebook in {course.LIST}, then run `python tools/sync_notebooks.py`."
            )
            return 1
        stale = sync(crs, args.root, write=not args.check)
    except course.CourseError as exc:
        print(exc)
        return 1
    for line in stale:
        print(f"{line}: {'out of date' if args.check else 'rewritten'}")
    if args.check and stale:
        print("Run `python tools/sync_notebooks.py` (then `make notebooks` if a setup cell changed).")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
