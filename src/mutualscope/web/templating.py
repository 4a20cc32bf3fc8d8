"""Jinja2 pages: autoescaped, with the CSRF token and navigation in every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from mutualscope.domain.wordtimes import clock
from mutualscope.web.auth import csrf_token

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

templates = Jinja2Templates(directory=TEMPLATES_DIR)
# Jinja2Templates escapes .html templates; say so explicitly for every template.
templates.env.autoescape = True
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True
templates.env.globals["clock"] = clock

#: (path, label) of the main navigation.
NAVIGATION = [
    ("/", "Dashboard"),
    ("/organisations", "Organisations"),
    ("/cases", "Cases"),
    ("/documents", "Documents"),
    ("/codebook", "Codebook"),
    ("/quotes", "Quotes"),
    ("/matrix", "Matrix"),
    ("/search", "Search"),
    ("/agreement", "Agreement"),
    ("/report", "Report"),
]


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    web_session = request.state.web_session
    base = {
        "csrf_token": csrf_token(request.app.state.secret, web_session),
        "navigation": NAVIGATION,
        "path": request.url.path,
        "project_title": request.app.state.title,
        "user": None,
    }
    base.update(context)
    response = templates.TemplateResponse(request, name, base, status_code=status, headers=headers)
    return response
