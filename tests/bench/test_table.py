"""The results table and the verdict on targets."""

from __future__ import annotations

from typing import Any

from bench import measure, table

result = measure.result


def test_verdict_respects_direction() -> None:
    assert table.verdict(result("a", "p95", 20, "ms", issue=7, target=30)) == "met"
    assert table.verdict(result("a", "p95", 31, "ms", issue=7, target=30)) == "NOT MET"
    assert table.verdict(result("a", "rate", 5, "/s", issue=4, target=9, better="higher")) == (
        "NOT MET"
    )
    assert table.verdict(result("a", "rate", 5, "/s", issue=4)) == "-"


def test_render_table_shows_tool_target_and_reasons() -> None:
    rows: list[dict[str, Any]] = [
        result("vs Taguette: import", "documents/s", 1234.5, "documents/s", issue=9,
               better="higher", tool="mutualscope"),
        result("vs Taguette: import .txt", "not measured", 0, "-", issue=9, tool="Taguette",
               note="Calibre is missing"),
    ]  # fmt: skip
    text = table.render_table(rows)
    lines = text.splitlines()
    assert lines[0].split(" | ")[0].strip() == "issue"
    assert "documents/s [mutualscope]" in lines[2] and "1,234 documents/s" in lines[2]
    assert "Calibre is missing" in lines[3]


def test_summary_names_each_missed_target() -> None:
    report = {
        "scale": "small",
        "machine": {"cpu": "Test CPU", "cores": 2},
        "modules": [{"module": "bench_x", "status": "timeout"}],
        "results": [
            result("search", "p95", 80, "ms", issue=4, target=50),
            result("stats", "seconds", 0.1, "s", issue=3, target=0.2),
        ],
    }
    text = table.summary(report)
    assert text.startswith("1 of 2 targets met at scale small on Test CPU (2 cores).")
    assert "NOT MET (#4): search p95 = 80.00 ms (target 50.00)" in text
    assert "bench_x: timeout" in text


def test_notes_go_under_the_table_not_in_it() -> None:
    note = result("vs Taguette: how driven", "note", 0, "-", issue=9, note="through the API")
    assert "through the API" not in table.render_table([note])
    report = {
        "scale": "small",
        "machine": {"cpu": "Test CPU", "cores": 2},
        "modules": [],
        "results": [note],
    }
    assert "Note (#9): vs Taguette: how driven: through the API" in table.summary(report)
