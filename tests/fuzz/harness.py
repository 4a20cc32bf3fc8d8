"""The importers' fuzzing harness: damaged real files through the real commands.

    .venv/bin/python -m tests.fuzz.harness --seconds 1800 [--seed 7] [--backend postgresql]
    .venv/bin/python -m tests.fuzz.harness --seed 7 --case 412      # replay one case

Each case takes a seed file of one importer (:mod:`tests.fuzz.seeds`), damages it
(:mod:`tests.fuzz.mutations`), sometimes gives it another importer's extension, and runs
the command on it in a process of its own, against a project holding the demo's data.
The case passes when the command either

* exits 0 and leaves a project that passes the integrity checks, or
* exits 1 with one ``Error: ...`` line (``Failed: ...`` per file for ``docs import``),
  each line short, and the project exactly as it was (every row of every table);

and in both cases answers within 60 s, with a peak RSS under 1 GB, without a traceback
or a Python warning. A case is reproducible from the run's seed and its number; a
failing case is saved (its input and a case.json) to the failures folder.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.fuzz.mutations import mutate
from tests.fuzz.process import TIMEOUT, Run, run_mutualscope
from tests.fuzz.project import Workspace, fingerprint, integrity_problems, workspace
from tests.fuzz.seeds import Importer, importers, write_seeds

MEMORY_MB = 1024.0
#: The longest line a refusal may have: a message, not a dump of the input.
LINE_CHARS = 2000
WRONG_EXTENSION = 0.15
_WARNING = re.compile(r"^\S+:\d+: \w*Warning: |^\s*warnings\.warn\(")
#: What else a command may write to stderr besides its refusal.
_PROGRESS = ("Importing", "Building the report", "Writing ", "Skipped rows with problems")


@dataclass
class Case:
    """One case: what was run on what, and how it ended."""

    seed: int
    number: int
    importer: str
    seed_file: str
    mutations: list[str]
    input: str
    args: list[str] = field(default_factory=list)
    outcome: str = ""  # accepted | refused | FAILED
    reason: str = ""
    returncode: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    stderr: str = ""


def make_case(seed: int, number: int, choices: list[Importer], folder: Path) -> tuple[Case, Path]:
    """The input of case ``number`` of the run with ``seed``, written into ``folder``."""
    rng = random.Random(f"mutualscope-fuzz:{seed}:{number}")
    importer = rng.choices(choices, weights=[i.weight for i in choices])[0]
    source = rng.choice(importer.seeds)
    data, applied = mutate(rng, source.read_bytes())
    suffix = source.suffix
    if rng.random() < WRONG_EXTENSION:
        others = sorted({s for i in choices for s in i.suffixes} - {suffix})
        suffix = rng.choice(others)
        applied.append(f"named {suffix}")
    path = folder / f"case-{number}{suffix}"
    path.write_bytes(data)
    args = importer.command(path, folder, rng)
    case = Case(seed, number, importer.name, source.name, applied, path.name, list(args))
    return case, path


def judge(importer: Importer, run: Run, space: Workspace) -> tuple[str, str]:
    """("accepted" | "refused" | "FAILED", why) for how a command ended."""
    output = run.stdout + run.stderr
    if run.timed_out:
        return "FAILED", f"no answer within {TIMEOUT:.0f} s"
    if run.peak_rss_mb > MEMORY_MB:
        return "FAILED", f"peak RSS {run.peak_rss_mb:.0f} MB"
    if "Traceback (most recent call last)" in output:
        return "FAILED", "a traceback"
    if run.returncode < 0:
        return "FAILED", f"killed by signal {-run.returncode}"
    if any(_WARNING.search(line) for line in output.splitlines()):
        return "FAILED", "a Python warning in the output"
    if run.returncode == 0:
        problems = [p for p in integrity_problems(space.url) if not p.endswith(importer.by_design)]
        return ("FAILED", "; ".join(problems)) if problems else ("accepted", "")
    if run.returncode != 1:
        return "FAILED", f"exit code {run.returncode}"
    lines = run.stderr.splitlines()
    refusals = [line for line in lines if line.startswith(importer.refusals)]
    if not refusals:
        return "FAILED", "exit 1 without an Error: line"
    if len([line for line in lines if line.startswith("Error:")]) > 1:
        return "FAILED", "more than one Error: line"
    longest = max(len(line) for line in refusals)
    if longest > LINE_CHARS:
        return "FAILED", f"a refusal of {longest:,} characters"
    others = [
        line
        for line in lines
        if line.strip() and not line.startswith((*importer.refusals, "  ", *_PROGRESS))
    ]
    if others:
        return "FAILED", f"unexpected output: {others[0][:200]!r}"
    if fingerprint(space.url) != space.baseline:
        return "FAILED", "refused, but the project changed"
    return "refused", ""


def run_case(
    seed: int, number: int, choices: list[Importer], space: Workspace, folder: Path
) -> Case:
    case, path = make_case(seed, number, choices, folder)
    importer = next(i for i in choices if i.name == case.importer)
    try:
        run = run_mutualscope(space.url, *case.args)
        case.outcome, case.reason = judge(importer, run, space)
        case.returncode, case.seconds = run.returncode, round(run.seconds, 2)
        case.peak_rss_mb, case.stderr = round(run.peak_rss_mb, 1), run.stderr[:5000]
        if case.outcome != "refused":
            space.reset()  # accepted (or failed): back to the baseline for the next case
    finally:
        path.unlink(missing_ok=True)
    return case


def save_failure(case: Case, choices: list[Importer], failures: Path, scratch: Path) -> Path:
    """The failing case's input (made again from its seed) and case.json, in a folder."""
    folder = failures / f"seed-{case.seed}-case-{case.number}"
    folder.mkdir(parents=True, exist_ok=True)
    _, path = make_case(case.seed, case.number, choices, scratch)
    path.replace(folder / path.name)
    (folder / "case.json").write_text(json.dumps(asdict(case), indent=2), encoding="utf-8")
    return folder


