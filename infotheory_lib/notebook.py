"""Set up a notebook for the course, wherever it runs.

The first code cell of every notebook calls :func:`setup_notebook`. The
course renders the same way in every frontend: static figures are PNG
images and the explorers are core ipywidgets showing PNGs drawn in the
kernel (no ipympl, which is broken or absent in Colab, VS Code and
JupyterLite). So setting up is small: make plain ``pyplot`` code in a
learner's own cells show inline pictures, and say where we are.

This module imports nothing heavy at import time: ``import
infotheory_lib`` stays light.
"""

from __future__ import annotations

import os
import sys

__all__ = ["FRONTENDS", "detect_frontend", "setup_notebook"]

#: What :func:`detect_frontend` can answer, with a name for people.
FRONTENDS = {
    "colab": "Google Colab",
    "jupyterlite": "JupyterLite (Pyodide)",
    "vscode": "VS Code",
    "jupyter": "Jupyter (JupyterLab, Notebook or Voilà)",
    "python": "plain Python",
}


def detect_frontend(*, environ=None, modules=None, platform=None, shell=None) -> str:
    """Which kind of frontend runs this kernel: a key of :data:`FRONTENDS`.

    Parameters
    ----------
    environ, modules, platform, shell : optional
        Stand-ins for ``os.environ``, ``sys.modules``, ``sys.platform`` and
        IPython's current shell (for tests); by default the real ones.

    Notes
    -----
    JupyterLite runs Python compiled to WebAssembly (``sys.platform ==
    "emscripten"``); Colab's kernel has imported ``google.colab``; VS Code
    starts kernels with ``VSCODE_*`` variables in their environment. Any
    other IPython kernel is "jupyter", and no kernel at all is "python".
    The answer only labels the setup message: rendering is the same in
    every frontend.
    """
    environ = os.environ if environ is None else environ
    modules = sys.modules if modules is None else modules
    platform = sys.platform if platform is None else platform
    if platform == "emscripten":
        return "jupyterlite"
    if "google.colab" in modules:
        return "colab"
    shell = _kernel_shell() if shell is None else shell
    if not shell:
        return "python"
    if "VSCODE_PID" in environ or "VSCODE_CWD" in environ:
        return "vscode"
    return "jupyter"


def setup_notebook(*, quiet: bool = False) -> None:
    """Prepare the current kernel for the course's notebooks.

    In a notebook kernel, switch matplotlib's pyplot to the inline backend
    (pictures in the output, as in every frontend), so that a learner's own
    ``plt.plot(...)`` shows up the same way as the course's figures. Never
    fails for a missing optional package: the course needs only matplotlib
    and the core ipywidgets. Outside a notebook it changes nothing.

    Parameters
    ----------
    quiet : bool, default False
        Do not print the one-line summary of the setup.
    """
    if not isinstance(quiet, bool):
        raise TypeError(f"quiet must be True or False, got {quiet!r}")
    frontend = detect_frontend()
    shell = _kernel_shell()
    if shell:
        shell.run_line_magic("matplotlib", "inline")
    if not quiet:
        from . import __version__

        how = (
            "explorers use core ipywidgets, figures are inline pictures"
            if shell
            else "no notebook kernel: explorers update headless, show nothing"
        )
        print(f"infotheory_lib {__version__} in {FRONTENDS[frontend]}: {how}.")


def _kernel_shell():
    """IPython's shell when running in a notebook kernel, else None."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return None
    shell = ipython.get_ipython()
    # A terminal IPython has no kernel: only kernels display widgets.
    if shell is None or not hasattr(shell, "kernel"):
        return None
    return shell
