"""The transcript benchmark runs at the small scale and reports every target it names."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.bench_transcripts import queries_from, run
from bench.measure import RESULT_KEYS
from mutualscope.domain.searchquery import parse_query


def test_queries_from_builds_every_kind_of_query() -> None:
    queries = queries_from("Interviewer: Commissioners funded the innovation pilot quickly.")
    assert len(queries) == 7
    assert any(q.endswith("*") for q in queries)
    assert any(q.startswith('"') for q in queries)
    assert {"AND", "OR", "NOT"} <= {w for q in queries for w in q.split()}
    for query in queries:
        parse_query(query)


@pytest.mark.slow
def test_run_small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MUTUALSCOPE_BENCH_PG", raising=False)
    monkeypatch.delenv("MUTUALSCOPE_TEST_PG", raising=False)
    rows = run("small", tmp_path)
    assert all(set(RESULT_KEYS) <= set(row) for row in rows)
    metrics = {(row["benchmark"].split(" (")[0], row["metric"]) for row in rows}
    assert {
        ("transcripts import sqlite", "seconds"),
        ("transcripts import memory", "peak rss"),
        ("transcripts search sqlite", "p95"),
    } <= metrics
    assert all(row["issue"] == 4 and row["value"] >= 0 for row in rows)
