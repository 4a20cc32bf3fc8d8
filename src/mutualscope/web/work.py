"""What the web app's jobs do: each calls the same services as the CLI, in a session of
its own (jobs run in worker threads, apart from the request that started them)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mutualscope.reports.build import MAX_STAGES, build_report, write_report
from mutualscope.services.import_sources import ImportSource
from mutualscope.services.imports import ImportOutcome, import_documents
from mutualscope.services.project import Project
from mutualscope.web.jobs import Job

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html",
    "md": "text/markdown",
}


def report_work(project: Project, fmt: str) -> Callable[[Job], None]:
    def work(job: Job) -> None:
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


def import_work(
    project: Project, files: list[tuple[Path, str]], case: str, kind: str, actor: str
) -> Callable[[Job], None]:
    def work(job: Job) -> None:
        job.step("Importing", done=0, total=len(files))
        counts: dict[str, int] = {}
        failures: list[str] = []

        def on_file(outcome: ImportOutcome) -> None:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
            if outcome.status == "failed":
                failures.append(f"{outcome.name}: {outcome.message}")
            job.step(f"{outcome.name}: {outcome.status}", done=job.done + 1)

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
                # Files are read ahead in a worker process; this server has threads
                # running, so the worker starts a fresh interpreter instead of forking.
                start_method="spawn",
            )
        job.summary = {"counts": counts, "failures": failures}
        job.step(
            ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "Nothing imported"
        )

    return work
