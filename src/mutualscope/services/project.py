"""Opening and creating projects: one project is one database."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from sqlalchemy import exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from mutualscope.errors import ProjectError, SchemaOutOfDate, SchemaTooNew
from mutualscope.settings import DatabaseTarget, resolve_database

# The classes that relationships name (by class name), so that each finds the other
# whichever service module a command imports first. The rest (memos, recordings,
# protection, assistance, consent, web jobs) hold no relationships and come with the
# services that use them: a command maps only what it may query, which is a good part
# of a read command's start-up. ``mutualscope.storage.models`` holds them all.
from mutualscope.storage import cases, codebook, documents, organisations, users  # noqa: F401
from mutualscope.storage.engine import (
    backup_sqlite_engine,
    create_project_engine,
    release_project_engine,
    sqlite_file_is_open,
)
from mutualscope.storage.schema import SchemaState, quick_state, schema_state, upgrade_to_head

SQLITE_HEADER = b"SQLite format 3\x00"


class Project:
    """An open project: its location, engine and sessions.

    Use :meth:`session` with the functions in :mod:`mutualscope.services`::

        with project.session() as session:
            organisations.list_organisations(session)
    """

    def __init__(self, target: DatabaseTarget, engine: Engine) -> None:
        self.target = target
        self.engine = engine
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)
        self._closed = False

    @property
    def backend(self) -> str:
        return self.target.backend

    @property
    def location(self) -> str:
        return self.target.display

    def session(self) -> Session:
        return self._sessions()

    def close(self) -> None:
        """Let go of the project. Closing twice is harmless."""
        if not self._closed:
            self._closed = True
            release_project_engine(self.engine)

    def __enter__(self) -> Project:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Project {self.backend} {self.location}>"


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not an SQLite database, before SQLite touches it.

    A file this process already has open was checked when it was opened, and is not read
    again: closing a descriptor of it here would drop the locks SQLite holds on it.
    """
    if sqlite_file_is_open(path):
        return
    if path.is_dir():
        raise ProjectError(f"{path} is a folder, not a project database file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except PermissionError as error:
        raise ProjectError(f"Cannot read {path}: permission denied.") from error
    if header and header != SQLITE_HEADER:
        raise ProjectError(
            f"{path} is not a mutualscope project: it is not an SQLite database file."
        )


def check_writable(path: Path) -> None:
    folder = path.parent
    if not folder.exists():
        raise ProjectError(f"Cannot create {path}: the folder {folder} does not exist.")
    if path.exists() and not os.access(path, os.W_OK):
        raise ProjectError(f"Cannot write to {path}: permission denied.")
    if not os.access(folder, os.W_OK):
        raise ProjectError(
            f"Cannot write to {folder}: permission denied (SQLite needs to write beside "
            "the project file)."
        )


def connect_engine(target: DatabaseTarget) -> tuple[Engine, SchemaState]:
    engine = create_project_engine(target)
    try:
        state = quick_state(engine) or schema_state(engine)
    except exc.OperationalError as error:
        release_project_engine(engine)
        if target.backend == "postgresql":
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise ProjectError(
                f"Could not connect to the PostgreSQL server at {target.display}: {reason}"
            ) from error
        raise ProjectError(
            f"{target.display} cannot be opened as a project: {error.orig}"
        ) from error
    except exc.DatabaseError as error:
        release_project_engine(engine)
        raise ProjectError(
            f"{target.display} is not a mutualscope project: {error.orig}"
        ) from error
    return engine, state


def sqlite_backup_path(path: Path, revision: str | None) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return path.with_name(f"{path.name}.{revision or 'empty'}.{stamp}.bak")


def refuse_unusable(target: DatabaseTarget, state: SchemaState) -> None:
    if state.status == "foreign":
        raise ProjectError(
            f"{target.display} is a database but not a mutualscope project "
            "(it has tables but no mutualscope schema revision)."
        )
    if state.status == "newer":
        raise SchemaTooNew(
            f"{target.display} was written by a newer version of mutualscope "
            f"(schema revision {state.current}; this version knows up to {state.head}). "
            "Upgrade mutualscope to open it."
        )


def upgrade_sqlite(target: DatabaseTarget, engine: Engine, state: SchemaState) -> Path | None:
    """Back up an older SQLite project, then upgrade it. Returns the backup path."""
    assert target.path is not None
    check_writable(target.path)
    backup = None
    if state.current is not None:
        backup = sqlite_backup_path(target.path, state.current)
        backup_sqlite_engine(engine, backup)
    upgrade_to_head(engine)
    return backup


def open_project(location: str | os.PathLike[str] | None = None) -> Project:
    """Open an existing project; an older SQLite project is backed up and upgraded.

    A PostgreSQL project is upgraded only on request (``mutualscope db upgrade``).
    """
    target = resolve_database(location)
    if target.path is not None:
        if not target.path.exists():
            raise ProjectError(
                f"There is no project at {target.path}. Create one with `mutualscope init` "
                "or name another with --db."
            )
        check_sqlite_file(target.path)
    engine, state = connect_engine(target)
    try:
        refuse_unusable(target, state)
        if state.status == "empty":
            hint = "mutualscope init" if target.backend == "sqlite" else "mutualscope db upgrade"
            raise ProjectError(
                f"{target.display} has no mutualscope schema yet: run `{hint}` first."
            )
        if state.status == "outdated":
            if target.backend != "sqlite":
                raise SchemaOutOfDate(
                    f"The PostgreSQL project at {target.display} is out of date (schema "
                    f"revision {state.current}, this version needs {state.head}). Run "
                    "`mutualscope --db URL db upgrade` to upgrade it."
                )
            upgrade_sqlite(target, engine, state)
    except BaseException:
        release_project_engine(engine)
        raise
    return Project(target, engine)


def init_project(location: str | os.PathLike[str] | None = None) -> tuple[Project, bool]:
    """Create a project (or bring an existing one up to date). Returns (project, created)."""
    target = resolve_database(location)
    if target.path is not None:
        if target.path.exists():
            check_sqlite_file(target.path)
        check_writable(target.path)
    engine, state = connect_engine(target)
    try:
        refuse_unusable(target, state)
        created = state.status == "empty"
        if state.status in ("empty", "outdated"):
            if target.backend == "sqlite":
                upgrade_sqlite(target, engine, state)
            else:
                upgrade_to_head(engine)
    except BaseException:
        release_project_engine(engine)
        raise
    return Project(target, engine), created
