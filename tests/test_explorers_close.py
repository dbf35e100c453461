"""``Explorer.close()`` frees every widget the explorer created (issue 14).

ipywidgets keeps every widget in a registry until it is closed, including
the ``Layout`` and ``Style`` widgets each control owns; an explorer that
leaves any behind grows the kernel with every re-run cell.
"""

from __future__ import annotations

import warnings

import ipywidgets.widgets.widget as widget_module
import matplotlib
import pytest

matplotlib.use("Agg")

from infotheory_lib import explorers  # noqa: E402  (after the backend is chosen)

ENTRIES = {entry.id: entry for entry in explorers.registered()}


def _registry_size() -> int:
    # ipywidgets 8 keeps the registry in widget._instances (Widget.widgets is deprecated)
    return len(widget_module._instances)


def _build(entry):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return entry.build()


@pytest.mark.slow  # two builds of every registered explorer
@pytest.mark.parametrize("explorer_id", list(ENTRIES))
def test_close_returns_the_widget_registry_to_its_size_before_creation(explorer_id):
    entry = ENTRIES[explorer_id]
    _build(entry).close()  # first build: anything created once per process (not per explorer)
    before = _registry_size()
    explorer = _build(entry)
    assert _registry_size() > before  # the test can see what an explorer creates
    explorer.close()
    assert _registry_size() == before


def test_create_close_cycles_do_not_grow_the_registry():
    entry = ENTRIES[next(iter(ENTRIES))]
    _build(entry).close()
    before = _registry_size()
    for _ in range(3):
        _build(entry).close()
    assert _registry_size() == before


def test_close_twice_and_close_of_a_figure_only_explorer_do_nothing_more():
    entry = ENTRIES[next(iter(ENTRIES))]
    explorer = _build(entry)
    explorer.close()
    size = _registry_size()
    explorer.close()
    assert _registry_size() == size
    with explorers.figure_only():
        still = entry.build()
    still.close()
    assert _registry_size() == size
