"""Progress of ``assist index`` on standard error: one line redrawn in place on a
terminal, a line at each tenth otherwise (a log shows the job moving without filling up)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

REDRAW_SECONDS = 0.5


class EmbeddingProgress:
    """``progress(done, total)`` for :func:`mutualscope.services.assist.indexing.index_passages`."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stderr
        self._tty = self._stream.isatty()
        self._started = time.monotonic()
        self._drawn = 0.0
        self._tenth = -1
        self._open = False

    def __call__(self, done: int, total: int) -> None:
        if not total:
            return
        now = time.monotonic()
        share = done / total
        line = f"Embedding passages: {done:,} of {total:,} ({share:.0%})"
        elapsed = now - self._started
        if 0.02 < share < 1 and elapsed > 1:
            left = elapsed / share - elapsed
            line += f", about {left / 60:.0f} min left" if left >= 90 else f", {left:.0f} s left"
        if self._tty:
            if now - self._drawn >= REDRAW_SECONDS or done >= total:
                self._stream.write("\r" + line.ljust(79))
                self._stream.flush()
                self._drawn = now
                self._open = True
            if done >= total:
                self.finish()
        elif int(share * 10) > self._tenth:
            self._tenth = int(share * 10)
            self._stream.write(line + "\n")
            self._stream.flush()

    def finish(self) -> None:
        if self._open:
            self._stream.write("\n")
            self._stream.flush()
            self._open = False
