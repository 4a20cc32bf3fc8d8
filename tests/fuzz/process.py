"""Running one ``mutualscope`` command in a process of its own, timed and measured.

The command runs as a real process so that everything a user would see is observable: a
traceback, a crash by signal, the time taken and the peak memory (the command's maximum
resident set size, from ``wait4``). An address-space limit keeps a runaway input from
taking the machine's memory while the harness runs; the 1 GB target is checked on the
measured peak, well below it.

The command is started by a small launcher process, which sets the limits, runs it and
reports its exit code and peak memory. Linux counts in a process's peak the memory of the
process it was forked from, so a command forked straight from the test process (which
may hold a gigabyte after the tests before it) would be charged with the test's memory;
forked from the launcher, it is charged with a few megabytes at most.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
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


#: Sets the limits, runs the command, and writes its exit code and peak memory (KiB).
LAUNCHER = """
import os, resource, subprocess, sys
address_space, file_size, report = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
if file_size >= 0:
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
command = subprocess.Popen(sys.argv[4:])
_, status, usage = os.wait4(command.pid, 0)
with open(report, "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
"""


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
    environment = dict(os.environ if env is None else env)
    environment["COLUMNS"] = "200"
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as scratch,
    ):
        report = Path(scratch) / "report"
        limits = (str(address_space), str(-1 if file_size is None else file_size), str(report))
        start = time.perf_counter()
        process = subprocess.Popen(
            (sys.executable, "-c", LAUNCHER, *limits, str(MUTUALSCOPE), "--db", db, *args),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=cwd,
            env=environment,
            start_new_session=True,  # the launcher and the command: one group to kill
        )
        killer = threading.Timer(timeout, _kill_group, (process.pid,))
        killer.start()
        try:
            launcher = process.wait()
        finally:
            killer.cancel()
        seconds = time.perf_counter() - start
        stdout, stderr = _head(out), _head(err)
        if report.exists():
            code, peak_kib = (int(part) for part in report.read_text().split())
        else:  # the launcher itself was killed (a time-out): the command with it
            code, peak_kib = launcher, 0
    return Run(tuple(args), code, stdout, stderr, seconds, peak_kib / 1024, seconds >= timeout)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def _head(handle: IO[bytes], limit: int = OUTPUT_LIMIT) -> str:
    handle.seek(0)
    return handle.read(limit).decode("utf-8", "replace")
