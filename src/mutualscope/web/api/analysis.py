"""``/api/v1/matrix``, ``/api/v1/search``, ``/api/v1/agreement``: the analyses the pages
of the same names show."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from mutualscope.services import agreement as agreement_service
from mutualscope.services import matrices as matrices_service
from mutualscope.services import search as search_service
from mutualscope.services.exports import export_matrix
from mutualscope.services.quotes import Quote
from mutualscope.services.search import SearchHit
from mutualscope.services.settings import coder_seen, require_unblinded
from mutualscope.web.deps import Reader, SessionDep
from mutualscope.web.downloads import download
from mutualscope.web.errors import responses

router = APIRouter(tags=["analysis"])
Measure = Literal["codings", "documents", "cases", "participants"]


@router.get("/matrix", responses=responses(404))
def matrix(
    session: SessionDep,
    user: Reader,
    cols: str = "role",
    measure: Measure = "codings",
    code: str | None = None,
    rollup: bool = False,
) -> dict[str, Any]:
    """Codes against ``role``, ``case`` or ``org.FIELD``: ``rows`` (code paths),
    ``columns``, ``cells`` (one object per cell, zeros included), ``row_totals``,
    ``column_totals`` and ``total`` (documents, cases and participants counted once
    however many cells hold them). On a blind project a coder's count only their own."""
    found = matrices_service.matrix_for(
        session, user, cols=cols, measure=measure, code=code, rollup=rollup
    )
    return {
        "rows": found.rows,
        "columns": found.columns,
        "cells": found.long(),
        "row_totals": found.row_totals,
        "column_totals": found.column_totals,
        "total": found.total,
    }


@router.get(
    "/matrix/export",
    responses={**responses(404), 200: {"content": {"text/csv": {}}}},
    response_class=Response,
)
def matrix_export(
    session: SessionDep,
    user: Reader,
    format: Annotated[str, Query(pattern="^(csv|xlsx)$")] = "csv",
    cols: str = "role",
    measure: Measure = "codings",
    code: str | None = None,
    rollup: bool = False,
) -> Response:
    """The matrix as CSV or XLSX, wide (a row per code) with a totals row and column."""
    found = matrices_service.matrix_for(
        session, user, cols=cols, measure=measure, code=code, rollup=rollup
    )
    return download(export_matrix(found, format))


@router.get("/matrix/cell", responses=responses(404))
def matrix_cell(
    session: SessionDep,
    user: Reader,
    row: str,
    column: str,
    cols: str = "role",
    rollup: bool = False,
) -> list[Quote]:
    """The quotes one matrix cell counts."""
    return matrices_service.cell_quotes(
        session, row, column, cols=cols, rollup=rollup, coder=coder_seen(session, user)
    )


@router.get("/search", responses=responses(404))
def search(
    session: SessionDep,
    user: Reader,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    case: str | None = None,
    role: str | None = None,
    context: Annotated[int, Query(ge=0, le=50)] = 8,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> list[SearchHit]:
    """Speaker turns matching a query, as keyword in context (``left``, ``match``,
    ``right``). Words, "phrases", OR and -exclusions; a malformed query is 422."""
    return search_service.search_segments(
        session, q, case=case or None, role=role or None, context=context, limit=limit
    )


@router.get("/agreement", responses=responses(404))
def agreement(
    session: SessionDep,
    user: Reader,
    coders: Annotated[list[str], Query(min_length=2)],
    code: str | None = None,
    unit: Literal["character", "turn"] = "character",
) -> dict[str, Any]:
    """Agreement between coders per code and pooled (Cohen's kappa for two coders,
    Krippendorff's alpha), on characters or speaker turns. On a blind project only
    owners (403 for others)."""
    require_unblinded(session, user, "agreement")
    report = agreement_service.compute_agreement(
        session, coders=coders, code=code or None, unit=unit
    )
    return report.as_dict()
