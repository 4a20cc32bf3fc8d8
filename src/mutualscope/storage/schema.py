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
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")


def upgrade_to(engine: Engine, revision: str) -> None:
    """Upgrade to a given revision (tests build old projects with this)."""
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)
