"""Jobs in the project: claimed once each, whatever the number of workers; progress,
results and abandoned jobs as every process sees them."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.services.jobs import (
    ABANDONED,
    RESULT,
    claim_next_job,
    create_job,
    fail_abandoned_jobs,
    find_job,
    finish_job,
    forget_finished_jobs,
    job_files,
    renew_heartbeats,
    save_progress,
)
from mutualscope.services.project import Project
from mutualscope.storage.jobs import WebJob
from mutualscope.storage.users import User


def _owner(session: Session) -> int:
    user = User(name="ana", role="owner", active=True)
    session.add(user)
    session.commit()
    return user.id


def test_jobs_claimed_by_racing_workers_run_once_each(project: Project, session: Session) -> None:
    owner = _owner(session)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(40):
        create_job(session, job_id=f"job-{n:02d}", kind="report", owner_id=owner,
                   now=start + timedelta(seconds=n))  # fmt: skip
    create_job(session, job_id="other-kind", kind="import", owner_id=owner, now=start)
    claimed: dict[str, list[str]] = {f"worker-{w}": [] for w in range(4)}
    barrier = threading.Barrier(len(claimed))

    def work(name: str) -> None:
        with project.session() as own:
            barrier.wait()
            while (job := claim_next_job(own, worker=name, kinds=["report"])) is not None:
                claimed[name].append(job.id)

    threads = [threading.Thread(target=work, args=(name,)) for name in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = sorted(job for jobs in claimed.values() for job in jobs)
    assert every == [f"job-{n:02d}" for n in range(40)]  # each once, none of another kind
    session.expire_all()
    rows = session.scalars(select(WebJob).order_by(WebJob.id)).all()
    by_id = {row.id: row for row in rows}
    for name, jobs in claimed.items():
        assert all(by_id[job].worker == name and by_id[job].state == "running" for job in jobs)
    assert (by_id["other-kind"].state, by_id["other-kind"].worker) == ("queued", None)
    # Each worker takes the oldest job left: its own claims come in age order.
    for jobs in claimed.values():
        assert jobs == sorted(jobs)


def test_jobs_progress_result_and_forgetting(session: Session) -> None:
    owner = _owner(session)
    create_job(session, job_id="r1", kind="report", owner_id=owner, params={"format": "md"})
    claimed = claim_next_job(session, worker="here:1", kinds=["report"])
    assert claimed is not None and claimed.id == "r1"
    assert claim_next_job(session, worker="here:2", kinds=["report"]) is None
    save_progress(session, "r1", done=2, total=7, message="Drawing the map",
                  summary={"paragraphs": 3})  # fmt: skip
    session.expire_all()
    row = find_job(session, "r1")
    assert row is not None
    assert (row.done, row.total, row.message, row.summary) == (
        2,
        7,
        "Drawing the map",
        {"paragraphs": 3},
    )
    result = ("evidence.md", "text/markdown", b"# Evidence\n")
    finish_job(session, "r1", state="done", done=7, total=7, message="Report ready",
               summary={"paragraphs": 9}, result=result)  # fmt: skip
    session.expire_all()
    row = find_job(session, "r1")
    assert row is not None and (row.state, row.result_name, row.media_type) == (
        "done", "evidence.md", "text/markdown",
    )  # fmt: skip
    assert job_files(session, "r1", RESULT) == [("evidence.md", b"# Evidence\n")]
    # Progress saved late (a finished job) changes nothing.
    save_progress(session, "r1", done=1, total=7, message="late", summary={})
    session.expire_all()
    assert find_job(session, "r1").message == "Report ready"  # type: ignore[union-attr]
    forget_finished_jobs(session, keep_seconds=3600)
    assert find_job(session, "r1") is not None
    forget_finished_jobs(session, keep_seconds=3600, now=datetime.now(UTC) + timedelta(hours=2))
    assert find_job(session, "r1") is None and job_files(session, "r1", RESULT) == []


def test_jobs_whose_heartbeat_stopped_are_failed_with_a_reason(session: Session) -> None:
    owner = _owner(session)
    then = datetime.now(UTC) - timedelta(minutes=5)
    create_job(session, job_id="dead", kind="import", owner_id=owner, worker="gone:1", now=then)
    create_job(session, job_id="alive", kind="import", owner_id=owner, worker="here:1", now=then)
    create_job(session, job_id="waiting", kind="import", owner_id=owner, now=then)
    renew_heartbeats(session, ["alive"])
    assert fail_abandoned_jobs(session, stale_after=30) == 1
    session.expire_all()
    states = {row.id: (row.state, row.error) for row in session.scalars(select(WebJob))}
    assert states == {
        "dead": ("failed", ABANDONED),
        "alive": ("running", None),
        "waiting": ("queued", None),  # a queued job waits for a worker, however long
    }
    assert "restarted or killed" in ABANDONED and "Start it again" in ABANDONED
