"""The results section of ``docs/benchmarks.md``, written from ``bench/results.json``.

    python -m bench.page [bench/results.json] [--docs docs/benchmarks.md]

Replaces the text between ``<!-- results:start -->`` and ``<!-- results:end -->``;
the rest of the page is written by hand. ``make bench`` (medium scale) calls it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bench.table import number, verdict
from bench.targets import TARGETS, status_of

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"


def _figure(row: dict[str, Any]) -> str:
    return f"{number(row['value'])} {row['unit']}"


def _cells(*cells: str) -> str:
    return "| " + " | ".join(c.replace("|", "/") for c in cells) + " |"


def header(report: dict[str, Any]) -> list[str]:
    machine, versions = report["machine"], report["versions"]
    software = ", ".join(f"{k} {v}" for k, v in versions.items() if v and k != "commit")
    lines = [
        f"Run of {report['date']} at scale **{report['scale']}** "
        f"(commit {versions.get('commit') or 'unknown'}).",
        "",
        f"- Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB "
        f"of memory, {machine['platform']}; shared with other work while it ran.",
        f"- Software: {software}.",
        "",
        _cells("module", "status", "seconds", "peak RSS"),
        _cells("---", "---", "---:", "---:"),
    ]
    for module in report["modules"]:
        status = module["status"]
        if module.get("error"):
            status += ": " + module["error"].splitlines()[-1][:120]
        peak = module.get("peak_rss_mb")
        lines.append(
            _cells(
                module["module"],
                status,
                f"{module['seconds']:.1f}",
                "" if peak is None else f"{peak:.0f} MB",
            )
        )
    return lines


def side_by_side(rows: list[dict[str, Any]]) -> list[str]:
    compared = [r for r in rows if r["benchmark"].startswith("vs Taguette: ")]
    if not compared:
        return ["Taguette was not part of this run (small scale without `--with-taguette`)."]
    lines = [
        _cells("phase", "metric", "mutualscope", "Taguette", "ratio", "beats Taguette"),
        _cells("---", "---", "---:", "---:", "---:", "---"),
    ]
    table: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for row in compared:
        phase = row["benchmark"].removeprefix("vs Taguette: ")
        metric = row["metric"].removesuffix(" ratio")
        table.setdefault((phase, metric), {})[row["tool"]] = row
    for (phase, metric), tools in table.items():
        if metric in ("not measured", "note"):
            continue
        ratio = tools.get("ratio")
        lines.append(
            _cells(
                phase,
                metric,
                _figure(tools["mutualscope"]) if "mutualscope" in tools else "not measured",
                _figure(tools["Taguette"]) if "Taguette" in tools else "not measured",
                f"{ratio['value']:.1f}x" if ratio else "",
                verdict(ratio) if ratio and ratio.get("target") is not None else "",
            )
        )
    for row in compared:
        if row["metric"] == "note":
            lines[:0] = [f"How {row['tool']} was driven: {row.get('note', '')}.", ""]
    skipped = [r for r in compared if r["metric"] == "not measured"]
    if skipped:
        lines.append("")
        lines.append("Not measured in this run:")
        lines.append("")
        for row in skipped:
            phase = row["benchmark"].removeprefix("vs Taguette: ")
            lines.append(f"- {row['tool']}, {phase}: {row.get('note', '')}")
    return lines


def targets(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        _cells("issue", "target (at the scale the issue names)", "figure in this run", "status"),
        _cells("---", "---", "---", "---"),
    ]
    for target in TARGETS:
        status, deciding = status_of(target, rows)
        shown = "; ".join(f"{r['benchmark']} {r['metric']}: {_figure(r)}" for r in deciding[:3]) + (
            f"; ... ({len(deciding)} figures)" if len(deciding) > 3 else ""
        )
        lines.append(_cells(f"#{target.issue}", target.text, shown or "-", status))
    return lines


def every_figure(rows: list[dict[str, Any]]) -> list[str]:
    own = [r for r in rows if not r["benchmark"].startswith("vs Taguette: ")]
    if not own:
        return ["No feature benchmark module ran."]
    lines = [
        _cells("issue", "benchmark", "metric", "value", "target", "status"),
        _cells("---", "---", "---", "---:", "---:", "---"),
    ]
    for row in own:
        target = row.get("target")
        sign = "<=" if row["better"] == "lower" else ">="
        lines.append(
            _cells(
                f"#{row['issue']}",
                row["benchmark"],
                row["metric"],
                _figure(row),
                "" if target is None else f"{sign} {number(target)} {row['unit']}",
                verdict(row),
            )
        )
    return lines


def render(report: dict[str, Any]) -> str:
    rows = report["results"]
    parts = [
        "### The run",
        "",
        *header(report),
        "",
        "### mutualscope and Taguette, side by side",
        "",
        *side_by_side(rows),
        "",
        "### Targets from the issues",
        "",
        *targets(rows),
        "",
        "### Every figure of the feature benchmarks",
        "",
        *every_figure(rows),
    ]
    return "\n".join(parts)


def update(docs: Path, report: dict[str, Any]) -> None:
    """Rewrite the results section of ``docs`` (between the markers) from ``report``."""
    text = docs.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise ValueError(f"{docs} has no {START} ... {END} section")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    docs.write_text(f"{before}{START}\n{render(report)}\n{END}{after}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.page", description=__doc__)
    parser.add_argument("results", type=Path, nargs="?", default=ROOT / "bench" / "results.json")
    parser.add_argument("--docs", type=Path, default=DOCS)
    args = parser.parse_args(argv)
    update(args.docs, json.loads(args.results.read_text()))
    print(f"updated {args.docs} from {args.results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
