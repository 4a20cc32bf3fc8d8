"""Adding many codings at once (a codings file, the demo): checked first, written in one
transaction, repeats skipped and counted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain.codepaths import parse_code_path
from mutualscope.errors import InvalidInput, NotFound
from mutualscope.services.audit import record_event
from mutualscope.services.codebook import CodeIndex
from mutualscope.services.codings import ensure_coder, locate_span
from mutualscope.services.users import check_name, find_user
from mutualscope.storage.codebook import Coding, insert_new_codings
from mutualscope.storage.documents import Document
from mutualscope.storage.memos import Memo


@dataclass(frozen=True)
class CodingSpec:
    """One coding to add in bulk; either offsets or ``match`` (with ``occurrence``)."""

    document: str
    code: str
    coder: str | None = None
    start: int | None = None
    end: int | None = None
    match: str | None = None
    occurrence: int | None = None
    memo: str | None = None


@dataclass(frozen=True)
class AddedCodings:
    """What a bulk add did: ``added`` new codings; ``duplicates`` skipped because the
    same coding was there already or came earlier in the batch."""

    added: int
    duplicates: int


_Key = tuple[int, int, int, int, int | None]


def _key(row: Any) -> _Key:
    if isinstance(row, dict):
        return (row["document_id"], row["code_id"], row["start"], row["end"], row["coder_id"])
    return (row.document_id, row.code_id, row.start, row.end, row.coder_id)


def _existing_codings(session: Session, rows: list[dict[str, Any]]) -> dict[_Key, int]:
    """``{key: id}`` of the codings already stored on the batch's documents and codes."""
    documents = {r["document_id"] for r in rows}
    codes = {r["code_id"] for r in rows}
    query = select(
        Coding.id, Coding.document_id, Coding.code_id, Coding.start, Coding.end, Coding.coder_id
    ).where(Coding.document_id.in_(documents), Coding.code_id.in_(codes))
    return {_key(row): row.id for row in session.execute(query)}


def count_new_codings(session: Session, specs: Sequence[CodingSpec]) -> AddedCodings:
    """What :func:`add_codings` would do with ``specs``, changing nothing: how many
    codings it would add, and how many it would skip because the project has them or
    they came earlier in ``specs``. The specs are placed already (offsets, documents
    that exist); a code or coder the project has not got yet makes its codings new."""
    index = CodeIndex.load(session)
    names = {s.document for s in specs}
    documents = dict(
        session.execute(select(Document.name, Document.id).where(Document.name.in_(names))).all()
    )
    coders: dict[str, int | None] = {}
    for name in {s.coder for s in specs if s.coder}:
        user = find_user(session, check_name(name))
        coders[name] = user.id if user is not None else None
    known: list[dict[str, Any]] = []
    keys: set[tuple[Any, ...]] = set()
    for spec in specs:
        code = index.find(parse_code_path(spec.code))
        document_id = documents.get(spec.document)
        coder_id = coders.get(spec.coder) if spec.coder else None
        new_coder = spec.coder is not None and coder_id is None
        if code is None or document_id is None or new_coder:
            keys.add(("new", spec.document, spec.code, spec.start, spec.end, spec.coder))
            continue
        row = {"document_id": document_id, "code_id": code.id, "start": spec.start,
               "end": spec.end, "coder_id": coder_id}  # fmt: skip
        known.append(row)
        keys.add(_key(row))
    there = _existing_codings(session, known) if known else {}
    added = len(keys - there.keys())
    return AddedCodings(added, len(specs) - added)


def _check_specs(
    session: Session, specs: Sequence[CodingSpec], source: str
) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    """Each spec as a row (coder still a name), and memos by row position; every
    problem is reported at once."""
    index = CodeIndex.load(session)
    names = {s.document for s in specs}
    documents = {
        d.name: d for d in session.scalars(select(Document).where(Document.name.in_(names)))
    }
    rows: list[dict[str, Any]] = []
    memos: list[tuple[int, str]] = []
    problems: list[str] = []
    for number, spec in enumerate(specs, start=1):
        try:
            doc = documents.get(spec.document)
            if doc is None:
                raise NotFound(f"no document {spec.document!r}")
            code = index.resolve(spec.code)
            begin, finish = locate_span(
                doc.text,
                start=spec.start,
                end=spec.end,
                match=spec.match,
                occurrence=spec.occurrence,
            )
        except (InvalidInput, NotFound) as error:
            problems.append(f"{source}: coding {number}: {error}")
            continue
        rows.append(
            {
                "document_id": doc.id,
                "code_id": code.id,
                "start": begin,
                "end": finish,
                "coder": spec.coder,
            }
        )
        if spec.memo:
            memos.append((len(rows) - 1, spec.memo))
    if problems:
        raise InvalidInput(f"{source}: {len(problems)} problem(s); nothing was added.", problems)
    return rows, memos


def add_codings(
    session: Session, specs: Sequence[CodingSpec], *, source: str, actor: str | None = None
) -> AddedCodings:
    """Add many codings at once: all are checked first, then written in one transaction
    with one audit event. Problems are reported with the spec's position (1-based). A
    coding the project already has, or one repeated in ``specs``, is skipped and counted;
    a memo given with it goes on the coding there is."""
    rows, memos = _check_specs(session, specs, source)
    try:
        coders = {
            name: ensure_coder(session, name).id for name in {r["coder"] for r in rows} if name
        }
        for row in rows:
            row["coder_id"] = coders.get(row.pop("coder"))
        ids = _existing_codings(session, rows) if rows else {}
        fresh: dict[_Key, dict[str, Any]] = {}
        for row in rows:
            if _key(row) not in ids:
                fresh.setdefault(_key(row), row)
        inserted = insert_new_codings(session, list(fresh.values()))
        ids.update({_key(row): row.id for row in inserted})
        if len(inserted) < len(fresh):
            # Saved by someone else since they were looked up: those are there now.
            ids.update(_existing_codings(session, rows))
        for position, text in memos:
            row = rows[position]
            session.add(Memo(text=text, coding_id=ids[_key(row)], author_id=row["coder_id"]))
        result = AddedCodings(len(inserted), len(rows) - len(inserted))
        record_event(
            session,
            action="import",
            entity_type="coding",
            after={"source": source, "codings": result.added, "duplicates": result.duplicates},
            actor=actor,
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return result
