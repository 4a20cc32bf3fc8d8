"""Run every benchmark, write ``bench/results.json`` and print a table of targets.

    python -m bench.harness --scale medium            # what ``make bench`` runs
    python -m bench.harness --scale small --only registry --output /tmp/r.json

Each ``bench/bench_<feature>.py`` module exposes ``run(scale, workdir) -> list[dict]``
(keys in :data:`bench.measure.RESULT_KEYS`). The harness runs each one in a subprocess
of its own, in a fresh temporary work folder, so one module's memory and caches do not
colour the next, and a crash or a timeout fails that module only. The child's peak
resident memory (``ru_maxrss``) is the module's peak memory. The side-by-side
comparison with Taguette (:mod:`bench.comparison`) runs the same way, at the medium and
large scales or with ``--with-taguette``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import machine, page
from bench.corpus import SCALES
from bench.measure import RESULT_KEYS, result
from bench.table import render_table, summary

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DEFAULT_OUTPUT = BENCH / "results.json"
HISTORY = BENCH / "results"
COMPARISON = BENCH / "comparison.py"
DOCS_SCALE = "medium"
# Seconds one module may take before it is stopped and reported as timed out.
TIMEOUTS = {"small": 120, "medium": 1800, "large": 7200}
TIMEOUT_ENV = "MUTUALSCOPE_BENCH_TIMEOUT"  # seconds, overrides TIMEOUTS


def discover(folder: Path = BENCH, only: list[str] | None = None) -> list[Path]:
    """The ``bench_<feature>.py`` files in ``folder``, sorted; ``only`` names features."""
    paths = sorted(folder.glob("bench_*.py"))
    if only:
        wanted = {n if n.startswith("bench_") else f"bench_{n}" for n in only}
        paths = [p for p in paths if p.stem in wanted]
    return paths


def load(path: Path) -> Any:
    """Import a benchmark module from its file (``bench.<name>`` when it is in bench/)."""
    name = f"bench.{path.stem}" if path.parent == BENCH else path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def check_rows(rows: object, module: str) -> list[dict[str, Any]]:
    """The rows a module returned, or ValueError naming what is wrong."""
    if not isinstance(rows, list):
        raise ValueError(f"{module}.run() returned {type(rows).__name__}, expected a list")
    for number, row in enumerate(rows):
        if not isinstance(row, dict):
            raise ValueError(f"{module}: row {number} is not a dict")
        missing = [key for key in RESULT_KEYS if key not in row]
        if missing:
            raise ValueError(f"{module}: row {number} lacks {', '.join(missing)}")
        if not isinstance(row["value"], int | float) or row["better"] not in ("lower", "higher"):
            raise ValueError(
                f"{module}: row {number} needs a numeric value and better=lower|higher"
            )
    return rows


def run_child(path: Path, scale: str, workdir: Path, out: Path) -> None:
    """In the child process: run one module and write its rows and peak memory."""
    target = load(path)
    started = time.perf_counter()
    rows = check_rows(target.run(scale, workdir), path.stem)
    seconds = time.perf_counter() - started
    # ru_maxrss is in KiB on Linux; a module's own subprocesses (servers, commands) count.
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF,
               resource.RUSAGE_CHILDREN)) / 1024  # fmt: skip
    out.write_text(json.dumps({"rows": rows, "seconds": seconds, "peak_rss_mb": peak}))


def run_module(path: Path, scale: str, *, timeout: float, keep: bool) -> dict[str, Any]:
    """Run one module in a subprocess; returns its record (status, rows, seconds, memory)."""
    module = path.stem
    workdir = Path(tempfile.mkdtemp(prefix=f"mutualscope-{module}-"))
    out = workdir / "harness-result.json"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT),
               os.environ.get("PYTHONPATH")])))  # fmt: skip
    command = [sys.executable, "-m", "bench.harness", "--child", str(path), "--scale", scale]
    command += ["--workdir", str(workdir), "--child-out", str(out)]
    record: dict[str, Any] = {"module": module, "status": "ok", "rows": []}
    started = time.perf_counter()
    # A session of its own, so a timeout stops the module and any server it started.
    child = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        stdout, stderr = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        record.update(status="timeout", error=f"stopped after {timeout:.0f} s")
    else:
        if child.returncode != 0 or not out.exists():
            tail = (stderr or stdout).strip().splitlines()[-12:]
            record.update(status="failed", error="\n".join(tail))
        else:
            data = json.loads(out.read_text())
            record.update(rows=data["rows"], peak_rss_mb=round(data["peak_rss_mb"], 1))
    record["seconds"] = round(time.perf_counter() - started, 2)
    if keep:
        record["workdir"] = str(workdir)
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return record


def memory_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    if "peak_rss_mb" not in record:
        return []
    name = record["module"].removeprefix("bench_")
    issue = next((row["issue"] for row in record["rows"]), 9)
    return [result(f"{name}: whole module", "peak RSS", record["peak_rss_mb"], "MB", issue=issue)]


def run_all(
    scale: str,
    *,
    only: list[str] | None = None,
    taguette: bool = False,
    keep: bool = False,
    folder: Path = BENCH,
    say: Any = print,
) -> dict[str, Any]:
    modules = discover(folder, only)
    # "--only taguette" runs just the comparison; "--only registry" leaves it out.
    if taguette and (not only or {"taguette", "comparison"} & set(only)):
        modules.append(COMPARISON)
    records = []
    for path in modules:
        say(f"== {path.stem} ({scale}) ...")
        timeout = float(os.environ.get(TIMEOUT_ENV) or TIMEOUTS[scale])
        record = run_module(path, scale, timeout=timeout, keep=keep)
        say(f"   {record['status']} in {record['seconds']} s")
        if keep:
            say(f"   work folder kept: {record['workdir']}")
        if record["status"] != "ok":
            say("   " + record["error"].replace("\n", "\n   "))
        records.append(record)
    rows = [row for record in records for row in record["rows"] + memory_rows(record)]
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": scale,
        "scale_spec": SCALES[scale].__dict__,
        "machine": machine.describe(),
        "versions": machine.versions(),
        "modules": [{k: v for k, v in r.items() if k != "rows"} for r in records],
        "results": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.harness", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument(
        "--only", action="append", help="run only bench_ONLY.py, or 'taguette' (repeatable)"
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--with-taguette", action="store_true", help="compare at any scale")
    group.add_argument("--without-taguette", action="store_true", help="skip the comparison")
    parser.add_argument("--keep", action="store_true", help="keep the work folders")
    parser.add_argument(
        "--modules", type=Path, default=BENCH, help="folder of bench_*.py modules (bench/)"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_child(args.child, args.scale, args.workdir, args.child_out)
        return 0
    taguette = args.with_taguette or (args.scale != "small" and not args.without_taguette)
    report = run_all(
        args.scale, only=args.only, taguette=taguette, keep=args.keep, folder=args.modules
    )
    text = json.dumps(report, indent=1) + "\n"
    stamp = report["date"].replace(":", "").replace("+00:00", "Z")
    output = args.output
    # A run of some modules only must not replace the full results or the page's figures.
    partial = bool(args.only) and args.output == DEFAULT_OUTPUT
    if partial:
        output = HISTORY / f"{args.scale}-only-{'-'.join(sorted(args.only))}-{stamp}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text)
    if args.output == DEFAULT_OUTPUT and not partial:
        HISTORY.mkdir(exist_ok=True)
        (HISTORY / f"{args.scale}-{stamp}.json").write_text(text)
        # The page shows the reference scale; other scales stay in results.json only.
        if args.scale == DOCS_SCALE and page.DOCS.exists():
            page.update(page.DOCS, report)
            print(f"updated {page.DOCS.relative_to(ROOT)}")
    print()
    print(render_table(report["results"]))
    print()
    print(summary(report))
    print(f"\nwrote {output}")
    failed = [m for m in report["modules"] if m["status"] != "ok"]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
