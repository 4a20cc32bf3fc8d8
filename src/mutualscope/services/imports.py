"""Importing transcript files: parse, check for duplicates, store text, turns and index.

Each file is imported whole or not at all: a file that fails leaves nothing behind and
the files before it stay imported. Rows go in with bulk Core inserts, not one ORM object
per row, and files are committed a few at a time (:class:`_Batch`).

An import can be asked to stop (``should_stop``, set by Ctrl-C or SIGTERM in the command
line): it stops between two files, commits the files it has written and reports which
those are. Another process importing the same file at the same time is reported as such
(:func:`_imported_meanwhile`), not as a database error.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from mutualscope.domain.speakers import label_key
from mutualscope.errors import Conflict, InvalidInput
from mutualscope.io.recordings import RecordingOptions
from mutualscope.io.transcripts import ImportedDocument, TableOptions
from mutualscope.io.transcripts.speakermap import SpeakerMapping
from mutualscope.io.transcripts.table_columns import ColumnReport
from mutualscope.services.audit import record_event
from mutualscope.services.cases import find_case
from mutualscope.services.documents import KINDS
from mutualscope.services.import_reading import ReadFile, failure_message, read_documents
from mutualscope.services.import_sources import (
    ImportSource,
    collect_sources,
    resolve_speaker_map,
)
from mutualscope.services.read_ahead import ReadAhead
from mutualscope.services.recordings import store_recording_words
from mutualscope.storage.bulk import insert_rows, placeholder
from mutualscope.storage.codebook import Coding
from mutualscope.storage.documents import Document, DocumentFile
from mutualscope.storage.fulltext import (
    defer_index_merge,
    index_segments,
    merge_queued_entries,
    refresh_statistics,
)

# Imports of this many turns or more refresh the search index's statistics.
ANALYZE_AFTER_TURNS = 5000
DOCUMENT = cast(Table, Document.__table__)
DOCUMENT_FILE = cast(Table, DocumentFile.__table__)
SEGMENT_COLUMNS = (
    "document_id", "position", "start", "end", "speaker", "participant_id", "time_start",
    "time_end", "attributes",
)  # fmt: skip


@dataclass
class ImportOutcome:
    path: Path
    name: str
    status: str  # imported | replaced | skipped | failed
    document_id: int | None = None
    turns: int = 0
    speakers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    message: str = ""
    columns: ColumnReport | None = None  # a turn table's: what became of each column
    last_of_file: bool = True  # false for all but the last document read from one file


@dataclass
class ImportReport:
    outcomes: list[ImportOutcome] = field(default_factory=list)
    stopped: bool = False  # a failure ended the batch early (no keep-going)
    interrupted: bool = False  # asked to stop (should_stop) before the last file
    files: int = 0  # files tried (a file split into several documents counts once)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[ImportOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


@dataclass(frozen=True)
class _Existing:
    id: int
    name: str
    same_content: bool


def _existing(session: Session, name: str, checksum: str) -> _Existing | None:
    """A document this file would duplicate: same content first, then same name."""
    # On the connection, not the session: a session query would first flush the audit
    # events of the files before it, one small flush per file instead of one per batch.
    rows = (
        session.connection()
        .execute(
            select(DOCUMENT.c.id, DOCUMENT.c.name, DOCUMENT.c.checksum)
            .where((DOCUMENT.c.checksum == checksum) | (DOCUMENT.c.name == name))
            .order_by(DOCUMENT.c.id)
        )
        .all()
    )
    same = next((r for r in rows if r.checksum == checksum), None)
    if same is not None:
        return _Existing(same.id, same.name, True)
    return _Existing(rows[0].id, rows[0].name, False) if rows else None


def _store(
    session: Session, read: ReadFile, *, case_id: int | None, kind: str, speakers: dict[str, int]
) -> int:
    """Write the document, its original file, its turns and their index rows (Core)."""
    conn = session.connection()
    source, parsed = read.source, read.parsed
    assert parsed is not None
    attributes: dict[str, object] = {}
    if parsed.warnings:
        attributes["import_warnings"] = parsed.warnings
    if parsed.attributes:
        attributes["variables"] = parsed.attributes
    filename = parsed.original_name or source.path.name
    doc_id: int = conn.execute(
        insert(DOCUMENT).returning(DOCUMENT.c.id),
        {
            "name": source.name,
            "kind": kind,
            "text": parsed.text,
            "length": len(parsed.text),
            "word_count": read.word_count,
            "case_id": case_id,
            "source_format": parsed.source_format,
            "checksum": read.checksum,
            "attributes": attributes,
        },
    ).scalar_one()
    if read.recording is not None:  # kept as a recording, not as a document file
        store_recording_words(conn, doc_id, read)
    else:
        conn.execute(
            insert(DOCUMENT_FILE),
            {
                "document_id": doc_id,
                "filename": filename,
                "media_type": mimetypes.guess_type(filename)[0],
                "size": len(read.original),
                "content": read.original,
            },
        )
    rows = [
        (
            doc_id,
            position,
            seg.start,
            seg.end,
            seg.speaker,
            speakers.get(label_key(seg.speaker)) if speakers and seg.speaker else None,
            seg.time_start,
            seg.time_end,
            _json(parsed.turn_attributes[position]) if parsed.turn_attributes else None,
        )
        for position, seg in enumerate(parsed.segments)
    ]
    insert_rows(conn, "segment", SEGMENT_COLUMNS, rows)
    # Straight to the driver: this runs once per file and SQLAlchemy's statement
    # handling would cost more than the query.
    ids = conn.exec_driver_sql(
        f"SELECT id FROM segment WHERE document_id = {placeholder(conn)} ORDER BY position",
        (doc_id,),
    ).scalars()
    index_segments(conn, doc_id, list(ids), read.passages)
    return doc_id


def _json(attributes: dict[str, object] | None) -> str | None:
    """A turn's attributes as the JSON column holds them (written by the driver itself)."""
    return json.dumps(attributes, ensure_ascii=False) if attributes else None


