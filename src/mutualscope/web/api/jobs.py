"""``/api/v1/jobs``, ``/api/v1/reports``, ``/api/v1/imports``: long operations started,
followed and collected."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from mutualscope.errors import InvalidInput
from mutualscope.services.cases import find_case
from mutualscope.services.documents import KINDS
from mutualscope.web.deps import Importer, Reader, SessionDep
from mutualscope.web.errors import responses
from mutualscope.web.jobs import JobRunner

router = APIRouter(tags=["jobs"])


def runner(request: Request) -> JobRunner:
    jobs: JobRunner = request.app.state.jobs
    return jobs


@router.get("/jobs/{job_id}", responses=responses(404))
def read_job(request: Request, user: Reader, job_id: str) -> dict[str, Any]:
    """A job's state (queued, running, done, failed), progress and result link."""
    return runner(request).get(job_id, user).as_dict()


@router.get(
    "/jobs/{job_id}/file",
    responses={**responses(404), 200: {"content": {"application/octet-stream": {}}}},
)
def job_file(request: Request, user: Reader, job_id: str) -> Response:
    """The file a finished job made (a report)."""
    jobs = runner(request)
    job = jobs.get(job_id, user)
    if job.result_name is None or job.state != "done":
        raise InvalidInput(f"Job {job_id} has no file (it is {job.state}).")
    name = job.result_name
    plain = name.isascii() and name.isprintable() and '"' not in name
    disposition = (
        f'attachment; filename="{name}"' if plain else f"attachment; filename*=utf-8''{quote(name)}"
    )
    return Response(
        jobs.result_file(job),
        media_type=job.media_type,
        headers={"content-disposition": disposition},
    )


@router.post("/reports", status_code=202)
def start_report(
    request: Request,
    user: Reader,
    format: Annotated[Literal["docx", "pdf", "html", "md"], Form()] = "docx",
) -> dict[str, Any]:
    """Write the evidence report (DOCX, PDF, HTML or Markdown) as a job; follow it with
    GET /api/v1/jobs/{id} and download from its ``download`` link."""
    jobs = runner(request)
    return jobs.submit(jobs.new("report", user, {"format": format})).as_dict()


@router.post("/imports/documents", status_code=202, responses=responses(404))
async def start_import(
    request: Request,
    session: SessionDep,
    user: Importer,
    files: Annotated[list[UploadFile], File(description="Transcripts in any supported format")],
    case: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "interview",
    document_column: Annotated[str, Form()] = "",
    time_column: Annotated[str, Form()] = "",
) -> dict[str, Any]:
    """Import transcripts as a job, file by file (each whole or not at all).

    For turn tables, ``document_column`` makes one document of each value of that
    column, and ``time_column`` names the column of start times."""
    if kind not in KINDS:
        raise InvalidInput(f"Unknown document kind {kind!r}; expected one of: {', '.join(KINDS)}.")
    if case:
        find_case(session, case)
    jobs = runner(request)
    params = {
        "case": case,
        "kind": kind,
        "actor": user.name,
        "document_column": document_column.strip() or None,
        "time_column": time_column.strip() or None,
    }
    job = jobs.new("import", user, params)
    for number, upload in enumerate(files, start=1):
        # Only the base name of what the browser sends is kept: no paths from outside.
        name = Path(upload.filename or f"upload-{number}").name or f"upload-{number}"
        target = job.folder / f"{number:04d}-{name}"
        target.write_bytes(await upload.read())
        job.inputs.append((target, name))
    # Saving the files to the project is blocking work: off the event loop.
    await run_in_threadpool(jobs.submit, job)
    return job.as_dict()
