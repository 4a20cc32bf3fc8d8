"""Ctrl-C and SIGTERM during long work: the first asks the work to stop at a safe point,
a second stops it at once.

Python's default turns Ctrl-C into an exception wherever the program happens to be, and
SIGTERM ends the process on the spot. A command that writes many files instead installs
:func:`stop_on_signals` and passes the request to the service, which checks it between
two files, commits what is whole and returns; the command then says what was kept.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopRequest:
    """Callable: true once a signal asked the work to stop."""

    def __init__(self) -> None:
        self.signal: int | None = None

    def __call__(self) -> bool:
        return self.signal is not None

    @property
    def name(self) -> str:
        if self.signal == signal.SIGINT:
            return "Ctrl-C"
        return signal.Signals(self.signal).name if self.signal is not None else ""

    @property
    def exit_code(self) -> int:
        """The shell's code for a process ended by the signal (130 for Ctrl-C)."""
        return 128 + (self.signal or 0)


@contextmanager
def stop_on_signals() -> Iterator[StopRequest]:
    """Within the block, the first SIGINT or SIGTERM sets the request; a second raises
    KeyboardInterrupt. Outside the main thread (where Python cannot take signals) the
    request is never set."""
    request = StopRequest()

    def handle(signum: int, _frame: FrameType | None) -> None:
        if request.signal is not None:
            raise KeyboardInterrupt
        request.signal = signum

    previous = {}
    try:
        for number in SIGNALS:
            previous[number] = signal.signal(number, handle)
    except ValueError:  # not the main thread
        pass
    try:
        yield request
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
