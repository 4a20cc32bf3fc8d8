"""Emptying the audit trail in tests that start a project afresh.

The trail refuses deletes (migration 0009's triggers), as it should for the services;
a test that wants a project as a new one empties it past them: TRUNCATE on PostgreSQL
(row triggers do not see it), and on SQLite with the triggers set aside and put back.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

TABLE = "audit_event"


def empty_audit_trail(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"TRUNCATE {TABLE}"))
        return
    triggers = conn.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
        {"t": TABLE},
    ).all()
    for name, _ in triggers:
        conn.execute(text(f'DROP TRIGGER "{name}"'))
    conn.execute(text(f"DELETE FROM {TABLE}"))
    for _, sql in triggers:
        conn.execute(text(sql))