@dataclass
class _Prepared:
    """A read file and what importing it will do, before anything is written."""

    read: ReadFile
    parsed: ImportedDocument
    speakers: dict[str, int]
    replaces: tuple[int, str] | None  # (id, name) of the document it replaces

    @property
    def source(self) -> ImportSource:
        return self.read.source

    @property
    def size(self) -> int:
        return len(self.read.original)


def _prepare(
    session: Session,
    read: ReadFile,
    *,
    replace: bool,
    speaker_map: dict[str | None, dict[str, int]] | None,
) -> _Prepared | ImportOutcome:
    """Check a read file against the project; a skipped duplicate comes back as its outcome."""
    if read.failure is not None:
        return ImportOutcome(read.source.path, read.source.name, "failed", message=read.failure)
    source, parsed = read.source, read.parsed
    assert parsed is not None
    existing = _existing(session, source.name, read.checksum)
    if existing is not None and not replace:
        if existing.same_content:
            return ImportOutcome(
                source.path, source.name, "skipped", existing.id,
                message=f"already imported as {existing.name!r}; use --replace to import it again",
            )  # fmt: skip
        raise Conflict(
            f"{source.path}: a different document named {source.name!r} is already in "
            "the project; use --replace to replace it"
        )
    speakers = dict((speaker_map or {}).get(None, {}))
    speakers.update((speaker_map or {}).get(source.path.name, {}))
    if source.part is not None:  # one of several documents in a file: by its own name too
        speakers.update((speaker_map or {}).get(source.name, {}))
    replaces = (existing.id, existing.name) if existing is not None else None
    return _Prepared(read, parsed, speakers, replaces)


