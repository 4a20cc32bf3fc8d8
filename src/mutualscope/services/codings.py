"""Codings: a code applied by a coder to a span of a document.

Offsets are code points into ``Document.text``, end exclusive; spans may overlap. A
coder named on the command line becomes a user with the ``coder`` role and no password.

A coder codes a span with a code once: adding the same coding again gives back the one
there is (a memo given with it is kept, on that coding), and bulk adds skip and count
such repeats. The database holds to the same rule (a unique index), so two people saving
the same coding at the same moment also end with one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mutualscope.domain.codepaths import join_code_path, parse_code_path
from mutualscope.domain.spans import validate_span
from mutualscope.domain.textmatch import match_span
from mutualscope.errors import Conflict, InvalidInput, NotFound
from mutualscope.services.audit import insert_event, record_event
from mutualscope.services.codebook import CodeIndex
from mutualscope.services.codebook_edits import describe_missing_code
from mutualscope.services.passages import find_document, select_passages
from mutualscope.services.quotes import Quote, build_filter, quotes_from_passages
from mutualscope.services.users import check_name, find_user
from mutualscope.storage.base import utcnow
from mutualscope.storage.codebook import Code, Coding, insert_coding_if_new
from mutualscope.storage.documents import Document
from mutualscope.storage.memos import Memo
from mutualscope.storage.users import User

if TYPE_CHECKING:
    import pandas

#: Columns of ``codings list``; the JSON objects have these keys.
LIST_FIELDS = (
    "coding_id",
    "code",
    "document",
    "start",
    "end",
    "text",
    "role",
    "case",
    "coder",
    "created_at",
)


def ensure_coder(session: Session, name: str) -> User:
    """The user called ``name``, made a password-less coder if new (not committed)."""
    cleaned = check_name(name)
    user = find_user(session, cleaned)
    if user is None:
        user = User(name=cleaned, role="coder", password_hash=None, active=True)
        session.add(user)
        session.flush()
        record_event(
            session,
            action="add",
            entity_type="user",
            entity_id=user.id,
            after={"name": cleaned, "role": "coder", "can_sign_in": False},
        )
    return user


def locate_span(
    text: str,
    *,
    start: int | None = None,
    end: int | None = None,
    match: str | None = None,
    occurrence: int | None = None,
) -> tuple[int, int]:
    """A validated span from offsets or from matched text (exactly one of them). Text
    matches exactly where it can, else with spaces, quotes, dashes and hyphenation
    ignored (:func:`~mutualscope.domain.textmatch.match_span`)."""
    if match is not None:
        if start is not None or end is not None:
            raise InvalidInput("Give either --match or --start/--end, not both.")
        return match_span(text, match, occurrence=occurrence)
    if start is None or end is None:
        raise InvalidInput("Give --start and --end (code points, end exclusive) or --match TEXT.")
    return validate_span(start, end, len(text))


@dataclass(frozen=True)
class SavedCoding:
    """A coding as added: ``created`` is False when the coder had coded that span with
    that code already and the existing coding was given back."""

    coding: Coding
    created: bool


@dataclass(frozen=True)
class WrittenCoding:
    """What :func:`write_coding` stored: the coding's id, and when it was made if it is
    new (``created``); otherwise the id of the same coding made before."""

    id: int
    created: bool
    created_at: datetime | None = None


def save_coding(
    session: Session,
    document: str | int,
    code_path: str,
    *,
    start: int | None = None,
    end: int | None = None,
    match: str | None = None,
    occurrence: int | None = None,
    coder: str | None = None,
    memo: str | None = None,
    actor: str | None = None,
) -> SavedCoding:
    """Code a span of a document, or give back the same coding made before. With
    ``memo``, a memo is attached to the coding."""
    doc = find_document(session, document)
    code = CodeIndex.load(session).resolve(code_path)
    try:
        span = locate_span(doc.text, start=start, end=end, match=match, occurrence=occurrence)
    except InvalidInput as error:
        raise InvalidInput(f"{doc.name}: {error.args[0]}", error.problems) from None
    try:
        user = ensure_coder(session, coder) if coder else None
    except BaseException:
        session.rollback()
        raise
    written = write_coding(
        session, doc.id, doc.name, code.id, code_path, span,
        coder_id=user.id if user else None, memo=memo, actor=actor or coder,
    )  # fmt: skip
    coding = session.get(Coding, written.id)
    if coding is None:  # removed in the moment since
        raise NotFound(f"No coding with id {written.id} (it was removed meanwhile).")
    return SavedCoding(coding, written.created)


def add_coding(
    session: Session,
    document: str | int,
    code_path: str,
    *,
    start: int | None = None,
    end: int | None = None,
    match: str | None = None,
    occurrence: int | None = None,
    coder: str | None = None,
    memo: str | None = None,
    actor: str | None = None,
) -> Coding:
    """:func:`save_coding`, giving the coding (new or the one there was)."""
    return save_coding(
        session, document, code_path, start=start, end=end, match=match,
        occurrence=occurrence, coder=coder, memo=memo, actor=actor,
    ).coding  # fmt: skip


def find_coding(
    session: Session, document_id: int, code_id: int, span: tuple[int, int], coder_id: int | None
) -> int | None:
    """The id of the coding of this span with this code by this coder (or by no coder)."""
    coder = Coding.coder_id.is_(None) if coder_id is None else Coding.coder_id == coder_id
    found = session.scalars(
        select(Coding.id).where(
            Coding.document_id == document_id,
            Coding.code_id == code_id,
            Coding.start == span[0],
            Coding.end == span[1],
            coder,
        )
    ).first()
    return None if found is None else int(found)


def write_coding(
    session: Session,
    document_id: int,
    document_name: str,
    code_id: int,
    code_path: str,
    span: tuple[int, int],
    *,
    coder_id: int | None,
    memo: str | None = None,
    actor: str | None = None,
) -> WrittenCoding:
    """Store a checked coding (with its memo and audit event) and commit; the same
    coding made before is given back instead. A code merged or deleted since the caller
    read it is NotFound, saying what became of it.

    The web app adds codings through here many times a second, so it is three plain
    statements (the coding, skipped if there; its audit event; the memo if any) and no
    object of the session's is loaded or flushed."""
    try:
        session.flush()  # what the caller added comes first (the audit trail's order)
        now = utcnow()
        coding_id = insert_coding_if_new(
            session, document_id=document_id, code_id=code_id, span=span,
            coder_id=coder_id, created_at=now,
        )  # fmt: skip
        written: WrittenCoding | None = None
        if coding_id is not None:
            written = WrittenCoding(coding_id, True, now)
            after = {"document": document_name, "code": code_path, "start": span[0],
                     "end": span[1]}  # fmt: skip
            insert_event(session, action="create", entity_type="coding",
                         entity_id=coding_id, after=after, actor=actor, at=now)  # fmt: skip
        else:
            existing = find_coding(session, document_id, code_id, span, coder_id)
            written = WrittenCoding(existing, False) if existing is not None else None
        if written is not None:
            if memo:
                session.add(Memo(text=memo, coding_id=written.id, author_id=coder_id))
            session.commit()
            return written
    except IntegrityError:
        pass
    except BaseException:
        session.rollback()
        raise
    # Refused (a code or document gone), or the same coding was removed again at once.
    session.rollback()
    return _after_refusal(
        session, document_id, document_name, code_id, code_path, span, coder_id, memo
    )


