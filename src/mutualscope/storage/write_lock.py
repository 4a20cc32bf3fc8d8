"""One writer at a time per SQLite file within a process, queued on a Python lock.

SQLite lets one connection write at a time. A connection that finds the file locked
sleeps and retries on SQLite's own schedule (1, 2, 5, 10 ... up to 100 ms between tries),
so with twenty coders saving at once in the web app a few of them waited close to a
second while the file was free most of that time. Writers in one process now wait on a
lock that wakes the next one as soon as the last commits. Writers in other processes
(a command run while the server is up) still meet SQLite's own waiting.

The lock is taken at a transaction's first write statement (Python's sqlite3 begins the
transaction there too) and released at its commit or rollback, or when the connection
goes back to the pool.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

#: A writer waits at most this long for the lock, then goes on and meets SQLite's own
#: busy timeout (so a thread holding two write transactions at once cannot hang).
WAIT_SECONDS = 30.0
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
_HELD = "mutualscope_write_lock"
_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()


def _lock_for(path: str) -> threading.Lock:
    with _guard:
        return _locks.setdefault(path, threading.Lock())


def _is_write(statement: str) -> bool:
    return statement.lstrip()[:7].upper().startswith(_WRITES)


def install_write_lock(engine: Engine, path: str) -> None:
    """Queue the engine's write transactions on the lock of the file at ``path``."""
    lock = _lock_for(path)

    def before_execute(conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        info = conn.connection.info if conn.connection is not None else None
        if info is None or info.get(_HELD) or not _is_write(statement):
            return
        info[_HELD] = lock.acquire(timeout=WAIT_SECONDS)

    def release(info: dict[Any, Any]) -> None:
        if info.pop(_HELD, False):
            lock.release()

    def after_end(conn: Connection) -> None:
        if conn.connection is not None:
            release(conn.connection.info)

    def on_checkin(_dbapi: Any, record: Any) -> None:
        if record is not None:
            release(record.info)

    event.listen(engine, "before_cursor_execute", before_execute)
    event.listen(engine, "commit", after_end)
    event.listen(engine, "rollback", after_end)
    event.listen(engine.pool, "checkin", on_checkin)
