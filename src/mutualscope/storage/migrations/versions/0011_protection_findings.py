"""participant protection: stored findings, pseudonyms and the pseudonymised layer

- ``protection_finding``: a possible identifier in a document (offsets, kind, text,
  confidence, source and rule) and the reviewer's decision (proposed, accepted,
  rejected, added; who and when), with the hash of the text its offsets point into so
  that findings on an earlier text are known to be stale. One row per span and kind.
- ``pseudonym``: what each original becomes, the same in every document; unique per
  kind and compared form of the original.
- ``protected_text``: a document's pseudonymised text and the spans it replaced.
- A trigger deletes a document's pseudonymised text when its original text changes (an
  edit, a withdrawal), and the findings whose words the new text no longer holds, so
  neither outlives the words it was made from.

Revision ID: 0011_protection_findings
Revises: 0010_assist
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_protection_findings"
down_revision: str | None = "0010_assist"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = [
    """CREATE TRIGGER protected_text_source_changed AFTER UPDATE OF text ON document
    WHEN new.text IS NOT old.text BEGIN
        DELETE FROM protected_text WHERE document_id = new.id;
        DELETE FROM protection_finding
            WHERE document_id = new.id AND instr(new.text, text) = 0;
    END""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS protected_text_source_changed"]
POSTGRESQL_UP = [
    """CREATE FUNCTION protected_text_forget() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM protected_text WHERE document_id = NEW.id;
        DELETE FROM protection_finding
            WHERE document_id = NEW.id AND strpos(NEW.text, text) = 0;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER protected_text_source_changed AFTER UPDATE OF text ON document
    FOR EACH ROW WHEN (NEW.text IS DISTINCT FROM OLD.text)
    EXECUTE FUNCTION protected_text_forget()""",
]
POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS protected_text_source_changed ON document",
    "DROP FUNCTION IF EXISTS protected_text_forget()",
]


def upgrade() -> None:
    op.create_table(
        "protection_finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("rule", sa.String(length=60), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('proposed', 'accepted', 'rejected', 'added')",
            name=op.f("ck_protection_finding_status"),
        ),
        sa.CheckConstraint(
            "source IN ('rule', 'gazetteer', 'lexicon', 'model', 'reviewer')",
            name=op.f("ck_protection_finding_source"),
        ),
        sa.CheckConstraint(
            'start >= 0 AND "end" > start', name=op.f("ck_protection_finding_span_order")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"],
            name=op.f("fk_protection_finding_document_id_document"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_finding")),
        sa.UniqueConstraint(
            "document_id", "start", "end", "kind",
            name=op.f("uq_protection_finding_document_id_start_end_kind"),
        ),
        sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index("ix_protection_finding_status", "protection_finding", ["status"])
    op.create_table(
        "pseudonym",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("original", sa.String(length=300), nullable=False),
        sa.Column("replacement", sa.String(length=200), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("edited", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participant.id"],
            name=op.f("fk_pseudonym_participant_id_participant"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pseudonym")),
        sa.UniqueConstraint("kind", "key", name=op.f("uq_pseudonym_kind_key")),
        sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index("ix_pseudonym_participant_id", "pseudonym", ["participant_id"])
    op.create_table(
        "protected_text",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("spans", sa.JSON(), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("built_by", sa.String(length=200), nullable=True),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"],
            name=op.f("fk_protected_text_document_id_document"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_protected_text")),
    )  # fmt: skip
    statements = SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_UP
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    statements = SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_DOWN
    for statement in statements:
        op.execute(statement)
    op.drop_table("protected_text")
    op.drop_index("ix_pseudonym_participant_id", table_name="pseudonym")
    op.drop_table("pseudonym")
    op.drop_index("ix_protection_finding_status", table_name="protection_finding")
    op.drop_table("protection_finding")
