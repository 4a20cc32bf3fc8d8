"""Processes as Linux's /proc shows them: who is in a process group, who is whose child.

Crash tests start mutualscope in a session of its own (``start_new_session=True``), so
the command and everything it started share one process group, and a worker left behind
after the command is killed is found by that group even once it has a new parent.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class ProcessInfo:
    pid: int
    ppid: int
    pgrp: int
    state: str
    command: str


def read_process(pid: int) -> ProcessInfo | None:
    """A process's parent, group and state, or None once it is gone."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
        command = (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return None
    # The command name in brackets may hold spaces and brackets itself.
    fields = stat.rsplit(")", 1)[1].split()
    return ProcessInfo(pid, int(fields[1]), int(fields[2]), fields[0], command.strip())


def list_processes() -> list[ProcessInfo]:
    found = (read_process(int(p.name)) for p in PROC.iterdir() if p.name.isdigit())
    return [info for info in found if info is not None]


def live_group_members(pgrp: int) -> list[ProcessInfo]:
    """Processes of a group that still run (zombies, waiting to be reaped, do not count)."""
    return [p for p in list_processes() if p.pgrp == pgrp and p.state != "Z"]


def children_of(pid: int) -> list[ProcessInfo]:
    return [p for p in list_processes() if p.ppid == pid and p.state != "Z"]


def wait_for_children(pid: int, timeout: float) -> list[ProcessInfo]:
    """The children of ``pid`` once it has some, or [] after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = children_of(pid)
        if found:
            return found
        time.sleep(0.01)
    return []


def wait_group_gone(pgrp: int, timeout: float) -> list[ProcessInfo]:
    """Wait until no process of the group runs; returns those still running at ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        left = live_group_members(pgrp)
        if not left or time.monotonic() >= deadline:
            return left
        time.sleep(0.05)


def kill_group(pgrp: int) -> None:
    """Kill what is left of a group, so that a failed test leaves nothing running."""
    for info in live_group_members(pgrp):
        with contextlib.suppress(ProcessLookupError):
            os.kill(info.pid, signal.SIGKILL)
