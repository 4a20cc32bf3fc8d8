"""local assistance: passage vectors and coding suggestions

- ``passage_embedding``: a passage of a speaker turn with its vector (little-endian
  float32 bytes: ``bytea`` on PostgreSQL, ``BLOB`` on SQLite), the model's name and the
  hash of the passage's text, which together are the cache key.
- ``assist_suggestion``: a passage suggested for a code, with the model, method and
  score, and the decision on it (open, accepted with its coding, rejected), who made it
  and when.
- Triggers delete the vectors of a document whose text changes and of a turn that moves,
  so that no vector outlives the words it was computed from.

Revision ID: 0010_assist
Revises: 0009_consent
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_assist"
down_revision: str | None = "0009_consent"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = [
    """CREATE TRIGGER passage_embedding_text_changed AFTER UPDATE OF text ON document
    WHEN new.text IS NOT old.text BEGIN
        DELETE FROM passage_embedding WHERE document_id = new.id;
    END""",
    """CREATE TRIGGER passage_embedding_turn_moved AFTER UPDATE OF start, "end", document_id
    ON segment WHEN new.start IS NOT old.start OR new."end" IS NOT old."end"
        OR new.document_id IS NOT old.document_id BEGIN
        DELETE FROM passage_embedding WHERE segment_id = new.id;
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS passage_embedding_turn_moved",
    "DROP TRIGGER IF EXISTS passage_embedding_text_changed",
]
POSTGRESQL_UP = [
    """CREATE FUNCTION passage_embedding_forget() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'document' THEN
            DELETE FROM passage_embedding WHERE document_id = NEW.id;
        ELSE
            DELETE FROM passage_embedding WHERE segment_id = NEW.id;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER passage_embedding_text_changed AFTER UPDATE OF text ON document
    FOR EACH ROW WHEN (NEW.text IS DISTINCT FROM OLD.text)
    EXECUTE FUNCTION passage_embedding_forget()""",
    """CREATE TRIGGER passage_embedding_turn_moved AFTER UPDATE OF start, "end", document_id
    ON segment FOR EACH ROW WHEN (NEW.start IS DISTINCT FROM OLD.start
        OR NEW."end" IS DISTINCT FROM OLD."end" OR NEW.document_id IS DISTINCT FROM OLD.document_id)
    EXECUTE FUNCTION passage_embedding_forget()""",
]
POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS passage_embedding_turn_moved ON segment",
    "DROP TRIGGER IF EXISTS passage_embedding_text_changed ON document",
    "DROP FUNCTION IF EXISTS passage_embedding_forget()",
]


def upgrade() -> None:
    op.create_table(
        "passage_embedding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("text_hash", sa.String(length=32), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_passage_embedding_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["segment_id"],
            ["segment.id"],
            name=op.f("fk_passage_embedding_segment_id_segment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passage_embedding")),
    )
    op.create_index("ix_passage_embedding_model_hash", "passage_embedding", ["model", "text_hash"])
    op.create_index("ix_passage_embedding_segment_id", "passage_embedding", ["segment_id"])
    op.create_index("ix_passage_embedding_document_id", "passage_embedding", ["document_id"])
    op.create_table(
        "assist_suggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text_hash", sa.String(length=32), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("coding_id", sa.Integer(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'accepted', 'rejected')", name=op.f("ck_assist_suggestion_status")
        ),
        sa.ForeignKeyConstraint(
            ["code_id"], ["code.id"], name=op.f("fk_assist_suggestion_code_id_code"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["coding_id"], ["coding.id"], name=op.f("fk_assist_suggestion_coding_id_coding"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"],
            name=op.f("fk_assist_suggestion_document_id_document"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["segment_id"], ["segment.id"], name=op.f("fk_assist_suggestion_segment_id_segment"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assist_suggestion")),
        sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index("ix_assist_suggestion_code_status", "assist_suggestion", ["code_id", "status"])
    op.create_index("ix_assist_suggestion_document_id", "assist_suggestion", ["document_id"])
    op.create_index("ix_assist_suggestion_segment_id", "assist_suggestion", ["segment_id"])
    op.create_index("ix_assist_suggestion_coding_id", "assist_suggestion", ["coding_id"])
    statements = SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_UP
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    statements = SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_DOWN
    for statement in statements:
        op.execute(statement)
    op.drop_table("assist_suggestion")
    op.drop_table("passage_embedding")
