"""The test suite. A package, so that shared helpers import as ``tests.helpers`` (no path edits)."""
