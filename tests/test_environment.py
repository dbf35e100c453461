"""The pinned set, pyproject, environment.yml and Binder's copy must agree."""

import os
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _pinned(path):
    pins = {}
    for line in (ROOT / path).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
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


PINNED = _pinned("requirements/pinned.txt")


def test_environment_yml_pins_the_same_packages_to_the_same_major_minor():
    conda = _conda_deps("environment.yml")
    assert conda == {name: _major_minor(v) for name, v in PINNED.items()}


def test_environment_yml_uses_conda_forge_and_python_312():
    text = (ROOT / "environment.yml").read_text()
    assert "conda-forge" in text
    assert re.search(r"^\s+-\s+python=3\.12\s*$", text, re.M)


def test_binder_environment_is_the_same_as_the_top_level_one():
    assert (ROOT / "binder/environment.yml").read_text() == (ROOT / "environment.yml").read_text()


def test_pyproject_dependencies_are_the_pinned_set_and_admit_the_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = [Requirement(r) for r in project["dependencies"]]
    for group in project["optional-dependencies"].values():
        requirements += [Requirement(r) for r in group]
    names = {canonicalize_name(r.name) for r in requirements}
    assert names == set(PINNED)
    for req in requirements:
        assert req.specifier.contains(PINNED[canonicalize_name(req.name)]), req


@pytest.mark.parametrize("name", sorted(PINNED))
def test_constraints_freeze_the_direct_pins(name):
    assert _pinned("requirements/constraints.txt").get(name) == PINNED[name]


def test_binder_postbuild_fails_on_error_and_installs_the_package():
    post_build = ROOT / "binder/postBuild"
    assert os.access(post_build, os.X_OK)
    text = post_build.read_text()
    assert re.search(r"^set -e", text, re.M)
    assert "pip install --no-deps -e ." in text
