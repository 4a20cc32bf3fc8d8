"""A fresh project for every crash trial, on either backend, made quickly from a template.

SQLite: the template is a closed project file, copied. PostgreSQL: the template is a
database on the server, cloned with ``CREATE DATABASE ... TEMPLATE`` into a private
database that the trial alone uses and that is dropped afterwards (so runs in parallel,
or beside the test suite, never meet).
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from mutualscope.services.project import init_project


class TrialDatabases:
    """Makes and drops the projects of one harness run; ``close`` drops what is left."""

    def __init__(self, backend: str, workdir: Path, server_url: str | None = None) -> None:
        if backend == "postgresql" and not server_url:
            raise ValueError("PostgreSQL trials need a server URL (MUTUALSCOPE_TEST_PG)")
        self.backend = backend
        self.workdir = workdir
        self.server_url = server_url
        self.prefix = f"crash_{uuid.uuid4().hex[:8]}"
        self._made: list[str] = []
        self._empty: str | None = None

    def _database_url(self, name: str) -> str:
        assert self.server_url is not None
        return make_url(self.server_url).set(database=name).render_as_string(hide_password=False)

    def _admin(self, statement: str) -> None:
        engine = create_engine(self.server_url or "", isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(statement))
        finally:
            engine.dispose()

    def empty(self) -> str:
        """A migrated empty project, made once: the template of the others."""
        if self._empty is None:
            self._empty = self.create("empty", template=None)
            project, _ = init_project(self._empty)
            project.close()
        return self._empty

    def create(self, label: str, *, template: str | None) -> str:
        """A new project copied from ``template`` (another of these projects, not in use),
        or a blank database to be set up with ``template=None``."""
        name = f"{self.prefix}_{label}_{len(self._made)}".lower()
        if self.backend == "sqlite":
            path = self.workdir / f"{name}.db"
            if template is not None:
                shutil.copyfile(template, path)
            location = str(path)
        else:
            clone = f' TEMPLATE "{make_url(template).database}"' if template else ""
            self._admin(f'CREATE DATABASE "{name}"{clone}')
            location = self._database_url(name)
        self._made.append(location)
        return location

    def drop(self, location: str) -> None:
        if location in self._made:
            self._made.remove(location)
        if self.backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(location + suffix).unlink(missing_ok=True)
            return
        name = make_url(location).database
        self._admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        )
        self._admin(f'DROP DATABASE IF EXISTS "{name}"')

    def close(self) -> None:
        for location in list(reversed(self._made)):
            self.drop(location)
        self._empty = None
