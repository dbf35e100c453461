"""A tiny text progress bar (no tqdm dependency): one line, rewritten in place with ``\\r``."""

from __future__ import annotations

import sys
import time


class ProgressBar:
    """A one-line text progress bar for long training runs.

    Parameters
    ----------
    total : int
        Number of steps.
    label : str
        Written before the bar.
    delay : float, default 0.0
        Seconds to wait before the bar first appears: a run that finishes
        sooner prints nothing (``delay=2`` shows a bar only for slow runs).
    stream : file-like, default sys.stdout
        Where to write (stdout, so a notebook shows no error-coloured output).
    """

    def __init__(self, total, label="training", *, delay=0.0, stream=None, width=30):
        self.total = max(int(total), 1)
        self.label = label
        self.delay = float(delay)
        self.stream = sys.stdout if stream is None else stream
        self.width = int(width)
        self.count = 0
        self._start = time.perf_counter()
        self._last = -1.0
        self._shown = False

    def update(self, n=1, *, info=""):
        """Advance by ``n`` steps; redraw at most ten times a second (and at the end)."""
        self.count = min(self.count + n, self.total)
        now = time.perf_counter()
        elapsed = now - self._start
        done = self.count == self.total
        if elapsed < self.delay and not (done and self._shown):
            return
        if not done and now - self._last < 0.1:
            return
        self._last = now
        filled = round(self.width * self.count / self.total)
        bar = "#" * filled + "." * (self.width - filled)
        extra = f" {info}" if info else ""
        self.stream.write(f"\r{self.label} [{bar}] {self.count}/{self.total} {elapsed:.1f}s{extra}")
        self.stream.flush()
        self._shown = True

    def close(self):
        """End the line if anything was written."""
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
