"""Running one ``mutualscope`` command in a process of its own, timed and measured.

The command runs as a real process so that everything a user would see is observable: a
traceback, a crash by signal, the time taken and the peak memory (the child's maximum
resident set size, from ``wait4``). An address-space limit keeps a runaway input from
taking the machine's memory while the harness runs; the 1 GB target is checked on the
measured peak, well below it.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

MUTUALSCOPE = Path(sys.executable).with_name("mutualscope")
TIMEOUT = 60.0
#: What a run may reserve: far above the 1 GB of resident memory checked, below harm.
ADDRESS_SPACE = 6 * 1024**3
#: Output kept of each run (a runaway message is itself a failure, seen in its head).
OUTPUT_LIMIT = 1 << 20


@dataclass(frozen=True)
class Run:
    """How one command ended: exit code (negative: killed by that signal), output, time."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float
    timed_out: bool


def _limits(address_space: int, file_size: int | None) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if file_size is not None:  # no file may grow past it: a full disk, for this process
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return apply


def run_mutualscope(
    db: str,
    *args: str,
    timeout: float = TIMEOUT,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    address_space: int = ADDRESS_SPACE,
    file_size: int | None = None,
) -> Run:
    """``mutualscope --db DB ARGS...`` with its output, wall time and peak RSS; with
    ``file_size``, writing a file past that size fails as on a full disk."""
    command = (str(MUTUALSCOPE), "--db", db, *args)
    environment = dict(os.environ if env is None else env)
    environment["COLUMNS"] = "200"
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=cwd,
            env=environment,
            preexec_fn=_limits(address_space, file_size),
            start_new_session=True,
        )
        killer = threading.Timer(timeout, _kill_group, (process.pid,))
        killer.start()
        try:
            # wait4, not Popen.wait: it gives this child's own peak memory.
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout, stderr = _head(out), _head(err)
    return Run(
        tuple(args),
        process.returncode,
        stdout,
        stderr,
        seconds,
        usage.ru_maxrss / 1024,
        seconds >= timeout,
    )


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def _head(handle: IO[bytes], limit: int = OUTPUT_LIMIT) -> str:
    handle.seek(0)
    return handle.read(limit).decode("utf-8", "replace")
