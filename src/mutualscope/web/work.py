"""What the web app's jobs do: each calls the same services as the CLI, in a session of
its own (jobs run in worker threads, apart from the request that started them)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mutualscope.errors import InvalidInput
from mutualscope.services.project import Project
from mutualscope.web.jobs import Job, KindWork

if TYPE_CHECKING:
    from mutualscope.io.transcripts import TableOptions
    from mutualscope.services.imports import ImportOutcome

# The report and import layers (matplotlib, the file readers) are imported by the job
# that needs them, not by every server process at start.

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html",
    "md": "text/markdown",
}


def report_work(project: Project, fmt: str) -> Callable[[Job], None]:
    def work(job: Job) -> None:
        from mutualscope.reports.build import MAX_STAGES, build_report, write_report

        # Each stage the report layer tells counts one done when the next one starts;
        # stages the template leaves out are skipped, so the bar may jump at the end.
        total = MAX_STAGES
        job.step("Starting the report", done=0, total=total)
        started = 0

        def on_stage(message: str) -> None:
            nonlocal started
            job.step(message, done=min(started, total - 1))
            started += 1

        with project.session() as session:
            document = build_report(session, progress=on_stage)
        target = job.folder / f"evidence.{fmt}"
        # A Markdown report's figures go to a folder beside it; the download is the text.
        write_report(document, target, progress=on_stage)
        job.result, job.media_type = target, MEDIA_TYPES[fmt]
        job.summary = {"paragraphs": sum(1 for _ in document.blocks)}
        job.step("Report ready", done=total)

    return work


#: The order a job's message gives the counts in.
STATUSES = ("imported", "replaced", "skipped", "failed")


def file_result(outcome: ImportOutcome) -> dict[str, Any]:
    """One file's outcome as the page shows it: named as uploaded, never by the server's
    temporary path, with the reason alone (the name is shown beside it)."""

    def shown(text: str) -> str:
        text = text.replace(str(outcome.path), outcome.name)
        prefix = f"{outcome.name}: "
        return text[len(prefix) :] if text.startswith(prefix) else text

    return {
        "name": outcome.name,
        "status": outcome.status,
        "message": shown(outcome.message),
        "warnings": [shown(warning) for warning in outcome.warnings],
        "document_id": outcome.document_id,
        # A turn table's columns: read, kept as attributes, ignored.
        "columns": outcome.columns.describe() if outcome.columns is not None else None,
    }


def counts_message(counts: dict[str, int]) -> str:
    parts = [f"{counts[status]} {status}" for status in STATUSES if counts.get(status)]
    return ", ".join(parts) or "Nothing imported"


def none_imported(total: int) -> str:
    if total == 1:
        return "The file could not be imported: see its reason."
    return f"None of the {total} files could be imported: see each file's reason."


def import_work(
    project: Project,
    files: list[tuple[Path, str]],
    case: str,
    kind: str,
    actor: str,
    table_options: TableOptions | None = None,
) -> Callable[[Job], None]:
    def work(job: Job) -> None:
        from mutualscope.services.import_sources import ImportSource
        from mutualscope.services.imports import import_documents

        job.step("Importing", done=0, total=len(files))
        counts: dict[str, int] = {}
        results: list[dict[str, Any]] = []

        def publish() -> None:
            # A new summary each time: a page polling meanwhile reads a whole one.
            job.summary = {
                "counts": dict(counts),
                "files": list(results),
                "failures": [
                    f"{r['name']}: {r['message']}" for r in results if r["status"] == "failed"
                ],
            }

        def on_file(outcome: ImportOutcome) -> None:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
            results.append(file_result(outcome))
            publish()
            # A table split into several documents counts as one file done.
            done = job.done + (1 if outcome.last_of_file else 0)
            job.step(f"{outcome.name}: {outcome.status}", done=done)

        publish()
        sources = [ImportSource(path, name) for path, name in files]
        with project.session() as session:
            import_documents(
                session,
                [],
                sources=sources,
                case=case or None,
                kind=kind,
                keep_going=True,
                actor=actor,
                on_file=on_file,
                table_options=table_options,
            )
        job.step(counts_message(counts))
        if results and counts.get("failed", 0) == len(results):
            raise InvalidInput(none_imported(len(files)))

    return work


def run_report(project: Project, job: Job) -> None:
    """A queued report job: ``params`` has its ``format``."""
    report_work(project, job.params["format"])(job)


def run_import(project: Project, job: Job) -> None:
    """A queued import job: its uploaded files, and in ``params`` the case, the kind of
    document, who imports and the turn table's columns."""
    from mutualscope.io.transcripts import TableOptions

    params = job.params
    options = TableOptions(params.get("document_column"), params.get("time_column"))
    import_work(project, job.inputs, params["case"], params["kind"], params["actor"], options)(job)


def run_registry_import(project: Project, job: Job) -> None:
    """A queued registry import: its one uploaded file (CSV or XLSX) and, in ``params``,
    who imports and whether rows with problems are skipped. The import report becomes the
    job's summary; a file with bad rows (without skipping) fails the job with every row's
    problem, and nothing is imported."""
    from mutualscope.services.organisation_imports import import_organisations

    path, name = job.inputs[0]
    job.step(f"Reading and checking {name}", done=0, total=2)
    with project.session() as session:
        report = import_organisations(
            session,
            path=path,
            skip_invalid=bool(job.params.get("skip_invalid")),
            actor=job.params["actor"],
        )
    summary = report.to_dict()
    summary["source"] = name
    job.summary = summary
    job.step(
        f"{name}: {len(report.created)} added, {len(report.updated)} changed, "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped",
        done=2,
    )


#: The kinds of job any worker may claim from the queue, and what runs each.
KINDS: dict[str, KindWork] = {
    "report": run_report,
    "import": run_import,
    "registry-import": run_registry_import,
}
