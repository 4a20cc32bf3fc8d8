"""``/api/v1/organisations``, ``/api/v1/landscape``, ``/api/v1/overview``: the registry and
its statistics, as the dashboard and the organisation pages show them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from mutualscope.services import landscape as landscape_service
from mutualscope.services import organisations as organisations_service
from mutualscope.services.overview import ProjectCounts, project_counts
from mutualscope.web.deps import Reader, SessionDep
from mutualscope.web.errors import responses

router = APIRouter(tags=["registry"])
WHERE = Query(description='Filters such as "region=East of England" or "employees>=1000"')


@router.get("/overview")
def overview(session: SessionDep, user: Reader) -> ProjectCounts:
    """How many organisations, cases, participants, documents, codes and codings."""
    return project_counts(session)


@router.get("/organisations")
def list_organisations(
    session: SessionDep,
    user: Reader,
    where: Annotated[list[str], WHERE] = [],  # noqa: B006
) -> list[dict[str, Any]]:
    """Organisations matching every filter, by name (the ``orgs list --format json`` objects)."""
    return organisations_service.list_organisations(session, where=where)


@router.get("/organisations/{organisation_id}", responses=responses(404))
def read_organisation(session: SessionDep, user: Reader, organisation_id: int) -> dict[str, Any]:
    """One organisation with every field; missing values are null."""
    return organisations_service.get_organisation(session, name=str(organisation_id))


@router.get("/landscape/{by}")
def landscape(
    session: SessionDep,
    user: Reader,
    by: str,
    where: Annotated[list[str], WHERE] = [],  # noqa: B006
) -> dict[str, Any]:
    """How organisations spread over a field (sector, services, region, size, year,
    turnover, route, legal-form, status, asset-lock), with missing values counted."""
    return landscape_service.landscape_stats(session, by=by, where=where)
