"""Running mutualscope as a user does: the installed command, in a process of its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

#: Seconds a command may take before a trial counts it as hung.
RERUN_SECONDS = 180


def command_line(location: str, *args: str) -> list[str]:
    """``mutualscope --db LOCATION ARGS``, the installed command beside this interpreter."""
    return [str(Path(sys.executable).with_name("mutualscope")), "--db", location, *args]


def run_command(
    location: str, *args: str, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command_line(location, *args), input=input, capture_output=True, text=True,
        timeout=RERUN_SECONDS,
    )  # fmt: skip