def _after_refusal(
    session: Session,
    document_id: int,
    document_name: str,
    code_id: int,
    code_path: str,
    span: tuple[int, int],
    coder_id: int | None,
    memo: str | None,
) -> WrittenCoding:
    """The database refused the coding: someone saved the same one a moment before (give
    it back), or the code or document went away meanwhile (say so)."""
    try:
        existing = find_coding(session, document_id, code_id, span, coder_id)
        if existing is not None:
            if memo:
                session.add(Memo(text=memo, coding_id=existing, author_id=coder_id))
            session.commit()
            return WrittenCoding(existing, False)
        if session.get(Code, code_id, populate_existing=True) is None:
            raise NotFound(describe_missing_code(session, code_id, code_path))
        if session.get(Document, document_id, populate_existing=True) is None:
            raise NotFound(
                f"The document {document_name!r} was deleted meanwhile; nothing was saved."
            )
        raise Conflict(
            f"{document_name}: the coding {span[0]}-{span[1]} with {code_path!r} clashed with "
            "a change made at the same moment; nothing was saved. Try again."
        )
    except BaseException:
        session.rollback()
        raise


def remove_coding(session: Session, coding_id: int, *, actor: str | None = None) -> None:
    """Delete one coding (memos on it become project memos, so no note is lost)."""
    coding = session.get(Coding, coding_id)
    if coding is None:
        raise NotFound(f"No coding with id {coding_id}.")
    before = {
        "document_id": coding.document_id,
        "code_id": coding.code_id,
        "start": coding.start,
        "end": coding.end,
        "coder_id": coding.coder_id,
    }
    session.execute(update(Memo).where(Memo.coding_id == coding_id).values(coding_id=None))
    session.execute(delete(Coding).where(Coding.id == coding_id))
    record_event(
        session,
        action="delete",
        entity_type="coding",
        entity_id=coding_id,
        before=before,
        actor=actor,
    )
    session.commit()


