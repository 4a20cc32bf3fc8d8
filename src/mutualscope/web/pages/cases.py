"""Case studies and the participants in them (by label and role, never by real name)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mutualscope.services import cases as cases_service
from mutualscope.services import participants as participants_service
from mutualscope.web.deps import Reader, SessionDep
from mutualscope.web.templating import render

router = APIRouter()


@router.get("/cases")
def cases_page(request: Request, session: SessionDep, user: Reader) -> Response:
    return render(
        request,
        "cases.html",
        {
            "title": "Cases",
            "user": user,
            "cases": cases_service.list_cases(session),
            "participants": participants_service.list_participants(session),
        },
    )
