"""full-text search index over segments

SQLite: an FTS5 table ``segment_search``. PostgreSQL: a table ``segment_search`` with a
``tsvector`` column and a GIN index. Both hold one row per passage (a speaker turn, or a
piece of a very long one) of folded text, keyed ``segment_id * 65536 + piece``.
``search_pending`` lists segments not yet indexed; triggers fill it when segments are
inserted or moved, and remove index rows when segments or their text go away, so writers
that do not know about the index keep it correct. Existing segments are queued here and
indexed by the next import or search.

Revision ID: 0002_search_index
Revises: 0001_initial
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002_search_index"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SLOTS = 65536

SQLITE_UP = [
    "CREATE VIRTUAL TABLE segment_search USING fts5("
    "body, segment_id UNINDEXED, document_id UNINDEXED, start UNINDEXED, stop UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE TABLE search_pending (segment_id INTEGER NOT NULL PRIMARY KEY)",
    """CREATE TRIGGER segment_search_insert AFTER INSERT ON segment BEGIN
        INSERT OR IGNORE INTO search_pending (segment_id) VALUES (new.id);
    END""",
    f"""CREATE TRIGGER segment_search_move AFTER UPDATE OF start, "end", document_id
    ON segment BEGIN
        DELETE FROM segment_search
        WHERE rowid BETWEEN old.id * {SLOTS} AND old.id * {SLOTS} + {SLOTS - 1};
        INSERT OR IGNORE INTO search_pending (segment_id) VALUES (new.id);
    END""",
    f"""CREATE TRIGGER segment_search_delete AFTER DELETE ON segment BEGIN
        DELETE FROM segment_search
        WHERE rowid BETWEEN old.id * {SLOTS} AND old.id * {SLOTS} + {SLOTS - 1};
        DELETE FROM search_pending WHERE segment_id = old.id;
    END""",
    """CREATE TRIGGER document_search_text AFTER UPDATE OF text ON document BEGIN
        DELETE FROM segment_search WHERE document_id = new.id;
        INSERT OR IGNORE INTO search_pending (segment_id)
        SELECT id FROM segment WHERE document_id = new.id;
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS document_search_text",
    "DROP TRIGGER IF EXISTS segment_search_delete",
    "DROP TRIGGER IF EXISTS segment_search_move",
    "DROP TRIGGER IF EXISTS segment_search_insert",
    "DROP TABLE IF EXISTS search_pending",
    "DROP TABLE IF EXISTS segment_search",
]

POSTGRESQL_UP = [
    """CREATE TABLE segment_search (
        id BIGINT NOT NULL PRIMARY KEY,
        segment_id INTEGER NOT NULL REFERENCES segment (id) ON DELETE CASCADE,
        document_id INTEGER NOT NULL,
        start INTEGER NOT NULL,
        stop INTEGER NOT NULL,
        body TSVECTOR NOT NULL
    )""",
    "CREATE INDEX ix_segment_search_body ON segment_search USING gin (body)",
    "CREATE INDEX ix_segment_search_segment_id ON segment_search (segment_id)",
    "CREATE INDEX ix_segment_search_document_id ON segment_search (document_id)",
    """CREATE TABLE search_pending (
        segment_id INTEGER NOT NULL PRIMARY KEY REFERENCES segment (id) ON DELETE CASCADE
    )""",
    """CREATE FUNCTION search_queue_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_pending (segment_id) SELECT id FROM inserted
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER segment_search_insert AFTER INSERT ON segment
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT
    EXECUTE FUNCTION search_queue_inserted()""",
    """CREATE FUNCTION search_queue_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM segment_search WHERE segment_id = NEW.id;
        INSERT INTO search_pending (segment_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER segment_search_move AFTER UPDATE OF start, "end", document_id
    ON segment FOR EACH ROW EXECUTE FUNCTION search_queue_moved()""",
    """CREATE FUNCTION search_queue_document() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM segment_search WHERE document_id = NEW.id;
        INSERT INTO search_pending (segment_id)
        SELECT id FROM segment WHERE document_id = NEW.id ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER document_search_text AFTER UPDATE OF text ON document
    FOR EACH ROW EXECUTE FUNCTION search_queue_document()""",
]
POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS document_search_text ON document",
    "DROP TRIGGER IF EXISTS segment_search_move ON segment",
    "DROP TRIGGER IF EXISTS segment_search_insert ON segment",
    "DROP FUNCTION IF EXISTS search_queue_document()",
    "DROP FUNCTION IF EXISTS search_queue_moved()",
    "DROP FUNCTION IF EXISTS search_queue_inserted()",
    "DROP TABLE IF EXISTS search_pending",
    "DROP TABLE IF EXISTS segment_search",
]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    _run(SQLITE_UP if dialect == "sqlite" else POSTGRESQL_UP)
    op.execute("INSERT INTO search_pending (segment_id) SELECT id FROM segment")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    _run(SQLITE_DOWN if dialect == "sqlite" else POSTGRESQL_DOWN)
