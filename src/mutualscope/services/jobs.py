"""Jobs in the project: queued by one server process, claimed and run by any, followed
by all. Each function here owns its transaction (a job's progress is seen at once by a
page polling another process).

A queued job is claimed by one worker only: on PostgreSQL the claim reads the oldest
queued row ``FOR UPDATE SKIP LOCKED`` (a row another worker is claiming is passed over,
not waited for), and on both backends the update that claims it succeeds only while
the row is still queued.

A job whose process died (killed, machine restarted) is not resumed: its work is not
in steps that can be taken up again, and an import run twice skips what it had
already imported. Its heartbeat stops, and after ``stale_after`` seconds any worker
marks it failed with a message saying so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from mutualscope.storage.jobs import WebJob, WebJobFile

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
INPUT, RESULT = "input", "result"
ABANDONED = (
    "The server stopped while this job was running (it was restarted or killed), so the "
    "job did not finish. Start it again: an import skips the files it had already "
    "imported."
)


#: Bulk updates and deletes here touch rows by condition; the session's objects are not
#: evaluated against it in Python (SQLite gives back times without their zone).
NO_SYNC = {"synchronize_session": False}


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def create_job(
    session: Session,
    *,
    job_id: str,
    kind: str,
    owner_id: int,
    params: dict[str, Any] | None = None,
    inputs: Sequence[tuple[str, bytes]] = (),
    worker: str | None = None,
    now: datetime | None = None,
) -> WebJob:
    """Add a job with its input files: queued for any worker, or (``worker`` given)
    already claimed by that one, which runs it now."""
    now = _now(now)
    job = WebJob(
        id=job_id,
        kind=kind,
        owner_id=owner_id,
        params=params or {},
        summary={},
        state=RUNNING if worker else QUEUED,
        worker=worker,
        created_at=now,
        started_at=now if worker else None,
        heartbeat_at=now if worker else None,
    )
    session.add(job)
    session.flush()
    for position, (name, data) in enumerate(inputs):
        session.add(
            WebJobFile(job_id=job_id, purpose=INPUT, position=position, name=name, data=data)
        )
    session.commit()
    return job


def claim_next_job(
    session: Session, *, worker: str, kinds: Iterable[str], now: datetime | None = None
) -> WebJob | None:
    """Claim the oldest queued job of one of ``kinds`` for ``worker``, or None."""
    now = _now(now)
    kinds = list(kinds)
    while True:
        query = (
            select(WebJob.id)
            .where(WebJob.state == QUEUED, WebJob.kind.in_(kinds))
            .order_by(WebJob.created_at, WebJob.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        job_id = session.scalars(query).first()
        if job_id is None:
            session.rollback()
            return None
        claimed = session.execute(
            update(WebJob)
            .where(WebJob.id == job_id, WebJob.state == QUEUED)
            .values(
                state=RUNNING,
                worker=worker,
                started_at=now,
                heartbeat_at=now,
                message="Starting",
            ),
            execution_options=NO_SYNC,
        )
        session.commit()
        if claimed.rowcount == 1:  # type: ignore[attr-defined]
            return find_job(session, job_id)


def save_progress(
    session: Session,
    job_id: str,
    *,
    done: int,
    total: int,
    message: str,
    summary: dict[str, Any],
    now: datetime | None = None,
) -> None:
    """Record how far a running job got (its heartbeat too)."""
    values = {"done": done, "total": total, "message": message[:2000], "summary": summary}
    session.execute(
        update(WebJob)
        .where(WebJob.id == job_id, WebJob.state == RUNNING)
        .values(**values, heartbeat_at=_now(now)),
        execution_options=NO_SYNC,
    )
    session.commit()


def finish_job(
    session: Session,
    job_id: str,
    *,
    state: str,
    done: int,
    total: int,
    message: str,
    summary: dict[str, Any],
    error: str | None = None,
    result: tuple[str, str, bytes] | None = None,
    now: datetime | None = None,
) -> None:
    """End a job as done or failed, with the file it made (name, media type, bytes)."""
    values: dict[str, Any] = {
        "state": state,
        "done": done,
        "total": total,
        "message": message[:2000],
        "summary": summary,
        "error": error,
        "finished_at": _now(now),
    }
    if result is not None:
        name, media_type, data = result
        values |= {"result_name": name, "media_type": media_type}
        session.add(WebJobFile(job_id=job_id, purpose=RESULT, position=0, name=name, data=data))
    session.execute(
        update(WebJob).where(WebJob.id == job_id).values(**values), execution_options=NO_SYNC
    )
    # The uploads were needed only to run it.
    session.execute(
        delete(WebJobFile).where(WebJobFile.job_id == job_id, WebJobFile.purpose == INPUT),
        execution_options=NO_SYNC,
    )
    session.commit()


def renew_heartbeats(
    session: Session, job_ids: Sequence[str], *, now: datetime | None = None
) -> None:
    """Show that the jobs ``job_ids`` still run."""
    if job_ids:
        session.execute(
            update(WebJob)
            .where(WebJob.id.in_(job_ids), WebJob.state == RUNNING)
            .values(heartbeat_at=_now(now)),
            execution_options=NO_SYNC,
        )
        session.commit()


def fail_abandoned_jobs(
    session: Session, *, stale_after: float, now: datetime | None = None
) -> int:
    """Mark failed the running jobs whose heartbeat stopped ``stale_after`` seconds ago
    (their process died); returns how many."""
    now = _now(now)
    failed = session.execute(
        update(WebJob)
        .where(
            WebJob.state == RUNNING,
            WebJob.heartbeat_at < now - timedelta(seconds=stale_after),
        )
        .values(state=FAILED, error=ABANDONED, finished_at=now),
        execution_options=NO_SYNC,
    )
    session.commit()
    return int(failed.rowcount)  # type: ignore[attr-defined]


def forget_finished_jobs(
    session: Session, *, keep_seconds: float, now: datetime | None = None
) -> None:
    """Delete jobs (and their files) that ended more than ``keep_seconds`` ago."""
    cutoff = _now(now) - timedelta(seconds=keep_seconds)
    session.execute(delete(WebJob).where(WebJob.finished_at < cutoff), execution_options=NO_SYNC)
    session.commit()


def find_job(session: Session, job_id: str) -> WebJob | None:
    """The job as the project has it now (another process may have moved it on)."""
    query = select(WebJob).where(WebJob.id == job_id).execution_options(populate_existing=True)
    return session.scalars(query).first()


def job_files(session: Session, job_id: str, purpose: str) -> list[tuple[str, bytes]]:
    """A job's input files in the order given, or its result, as (name, bytes)."""
    query = (
        select(WebJobFile.name, WebJobFile.data)
        .where(WebJobFile.job_id == job_id, WebJobFile.purpose == purpose)
        .order_by(WebJobFile.position)
    )
    return [(name, bytes(data)) for name, data in session.execute(query)]
