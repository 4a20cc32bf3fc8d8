"""audit events may take the project's pseudonyms in place of original words

``protect remove-originals`` makes the pseudonymised text a document's only text. The
audit trail quotes some of the original words (a corrected turn's old text), so those
events have each original replaced by its pseudonym. Migration 0009's append-only rule
allowed one change (a withdrawal's ``[withdrawn]``); it now allows a second of the same
shape: who, when, what and which as they were, and the new values holding a pseudonym of
the project's key (``pseudonym.replacement``). Deleting an event is still refused.

Revision ID: 0013_remove_originals
Revises: 0012_web_jobs
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013_remove_originals"
down_revision: str | None = "0012_web_jobs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSAL = "audit events are append-only: they cannot be changed or deleted"

SQLITE_SAME = """new.id = old.id AND new.at IS old.at AND new.actor IS old.actor
        AND new.action = old.action AND new.entity_type = old.entity_type
        AND new.entity_id IS old.entity_id"""
SQLITE_VALUES = """(coalesce(new."before", '') || coalesce(new."after", ''))"""


def _sqlite_trigger(allowed: str) -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS audit_event_no_update",
        f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
    WHEN NOT ({SQLITE_SAME} AND ({allowed})) BEGIN
        SELECT RAISE(ABORT, '{REFUSAL}');
    END""",
    ]


SQLITE_WITHDRAWN = f"instr({SQLITE_VALUES}, '[withdrawn]') > 0"
SQLITE_PSEUDONYM = (
    f"EXISTS (SELECT 1 FROM pseudonym p WHERE p.replacement <> '' "
    f"AND instr({SQLITE_VALUES}, p.replacement) > 0)"
)
SQLITE_UP = _sqlite_trigger(f"{SQLITE_WITHDRAWN} OR {SQLITE_PSEUDONYM}")
SQLITE_DOWN = _sqlite_trigger(SQLITE_WITHDRAWN)


def _postgresql_function(allowed: str) -> list[str]:
    return [
        f"""CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        present text;
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            present := coalesce(NEW.before::text, '') || coalesce(NEW.after::text, '');
            IF NEW.id = OLD.id AND NEW.at = OLD.at
                AND NEW.actor IS NOT DISTINCT FROM OLD.actor AND NEW.action = OLD.action
                AND NEW.entity_type = OLD.entity_type
                AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id
                AND ({allowed}) THEN
                RETURN NEW;
            END IF;
        END IF;
        RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'restrict_violation';
    END $$"""
    ]


PG_WITHDRAWN = "present LIKE '%[withdrawn]%'"
PG_PSEUDONYM = (
    "EXISTS (SELECT 1 FROM pseudonym p WHERE p.replacement <> '' "
    "AND position(p.replacement IN present) > 0)"
)
POSTGRESQL_UP = _postgresql_function(f"{PG_WITHDRAWN} OR {PG_PSEUDONYM}")
POSTGRESQL_DOWN = _postgresql_function(PG_WITHDRAWN)


def _run(sqlite: list[str], postgresql: list[str]) -> None:
    for statement in sqlite if op.get_bind().dialect.name == "sqlite" else postgresql:
        op.execute(statement)


def upgrade() -> None:
    _run(SQLITE_UP, POSTGRESQL_UP)


def downgrade() -> None:
    _run(SQLITE_DOWN, POSTGRESQL_DOWN)
