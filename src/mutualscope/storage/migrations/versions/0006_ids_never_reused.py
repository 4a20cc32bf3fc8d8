"""ids are never given twice (SQLite)

Without AUTOINCREMENT, SQLite gives a new row the highest id in its table plus one, so
when the row with the highest id is deleted, the next row gets its id again. A coding,
code or document is addressed by id (the web app's pages and API, the audit trail), so a
page that still shows a removed coding, or a retried request, could then act on a
different row that happens to have the old id: remove another coding, or code the wrong
document or code. PostgreSQL's sequences never give an id twice; SQLite does not either
once a table is declared AUTOINCREMENT, which needs the table rebuilt: a new table with the
same columns and the id declared so, the rows copied with their ids, the old table dropped,
the new one renamed, and the indexes and triggers made again. New ids start above the
highest the table holds or the audit trail records, so a row deleted before the upgrade
keeps its id too (as far as the audit trail knows of it). Foreign keys are off while
this runs (see storage.schema.upgrade_to_head), so dropping a table deletes nothing that
refers to it, and they are checked before the upgrade commits.

PostgreSQL is unchanged.

Revision ID: 0006_ids_never_reused
Revises: 0005_codebook_integrity
Create Date: 2026-12-02
"""

import re
from collections.abc import Sequence

from alembic import op

revision: str = "0006_ids_never_reused"
down_revision: str | None = "0005_codebook_integrity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The tables whose rows are addressed by id from outside the database, with the name
#: the audit trail gives their rows.
TABLES = {
    "organisation": "organisation",
    "case_study": "case",
    "participant": "participant",
    "document": "document",
    "code": "code",
    "coding": "coding",
    "memo": "memo",
    "app_user": "user",
}
_ID_COLUMN = re.compile(r"(\n\s*)id INTEGER NOT NULL,")
_PRIMARY_KEY = re.compile(r",(\s*)CONSTRAINT \w+ PRIMARY KEY \(id\)")


def _rebuild(table: str, *, autoincrement: bool) -> None:
    bind = op.get_bind()
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        # Dropping the old table would delete every row that refers to it.
        raise RuntimeError("tables are rebuilt only with foreign keys off (upgrade_to_head)")
    create, *_ = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).one()
    others = [
        row[0]
        for row in bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') "
            "AND sql IS NOT NULL ORDER BY type, name",
            (table,),
        )
    ]
    if autoincrement:
        if "AUTOINCREMENT" in create:
            return
        new, found = _ID_COLUMN.subn(r"\1id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,", create)
        new, dropped = _PRIMARY_KEY.subn("", new, count=1)
    else:
        if "AUTOINCREMENT" not in create:
            return
        new, found = re.subn(
            r"id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,", "id INTEGER NOT NULL,", create
        )
        new, dropped = re.subn(r"\n\)\s*$", f", \n\tCONSTRAINT pk_{table} PRIMARY KEY (id)\n)", new)
    if found != 1 or dropped != 1:
        raise RuntimeError(f"unexpected definition of table {table}: {create}")
    rebuilt = f"{table}__rebuilt"
    new = re.sub(rf"^CREATE TABLE \"?{table}\"? \(", f'CREATE TABLE "{rebuilt}" (', new)
    columns = ", ".join(
        f'"{row[1]}"' for row in bind.exec_driver_sql(f'PRAGMA table_info("{table}")')
    )
    bind.exec_driver_sql(new)
    bind.exec_driver_sql(
        f'INSERT INTO "{rebuilt}" ({columns}) SELECT {columns} FROM "{table}" ORDER BY id'
    )
    bind.exec_driver_sql(f'DROP TABLE "{table}"')
    bind.exec_driver_sql(f'ALTER TABLE "{rebuilt}" RENAME TO "{table}"')
    for statement in others:
        bind.exec_driver_sql(statement)
    if autoincrement:
        _continue_after_audited_ids(table)


def _continue_after_audited_ids(table: str) -> None:
    """Start the table's ids above any the audit trail has seen: rows deleted before
    this upgrade (the highest of which SQLite would have given again) keep theirs."""
    bind = op.get_bind()
    highest = bind.exec_driver_sql(
        "SELECT max(entity_id) FROM audit_event WHERE entity_type = ?", (TABLES[table],)
    ).scalar()
    if highest is None:
        return
    bind.exec_driver_sql(
        "INSERT INTO sqlite_sequence (name, seq) SELECT ?, 0 "
        "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)",
        (table, table),
    )
    bind.exec_driver_sql(
        "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (highest, table)
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        _rebuild(table, autoincrement=True)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        _rebuild(table, autoincrement=False)
