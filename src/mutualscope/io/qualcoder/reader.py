"""Reading a QualCoder project (a ``name.qda`` folder or its ``data.qda``) into the
REFI-QDA model, so the REFI-QDA importer writes it: sources with their text, the code
tree, cases and attributes, memos and journals, and every text coding placed on the
words QualCoder stored with it (:mod:`mutualscope.io.qualcoder.placement`).

QualCoder's objects have numbers, not GUIDs: each is given a GUID derived from the
project's creation time and its number, the same on every import.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from mutualscope.errors import InvalidInput
from mutualscope.io.qualcoder.cases import read_cases
from mutualscope.io.qualcoder.codebook import read_codebook
from mutualscope.io.qualcoder.database import columns, find_data_file, open_read_only, tables
from mutualscope.io.qualcoder.model import (
    QualCoderProject,
    SourcePlacements,
    derive_guid,
    parse_date,
    user_guid,
)
from mutualscope.io.qualcoder.placement import DOUBTFUL, SourceText, place, quote
from mutualscope.io.refi.limits import LIMITS, ReadLimits, describe_size
from mutualscope.io.refi.model import (
    RefiCoding,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiTextSource,
    RefiUser,
)

_IMAGE = ("jpg", "jpeg", "png")
_AUDIO = ("mp3", "wav", "m4a", "ogg")
_VIDEO = ("mkv", "mov", "mp4", "m4v", "wmv", "webm")


def read_qualcoder(path: Path, *, limits: ReadLimits = LIMITS) -> QualCoderProject:
    """Read the QualCoder project at ``path`` (its folder or its ``data.qda``), opened
    read-only; refuses a schema version it does not know, or more than ``limits``."""
    data = find_data_file(Path(path))
    with open_read_only(data) as (connection, version):
        try:
            return _read(connection, data, version, limits)
        except sqlite3.DatabaseError as error:
            raise InvalidInput(f"{data} cannot be read: {error}. Is it damaged?") from error


def source_kind(mediapath: str | None) -> str:
    """What a source is, from its ``mediapath`` as QualCoder decides it: ``text``,
    ``image``, ``audio`` or ``video`` (texts linked from elsewhere are texts)."""
    if mediapath is None or len(mediapath) < 6 or mediapath.startswith(("/docs/", "docs:")):
        return "text"
    suffix = mediapath.lower().rsplit(".", 1)[-1]
    for kind, suffixes in (("image", _IMAGE), ("audio", _AUDIO), ("video", _VIDEO)):
        if suffix in suffixes:
            return kind
    return "text"


def _read(
    connection: sqlite3.Connection, data: Path, version: str, limits: ReadLimits
) -> QualCoderProject:
    _check_size(connection, data, limits)
    created, memo, about = connection.execute("SELECT date, memo, about FROM project").fetchone()
    project_key = str(created).strip() if created and str(created).strip() else _digest(data)
    name = data.parent.name if data.name == "data.qda" else data.stem
    refi = RefiProject(
        name=name.removesuffix(".qda") or "QualCoder project",
        origin=f"QualCoder {about} (database {version})" if about else f"QualCoder ({version})",
        created_at=parse_date(created),
    )
    project = QualCoderProject(refi=refi, version=version)
    book = read_codebook(connection, project_key)
    refi.codes = book.roots
    refi.problems.extend(book.problems)
    present = tables(connection)
    texts = _read_sources(connection, project, project_key, present)
    people = read_cases(
        connection,
        project_key,
        {fid: (s.guid, s.name, len(s.text)) for fid, s in texts.items()},
    )
    refi.cases, refi.variables = people.cases, people.variables
    project.mapped.extend(people.mapped)
    refi.problems.extend(people.problems)
    for fid, source in texts.items():
        source.variable_values = people.file_values.get(fid, [])
    owners: set[str] = set()
    for fid, source in texts.items():
        owners |= _read_codings(connection, project, source, fid, book.codes, project_key)
    if "annotation" in present:
        owners |= _read_annotations(connection, project, texts, project_key)
    if "journal" in present:
        owners |= _read_journals(connection, refi, project_key)
    if isinstance(memo, str) and memo.strip():
        note = RefiNote(derive_guid(project_key, "project memo", 0), "QualCoder project memo", memo)
        refi.notes.append(note)
        refi.project_note_refs.append(note.guid)
    refi.users = [RefiUser(guid=user_guid(owner), name=owner) for owner in sorted(owners)]
    if "graph" in present:
        refi.graphs = connection.execute("SELECT count(*) FROM graph").fetchone()[0]
    return project


def _digest(data: Path) -> str:
    return hashlib.sha256(data.read_bytes()).hexdigest()


def _check_size(connection: sqlite3.Connection, data: Path, limits: ReadLimits) -> None:
    codings = connection.execute("SELECT count(*) FROM code_text").fetchone()[0]
    if codings > limits.selections:
        raise InvalidInput(
            f"{data}: refused, {codings:,} text codings are more than the "
            f"{limits.selections:,} an import reads from one project. Export the project "
            "from QualCoder as REFI-QDA projects (.qdpx) in parts and import those."
        )
    size = connection.execute("SELECT sum(length(CAST(fulltext AS BLOB))) FROM source").fetchone()
    if size[0] and size[0] > limits.read_bytes:
        raise InvalidInput(
            f"{data}: refused, its texts take {describe_size(size[0])}, more than the "
            f"{describe_size(limits.read_bytes)} an import reads."
        )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _read_sources(
    connection: sqlite3.Connection, project: QualCoderProject, project_key: str, present: set[str]
) -> dict[int, RefiTextSource]:
    """The text sources by QualCoder's id; every other source is listed as left out."""
    coded = {
        table: dict(connection.execute(f"SELECT {column}, count(*) FROM {table} GROUP BY 1"))
        for table, column in (("code_image", "id"), ("code_av", "id"), ("code_text", "fid"))
        if table in present
    }
    texts: dict[int, RefiTextSource] = {}
    for fid, name, fulltext, mediapath, memo, date in connection.execute(
        "SELECT id, name, fulltext, mediapath, memo, date FROM source ORDER BY id"
    ):
        guid = derive_guid(project_key, "source", fid)
        label = name or f"Source {fid}"
        kind = source_kind(mediapath)
        codings = sum(table.get(fid, 0) for table in coded.values())
        if kind != "text":
            project.dropped.append(
                f"{kind} source {label!r} ({guid}): not imported, as mutualscope holds "
                f"texts only ({codings} coding(s) of it left out)."
            )
            continue
        if not isinstance(fulltext, str) or not fulltext.strip():
            what = "PDF" if (mediapath or "").lower().endswith(".pdf") else "text"
            project.dropped.append(
                f"{what} source {label!r} ({guid}): not imported, as QualCoder holds no "
                f"text for it{' (a scanned PDF?)' if what == 'PDF' else ''} "
                f"({codings} coding(s) of it left out)."
            )
            continue
        source = RefiTextSource(
            guid=guid, name=label, text=fulltext, text_origin="inline", created_at=parse_date(date)
        )
        if _text(memo):
            note = RefiNote(derive_guid(project_key, "source memo", fid), f"Memo: {label}", memo)
            project.refi.notes.append(note)
            source.note_refs.append(note.guid)
        texts[fid] = source
        project.refi.sources.append(source)
    return texts


