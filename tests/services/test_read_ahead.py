"""Reading ahead of the writer: results in order, in a worker process or in the caller;
a worker that holds nothing of its parent's and never outlives it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from tests.reliability.processes import children_of, read_process

from mutualscope.services.read_ahead import WORKER_CODE, ReadAhead

#: Long enough for a fresh interpreter to start on a busy machine.
TAKEOVER_SECONDS = 60


def square_with_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def fail_on_three(number: int) -> int:
    if number == 3:
        raise ValueError("three is not allowed")
    return number


def fail_in_worker(number: int) -> int:
    if os.getpid() != int(os.environ["READ_AHEAD_TEST_PARENT"]):
        raise ValueError(f"{number} refused by the worker")
    return number


def slow_until_worker(results: Iterator[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Consume slowly while the caller prepares items itself, so that the worker has time
    to start and take over; fail if it never does."""
    deadline = time.monotonic() + TAKEOVER_SECONDS
    taken_over = False
    for value, pid in results:
        yield value, pid
        taken_over = taken_over or pid != os.getpid()
        if not taken_over:
            assert time.monotonic() < deadline, "the worker never took over"
            time.sleep(0.02)


def test_read_ahead_results_in_order_the_worker_taking_over() -> None:
    """The caller prepares items until the worker is ready; from then on the worker does,
    and the results come in item order throughout."""
    items = list(range(5000))
    with ReadAhead(items, square_with_pid, depth=3, min_items=5) as results:
        got = []
        for value, pid in slow_until_worker(results):
            got.append((value, pid))
            if pid != os.getpid() and len(got) > 50 and got[-50][1] != os.getpid():
                break
    assert [value for value, _ in got] == [n * n for n in range(len(got))]
    pids = [pid for _, pid in got]
    first_worker = next(i for i, pid in enumerate(pids) if pid != os.getpid())
    assert set(pids[:first_worker]) == {os.getpid()}
    assert len(set(pids[first_worker:])) == 1  # one worker, never the caller again


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


def test_read_ahead_an_error_in_the_worker_reaches_the_consumer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("READ_AHEAD_TEST_PARENT", str(os.getpid()))
    seen: list[int] = []
    deadline = time.monotonic() + TAKEOVER_SECONDS
    with (
        pytest.raises(ValueError, match=r"^(\d+) refused by the worker$") as raised,
        ReadAhead(list(range(100_000)), fail_in_worker, min_items=1) as results,
    ):
        for value in results:
            seen.append(value)
            assert time.monotonic() < deadline, "the worker never took over"
            time.sleep(0.01)
    assert seen == list(range(len(seen)))
    assert str(raised.value) == f"{len(seen)} refused by the worker"


def test_read_ahead_stopping_early_leaves_no_worker_behind() -> None:
    with ReadAhead(list(range(5000)), square_with_pid, depth=2, min_items=1) as results:
        worker = next(pid for _, pid in slow_until_worker(results) if pid != os.getpid())
    assert read_process(worker) is None


def test_read_ahead_stop_ends_the_results_while_waiting() -> None:
    asked = threading.Event()
    with ReadAhead(list(range(5000)), square_with_pid, min_items=1, stop=asked.is_set) as results:
        got = []
        for value, pid in slow_until_worker(results):
            got.append(value)
            if pid != os.getpid():
                asked.set()
    # Asked to stop at the worker's first answer: that answer is the last.
    assert got == [n * n for n in range(len(got))]
    assert len(got) < 5000


def test_read_ahead_a_killed_worker_leaves_the_rest_to_the_caller() -> None:
    items = list(range(3000))
    with ReadAhead(items, square_with_pid, depth=4, min_items=1) as results:
        got = []
        for value, pid in slow_until_worker(results):
            got.append((value, pid))
            if pid != os.getpid() and len({p for _, p in got}) == 2:
                os.kill(pid, signal.SIGKILL)
    assert [value for value, _ in got] == [n * n for n in items]
    assert got[-1][1] == os.getpid()


