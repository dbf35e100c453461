"""Hypothesis strategies shared by the property tests: ``from tests.helpers.strategies import ...``.

Probability vectors (zeros included), pairs and batches of them, joint
tables, and logits of ordinary and large magnitude. The profiles (how many
examples) are set in ``tests/conftest.py``.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

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
