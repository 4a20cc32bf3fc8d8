"""consent records, and an audit trail that cannot be changed

- ``consent_record``: one row per participant with four scopes (interview, quoting,
  archiving, reuse), each granted, refused or unknown; the date consent was given, where
  the signed form is kept, and when the participant withdrew. Participants recorded as
  withdrawn before this revision get a record with every scope refused; everyone else
  has no record (every scope unknown).
- ``audit_event`` becomes append-only: a trigger on each backend refuses UPDATE and
  DELETE of its rows (the services only ever insert).

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

SQLITE_UP = [
    f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event BEGIN
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
