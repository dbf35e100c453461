"""infotheory_lib.notebook: the setup call of every notebook's first cell."""

import subprocess
import sys

import pytest

import infotheory_lib as it
from infotheory_lib.notebook import FRONTENDS, detect_frontend


class _Kernel:
    """Stands in for IPython's shell inside a kernel (it has a ``kernel``)."""

    kernel = object()

    def __init__(self):
        self.magics = []

    def run_line_magic(self, name, line):
        self.magics.append((name, line))


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"platform": "emscripten"}, "jupyterlite"),
        ({"modules": {"google.colab": object()}, "shell": _Kernel()}, "colab"),
        ({"environ": {"VSCODE_PID": "42"}, "shell": _Kernel()}, "vscode"),
        ({"environ": {"VSCODE_CWD": "/home"}, "shell": _Kernel()}, "vscode"),
        ({"environ": {}, "shell": _Kernel()}, "jupyter"),
        ({"environ": {"VSCODE_PID": "42"}, "shell": False}, "python"),  # a VS Code terminal, no kernel
        ({"environ": {}, "shell": False}, "python"),
    ],
)
def test_detect_frontend(kwargs, expected):
    defaults = {"environ": {}, "modules": {}, "platform": "linux"}
    assert detect_frontend(**{**defaults, **kwargs}) == expected
    assert expected in FRONTENDS


def test_detect_frontend_without_a_kernel_is_python():
    assert detect_frontend() == "python"  # pytest runs no kernel


def test_setup_notebook_switches_a_kernel_to_inline_pictures(monkeypatch, capsys):
    from infotheory_lib import notebook

    kernel = _Kernel()
    monkeypatch.setattr(notebook, "_kernel_shell", lambda: kernel)
    assert it.setup_notebook() is None
    assert kernel.magics == [("matplotlib", "inline")]
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "core ipywidgets" in out and it.__version__ in out


def test_setup_notebook_outside_a_kernel_changes_nothing_and_can_be_quiet(capsys):
    import matplotlib

    backend = matplotlib.get_backend()
    it.setup_notebook(quiet=True)
    assert capsys.readouterr().out == ""
    assert matplotlib.get_backend() == backend


@pytest.mark.parametrize("quiet", ["yes", 1, None])
def test_setup_notebook_rejects_a_non_bool_quiet(quiet):
    with pytest.raises(TypeError, match="quiet"):
        it.setup_notebook(quiet=quiet)


@pytest.mark.slow
def test_importing_the_setup_stays_light():
    code = (
        "import sys, infotheory_lib as it; it.detect_frontend(); "
        "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'IPython') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
