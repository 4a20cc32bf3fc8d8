"""The project database itself: status, upgrade and backup."""

from __future__ import annotations

import os
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
from mutualscope.settings import resolve_database
from mutualscope.storage.models import Base
from mutualscope.storage.schema import backup_sqlite_file, upgrade_to_head


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
        engine.dispose()


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
        engine.dispose()


def backup_database(
    location: str | os.PathLike[str] | None, destination: Path, *, overwrite: bool = False
) -> Path:
    """Copy a SQLite project with the online backup API (safe while it is in use)."""
    target = resolve_database(location)
    if target.path is None:
        raise ProjectError(
            "A PostgreSQL project is backed up with PostgreSQL's own tools, for example:\n"
            f"  pg_dump --format=custom --file=mutualscope.dump '{target.display}'\n"
            "and restored with pg_restore --dbname=URL mutualscope.dump."
        )
    if not target.path.exists():
        raise ProjectError(f"There is no project at {target.path}.")
    check_sqlite_file(target.path)
    destination = destination.expanduser().absolute()
    if destination.exists() and not overwrite:
        raise InvalidInput(
            f"{destination} already exists; choose another path or pass --overwrite."
        )
    if destination.resolve() == target.path.resolve():
        raise InvalidInput("The backup path is the project itself; choose another path.")
    if not destination.parent.is_dir():
        raise InvalidInput(f"Cannot write {destination}: the folder does not exist.")
    if not os.access(destination.parent, os.W_OK):
        raise InvalidInput(f"Cannot write {destination}: permission denied.")
    partial = destination.with_name(destination.name + ".partial")
    try:
        backup_sqlite_file(target.path, partial)
        partial.replace(destination)
    finally:
        partial.unlink(missing_ok=True)
    return destination
