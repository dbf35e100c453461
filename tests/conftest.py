"""Shared test configuration: hypothesis profiles and strategies.

Test modules in this directory import the strategies with
``from conftest import ...``. Every conftest.py in the tree (for example
``tests/browser/conftest.py``) is imported under the module name
``conftest``, and pytest swaps ``sys.modules["conftest"]`` as it loads them;
the collection hook below points that name back at this file just before a
test module of this directory is imported, so the import never picks up
another directory's conftest.

Profiles (select with ``HYPOTHESIS_PROFILE=<name>``; ``ci`` is the default):

- ``ci``: deterministic (``derandomize=True``), 100 examples, no deadline, so
  a CI run is reproducible and never flaky on a slow machine.
- ``fast``: ``ci`` with 10 examples (still deterministic), for ``make test-fast``.
- ``dev``: 30 random examples, for a fast edit-test loop.
- ``thorough``: 2000 random examples, for hunting edge cases by hand.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("fast", parent=settings.get_profile("ci"), max_examples=10)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# ---------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------

#: A non-negative weight: exact zeros are common, tiny and ordinary values too.
weights = st.one_of(
    st.just(0.0),
    st.floats(min_value=1e-12, max_value=1.0),
    st.floats(min_value=0.0, max_value=1.0, allow_subnormal=False),
)

#: A strictly positive weight (no zeros), for cases where zeros make a result infinite.
positive_weights = st.floats(min_value=1e-6, max_value=1.0)


def _normalize(w):
    w = np.asarray(w, dtype=np.float64)
    return w / w.sum()


@st.composite
def prob_vectors(draw, min_size=1, max_size=8, size=None, positive=False):
    """A probability vector: non-negative weights (zeros included) normalized."""
    elements = positive_weights if positive else weights
    n = size if size is not None else draw(st.integers(min_size, max_size))
    w = draw(st.lists(elements, min_size=n, max_size=n).filter(lambda xs: sum(xs) > 0))
    return _normalize(w)


@st.composite
def prob_pairs(draw, min_size=1, max_size=8, q_positive=False):
    """Two probability vectors over the same outcomes."""
    n = draw(st.integers(min_size, max_size))
    p = draw(prob_vectors(size=n))
    q = draw(prob_vectors(size=n, positive=q_positive))
    return p, q


@st.composite
def prob_batches(draw, max_rows=5, max_size=6, positive=False):
    """A 2-D array whose rows are probability vectors (a batch)."""
    rows = draw(st.integers(1, max_rows))
    n = draw(st.integers(1, max_size))
    return np.stack([draw(prob_vectors(size=n, positive=positive)) for _ in range(rows)])


@st.composite
def joint_tables(draw, max_x=5, max_y=5):
    """A joint probability table ``joint[x, y]`` (zeros included) summing to 1."""
    nx = draw(st.integers(1, max_x))
    ny = draw(st.integers(1, max_y))
    flat = draw(prob_vectors(size=nx * ny))
    return flat.reshape(nx, ny)


#: Finite logits of ordinary and large magnitude.
logits_values = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)


@st.composite
def logit_rows(draw, max_rows=4, max_classes=6):
    rows = draw(st.integers(1, max_rows))
    classes = draw(st.integers(1, max_classes))
    values = draw(st.lists(logits_values, min_size=rows * classes, max_size=rows * classes))
    return np.asarray(values, dtype=np.float64).reshape(rows, classes)


# ---------------------------------------------------------------------------
# ``from conftest import ...`` in this directory always means this file
# ---------------------------------------------------------------------------

_THIS_MODULE = sys.modules[__name__]
_HERE = Path(__file__).resolve().parent


def pytest_collectstart(collector):
    path = getattr(collector, "path", None)
    if isinstance(collector, pytest.Module) and path is not None and Path(path).resolve().parent == _HERE:
        sys.modules["conftest"] = _THIS_MODULE


# ---------------------------------------------------------------------------
# Voila is an extra of its own (classroom mode): where it is not installed
# (the oldest-versions environment, requirements/oldest.txt), its tests skip
# ---------------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    if importlib.util.find_spec("voila") is not None:
        return
    skip = pytest.mark.skip(
        reason="voila is not installed in this environment (classroom mode is the "
        "`present` extra; requirements/oldest.txt leaves it out)"
    )
    for item in items:
        if "voila_server" in getattr(item, "fixturenames", ()):
            item.add_marker(skip)
