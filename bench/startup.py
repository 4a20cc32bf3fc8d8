"""How long the command line takes to start and how much memory it takes (issue 18).

    python -m bench.startup [--runs 5] [--demo DIR] [--json PATH]

Every figure is of whole processes, as a person runs them: the ``mutualscope`` console
script started afresh, ``N`` times each, the median taken. Measured for ``--help``, the
``--help`` of every command and every subcommand, and four read commands on the demo
project (built first with ``mutualscope demo --no-serve`` unless ``--demo`` names one).
Targets: help under 0.3 s and 60 MB, a read command under 0.4 s.

Each run is waited for with ``wait4``, which gives the child's own CPU time (user +
system) and peak resident memory. The machine is shared with other work: the wall time
carries the others' load and the CPU time does not, so both are reported, with the load
average. Python's bytecode is cached in the work folder (one warm-up run per command), as
it is after an install; this checkout's environment otherwise turns the cache off.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from bench.measure import result
from bench.table import render_table
from mutualscope.cli.main import COMMANDS, main

ISSUE = 18
MUTUALSCOPE = Path(sys.executable).with_name("mutualscope")
HELP_SECONDS, HELP_MB, READ_SECONDS = 0.3, 60.0, 0.4
RUNS = {"small": 1, "medium": 5, "large": 5}
READS = (
    ("orgs", "stats", "--by", "region"),
    ("docs", "list"),
    ("codes", "list"),
    ("quotes", "Austerity"),
)


@dataclass(frozen=True)
class Startup:
    """Medians over the runs of one command line."""

    args: tuple[str, ...]
    wall_s: float
    cpu_s: float
    rss_mb: float


def environment(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    env.pop("MUTUALSCOPE_DB", None)
    return env


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak memory (MB) of one process."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            said = errors.read().decode(errors="replace")
            raise RuntimeError(f"{' '.join(command)} ended with {child.returncode}: {said}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(args: tuple[str, ...], env: dict[str, str], runs: int, *, program: str = "") -> Startup:
    command = [program or str(MUTUALSCOPE), *args]
    run_once(command, env)  # warm-up: writes the bytecode cache
    samples = [run_once(command, env) for _ in range(runs)]
    wall, cpu, rss = (statistics.median(column) for column in zip(*samples, strict=True))
    return Startup(args, wall, cpu, rss)


def help_commands(every_subcommand: bool) -> list[tuple[str, ...]]:
    """``--help`` of each command, and of each subcommand when ``every_subcommand``."""
    found: list[tuple[str, ...]] = []
    context = click.Context(main)
    for name in sorted(COMMANDS):
        command = main.get_command(context, name)
        found.append((name, "--help"))
        if every_subcommand and isinstance(command, click.Group):
            found += [(name, sub, "--help") for sub in sorted(command.commands)]
    return found


def build_demo(folder: Path, env: dict[str, str]) -> Path:
    subprocess.run(
        [str(MUTUALSCOPE), "demo", "--out", str(folder), "--no-serve"],
        env=env,
        check=True,
        capture_output=True,
    )
    return folder / "mutualscope.db"


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def startup_rows(name: str, found: Startup, seconds: float | None, mb: float | None,
                 note: str) -> list[dict[str, Any]]:  # fmt: skip
    """Wall time, CPU time and peak memory of one command line, against its targets."""
    return [
        result(f"cli start-up: {name}", "seconds (median wall)", found.wall_s, "s",
               issue=ISSUE, target=seconds, note=note),
        result(f"cli start-up: {name}", "cpu seconds (median user+sys)", found.cpu_s, "s",
               issue=ISSUE, target=seconds, note=note),
        result(f"cli start-up: {name}", "peak rss MB (median)", found.rss_mb, "MB",
               issue=ISSUE, target=mb, note=note),
    ]  # fmt: skip


def slowest(found: list[Startup]) -> Startup:
    """The worst of several commands on each figure (they need not be the same one)."""
    return Startup(
        ("slowest",),
        max(s.wall_s for s in found),
        max(s.cpu_s for s in found),
        max(s.rss_mb for s in found),
    )


def measure_all(
    workdir: Path, runs: int, demo: Path | None, *, every_subcommand: bool = True
) -> tuple[list[dict[str, Any]], list[Startup]]:
    env = environment(workdir)
    before = load()
    bare = measure(("-c", "pass"), env, runs, program=sys.executable)
    top = measure(("--help",), env, runs)
    helps = [measure(args, env, runs) for args in help_commands(every_subcommand)]
    database = demo or build_demo(workdir / "demo", env)
    reads = [measure(("--db", str(database), *args), env, runs) for args in READS]
    how = f"median of {runs} fresh processes; load average {before} to {load()}"
    worst = slowest(helps)
    heaviest = max(helps, key=lambda s: s.cpu_s)
    rows = startup_rows("python -c pass", bare, None, None, how)
    rows += startup_rows("mutualscope --help", top, HELP_SECONDS, HELP_MB, how)
    rows += startup_rows(
        f"every command's --help ({len(helps)}, the worst)", worst, HELP_SECONDS, HELP_MB,
        f"{how}; most CPU: {' '.join(heaviest.args)}",
    )  # fmt: skip
    for found in reads:
        name = " ".join(found.args[2:])
        rows += startup_rows(f"read on the demo: {name}", found, READ_SECONDS, None, how)
    return rows, [bare, top, *helps, *reads]


def run(scale: str, workdir: Path) -> list[dict[str, Any]]:
    """For bench/harness.py: the small scale measures each command's help but not each
    subcommand's, once."""
    rows, _ = measure_all(workdir, RUNS[scale], None, every_subcommand=scale != "small")
    return rows


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per command")
    parser.add_argument("--demo", type=Path, help="an existing demo project (mutualscope.db)")
    parser.add_argument("--json", type=Path, help="write the figures here as well")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mutualscope-startup-") as folder:
        rows, found = measure_all(Path(folder), options.runs, options.demo)
    print(render_table(rows))
    print("\nEach command line (median wall s, CPU s, peak MB):")
    for one in found:
        print(f"  {one.wall_s:6.3f} {one.cpu_s:6.3f} {one.rss_mb:6.1f}  {' '.join(one.args)}")
    if options.json:
        figures = {"rows": rows, "commands": [one.__dict__ for one in found]}
        options.json.write_text(json.dumps(figures, indent=1, default=list) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main_())
