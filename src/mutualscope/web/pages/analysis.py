"""Matrix, search and agreement pages: forms over the analysis services; a filter that
names nothing is shown beside the form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from mutualscope.errors import MutualscopeError
from mutualscope.services import agreement as agreement_service
from mutualscope.services import cases as cases_service
from mutualscope.services import codebook as codebook_service
from mutualscope.services import matrices as matrices_service
from mutualscope.services import search as search_service
from mutualscope.services import users as users_service
from mutualscope.services.exports import MATRIX_FORMATS, export_matrix
from mutualscope.services.quote_browsing import QuoteFilters, browse_passages
from mutualscope.services.settings import coder_seen, require_unblinded
from mutualscope.web.deps import Reader, SessionDep
from mutualscope.web.downloads import download
from mutualscope.web.templating import render

router = APIRouter()


@router.get("/matrix")
def matrix_page(
    request: Request,
    session: SessionDep,
    user: Reader,
    cols: str = "role",
    measure: str = "codings",
    code: str = "",
    rollup: bool = False,
) -> Response:
    problem, found = None, None
    try:
        found = matrices_service.matrix_for(
            session, user, cols=cols, measure=measure, code=code, rollup=rollup
        )
    except MutualscopeError as error:
        problem = str(error)
    return render(
        request,
        "matrix.html",
        {
            "title": "Matrix",
            "user": user,
            "matrix": found,
            "problem": problem,
            "filters": {"cols": cols, "measure": measure, "code": code, "rollup": rollup},
            "codes": codebook_service.list_codes(session, coder=coder_seen(session, user)),
            "measures": matrices_service.MEASURES,
            "formats": MATRIX_FORMATS,
            "blind": coder_seen(session, user) is not None,
            "top": max(found.cells.values(), default=0) if found else 0,
        },
    )


@router.get("/matrix/export")
def matrix_export(
    session: SessionDep,
    user: Reader,
    fmt: Annotated[str, Query(alias="format")] = "csv",
    cols: str = "role",
    measure: str = "codings",
    code: str = "",
    rollup: bool = False,
) -> Response:
    """The matrix with its totals as CSV or XLSX."""
    found = matrices_service.matrix_for(
        session, user, cols=cols, measure=measure, code=code, rollup=rollup
    )
    return download(export_matrix(found, fmt))


@router.get("/matrix/cell")
def matrix_cell_page(
    request: Request,
    session: SessionDep,
    user: Reader,
    row: str,
    column: str,
    cols: str = "role",
    rollup: bool = False,
) -> Response:
    coder = coder_seen(session, user)
    ids = matrices_service.cell_coding_ids(
        session, row, column, cols=cols, rollup=rollup, coder=coder
    )
    # Passage by passage, as on the quotes page: the codings of the same words as one.
    page = browse_passages(session, QuoteFilters(coder=coder), limit=None, coding_ids=ids)
    return render(
        request,
        "matrix_cell.html",
        {"title": f"{row} × {column}", "user": user, "page": page, "codings": len(ids),
         "row": row, "column": column, "cols": cols},
    )  # fmt: skip


@router.get("/search")
def search_page(
    request: Request,
    session: SessionDep,
    user: Reader,
    q: str = "",
    case: str = "",
    role: str = "",
    mode: str = "words",
) -> Response:
    problem: str | None = None
    hits: Sequence[Any] = []
    if q.strip():
        try:
            hits = _search_hits(session, q, case=case or None, role=role or None, mode=mode)
        except MutualscopeError as error:
            problem = str(error)
    return render(
        request,
        "search.html",
        {
            "title": "Search",
            "user": user,
            "q": q,
            "case": case,
            "role": role,
            "mode": mode,
            "hits": hits,
            "problem": problem,
            "cases": cases_service.list_cases(session),
        },
    )


def _search_hits(
    session: SessionDep, q: str, *, case: str | None, role: str | None, mode: str
) -> Sequence[Any]:
    """Full-text hits, or with ``mode=meaning`` passages ranked by meaning (the
    ``assist`` extra; its message is shown when it is missing or nothing is indexed)."""
    if mode != "meaning":
        return search_service.search_segments(session, q, case=case, role=role, limit=200)
    from mutualscope.io.embeddings import load_model
    from mutualscope.services.assist.semantic_search import semantic_search

    return semantic_search(session, load_model(), q, case=case, role=role, limit=50)


@router.get("/agreement")
def agreement_page(
    request: Request,
    session: SessionDep,
    user: Reader,
    coders: Annotated[list[str], Query()] = [],  # noqa: B006
    code: str = "",
    unit: str = "character",
) -> Response:
    problem, report = None, None
    chosen = [c for c in coders if c.strip()]
    if chosen:
        try:
            require_unblinded(session, user, "agreement")
            report = agreement_service.compute_agreement(
                session, coders=chosen, code=code or None, unit=unit
            )
        except MutualscopeError as error:
            problem = str(error)
    everyone: list[Any] = users_service.list_users(session)
    return render(
        request,
        "agreement.html",
        {
            "title": "Agreement",
            "user": user,
            "report": report,
            "problem": problem,
            "coders": chosen,
            "code": code,
            "unit": unit,
            "people": [u.name for u in everyone],
            "codes": codebook_service.list_codes(session, coder=coder_seen(session, user)),
        },
    )
