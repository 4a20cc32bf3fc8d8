"""Bulk inserts straight through the database driver, for imports of many rows.

SQLAlchemy's per-row parameter processing costs more than the insert itself when a
transcript brings thousands of turns and index rows; these helpers hand tuples to the
driver's ``executemany`` (SQLite ``?``, psycopg ``%s``) with the SQL built once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection


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
    mark = placeholder(conn)
    exprs = [v.format(mark) for v in values] if values else [mark] * len(columns)
    names = ", ".join(f'"{c}"' for c in columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(exprs)})"
    conn.exec_driver_sql(sql, list(rows))
