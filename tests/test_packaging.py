"""What `pip install` of the repository (e.g. Colab's setup cell) puts on disk."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