def _read_codings(
    connection: sqlite3.Connection,
    project: QualCoderProject,
    source: RefiTextSource,
    fid: int,
    codes: dict[int, str],
    project_key: str,
) -> set[str]:
    """Place every text coding of ``source``; returns the coders seen."""
    text = SourceText(source.text)
    tally = project.sources.setdefault(source.guid, SourcePlacements())
    has_important = "important" in columns(connection, "code_text")
    important = 0
    owners: set[str] = set()
    for ctid, cid, seltext, pos0, pos1, owner, date, memo, flag in connection.execute(
        "SELECT ctid, cid, seltext, pos0, pos1, owner, date, memo, "
        f"{'important' if has_important else 'NULL'} FROM code_text WHERE fid = ? "
        "ORDER BY pos0, ctid",
        (fid,),
    ):
        where = f"coding {ctid} of {source.name!r}"
        code = codes.get(cid)
        if code is None:
            project.dropped.append(f"{where}: its code ({cid}) is missing; not imported.")
            continue
        if not isinstance(pos0, int) or not isinstance(pos1, int):
            project.dropped.append(f"{where}: QualCoder holds no position for it; not imported.")
            continue
        placement = place(text, pos0, pos1, seltext)
        if placement.how == DOUBTFUL and not 0 <= placement.start < placement.end <= len(text.raw):
            project.dropped.append(
                f"{where} ({quote(seltext or '')}): not imported, {placement.reason}, and "
                f"its positions {pos0}-{pos1} lie outside the text ({len(text.raw)} characters)."
            )
            continue
        name = owner.strip() if isinstance(owner, str) and owner.strip() else None
        coder = user_guid(name) if name else None
        if name:
            owners.add(name)
        moment = parse_date(date)
        selection = RefiSelection(
            guid=derive_guid(project_key, "selection", ctid),
            start=placement.start,
            end=placement.end,
            description=_text(memo),
            creating_user=coder,
            created_at=moment,
        )
        selection.codings.append(
            RefiCoding(
                guid=derive_guid(project_key, "coding", ctid),
                code_guid=code,
                creating_user=coder,
                created_at=moment,
            )
        )
        source.selections.append(selection)
        project.placements[selection.guid] = placement
        project.positions[selection.guid] = (pos0, pos1)
        tally.counts[placement.how] = tally.counts.get(placement.how, 0) + 1
        important += flag == 1
    if important:
        project.dropped.append(
            f"{source.name!r}: {important} coding(s) marked important in QualCoder; the "
            "mark is not kept."
        )
    return owners