def _write(
    session: Session, prep: _Prepared, *, case_id: int | None, kind: str, actor: str | None
) -> ImportOutcome:
    """Write a prepared file in the session's transaction (the caller commits)."""
    status, message = "imported", ""
    if prep.replaces is not None:
        old_id, old_name = prep.replaces
        lost = session.scalar(
            select(func.count()).select_from(Coding).where(Coding.document_id == old_id)
        )
        session.execute(delete(Document).where(Document.id == old_id))
        status = "replaced"
        message = f"replaced {old_name!r}" + (f"; {lost} codings on it removed" if lost else "")
    doc_id = _store(session, prep.read, case_id=case_id, kind=kind, speakers=prep.speakers)
    record_event(
        session,
        action="import",
        entity_type="document",
        entity_id=doc_id,
        after={
            "name": prep.source.name,
            "format": prep.parsed.source_format,
            "turns": len(prep.parsed.segments),
            "status": status,
        },
        actor=actor,
    )
    return ImportOutcome(
        prep.source.path, prep.source.name, status, doc_id, len(prep.parsed.segments),
        prep.parsed.speakers, prep.parsed.warnings, message, prep.parsed.columns,
    )  # fmt: skip


def _imported_meanwhile(session: Session, prep: _Prepared) -> ImportOutcome | None:
    """After a write clashed: the outcome if another process has imported this file (or
    another file of this name) since it was checked, else None. The session must have
    been rolled back, so that it sees what the other process committed."""
    existing = _existing(session, prep.source.name, prep.read.checksum)
    if existing is None or (prep.replaces is not None and existing.id == prep.replaces[0]):
        return None
    path, name = prep.source.path, prep.source.name
    if existing.same_content:
        return ImportOutcome(
            path, name, "skipped", existing.id,
            message=f"imported by another process while this import ran (as {existing.name!r})",
        )  # fmt: skip
    return ImportOutcome(
        path, name, "failed",
        message=f"{path}: another process imported a different document named {name!r} "
        "while this import ran; use --replace to replace it",
    )  # fmt: skip


def _failure(source: ImportSource, error: Exception) -> ImportOutcome:
    if isinstance(error, DBAPIError):
        # The driver's own message, never the statement and its parameters (the whole
        # transcript text).
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        if "database is locked" in reason:
            reason = "another process kept the project locked for too long; try again"
        message = f"{source.path}: cannot be stored: {reason}"
    else:
        message = failure_message(source, error)
    return ImportOutcome(source.path, source.name, "failed", message=message)


class _Batch:
    """Files written since the last commit. Committing every few files instead of after
    each one saves most of the commit cost; if writing a file fails, the batch is rolled
    back and its earlier files are written again one by one, so only that file is lost."""

    FILES = 50
    BYTES = 32 * 1024 * 1024

    def __init__(self, session: Session, case_id: int | None, kind: str, actor: str | None):
        self.session = session
        self.case_id, self.kind, self.actor = case_id, kind, actor
        self.written: list[tuple[_Prepared, ImportOutcome]] = []
        self.size = 0
        self.deferred = False  # defer_index_merge has run in the current transaction

    def write(self, prep: _Prepared) -> ImportOutcome:
        try:
            outcome = self._write(prep)
        except Exception as error:
            self.session.rollback()
            self._rewrite()
            # A constraint refused it: perhaps another process wrote the same document.
            clash = None
            if isinstance(error, IntegrityError):
                clash = _imported_meanwhile(self.session, prep)
            if clash is None:
                raise
            return clash
        self.written.append((prep, outcome))
        self.size += prep.size
        if len(self.written) >= self.FILES or self.size >= self.BYTES:
            self.commit()
        return outcome

    def _write(self, prep: _Prepared) -> ImportOutcome:
        if not self.deferred:
            defer_index_merge(self.session.connection())
            self.deferred = True
        return _write(self.session, prep, case_id=self.case_id, kind=self.kind, actor=self.actor)

    def _rewrite(self) -> None:
        """After a rollback: write the batch's earlier files again, one transaction each,
        except those another process has imported meanwhile (their outcomes say so)."""
        written, self.written, self.size = self.written, [], 0
        for prep, outcome in written:
            self.deferred = False
            clash = _imported_meanwhile(self.session, prep)
            if clash is None:
                try:
                    again = self._write(prep)
                    self.session.commit()
                    outcome.document_id = again.document_id
                    continue
                except IntegrityError:
                    self.session.rollback()
                    clash = _imported_meanwhile(self.session, prep)
                    if clash is None:
                        raise
            outcome.status, outcome.document_id = clash.status, clash.document_id
            outcome.turns, outcome.speakers, outcome.warnings = 0, [], []
            outcome.message = clash.message
        self.deferred = False

    def commit(self) -> None:
        self.session.commit()
        self.written, self.size, self.deferred = [], 0, False


