"""The course's links come from their one source, and every link leads somewhere.

Two facts are written once: the repository's owner/name (pyproject.toml)
and the list of notebooks (notebooks/course.toml). tools/sync_notebooks.py
writes from them the Colab badges, setup cells, H1 headings, navigation
cells, the index's reading-order tables and the README's notebook table;
here its ``--check`` runs on the repository, and on a small made-up course in
a temporary directory to show that it notices each kind of staleness.
"""

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SYNC = ROOT / "tools" / "sync_notebooks.py"
# tools/ holds scripts, not a package: load the list reader from its file
_spec = importlib.util.spec_from_file_location("course", ROOT / "tools" / "course.py")
course = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course)

REPO = course.repository()
COURSE = course.read_course()
#: Every form a link to the repository takes: GitHub itself, Colab, Binder.
REPO_LINK = re.compile(
    r"(?:github\.com/|colab\.research\.google\.com/github/|mybinder\.org/v2/gh/)([\w.-]+/[\w.-]+?)(?=[/?#)\"\s]|\.git|$)"
)
FILES = sorted([ROOT / "README.md", *ROOT.glob("notebooks/*.ipynb"), *ROOT.glob(".github/workflows/*.yml")])
NOTEBOOK_FILES = sorted(ROOT.glob("notebooks/*.ipynb"))


def colab(repo, name):
    return f"https://colab.research.google.com/github/{repo}/blob/main/notebooks/{name}"


def run_sync(*args, root=None):
    cmd = [sys.executable, str(SYNC), *args] + ([] if root is None else ["--root", str(root)])
    return subprocess.run(cmd, capture_output=True, text=True)


# --- the repository as it is ---


def test_generated_parts_are_up_to_date():
    out = run_sync("--check")
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_list_names_every_notebook_and_only_those():
    assert course.disagreements(COURSE) == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_repository_link_names_the_one_repository(path):
    found = set(REPO_LINK.findall(path.read_text()))
    assert found <= {REPO}, f"{path.name} links to {sorted(found - {REPO})}, pyproject.toml says {REPO}"


@pytest.mark.parametrize("entry", COURSE.sections, ids=lambda nb: nb.file)
def test_every_section_notebook_opens_in_colab_and_is_headed_by_its_listed_title(entry):
    cells = json.loads((ROOT / "notebooks" / entry.file).read_text())["cells"]
    first, heading = "".join(cells[0]["source"]).split("\n\n")[:2]
    assert first == f"[![Open in Colab](images/colab-badge.svg)]({colab(REPO, entry.file)})"
    assert heading == f"# {int(entry.file[:2])} · {entry.title}"
    assert (ROOT / "notebooks" / "images" / "colab-badge.svg").is_file()


def test_readme_lists_every_notebook_with_a_colab_link():
    readme = (ROOT / "README.md").read_text()
    for entry in COURSE.notebooks:
        assert f"[{entry.title}](notebooks/{entry.file})" in readme, entry.file
    for entry in COURSE.sections:
        assert colab(REPO, entry.file) in readme, f"README has no Colab link to {entry.file}"


# --- every relative link leads to a file ---

#: ``[text](target)``, ``![alt](target "title")``, ``src="target"``, ``href="target"``
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|\b(?:src|href)=\"([^\"]+)\"")


def _markdown(path: Path) -> str:
    if path.suffix != ".ipynb":
        return path.read_text()
    return "\n".join(
        "".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "markdown"
    )


def relative_links(path: Path) -> list[str]:
    targets = [a or b for a, b in LINK.findall(_markdown(path))]
    return [t for t in targets if not re.match(r"[a-z][a-z0-9+.-]*:|#", t)]


@pytest.mark.parametrize(
    "path", [ROOT / "README.md", *NOTEBOOK_FILES], ids=lambda p: str(p.relative_to(ROOT))
)
def test_every_relative_link_points_to_an_existing_file(path):
    links = relative_links(path)
    missing = [t for t in links if not (path.parent / t.split("#")[0].split("?")[0]).exists()]
    assert not missing, f"{path.relative_to(ROOT)} links to missing {missing}"


def test_the_link_finder_sees_links_and_skips_urls(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        '[a](x.md) ![b](img/y.png "t") <img src="z.svg"> [c](https://e.org/x) [d](#top) [e](w.md#s)'
    )
    assert relative_links(page) == ["x.md", "img/y.png", "z.svg", "w.md#s"]


# --- the generator, on a small made-up course ---

