"""``/api/v1/documents``: the documents, a transcript's text and turns, and its codings."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field
from pydantic_core import to_json

from mutualscope.services import documents as documents_service
from mutualscope.services import highlights as highlights_service
from mutualscope.services.documents import DocumentSummary, DocumentView
from mutualscope.services.highlights import Highlight
from mutualscope.services.settings import coder_seen
from mutualscope.web.deps import Coder, Reader, SessionDep
from mutualscope.web.errors import responses

router = APIRouter(prefix="/documents", tags=["documents"])


class HighlightsOut(BaseModel):
    signature: str = Field(description="Changes whenever the codings shown change.")
    codings: list[Highlight]


class CodingIn(BaseModel):
    code_id: int
    start: int = Field(description="Code point offset into the text (inclusive).")
    end: int = Field(description="Code point offset (exclusive).")
    memo: str | None = Field(default=None, max_length=20_000)


@router.get("")
def list_documents(
    session: SessionDep, user: Reader, case: str | None = None, kind: str | None = None
) -> list[DocumentSummary]:
    """Every document with its case, words, turns and speakers."""
    return documents_service.list_documents(session, case=case, kind=kind)


@router.get("/{document_id}", responses=responses(404))
def read_document(session: SessionDep, user: Reader, document_id: int) -> DocumentView:
    """A document's normalised text and its speaker turns (offsets are code points)."""
    highlights_service.get_document(session, document_id)
    return documents_service.load_document(session, document_id)


@router.get("/{document_id}/codings", responses=responses(404))
def document_codings(
    session: SessionDep,
    user: Reader,
    document_id: int,
    coders: Literal["all", "mine"] = "all",
) -> HighlightsOut:
    """The document's codings; ``coders=mine`` hides other coders' (blind coding).
    Pages poll this and redraw when ``signature`` changes."""
    found = highlights_service.document_highlights(
        session,
        document_id,
        coder_id=user.id if coders == "mine" or coder_seen(session, user) else None,
    )
    return HighlightsOut(signature=highlights_service.highlights_signature(found), codings=found)


@router.post(
    "/{document_id}/codings", status_code=201, response_model=Highlight, responses=responses(404)
)
def add_coding(session: SessionDep, user: Coder, document_id: int, body: CodingIn) -> Response:
    """Code ``text[start:end]`` with a code, as the signed-in coder. Offsets outside the
    text, or an empty span, answer 422 and change nothing. Coding the same span with the
    same code again answers 200 with the coding made before (a memo is added to it). A
    code merged or deleted meanwhile answers 404 saying what became of it."""
    # Answered as ready JSON: a coder codes many times a minute, and the framework would
    # otherwise check the answer against its model in one more trip to the thread pool.
    highlight, created = highlights_service.add_highlight(
        session,
        user=user,
        document_id=document_id,
        code_id=body.code_id,
        start=body.start,
        end=body.end,
        memo=body.memo,
    )
    return Response(
        to_json(highlight), status_code=201 if created else 200, media_type="application/json"
    )
