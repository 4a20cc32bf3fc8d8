"""Reading ahead of the writer: results in order, in a worker process or in the caller."""

from __future__ import annotations

import os
import threading

import pytest

from mutualscope.services.read_ahead import ReadAhead


def square_with_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def fail_on_three(number: int) -> int:
    if number == 3:
        raise ValueError("three is not allowed")
    return number


def test_read_ahead_many_items_run_in_a_worker_process_in_order() -> None:
    with ReadAhead(list(range(20)), square_with_pid, depth=3, min_items=5) as results:
        got = list(results)
    assert [value for value, _ in got] == [n * n for n in range(20)]
    assert {pid for _, pid in got} != {os.getpid()}


def test_read_ahead_few_items_run_in_the_caller() -> None:
    with ReadAhead([1, 2, 3], square_with_pid, min_items=5) as results:
        got = list(results)
    assert got == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


@pytest.mark.parametrize("min_items", [1, 100])
def test_read_ahead_an_error_in_prepare_reaches_the_consumer(min_items: int) -> None:
    seen: list[int] = []
    with (
        pytest.raises(ValueError, match="three is not allowed"),
        ReadAhead(list(range(10)), fail_on_three, min_items=min_items) as results,
    ):
        seen.extend(results)
    assert seen == [0, 1, 2]


def test_read_ahead_stopping_early_leaves_no_worker_behind() -> None:
    with ReadAhead(list(range(50)), square_with_pid, depth=2, min_items=1) as results:
        value, worker = next(results)
    assert value == 0 and worker != os.getpid()
    with pytest.raises(ProcessLookupError):
        os.kill(worker, 0)


def test_read_ahead_spawned_worker_for_servers_with_threads() -> None:
    """A server with threads running asks for a fresh interpreter rather than a fork; its
    ``prepare`` is then found by import (a builtin here)."""
    got: list[int] = []

    def consume() -> None:
        reader = ReadAhead(list(range(-10, 0)), abs, min_items=1, start_method="spawn")
        with reader as results:
            got.extend(results)

    thread = threading.Thread(target=consume)
    thread.start()
    thread.join(timeout=120)
    assert got == list(range(10, 0, -1))
