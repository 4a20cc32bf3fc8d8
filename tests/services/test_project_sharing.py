"""One SQLite file, one engine per process: opening a project again, checking its status
or backing it up in the same process never drops the locks SQLite holds on the file.

POSIX locks belong to a process and a file: closing *any* descriptor of the file in that
process releases all of them. If a second open (a header check, a second engine, a raw
``sqlite3.connect``) closes its descriptor while the first engine's connections stay open,
another process that closes its last connection believes it is alone, checkpoints and
deletes the ``-wal`` and ``-shm`` files under the first, and writes are lost.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from mutualscope.services import users as users_service
from mutualscope.services.database import backup_database, database_status, upgrade_database
from mutualscope.services.project import Project, init_project, open_project
from mutualscope.storage.engine import open_sqlite_engines
from mutualscope.storage.models import User

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("MUTUALSCOPE_TEST_PG")), reason="POSIX locks on a SQLite file"
)


RUN_CLI = "import sys; from mutualscope.cli.main import main; sys.exit(main())"


def command(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``mutualscope --db PATH ARGS`` in another process, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-c", RUN_CLI, "--db", str(path), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def add_user(project: Project, name: str) -> None:
    with project.session() as session:
        users_service.add_user(session, name=name, role="coder", password=None)


def user_names(path: Path) -> set[str]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {row[0] for row in connection.execute("SELECT name FROM app_user")}
    finally:
        connection.close()


def held_lock_inodes() -> set[int]:
    """Inodes on which this process holds a POSIX lock (from /proc/locks)."""
    pid = str(os.getpid())
    inodes = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "POSIX" in fields and pid in fields:
            device_inode = fields[fields.index(pid) + 1]
            inodes.add(int(device_inode.rsplit(":", 1)[1]))
    return inodes


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "project.db"
    project, _ = init_project(path)
    project.close()
    return path


def test_project_second_open_shares_the_engine(project_file: Path) -> None:
    first = open_project(project_file)
    second = open_project(project_file)
    try:
        assert second.engine is first.engine
        assert open_sqlite_engines().count(str(project_file.resolve())) == 1
    finally:
        second.close()
    # The first is still usable after the second is closed.
    add_user(first, "still-open")
    first.close()
    assert str(project_file.resolve()) not in open_sqlite_engines()
    assert "still-open" in user_names(project_file)


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads /proc/locks")
def test_project_second_open_keeps_the_lock_on_the_file(project_file: Path) -> None:
    first = open_project(project_file)
    try:
        add_user(first, "a")
        inode = project_file.stat().st_ino
        assert inode in held_lock_inodes()
        second = open_project(project_file)
        status = database_status(project_file)
        assert status.state == "current"
        assert inode in held_lock_inodes()
        second.close()
        assert inode in held_lock_inodes()
    finally:
        first.close()


@pytest.mark.parametrize("second_use", ["open", "status", "backup", "upgrade"])
def test_project_writes_survive_a_command_beside_a_second_open(
    project_file: Path, tmp_path: Path, second_use: str
) -> None:
    """The server's case: the project is open (with connections), opened again in the
    same process, a command in another process writes and exits, the first writes again."""
    first = open_project(project_file)
    try:
        add_user(first, "before")
        if second_use == "open":
            open_project(project_file).close()
        elif second_use == "status":
            database_status(project_file)
        elif second_use == "backup":
            backup_database(project_file, tmp_path / "copy.db")
        else:
            upgrade_database(project_file)
        done = command(
            project_file, "users", "add", "from-command", "--role", "coder", "--no-password"
        )
        assert done.returncode == 0, done.stderr
        assert Path(f"{project_file}-wal").exists()
        add_user(first, "after")
        with first.session() as session:
            seen = set(session.scalars(select(User.name)))
        assert {"before", "from-command", "after"} <= seen
    finally:
        first.close()
    assert {"before", "from-command", "after"} <= user_names(project_file)
    assert command(project_file, "db", "status").returncode == 0
    connection = sqlite3.connect(project_file)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()


def test_backup_of_an_open_project_is_complete(project_file: Path, tmp_path: Path) -> None:
    project = open_project(project_file)
    try:
        for n in range(20):
            add_user(project, f"user-{n}")
        copy = backup_database(project_file, tmp_path / "copy.db")
    finally:
        project.close()
    assert {f"user-{n}" for n in range(20)} <= user_names(copy)
