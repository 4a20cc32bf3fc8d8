"""Engines for the two backends: SQLite (WAL, foreign keys on) and PostgreSQL (psycopg 3)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from mutualscope.settings import DatabaseTarget
from mutualscope.storage.write_lock import install_write_lock

#: Connections kept open to a PostgreSQL server, per process.
POOL_SIZE = 20


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def create_project_engine(target: DatabaseTarget) -> Engine:
    """An engine for the target; no connection is made yet."""
    if target.backend == "sqlite":
        engine = create_engine(target.url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        install_write_lock(engine, str(target.path or target.url))
        return engine
    return create_engine(
        target.url,
        pool_pre_ping=True,
        # Room for every request the web server's thread pool runs at once: a connection
        # beyond pool_size is closed when returned, and opening one costs a few ms.
        pool_size=POOL_SIZE,
        max_overflow=20,
        connect_args={"connect_timeout": 5},
    )
