"""API documentation rendered from /openapi.json by a small local script (no CDN)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mutualscope.web.deps import OptionalUser
from mutualscope.web.templating import render

router = APIRouter()


@router.get("/api/docs")
def api_docs(request: Request, user: OptionalUser) -> Response:
    """Public like /openapi.json itself: the API's shape is not a secret, its data is."""
    return render(request, "apidocs.html", {"title": "API", "user": user})
