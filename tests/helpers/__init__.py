"""Helpers shared by the tests, the benchmarks and the tools (import as ``tests.helpers.X``).

- :mod:`tests.helpers.strategies`: hypothesis strategies (probability vectors,
  joint tables, logits);
- :mod:`tests.helpers.servers`: JupyterLab/Voilà servers and Chromium driving,
  used by ``tests/browser``, ``benchmarks/browser_latency.py`` and
  ``tools/readme_images.py``.

Scripts that import them run as modules from the repository root
(``python -m tools.readme_images``), where ``tests`` is importable as it is:
no import path is edited anywhere.
"""