def test_read_ahead_from_a_server_thread() -> None:
    """A web server reads ahead from one of its threads."""
    got: list[int] = []

    def consume() -> None:
        with ReadAhead(list(range(-10, 0)), abs, min_items=1) as results:
            got.extend(results)

    thread = threading.Thread(target=consume)
    thread.start()
    thread.join(timeout=120)
    assert got == list(range(10, 0, -1))


def test_read_ahead_worker_holds_no_database_connection(session: Session, db_url: str) -> None:
    """With a project open (and, on PostgreSQL, a connection to the server), the worker
    has only its standard streams and its two pipes: no socket, no project file."""
    session.connection()  # a real connection, as the writer holds during an import
    with ReadAhead(list(range(5000)), square_with_pid, min_items=1) as results:
        worker = next(pid for _, pid in slow_until_worker(results) if pid != os.getpid())
        fds = {fd.name: os.readlink(fd) for fd in Path(f"/proc/{worker}/fd").iterdir()}
    assert not [target for target in fds.values() if target.startswith("socket:")], fds
    assert not [target for target in fds.values() if db_url in target], fds
    beyond_standard = [target for fd, target in fds.items() if int(fd) > 2]
    assert len(beyond_standard) == 2 and all(t.startswith("pipe:") for t in beyond_standard)


def start_worker_by_hand() -> tuple[subprocess.Popen[bytes], Connection, Connection]:
    jobs_in, jobs_out = os.pipe()
    results_in, results_out = os.pipe()
    process = subprocess.Popen(
        [sys.executable, "-c", WORKER_CODE, str(jobs_in), str(results_out), str(os.getpid())],
        pass_fds=(jobs_in, results_out),
    )
    os.close(jobs_in)
    os.close(results_out)
    return process, Connection(jobs_out, readable=False), Connection(results_in, writable=False)


def test_read_ahead_worker_exits_at_the_end_of_its_input() -> None:
    """The portable way a worker learns its parent is gone: its input pipe ends."""
    process, jobs, results = start_worker_by_hand()
    try:
        jobs.send(sys.path)
        jobs.send(square_with_pid)
        assert results.recv() == (True, None)
        jobs.send(7)
        assert results.recv() == (True, (49, process.pid))
        jobs.close()
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
        results.close()


PARENT = """
import sys, time
sys.path[:0] = {path!r}
from mutualscope.services.read_ahead import ReadAhead
from tests.services.test_read_ahead import square_with_pid
with ReadAhead(list(range(100000)), square_with_pid, min_items=1) as results:
    for value, pid in results:
        if pid != {me}:
            print(pid, flush=True)
            time.sleep(3600)
        time.sleep(0.02)
"""


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_read_ahead_worker_ends_when_its_parent_is_killed(how: signal.Signals) -> None:
    """A writer killed mid-way takes its worker with it (the parent-death signal; the end
    of the worker's input otherwise), instead of leaving it running for good."""
    code = PARENT.format(path=sys.path, me="__import__('os').getpid()")
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        worker = int(parent.stdout.readline())
        assert [p.pid for p in children_of(parent.pid)] == [worker]
        parent.send_signal(how)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 5
        while read_process(worker) is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert read_process(worker) is None
    finally:
        parent.kill()
        parent.communicate()


def test_read_ahead_a_prepare_that_cannot_be_passed_leaves_no_worker() -> None:
    """A worker is handed ``prepare`` by reference: a local function cannot be, and the
    worker started for it is ended before the error reaches the caller."""

    def local(number: int) -> int:
        return number

    before = {p.pid for p in children_of(os.getpid())}
    with pytest.raises(AttributeError, match="local"), ReadAhead(list(range(9)), local) as results:
        list(results)
    assert {p.pid for p in children_of(os.getpid())} == before
