"""The dashboard: what the project holds, the regional map and the landscape charts."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mutualscope.services.overview import project_counts
from mutualscope.services.settings import coder_seen
from mutualscope.web.deps import Reader, SessionDep
from mutualscope.web.templating import render

router = APIRouter()

#: The landscape charts shown, as in the written evidence: when, how big, what they do.
CHARTS = (("year", "Year established"), ("size", "Employees"), ("services", "Services"))


@router.get("/")
def dashboard(request: Request, session: SessionDep, user: Reader) -> Response:
    counts = project_counts(session, coder=coder_seen(session, user))
    return render(
        request,
        "dashboard.html",
        {"title": "Dashboard", "user": user, "counts": counts, "charts": CHARTS},
    )
