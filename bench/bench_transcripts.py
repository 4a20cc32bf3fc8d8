"""Issue 4: 1,000 transcripts of 10,000 words (.txt) imported with their turns and
indexed in under 15 s on SQLite, within 2x of that on PostgreSQL, search p95 under
50 ms on that corpus, memory under 1 GB (``large``).

The transcripts come from the shared corpus generator (:mod:`bench.corpus`) as .txt
files with ``Speaker: words`` turns; they are imported through the same service as
``mutualscope docs import``. PostgreSQL is measured when ``MUTUALSCOPE_BENCH_PG`` (or
``MUTUALSCOPE_TEST_PG``) names a server; a database is created and dropped for the run.
"""

from __future__ import annotations

import itertools
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.corpus import make_transcripts, write_transcripts
from bench.measure import PeakRss, latencies, latency_results, result
from mutualscope.services.imports import import_documents
from mutualscope.services.project import Project, init_project
from mutualscope.services.search import search_segments

ISSUE = 4
# (transcripts, words each); the issue's figures are for "large".
SIZES = {"small": (20, 2_000), "medium": (200, 10_000), "large": (1_000, 10_000)}
TARGET_SECONDS_LARGE = 15.0
TARGET_P95_MS = 50.0
TARGET_MEMORY_MB = 1024.0
SEARCH_RUNS = {"small": 30, "medium": 100, "large": 200}
PG_ENV = ("MUTUALSCOPE_BENCH_PG", "MUTUALSCOPE_TEST_PG")


def queries_from(sample: str) -> list[str]:
    """Queries of every kind built from words that occur in the corpus."""
    words = [w.strip(".,?!").lower() for w in sample.split()]
    content = sorted({w for w in words if w.isalpha() and len(w) >= 7})
    if len(content) < 6:
        content = sorted({w for w in words if w.isalpha() and len(w) >= 3}) or ["the"]
    a, b, c = content[0], content[len(content) // 2], content[-1]
    pair = next(
        (f'"{x} {y}"' for x, y in itertools.pairwise(words) if x.isalpha() and y.isalpha()),
        a,
    )
    return [
        a,
        f"{b[:5]}*",
        pair,
        f"{a} AND {b}",
        f"{b} OR {c}",
        f"{a} NOT {c}",
        f"({a} OR {c}) {b[:4]}*",
    ]


def backend_cpu(pid: int | None) -> float | None:
    """CPU seconds used so far by a PostgreSQL server process on this machine, from
    /proc; None when there is no such process here (a server elsewhere, or no /proc)."""
    if pid is None:
        return None
    proc = Path(f"/proc/{pid}")
    try:
        if b"postgres" not in (proc / "cmdline").read_bytes():
            return None
        fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def import_folder(project: Project, folder: Path) -> tuple[float, float, float | None, int]:
    """Import every file in ``folder``; returns (wall seconds, CPU seconds, server CPU
    seconds or None, files). The server's share matters on a 2-core machine, where the
    client and the PostgreSQL backend take turns on the same cores."""
    with project.session() as session:
        pid = None
        if session.get_bind().dialect.name == "postgresql":
            pid = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
            session.commit()
        server = backend_cpu(pid)
        wall, cpu = time.perf_counter(), time.process_time()
        report = import_documents(session, [folder])
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        # The session keeps to its one pooled connection, so the backend is the same.
        after = backend_cpu(pid)
    if report.failed:
        raise RuntimeError(report.failed[0].message)
    server_cpu = after - server if after is not None and server is not None else None
    return wall, cpu, server_cpu, report.count("imported")


def search_latency(project: Project, queries: list[str], runs: int) -> Any:
    with project.session() as session:

        def call(i: int) -> object:
            return search_segments(session, queries[i % len(queries)], limit=20)

        return latencies(call, runs)


@contextmanager
def postgresql_database() -> Iterator[str | None]:
    """A fresh database on the configured server, dropped afterwards (None: no server)."""
    server = next((os.environ[v] for v in PG_ENV if os.environ.get(v)), None)
    if server is None:
        yield None
        return
    name = f"msbench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(scale: str, workdir: Path) -> list[dict[str, Any]]:
    count, words = SIZES[scale]
    transcripts = make_transcripts(count, words, cases=max(4, count // 10))
    folder = workdir / "txt"
    write_transcripts(transcripts, folder, "txt")
    total_words = sum(t.word_count for t in transcripts)
    target = TARGET_SECONDS_LARGE * total_words / 10_000_000
    label = f"{count} x {words:,}-word .txt"
    queries = queries_from(transcripts[0].text)
    note = f"{total_words:,} words; queries: {' | '.join(queries)}"
    rows: list[dict[str, Any]] = []

    project, _ = init_project(workdir / "bench.db")
    try:
        with PeakRss() as peak:
            seconds, cpu, _, files = import_folder(project, folder)
        stats = search_latency(project, queries, SEARCH_RUNS[scale])
    finally:
        project.close()
    rows += [
        result(f"transcripts import sqlite ({label})", "seconds", seconds, "s", issue=ISSUE,
               target=target, note=f"{note}; target scaled from 15 s for 10M words"),
        result("transcripts import sqlite", "cpu seconds", cpu, "s", issue=ISSUE, note=note),
        result("transcripts import sqlite", "words per second", total_words / seconds,
               "words/s", issue=ISSUE, better="higher", target=10_000_000 / 15),
        result("transcripts import memory", "peak rss", peak.mb, "MB", issue=ISSUE,
               target=TARGET_MEMORY_MB),
        *latency_results("transcripts search sqlite", stats, issue=ISSUE,
                         target_p95=TARGET_P95_MS, note=f"{stats.count} searches, limit 20"),
    ]  # fmt: skip
    assert files == count

    with postgresql_database() as url:
        if url is not None:
            pg, _ = init_project(url)
            try:
                pg_seconds, pg_cpu, pg_server_cpu, _ = import_folder(pg, folder)
                pg_stats = search_latency(pg, queries, SEARCH_RUNS[scale])
            finally:
                pg.close()
            rows += [
                result(f"transcripts import postgresql ({label})", "seconds", pg_seconds, "s",
                       issue=ISSUE, note=note),
                result("transcripts import postgresql", "ratio to sqlite", pg_seconds / seconds,
                       "x", issue=ISSUE, target=2.0),
                result("transcripts import postgresql", "cpu seconds", pg_cpu, "s",
                       issue=ISSUE),
                *([result("transcripts import postgresql", "server cpu seconds",
                          pg_server_cpu, "s", issue=ISSUE,
                          note="the PostgreSQL backend that served the import")]
                  if pg_server_cpu is not None else []),
                *latency_results("transcripts search postgresql", pg_stats, issue=ISSUE,
                                 target_p95=TARGET_P95_MS,
                                 note=f"{pg_stats.count} searches, limit 20"),
            ]  # fmt: skip
    return rows
