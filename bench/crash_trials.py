"""The full crash-trial run (``make crash-trials``): at least 100 trials of kill -9 during
``docs import``, ``orgs import``, ``refi import`` and the server while coders code, on
SQLite and, when a server is named, PostgreSQL. See :mod:`tests.reliability.trials` for
what each trial does and checks; the test suite runs a few of them.

Command line::

    python -m bench.crash_trials [--trials 104] [--pg URL] [--write-docs docs/reliability.md]
    python -m bench.crash_trials --kind refi-import --backend sqlite --seed 7   # one trial

The PostgreSQL server comes from ``--pg`` or ``MUTUALSCOPE_TEST_PG``; each trial gets a
private database on it, dropped afterwards. ``--write-docs`` puts the table of the run
into the "Crash trials" section of the page. Exit code 1 if any trial failed.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import re
import subprocess
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from tests.reliability.databases import TrialDatabases
from tests.reliability.inputs import SCALES, build_inputs
from tests.reliability.trials import KINDS, CrashTrials, TrialResult

BEGIN = "<!-- crash-trials:begin (written by python -m bench.crash_trials) -->"
END = "<!-- crash-trials:end -->"
HEADING = "## Crash trials"


def plan_trials(
    kinds: Sequence[str], backends: Sequence[str], trials: int, seed: int | None
) -> list[tuple[str, str, int]]:
    """(backend, kind, seed) of every trial: ``trials`` spread evenly over kinds and
    backends (rounded up), or the one seed given for each."""
    if seed is not None:
        seeds = [seed]
    else:
        seeds = list(range(1, math.ceil(trials / (len(kinds) * len(backends))) + 1))
    return [(backend, kind, s) for backend in backends for s in seeds for kind in kinds]


def summarise(results: Sequence[TrialResult]) -> list[dict[str, object]]:
    rows = []
    for backend in dict.fromkeys(r.backend for r in results):
        for kind in dict.fromkeys(r.kind for r in results):
            mine = [r for r in results if r.kind == kind and r.backend == backend]
            if mine:
                rows.append(
                    {
                        "kind": kind,
                        "backend": backend,
                        "trials": len(mine),
                        "landed": sum(r.landed for r in mine),
                        "failures": sum(r.failed for r in mine),
                    }
                )
    return rows


def table(rows: Sequence[dict[str, object]]) -> str:
    lines = [
        "| kind | backend | trials | killed mid-run | failures |",
        "|---|---|---:|---:|---:|",
    ]
    lines += [
        f"| {r['kind']} | {r['backend']} | {r['trials']} | {r['landed']} | {r['failures']} |"
        for r in rows
    ]
    return "\n".join(lines)


def code_commit() -> str | None:
    """The commit of the code the trials ran, if it is a git checkout."""
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).parent,
            capture_output=True, text=True, timeout=10,
        )  # fmt: skip
    except OSError:
        return None
    return found.stdout.strip() if found.returncode == 0 else None


def report(
    results: Sequence[TrialResult], seconds: float, command: str, commit: str | None = None
) -> str:
    """The Markdown written into the docs page: when, where, the table, any failures."""
    failed = [r for r in results if r.failed]
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    at = f" at commit {commit}" if commit else ""
    lines = [
        f"Last full run: {when}{at}, {len(results)} trials in {seconds / 60:.0f} minutes on "
        f"{platform.system()} with {os.cpu_count()} CPU cores: {command}.",
        "",
        table(summarise(results)),
        "",
    ]
    served = [r for r in results if r.kind == "serve-coding"]
    if served:
        lines.append(
            f"The server trials checked {sum(r.acknowledged for r in served):,} codings that "
            "had a 2xx answer before the kill."
        )
        lines.append("")
    if failed:
        lines.append("Failures (each reproduced by the command beside it):")
        lines.append("")
        for r in failed:
            lines.append(
                f"- {r.kind} on {r.backend}, seed {r.seed} (killed at {r.moment} s): "
                f"{'; '.join(r.problems)[:400]} — `{r.reproduce()}`"
            )
    else:
        lines.append("No trial failed.")
    return "\n".join(lines)


def write_section(page: Path, body: str) -> None:
    """Put ``body`` between the markers of the page's "Crash trials" section, adding the
    section (or the page) if missing; the rest of the page is left as it is."""
    text = page.read_text(encoding="utf-8") if page.exists() else "# Reliability\n"
    block = f"{BEGIN}\n{body}\n{END}"
    if BEGIN in text and END in text:
        pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.DOTALL)
        text = pattern.sub(lambda _match: block, text)
    elif HEADING in text:
        text = text.replace(HEADING, f"{HEADING}\n\n{block}", 1)
    else:
        text = text.rstrip("\n") + f"\n\n{HEADING}\n\n{block}\n"
    page.write_text(text, encoding="utf-8")


def run_trials(
    plan: Sequence[tuple[str, str, int]], scale: str, pg: str | None, workdir: Path
) -> list[TrialResult]:
    inputs = build_inputs(workdir / "inputs", SCALES[scale])
    results: list[TrialResult] = []
    for backend in dict.fromkeys(b for b, _, _ in plan):
        databases = TrialDatabases(backend, workdir, pg)
        trials = CrashTrials(databases, inputs)
        try:
            for _, kind, seed in (p for p in plan if p[0] == backend):
                started = time.monotonic()
                try:
                    result = trials.run(kind, seed)
                except Exception as error:  # the trial itself broke: count it, go on
                    result = TrialResult(kind, backend, seed, 0.0, landed=False)
                    result.problems.append(f"the trial could not run: {error!r}"[:500])
                results.append(result)
                verdict = "FAILED" if result.failed else "ok"
                print(
                    f"{kind:13} {backend:10} seed {seed:3}  kill at {result.moment:6.3f} s  "
                    f"{'mid-run' if result.landed else 'after  '}  "
                    f"{time.monotonic() - started:5.1f} s  {verdict}",
                    flush=True,
                )
                for problem in result.problems:
                    print(f"    {problem}", flush=True)
        finally:
            databases.close()
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=104, help="at least this many in all")
    parser.add_argument("--kind", action="append", choices=KINDS, help="only these kinds")
    parser.add_argument("--backend", action="append", choices=("sqlite", "postgresql"))
    parser.add_argument("--seed", type=int, help="one trial of each kind with this seed")
    parser.add_argument("--pg", default=os.environ.get("MUTUALSCOPE_TEST_PG") or None)
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument("--write-docs", type=Path, help="the page to write the table into")
    args = parser.parse_args(argv)
    backends = args.backend or (["sqlite", "postgresql"] if args.pg else ["sqlite"])
    if "postgresql" in backends and not args.pg:
        parser.error("PostgreSQL trials need --pg URL or MUTUALSCOPE_TEST_PG")
    plan = plan_trials(args.kind or KINDS, backends, args.trials, args.seed)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="crash-trials-") as workdir:
        results = run_trials(plan, args.scale, args.pg, Path(workdir))
    seconds = time.monotonic() - started
    print()
    print(table(summarise(results)))
    for result in (r for r in results if r.failed):
        print(f"\nFAILED {result.kind} {result.backend} seed {result.seed}: {result.reproduce()}")
        for problem in result.problems:
            print(f"    {problem}")
    if args.write_docs:
        command = "`make crash-trials`" + (" with MUTUALSCOPE_TEST_PG set" if args.pg else "")
        write_section(args.write_docs, report(results, seconds, command, code_commit()))
    return 1 if any(r.failed for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
