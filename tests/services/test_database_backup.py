"""`db backup` taken while coders write restores to a whole project, on both backends:
every coding acknowledged before the backup began is in it, nothing half-written is, and
a backup of a quiet project restores to an identical one (rows and document texts)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from tests.factories import make_code, make_document
from tests.fingerprint import Fingerprint, fingerprint

from mutualscope.errors import ProjectError
from mutualscope.services.codings import add_coding
from mutualscope.services.database import backup_database, postgresql_backup_commands
from mutualscope.services.project import Project, open_project

RUN_CLI = "import sys; from mutualscope.cli.main import main; sys.exit(main())"
TEXT = "Interviewer: How did it start?\nCEO: We did it under the radar, with staff.\n" * 40


def run_backup_command(location: str, destination: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN_CLI, "--db", location, "db", "backup", str(destination)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


Restore = Callable[[Path, Path], str]


@pytest.fixture
def restore(backend: str, pg_database: str | None) -> Iterator[Restore]:
    """Restores a backup file to a project location (a copy for SQLite, a new database
    filled by pg_restore for PostgreSQL); every database made is dropped afterwards."""
    made: list[str] = []
    server = os.environ.get("MUTUALSCOPE_TEST_PG")

    def restore_file(backup: Path, tmp: Path) -> str:
        if backend == "sqlite":
            copy = tmp / f"restored-{uuid.uuid4().hex[:6]}.db"
            shutil.copyfile(backup, copy)
            return str(copy)
        assert server is not None
        name = f"mstest_restore_{uuid.uuid4().hex[:10]}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        made.append(name)
        url = make_url(server).set(database=name)
        libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
        done = subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={libpq}", str(backup)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return url.render_as_string(hide_password=False)

    yield restore_file
    drop_databases(made)


def drop_databases(names: list[str]) -> None:
    """Drops databases a test made on the PostgreSQL server of MUTUALSCOPE_TEST_PG."""
    server = os.environ.get("MUTUALSCOPE_TEST_PG")
    if not names or not server:
        return
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in names:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


def fingerprint_of(location: str) -> Fingerprint:
    restored = open_project(location)
    try:
        return fingerprint(restored.engine)
    finally:
        restored.close()


def test_backup_during_writes_restores_a_whole_project(
    project: Project, db_url: str, tmp_path: Path, restore: Restore
) -> None:
    with project.session() as session:
        document = make_document(session, text=TEXT, name="case-3-ceo.txt")
        for n in range(4):
            make_code(session, f"Theme {n}")
        doc_id = document.id
    acknowledged: list[tuple[int, int, int]] = []
    stop = threading.Event()

    def code(worker: int) -> None:
        position = worker
        while not stop.is_set():
            start = position % (len(TEXT) - 20)
            with project.session() as session:
                add_coding(
                    session, doc_id, f"Theme {worker}", start=start, end=start + 12,
                    coder=f"coder{worker}",
                )  # fmt: skip
            acknowledged.append((worker, start, start + 12))
            position += 4

    workers = [threading.Thread(target=code, args=(w,)) for w in range(4)]
    for worker in workers:
        worker.start()
    try:
        time.sleep(0.5)
        before_backup = len(acknowledged)
        done = run_backup_command(db_url, tmp_path / "during.bak")
        assert done.returncode == 0, done.stderr
        time.sleep(0.3)
    finally:
        stop.set()
        for worker in workers:
            worker.join()
    assert before_backup > 0
    restored = fingerprint_of(restore(tmp_path / "during.bak", tmp_path))
    source = fingerprint(project.engine)
    assert restored.texts == source.texts
    restored_spans = {(int(c.split()[-1]), s, e) for _d, c, s, e, _u in restored.codings}
    assert set(acknowledged[:before_backup]) <= restored_spans
    assert restored.codings <= source.codings

    # Once writes stop, a backup restores to exactly the project.
    written = backup_database(db_url, tmp_path / "quiet.bak")
    assert fingerprint_of(restore(written, tmp_path)) == source


def test_backup_sqlite_copy_passes_integrity_check(
    backend: str, project: Project, db_url: str, tmp_path: Path
) -> None:
    if backend != "sqlite":
        pytest.skip("a SQLite file")
    with project.session() as session:
        make_document(session, text=TEXT, name="one.txt")
    written = backup_database(db_url, tmp_path / "copy.db")
    connection = sqlite3.connect(written)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()


def test_backup_postgresql_without_pg_dump_gives_commands_that_work(
    backend: str,
    project: Project,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if backend != "postgresql":
        pytest.skip("a PostgreSQL server")
    with project.session() as session:
        make_document(session, text=TEXT, name="case-3-ceo.txt")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ProjectError) as raised:
        backup_database(db_url, tmp_path / "x.dump")
    message = str(raised.value)
    dump_command, restore_command = postgresql_backup_commands(db_url, str(tmp_path / "x.dump"))
    assert dump_command in message and restore_command in message
    assert "+psycopg" not in message
    monkeypatch.undo()
    # The command shown works as given (pg_dump rejects a SQLAlchemy driver URL).
    done = subprocess.run(dump_command, shell=True, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "x.dump").stat().st_size > 0

    # So does the restore shown, on the project's server: the project's server is not
    # necessarily the one a bare `createdb` reaches (PGHOST points nowhere here).
    name = f"mstest_restore_{uuid.uuid4().hex[:10]}"
    elsewhere = {**os.environ, "PGHOST": str(tmp_path / "no-server-here")}
    try:
        done = subprocess.run(
            restore_command.replace("NEWDB", name),
            shell=True,
            capture_output=True,
            text=True,
            check=False,
            env=elsewhere,
        )
        assert done.returncode == 0, done.stderr
        restored = make_url(db_url).set(database=name).render_as_string(hide_password=False)
        assert fingerprint_of(restored) == fingerprint(project.engine)
    finally:
        drop_databases([name])


def test_backup_refuses_to_overwrite_and_leaves_no_partial(db_url: str, tmp_path: Path) -> None:
    existing = tmp_path / "exists.bak"
    existing.write_text("keep me")
    with pytest.raises(Exception, match="already exists"):
        backup_database(db_url, existing)
    assert existing.read_text() == "keep me"
    assert not list(tmp_path.glob("*.partial"))
