"""The speed targets the issues name, and how to find each one's figure in the results.

A target is matched by its issue number and keywords that must all appear in a result's
``benchmark`` and ``metric`` (lower-cased). Modules set each row's own ``target`` too;
this list is what lets ``docs/benchmarks.md`` name the targets nothing measures yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Target:
    issue: int
    text: str
    keywords: tuple[str, ...]
    scale: str = "large"  # the scale the issue states the target for

    def matches(self, row: dict[str, Any]) -> bool:
        if row["issue"] != self.issue or row.get("target") is None:
            return False
        haystack = f"{row['benchmark']} {row['metric']}".lower()
        # A keyword "a|b" is met by either word.
        return all(any(w in haystack for w in word.split("|")) for word in self.keywords)


TARGETS = (
    Target(3, "Import 100,000 organisations from CSV in under 10 s", ("registry import",)),
    Target(3, "`orgs stats` on 100,000 organisations in under 200 ms", ("orgs stats",)),
    Target(
        4,
        "1,000 transcripts x 10,000 words (.txt) imported with turns and indexed in under 15 s "
        "on SQLite",
        ("transcripts import sqlite",),
    ),
    Target(4, "The same import within 2x of SQLite on PostgreSQL", ("import postgres", "ratio")),
    Target(4, "Search p95 under 50 ms on that corpus", ("search", "p95")),
    Target(4, "Transcript import memory under 1 GB", ("import memory",)),
    Target(5, "`quotes` p95 under 50 ms (10,000 documents, 100,000 codings)", ("quotes", "p95")),
    Target(5, "`matrix` p95 under 50 ms", ("matrix", "p95")),
    Target(5, "`codings list` p95 under 50 ms", ("codings", "list", "p95")),
    Target(5, "`agreement` over all codings under 2 s", ("agreement",)),
    Target(6, "Report HTML under 5 s (30 cases, 300 interviews, 20,000 codings)", ("report html",)),
    Target(6, "Report PDF under 15 s", ("report pdf",)),
    Target(
        7,
        "Transcript page of 50,000 words with 2,000 codings rendered in under 300 ms",
        ("render",),
    ),
    Target(
        7,
        "Add a coding through the API: p95 under 30 ms with 20 concurrent clients (PostgreSQL)",
        ("add coding", "p95"),
    ),
    Target(
        8,
        "REFI-QDA export of 1,000 documents and 100,000 codings under 10 s",
        ("export", "time|seconds"),
    ),
    Target(8, "REFI-QDA import of the same under 10 s", ("import", "time|seconds")),
    Target(8, "REFI-QDA export and import memory under 1 GB", ("memory|rss",)),
    Target(
        9,
        "mutualscope beats Taguette on every phase, from .html and from .txt",
        ("vs taguette", "ratio"),
        scale="medium",
    ),
    Target(
        18,
        "`mutualscope --help` and any command's `--help` under 0.3 s (whole processes)",
        ("cli start-up", "help", "seconds"),
        scale="medium",
    ),
    Target(18, "The same under 60 MB", ("cli start-up", "help", "rss"), scale="medium"),
    Target(18, "Read commands on the demo under 0.4 s", ("read on the demo", "seconds"), "medium"),
)


def status_of(target: Target, rows: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """``met``, ``NOT MET`` or ``not measured``, with the rows that decided it."""
    from bench.table import verdict

    found = [row for row in rows if target.matches(row)]
    if not found:
        return "not measured", []
    missed = [row for row in found if verdict(row) == "NOT MET"]
    return ("NOT MET", missed) if missed else ("met", found)
