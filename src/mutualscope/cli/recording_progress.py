"""Progress of a recording being transcribed, on standard error, with the time left.

On a terminal one line is redrawn in place; otherwise a line is written at each tenth of
each stage, so a log shows the job moving without filling up.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from mutualscope.cli.lazy import lazy_callable

if TYPE_CHECKING:
    from mutualscope.io.recordings.audio import clock
else:
    clock = lazy_callable("mutualscope.io.recordings.audio", "clock")

STAGES = {
    "decoding": "Decoding",
    "transcribing": "Transcribing",
    "speakers": "Finding speakers in",
}
#: Seconds between two redraws of the line on a terminal.
REDRAW_SECONDS = 0.5


class TranscriptionStopped(Exception):
    """Raised from the progress report when the user asked to stop (Ctrl-C, SIGTERM)."""


class RecordingProgress:
    """``progress(name, stage, done, total)`` for
    :func:`mutualscope.services.recordings.reporting`."""

    def __init__(self, should_stop: Callable[[], bool], stream: TextIO | None = None) -> None:
        self._stop = should_stop
        self._stream = stream or sys.stderr
        self._tty = self._stream.isatty()
        self._stage = ""
        self._started = 0.0
        self._drawn = 0.0
        self._tenth = -1

    def __call__(self, name: str, stage: str, done: float, total: float) -> None:
        if self._stop():
            raise TranscriptionStopped("stopped on request")
        now = time.monotonic()
        if stage != self._stage:
            self._end_line()
            self._stage, self._started, self._tenth = stage, now, -1
        share = done / total if total else 1.0
        line = f"{STAGES.get(stage, stage)} {name}: {clock(done)} of {clock(total)}"
        line += f" ({share:.0%})"
        elapsed = now - self._started
        if 0.02 < share < 1 and elapsed > 1:
            line += f", about {_duration(elapsed / share - elapsed)} left"
        if self._tty:
            if now - self._drawn >= REDRAW_SECONDS or share >= 1:
                self._stream.write("\r" + line.ljust(79))
                self._stream.flush()
                self._drawn = now
        elif int(share * 10) > self._tenth:
            self._tenth = int(share * 10)
            self._stream.write(line + "\n")
            self._stream.flush()

    def _end_line(self) -> None:
        if self._tty and self._stage:
            self._stream.write("\n")

    def finish(self) -> None:
        self._end_line()
        self._stage = ""


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(1, round(seconds))} s"
    return f"{round(seconds / 60)} min"
