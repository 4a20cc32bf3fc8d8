"""What the services that rewrite documents' texts for good share: a withdrawal (erasing
a participant's words) and ``protect remove-originals`` (the pseudonymised text becoming
the only text). Both move rows to new offsets, remove the recordings linked to the
documents, re-index them and leave no copy of the old words in freed pages."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, delete, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from mutualscope.domain.text import count_words
from mutualscope.storage.codebook import Coding
from mutualscope.storage.documents import Document, Segment
from mutualscope.storage.fulltext import index_pending
from mutualscope.storage.memos import Memo
from mutualscope.storage.recordings import REF_PREFIX, Recording, RecordingWord

#: Tables whose old row versions hold the old words until PostgreSQL vacuums them.
VACUUMED = (
    "document", "document_file", "segment", "segment_search", "coding", "memo", "code",
    "recording_word", "recording_chunk", "audit_event", "protection_finding",
    "protected_text", "pseudonym",
)  # fmt: skip


def move_spans(session: Session, model: Any, moves: dict[int, tuple[int, int]]) -> None:
    """Give rows of ``model`` (by id) their new start and end."""
    if moves:
        session.execute(
            update(model), [{"id": i, "start": s, "end": e} for i, (s, e) in moves.items()]
        )


def move_text_rows(
    session: Session,
    doc_id: int,
    *,
    removed_codings: list[int],
    moved_codings: dict[int, tuple[int, int]],
    segments: dict[int, tuple[int, int]],
    removed_words: list[int],
    moved_words: dict[int, tuple[int, int]],
) -> None:
    """A document's codings, turns and word times: the removed ones go (notes on a removed
    coding stay, as notes on the document), the others move to their new spans."""
    if removed_codings:
        session.execute(
            update(Memo)
            .where(Memo.coding_id.in_(removed_codings))
            .values(coding_id=None, document_id=doc_id)
        )
        session.execute(delete(Coding).where(Coding.id.in_(removed_codings)))
    # Through places no coding holds, so that no two codings share a span on the way.
    move_spans(session, Coding, {i: (-i - 1, -i) for i in moved_codings})
    move_spans(session, Coding, moved_codings)
    move_spans(session, Segment, segments)
    if removed_words:
        session.execute(delete(RecordingWord).where(RecordingWord.id.in_(removed_words)))
    move_spans(session, RecordingWord, moved_words)


def set_text(session: Session, doc_id: int, new_text: str) -> None:
    """The document's new text, with its length and word count."""
    session.execute(
        update(Document)
        .where(Document.id == doc_id)
        .values(text=new_text, length=len(new_text), word_count=count_words(new_text))
    )


def _checksums(refs: Collection[str]) -> list[str]:
    return [ref.removeprefix(REF_PREFIX) for ref in refs if ref.startswith(REF_PREFIX)]


def linked_recordings(session: Session, refs: Collection[str]) -> list[str]:
    """File names of the stored recordings that ``refs`` (documents' audio_ref) name."""
    query = select(Recording.filename).where(Recording.checksum.in_(_checksums(refs)))
    return sorted(session.scalars(query))


def remove_recordings(session: Session, refs: Collection[str]) -> None:
    """Remove those recordings, and every document's link to them."""
    if not refs:
        return
    session.execute(update(Document).where(Document.audio_ref.in_(refs)).values(audio_ref=None))
    session.execute(delete(Recording).where(Recording.checksum.in_(_checksums(refs))))


def reindex(conn: Connection, *, merge: bool) -> None:
    """Index the rewritten turns; on SQLite, ``merge`` the index so that the old words'
    entries are gone from its pages."""
    index_pending(conn)
    if conn.dialect.name == "sqlite" and merge:
        conn.execute(text("INSERT INTO segment_search(segment_search) VALUES ('optimize')"))


def secure_delete(conn: Connection, on: bool | None) -> bool | None:
    """On SQLite, have freed pages overwritten with zeros (``on``), so old words do not
    linger in the file's free space; returns the setting it replaced, to restore."""
    if conn.dialect.name != "sqlite" or on is None:
        return None
    previous = bool(conn.exec_driver_sql("PRAGMA secure_delete").scalar())
    conn.exec_driver_sql(f"PRAGMA secure_delete = {'ON' if on else 'OFF'}")
    return previous


def compact(conn: Connection) -> None:
    """After the commit: leave no copy of the old pages behind where this process can
    reach them (SQLite: empty the write-ahead log; PostgreSQL: vacuum the changed
    tables, when the user may)."""
    try:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            conn.execution_options(isolation_level="AUTOCOMMIT")
            for table in VACUUMED:
                conn.exec_driver_sql(f"VACUUM {table}")
    except DBAPIError:
        pass


@contextmanager
def rewriting(session: Session) -> Iterator[None]:
    """The transaction of a rewrite for good: on SQLite, pages freed in it are overwritten
    with zeros; committed at the end (rolled back on any error); then compacted, so that
    no copy of the old words is left behind where this process can reach it."""
    try:
        was = secure_delete(session.connection(), True)
        yield
        # Back to how the pooled connection was (some builds of SQLite have it on); the
        # deletes are done, and their pages were cleared as they were freed.
        secure_delete(session.connection(), was)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    engine = session.get_bind()
    if isinstance(engine, Engine):
        with engine.connect() as conn:
            compact(conn)
