"""Bulk inserts straight through the database driver, for imports of many rows.

SQLAlchemy's per-row parameter processing costs more than the insert itself when a
transcript brings thousands of turns and index rows; these helpers hand tuples to the
driver: SQLite's ``executemany``, and PostgreSQL's ``COPY`` (several times faster there
than one INSERT per row, even pipelined).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session


def upsert_insert(session: Session) -> Any:
    """The dialect's ``insert`` construct, which has ``on_conflict_do_nothing`` and
    ``on_conflict_do_update``. Imported when first needed, so a command on SQLite never
    loads PostgreSQL's dialect (a sixth of the command line's start-up)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def placeholder(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def insert_rows(
    conn: Connection,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    values: Sequence[str] | None = None,
) -> None:
    """``INSERT INTO table (columns) VALUES (...)`` for every row, in one executemany.

    ``values`` gives an SQL expression per column with ``{}`` where the parameter goes
    (``"to_tsvector('simple', {})"``); plain parameters by default.
    """
    if not rows:
        return
    if conn.dialect.name == "postgresql" and values is None:
        copy_rows(conn, table, columns, rows)
        return
    mark = placeholder(conn)
    exprs = [v.format(mark) for v in values] if values else [mark] * len(columns)
    names = ", ".join(f'"{c}"' for c in columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(exprs)})"
    conn.exec_driver_sql(sql, list(rows))


def copy_rows(
    conn: Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """PostgreSQL ``COPY table (columns) FROM STDIN`` in the connection's transaction."""
    names = ", ".join(f'"{c}"' for c in columns)
    driver = conn.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
