"""recordings and the times of transcribed words

- ``recording``: an audio file kept with the project, once per content (SHA-256); a
  document refers to it by ``document.audio_ref`` = ``sha256:<checksum>``.
- ``recording_chunk``: its bytes, 1 MiB a row, in order. On PostgreSQL the column is
  stored uncompressed (``STORAGE EXTERNAL``): audio is compressed already, and
  compressing it again would cost time for nothing.
- ``recording_word``: each word of a transcribed document, as a span of its text, with
  its time in the recording and the speech model's confidence.

Revision ID: 0008_recording_words
Revises: 0007_segment_attributes
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_recording_words"
down_revision: str | None = "0007_segment_attributes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "recording",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=500), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("duration", sa.Float(), nullable=False),
        sa.Column("codec", sa.String(length=50), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recording")),
        sa.UniqueConstraint("checksum", name=op.f("uq_recording_checksum")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "recording_chunk",
        sa.Column("recording_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recording_id"],
            ["recording.id"],
            name=op.f("fk_recording_chunk_recording_id_recording"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("recording_id", "position", name=op.f("pk_recording_chunk")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE recording_chunk ALTER COLUMN content SET STORAGE EXTERNAL")
    op.create_table(
        "recording_word",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("time_start", sa.Float(), nullable=False),
        sa.Column("time_end", sa.Float(), nullable=False),
        sa.Column("probability", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_recording_word_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recording_word")),
    )
    op.create_index("ix_recording_word_document_start", "recording_word", ["document_id", "start"])


def downgrade() -> None:
    op.drop_index("ix_recording_word_document_start", table_name="recording_word")
    op.drop_table("recording_word")
    op.drop_table("recording_chunk")
    op.drop_table("recording")
