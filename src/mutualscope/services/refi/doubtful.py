"""Codings imported on doubtful positions: each is marked by a memo on the coding, so a
researcher can find them later (``mutualscope refi doubtful``), check them, and settle
them (``mutualscope refi settle``), which removes the mark."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mutualscope.errors import NotFound
from mutualscope.services.audit import record_event
from mutualscope.services.code_index import CodeIndex
from mutualscope.services.refi.report import describe_doubtful
from mutualscope.storage.models import Coding, Document, Memo

#: The title of the memo that marks a doubtful coding.
DOUBTFUL_TITLE = "Doubtful position (REFI-QDA import)"
#: Namespace of the GUIDs of memos the import derives (the same on every run).
MEMO_GUIDS = uuid.UUID("3c1e9a52-7b0d-4f6e-a8d4-52e61f0b9c27")
DOUBTFUL_FIELDS = [
    "coding",
    "document",
    "code",
    "start",
    "end",
    "words",
    "memo",
    "note",
]


def derive_memo_guid(kind: str, key: str) -> str:
    """The GUID of a memo the import makes for ``key`` (a GUID of the file): derived, so
    that importing the file again finds it rather than adding it twice."""
    return str(uuid.uuid5(MEMO_GUIDS, f"{kind}:{key.lower()}"))


def build_doubtful_memos(
    items: dict[str, dict[str, Any]], coding_ids: dict[str, int], file: str
) -> list[dict[str, Any]]:
    """One memo row for each doubtful coding (``items`` by coding GUID key)."""
    rows = []
    for key, item in items.items():
        coding_id = coding_ids.get(key)
        if coding_id is None:
            continue
        rows.append(
            {
                "guid": derive_memo_guid("doubtful", key),
                "title": DOUBTFUL_TITLE,
                "text": (
                    f"Imported from {file}, selection {item['selection']}. "
                    f"{describe_doubtful(item)}. Check the coding and delete this memo "
                    "once it is settled."
                ),
                "coding_id": coding_id,
                "document_id": None,
                "code_id": None,
                "author_id": None,
            }
        )
    return rows


def list_doubtful_codings(session: Session) -> list[dict[str, Any]]:
    """The codings still marked doubtful, by document and position (``DOUBTFUL_FIELDS``)."""
    rows = session.execute(
        select(Memo.id, Memo.text, Coding, Document.name, Document.text)
        .join(Coding, Coding.id == Memo.coding_id)
        .join(Document, Document.id == Coding.document_id)
        .where(Memo.title == DOUBTFUL_TITLE)
        .order_by(Document.name, Coding.start, Coding.id)
    ).all()
    index = CodeIndex.load(session) if rows else None
    return [
        {
            "coding": coding.id,
            "document": name,
            "code": index.path(coding.code_id) if index else None,
            "start": coding.start,
            "end": coding.end,
            "words": text[coding.start : coding.end],
            "memo": memo_id,
            "note": note,
        }
        for memo_id, note, coding, name, text in rows
    ]


def settle_doubtful(session: Session, *, coding_ids: list[int], actor: str | None = None) -> int:
    """Remove the doubtful mark from the given codings (they have been checked); all or
    none: a coding that is not marked is an error. Returns how many were settled."""
    wanted = sorted(set(coding_ids))
    marked = dict(
        session.execute(
            select(Memo.coding_id, Memo.id).where(
                Memo.title == DOUBTFUL_TITLE, Memo.coding_id.in_(wanted)
            )
        ).all()
    )
    missing = [i for i in wanted if i not in marked]
    if missing:
        raise NotFound("Not marked doubtful: coding(s) " + ", ".join(str(i) for i in missing) + ".")
    session.execute(delete(Memo).where(Memo.id.in_(list(marked.values()))))
    record_event(
        session,
        action="refi.settle",
        entity_type="coding",
        after={"codings": wanted},
        actor=actor,
    )
    session.commit()
    return len(wanted)
