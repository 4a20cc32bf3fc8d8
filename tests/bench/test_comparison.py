"""The side-by-side comparison: pairing, ratios, reasons, and mutualscope's side for real."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bench import comparison, corpus, side_mutualscope


def recorder(tool: str) -> comparison.Recorder:
    return comparison.Recorder(SimpleNamespace(tool=tool))


def by_key(rows: list[dict[str, Any]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(r["benchmark"], r["metric"], r["tool"]): r for r in rows}


def test_rows_for_gives_both_figures_and_the_ratio() -> None:
    ours, theirs = recorder("mutualscope"), recorder("Taguette")
    ours.add("import .html", "documents/s", 300.0, "documents/s", "higher")
    theirs.add("import .html", "documents/s", 30.0, "documents/s", "higher")
    ours.add("add highlights, 8 clients", "p95", 20.0, "ms", "lower")
    theirs.add("add highlights, 8 clients", "p95", 220.0, "ms", "lower")
    theirs.add("import .txt", "documents/s", 1.7, "documents/s", "higher")
    ours.skipped["import .txt"] = "no importer"
    rows = by_key(comparison.rows_for(ours, theirs))
    html = "vs Taguette: import .html"
    assert rows[(html, "documents/s", "mutualscope")]["value"] == 300
    assert rows[(html, "documents/s", "Taguette")]["value"] == 30
    assert rows[(html, "documents/s ratio", "ratio")]["value"] == pytest.approx(10)
    p95 = rows[("vs Taguette: add highlights, 8 clients", "p95 ratio", "ratio")]
    assert p95["value"] == pytest.approx(11) and p95["target"] == 1.0
    assert ("vs Taguette: import .txt", "documents/s ratio", "ratio") not in rows
    skipped = rows[("vs Taguette: import .txt", "not measured", "mutualscope")]
    assert skipped["note"] == "no importer"


def test_mutualscope_side_measures_what_exists(tmp_path: Path) -> None:
    small = corpus.build("small")
    rec = comparison.measure(
        side_mutualscope.MutualscopeSide(), small, comparison.PLANS["small"], tmp_path
    )
    assert rec.values[("create codebook", "codes/s")][0] > 0
    assert rec.values[("export codebook (CSV)", "size")][0] > 0
    for phase in ("import .html", "add highlights, 1 client"):
        # Either measured, or named with the reason it is not.
        assert (phase, "peak RSS") in rec.values or rec.skipped[phase]
    failures = {p: r for p, r in rec.skipped.items() if r.startswith("failed")}
    assert failures == {}
