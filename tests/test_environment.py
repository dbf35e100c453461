"""The pinned sets, pyproject's ranges, environment.yml and Binder's files must agree."""

import json
import os
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

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
    lines = [
        line.strip()
        for line in (ROOT / "binder/requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
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


# ---------------------------------------------------------------------------
# The oldest supported environment (requirements/oldest.txt, `make test-oldest`)
# ---------------------------------------------------------------------------

OLDEST = _pinned("requirements/oldest.txt")

#: The packages the oldest environment holds at pyproject's floors: the library's
#: own dependencies and what the notebooks compute and draw with. Each floor is
#: written once, in pyproject.toml; requirements/oldest.txt must equal it.
AT_THE_FLOOR = ("numpy", "scipy", "matplotlib", "scikit-learn", "ipywidgets", "pillow")


def _floor(req):
    floors = [spec.version for spec in req.specifier if spec.operator == ">="]
    assert len(floors) == 1, f"{req} needs exactly one >= floor"
    return floors[0]


def test_the_library_dependencies_are_tested_at_their_floors():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    base = {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}
    assert base <= set(AT_THE_FLOOR)


@pytest.mark.parametrize("name", AT_THE_FLOOR)
def test_oldest_pins_equal_pyproject_floors(name):
    (req,) = [r for r in _pyproject_requirements() if canonicalize_name(r.name) == name]
    floor = _floor(req)
    assert name in OLDEST, f"requirements/oldest.txt does not pin {name}"
    assert Version(OLDEST[name]) == Version(floor), (
        f"requirements/oldest.txt pins {name}=={OLDEST[name]} but pyproject.toml's floor is {floor}"
    )


def test_the_oldest_environment_satisfies_every_pyproject_range():
    for req in _pyproject_requirements():
        pin = OLDEST.get(canonicalize_name(req.name))
        if pin is not None:
            assert req.specifier.contains(pin), f"{req} excludes the oldest environment's {pin}"


def test_the_oldest_environment_runs_without_ipympl():
    assert "ipympl" not in OLDEST, "the course must run on core ipywidgets alone"


def _sklearn_loaders_the_notebooks_import():
    names = set()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "code":
                for match in re.finditer(r"from sklearn\.datasets import ([\w, ]+)", "".join(cell["source"])):
                    names |= {name.strip() for name in match.group(1).split(",")}
    return sorted(names | {"load_wine", "load_digits"})


@pytest.mark.parametrize("loader", _sklearn_loaders_the_notebooks_import())
def test_the_notebooks_data_sets_load_without_a_warning(loader):
    # scikit-learn < 1.2.1 reads them with importlib.resources APIs deprecated in
    # Python 3.11: a warning (an error here) on the oldest versions if the floor slips.
    import sklearn.datasets

    data = getattr(sklearn.datasets, loader)()
    assert len(data.target) > 0
