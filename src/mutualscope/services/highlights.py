"""The codings of one document as a reader of its transcript sees them, and the changes a
signed-in coder makes there (each coding remembers its coder; coders remove their own).

Used by the web app's transcript view; the same rules hold for its JSON API.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, literal, select, true
from sqlalchemy.orm import Session

from mutualscope.domain.codepaths import join_code_path
from mutualscope.domain.spans import validate_span
from mutualscope.errors import InvalidInput, NotFound, PermissionDenied
from mutualscope.services import codings as codings_service
from mutualscope.services import memos as memos_service
from mutualscope.services.codebook import CodeIndex
from mutualscope.services.codebook_edits import describe_missing_code
from mutualscope.services.users import has_role, require
from mutualscope.storage.codebook import Code, Coding
from mutualscope.storage.documents import Document
from mutualscope.storage.memos import Memo
from mutualscope.storage.users import User


@dataclass(frozen=True)
class Highlight:
    """One coding in a transcript: where, which code, by whom."""

    id: int
    start: int
    end: int
    code_id: int
    code: str
    colour: str | None
    coder_id: int | None
    coder: str | None
    created_at: datetime | None
    memos: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def get_document(session: Session, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"No document with id {document_id} (it may have been deleted).")
    return document


def _highlight_query() -> Any:
    memo_counts = (
        select(Memo.coding_id, func.count().label("memos"))
        .where(Memo.coding_id.is_not(None))
        .group_by(Memo.coding_id)
        .subquery()
    )
    return (
        select(
            Coding.id,
            Coding.start,
            Coding.end,
            Coding.code_id,
            Coding.coder_id,
            User.name,
            Coding.created_at,
            func.coalesce(memo_counts.c.memos, 0),
        )
        .outerjoin(User, User.id == Coding.coder_id)
        .outerjoin(memo_counts, memo_counts.c.coding_id == Coding.id)
        .order_by(Coding.start, Coding.end.desc(), Coding.id)
    )


def _highlights(session: Session, query: Any) -> list[Highlight]:
    index = CodeIndex.load(session)
    return [
        Highlight(
            id=row[0],
            start=row[1],
            end=row[2],
            code_id=row[3],
            code=index.path(row[3]),
            colour=index.by_id[row[3]].colour,
            coder_id=row[4],
            coder=row[5],
            created_at=row[6],
            memos=int(row[7]),
        )
        for row in session.execute(query)
    ]


def document_highlights(
    session: Session, document_id: int, *, coder_id: int | None = None
) -> list[Highlight]:
    """The document's codings in text order; only one coder's with ``coder_id``
    (blind coding hides the others')."""
    get_document(session, document_id)
    query = _highlight_query().where(Coding.document_id == document_id)
    if coder_id is not None:
        query = query.where(Coding.coder_id == coder_id)
    return _highlights(session, query)


def highlights_signature(highlights: list[Highlight]) -> str:
    """Changes whenever a coding is added, removed or gains a memo: pages poll it."""
    digest = hashlib.sha256()
    for h in highlights:
        digest.update(f"{h.id}:{h.code_id}:{h.memos};".encode())
    return digest.hexdigest()[:16]


def code_path(session: Session, code_id: int) -> tuple[str, Code]:
    """A code's path by walking up its parents (a few primary-key reads, cheaper than
    loading the whole codebook on every coding)."""
    code = session.get(Code, code_id)
    if code is None:
        raise NotFound(describe_missing_code(session, code_id))
    parts = [code.name]
    parent_id = code.parent_id
    while parent_id is not None:
        parent = session.get(Code, parent_id)
        if parent is None:
            break
        parts.append(parent.name)
        parent_id = parent.parent_id
    return join_code_path(tuple(reversed(parts))), code


#: Deeper than any codebook: the walk up stops here should parents ever form a loop.
MAX_CODE_DEPTH = 64


@dataclass(frozen=True)
class _Target:
    """What adding a coding needs to know of its document and code."""

    document_name: str
    length: int
    path: str
    colour: str | None


def _target_query() -> Any:
    """One query for the document's name and length and the code's colour and path (the
    code and its parents, walked up by a recursive query): adding a coding pays one round
    trip for it, not one per parent."""
    code = Code.__table__
    document = Document.__table__
    up = (
        select(code.c.id, code.c.name, code.c.parent_id, code.c.colour, literal(0).label("depth"))
        .where(code.c.id == bindparam("code_id"))
        .cte("up", recursive=True)
    )
    parent = code.alias("parent")
    up = up.union_all(
        select(parent.c.id, parent.c.name, parent.c.parent_id, parent.c.colour, up.c.depth + 1)
        .where(parent.c.id == up.c.parent_id, up.c.depth < MAX_CODE_DEPTH)
    )  # fmt: skip
    return (
        select(document.c.name, document.c.length, up.c.name, up.c.colour, up.c.depth)
        .select_from(up.join(document, true()))
        .where(document.c.id == bindparam("document_id"))
        .order_by(up.c.depth.desc())
    )


_TARGET = _target_query()


def _coding_target(session: Session, document_id: int, code_id: int) -> _Target:
    rows = (
        session.connection()
        .execute(_TARGET, {"document_id": document_id, "code_id": code_id})
        .all()
    )
    if not rows:  # say which is missing, and what became of a code
        get_document(session, document_id)
        path, _ = code_path(session, code_id)
        raise NotFound(f"Code {path!r} or its document changed meanwhile; try again.")
    path = join_code_path(tuple(row[2] for row in rows))
    return _Target(document_name=rows[0][0], length=rows[0][1], path=path, colour=rows[-1][3])


def add_highlight(
    session: Session,
    *,
    user: User,
    document_id: int,
    code_id: int,
    start: int,
    end: int,
    memo: str | None = None,
) -> tuple[Highlight, bool]:
    """Code ``text[start:end]`` of a document with a code, as ``user``. Gives the coding
    and whether it is new: coding the same span with the same code again gives back the
    coding made before (with a memo, the memo is added to it).

    The signed-in user is the coder and the stored length bounds the span, so the
    document's text is not read: one query for the document and code, then
    :func:`~mutualscope.services.codings.write_coding`'s statements."""
    require(user, "code")
    target = _coding_target(session, document_id, code_id)
    try:
        span = validate_span(start, end, target.length)
    except InvalidInput as error:
        raise InvalidInput(f"{target.document_name}: {error.args[0]}", error.problems) from None
    written = codings_service.write_coding(
        session, document_id, target.document_name, code_id, target.path, span,
        coder_id=user.id, memo=memo or None, actor=user.name,
    )  # fmt: skip
    if not written.created:
        return get_highlight(session, written.id), False
    highlight = Highlight(
        id=written.id,
        start=span[0],
        end=span[1],
        code_id=code_id,
        code=target.path,
        colour=target.colour,
        coder_id=user.id,
        coder=user.name,
        created_at=written.created_at,
        memos=1 if memo else 0,
    )
    return highlight, True


def get_highlight(session: Session, coding_id: int) -> Highlight:
    found = _highlights(session, _highlight_query().where(Coding.id == coding_id))
    if not found:
        raise NotFound(f"No coding with id {coding_id} (it may have been deleted).")
    return found[0]


def coding_memos(session: Session, coding_id: int) -> list[dict[str, Any]]:
    get_highlight(session, coding_id)
    return memos_service.list_memos(session, coding_id=coding_id)


def remove_highlight(session: Session, *, user: User, coding_id: int) -> None:
    """Remove a coding: coders their own, owners anyone's."""
    require(user, "code")
    coding = session.get(Coding, coding_id)
    if coding is None:
        raise NotFound(f"No coding with id {coding_id} (it may have been deleted).")
    if coding.coder_id != user.id and not has_role(user, "owner"):
        raise PermissionDenied(
            f"Coding {coding_id} was made by another coder; only they or an owner may remove it."
        )
    codings_service.remove_coding(session, coding_id, actor=user.name)


def add_coding_memo(session: Session, *, user: User, coding_id: int, text: str) -> dict[str, Any]:
    require(user, "memo")
    get_highlight(session, coding_id)
    memo = memos_service.add_memo(session, text, coding_id=coding_id, author=user.name)
    return next(m for m in coding_memos(session, coding_id) if m["id"] == memo.id)
