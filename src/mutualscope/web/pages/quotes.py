"""The quotes browser: coded passages filtered by code, role, case and organisation."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from mutualscope.errors import MutualscopeError
from mutualscope.services import cases as cases_service
from mutualscope.services import codebook as codebook_service
from mutualscope.services import participants as participants_service
from mutualscope.services.quote_browsing import QuotePage, browse_quotes
from mutualscope.services.quotes import add_times
from mutualscope.web.deps import Reader, SessionDep
from mutualscope.web.templating import render

router = APIRouter()
PAGE_SIZE = 50


@router.get("/quotes")
def quotes_page(
    request: Request,
    session: SessionDep,
    user: Reader,
    code: str = "",
    subcodes: bool = False,
    role: str = "",
    case: str = "",
    where: str = "",
    coder: str = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    problem = None
    page = QuotePage([], 0, offset, PAGE_SIZE)
    try:
        page = browse_quotes(
            session,
            code=code or None,
            subcodes=subcodes,
            role=role or None,
            case=case or None,
            where=[w.strip() for w in where.split(";") if w.strip()],
            coder=coder or None,
            offset=offset,
            limit=PAGE_SIZE,
        )
        page = replace(page, quotes=add_times(session, page.quotes))
    except MutualscopeError as error:
        # A filter that names nothing is shown beside the form, not as an error page.
        problem = str(error)
    roles = sorted({p.role for p in participants_service.list_participants(session)})
    filters = {
        "code": code,
        "subcodes": subcodes,
        "role": role,
        "case": case,
        "where": where,
        "coder": coder,
    }
    return render(
        request,
        "quotes.html",
        {
            "title": "Quotes",
            "user": user,
            "page": page,
            "problem": problem,
            "filters": filters,
            "codes": codebook_service.list_codes(session),
            "roles": roles,
            "cases": cases_service.list_cases(session),
            "page_size": PAGE_SIZE,
        },
    )
