"""What `pip install` of the repository (e.g. Colab's setup cell) puts on disk."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Every test here builds the wheel (seconds each): `make test-fast` leaves them out.
pytestmark = pytest.mark.slow


def test_wheel_carries_the_corpus_and_its_licence(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    (wheel,) = tmp_path.glob("infotheory_lib-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in ("pydoc_topics.txt", "PYTHON-LICENSE.txt", "README.md"):
        assert f"infotheory_lib/data/{data}" in names
    stored = zipfile.ZipFile(wheel).read("infotheory_lib/data/pydoc_topics.txt")
    assert stored == (ROOT / "infotheory_lib/data/pydoc_topics.txt").read_bytes()


def test_wheel_carries_every_subpackage_and_nothing_stale(tmp_path):
    """``pip install`` brings infotheory_lib.explorers, .models, ...: exactly the modules git tracks.

    Built from a clean copy of the tracked files: an in-tree build reuses ``build/``, which can
    hold modules that no longer exist (the old ``explorers.py`` next to ``explorers/``).
    """
    tracked = subprocess.run(
        ["git", "ls-files", "pyproject.toml", "README.md", "infotheory_lib"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    src = tmp_path / "src"
    for name in tracked:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, src / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
        + ["--wheel-dir", str(tmp_path / "dist"), str(src)],
        check=True,
        capture_output=True,
        text=True,
    )
    (wheel,) = (tmp_path / "dist").glob("infotheory_lib-*.whl")
    in_wheel = {n for n in zipfile.ZipFile(wheel).namelist() if n.endswith(".py")}
    sources = {n for n in tracked if n.endswith(".py")}
    assert {"infotheory_lib/explorers/__init__.py", "infotheory_lib/models/__init__.py"} <= sources
    assert in_wheel == sources
