"""Documents: the list, and the transcript view where passages are read and coded."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mutualscope.services import cases as cases_service
from mutualscope.services import codebook as codebook_service
from mutualscope.services import documents as documents_service
from mutualscope.services import highlights as highlights_service
from mutualscope.services.documents import DocumentView
from mutualscope.services.highlights import Highlight
from mutualscope.services.recording_words import UNSURE_BELOW, recording_facts, unsure_words
from mutualscope.services.settings import coder_seen
from mutualscope.services.transcript_edits import revision_of
from mutualscope.services.users import may
from mutualscope.storage.users import User
from mutualscope.web.deps import Reader, SessionDep
from mutualscope.web.templating import render
from mutualscope.web.transcript import clock, pieces_html, transcript_blocks

router = APIRouter()


@router.get("/documents")
def documents_page(
    request: Request, session: SessionDep, user: Reader, case: str | None = None
) -> Response:
    documents = documents_service.list_documents(session, case=case or None)
    context = {
        "title": "Documents",
        "user": user,
        "documents": documents,
        "case": case,
        "may_import": may(user, "import"),
        "cases": cases_service.list_cases(session),
        "kinds": documents_service.KINDS,
    }
    return render(request, "documents.html", context)


def transcript_context(
    session: SessionDep, user: User, document_id: int, coders: str
) -> tuple[DocumentView, list[Highlight], dict[str, object]]:
    """The document, its visible codings and the template context of its turns."""
    highlights_service.get_document(session, document_id)
    view = documents_service.load_document(session, document_id)
    found = highlights_service.document_highlights(
        session,
        document_id,
        coder_id=user.id if coders == "mine" or coder_seen(session, user) else None,
    )
    unsure = unsure_words(session, document_id)
    context: dict[str, object] = {
        "document": view,
        "blocks": transcript_blocks(view.text, view.segments, found, unsure),
        "unsure_count": len(unsure),
        "may_edit": may(user, "code"),
        "highlights": found,
        "signature": highlights_service.highlights_signature(found),
        "clock": clock,
        "pieces_html": pieces_html,
        "coders": coders,
    }
    return view, found, context


def highlight_json(found: list[Highlight]) -> list[dict[str, object]]:
    """Codings for the page's script, encoded by hand: with thousands of them,
    jsonable_encoder would be the slowest step of the page."""
    return [
        {
            "id": h.id,
            "start": h.start,
            "end": h.end,
            "code_id": h.code_id,
            "code": h.code,
            "coder_id": h.coder_id,
            "coder": h.coder,
            "created_at": h.created_at.isoformat() if h.created_at else None,
            "memos": h.memos,
        }
        for h in found
    ]


@router.get("/documents/{document_id}")
def transcript_page(
    request: Request,
    session: SessionDep,
    user: Reader,
    document_id: int,
    coders: Literal["all", "mine"] = "all",
) -> Response:
    view, found, context = transcript_context(session, user, document_id, coders)
    codes = codebook_service.list_codes(session, coder=coder_seen(session, user))
    recording = recording_facts(session, document_id)
    page_data = {
        "documentId": document_id,
        "revision": revision_of(view.text, view.segments),
        "recording": None
        if recording is None
        else {
            "url": f"/api/v1/documents/{document_id}/recording",
            "filename": recording.filename,
            "duration": recording.duration,
        },
        "mayEdit": may(user, "code"),
        "speakers": sorted({s.speaker for s in view.segments if s.speaker}),
        "signature": context["signature"],
        "coders": coders,
        "pollSeconds": request.app.state.settings.poll_seconds,
        "user": {"id": user.id, "name": user.name, "role": user.role},
        "mayCode": may(user, "code"),
        "mayCreateCode": may(user, "edit-codebook"),
        "mayRemoveAny": may(user, "manage-users"),
        "codes": [
            {"id": c["id"], "path": c["path"], "colour": c["colour"], "definition": c["definition"]}
            for c in codes
        ],
        "codings": highlight_json(found),
    }
    context.update(
        {
            "title": view.name,
            "user": user,
            "page_data": page_data,
            "recording": recording,
            "unsure_below": UNSURE_BELOW,
        }
    )
    return render(request, "transcript.html", context)


@router.get("/documents/{document_id}/body")
def transcript_body(
    request: Request,
    session: SessionDep,
    user: Reader,
    document_id: int,
    coders: Literal["all", "mine"] = "all",
) -> Response:
    """The turns alone, for the page's script to swap in when codings change."""
    _, _, context = transcript_context(session, user, document_id, coders)
    return render(request, "transcript_body.html", context)
