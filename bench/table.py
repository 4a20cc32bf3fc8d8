"""The results as a plain-text table and a one-paragraph verdict on the targets."""

from __future__ import annotations

from typing import Any


def verdict(row: dict[str, Any]) -> str:
    """``met``, ``NOT MET`` or ``-`` (no target) for one row."""
    target = row.get("target")
    if target is None:
        return "-"
    if row["better"] == "lower":
        return "met" if row["value"] <= target else "NOT MET"
    return "met" if row["value"] >= target else "NOT MET"


def number(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def render_table(rows: list[dict[str, Any]]) -> str:
    header = ("issue", "benchmark", "metric", "value", "target", "status")
    lines = [header]
    for row in rows:
        if row["metric"] == "note":
            continue  # notes are sentences; summary() prints them under the table
        unit = row["unit"]
        target = row.get("target")
        sign = "<=" if row["better"] == "lower" else ">="
        lines.append(
            (
                f"#{row['issue']}",
                row["benchmark"],
                row["metric"] + (f" [{row['tool']}]" if row.get("tool") else ""),
                str(row.get("note", ""))[:60]
                if row["metric"] == "not measured"
                else f"{number(row['value'])} {unit}",
                "" if target is None else f"{sign} {number(target)} {unit}",
                verdict(row),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = [
        " | ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) for line in lines
    ]
    out.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in out)


def summary(report: dict[str, Any]) -> str:
    rows = report["results"]
    targeted = [r for r in rows if r.get("target") is not None]
    missed = [r for r in targeted if verdict(r) == "NOT MET"]
    lines = [
        f"{len(targeted) - len(missed)} of {len(targeted)} targets met at scale "
        f"{report['scale']} on {report['machine']['cpu']} ({report['machine']['cores']} cores)."
    ]
    for row in missed:
        lines.append(
            f"  NOT MET (#{row['issue']}): {row['benchmark']} {row['metric']} = "
            f"{number(row['value'])} {row['unit']} (target {number(row['target'])})"
        )
    for row in rows:
        if row["metric"] == "note":
            lines.append(f"  Note (#{row['issue']}): {row['benchmark']}: {row.get('note', '')}")
    for module in report["modules"]:
        if module["status"] != "ok":
            lines.append(f"  {module['module']}: {module['status']}")
    return "\n".join(lines)
