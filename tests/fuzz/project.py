"""The project each fuzzing case runs against, its fingerprint, and its integrity.

A baseline project (the demo's registry, transcripts, codebook and codings) is built once
per run: a SQLite file, or a PostgreSQL database used as the template of the working
one. Before each case the working project is the baseline again. A command that refuses
its input must leave every row of every table as it was (the fingerprint is a hash of all
of them); one that accepts it must leave a project that passes the integrity checks.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from mutualscope.demo import coding, transcripts
from mutualscope.demo.registry import REGISTRY_FILE
from mutualscope.services.organisation_imports import import_organisations
from mutualscope.services.project import init_project
from tests.reliability.consistency import find_problems


def build_baseline(project_url: str, workdir: Path) -> None:
    """Create the baseline project at ``project_url`` (a file path or an empty database)."""
    project, _ = init_project(project_url)
    try:
        with project.session() as session:
            import_organisations(session, path=REGISTRY_FILE, actor="fuzz")
        transcripts.run(project, workdir, lambda _message: None)
        coding.run(project, workdir, lambda _message: None)
    finally:
        project.close()


def fingerprint(url: str) -> str:
    """A hash of every row of every table (rows sorted, so their order does not count)."""
    engine = sa.create_engine(_sqlalchemy_url(url))
    digest = hashlib.sha256()
    try:
        with engine.connect() as conn:
            for table in sorted(sa.inspect(conn).get_table_names()):
                rows = conn.exec_driver_sql(f'SELECT * FROM "{table}"').all()
                digest.update(f"{table}:{len(rows)}\n".encode())
                for line in sorted(repr(tuple(row)) for row in rows):
                    digest.update(line.encode("utf-8", "surrogatepass"))
    finally:
        engine.dispose()
    return digest.hexdigest()


#: What every import must keep, beyond the consistency the crash trials check.
_INVARIANTS = {
    "documents whose length is not their text's": (
        "SELECT count(*) FROM document WHERE {length}(text) <> length"
    ),
    "turns that end before they start": 'SELECT count(*) FROM segment WHERE "end" < start',
    "codings that end where they start, or before": (
        'SELECT count(*) FROM coding WHERE "end" <= start'
    ),
    "organisations without a name": (
        "SELECT count(*) FROM organisation WHERE name IS NULL OR name = ''"
    ),
    "codes without a name": "SELECT count(*) FROM code WHERE name IS NULL OR name = ''",
}


def integrity_problems(url: str) -> list[str]:
    """What is wrong with the project: the consistency checks of the crash trials
    (:func:`tests.reliability.consistency.find_problems`: the database's own checks, the
    search index, no partial document, turns and codings inside their text), then the
    invariants every import keeps (:data:`_INVARIANTS`)."""
    problems = find_problems(url)
    engine = sa.create_engine(_sqlalchemy_url(url))
    try:
        with engine.connect() as conn:
            length = "length" if conn.dialect.name == "sqlite" else "char_length"
            for label, query in _INVARIANTS.items():
                if n := conn.exec_driver_sql(query.format(length=length)).scalar():
                    problems.append(f"{n} {label}")
    finally:
        engine.dispose()
    return problems


def _sqlalchemy_url(url: str) -> str:
    return url if "://" in url else f"sqlite:///{url}"


@dataclass
class Workspace:
    """Where cases run: ``url`` is the working project, reset to the baseline on demand."""

    url: str
    baseline: str  # the fingerprint of the baseline

    def reset(self) -> None:  # pragma: no cover - replaced by each backend
        raise NotImplementedError


@dataclass
class SqliteWorkspace(Workspace):
    template: Path

    def reset(self) -> None:
        for suffix in ("-wal", "-shm", "-journal"):
            Path(self.url + suffix).unlink(missing_ok=True)
        shutil.copyfile(self.template, self.url)


@dataclass
class PostgresWorkspace(Workspace):
    server: str
    template_name: str
    work_name: str

    def reset(self) -> None:
        admin = sa.create_engine(self.server, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                _drop(conn, self.work_name)
                conn.exec_driver_sql(
                    f'CREATE DATABASE "{self.work_name}" TEMPLATE "{self.template_name}"'
                )
        finally:
            admin.dispose()


def _drop(conn: sa.Connection, name: str) -> None:
    conn.execute(
        sa.text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = :name AND pid <> pg_backend_pid()"
        ),
        {"name": name},
    )
    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')


@contextmanager
def workspace(workdir: Path, server: str | None = None) -> Iterator[Workspace]:
    """A baseline project and a working copy of it: SQLite files in ``workdir``, or two
    databases on the PostgreSQL ``server`` (dropped afterwards)."""
    if server is None:
        template = workdir / "baseline.db"
        build_baseline(str(template), workdir)
        work = str(workdir / "project.db")
        space: Workspace = SqliteWorkspace(work, fingerprint(str(template)), template)
        space.reset()
        yield space
        return
    suffix = uuid.uuid4().hex[:10]
    template_name, work_name = f"fuzz_{suffix}_baseline", f"fuzz_{suffix}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{template_name}"')
    template_url = make_url(server).set(database=template_name).render_as_string(False)
    work_url = make_url(server).set(database=work_name).render_as_string(False)
    try:
        build_baseline(template_url, workdir)
        space = PostgresWorkspace(
            work_url, fingerprint(template_url), server, template_name, work_name
        )
        space.reset()
        yield space
    finally:
        with admin.connect() as conn:
            _drop(conn, work_name)
            _drop(conn, template_name)
        admin.dispose()
