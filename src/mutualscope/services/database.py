"""The project database itself: status, upgrade and backup."""

from __future__ import annotations

import errno
import os
import shlex
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, inspect, select

from mutualscope.errors import InvalidInput, ProjectError
from mutualscope.services.project import (
    check_sqlite_file,
    check_writable,
    connect_engine,
    refuse_unusable,
    upgrade_sqlite,
)
from mutualscope.settings import mask_password, resolve_database
from mutualscope.storage.engine import backup_sqlite_engine, release_project_engine
from mutualscope.storage.models import Base
from mutualscope.storage.schema import upgrade_to_head


@dataclass(frozen=True)
class DatabaseStatus:
    backend: str
    location: str
    revision: str | None
    head: str
    state: str  # empty | current | outdated | newer | foreign
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def up_to_date(self) -> bool:
        return self.state == "current"

    def as_dict(self) -> dict[str, object]:
        return {
            "backend": self.backend,
            "location": self.location,
            "revision": self.revision,
            "head": self.head,
            "state": self.state,
            "up_to_date": self.up_to_date,
            "counts": self.counts,
        }


def database_status(location: str | os.PathLike[str] | None = None) -> DatabaseStatus:
    """Where the project stands, without changing it (an old project is not upgraded)."""
    target = resolve_database(location)
    if target.path is not None:
        if not target.path.exists():
            raise ProjectError(
                f"There is no project at {target.path}. Create one with `mutualscope init`."
            )
        check_sqlite_file(target.path)
    engine, state = connect_engine(target)
    try:
        counts: dict[str, int] = {}
        if state.status in ("current", "outdated"):
            with engine.connect() as conn:
                present = set(inspect(conn).get_table_names())
                for table in Base.metadata.sorted_tables:
                    if table.name in present:
                        counts[table.name] = (
                            conn.scalar(select(func.count()).select_from(table)) or 0
                        )
        return DatabaseStatus(
            backend=target.backend,
            location=target.display,
            revision=state.current,
            head=state.head,
            state=state.status,
            counts=dict(sorted(counts.items())),
        )
    finally:
        release_project_engine(engine)


@dataclass(frozen=True)
class UpgradeResult:
    location: str
    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def upgrade_database(location: str | os.PathLike[str] | None = None) -> UpgradeResult:
    """Bring a project (SQLite or PostgreSQL) to this version's schema.

    An older SQLite project is backed up beside itself first.
    """
    target = resolve_database(location)
    if target.path is not None:
        if not target.path.exists():
            raise ProjectError(
                f"There is no project at {target.path}. Create one with `mutualscope init`."
            )
        check_sqlite_file(target.path)
        check_writable(target.path)
    engine, state = connect_engine(target)
    try:
        refuse_unusable(target, state)
        backup = None
        if state.status != "current":
            if target.backend == "sqlite":
                backup = upgrade_sqlite(target, engine, state)
            else:
                upgrade_to_head(engine)
        return UpgradeResult(target.display, state.current, state.head, backup)
    finally:
        release_project_engine(engine)


def _check_destination(destination: Path, project_path: Path | None, overwrite: bool) -> Path:
    destination = destination.expanduser().absolute()
    if destination.exists() and not overwrite:
        raise InvalidInput(
            f"{destination} already exists; choose another path or pass --overwrite."
        )
    if project_path is not None and destination.resolve() == project_path.resolve():
        raise InvalidInput("The backup path is the project itself; choose another path.")
    if not destination.parent.is_dir():
        raise InvalidInput(f"Cannot write {destination}: the folder does not exist.")
    if not os.access(destination.parent, os.W_OK):
        raise InvalidInput(f"Cannot write {destination}: permission denied.")
    return destination


def _write_failed(destination: Path, error: BaseException) -> ProjectError:
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if (isinstance(error, OSError) and error.errno == errno.ENOSPC) or "disk is full" in reason:
        reason = "the disk is full"
    return ProjectError(
        f"Could not write the backup {destination}: {reason}. The project is unchanged; "
        "no partial backup was left."
    )


def backup_database(
    location: str | os.PathLike[str] | None, destination: Path, *, overwrite: bool = False
) -> Path:
    """Copy the project to ``destination``, safe while it is in use.

    A SQLite project is copied with SQLite's online backup API; a PostgreSQL project is
    dumped with ``pg_dump`` (custom format, for ``pg_restore``).
    """
    target = resolve_database(location)
    if target.path is None:
        destination = _check_destination(destination, None, overwrite)
        return _dump_postgresql(target.url, destination)
    if not target.path.exists():
        raise ProjectError(f"There is no project at {target.path}.")
    check_sqlite_file(target.path)
    destination = _check_destination(destination, target.path, overwrite)
    partial = destination.with_name(destination.name + ".partial")
    engine, _state = connect_engine(target)
    try:
        partial.unlink(missing_ok=True)
        backup_sqlite_engine(engine, partial)
        partial.replace(destination)
    except (OSError, sqlite3.Error) as error:
        raise _write_failed(destination, error) from error
    finally:
        release_project_engine(engine)
        partial.unlink(missing_ok=True)
    return destination


def libpq_url(url: str) -> str:
    """The URL as PostgreSQL's own tools take it (no SQLAlchemy driver name)."""
    scheme, rest = url.split("://", 1)
    return f"{scheme.split('+', 1)[0]}://{rest}"


def postgresql_backup_commands(url: str, dump: str = "mutualscope.dump") -> tuple[str, str]:
    """The pg_dump and pg_restore commands for a project at ``url`` (password hidden)."""
    shown = shlex.quote(libpq_url(mask_password(url)))
    restore_to = shlex.quote(libpq_url(mask_password(url)).rsplit("/", 1)[0] + "/NEWDB")
    return (
        f"pg_dump --format=custom --file={shlex.quote(dump)} {shown}",
        # createdb on the project's server: bare, it would reach the local one as the
        # local user.
        f"createdb --maintenance-db={shown} NEWDB && "
        f"pg_restore --no-owner --dbname={restore_to} {shlex.quote(dump)}",
    )


def _dump_postgresql(url: str, destination: Path) -> Path:
    dump_command, restore_command = postgresql_backup_commands(url, str(destination))
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise ProjectError(
            "A PostgreSQL project is backed up with PostgreSQL's pg_dump, which is not "
            "installed here (Debian: apt-get install postgresql-client). On a machine that "
            f"has it:\n  {dump_command}\nand to restore into a new database:\n"
            f"  {restore_command}"
        )
    partial = destination.with_name(destination.name + ".partial")
    try:
        done = subprocess.run(
            [pg_dump, "--format=custom", f"--file={partial}", f"--dbname={libpq_url(url)}"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
            if "No space left" in reason:
                raise _write_failed(destination, OSError(errno.ENOSPC, reason))
            raise ProjectError(
                f"pg_dump could not back up {mask_password(url)}: {reason or 'it failed'}. "
                "Nothing was written."
            )
        partial.replace(destination)
    except OSError as error:
        raise _write_failed(destination, error) from error
    finally:
        partial.unlink(missing_ok=True)
    return destination
