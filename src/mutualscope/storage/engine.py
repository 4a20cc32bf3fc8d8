"""Engines for the two backends: SQLite (WAL, foreign keys on) and PostgreSQL (psycopg 3).

A SQLite file has one engine per process, shared by everyone who opens it here and
disposed when the last of them closes it. SQLite's locks on a file are POSIX locks, which
belong to the process: closing *any* descriptor of the file in the process (a second
engine's connection, a raw ``sqlite3.connect``, Python reading the file's header) drops
every lock the process holds on it. Another process then takes the file for unused when
its last connection closes, checkpoints and deletes the ``-wal`` and ``-shm`` files under
this one, and what this process writes next is lost. With one engine per file, and the
file touched only through it while it is open, the locks stay held.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import Engine

from mutualscope.settings import DatabaseTarget
from mutualscope.storage.base import declare_postgresql_where
from mutualscope.storage.write_lock import install_write_lock

#: Connections kept open to a PostgreSQL server, per process.
POOL_SIZE = 20
#: A pooled connection unused for this many seconds is checked before use.
PING_AFTER_IDLE = 10.0
_LAST_USED = "mutualscope_last_used"


@dataclass
class _Shared:
    engine: Engine
    users: int


_sqlite_engines: dict[str, _Shared] = {}
_registry_lock = threading.RLock()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def sqlite_file_key(path: Path) -> str:
    """The name one file goes by in this process, whatever path reached it."""
    return os.path.realpath(path)


def _new_sqlite_engine(target: DatabaseTarget, key: str) -> Engine:
    engine = create_engine(f"sqlite:///{key}", connect_args={"timeout": 30})
    event.listen(engine, "connect", _sqlite_pragmas)
    install_write_lock(engine, key)
    return engine


def _ping_if_idle(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    """Check a pooled connection that sat unused for a while before handing it out; a
    dead one is replaced (the pool retries with a fresh connection).

    Pinging on every checkout (``pool_pre_ping``) cost each web request a round trip to
    the server: a tenth of the work of adding a coding. A connection in steady use is
    not pinged; a server restart during use fails the one request that meets it, and the
    pool then drops every connection of the old server.
    """
    if time.monotonic() - record.info.get(_LAST_USED, 0.0) < PING_AFTER_IDLE:
        return
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        # Not inside a transaction afterwards: the pool hands out connections clean.
        dbapi_connection.rollback()
    except Exception as error:
        raise exc.DisconnectionError(str(error)) from error


def _mark_used(_dbapi_connection: Any, record: Any) -> None:
    if record is not None:
        record.info[_LAST_USED] = time.monotonic()


def _new_server_engine(target: DatabaseTarget) -> Engine:
    declare_postgresql_where()
    engine = create_engine(
        target.url,
        # Room for every request the web server's thread pool runs at once: a connection
        # beyond pool_size is closed when returned, and opening one costs a few ms.
        pool_size=POOL_SIZE,
        max_overflow=20,
        connect_args={"connect_timeout": 5},
    )
    event.listen(engine.pool, "checkout", _ping_if_idle)
    event.listen(engine.pool, "checkin", _mark_used)
    return engine


def create_project_engine(target: DatabaseTarget) -> Engine:
    """An engine for the target; no connection is made yet.

    For a SQLite file this is the process's engine for it (shared); give it back with
    :func:`release_project_engine`, never with ``engine.dispose()``.
    """
    if target.backend != "sqlite":
        return _new_server_engine(target)
    assert target.path is not None
    key = sqlite_file_key(target.path)
    with _registry_lock:
        shared = _sqlite_engines.get(key)
        if shared is None:
            shared = _sqlite_engines[key] = _Shared(_new_sqlite_engine(target, key), 0)
        shared.users += 1
        return shared.engine


def release_project_engine(engine: Engine) -> None:
    """Give back an engine from :func:`create_project_engine`; the last user of a SQLite
    file's engine closes its connections."""
    if engine.dialect.name != "sqlite":
        engine.dispose()
        return
    with _registry_lock:
        for key, shared in list(_sqlite_engines.items()):
            if shared.engine is engine:
                shared.users -= 1
                if shared.users <= 0:
                    del _sqlite_engines[key]
                    engine.dispose()
                return
    engine.dispose()


def sqlite_file_is_open(path: Path) -> bool:
    """True when this process has an engine on the file (so its header was checked and
    the file must not be opened behind SQLite's back)."""
    with _registry_lock:
        return sqlite_file_key(path) in _sqlite_engines


def open_sqlite_engines() -> list[str]:
    """The SQLite files this process has engines on (for tests and diagnostics)."""
    with _registry_lock:
        return sorted(_sqlite_engines)


def backup_sqlite_engine(engine: Engine, destination: Path) -> None:
    """Copy the engine's database to ``destination`` with SQLite's online backup API,
    through one of the engine's own connections (a consistent copy while others write)."""
    with engine.connect() as conn:
        source = conn.connection.driver_connection
        assert isinstance(source, sqlite3.Connection)
        # The copy is a new file of its own: no engine of this process has it open.
        copy = sqlite3.connect(destination)
        try:
            source.backup(copy)
        finally:
            copy.close()
