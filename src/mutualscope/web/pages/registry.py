"""Organisations: a sortable, filterable table and each organisation's page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mutualscope.errors import MutualscopeError
from mutualscope.services import cases as cases_service
from mutualscope.services import organisations as organisations_service
from mutualscope.web.deps import Reader, SessionDep
from mutualscope.web.templating import render

router = APIRouter()

#: (key, heading, numeric) of the table's columns; every one sorts.
COLUMNS = (
    ("name", "Name", False),
    ("sector_label", "Sector", False),
    ("region", "Region", False),
    ("employees_min", "Employees", True),
    ("turnover_gbp", "Turnover (£)", True),
    ("year_established", "Established", True),
    ("route_label", "Route", False),
)
SORTABLE = {key for key, _, _ in COLUMNS}


def sort_rows(rows: list[dict[str, Any]], key: str, descending: bool) -> list[dict[str, Any]]:
    """Sort by a column; missing values always last, whichever the direction."""
    present = [r for r in rows if r.get(key) is not None]
    missing = [r for r in rows if r.get(key) is None]

    def value(row: dict[str, Any]) -> Any:
        item = row[key]
        return item.casefold() if isinstance(item, str) else item

    return sorted(present, key=value, reverse=descending) + missing


@router.get("/organisations")
def organisations_page(
    request: Request,
    session: SessionDep,
    user: Reader,
    where: str = "",
    sort: str = "name",
    desc: bool = False,
) -> Response:
    filters = [w.strip() for w in where.split(";") if w.strip()]
    problem = None
    rows: list[dict[str, Any]] = []
    try:
        rows = organisations_service.list_organisations(session, where=filters)
    except MutualscopeError as error:
        problem = str(error)
    key = sort if sort in SORTABLE else "name"
    return render(
        request,
        "organisations.html",
        {
            "title": "Organisations",
            "user": user,
            "rows": sort_rows(rows, key, desc),
            "columns": COLUMNS,
            "sort": key,
            "desc": desc,
            "where": where,
            "problem": problem,
        },
    )


@router.get("/organisations/{organisation_id}")
def organisation_page(
    request: Request, session: SessionDep, user: Reader, organisation_id: int
) -> Response:
    record = organisations_service.get_organisation(session, name=str(organisation_id))
    cases = [c for c in cases_service.list_cases(session) if c.organisation == record["name"]]
    return render(
        request,
        "organisation.html",
        {"title": record["name"], "user": user, "org": record, "cases": cases},
    )
