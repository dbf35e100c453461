"""A tiny progress bar (no tqdm dependency).

In a notebook kernel the bar is one display output updated in place
(``display_id``), so the stored notebook keeps only its final state, which
has no timings: re-executing an unchanged notebook gives the same output.
Elsewhere it is one text line rewritten with ``\\r``.
"""

from __future__ import annotations

import sys
import time


def _in_kernel() -> bool:
    """True inside an IPython kernel (a notebook), where display updates work."""
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    ip = shell.get_ipython()
    return ip is not None and hasattr(ip, "kernel")


class ProgressBar:
    """A one-line progress bar for long training runs.

    Parameters
    ----------
    total : int
        Number of steps.
    label : str
        Written before the bar.
    delay : float, default 0.0
        Seconds to wait before the bar first appears while running. In text
        mode a run that finishes sooner prints nothing (``delay=2`` shows a
        bar only for slow runs). In a notebook the final state is always
        shown, so that the stored output does not depend on the machine's
        speed.
    stream : file-like, optional
        Write text lines here instead. By default: a display output updated in
        place inside a notebook kernel, ``sys.stdout`` elsewhere.
    width : int, default 30
        Characters of the bar.
    """

    def __init__(self, total, label="training", *, delay=0.0, stream=None, width=30):
        self.total = max(int(total), 1)
        self.label = label
        self.delay = float(delay)
        self._display = stream is None and _in_kernel()
        self.stream = sys.stdout if stream is None else stream
        self.width = int(width)
        self.count = 0
        self._start = time.perf_counter()
        self._last = -1.0
        self._shown = False
        self._handle = None

    def _line(self, elapsed, info):
        filled = round(self.width * self.count / self.total)
        bar = "#" * filled + "." * (self.width - filled)
        timing = f" {elapsed:.1f}s" if elapsed is not None else ""
        extra = f" {info}" if info else ""
        return f"{self.label} [{bar}] {self.count}/{self.total}{timing}{extra}"

    def update(self, n=1, *, info=""):
        """Advance by ``n`` steps; redraw at most ten times a second (and at the end)."""
        self.count = min(self.count + n, self.total)
        now = time.perf_counter()
        elapsed = now - self._start
        done = self.count == self.total
        if self._display:
            if done:  # the stored final state: no timing, so it is reproducible
                self._show(self._line(None, info))
            elif elapsed >= self.delay and now - self._last >= 0.1:
                self._last = now
                self._show(self._line(elapsed, info))
            return
        if elapsed < self.delay and not (done and self._shown):
            return
        if not done and now - self._last < 0.1:
            return
        self._last = now
        self.stream.write("\r" + self._line(elapsed, info))
        self.stream.flush()
        self._shown = True

    def _show(self, text):
        from IPython.display import display  # only reached inside a kernel

        bundle = {"text/plain": text}
        if self._handle is None:
            self._handle = display(bundle, raw=True, display_id=True)
        else:
            self._handle.update(bundle, raw=True)
        self._shown = True

    def close(self):
        """End the line if anything was written (text mode)."""
        if self._shown and not self._display:
            self.stream.write("\n")
            self.stream.flush()
