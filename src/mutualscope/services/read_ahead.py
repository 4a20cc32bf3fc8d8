"""Reading files ahead of the writer: a worker process prepares the next files while the
current one is written.

Preparing a transcript (parsing it, folding its words for the search index) is Python
work; writing it is mostly the database's work, in SQLite's C code or in the PostgreSQL
server. Overlapping the two uses both cores of a small machine instead of one after the
other. A worker *process*, not a thread: a thread busy parsing holds Python's global lock
for several milliseconds at a time, and the writer, waking from each of its many short
waits on the database, would wait that long again for the lock.

The worker is a fresh interpreter, never a fork: a forked worker inherited the writer's
open database connections, so when the writer was killed the PostgreSQL server still saw
the connection open (idle in a transaction, holding its row locks) and the SQLite file
stayed open. It gets two pipes and nothing else, and it ends when its parent does: on
Linux the kernel kills it (the parent-death signal); anywhere, it stops at the end of its
input pipe, which the parent's death closes. It never opens the database.

A fresh interpreter takes a moment to start, so the writer prepares files itself until
the worker says it is ready, then hands it the files ahead.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import subprocess
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from enum import Enum
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Files prepared ahead of the writer; more would hold more files in memory for no gain.
DEPTH = 4
#: Fewer files than this are prepared in the writer's own thread: starting a worker
#: costs more than it saves.
MIN_ITEMS = 8
#: How often a writer waiting for the worker asks whether it should stop.
POLL_SECONDS = 0.1
#: How long an idle worker may take to exit at the end of its input before it is killed.
EXIT_SECONDS = 5.0
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WORKER_CODE = "import sys; from mutualscope.services.read_ahead import serve; serve(sys.argv[1:])"


class _Stop(Enum):
    """Why no answer came from the worker."""

    STOPPED = "the consumer asked to stop"
    LOST = "the worker process is gone"


class ReadAhead(Generic[Item, Result]):
    """``prepare(item)`` for each item, in order, computed up to ``depth`` items ahead in
    a worker process (in the calling thread for fewer than ``min_items`` items).

    ``prepare`` must be a module-level function whose items and results can be pickled,
    and should turn an item's own failure into its result; anything it raises is raised
    again in the consumer. Items should be small (a path, not a file's contents): up to
    ``depth`` of them wait in a pipe. ``stop``, when given, is asked while waiting for
    the worker; once it returns true the results end early. Use as a context manager:
    leaving it ends the worker.
    """

    def __init__(
        self,
        items: Sequence[Item],
        prepare: Callable[[Item], Result],
        *,
        depth: int = DEPTH,
        min_items: int = MIN_ITEMS,
        stop: Callable[[], bool] | None = None,
    ) -> None:
        self._items = items
        self._prepare = prepare
        self._depth = depth
        self._stop = stop or (lambda: False)
        self._use_worker = len(items) >= min_items and os.name == "posix"
        self._worker: _Worker | None = None
        self._finished = False

    def __enter__(self) -> Iterator[Result]:
        if not self._use_worker:
            return (self._prepare(item) for item in self._items)
        self._worker = _Worker.start(self._prepare)
        return self._results(self._worker)

    def __exit__(self, *_exc: object) -> None:
        if self._worker is not None:
            self._worker.close(idle=self._finished)
            self._worker = None

    def _results(self, worker: _Worker) -> Iterator[Result]:
        """Items before the worker is ready are prepared here; from then on the worker
        prepares the items ahead and the results come back in order."""
        sent: deque[int] = deque()  # positions handed to the worker, oldest first
        following = 0  # the next position not yet handed over
        for position, item in enumerate(self._items):
            if worker.ready():
                following = max(following, position)
                while len(sent) < self._depth and following < len(self._items):
                    worker.send(self._items[following])
                    sent.append(following)
                    following += 1
            if sent and sent[0] == position:
                sent.popleft()
                answer = worker.receive(self._stop)
                if answer is _Stop.STOPPED:
                    return
                if answer is not _Stop.LOST:
                    ok, value = answer
                    if not ok:
                        raise value
                    yield value
                    continue
                sent.clear()  # the worker was killed: the rest is prepared here
            yield self._prepare(item)
        self._finished = True


class _Worker:
    """The parent's side of a worker process: its two pipes and its process."""

    def __init__(self, process: subprocess.Popen[bytes], jobs: Connection, results: Connection):
        self.process = process
        self.jobs = jobs
        self.results = results
        self._ready = False
        self._lost = False

    @classmethod
    def start(cls, prepare: Callable[[Any], Any]) -> _Worker:
        jobs_in, jobs_out = os.pipe()
        results_in, results_out = os.pipe()
        try:
            arguments = [str(jobs_in), str(results_out), str(os.getpid())]
            process = subprocess.Popen(
                [sys.executable, "-c", WORKER_CODE, *arguments],
                pass_fds=(jobs_in, results_out),
                stdin=subprocess.DEVNULL,
                # Its own process group: Ctrl-C in a terminal reaches the writer, which
                # decides what it means and ends the worker.
                process_group=0,
            )
        except BaseException:
            for fd in (jobs_in, jobs_out, results_in, results_out):
                os.close(fd)
            raise
        # Only the worker holds these ends now, so each side sees the other's end close.
        os.close(jobs_in)
        os.close(results_out)
        worker = cls(
            process, Connection(jobs_out, readable=False), Connection(results_in, writable=False)
        )
        try:
            worker.send(sys.path)
            worker.send(prepare)  # by reference: a function that cannot be pickled fails here
        except BaseException:
            worker.close(idle=False)
            raise
        return worker

    def send(self, message: object) -> None:
        try:
            self.jobs.send(message)
        except BrokenPipeError:  # the worker is gone; its answers will say so
            self._lost = True

    def ready(self) -> bool:
        """True once the worker has loaded ``prepare`` (it then answers each item sent),
        false again if it has since been killed."""
        if not self._ready and not self._lost and self.results.poll(0):
            answer = self._recv()
            if isinstance(answer, _Stop):  # lost
                return False
            ok, value = answer
            if not ok:
                raise value
            self._ready = True
        return self._ready and not self._lost

    def receive(self, stop: Callable[[], bool]) -> tuple[bool, Any] | _Stop:
        """The next answer; ``_Stop.STOPPED`` if ``stop`` turned true while waiting for it,
        ``_Stop.LOST`` if the worker is gone (killed from outside, out of memory)."""
        while not stop():
            if self.results.poll(POLL_SECONDS):
                return self._recv()
        return _Stop.STOPPED

    def _recv(self) -> tuple[bool, Any] | _Stop:
        try:
            answer: tuple[bool, Any] = self.results.recv()
        except EOFError:
            self._lost = True
            return _Stop.LOST
        return answer

    def close(self, *, idle: bool) -> None:
        """End the worker. An ``idle`` worker (every answer received) exits at the end of
        its input; one left with work in hand is killed: it holds nothing to save."""
        self.jobs.close()
        if not idle:
            self.process.kill()
        try:
            self.process.wait(EXIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.results.close()


def _end_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux), and exit now if
    the parent died before that was set up."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(0)


def _answer(results: Connection, ok: bool, value: object) -> None:
    try:
        results.send((ok, value))
    except (pickle.PicklingError, TypeError, AttributeError) as error:  # cannot be pickled
        results.send((False, RuntimeError(f"{value!r} cannot be passed back: {error}")))


def serve(argv: Sequence[str]) -> None:
    """The worker's main loop: ``argv`` is its input pipe, output pipe and parent pid.

    The parent sends its ``sys.path`` and the ``prepare`` function, then items; the
    worker answers ``(True, result)`` or ``(False, exception)`` for each, in order, and
    exits at the end of its input."""
    jobs_fd, results_fd, parent = (int(value) for value in argv)
    _end_with_parent(parent)
    # Ctrl-C in a terminal reaches the whole process group; the parent decides what an
    # interruption means, and closes this worker's input.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    jobs: Connection = Connection(jobs_fd, writable=False)
    results: Connection = Connection(results_fd, readable=False)
    try:
        sys.path[:] = jobs.recv()
        try:
            prepare = jobs.recv()
        except Exception as error:
            _answer(results, False, error)
            return
        _answer(results, True, None)
        while True:
            item = jobs.recv()
            try:
                _answer(results, True, prepare(item))
            except Exception as error:
                _answer(results, False, error)
    except (EOFError, BrokenPipeError):
        return
