"""Live explorers: sliders that redraw information measures instantly.

Each explorer function returns an :class:`Explorer`: one widget made of
controls, a matplotlib figure and a numeric readout, drawn with only
matplotlib and the core ipywidgets (no ipympl). Every explorer is declared
in one registry (:func:`registered`), which the tests, benchmarks, tools and
docs iterate over; the docstring of ``explorers/_core.py`` says how to add one.

Add one line per explorer module below (``from .topic import *``); its
``__all__`` joins this package's ``__all__`` by itself.
"""

import types as _types

from ._core import Explorer, Registration, figure_only, get, preset, register, registered
from .bounds import *  # noqa: F403
from .calibration import *  # noqa: F403
from .compression import *  # noqa: F403
from .distillation import *  # noqa: F403
from .neural_lm import *  # noqa: F403
from .sections import *  # noqa: F403
from .trees import *  # noqa: F403
from .vae import *  # noqa: F403

__all__ = ["Explorer", "Registration", "register", "registered", "get", "preset", "figure_only"]
__all__ += [
    name
    for module in list(globals().values())
    if isinstance(module, _types.ModuleType)
    and module.__name__.startswith(__name__ + ".")
    and module.__name__ != __name__ + "._core"
    for name in module.__all__
]