def _read_annotations(
    connection: sqlite3.Connection,
    project: QualCoderProject,
    texts: dict[int, RefiTextSource],
    project_key: str,
) -> set[str]:
    """Annotations become memos on their document, titled by the words annotated."""
    owners: set[str] = set()
    for anid, fid, pos0, pos1, memo, owner, date in connection.execute(
        "SELECT anid, fid, pos0, pos1, memo, owner, date FROM annotation ORDER BY anid"
    ):
        source = texts.get(fid)
        if source is None or not _text(memo):
            continue
        words = source.text[pos0:pos1] if isinstance(pos0, int) and isinstance(pos1, int) else ""
        name = owner.strip() if isinstance(owner, str) and owner.strip() else None
        note = RefiNote(
            derive_guid(project_key, "annotation", anid),
            f"Annotation: {quote(words, 60)}" if words.strip() else "Annotation",
            memo,
            creating_user=user_guid(name) if name else None,
            created_at=parse_date(date),
        )
        if name:
            owners.add(name)
        project.refi.notes.append(note)
        source.note_refs.append(note.guid)
    return owners


def _read_journals(connection: sqlite3.Connection, refi: RefiProject, project_key: str) -> set[str]:
    """Journals become project memos, titled by their names."""
    owners: set[str] = set()
    for jid, name, entry, owner, date in connection.execute(
        "SELECT jid, name, jentry, owner, date FROM journal ORDER BY jid"
    ):
        if not _text(entry) and not _text(name):
            continue
        who = owner.strip() if isinstance(owner, str) and owner.strip() else None
        if who:
            owners.add(who)
        note = RefiNote(
            derive_guid(project_key, "journal", jid),
            name or f"Journal {jid}",
            entry or "",
            creating_user=user_guid(who) if who else None,
            created_at=parse_date(date),
        )
        refi.notes.append(note)
        refi.project_note_refs.append(note.guid)
    return owners
