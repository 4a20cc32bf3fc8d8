"""Long operations (imports, reports) run as jobs; pages poll their progress through
``/api/v1/jobs/{id}``.

Jobs are rows of the project (:mod:`mutualscope.services.jobs`), so every server
process (``mutualscope serve --workers N``) sees each one, and none is lost when the
server restarts. A job is either

- *queued* (:meth:`JobRunner.submit`): its kind, settings and uploaded files are in the
  project, and whichever worker has a free thread first claims and runs it, with the
  function its kind names in ``kinds``; or
- *run here* (:meth:`JobRunner.start` with a function): claimed by this process as it
  is made, for work that cannot be written down as settings.

Each process runs a dispatcher thread that claims queued jobs, writes the progress of
the jobs it runs to the project a few times a second (the jobs' own threads never write
it: on SQLite that would wait for their own import's write lock), renews their
heartbeat, and marks failed the running jobs whose process died.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mutualscope.errors import MutualscopeError, NotFound
from mutualscope.services import jobs as jobs_service
from mutualscope.services.project import Project
from mutualscope.services.users import has_role
from mutualscope.storage.jobs import WebJob
from mutualscope.storage.users import User

logger = logging.getLogger("mutualscope.web.jobs")
#: Finished jobs are forgotten (with their files) after this many seconds.
KEEP_SECONDS = 3600
#: How often the dispatcher looks for queued jobs, writes progress and beats.
POLL_SECONDS = 0.5
HEARTBEAT_SECONDS = 5.0
#: A running job whose heartbeat is older than this was left by a dead process.
STALE_SECONDS = 30.0


@dataclass
class Job:
    id: str
    kind: str
    owner_id: int
    folder: Path
    state: str = "queued"  # queued | running | done | failed
    done: int = 0
    total: int = 0
    message: str = "Waiting to start"
    error: str | None = None
    result: Path | None = None
    media_type: str = "application/octet-stream"
    summary: dict[str, Any] = field(default_factory=dict)
    #: A queued job's settings, for the function its kind names.
    params: dict[str, Any] = field(default_factory=dict)
    #: A queued job's files: (path here, name as uploaded).
    inputs: list[tuple[Path, str]] = field(default_factory=list)
    #: The name of the file it made, for a job read back from the project.
    result_name: str | None = None
    #: Bumped by every step, so the dispatcher writes only what changed.
    version: int = 0

    def step(self, message: str, done: int | None = None, total: int | None = None) -> None:
        self.message = message
        if total is not None:
            self.total = total
        if done is not None:
            self.done = done
        self.version += 1

    def as_dict(self) -> dict[str, Any]:
        percent = round(100 * self.done / self.total) if self.total else None
        if self.state == "done":
            percent = 100
        has_file = self.state == "done" and (self.result is not None or self.result_name)
        return {
            "id": self.id,
            "kind": self.kind,
            "state": self.state,
            "done": self.done,
            "total": self.total,
            "percent": percent,
            "message": self.message,
            "error": self.error,
            "summary": self.summary,
            "download": f"/api/v1/jobs/{self.id}/file" if has_file else None,
        }


#: What runs a queued job of one kind, in a worker thread of whichever process claims it.
KindWork = Callable[[Project, Job], None]


def _from_row(row: WebJob, folder: Path) -> Job:
    return Job(
        id=row.id,
        kind=row.kind,
        owner_id=row.owner_id,
        folder=folder,
        state=row.state,
        done=row.done,
        total=row.total,
        message=row.message,
        error=row.error,
        summary=dict(row.summary or {}),
        params=dict(row.params or {}),
        media_type=row.media_type,
        result_name=row.result_name,
    )


@dataclass
class _Running:
    job: Job
    saved: int = -1


class JobRunner:
    """The jobs of one server process, in ``workers`` threads."""

    def __init__(
        self,
        project: Project,
        *,
        kinds: Mapping[str, KindWork] | None = None,
        workers: int = 2,
        stale_after: float = STALE_SECONDS,
    ) -> None:
        self._project = project
        self._kinds = dict(kinds or {})
        self._workers = workers
        self._stale_after = stale_after
        # Beats come several times within the time after which a job counts as dead.
        self._beat_every = min(HEARTBEAT_SECONDS, stale_after / 3)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ms-job")
        self._running: dict[str, _Running] = {}
        self._lock = threading.Lock()
        self._claiming = threading.Lock()
        self._root = Path(tempfile.mkdtemp(prefix="mutualscope-jobs-"))
        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._dispatcher = threading.Thread(
            target=self._dispatch, name="ms-job-dispatcher", daemon=True
        )
        self._dispatcher.start()

    @property
    def folder_root(self) -> Path:
        """The temporary folder holding the files of the jobs this process runs."""
        return self._root

    def new(self, kind: str, user: User, params: dict[str, Any] | None = None) -> Job:
        """A job to fill in (files in its folder) and then :meth:`submit` or :meth:`start`."""
        job_id = secrets.token_urlsafe(12)
        folder = self._root / job_id
        folder.mkdir()
        return Job(id=job_id, kind=kind, owner_id=user.id, folder=folder, params=params or {})

    def submit(self, job: Job) -> Job:
        """Queue the job, with its settings and input files, for any worker."""
        if job.kind not in self._kinds:
            raise ValueError(f"no worker runs jobs of kind {job.kind!r}")
        self._record(job, inputs=[(name, path.read_bytes()) for path, name in job.inputs])
        shutil.rmtree(job.folder, ignore_errors=True)
        self._wake.set()
        return job

    def start(self, job: Job, work: Callable[[Job], None]) -> Job:
        """Run ``work`` for the job in this process (claimed here as it is made)."""
        self._record(job, worker=self.worker)
        self._launch(job, work)
        return job

    def _record(
        self, job: Job, *, inputs: list[tuple[str, bytes]] | None = None, worker: str | None = None
    ) -> None:
        with self._project.session() as session:
            jobs_service.create_job(
                session,
                job_id=job.id,
                kind=job.kind,
                owner_id=job.owner_id,
                params=job.params,
                inputs=inputs or [],
                worker=worker,
            )

    def _launch(self, job: Job, work: Callable[[Job], None]) -> None:
        job.state = "running"
        with self._lock:
            self._running[job.id] = _Running(job)
        self._pool.submit(self._run, job, work)

    def _run(self, job: Job, work: Callable[[Job], None]) -> None:
        state, error = "done", None
        try:
            work(job)
        except MutualscopeError as failure:
            state, error = "failed", str(failure)
        except Exception as failure:  # a job must end in a state the page can show
            logger.exception("job %s failed", job.id)
            state, error = "failed", f"Unexpected error: {failure}"
        try:
            # Saved before the job says it ended: a page told "done" finds its file.
            self._finish(job, state, error)
        except Exception:
            logger.exception("job %s could not be saved as %s", job.id, state)
        finally:
            with self._lock:
                self._running.pop(job.id, None)
            if state == "done" and job.result is not None:
                job.result_name = job.result.name
            job.state, job.error = state, error
            shutil.rmtree(job.folder, ignore_errors=True)
            self._wake.set()

    def _finish(self, job: Job, state: str, error: str | None) -> None:
        result = None
        if state == "done" and job.result is not None:
            result = (job.result.name, job.media_type, job.result.read_bytes())
        with self._project.session() as session:
            jobs_service.finish_job(
                session,
                job.id,
                state=state,
                done=job.done,
                total=job.total,
                message=job.message,
                summary=job.summary,
                error=error,
                result=result,
            )

    def _run_claimed(self, row: WebJob) -> None:
        folder = self._root / row.id
        folder.mkdir(exist_ok=True)
        job = _from_row(row, folder)
        job.state = "running"
        with self._project.session() as session:
            files = jobs_service.job_files(session, row.id, jobs_service.INPUT)
        for position, (name, data) in enumerate(files, start=1):
            path = folder / f"{position:04d}-{name}"
            path.write_bytes(data)
            job.inputs.append((path, name))
        kind_work = self._kinds[row.kind]
        self._launch(job, lambda claimed: kind_work(self._project, claimed))

    def get(self, job_id: str, user: User) -> Job:
        """A job its starter (or an owner) may see; NotFound otherwise."""
        with self._lock:
            running = self._running.get(job_id)
        job: Job | None = running.job if running is not None else None
        if job is None:
            with self._project.session() as session:
                row = jobs_service.find_job(session, job_id)
                job = _from_row(row, self._root / job_id) if row is not None else None
        if job is None or (job.owner_id != user.id and not has_role(user, "owner")):
            raise NotFound(f"No job {job_id!r} (finished jobs are kept for an hour).")
        return job

    def result_file(self, job: Job) -> bytes:
        """The bytes of the file a finished job made."""
        with self._project.session() as session:
            files = jobs_service.job_files(session, job.id, jobs_service.RESULT)
        if not files:
            raise NotFound(f"Job {job.id} has no file.")
        return files[0][1]

    # The dispatcher thread.

    def _dispatch(self) -> None:
        since_beat = since_reap = float("inf")
        while not self._stopping.is_set():
            try:
                self._save_progress()
                if since_beat >= self._beat_every:
                    self._beat()
                    since_beat = 0.0
                if since_reap >= self._beat_every:
                    self._reap()
                    since_reap = 0.0
                self._claim()
            except Exception:  # the database may be away for a moment; try again
                logger.exception("the job dispatcher failed a round")
            self._wake.wait(POLL_SECONDS)
            self._wake.clear()
            since_beat += POLL_SECONDS
            since_reap += POLL_SECONDS

    def _save_progress(self) -> None:
        with self._lock:
            changed = [r for r in self._running.values() if r.saved != r.job.version]
        if not changed:
            return
        with self._project.session() as session:
            for running in changed:
                job, version = running.job, running.job.version
                jobs_service.save_progress(
                    session,
                    job.id,
                    done=job.done,
                    total=job.total,
                    message=job.message,
                    summary=job.summary,
                )
                running.saved = version

    def _beat(self) -> None:
        with self._lock:
            ids = list(self._running)
        with self._project.session() as session:
            jobs_service.renew_heartbeats(session, ids)

    def _reap(self) -> None:
        with self._project.session() as session:
            jobs_service.fail_abandoned_jobs(session, stale_after=self._stale_after)
            jobs_service.forget_finished_jobs(session, keep_seconds=KEEP_SECONDS)

    def _claim(self) -> None:
        # Held from the check of _stopping to the job's launch, so close() never shuts
        # the threads down between a claim and its launch (the job would be left
        # running here for ever, or until its heartbeat went stale).
        with self._claiming:
            while not self._stopping.is_set():
                with self._lock:
                    if len(self._running) >= self._workers:
                        return
                with self._project.session() as session:
                    row = jobs_service.claim_next_job(
                        session, worker=self.worker, kinds=self._kinds
                    )
                    if row is None:
                        return
                    self._run_claimed(row)

    def close(self) -> None:
        """Stop claiming, let the running jobs finish, and remove this process's files.
        Jobs still queued stay queued for the next start."""
        self._stopping.set()
        self._wake.set()
        with self._claiming:  # a claim under way is launched first; none starts after
            pass
        self._dispatcher.join(timeout=30)
        self._pool.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            left = [r.job for r in self._running.values()]
        for job in left:  # started here but never run: they cannot be taken up again
            job.state, job.error = "failed", jobs_service.ABANDONED
            try:
                self._finish(job, job.state, job.error)
            except Exception:
                logger.exception("job %s could not be saved as failed", job.id)
        shutil.rmtree(self._root, ignore_errors=True)
