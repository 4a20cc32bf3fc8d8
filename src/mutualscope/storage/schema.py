"""Schema revisions: where a database stands and how to bring it up to date."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {rev.revision for rev in script_directory().walk_revisions()}


@dataclass(frozen=True)
class SchemaState:
    """``status`` is one of: empty, current, outdated, newer, foreign."""

    current: str | None
    head: str
    status: str
    tables: tuple[str, ...]


def schema_state(engine: Engine) -> SchemaState:
    """Read the revision stamped in the database and compare it with this version's head."""
    head = head_revision()
    with engine.connect() as conn:
        tables = tuple(sorted(inspect(conn).get_table_names()))
        current = MigrationContext.configure(conn).get_current_revision()
    if current is None:
        status = "foreign" if tables else "empty"
    elif current == head:
        status = "current"
    elif current in known_revisions():
        status = "outdated"
    else:
        status = "newer"
    return SchemaState(current=current, head=head, status=status, tables=tables)


def upgrade_to_head(engine: Engine) -> None:
    upgrade_to(engine, "head")


def upgrade_to(engine: Engine, revision: str) -> None:
    """Bring the schema to ``revision`` in one transaction: all of it or none of it."""
    if engine.dialect.name == "sqlite":
        _upgrade_sqlite(engine, revision, "upgrade")
        return
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def downgrade_to(engine: Engine, revision: str) -> None:
    """Take the schema back to ``revision`` (tests of downgrades use this)."""
    if engine.dialect.name == "sqlite":
        _upgrade_sqlite(engine, revision, "downgrade")
        return
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)


def _upgrade_sqlite(engine: Engine, revision: str, direction: str) -> None:
    """Run migrations on SQLite inside one real transaction, with foreign keys off.

    Python's sqlite3 begins a transaction only before INSERT, UPDATE or DELETE, so a
    migration's CREATE, ALTER and DROP statements before its first row change would each
    commit on their own, and a failure half-way would leave a schema that is neither the
    old revision nor the new. A BEGIN of our own makes the whole upgrade one transaction.
    Foreign keys are off (which SQLite allows only outside a transaction) so that a table
    a migration rebuilds can be dropped without deleting the rows that refer to it; they
    are checked before the commit, and the connection is discarded afterwards so that no
    other work runs on it with them off.
    """
    with engine.connect() as conn:
        try:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            if direction == "upgrade":
                command.upgrade(alembic_config(conn), revision)
            else:
                command.downgrade(alembic_config(conn), revision)
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
            if broken:
                raise RuntimeError(
                    f"the schema {direction} to {revision} would leave rows that refer to "
                    f"missing rows (first: {tuple(broken[0])}); nothing was changed"
                )
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.invalidate()