@dataclass
class Summary:
    cases: list[Case] = field(default_factory=list)

    @property
    def failed(self) -> list[Case]:
        return [case for case in self.cases if case.outcome == "FAILED"]

    def lines(self) -> list[str]:
        counts = Counter((case.importer, case.outcome) for case in self.cases)
        out = [f"{len(self.cases)} cases, {len(self.failed)} failed"]
        for name in sorted({case.importer for case in self.cases}):
            parts = ", ".join(
                f"{counts[(name, outcome)]} {outcome}"
                for outcome in ("accepted", "refused", "FAILED")
                if counts[(name, outcome)]
            )
            mine = [case for case in self.cases if case.importer == name]
            slowest = max(case.seconds for case in mine)
            largest = max(case.peak_rss_mb for case in mine)
            out.append(f"  {name}: {parts}; slowest {slowest:.1f} s, peak RSS {largest:.0f} MB")
        return out


def fuzz(
    *,
    seed: int,
    seconds: float,
    workdir: Path,
    failures: Path,
    server: str | None = None,
    only: str | None = None,
    cases: list[int] | None = None,
    first: int = 0,
    say: bool = True,
) -> Summary:
    """Run cases from ``first`` on until ``seconds`` have passed (or exactly ``cases``)."""
    write_seeds(workdir / "seeds")
    choices = [i for i in importers(workdir / "seeds") if only in (None, i.name)]
    summary = Summary()
    scratch = workdir / "cases"
    scratch.mkdir(exist_ok=True)
    with workspace(workdir, server) as space:
        started = time.monotonic()
        numbers = iter(cases) if cases is not None else _count_from(first)
        for number in numbers:
            if cases is None and time.monotonic() - started >= seconds:
                break
            case = run_case(seed, number, choices, space, scratch)
            summary.cases.append(case)
            if case.outcome == "FAILED":
                folder = save_failure(case, choices, failures, scratch)
                if say:
                    print(
                        f"FAILED case {number} ({case.importer}, {case.mutations}): "
                        f"{case.reason} -> {folder}",
                        flush=True,
                    )
            elif say and number % 25 == 0:
                print(
                    f"case {number}: {len(summary.cases)} run, {len(summary.failed)} failed",
                    flush=True,
                )
    return summary


def _count_from(first: int) -> Iterator[int]:
    number = first
    while True:
        yield number
        number += 1


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("FUZZ_SECONDS", 300)))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("FUZZ_SEED", 1)))
    parser.add_argument("--case", type=int, action="append", help="Run only this case (repeat).")
    parser.add_argument("--importer", choices=["orgs", "docs", "codes", "refi", "report"])
    parser.add_argument(
        "--backend",
        choices=["sqlite", "postgresql"],
        default=os.environ.get("FUZZ_BACKEND", "sqlite"),
    )
    parser.add_argument(
        "--pg",
        default=os.environ.get("MUTUALSCOPE_TEST_PG"),
        help="PostgreSQL server URL (default: MUTUALSCOPE_TEST_PG).",
    )
    parser.add_argument(
        "--failures",
        type=Path,
        default=Path("test-artifacts/fuzz-failures"),
        help="Where failing cases go.",
    )
    options = parser.parse_args()
    server = None
    if options.backend == "postgresql":
        if not options.pg:
            parser.error("--backend postgresql needs --pg URL or MUTUALSCOPE_TEST_PG")
        server = options.pg
    with tempfile.TemporaryDirectory(prefix="mutualscope-fuzz-") as folder:
        summary = fuzz(
            seed=options.seed,
            seconds=options.seconds,
            workdir=Path(folder),
            failures=options.failures,
            server=server,
            only=options.importer,
            cases=options.case,
        )
    print("\n".join(summary.lines()))
    sys.exit(1 if summary.failed else 0)


if __name__ == "__main__":
    main()