MINI_LIST = """
[parts]
article = "Following the article"
applied = "Applied notebooks (after the summary)"

[[notebook]]
file = "00_index.ipynb"
title = "Index"
learn = "start here"

[[notebook]]
file = "01_alpha.ipynb"
title = "Alpha"
learn = "the letter $\\\\alpha$"
part = "article"

[[notebook]]
file = "02_beta.ipynb"
title = "Beta"
learn = "the letter beta"
part = "article"

[[notebook]]
file = "03_gamma.ipynb"
title = "Gamma"
learn = "the letter gamma"
part = "applied"
"""


def _write_notebook(path: Path, *markdown: str, code: str = "import math") -> None:
    """A notebook as Jupyter stores it: a markdown cell, a code cell, then the other markdown cells."""
    cells = [{"cell_type": "markdown", "metadata": {}, "source": markdown[0]}]
    cells.append(
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": code}
    )
    cells += [{"cell_type": "markdown", "metadata": {}, "source": text} for text in markdown[1:]]
    for k, cell in enumerate(cells):
        cell["id"] = f"cell-{k}"
        cell["source"] = cell["source"].splitlines(keepends=True)
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n")


@pytest.fixture
def mini(tmp_path):
    """A course of an index and three notebooks, as an author leaves it: nothing generated yet."""
    (tmp_path / "pyproject.toml").write_text(
        '[project.urls]\nRepository = "https://github.com/someone/course"\n'
    )
    (tmp_path / "README.md").write_text(
        "# Course\n\n<!-- notebooks:start -->\n<!-- notebooks:end -->\n\nMore.\n"
    )
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    (nbs / "course.toml").write_text(MINI_LIST)
    _write_notebook(nbs / "00_index.ipynb", "# A course\n\nWelcome.", code="print(1)")
    for name in ("01_alpha", "02_beta", "03_gamma"):
        _write_notebook(nbs / f"{name}.ipynb", "# Draft title\n\nSome text.", "## Summary\n\nDone.")
    out = run_sync(root=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    return tmp_path


def _cells(root: Path, name: str) -> list[str]:
    return ["".join(c["source"]) for c in json.loads((root / "notebooks" / name).read_text())["cells"]]


def _edit(root: Path, name: str, index: int, old: str, new: str) -> None:
    path = root / "notebooks" / name
    nb = json.loads(path.read_text())
    source = "".join(nb["cells"][index]["source"])
    assert old in source
    nb["cells"][index]["source"] = source.replace(old, new).splitlines(keepends=True)
    path.write_text(json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n")


def test_generated_parts_say_what_the_list_says(mini):
    title, setup, summary, nav = _cells(mini, "02_beta.ipynb")
    assert title == (
        f"[![Open in Colab](images/colab-badge.svg)]({colab('someone/course', '02_beta.ipynb')})\n\n"
        "# 2 · Beta\n\nSome text.\n\n← [1 · Alpha](01_alpha.ipynb) &nbsp;·&nbsp; [Index](00_index.ipynb)"
    )
    assert 'git+https://github.com/someone/course"' in setup and setup.endswith(
        "it.setup_notebook()\n\nimport math"
    )
    assert summary == "## Summary\n\nDone."
    assert nav == (
        "← [1 · Alpha](01_alpha.ipynb) &nbsp;·&nbsp; [Index](00_index.ipynb)"
        " &nbsp;·&nbsp; **Next:** [3 · Gamma](03_gamma.ipynb) →"
    )
    assert _cells(mini, "01_alpha.ipynb")[0].endswith("\n\n← [Index](00_index.ipynb)")
    assert _cells(mini, "01_alpha.ipynb")[-1].startswith(
        "← [Index](00_index.ipynb) &nbsp;·&nbsp; **Next:** [2 · Beta]"
    )
    assert _cells(mini, "03_gamma.ipynb")[-1] == (
        "← [2 · Beta](02_beta.ipynb) &nbsp;·&nbsp; **Back to the [Index](00_index.ipynb)**"
    )
    index = _cells(mini, "00_index.ipynb")
    assert index[0] == "# A course\n\nWelcome."  # the index keeps its own title
    assert index[1] == (
        "## Reading order\n\n### Following the article\n\n"
        "| # | notebook | what you will learn |\n|---|---|---|\n"
        "| 1 | [Alpha](01_alpha.ipynb) | the letter $\\alpha$ |\n| 2 | [Beta](02_beta.ipynb) | the letter beta |\n\n"
        "### Applied notebooks (after the summary)\n\n"
        "| # | notebook | what you will learn |\n|---|---|---|\n| 3 | [Gamma](03_gamma.ipynb) | the letter gamma |"
    )
    assert index[-1] == "**Next:** [1 · Alpha](01_alpha.ipynb) →"
    readme = (mini / "README.md").read_text()
    assert "| 0 | [Index](notebooks/00_index.ipynb) | start here | |\n" in readme
    badge = (
        f"[![Open in Colab](notebooks/images/colab-badge.svg)]({colab('someone/course', '03_gamma.ipynb')})"
    )
    assert (
        f"| 3 | [Gamma](notebooks/03_gamma.ipynb) | the letter gamma | {badge} |\n<!-- notebooks:end -->"
        in readme
    )
    assert readme.startswith("# Course\n\n<!-- notebooks:start") and readme.endswith(
        "<!-- notebooks:end -->\n\nMore.\n"
    )


def test_a_second_run_changes_nothing(mini):
    before = {p: p.read_bytes() for p in mini.rglob("*") if p.is_file()}
    out = run_sync(root=mini)
    assert out.returncode == 0 and out.stdout == ""
    assert run_sync("--check", root=mini).returncode == 0
    assert {p: p.read_bytes() for p in mini.rglob("*") if p.is_file()} == before


def test_a_setup_cell_with_no_imports_of_its_own_is_written_once(mini):
    """A new notebook's first code cell may hold only the setup: a second run must not repeat it."""
    _write_notebook(
        mini / "notebooks" / "02_beta.ipynb",
        "# Draft",
        "## Summary",
        code="import infotheory_lib as it\n\nit.setup_notebook()\n",
    )
    assert run_sync(root=mini).returncode == 0
    setup = _cells(mini, "02_beta.ipynb")[1]
    assert setup.count("it.setup_notebook()") == 1 and setup.endswith("it.setup_notebook()")
    out = run_sync(root=mini)
    assert out.returncode == 0 and out.stdout == ""


def test_check_lists_every_stale_part_and_writes_nothing(mini):
    _edit(mini, "00_index.ipynb", 1, "| the letter beta |", "| the letter b |")
    _edit(mini, "02_beta.ipynb", -1, "(03_gamma.ipynb)", "(01_alpha.ipynb)")
    _edit(mini, "01_alpha.ipynb", 0, "# 1 · Alpha", "# 1 · Alfa")
    readme = mini / "README.md"
    readme.write_text(readme.read_text().replace("| the letter gamma |", "| gamma |"))
    before = {p: p.read_bytes() for p in mini.rglob("*") if p.is_file()}
    out = run_sync("--check", root=mini)
    assert out.returncode == 1
    assert out.stdout.splitlines()[:4] == [
        "notebooks/00_index.ipynb: reading-order table: out of date",
        "notebooks/01_alpha.ipynb: title cell: out of date",
        "notebooks/02_beta.ipynb: navigation cell: out of date",
        "README.md: notebook table: out of date",
    ]
    assert {p: p.read_bytes() for p in mini.rglob("*") if p.is_file()} == before
    assert run_sync(root=mini).returncode == 0
    assert run_sync("--check", root=mini).returncode == 0
    assert "**Next:** [3 · Gamma](03_gamma.ipynb)" in _cells(mini, "02_beta.ipynb")[-1]


def test_check_fails_when_the_list_and_the_notebooks_disagree(mini):
    toml = mini / "notebooks" / "course.toml"
    text = toml.read_text()
    toml.write_text(text.replace('file = "02_beta.ipynb"', 'file = "02_delta.ipynb"'))
    for args in (["--check"], []):
        out = run_sync(*args, root=mini)
        assert out.returncode == 1
        assert "notebooks/02_beta.ipynb: not in notebooks/course.toml" in out.stdout
        assert "notebooks/course.toml: lists 02_delta.ipynb, which does not exist" in out.stdout
    assert "Delta" not in "".join(_cells(mini, "01_alpha.ipynb")), "nothing is written while they disagree"


def test_check_fails_without_the_readme_markers(mini):
    readme = mini / "README.md"
    readme.write_text(readme.read_text().replace("<!-- notebooks:end -->", ""))
    out = run_sync("--check", root=mini)
    assert out.returncode == 1 and "README.md: no <!-- notebooks:start -->" in out.stdout


def test_adding_a_notebook_is_one_file_and_one_entry(mini):
    nbs = mini / "notebooks"
    # as an author may write it: a draft heading, links by hand below the title and the summary
    _write_notebook(
        nbs / "04_delta.ipynb",
        "# 4 · Delta draft\n\nNew.\n\n← [3 · Gamma](03_gamma.ipynb)",
        "## Summary\n\nEnd.\n\n**Next:** [Index](00_index.ipynb)",
    )
    out = run_sync("--check", root=mini)
    assert out.returncode == 1 and "notebooks/04_delta.ipynb: not in notebooks/course.toml" in out.stdout
    with (nbs / "course.toml").open("a") as f:
        f.write(
            '\n[[notebook]]\nfile = "04_delta.ipynb"\ntitle = "Delta"\nlearn = "the letter delta"\npart = "applied"\n'
        )
    out = run_sync(root=mini)
    assert out.returncode == 0, out.stdout
    assert "**Next:** [4 · Delta](04_delta.ipynb) →" in _cells(mini, "03_gamma.ipynb")[-1]
    title, _, summary, nav = _cells(mini, "04_delta.ipynb")
    assert title.endswith(
        "# 4 · Delta\n\nNew.\n\n← [3 · Gamma](03_gamma.ipynb) &nbsp;·&nbsp; [Index](00_index.ipynb)"
    )
    assert summary == "## Summary\n\nEnd."
    assert nav == "← [3 · Gamma](03_gamma.ipynb) &nbsp;·&nbsp; **Back to the [Index](00_index.ipynb)**"
    assert "| 4 | [Delta](04_delta.ipynb) | the letter delta |" in _cells(mini, "00_index.ipynb")[1]
    assert "| 4 | [Delta](notebooks/04_delta.ipynb) | the letter delta |" in (mini / "README.md").read_text()


# --- the list itself ---

ENTRY = '[[notebook]]\nfile = "{file}"\ntitle = "T"\nlearn = "L"\n{extra}\n'


def _list(tmp_path, *entries, parts='[parts]\narticle = "A"\napplied = "B"\n'):
    (tmp_path / "notebooks").mkdir(exist_ok=True)
    (tmp_path / "notebooks" / "course.toml").write_text(parts + "\n" + "\n".join(entries))
    return tmp_path


INDEX = ENTRY.format(file="00_index.ipynb", extra="")


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([INDEX], "lists only the index"),
        ([ENTRY.format(file="01_a.ipynb", extra='part = "article"')], "the first entry must be the index"),
        ([INDEX, ENTRY.format(file="01_a.ipynb", extra="")], "entry 2: missing part"),
        (
            [INDEX, ENTRY.format(file="01_a.ipynb", extra='part = "extra"')],
            "part 'extra' is not one of [parts]",
        ),
        (
            [INDEX, ENTRY.format(file="01_a.ipynb", extra='part = "article"\nlevel = 2')],
            "unknown field(s) level",
        ),
        ([INDEX, ENTRY.format(file="1_a.ipynb", extra='part = "article"')], "file must be NN_name.ipynb"),
        ([INDEX, ENTRY.format(file="01_a.ipynb", extra='part = "article"').replace('"L"', '"a | b"')], "'|'"),
        (
            [INDEX, ENTRY.format(file="01_a.ipynb", extra='part = "article"').replace('"T"', "3")],
            "title must be",
        ),
        (
            [INDEX, *(ENTRY.format(file=f, extra='part = "article"') for f in ("02_b.ipynb", "01_a.ipynb"))],
            "numbers must increase",
        ),
        (
            [
                INDEX,
                *(
                    ENTRY.format(file=f, extra=f'part = "{p}"')
                    for f, p in [("01_a.ipynb", "applied"), ("02_b.ipynb", "article")]
                ),
            ],
            "parts go in [parts] order",
        ),
    ],
    ids=[
        "only-index",
        "no-index",
        "no-part",
        "unknown-part",
        "unknown-field",
        "bad-name",
        "pipe",
        "not-text",
        "order",
        "part-order",
    ],
)
def test_a_malformed_list_is_refused_with_a_message_naming_the_entry(tmp_path, entries, message):
    with pytest.raises(course.CourseError, match=re.escape(message)):
        course.read_course(_list(tmp_path, *entries))


