"""Shared test configuration: hypothesis profiles, and skipping Voilà's tests where it is absent.

The hypothesis strategies live in :mod:`tests.helpers.strategies`
(``from tests.helpers.strategies import prob_vectors``).

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

import pytest
from hypothesis import HealthCheck, settings

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
