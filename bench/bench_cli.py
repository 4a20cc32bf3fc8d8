"""How long the command line takes to start: every `mutualscope` command pays it.

The median wall time of fresh processes running ``mutualscope --help`` (the whole
command group loaded, nothing done) and ``import mutualscope`` (the package alone).
No issue states a target; the figure explains what short commands cost.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.measure import result

RUNS = {"small": 1, "medium": 5, "large": 5}
ISSUE = 2
COMMANDS = {
    "mutualscope --help": "from mutualscope.cli.main import main; main(['--help'])",
    "import mutualscope": "import mutualscope",
}


def startup_seconds(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(scale: str, workdir: Path) -> list[dict[str, Any]]:
    runs = RUNS[scale]
    return [
        result(f"cli start-up: {name}", "seconds (median)", startup_seconds(code, runs), "s",
               issue=ISSUE, note=f"median of {runs} fresh processes")
        for name, code in COMMANDS.items()
    ]  # fmt: skip
