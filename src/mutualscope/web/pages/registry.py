"""Organisations: a sortable, filterable table in pages, each organisation's page, and
adding or changing one (owners) with the importer's checks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from mutualscope.errors import InvalidInput, MutualscopeError
from mutualscope.services import cases as cases_service
from mutualscope.services import organisations as organisations_service
from mutualscope.services.organisation_forms import FIELDS, form_values, save_organisation
from mutualscope.services.users import may
from mutualscope.storage.users import User
from mutualscope.web.deps import Reader, RegistryEditor, SessionDep
from mutualscope.web.errors import from_service_error
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
#: Sorting by a column sorts by these values: employees by the range's lower end, then
#: its upper end, so "50-249" comes after 50 and before 60.
SORT_KEYS = {"employees_min": ("employees_min", "employees_max")}
PAGE_SIZE = 50


def sort_rows(rows: list[dict[str, Any]], key: str, descending: bool) -> list[dict[str, Any]]:
    """Sort by a column, then by name; missing values always last, whichever the
    direction."""
    present = [r for r in rows if r.get(key) is not None]
    missing = [r for r in rows if r.get(key) is None]
    fields = SORT_KEYS.get(key, (key,))

    def text(item: Any) -> Any:
        return item.casefold() if isinstance(item, str) else item

    def value(row: dict[str, Any]) -> tuple[Any, ...]:
        # A field after the first that is missing (an open band "1,000+") sorts high.
        return tuple(text(row[f]) if row.get(f) is not None else float("inf") for f in fields)

    by_name = sorted(present, key=lambda r: str(r["name"]).casefold())
    ordered = sorted(by_name, key=value, reverse=descending)
    return ordered + sorted(missing, key=lambda r: str(r["name"]).casefold())


@router.get("/organisations")
def organisations_page(
    request: Request,
    session: SessionDep,
    user: Reader,
    where: str = "",
    sort: str = "name",
    desc: bool = False,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    filters = [w.strip() for w in where.split(";") if w.strip()]
    problem = None
    rows: list[dict[str, Any]] = []
    try:
        rows = organisations_service.list_organisations(session, where=filters)
    except MutualscopeError as error:
        problem = str(error)
    key = sort if sort in SORTABLE else "name"
    ordered = sort_rows(rows, key, desc)
    return render(
        request,
        "organisations.html",
        {
            "title": "Organisations",
            "user": user,
            "rows": ordered[offset : offset + PAGE_SIZE],
            "total": len(ordered),
            "offset": offset,
            "page_size": PAGE_SIZE,
            "columns": COLUMNS,
            "sort": key,
            "desc": desc,
            "where": where,
            "problem": problem,
            "may_edit": may(user, "edit-registry"),
        },
    )


def form_view(
    request: Request,
    user: User,
    values: dict[str, str],
    *,
    organisation_id: int | None = None,
    error: MutualscopeError | None = None,
) -> Response:
    problems = error.problems if isinstance(error, InvalidInput) else []
    return render(
        request,
        "organisation_form.html",
        {
            "title": "Change organisation" if organisation_id else "Add an organisation",
            "user": user,
            "fields": FIELDS,
            "values": values,
            "organisation_id": organisation_id,
            "problem": (str(error).split("\n")[0] if error else None),
            "problems": problems,
        },
        status=from_service_error(error).status if error else 200,
    )


async def posted_values(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: str(form.get(key) or "")[:2000] for key, _, _ in FIELDS}


@router.get("/organisations/new")
def organisation_new(request: Request, user: RegistryEditor) -> Response:
    return form_view(request, user, {key: "" for key, _, _ in FIELDS})


@router.post("/organisations/new")
async def organisation_add(request: Request, session: SessionDep, user: RegistryEditor) -> Response:
    values = await posted_values(request)
    try:
        saved = await run_in_threadpool(save_organisation, session, values, actor=user.name)
    except MutualscopeError as error:
        return form_view(request, user, values, error=error)
    return RedirectResponse(f"/organisations/{saved.id}", status_code=303)


@router.get("/organisations/{organisation_id}/edit")
def organisation_edit(
    request: Request, session: SessionDep, user: RegistryEditor, organisation_id: int
) -> Response:
    record = organisations_service.get_organisation(session, name=str(organisation_id))
    return form_view(request, user, form_values(record), organisation_id=organisation_id)


@router.post("/organisations/{organisation_id}/edit")
async def organisation_change(
    request: Request, session: SessionDep, user: RegistryEditor, organisation_id: int
) -> Response:
    values = await posted_values(request)
    try:
        await run_in_threadpool(
            save_organisation, session, values, existing_id=organisation_id, actor=user.name
        )
    except MutualscopeError as error:
        return form_view(request, user, values, organisation_id=organisation_id, error=error)
    return RedirectResponse(f"/organisations/{organisation_id}", status_code=303)


@router.get("/organisations/{organisation_id}")
def organisation_page(
    request: Request, session: SessionDep, user: Reader, organisation_id: int
) -> Response:
    record = organisations_service.get_organisation(session, name=str(organisation_id))
    cases = [c for c in cases_service.list_cases(session) if c.organisation == record["name"]]
    return render(
        request,
        "organisation.html",
        {
            "title": record["name"],
            "user": user,
            "org": record,
            "cases": cases,
            "may_edit": may(user, "edit-registry"),
        },
    )
