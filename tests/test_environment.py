"""The pinned sets, pyproject's ranges, environment.yml and Binder's files must agree."""

import os
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _pinned(path):
    """``{name: version}`` of a pip requirements file of ``name==version`` lines (``-r`` lines skipped)."""
    pins = {}
    for line in (ROOT / path).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


def _conda_deps(path):
    deps = {}
    for line in (ROOT / path).read_text().splitlines():
        match = re.fullmatch(r"\s+-\s+([A-Za-z0-9_.\-]+)(?:=([0-9.]+))?\s*", line)
        if match and match.group(1) not in ("python", "pip", "conda-forge"):
            deps[canonicalize_name(match.group(1))] = match.group(2)
    return deps


def _major_minor(version):
    return ".".join(version.split(".")[:2])


def _ci_python():
    """The Python minor version the GitHub workflow tests on."""
    workflow = (ROOT / ".github/workflows/ci.yml").read_text()
    return re.search(r'python-version:\s*"([0-9.]+)"', workflow).group(1)


RUNTIME = _pinned("requirements/runtime.txt")
DEV = _pinned("requirements/dev.txt")
CONSTRAINTS = _pinned("requirements/constraints.txt")


def test_dev_set_builds_on_the_runtime_set():
    lines = (ROOT / "requirements/dev.txt").read_text().splitlines()
    assert "-r runtime.txt" in lines
    assert not set(RUNTIME) & set(DEV), "a package is pinned twice"


def test_environment_yml_pins_the_runtime_set_to_the_same_major_minor():
    conda = _conda_deps("environment.yml")
    assert conda == {name: _major_minor(v) for name, v in RUNTIME.items()}


def test_environment_yml_uses_conda_forge_and_ci_python():
    text = (ROOT / "environment.yml").read_text()
    assert "conda-forge" in text
    assert re.search(rf"^\s+-\s+python={re.escape(_ci_python())}\s*$", text, re.M)


def test_binder_installs_exactly_the_runtime_pins_on_ci_python():
    lines = [line.strip() for line in (ROOT / "binder/requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines == ["-r ../requirements/runtime.txt", "-c ../requirements/constraints.txt"]
    assert (ROOT / "binder/runtime.txt").read_text().strip() == f"python-{_ci_python()}"
    assert not (ROOT / "binder/environment.yml").exists(), "repo2docker would prefer conda over the pins"


def test_binder_postbuild_fails_on_error_and_installs_the_package():
    post_build = ROOT / "binder/postBuild"
    assert os.access(post_build, os.X_OK)
    text = post_build.read_text()
    assert re.search(r"^set -e", text, re.M)
    assert "pip install --no-deps -e ." in text


@pytest.mark.parametrize("name", sorted(RUNTIME | DEV))
def test_constraints_freeze_the_direct_pins(name):
    assert CONSTRAINTS.get(name) == (RUNTIME | DEV)[name]


def _pyproject_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = [Requirement(r) for r in project["dependencies"]]
    for group in project["optional-dependencies"].values():
        requirements += [Requirement(r) for r in group]
    return requirements


def test_pyproject_ranges_admit_the_ci_pins():
    for req in _pyproject_requirements():
        pin = CONSTRAINTS.get(canonicalize_name(req.name))
        assert pin is not None, f"{req.name} is required by pyproject.toml but CI does not install it"
        assert req.specifier.contains(pin), f"{req} excludes CI's pin {pin}"
