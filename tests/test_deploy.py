"""deploy/: the Dockerfile installs the course's pinned sets; the Zero to JupyterHub values fit the chart's schema.

Nothing here builds an image or talks to Kubernetes (neither runs where the suite runs): the values are
checked offline against the schema of chart 4.4.0 vendored in deploy/z2jh/ (see VENDORED.md), merged over
the chart's defaults as Helm does.
"""

import json
import re
import shlex
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")
jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
Z2JH = DEPLOY / "z2jh"


def helm_merge(defaults, overrides):
    """Helm's merge of a values file over the chart's: maps merge key by key, anything else is replaced."""
    merged = dict(defaults)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(defaults.get(key), dict):
            merged[key] = helm_merge(defaults[key], value)
        else:
            merged[key] = value
    return merged


@pytest.fixture(scope="module")
def validator():
    schema = json.loads((Z2JH / "values.schema.json").read_text())
    return jsonschema.Draft7Validator(schema)


@pytest.fixture(scope="module")
def chart_defaults():
    return yaml.safe_load((Z2JH / "chart-4.4.0-values.yaml").read_text())


@pytest.fixture(scope="module")
def values():
    return yaml.safe_load((Z2JH / "values.yaml").read_text())


def _errors(validator, document):
    return sorted(f"{'.'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(document))


def test_the_values_fit_the_charts_schema(validator, chart_defaults, values):
    assert _errors(validator, chart_defaults) == []  # the vendored pair agrees with itself
    assert _errors(validator, helm_merge(chart_defaults, values)) == []


@pytest.mark.parametrize(
    ("override", "where"),
    [
        ({"cull": {"timout": 60}}, "timout"),  # a misspelt key
        ({"singleuser": {"cpu": {"guarantee": "a lot"}}}, "singleuser.cpu.guarantee"),
        ({"singleuser": {"storage": {"type": None}}}, "singleuser.storage.type"),
    ],
)
def test_the_schema_catches_a_mistake(validator, chart_defaults, values, override, where):
    errors = _errors(validator, helm_merge(helm_merge(chart_defaults, values), override))
    assert any(where in e for e in errors), errors


def test_the_values_serve_the_course(values):
    user = values["singleuser"]
    # The default URL opens the index notebook that the postStart hook copies into the home folder.
    assert user["defaultUrl"] == "/lab/tree/course/00_index.ipynb"
    assert (ROOT / "notebooks" / "00_index.ipynb").is_file()
    hook = " ".join(user["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert "cp -rn /srv/course/notebooks/. /home/jovyan/course/" in hook  # never over a student's edits
    assert "/srv/course/notebooks" in (DEPLOY / "Dockerfile").read_text()
    assert values["cull"]["enabled"] and 0 < values["cull"]["timeout"] <= 3600
    assert 0 < user["cpu"]["guarantee"] <= user["cpu"]["limit"]
    units = {"M": 10**6, "G": 10**9}
    guarantee, limit = (
        int(user["memory"][k][:-1]) * units[user["memory"][k][-1]] for k in ("guarantee", "limit")
    )
    assert 256 * 2**20 <= guarantee <= limit  # a notebook kernel alone holds 125-241 MiB


def _instructions():
    """(instruction, arguments) of deploy/Dockerfile, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", (DEPLOY / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [tuple(line.split(None, 1)) for line in lines if line and not line.startswith("#")]


def test_the_image_uses_cis_python_and_the_pinned_sets():
    steps = _instructions()
    (base,) = [args for op, args in steps if op == "FROM"]
    python = (ROOT / "binder" / "runtime.txt").read_text().strip().removeprefix("python-")
    assert base == f"python:{python}-slim"
    installs = [args for op, args in steps if op == "RUN" and "pip install" in args]
    assert len(installs) == 1
    commands = [shlex.split(c) for c in installs[0].split("&&")]
    pip = [c for c in commands if c[:2] == ["pip", "install"]]
    # the runtime set at CI's pins, then the library's extras under the same constraints
    assert pip[0][2:] == ["-r", "requirements/runtime.txt", "-c", "requirements/constraints.txt"]
    assert pip[1][2:] == ["-c", "requirements/constraints.txt", ".[notebooks,present]"]
    # the only package outside the pinned sets is JupyterHub's single-user server, at the chart's appVersion
    assert pip[2][2:] == ["jupyterhub==${JUPYTERHUB_VERSION}"]
    app_version = re.search(r"appVersion: ([0-9.]+)", (Z2JH / "VENDORED.md").read_text()).group(1)
    assert ("ARG", f"JUPYTERHUB_VERSION={app_version}") in steps


def test_the_image_copies_what_exists_and_the_context_sends_it():
    copied = []
    for op, args in _instructions():
        if op == "COPY":
            *sources, _ = args.split()
            copied += sources
    assert copied, "no COPY in deploy/Dockerfile"
    allowed = [
        line[1:].rstrip("/")
        for line in (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines()
        if line.startswith("!")
    ]
    for source in copied:
        assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
        assert source.rstrip("/") in allowed, f"COPY {source}: excluded by deploy/Dockerfile.dockerignore"
    # what classroom mode and the notebooks import at run time is in the image
    for needed in ("infotheory_lib/", "notebooks/", "tools/present.py", "tools/present_templates/"):
        assert needed in copied


def test_the_vendored_schema_keeps_its_licence():
    assert "BSD 3-Clause License" in (Z2JH / "LICENSE-zero-to-jupyterhub-k8s").read_text()
    assert "4.4.0" in (Z2JH / "VENDORED.md").read_text()