def _import_file(
    session: Session,
    reads: list[ReadFile],
    batch: _Batch,
    report: ImportReport,
    replace: bool,
    mapping: dict[str | None, dict[str, int]],
    on_file: Callable[[ImportOutcome], None] | None,
    keep_going: bool,
) -> bool:
    """Write the documents read from one file; true if one failed (without
    ``keep_going``, the first failure ends the file's documents)."""
    failed = False
    for number, read in enumerate(reads, start=1):
        try:
            prep = _prepare(session, read, replace=replace, speaker_map=mapping)
            outcome = prep if isinstance(prep, ImportOutcome) else batch.write(prep)
        except Exception as error:
            outcome = _failure(read.source, error)
        outcome.last_of_file = number == len(reads)
        report.outcomes.append(outcome)
        if on_file is not None:
            on_file(outcome)
        if outcome.status == "failed":
            failed = True
            if not keep_going:
                break
    return failed


def import_documents(
    session: Session,
    paths: Sequence[Path],
    *,
    case: str | None = None,
    kind: str = "interview",
    replace: bool = False,
    keep_going: bool = False,
    speaker_map: Sequence[SpeakerMapping] = (),
    actor: str | None = None,
    on_file: Callable[[ImportOutcome], None] | None = None,
    sources: Sequence[ImportSource] | None = None,
    should_stop: Callable[[], bool] | None = None,
    table_options: TableOptions | None = None,
    recording_options: RecordingOptions | None = None,
) -> ImportReport:
    """Import files and folders. Options are checked before any file is read.

    Each file is imported whole or not at all. Without ``keep_going`` the first failing
    file ends the batch (``report.stopped``); with it every file is tried. Files imported
    before a failure stay imported either way. Many files are read ahead in a worker
    process (see :class:`ReadAhead`).

    ``table_options`` apply to turn tables: with a ``document_column`` a table gives one
    document per value of that column, each imported whole or not at all as a file is.

    Recordings (:data:`mutualscope.io.recordings.AUDIO_SUFFIXES`) are transcribed with
    ``recording_options`` (:mod:`mutualscope.services.recordings`).

    ``should_stop`` is asked before each file is written and while waiting for files to
    be read: once it returns true the import writes no further file, commits those
    written and returns (``report.interrupted``); a file is never left half-written.
    """
    if kind not in KINDS:
        raise InvalidInput(f"Unknown document kind {kind!r}; expected one of: {', '.join(KINDS)}.")
    case_id = find_case(session, case).id if case else None
    mapping = resolve_speaker_map(session, speaker_map)
    report = ImportReport()
    batch = _Batch(session, case_id, kind, actor)
    backend = session.get_bind().dialect.name
    listed = sources if sources is not None else collect_sources(paths)
    stop = should_stop or (lambda: False)
    try:
        jobs = [(source, backend, table_options, recording_options) for source in listed]
        with ReadAhead(jobs, read_documents, stop=stop) as files:
            for reads in files:
                # Asked between files only: a file split into several documents is
                # never left with some of them written and the rest not tried.
                if stop():
                    break
                report.files += 1
                failed = _import_file(
                    session, reads, batch, report, replace, mapping, on_file, keep_going
                )
                if failed and not keep_going:
                    report.stopped = True
                    break
        batch.commit()
        report.interrupted = report.files < len(listed) and not report.stopped
        turns = sum(o.turns for o in report.outcomes if o.status in ("imported", "replaced"))
        # Left to autovacuum after an interruption: the search index is right either way.
        if turns and not report.interrupted:
            merge_queued_entries(session.connection())
            if turns >= ANALYZE_AFTER_TURNS:
                refresh_statistics(session.connection())
            session.commit()
    except BaseException:
        session.rollback()
        raise
    return report
