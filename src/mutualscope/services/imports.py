"""Importing transcript files: parse, check for duplicates, store text, turns and index.

Each file is its own transaction: a file that fails leaves nothing behind and the files
before it stay imported. Rows go in with bulk Core inserts, not one ORM object per row.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from mutualscope.domain.speakers import label_key
from mutualscope.domain.text import count_words
from mutualscope.errors import Conflict, InvalidInput, MutualscopeError
from mutualscope.io.transcripts import SUPPORTED_SUFFIXES, ImportedDocument, parse_transcript
from mutualscope.io.transcripts.speakermap import SpeakerMapping
from mutualscope.services.audit import record_event
from mutualscope.services.cases import find_case
from mutualscope.services.documents import KINDS
from mutualscope.storage.cases import Participant
from mutualscope.storage.codebook import Coding
from mutualscope.storage.documents import Document, DocumentFile, Segment
from mutualscope.storage.fulltext import index_pending


@dataclass(frozen=True)
class ImportSource:
    """A file to import and the document name it gets (relative to a folder given)."""

    path: Path
    name: str


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


@dataclass
class ImportReport:
    outcomes: list[ImportOutcome] = field(default_factory=list)
    stopped: bool = False  # a failure ended the batch early (no keep-going)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[ImportOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def collect_sources(paths: Sequence[Path]) -> list[ImportSource]:
    """Files to import: files as given, and supported files found under folders."""
    sources: list[ImportSource] = []
    missing: list[str] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
            sources += [ImportSource(p, p.relative_to(path).as_posix()) for p in found]
        elif path.exists():
            sources.append(ImportSource(path, path.name))
        else:
            missing.append(f"{path}: no such file or folder")
    if missing:
        raise InvalidInput("Some paths do not exist:", missing)
    return sources


def resolve_speaker_map(
    session: Session, mappings: Sequence[SpeakerMapping]
) -> dict[str | None, dict[str, int]]:
    """{document name or None: {label key: participant id}}; unknown people are errors."""
    people = {
        label.lower(): pid
        for pid, label in session.execute(select(Participant.id, Participant.label))
    }
    resolved: dict[str | None, dict[str, int]] = {}
    problems = []
    for m in mappings:
        pid = people.get(m.participant.lower())
        if pid is None:
            problems.append(f"row {m.row}, column participant: no participant {m.participant!r}")
            continue
        resolved.setdefault(m.document, {})[label_key(m.label)] = pid
    if problems:
        raise InvalidInput("The speaker map names participants that do not exist:", problems)
    return resolved


def _checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _existing(session: Session, name: str, checksum: str) -> tuple[Document | None, str]:
    """A document this file would duplicate: same content first, then same name."""
    same = session.scalar(select(Document).where(Document.checksum == checksum).limit(1))
    if same is not None:
        return same, "content"
    named = session.scalar(select(Document).where(Document.name == name))
    return named, "name"


def _store(
    session: Session,
    source: ImportSource,
    parsed: ImportedDocument,
    checksum: str,
    *,
    case_id: int | None,
    kind: str,
    speakers: dict[str, int],
) -> int:
    doc_id = session.execute(
        insert(Document).returning(Document.id),
        {
            "name": source.name,
            "kind": kind,
            "text": parsed.text,
            "length": len(parsed.text),
            "word_count": count_words(parsed.text),
            "case_id": case_id,
            "source_format": parsed.source_format,
            "checksum": checksum,
            "attributes": {"import_warnings": parsed.warnings} if parsed.warnings else {},
        },
    ).scalar_one()
    session.execute(
        insert(DocumentFile),
        {
            "document_id": doc_id,
            "filename": source.path.name,
            "media_type": mimetypes.guess_type(source.path.name)[0],
            "size": source.path.stat().st_size,
            "content": source.path.read_bytes(),
        },
    )
    rows = [
        {
            "document_id": doc_id,
            "position": position,
            "start": seg.start,
            "end": seg.end,
            "speaker": seg.speaker,
            "participant_id": speakers.get(label_key(seg.speaker)) if seg.speaker else None,
            "time_start": seg.time_start,
            "time_end": seg.time_end,
        }
        for position, seg in enumerate(parsed.segments)
    ]
    if rows:
        session.execute(insert(Segment), rows)
    index_pending(session.connection(), {doc_id: parsed.text})
    return doc_id


def import_file(
    session: Session,
    source: ImportSource,
    *,
    case_id: int | None = None,
    kind: str = "interview",
    replace: bool = False,
    speaker_map: dict[str | None, dict[str, int]] | None = None,
    actor: str | None = None,
) -> ImportOutcome:
    """Import one file in its own transaction; errors leave the project unchanged."""
    parsed = parse_transcript(source.path)
    checksum = _checksum(source.path)
    existing, why = _existing(session, source.name, checksum)
    status = "imported"
    if existing is not None:
        if not replace and why == "content":
            return ImportOutcome(
                source.path, source.name, "skipped", existing.id,
                message=f"already imported as {existing.name!r}; use --replace to import it again",
            )  # fmt: skip
        if not replace:
            raise Conflict(
                f"{source.path}: a different document named {source.name!r} is already in "
                "the project; use --replace to replace it"
            )
    speakers = dict((speaker_map or {}).get(None, {}))
    speakers.update((speaker_map or {}).get(source.path.name, {}))
    message = ""
    try:
        if existing is not None:
            lost = session.scalar(
                select(func.count()).select_from(Coding).where(Coding.document_id == existing.id)
            )
            session.execute(delete(Document).where(Document.id == existing.id))
            status = "replaced"
            message = f"replaced {existing.name!r}" + (
                f"; {lost} codings on it removed" if lost else ""
            )
        doc_id = _store(
            session, source, parsed, checksum, case_id=case_id, kind=kind, speakers=speakers
        )
        record_event(
            session,
            action="import",
            entity_type="document",
            entity_id=doc_id,
            after={
                "name": source.name,
                "format": parsed.source_format,
                "turns": len(parsed.segments),
                "status": status,
            },
            actor=actor,
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return ImportOutcome(
        source.path, source.name, status, doc_id, len(parsed.segments),
        parsed.speakers, parsed.warnings, message,
    )  # fmt: skip


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
) -> ImportReport:
    """Import files and folders. Options are checked before any file is read.

    Without ``keep_going`` the first failing file ends the batch (``report.stopped``);
    with it every file is tried. Files already imported stay imported either way.
    """
    if kind not in KINDS:
        raise InvalidInput(f"Unknown document kind {kind!r}; expected one of: {', '.join(KINDS)}.")
    case_id = find_case(session, case).id if case else None
    mapping = resolve_speaker_map(session, speaker_map)
    report = ImportReport()
    for source in sources if sources is not None else collect_sources(paths):
        try:
            outcome = import_file(
                session, source, case_id=case_id, kind=kind, replace=replace,
                speaker_map=mapping, actor=actor,
            )  # fmt: skip
        except MutualscopeError as error:
            outcome = ImportOutcome(source.path, source.name, "failed", message=str(error))
        except Exception as error:  # a damaged file can upset a parsing library anywhere
            outcome = ImportOutcome(
                source.path,
                source.name,
                "failed",
                message=f"{source.path}: cannot be read: {error}",
            )
        report.outcomes.append(outcome)
        if on_file is not None:
            on_file(outcome)
        if outcome.status == "failed" and not keep_going:
            report.stopped = True
            break
    return report
