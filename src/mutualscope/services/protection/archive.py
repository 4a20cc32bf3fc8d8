"""An anonymised archive for deposit (``protect archive OUT``): the pseudonymised
transcripts, the codebook, the codings (REFI-QDA and CSV), a consent summary without
names and a data-processing note.

Every document must have its pseudonymised layer built on its current text and on
every decision made since (an identifier accepted after the layer was built refuses
the archive), and no proposed finding may be left unreviewed unless the caller allows
it (``allow_unreviewed``): their words would be deposited as they are. Anyone
whose words are in the transcripts must have consented to archiving; otherwise nothing
is written, unless their turns are left out (``exclude_unconsented``): each becomes a
marked gap, and the codings that touch it are left out too. A withdrawn participant's
turns hold no words any more and do not count.

What the package holds comes only from the pseudonymised layer; names outside the
transcripts (case names, code definitions, speaker labels in the REFI-QDA cases) go
through the project's key. Memos and the original files are not included: no scan
reviewed them.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain.protection.pseudonyms import Layer, Replacement, pseudonymise, replace_known
from mutualscope.errors import Conflict, InvalidInput
from mutualscope.io.refi import write_qdpx
from mutualscope.services.audit import record_event
from mutualscope.services.code_index import CodeIndex
from mutualscope.services.protection.archive_note import LEFT_OUT, processing_note
from mutualscope.services.protection.archive_project import refi_project
from mutualscope.services.protection.layers import protected_layer
from mutualscope.services.protection.pseudonyms import PseudonymBook
from mutualscope.storage.cases import Case, Participant
from mutualscope.storage.codebook import Code, Coding
from mutualscope.storage.consent import GRANTED, ConsentRecord
from mutualscope.storage.documents import Document, Segment
from mutualscope.storage.protection import PROPOSED, REJECTED, ProtectionFinding


@dataclass
class ArchivedDocument:
    document_id: int
    file: str
    layer: Layer
    left_out: list[tuple[int, int]]


@dataclass
class ArchiveReport:
    out: str
    documents: int = 0
    codings: int = 0
    codings_left_out: int = 0
    turns_left_out: int = 0
    participants_left_out: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Person:
    id: int
    label: str
    role: str
    case: str | None
    answers: dict[str, str]
    withdrawn: bool


def _people(session: Session) -> dict[int, _Person]:
    cases = dict(session.execute(select(Case.id, Case.label)).all())
    records = {r.participant_id: r for r in session.scalars(select(ConsentRecord))}
    out = {}
    for p in session.scalars(select(Participant)):
        record = records.get(p.id)
        answers = {
            scope: getattr(record, scope) if record else "unknown"
            for scope in ("interview", "quoting", "archiving", "reuse")
        }
        withdrawn = (record is not None and record.withdrawn_at is not None) or (
            p.consent == "withdrawn"
        )
        out[p.id] = _Person(p.id, p.label, p.role, cases.get(p.case_id or -1), answers, withdrawn)
    return out


def _unconsented(people: dict[int, _Person], speakers: Iterable[int]) -> list[_Person]:
    return sorted(
        (
            people[pid]
            for pid in set(speakers)
            if pid in people
            and people[pid].answers["archiving"] != GRANTED
            and not people[pid].withdrawn
        ),
        key=lambda p: p.label,
    )


def _file_name(doc: Document, key: dict[str, str]) -> str:
    stem = Path(replace_known(doc.name, key)).stem
    safe = re.sub(r"[^\w.-]+", "-", stem).strip("-.") or "document"
    return f"{doc.id:04d}-{safe}.txt"


def uncovered_findings(
    session: Session, doc: Document, spans: list[tuple[int, int]]
) -> tuple[int, int]:
    """Findings of ``doc`` whose words the archive would still show: accepted or added
    ones the pseudonymised text does not replace (it was built before they were decided)
    and proposed ones nobody reviewed."""
    not_applied = unreviewed = 0
    for status, start, end in session.execute(
        select(ProtectionFinding.status, ProtectionFinding.start, ProtectionFinding.end).where(
            ProtectionFinding.document_id == doc.id, ProtectionFinding.status != REJECTED
        )
    ):
        if any(a <= start and end <= b for a, b in spans):
            continue
        if status == PROPOSED:
            unreviewed += 1
        else:
            not_applied += 1
    return not_applied, unreviewed


def _layers(
    session: Session,
    docs: list[Document],
    left_out: set[int],
    key: dict[str, str],
    *,
    allow_unreviewed: bool,
) -> list[ArchivedDocument]:
    out = []
    not_applied: list[str] = []
    unreviewed: list[str] = []
    for doc in docs:
        stored = protected_layer(session, doc.id)
        if stored is None:
            raise Conflict(
                f"{doc.name!r} has no pseudonymised text made on its current words: run "
                "`mutualscope protect apply --all` first. Nothing was written."
            )
        replacements = [Replacement(a, b, stored.text[c:d]) for a, b, c, d in stored.offsets.spans]
        gaps = [
            (s.start, s.end)
            for s in session.scalars(select(Segment).where(Segment.document_id == doc.id))
            if s.participant_id in left_out and s.end > s.start
        ]
        replacements += [Replacement(a, b, LEFT_OUT) for a, b in gaps]
        late, open_ = uncovered_findings(session, doc, [(r.start, r.end) for r in replacements])
        if late:
            not_applied.append(f"{doc.name} ({late})")
        if open_:
            unreviewed.append(f"{doc.name} ({open_})")
        layer = pseudonymise(doc.text, replacements)
        out.append(ArchivedDocument(doc.id, _file_name(doc, key), layer, gaps))
    if not_applied:
        raise Conflict(
            "Findings were accepted or added after the pseudonymised text was built: "
            f"{'; '.join(not_applied)}. Run `mutualscope protect apply --all` again. "
            "Nothing was written."
        )
    if unreviewed and not allow_unreviewed:
        raise Conflict(
            f"Findings nobody has reviewed would be archived as they are: {'; '.join(unreviewed)}. "
            "Review them (`mutualscope protect findings --status proposed`), replace them "
            "with `mutualscope protect apply --all --include-proposed`, or give "
            "--allow-unreviewed. Nothing was written."
        )
    return out


def _coding_rows(
    session: Session, archived: list[ArchivedDocument], report: ArchiveReport
) -> tuple[list[dict[str, Any]], dict[int, ArchivedDocument]]:
    index = CodeIndex.load(session)
    by_doc = {a.document_id: a for a in archived}
    rows = []
    query = select(Coding.document_id, Coding.code_id, Coding.start, Coding.end)
    for doc_id, code_id, start, end in session.execute(
        query.order_by(Coding.document_id, Coding.start, Coding.id)
    ):
        item = by_doc.get(doc_id)
        if item is None:
            continue
        if any(start < b and a < end for a, b in item.left_out):
            report.codings_left_out += 1
            continue
        new_start, new_end = item.layer.offsets.span(start, end)
        rows.append(
            {
                "document": item.file, "code": index.path(code_id), "start": new_start,
                "end": new_end, "text": item.layer.text[new_start:new_end],
            }
        )  # fmt: skip
    report.codings = len(rows)
    return rows, by_doc


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _codebook_rows(session: Session, key: dict[str, str]) -> list[dict[str, Any]]:
    index = CodeIndex.load(session)
    return sorted(
        (
            {
                "code": index.path(c.id),
                "definition": replace_known(c.definition or "", key),
                "colour": c.colour or "",
            }
            for c in session.scalars(select(Code))
        ),
        key=lambda r: r["code"],
    )


def _consent_rows(
    people: dict[int, _Person], speakers: set[int], left_out: set[int]
) -> list[dict[str, Any]]:
    rows = []
    for person in sorted(people.values(), key=lambda p: p.label):
        if person.id not in speakers:
            continue
        included = (
            "withdrawn" if person.withdrawn else ("left out" if person.id in left_out else "yes")
        )
        rows.append(
            {
                "participant": person.label,
                "role": person.role,
                "case": person.case or "",
                **person.answers,
                "turns": included,
            }
        )
    return rows


def build_archive(
    session: Session,
    out: Path,
    *,
    exclude_unconsented: bool = False,
    allow_unreviewed: bool = False,
    actor: str | None = None,
) -> ArchiveReport:
    """Write the archive to ``out`` (a new folder, or a ``.zip`` file). Nothing is
    written when it is refused."""
    out = Path(out)
    if out.exists():
        raise InvalidInput(f"{out} already exists: give a new folder or .zip file name.")
    if not out.parent.is_dir():
        raise InvalidInput(f"{out.parent} is not a folder: the archive cannot be written there.")
    docs = list(session.scalars(select(Document).order_by(Document.id)))
    if not docs:
        raise InvalidInput("The project has no documents: there is nothing to archive.")
    if session.scalar(select(ProtectionFinding.id).limit(1)) is None:
        raise Conflict(
            "No document has been scanned: run `mutualscope protect scan --all --save`, review "
            "the findings and `mutualscope protect apply --all` first. Nothing was written."
        )
    people = _people(session)
    speakers = {
        pid for pid in session.scalars(select(Segment.participant_id).distinct()) if pid is not None
    }
    missing = _unconsented(people, speakers)
    if missing and not exclude_unconsented:
        names = "; ".join(f"{p.label} (archiving {p.answers['archiving']})" for p in missing)
        raise Conflict(
            f"Not archived: {len(missing)} participant(s) whose words are in the transcripts "
            f"have not consented to archiving: {names}. Record their consent with "
            "`mutualscope people consent`, or give --exclude-unconsented to leave their turns "
            "out. Nothing was written."
        )
    left_out = {p.id for p in missing}
    key = PseudonymBook(session).key_table()
    archived = _layers(session, docs, left_out, key, allow_unreviewed=allow_unreviewed)
    report = ArchiveReport(out=str(out), documents=len(archived))
    report.participants_left_out = [p.label for p in missing]
    report.turns_left_out = sum(len(a.left_out) for a in archived)
    codings, by_doc = _coding_rows(session, archived, report)
    files: dict[str, str | bytes] = {f"transcripts/{a.file}": a.layer.text for a in archived}
    files["codings.csv"] = _csv(codings, ["document", "code", "start", "end", "text"])
    files["codebook.csv"] = _csv(_codebook_rows(session, key), ["code", "definition", "colour"])
    consent = _consent_rows(people, speakers, left_out)
    files["consent.csv"] = _csv(
        consent,
        ["participant", "role", "case", "interview", "quoting", "archiving", "reuse", "turns"],
    )
    files["README.md"] = processing_note(report, consent)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.") as tmp:
        staging = Path(tmp) / "archive"
        staging.mkdir()
        write_qdpx(refi_project(session, by_doc, key), staging / "project.qdpx")
        for name, content in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                path.write_text(content, encoding="utf-8")
            else:
                path.write_bytes(content)
        report.files = sorted(
            str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file()
        )
        if out.suffix.lower() == ".zip":
            with zipfile.ZipFile(staging.with_suffix(".zip"), "w", zipfile.ZIP_DEFLATED) as archive:
                for name in report.files:
                    archive.write(staging / name, name)
            staging.with_suffix(".zip").replace(out)
        else:
            shutil.move(str(staging), str(out))
    record_event(
        session, action="archive", entity_type="project", entity_id=None,
        after={"out": str(out), "documents": report.documents, "codings": report.codings,
               "turns_left_out": report.turns_left_out,
               "participants_left_out": len(report.participants_left_out)},
        actor=actor,
    )  # fmt: skip
    session.commit()
    return report
