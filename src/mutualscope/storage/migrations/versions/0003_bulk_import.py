"""cheaper bulk imports on PostgreSQL

Two changes that only PostgreSQL needs, both about the work its server does per imported
transcript:

- The document text and original file columns are compressed with lz4 instead of pglz,
  several times faster to compress for about the same size. Servers built without lz4
  (or older than PostgreSQL 14) keep pglz.
- The trigger that queues inserted segments for indexing does nothing when the writer
  sets ``mutualscope.indexing = 'direct'`` for its transaction: the bulk import indexes
  the segments it writes itself and would only delete the queue entries again.

SQLite is unchanged.

Revision ID: 0003_bulk_import
Revises: 0002_search_index
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003_bulk_import"
down_revision: str | None = "0002_search_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMPRESSED = (("document", "text"), ("document_file", "content"))


def _compression(method: str) -> str:
    changes = "\n".join(
        f"    ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION {method};"
        for table, column in COMPRESSED
    )
    return f"""DO $$
BEGIN
{changes}
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'column compression left as it was: %', SQLERRM;
END $$"""


def _queue_function(skip_direct: bool) -> str:
    skip = (
        "    IF current_setting('mutualscope.indexing', true) = 'direct' THEN\n"
        "        RETURN NULL;\n"
        "    END IF;\n"
        if skip_direct
        else ""
    )
    return f"""CREATE OR REPLACE FUNCTION search_queue_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
{skip}    INSERT INTO search_pending (segment_id) SELECT id FROM inserted
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_compression("lz4"))
    op.execute(_queue_function(skip_direct=True))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_queue_function(skip_direct=False))
    op.execute(_compression("pglz"))
