"""Browser tests: JupyterLab, Voilà and the static site in headless Chromium."""
