"""``/api/v1/organisations``, ``/api/v1/landscape``, ``/api/v1/overview``: the registry and
its statistics, as the dashboard and the organisation pages show them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from mutualscope.services import landscape as landscape_service
from mutualscope.services import organisations as organisations_service
from mutualscope.services.organisation_forms import save_organisation
from mutualscope.services.overview import ProjectCounts, project_counts
from mutualscope.web.api.jobs import runner
from mutualscope.web.deps import Reader, RegistryEditor, SessionDep
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


class OrganisationIn(BaseModel):
    """An organisation's fields as a registry file's cells would hold them; a field left
    out or empty is not known."""

    name: str = Field(max_length=2000)
    sector: str = Field(default="", max_length=2000)
    services: str = Field(default="", max_length=2000, description="separated by ;")
    region: str = Field(default="", max_length=2000, description="a region's name or alias")
    employees: str = Field(default="", max_length=2000, description="a number or a band")
    turnover: str = Field(default="", max_length=2000, description="in pounds")
    year_established: str = Field(default="", max_length=2000)
    parent_body: str = Field(default="", max_length=2000)
    route: str = Field(default="", max_length=2000)
    legal_form: str = Field(default="", max_length=2000)
    status: str = Field(default="", max_length=2000)
    website: str = Field(default="", max_length=2000)


@router.post("/organisations", status_code=201, responses=responses(422))
def add_organisation(
    session: SessionDep, user: RegistryEditor, body: OrganisationIn
) -> dict[str, Any]:
    """Add an organisation, checked as a registry import checks a row (422 with the
    importer's messages in ``problems``, and nothing saved)."""
    saved = save_organisation(session, body.model_dump(), actor=user.name)
    return organisations_service.get_organisation(session, name=str(saved.id))


@router.put("/organisations/{organisation_id}", responses=responses(404, 422))
def change_organisation(
    session: SessionDep, user: RegistryEditor, organisation_id: int, body: OrganisationIn
) -> dict[str, Any]:
    """Change an organisation's fields (its name stays), checked as an import checks a row."""
    save_organisation(session, body.model_dump(), existing_id=organisation_id, actor=user.name)
    return organisations_service.get_organisation(session, name=str(organisation_id))


@router.post("/imports/registry", status_code=202)
async def start_registry_import(
    request: Request,
    user: RegistryEditor,
    file: Annotated[UploadFile, File(description="A registry file: CSV (any dialect) or XLSX")],
    skip_invalid: Annotated[bool, Form()] = False,
) -> dict[str, Any]:
    """Import a registry file as a job; follow it with GET /api/v1/jobs/{id}. When done,
    its ``summary`` is the import report (``orgs import --format json``). A file with
    rows the importer refuses fails the job with each row's problem and imports
    nothing, unless ``skip_invalid``."""
    jobs = runner(request)
    job = jobs.new("registry-import", user, {"actor": user.name, "skip_invalid": skip_invalid})
    name = Path(file.filename or "registry.csv").name or "registry.csv"
    target = job.folder / name
    target.write_bytes(await file.read())
    job.inputs.append((target, name))
    await run_in_threadpool(jobs.submit, job)
    return job.as_dict()


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
