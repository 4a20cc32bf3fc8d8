"""Schema revisions: where a database stands and how to bring it up to date.

Alembic is imported only to migrate or to look closely at a database that is not at this
version's revision: opening a current project reads the stamped revision with one query
and compares it with the head found in the migration files' text (:func:`quick_state`),
which spares a short command about a tenth of a second.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import exc, inspect, text
from sqlalchemy.engine import Engine

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
# The module-level assignments Alembic reads from each migration file.
_REVISION_LINE = re.compile(r"^(revision|down_revision)\b[^=\n]*=\s*(.+)$", re.MULTILINE)


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {rev.revision for rev in script_directory().walk_revisions()}


@dataclass(frozen=True)
class SchemaState:
    """``status`` is one of: empty, current, outdated, newer, foreign. ``tables`` is
    listed where it decides between empty and foreign, and left empty by
    :func:`quick_state`."""

    current: str | None
    head: str
    status: str
    tables: tuple[str, ...]


def schema_state(engine: Engine) -> SchemaState:
    """Read the revision stamped in the database and compare it with this version's head."""
    from alembic.runtime.migration import MigrationContext

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


@cache
def head_in_files() -> str | None:
    """This version's head revision read from the migration files' text, or None when
    the files do not show exactly one head plainly (then Alembic must be asked)."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in VERSIONS_DIR.glob("*.py"):
        if path.name.startswith("__"):
            continue
        found: dict[str, str] = {}
        for name, value in _REVISION_LINE.findall(path.read_text("utf-8")):
            found.setdefault(name, value)
        try:
            revision = ast.literal_eval(found["revision"].strip())
            down = ast.literal_eval(found["down_revision"].strip())
        except (KeyError, ValueError, SyntaxError):
            return None
        if not isinstance(revision, str):
            return None
        revisions.add(revision)
        revised.update([down] if isinstance(down, str) else down or ())
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 else None


def quick_state(engine: Engine) -> SchemaState | None:
    """The state of a database stamped with this version's head, read without Alembic;
    None for anything else (older, newer, empty, not a project), which
    :func:`schema_state` then examines."""
    head = head_in_files()
    if head is None:
        return None
    with engine.connect() as conn:
        try:
            stamped = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        except exc.DBAPIError:
            return None
    if [tuple(row) for row in stamped] != [(head,)]:
        return None
    return SchemaState(current=head, head=head, status="current", tables=())


def upgrade_to_head(engine: Engine) -> None:
    upgrade_to(engine, "head")


def upgrade_to(engine: Engine, revision: str) -> None:
    """Bring the schema to ``revision`` in one transaction: all of it or none of it."""
    if engine.dialect.name == "sqlite":
        _upgrade_sqlite(engine, revision, "upgrade")
        return
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def downgrade_to(engine: Engine, revision: str) -> None:
    """Take the schema back to ``revision`` (tests of downgrades use this)."""
    if engine.dialect.name == "sqlite":
        _upgrade_sqlite(engine, revision, "downgrade")
        return
    from alembic import command

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
    from alembic import command

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
