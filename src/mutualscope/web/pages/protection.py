"""The personal-data review page of a transcript (coders and owners): the findings
highlighted in the text, accepted or rejected one by one, a missed one added by
selecting its words, and the pseudonymised text built and shown. ``?format=json`` gives
the findings as the API does."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

from mutualscope.domain.protection.kinds import DESCRIPTIONS, KINDS
from mutualscope.services.documents import find_document
from mutualscope.services.protection.findings import list_findings
from mutualscope.services.protection.layers import protected_layer
from mutualscope.web.deps import Coder, SessionDep
from mutualscope.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/documents/{document_id}/protection")
def protection_page(
    request: Request,
    session: SessionDep,
    user: Coder,
    document_id: int,
    format: Annotated[str, Query(pattern="^(html|json)$")] = "html",
) -> Response:
    doc = find_document(session, document_id)
    findings = jsonable_encoder([f.as_dict() for f in list_findings(session, str(document_id))])
    if format == "json":
        return JSONResponse({"findings": findings}, headers={"Cache-Control": "no-store"})
    layer = protected_layer(session, document_id)
    page_data = {
        "documentId": doc.id,
        "text": doc.text,
        "findings": findings,
        "protected": layer.text if layer else None,
        "kinds": list(KINDS),
    }
    return render(
        request,
        "findings.html",
        {
            "title": f"Personal data in {doc.name}",
            "user": user,
            "document": doc,
            "kinds": [(kind, DESCRIPTIONS[kind]) for kind in KINDS],
            "page_data": page_data,
        },
        headers={"Cache-Control": "no-store"},
    )
