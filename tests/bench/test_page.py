"""The results section of docs/benchmarks.md, written from a results report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench import measure, page

result = measure.result


def report(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "date": "2026-01-01T00:00:00+00:00",
        "scale": "medium",
        "machine": {"cpu": "Test CPU", "cores": 2, "memory_gib": 24.0, "platform": "Linux"},
        "versions": {"python": "3.11.7", "taguette": "1.5.2", "commit": "abc1234"},
        "modules": [{"module": "comparison", "status": "ok", "seconds": 12.0, "peak_rss_mb": 99}],
        "results": rows,
    }


ROWS = [
    result("vs Taguette: import .html", "documents/s", 500, "documents/s", issue=9,
           better="higher", tool="mutualscope"),
    result("vs Taguette: import .html", "documents/s", 25, "documents/s", issue=9,
           better="higher", tool="Taguette"),
    result("vs Taguette: import .html", "documents/s ratio", 20, "x", issue=9, better="higher",
           target=1.0, tool="ratio"),
    result("vs Taguette: import .txt", "not measured", 0, "-", issue=9, tool="Taguette",
           note="Calibre is missing"),
    result("search: full text", "p95", 80, "ms", issue=4, target=50),
]  # fmt: skip


def test_render_shows_machine_comparison_and_targets() -> None:
    text = page.render(report(ROWS))
    assert "Test CPU, 2 cores, 24.0 GiB" in text
    assert "| import .html | documents/s | 500 documents/s | 25.00 documents/s | 20.0x | met |" in (
        text
    )
    assert "- Taguette, import .txt: Calibre is missing" in text
    assert "| #4 | Search p95 under 50 ms on that corpus | search: full text p95: 80.00 ms |" in (
        text
    )
    assert "NOT MET" in text
    # A target nothing measured is named as such.
    assert "| #6 | Report PDF under 15 s | - | not measured |" in text


def test_update_replaces_only_the_marked_section(tmp_path: Path) -> None:
    docs = tmp_path / "benchmarks.md"
    docs.write_text(f"# Title\n\nintro\n\n{page.START}\nold\n{page.END}\n\nafter\n")
    page.update(docs, report(ROWS))
    text = docs.read_text()
    assert text.startswith("# Title\n\nintro\n\n")
    assert text.endswith(f"{page.END}\n\nafter\n")
    assert "old" not in text and "abc1234" in text


def test_update_refuses_a_page_without_markers(tmp_path: Path) -> None:
    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Title\n")
    with pytest.raises(ValueError, match="results:start"):
        page.update(docs, report(ROWS))


def test_the_real_page_has_the_markers() -> None:
    text = page.DOCS.read_text()
    assert page.START in text and page.END in text
