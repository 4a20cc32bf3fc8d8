"""The crash trials' checks find what they look for: a partial document, an unindexed
turn, a session holding a transaction, a project that differs from a clean run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from sqlalchemy import create_engine, text

from tests.reliability.consistency import (
    compare_snapshots,
    find_problems,
    project_snapshot,
    sessions_in_transaction,
)
from tests.reliability.corpus import write_transcripts


def execute(db_url: str, statement: str) -> None:
    engine = create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    try:
        with engine.begin() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


def imported(cli: Callable[..., Result], tmp_path: Path) -> dict[str, int]:
    turns = write_transcripts(tmp_path / "t", files=3, turns=20, seed=5)
    assert cli("docs", "import", str(tmp_path / "t")).exit_code == 0
    return turns


def test_find_problems_a_clean_import_has_none(
    cli: Callable[..., Result], db_url: str, tmp_path: Path
) -> None:
    imported(cli, tmp_path)
    assert find_problems(db_url) == []


def test_find_problems_a_document_without_turns_or_index(
    cli: Callable[..., Result], db_url: str, tmp_path: Path
) -> None:
    imported(cli, tmp_path)
    execute(
        db_url,
        "DELETE FROM segment_search WHERE document_id = "
        "(SELECT id FROM document WHERE name = 'interview-001.txt')",
    )
    execute(
        db_url,
        "DELETE FROM segment WHERE document_id = "
        "(SELECT id FROM document WHERE name = 'interview-002.txt')",
    )
    assert find_problems(db_url) == [
        "interview-002.txt: no turns",
        "interview-001.txt: turns missing from the search index",
    ]


def test_sessions_in_transaction_names_an_open_one(db_url: str, backend: str) -> None:
    engine = create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM document"))  # begins a transaction
            found = sessions_in_transaction(db_url)
    finally:
        engine.dispose()
    if backend == "postgresql":
        assert len(found) == 1 and "idle in transaction" in found[0]
    else:
        assert found == []
    assert sessions_in_transaction(db_url) == []


def test_compare_snapshots_finds_a_lost_or_changed_row(
    cli: Callable[..., Result], db_url: str, tmp_path: Path
) -> None:
    imported(cli, tmp_path)
    clean = project_snapshot(db_url)
    assert compare_snapshots(project_snapshot(db_url), clean) == []
    execute(db_url, "UPDATE segment SET speaker = 'CEO (case 3)' WHERE position = 0")
    execute(db_url, "DELETE FROM document_file WHERE document_id = 1")
    assert compare_snapshots(project_snapshot(db_url), clean) == [
        "turns: the same number of rows as a clean run (60), different content",
        "original files: 2 rows, not the 3 of a clean run",
    ]
