"""The course's one list of notebooks (``notebooks/course.toml``) and its repository name.

The tools that generate or build from them import this module
(``import course``: run as ``python tools/x.py``, a script's own folder is
importable); the tests load it from its file.

- :func:`read_course` reads and checks the list: the notebooks in reading
  order, each with its file, number (from the file name), title, "what you
  will learn" text and part;
- :func:`disagreements` says where the list and ``notebooks/*.ipynb`` differ;
- :func:`repository` gives ``owner/name`` from pyproject.toml.
"""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The list, relative to the repository's root.
LIST = Path("notebooks") / "course.toml"
FILE_NAME = re.compile(r"(\d\d)_[a-z0-9_]+\.ipynb")
INDEX_FILE = "00_index.ipynb"


@dataclass(frozen=True)
class Notebook:
    """One entry of the list."""

    file: str
    title: str
    learn: str
    part: str | None  # None for the index

    @property
    def number(self) -> int:
        return int(self.file[:2])

    @property
    def stem(self) -> str:
        return self.file.removesuffix(".ipynb")

    @property
    def heading(self) -> str:
        """What the notebook's H1 heading and the links to it say: ``3 · Cross-entropy``."""
        return self.title if self.part is None else f"{self.number} · {self.title}"


@dataclass(frozen=True)
class Course:
    notebooks: list[Notebook]
    #: part id -> its heading ("article" -> "Following the article"), in order
    parts: dict[str, str]

    @property
    def index(self) -> Notebook:
        return self.notebooks[0]

    @property
    def sections(self) -> list[Notebook]:
        """Every notebook but the index, in reading order."""
        return self.notebooks[1:]

    def neighbours(self, nb: Notebook) -> tuple[Notebook | None, Notebook | None]:
        """The previous and the next notebook in reading order (None at either end)."""
        i = self.notebooks.index(nb)
        before = self.notebooks[i - 1] if i > 0 else None
        after = self.notebooks[i + 1] if i + 1 < len(self.notebooks) else None
        return before, after


class CourseError(ValueError):
    """The list is malformed (the message names the entry and what is wrong)."""


def read_course(root: Path = ROOT) -> Course:
    """Read ``notebooks/course.toml`` under ``root`` and check it.

    Raises :class:`CourseError` when an entry lacks a field or has an unknown
    one, a file name is not ``NN_name.ipynb``, the first entry is not the
    index or is the only one, the numbers do not increase, or the parts are
    out of order.
    """
    path = root / LIST
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseError(f"{LIST}: missing (the list of notebooks)") from None
    except tomllib.TOMLDecodeError as exc:
        raise CourseError(f"{LIST}: {exc}") from None
    parts = data.get("parts")
    entries = data.get("notebook")
    if not isinstance(parts, dict) or not all(isinstance(v, str) for v in parts.values()):
        raise CourseError(f'{LIST}: needs a [parts] table of part = "heading"')
    if not isinstance(entries, list) or not entries:
        raise CourseError(f"{LIST}: needs [[notebook]] entries")
    order = list(parts)
    notebooks: list[Notebook] = []
    for k, entry in enumerate(entries):
        where = f"{LIST}, entry {k + 1}"
        is_index = k == 0
        if is_index and entry.get("file") != INDEX_FILE:
            raise CourseError(f"{where}: the first entry must be the index, {INDEX_FILE}")
        required = {"file", "title", "learn"} | (set() if is_index else {"part"})
        if missing := sorted(required - set(entry)):
            raise CourseError(f"{where}: missing {', '.join(missing)}")
        if unknown := sorted(set(entry) - required):
            raise CourseError(f"{where}: unknown field(s) {', '.join(unknown)}")
        if bad := [
            key for key in sorted(required) if not isinstance(entry[key], str) or not entry[key].strip()
        ]:
            raise CourseError(f"{where}: {', '.join(bad)} must be non-empty text")
        nb = Notebook(entry["file"], entry["title"], entry["learn"], entry.get("part"))
        where = f"{LIST}, {nb.file}"
        if not FILE_NAME.fullmatch(nb.file):
            raise CourseError(f"{where}: file must be NN_name.ipynb (two digits, lower case)")
        if "|" in nb.learn or "\n" in nb.learn:
            raise CourseError(f"{where}: learn must be one line without '|' (it is a table cell)")
        if not is_index:
            if nb.part not in parts:
                raise CourseError(f"{where}: part {nb.part!r} is not one of [parts]: {', '.join(order)}")
            previous = notebooks[-1]
            if nb.number <= previous.number:
                raise CourseError(f"{where}: numbers must increase along the list (after {previous.file})")
            if previous.part is not None and order.index(nb.part) < order.index(previous.part):
                raise CourseError(
                    f"{where}: part {nb.part!r} after {previous.part!r}; parts go in [parts] order"
                )
        notebooks.append(nb)
    if len(notebooks) < 2:
        raise CourseError(f"{LIST}: lists only the index; the course needs a notebook after it")
    return Course(notebooks, dict(parts))


def disagreements(course: Course, root: Path = ROOT) -> list[str]:
    """Where the list and ``notebooks/*.ipynb`` differ, one sentence each (empty if they agree)."""
    listed = [nb.file for nb in course.notebooks]
    found = sorted(p.name for p in (root / "notebooks").glob("*.ipynb"))
    problems = [f"notebooks/{name}: not in {LIST}" for name in found if name not in listed]
    problems += [f"{LIST}: lists {name}, which does not exist" for name in listed if name not in found]
    return problems


def repository(root: Path = ROOT) -> str:
    """``owner/name`` from pyproject.toml's ``[project.urls] Repository``."""
    url = tomllib.loads((root / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
    match = re.fullmatch(r"https://github\.com/([\w.-]+/[\w.-]+)", url)
    if not match:
        raise CourseError(f"pyproject.toml: Repository must be https://github.com/OWNER/NAME, got {url!r}")
    return match.group(1)