def _selected_quotes(
    session: Session,
    *,
    code: str | None,
    subcodes: bool,
    document: str | None,
    case: str | None,
    role: str | None,
    coder: str | None,
    where: Sequence[str],
    offset: int = 0,
    limit: int | None = None,
) -> tuple[list[Quote], list[dict[str, Any] | None]]:
    """Quotes for the selection, and each one's organisation fields."""
    index = CodeIndex.load(session)
    code_ids = None
    if code:
        found = index.resolve(code)
        code_ids = index.descendants(found.id) if subcodes else [found.id]
    document_ids = [find_document(session, document).id] if document else None
    filters = build_filter(
        session,
        code_ids=code_ids,
        document_ids=document_ids,
        role=role,
        case=case,
        where=where,
        coder=coder,
    )
    passage_index, passages = select_passages(session, filters)
    if offset or limit is not None:
        passages = passages[max(0, offset) : None if limit is None else max(0, offset) + limit]
    quotes = quotes_from_passages(session, passages, passage_index, index)
    return quotes, [passage_index.organisation(p) for p in passages]


def list_codings(
    session: Session,
    *,
    code: str | None = None,
    subcodes: bool = False,
    document: str | None = None,
    case: str | None = None,
    role: str | None = None,
    coder: str | None = None,
    where: Sequence[str] = (),
    offset: int = 0,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Codings in document order with code path, attribution and text (``LIST_FIELDS``);
    ``offset`` and ``limit`` page through them."""
    quotes, _ = _selected_quotes(
        session,
        code=code,
        subcodes=subcodes,
        document=document,
        case=case,
        role=role,
        coder=coder,
        where=where,
        offset=offset,
        limit=limit,
    )
    return [{key: getattr(quote, key) for key in LIST_FIELDS} for quote in quotes]


def export_rows(
    session: Session,
    *,
    code: str | None = None,
    subcodes: bool = False,
    document: str | None = None,
    case: str | None = None,
    role: str | None = None,
    coder: str | None = None,
    where: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Tidy rows, one per coding: coding, code path, document, case, participant, role,
    organisation fields (``org_<field>``), offsets and text."""
    quotes, organisations = _selected_quotes(
        session,
        code=code,
        subcodes=subcodes,
        document=document,
        case=case,
        role=role,
        coder=coder,
        where=where,
    )
    org_fields = sorted({key for record in organisations if record for key in record})
    result = []
    for quote, org in zip(quotes, organisations, strict=True):
        record = quote.as_dict()
        record["top_code"] = join_code_path(parse_code_path(quote.code)[:1])
        for key in org_fields:
            record[f"org_{key}"] = (org or {}).get(key)
        result.append(record)
    return result


def codings_dataframe(session: Session, **filters: Any) -> pandas.DataFrame:
    """The tidy export as a pandas DataFrame (same filters as :func:`export_rows`)."""
    # Imported here: pandas takes about a second to import and only exports need it.
    import pandas

    return pandas.DataFrame(export_rows(session, **filters))
