"""Memos: notes on the project, a document, a code or a coding."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.errors import InvalidInput, NotFound
from mutualscope.services.audit import record_event
from mutualscope.services.codebook import CodeIndex
from mutualscope.services.codings import ensure_coder
from mutualscope.services.passages import find_document
from mutualscope.storage.codebook import Coding
from mutualscope.storage.documents import Document
from mutualscope.storage.memos import Memo
from mutualscope.storage.users import User

MEMO_FIELDS = ("id", "on", "target", "title", "text", "author", "created_at")


def add_memo(
    session: Session,
    text: str,
    *,
    title: str | None = None,
    document: str | None = None,
    code: str | None = None,
    coding_id: int | None = None,
    author: str | None = None,
) -> Memo:
    """Write a memo on at most one target; with none it is a project memo."""
    if not text.strip():
        raise InvalidInput("A memo needs some text.")
    targets = [t for t in (document, code, coding_id) if t is not None]
    if len(targets) > 1:
        raise InvalidInput("A memo is on one thing: give at most one of --doc, --code, --coding.")
    memo = Memo(text=text.strip(), title=title)
    if document is not None:
        memo.document_id = find_document(session, document).id
    if code is not None:
        memo.code_id = CodeIndex.load(session).resolve(code).id
    if coding_id is not None:
        if session.get(Coding, coding_id) is None:
            raise NotFound(f"No coding with id {coding_id}.")
        memo.coding_id = coding_id
    try:
        if author:
            memo.author_id = ensure_coder(session, author).id
        session.add(memo)
        session.flush()
        record_event(
            session,
            action="create",
            entity_type="memo",
            entity_id=memo.id,
            after={"title": title, "on": _target_kind(memo)},
            actor=author,
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return memo


def _target_kind(memo: Memo) -> str:
    if memo.coding_id is not None:
        return "coding"
    if memo.code_id is not None:
        return "code"
    if memo.document_id is not None:
        return "document"
    return "project"


def list_memos(
    session: Session,
    *,
    document: str | None = None,
    code: str | None = None,
    coding_id: int | None = None,
    project_only: bool = False,
) -> list[dict[str, Any]]:
    """Memos oldest first, each with what it is on (``MEMO_FIELDS``)."""
    query = select(Memo, User.name).outerjoin(User, User.id == Memo.author_id)
    index = CodeIndex.load(session)
    if document is not None:
        query = query.where(Memo.document_id == find_document(session, document).id)
    if code is not None:
        query = query.where(Memo.code_id == index.resolve(code).id)
    if coding_id is not None:
        query = query.where(Memo.coding_id == coding_id)
    if project_only:
        query = query.where(
            Memo.document_id.is_(None), Memo.code_id.is_(None), Memo.coding_id.is_(None)
        )
    rows = session.execute(query.order_by(Memo.created_at, Memo.id)).all()
    doc_ids = {memo.document_id for memo, _ in rows if memo.document_id}
    doc_names = dict(
        session.execute(select(Document.id, Document.name).where(Document.id.in_(doc_ids))).all()
    )
    result = []
    for memo, author in rows:
        kind = _target_kind(memo)
        target: str | None = None
        if kind == "coding":
            target = f"coding {memo.coding_id}"
        elif kind == "code" and memo.code_id in index.by_id:
            target = index.path(memo.code_id)
        elif kind == "document" and memo.document_id is not None:
            target = doc_names.get(memo.document_id)
        result.append(
            {
                "id": memo.id,
                "on": kind,
                "target": target,
                "title": memo.title,
                "text": memo.text,
                "author": author,
                "created_at": memo.created_at,
            }
        )
    return result
