"""consent records, and an audit trail that cannot be changed

- ``consent_record``: one row per participant with four scopes (interview, quoting,
  archiving, reuse), each granted, refused or unknown; the date consent was given, where
  the signed form is kept, and when the participant withdrew. Participants recorded as
  withdrawn before this revision get a record with every scope refused; everyone else
  has no record (every scope unknown).
- ``audit_event`` becomes append-only: a trigger on each backend refuses DELETE of its
  rows, and any UPDATE but one: a withdrawal replacing words of the withdrawn person that
  an event quoted (a corrected turn's old words) with ``[withdrawn]``, leaving who, when,
  what and which as they were.

Revision ID: 0009_consent
Revises: 0008_recording_words
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_consent"
down_revision: str | None = "0008_recording_words"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCOPES = ("interview", "quoting", "archiving", "reuse")
REFUSAL = "audit events are append-only: they cannot be changed or deleted"

#: The one change an audit row takes: a withdrawal replacing words it quoted with the
#: marker, every other column as it was.
SQLITE_REDACTION = """new.id = old.id AND new.at IS old.at AND new.actor IS old.actor
        AND new.action = old.action AND new.entity_type = old.entity_type
        AND new.entity_id IS old.entity_id
        AND instr(coalesce(new."before", '') || coalesce(new."after", ''), '[withdrawn]') > 0"""
SQLITE_UP = [
    f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
    WHEN NOT ({SQLITE_REDACTION}) BEGIN
        SELECT RAISE(ABORT, '{REFUSAL}');
    END""",
    f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN
        SELECT RAISE(ABORT, '{REFUSAL}');
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
    "DROP TRIGGER IF EXISTS audit_event_no_update",
]
POSTGRESQL_UP = [
    f"""CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.at = OLD.at
            AND NEW.actor IS NOT DISTINCT FROM OLD.actor AND NEW.action = OLD.action
            AND NEW.entity_type = OLD.entity_type
            AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id
            AND coalesce(NEW.before::text, '') || coalesce(NEW.after::text, '')
                LIKE '%[withdrawn]%' THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'restrict_violation';
    END $$""",
    """CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
]
POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event",
    "DROP FUNCTION IF EXISTS audit_event_append_only()",
]


def _answer_check(scope: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(
        f"{scope} IN ('granted', 'refused', 'unknown')", name=op.f(f"ck_consent_record_{scope}")
    )


def upgrade() -> None:
    op.create_table(
        "consent_record",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        *(sa.Column(scope, sa.String(length=10), nullable=False) for scope in SCOPES),
        sa.Column("given_on", sa.Date(), nullable=True),
        sa.Column("form", sa.String(length=500), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        *(_answer_check(scope) for scope in SCOPES),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_consent_record_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("participant_id", name=op.f("pk_consent_record")),
    )
    op.execute(
        "INSERT INTO consent_record (participant_id, interview, quoting, archiving, reuse, "
        "updated_at) SELECT id, 'refused', 'refused', 'refused', 'refused', updated_at "
        "FROM participant WHERE consent = 'withdrawn'"
    )
    statements = SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_UP
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    statements = SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_DOWN
    for statement in statements:
        op.execute(statement)
    op.drop_table("consent_record")