def test_a_missing_or_unreadable_list_is_refused(tmp_path):
    with pytest.raises(course.CourseError, match="missing"):
        course.read_course(tmp_path)
    with pytest.raises(course.CourseError, match="course.toml"):
        course.read_course(_list(tmp_path, "[[notebook]\n"))


def test_numbers_come_from_the_file_names_and_headings_from_the_titles():
    assert [nb.number for nb in COURSE.notebooks] == [int(nb.file[:2]) for nb in COURSE.notebooks]
    assert COURSE.index.heading == "Index"
    assert all(nb.heading == f"{nb.number} · {nb.title}" for nb in COURSE.sections)


def test_the_site_follows_the_list():
    """tools/build_site.py gives the index one captioned toctree per part, in the list's order."""
    # run from tools/, where `import build_site` finds the script and its sibling course.py
    code = "import build_site; print(build_site.toctree(build_site.reading_order()))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "tools", capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    expected = []
    for part, caption in COURSE.parts.items():
        stems = [nb.file.removesuffix(".ipynb") for nb in COURSE.notebooks[1:] if nb.part == part]
        if stems:
            expected.append(
                f"```{{toctree}}\n:hidden:\n:maxdepth: 1\n:caption: {caption}\n\n"
                + "\n".join(stems)
                + "\n```"
            )
    assert out.stdout == "\n\n".join(expected) + "\n"
