"""The quotes browser: coded passages, one per passage with its codes and coders, filtered
by code, role, case, organisation and coder, and exported as CSV, XLSX or DOCX."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from mutualscope.errors import MutualscopeError
from mutualscope.services import cases as cases_service
from mutualscope.services import codebook as codebook_service
from mutualscope.services import participants as participants_service
from mutualscope.services import users as users_service
from mutualscope.services.exports import QUOTE_FORMATS, export_quotes
from mutualscope.services.protection.quoting import check_identifiable
from mutualscope.services.quote_browsing import PassagePage, QuoteFilters, browse_passages
from mutualscope.services.settings import coder_seen
from mutualscope.services.users import has_role
from mutualscope.storage.users import User
from mutualscope.web.deps import Reader, SessionDep
from mutualscope.web.downloads import download
from mutualscope.web.templating import render

router = APIRouter()
PAGE_SIZE = 50


def chosen_filters(
    session: SessionDep,
    user: User,
    *,
    code: str,
    subcodes: bool,
    role: str,
    case: str,
    where: str,
    coder: str,
) -> QuoteFilters:
    """The page's filters; on a blind project a coder sees only their own codings,
    whatever the address asks."""
    return QuoteFilters(
        code=code or None,
        subcodes=subcodes,
        role=role or None,
        case=case or None,
        where=[w.strip() for w in where.split(";") if w.strip()],
        coder=coder_seen(session, user) or coder or None,
    )


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
    identifiable: bool = False,
) -> Response:
    check_identifiable(user, identifiable)
    problem = None
    page = PassagePage([], 0, offset, PAGE_SIZE)
    blind_to = coder_seen(session, user)
    try:
        chosen = chosen_filters(
            session, user, code=code, subcodes=subcodes, role=role, case=case, where=where,
            coder=coder,
        )  # fmt: skip
        page = browse_passages(
            session, chosen, offset=offset, limit=PAGE_SIZE, identifiable=identifiable
        )
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
        "coder": blind_to or coder,
        "identifiable": identifiable,
    }
    coders = [blind_to] if blind_to else [u.name for u in users_service.list_users(session)]
    return render(
        request,
        "quotes.html",
        {
            "title": "Quotes",
            "user": user,
            "page": page,
            "problem": problem,
            "filters": filters,
            "codes": codebook_service.list_codes(session, coder=blind_to),
            "roles": roles,
            "cases": cases_service.list_cases(session),
            "coders": coders,
            "blind": blind_to is not None,
            "formats": QUOTE_FORMATS,
            "page_size": PAGE_SIZE,
            "owner": has_role(user, "owner"),
        },
    )


@router.get("/quotes/export")
def quotes_export(
    session: SessionDep,
    user: Reader,
    fmt: Annotated[str, Query(alias="format")] = "csv",
    code: str = "",
    subcodes: bool = False,
    role: str = "",
    case: str = "",
    where: str = "",
    coder: str = "",
    identifiable: bool = False,
) -> Response:
    """The filtered quotes as a file; consent applied as in reports; the pseudonymised
    text unless an owner asks for the identifiable one."""
    check_identifiable(user, identifiable)
    chosen = chosen_filters(
        session, user, code=code, subcodes=subcodes, role=role, case=case, where=where,
        coder=coder,
    )  # fmt: skip
    return download(export_quotes(session, chosen, fmt, identifiable=identifiable))
