"""The download progress display on stderr (only large downloads report; see `http.LARGE`).

On a terminal one line is redrawn in place, at most ten times a second; in a log (CI) a line is
printed at each quarter, so the log shows progress without thousands of lines.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

MB = 1 << 20


class DownloadDisplay:
    def __init__(self, stream: TextIO | None = None):
        self._stream = stream or sys.stderr  # looked up now: tests and callers may have replaced it
        self._tty = self._stream.isatty()
        self._last_draw = 0.0
        self._last_quarter = -1

    def __call__(self, name: str, received: int, total: int | None) -> None:
        done = total is not None and received >= total
        if self._tty:
            now = time.monotonic()
            if done or now - self._last_draw >= 0.1:
                self._last_draw = now
                self._stream.write(f"\raviato-docs: downloading {name}: {_amount(received, total)}"
                                   + ("\n" if done else ""))
                self._stream.flush()
            return
        quarter = min(4, received * 4 // total) if total else -1
        if quarter > self._last_quarter:
            self._last_quarter = quarter
            print(f"aviato-docs: downloading {name}: {_amount(received, total)}", file=self._stream,
                  flush=True)
        if done:
            self._last_quarter = -1


def _amount(received: int, total: int | None) -> str:
    if not total:
        return f"{received / MB:.1f} MB"
    return f"{received / MB:.1f} of {total / MB:.1f} MB ({min(100, received * 100 // total)}%)"
