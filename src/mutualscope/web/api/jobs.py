"""``/api/v1/jobs``, ``/api/v1/reports``, ``/api/v1/imports``: long operations started,
followed and collected."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse

from mutualscope.errors import InvalidInput
from mutualscope.io.transcripts import TableOptions
from mutualscope.services.cases import find_case
from mutualscope.services.documents import KINDS
from mutualscope.web.deps import Importer, Reader, SessionDep
from mutualscope.web.errors import responses
from mutualscope.web.jobs import JobRunner
from mutualscope.web.work import import_work, report_work

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
def job_file(request: Request, user: Reader, job_id: str) -> FileResponse:
    """The file a finished job made (a report)."""
    job = runner(request).get(job_id, user)
    if job.result is None or job.state != "done":
        raise InvalidInput(f"Job {job_id} has no file (it is {job.state}).")
    return FileResponse(job.result, media_type=job.media_type, filename=job.result.name)


@router.post("/reports", status_code=202)
def start_report(
    request: Request,
    user: Reader,
    format: Annotated[Literal["docx", "pdf", "html", "md"], Form()] = "docx",
) -> dict[str, Any]:
    """Write the evidence report (DOCX, PDF, HTML or Markdown) as a job; follow it with
    GET /api/v1/jobs/{id} and download from its ``download`` link."""
    jobs = runner(request)
    job = jobs.new("report", user)
    jobs.start(job, report_work(request.app.state.project, format))
    return job.as_dict()


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
    job = jobs.new("import", user)
    saved: list[tuple[Path, str]] = []
    for number, upload in enumerate(files, start=1):
        # Only the base name of what the browser sends is kept: no paths from outside.
        name = Path(upload.filename or f"upload-{number}").name or f"upload-{number}"
        target = job.folder / f"{number:04d}-{name}"
        target.write_bytes(await upload.read())
        saved.append((target, name))
    options = TableOptions(document_column.strip() or None, time_column.strip() or None)
    project = request.app.state.project
    jobs.start(job, import_work(project, saved, case, kind, user.name, options))
    return job.as_dict()
