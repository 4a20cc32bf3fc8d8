"""Failures of the machine, not the input: a full disk or an unwritable file ends a
command with one line, and the project keeps what it held.

The disk is filled for the command's process alone: RLIMIT_FSIZE stops its files (the
SQLite project and its journal among them) growing past a size, so writes fail there
as they fail on a full disk. A PostgreSQL server's disk is the server's, so those tests
run on SQLite.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from tests.fuzz.inputs import write_registry_csv
from tests.fuzz.process import run_mutualscope

from mutualscope.cli.group import describe_machine_failure
from mutualscope.demo.registry import REGISTRY_FILE
from mutualscope.demo.transcripts import DATA_DIR as TRANSCRIPTS_DIR

Cli = Callable[..., Result]
ROOM = 48 * 1024  # bytes a file may grow by before the disk is "full"


def table_rows(db: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table: what "the project is unchanged" compares."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: sorted(map(repr, conn.execute(f'SELECT * FROM "{n}"'))) for n in names}


def project_size(db: str) -> int:
    return sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*"))


@pytest.fixture
def sqlite_db(backend: str, db_url: str, cli: Cli) -> str:
    if backend != "sqlite":
        pytest.skip("the full disk is simulated on the project's own file, a SQLite one")
    assert cli("orgs", "import", str(REGISTRY_FILE)).exit_code == 0
    return db_url


def assert_one_line_and_unchanged(db: str, before: dict[str, object], *args: str) -> str:
    run = run_mutualscope(db, *args, file_size=project_size(db) + ROOM)
    errors = [line for line in run.stderr.splitlines() if line.startswith("Error:")]
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr and len(errors) == 1, run.stderr
    assert table_rows(db) == before
    return errors[0]


def test_orgs_import_on_a_full_disk_is_one_line_and_keeps_the_project(
    sqlite_db: str, tmp_path: Path
) -> None:
    # This ended in "sqlalchemy.exc.OperationalError: database or disk is full" and a
    # traceback.
    registry = write_registry_csv(tmp_path / "registry.csv", 5_000)
    before = table_rows(sqlite_db)
    line = assert_one_line_and_unchanged(sqlite_db, before, "orgs", "import", str(registry))
    assert line.startswith("Error: the project database cannot be written (")
    assert line.endswith("). The unfinished work was undone; free some space and try again.")


def test_docs_import_on_a_full_disk_is_one_line_and_keeps_the_project(
    sqlite_db: str, tmp_path: Path
) -> None:
    turns = "".join(
        f"{'Interviewer' if n % 2 else 'CEO'}: turn {n}, about the spin-out and its staff.\r\n"
        for n in range(4000)
    )
    transcript = tmp_path / "long-interview.txt"
    transcript.write_text(turns, encoding="utf-8")
    files = sorted(str(p) for p in Path(TRANSCRIPTS_DIR).iterdir() if p.suffix != ".json")
    before = table_rows(sqlite_db)
    line = assert_one_line_and_unchanged(
        sqlite_db, before, "docs", "import", str(transcript), *files
    )
    assert line.startswith("Error: the project database cannot be written (")


def test_codes_import_on_a_full_disk_is_one_line_and_keeps_the_project(
    sqlite_db: str, tmp_path: Path
) -> None:
    book = tmp_path / "codebook.csv"
    rows = "".join(
        f"Theme {n}/Code {n},A definition of code {n} in a few words.\n" for n in range(3000)
    )
    book.write_text("path,definition\n" + rows, encoding="utf-8")
    before = table_rows(sqlite_db)
    line = assert_one_line_and_unchanged(sqlite_db, before, "codes", "import", str(book))
    assert line.startswith("Error: the project database cannot be written (")


def test_db_backup_on_a_full_disk_is_one_line_and_leaves_no_partial_backup(
    sqlite_db: str, tmp_path: Path
) -> None:
    # Issue 13, item 11: a full disk ended `db backup` in a traceback.
    target = tmp_path / "backups" / "study.db"
    target.parent.mkdir()
    before = table_rows(sqlite_db)
    # The copy may grow to half the project: the disk fills while it is written.
    run = run_mutualscope(
        sqlite_db, "db", "backup", str(target), file_size=project_size(sqlite_db) // 2
    )
    errors = [line for line in run.stderr.splitlines() if line.startswith("Error:")]
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr and len(errors) == 1, run.stderr
    assert errors[0].startswith(f"Error: Could not write the backup {target}: ")
    assert errors[0].endswith("The project is unchanged; no partial backup was left.")
    assert list(target.parent.iterdir()) == []
    assert table_rows(sqlite_db) == before


def test_writing_to_a_full_device_is_one_line(cli: Cli) -> None:
    result = cli("codes", "add", "Innovation")
    assert result.exit_code == 0
    full = cli("codes", "export", "--out", "/dev/full")
    assert full.exit_code == 1
    assert full.output == (
        "Error: cannot write: No space left on device. The unfinished work was undone; "
        "free some space and try again.\n"
    )


def test_describe_machine_failure_names_the_file_or_leaves_other_errors_alone() -> None:
    denied = PermissionError(errno.EACCES, "Permission denied", "/srv/report.docx")
    assert describe_machine_failure(denied) == "/srv/report.docx: Permission denied."
    assert describe_machine_failure(BrokenPipeError(errno.EPIPE, "Broken pipe")) is None
    assert describe_machine_failure(KeyError("name")) is None
