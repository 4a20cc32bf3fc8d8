"""Ctrl-C and SIGTERM during long work: the first asks to stop, a second stops at once."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from mutualscope.cli.interrupts import stop_on_signals


@pytest.mark.parametrize(
    ("number", "name", "code"),
    [(signal.SIGINT, "Ctrl-C", 130), (signal.SIGTERM, "SIGTERM", 143)],
)
def test_stop_on_signals_first_asks_second_stops_at_once(
    number: signal.Signals, name: str, code: int
) -> None:
    before = signal.getsignal(number)
    with stop_on_signals() as stop:
        assert not stop()
        os.kill(os.getpid(), number)
        assert stop() and stop.name == name and stop.exit_code == code
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), number)
    assert signal.getsignal(number) is before


def test_stop_on_signals_outside_the_main_thread_never_asks() -> None:
    seen: list[bool] = []

    def work() -> None:
        with stop_on_signals() as stop:
            seen.append(stop())

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=30)
    assert seen == [False]
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
