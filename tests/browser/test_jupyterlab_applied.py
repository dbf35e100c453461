"""The applied notebooks (the others: tests/browser/test_jupyterlab.py) in a real JupyterLab,
in headless Chromium: run all cells on a fresh kernel, no error or stderr output, every explorer shows a
visible plot; a screenshot of its first explorer goes to test-artifacts/screenshots/NAME.png for a person
to look at. The explorers' sliders are driven in tests/browser/test_jupyterlab_explorers.py.
"""

from __future__ import annotations

import pytest

from tests.helpers import servers

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", servers.notebook_paths(applied=True), ids=lambda p: p.stem)
def test_notebook_runs_clean_and_shows_its_explorers(page, lab_server, screenshots_dir, path):
    servers.check_notebook_runs_clean(page, lab_server, screenshots_dir, path)
