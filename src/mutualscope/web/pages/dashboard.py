"""The dashboard: what the project holds, the regional map and the landscape charts."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mutualscope.web.deps import Reader
from mutualscope.web.templating import render

router = APIRouter()


@router.get("/")
def dashboard(request: Request, user: Reader) -> Response:
    return render(request, "dashboard.html", {"title": "Dashboard", "user": user})
