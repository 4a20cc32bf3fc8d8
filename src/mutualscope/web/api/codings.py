"""``/api/v1/codings/{id}``: one coding, its memos, and removing it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from mutualscope.errors import NotFound
from mutualscope.services import highlights as highlights_service
from mutualscope.services.highlights import Highlight
from mutualscope.services.settings import coder_seen
from mutualscope.web.deps import Coder, MemoWriter, Reader, SessionDep
from mutualscope.web.errors import responses

router = APIRouter(prefix="/codings", tags=["codings"])


class MemoOut(BaseModel):
    id: int
    on: str
    target: str | None
    title: str | None
    text: str
    author: str | None
    created_at: Any


class CodingOut(BaseModel):
    coding: Highlight
    memos: list[MemoOut]


class MemoIn(BaseModel):
    text: str = Field(min_length=1, max_length=20_000)


@router.get("/{coding_id}", responses=responses(404))
def read_coding(session: SessionDep, user: Reader, coding_id: int) -> CodingOut:
    """A coding with its code, coder and memos. On a blind project another coder's
    coding is not found (404) for coders and viewers."""
    coding = highlights_service.get_highlight(session, coding_id)
    blind_to = coder_seen(session, user)
    if blind_to is not None and coding.coder != blind_to:
        raise NotFound(f"There is no coding {coding_id} among yours (the project is blind).")
    memos = highlights_service.coding_memos(session, coding_id)
    return CodingOut(coding=coding, memos=[MemoOut(**m) for m in memos])


@router.delete("/{coding_id}", status_code=204, responses=responses(404))
def remove_coding(session: SessionDep, user: Coder, coding_id: int) -> Response:
    """Remove a coding: coders their own (403 for another's), owners anyone's. Memos on it
    are kept as project memos."""
    highlights_service.remove_highlight(session, user=user, coding_id=coding_id)
    return Response(status_code=204)


@router.post("/{coding_id}/memos", status_code=201, responses=responses(404))
def add_memo(session: SessionDep, user: MemoWriter, coding_id: int, body: MemoIn) -> MemoOut:
    """Write a memo on a coding."""
    memo = highlights_service.add_coding_memo(
        session, user=user, coding_id=coding_id, text=body.text
    )
    return MemoOut(**memo)
