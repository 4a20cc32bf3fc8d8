"""The audit trail (owners only): who changed what and when, filtered by date, user,
kind and action; ``?format=json`` gives the same events as JSON."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from mutualscope.errors import InvalidInput
from mutualscope.services import audit as audit_service
from mutualscope.web.deps import SessionDep, UserManager
from mutualscope.web.templating import render

router = APIRouter()

#: Events a page shows at most, newest first.
PAGE_SIZE = 200

Filter = Annotated[str, Query(max_length=200)]


@router.get("/audit")
def audit_page(
    request: Request,
    session: SessionDep,
    user: UserManager,
    since: Filter = "",
    who: Filter = "",
    kind: Filter = "",
    action: Filter = "",
    format: Annotated[str, Query(pattern="^(html|json)$")] = "html",
) -> Response:
    problem = None
    try:
        moment = audit_service.parse_since(since) if since.strip() else None
    except InvalidInput as error:
        problem, moment = str(error).replace("--since ", "From: "), None
    events = audit_service.find_events(
        session, since=moment, user=who or None, kind=kind or None, action=action or None,
        limit=PAGE_SIZE,
    )  # fmt: skip
    if format == "json":
        return JSONResponse([{**e.as_dict(), "at": e.at.isoformat()} for e in events])
    return render(
        request,
        "audit.html",
        {
            "title": "Audit trail",
            "user": user,
            "events": events,
            "kinds": audit_service.audit_kinds(session),
            "form": {"since": since, "who": who, "kind": kind, "action": action},
            "problem": problem,
            "limit": PAGE_SIZE,
        },
        status=400 if problem else 200,
    )
