"""The package imports light and exports the public API of the compute layer."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import numpy as np
import pytest

import infotheory_lib

REPO = Path(__file__).resolve().parents[1]

# name -> (module, [(parameter, kind, default)]) exactly as the API contract (API.md) fixes them.
# kind: POS positional-or-keyword, KW keyword-only; default REQUIRED: no default.
REQUIRED = object()
POS, KW = inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY

API = {
    # measures — bits by default
    "surprise": ("measures", [("p", POS, REQUIRED), ("base", KW, 2)]),
    "entropy": (
        "measures",
        [("p", POS, REQUIRED), ("base", KW, 2), ("axis", KW, -1), ("normalize", KW, False)],
    ),
    "binary_entropy": ("measures", [("p", POS, REQUIRED), ("base", KW, 2)]),
    "joint_entropy": ("measures", [("joint", POS, REQUIRED), ("base", KW, 2)]),
    "conditional_entropy": ("measures", [("joint", POS, REQUIRED), ("base", KW, 2)]),
    "mutual_information": ("measures", [("joint", POS, REQUIRED), ("base", KW, 2)]),
    "cross_entropy": (
        "measures",
        [
            ("p", POS, REQUIRED),
            ("q", POS, REQUIRED),
            ("base", KW, 2),
            ("axis", KW, -1),
            ("normalize", KW, False),
        ],
    ),
    "kl_divergence": (
        "measures",
        [
            ("p", POS, REQUIRED),
            ("q", POS, REQUIRED),
            ("base", KW, 2),
            ("axis", KW, -1),
            ("normalize", KW, False),
        ],
    ),
    "js_divergence": (
        "measures",
        [
            ("p", POS, REQUIRED),
            ("q", POS, REQUIRED),
            ("base", KW, 2),
            ("axis", KW, -1),
            ("normalize", KW, False),
        ],
    ),
    "distribution_perplexity": ("measures", [("p", POS, REQUIRED), ("axis", KW, -1)]),
    "perplexity": ("measures", [("token_probs", POS, REQUIRED), ("axis", KW, -1)]),
    "perplexity_from_nll": ("measures", [("mean_nll", POS, REQUIRED), ("base", KW, np.e)]),
    # losses — nats by default
    "softmax": ("losses", [("logits", POS, REQUIRED), ("temperature", KW, 1.0), ("axis", KW, -1)]),
    "log_softmax": ("losses", [("logits", POS, REQUIRED), ("temperature", KW, 1.0), ("axis", KW, -1)]),
    "cross_entropy_loss": (
        "losses",
        [
            ("logits", POS, REQUIRED),
            ("target", POS, REQUIRED),
            ("reduction", KW, "mean"),
            ("label_smoothing", KW, 0.0),
            ("base", KW, np.e),
        ],
    ),
    "binary_cross_entropy": (
        "losses",
        [("y_true", POS, REQUIRED), ("y_prob", POS, REQUIRED), ("reduction", KW, "mean"), ("base", KW, np.e)],
    ),
    "binary_cross_entropy_with_logits": (
        "losses",
        [("y_true", POS, REQUIRED), ("logits", POS, REQUIRED), ("reduction", KW, "mean"), ("base", KW, np.e)],
    ),
    # gaussian — nats by default
    "gaussian_entropy": ("gaussian", [("sigma", POS, REQUIRED), ("base", KW, np.e)]),
    "kl_normal": (
        "gaussian",
        [
            ("mu_p", POS, REQUIRED),
            ("sigma_p", POS, REQUIRED),
            ("mu_q", POS, REQUIRED),
            ("sigma_q", POS, REQUIRED),
            ("base", KW, np.e),
        ],
    ),
    "kl_gaussian": ("gaussian", [("mu", POS, REQUIRED), ("log_var", POS, REQUIRED), ("axis", KW, -1)]),
    # estimators — bits by default
    "entropy_from_samples": (
        "estimators",
        [("samples", POS, REQUIRED), ("base", KW, 2), ("correction", KW, None)],
    ),
    "mutual_information_from_samples": (
        "estimators",
        [("x", POS, REQUIRED), ("y", POS, REQUIRED), ("base", KW, 2)],
    ),
    "ksg_mutual_information": (
        "estimators",
        [("x", POS, REQUIRED), ("y", POS, REQUIRED), ("k", KW, 3), ("base", KW, 2), ("seed", KW, 0)],
    ),
}


def run_python(code):
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    "statement",
    [
        "import infotheory_lib",
        "from infotheory_lib import estimators, gaussian, losses, measures",
        "from infotheory_lib import calibration, trees",
        "from infotheory_lib import *",
    ],
)
def test_import_does_not_load_the_drawing_or_widget_layers(statement):
    code = (
        "import sys, json\n"
        f"{statement}\n"
        "print(json.dumps(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('matplotlib', 'ipywidgets', 'ipympl', 'sklearn'))))\n"
    )
    heavy = json.loads(run_python(code))
    assert heavy == [], f"'{statement}' imported {heavy}"


@pytest.mark.parametrize("name", list(API))
def test_api_name_is_exported(name):
    module_name, _ = API[name]
    func = getattr(infotheory_lib, name)
    assert callable(func)
    assert name in infotheory_lib.__all__
    module = getattr(infotheory_lib, module_name)
    assert getattr(module, name) is func
    assert name in module.__all__


@pytest.mark.parametrize("name", list(API))
def test_api_signature(name):
    _, expected = API[name]
    params = list(inspect.signature(getattr(infotheory_lib, name)).parameters.values())
    assert [p.name for p in params] == [e[0] for e in expected]
    for param, (pname, kind, default) in zip(params, expected, strict=True):
        assert param.kind == kind, f"{name}: {pname} should be {kind}"
        if default is REQUIRED:
            assert param.default is inspect.Parameter.empty, f"{name}: {pname} should be required"
        else:
            assert param.default == default and type(param.default) is type(default), (
                f"{name}: {pname} default is {param.default!r}, expected {default!r}"
            )


def test_every_api_function_has_a_docstring():
    for name in API:
        doc = getattr(infotheory_lib, name).__doc__
        assert doc and doc.strip(), name


def test_star_import_gives_the_api():
    namespace = {}
    exec("from infotheory_lib import *", namespace)
    missing = [name for name in API if name not in namespace]
    assert missing == []


def test_version():
    version = infotheory_lib.__version__
    assert isinstance(version, str) and version
    assert "__version__" in infotheory_lib.__all__
    assert version == metadata.version("infotheory-lib")
