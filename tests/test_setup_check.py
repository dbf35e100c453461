"""The index notebook's environment check says plainly what is missing or mis-versioned."""

import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

from infotheory_lib import setup_check

PYPROJECT = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())["project"]


def _range(name):
    """pyproject's range for ``name`` as the report writes it (floor first), e.g. ``>=1.26.0, <3``."""
    for text in PYPROJECT["dependencies"] + PYPROJECT["optional-dependencies"]["notebooks"]:
        req = Requirement(text)
        if req.name == name:
            return ", ".join(sorted((str(s) for s in req.specifier), key=lambda s: not s.startswith(">")))
    raise KeyError(name)


def test_this_environment_passes(capsys):
    assert setup_check.check_environment() is True
    out = capsys.readouterr().out
    assert "ok numpy" in out and "You are ready" in out
    assert f"(supported: {_range('numpy')})" in out
    assert "packages present in supported versions" in out


def test_the_report_lists_the_notebooks_extra_with_ranges():
    rows = {name: (wanted, ok) for name, wanted, _, ok in setup_check.environment_report()}
    assert {"numpy", "scipy", "matplotlib", "ipywidgets", "scikit-learn"} <= set(rows)
    assert "ipympl" not in rows, "the course runs on core ipywidgets alone"
    assert "voila" not in rows, "classroom mode is its own extra"
    assert rows["scipy"] == (_range("scipy"), True)


def test_a_missing_package_is_named(monkeypatch, capsys):
    real_version = metadata.version

    def version(name):
        if name == "ipywidgets":
            raise metadata.PackageNotFoundError(name)
        return real_version(name)

    monkeypatch.setattr(setup_check.metadata, "version", version)
    assert setup_check.check_environment() is False
    out = capsys.readouterr().out
    assert "!! ipywidgets" in out and "MISSING" in out and "Needs attention: ipywidgets" in out


def test_a_wrong_version_is_named(monkeypatch, capsys):
    real_version = metadata.version
    monkeypatch.setattr(
        setup_check.metadata, "version", lambda name: "1.0.0" if name == "numpy" else real_version(name)
    )
    assert setup_check.check_environment() is False
    out = capsys.readouterr().out
    assert "!! numpy          1.0.0" in out and f"(supported: {_range('numpy')})" in out
    assert "install a version in the supported range" in out
