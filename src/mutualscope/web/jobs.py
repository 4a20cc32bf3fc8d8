"""Long operations (imports, reports) run as jobs in worker threads; pages poll their
progress through ``/api/v1/jobs/{id}``.

Jobs live in the server process (a single ``mutualscope serve`` is the deployment this
serves); their files go to a temporary folder removed when the app stops.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mutualscope.errors import MutualscopeError, NotFound
from mutualscope.services.users import has_role
from mutualscope.storage.users import User

logger = logging.getLogger("mutualscope.web.jobs")
#: Finished jobs are forgotten (and their files removed) after this many seconds.
KEEP_SECONDS = 3600


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
    finished_at: float | None = None

    def step(self, message: str, done: int | None = None, total: int | None = None) -> None:
        self.message = message
        if total is not None:
            self.total = total
        if done is not None:
            self.done = done

    def as_dict(self) -> dict[str, Any]:
        percent = round(100 * self.done / self.total) if self.total else None
        if self.state == "done":
            percent = 100
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
            "download": f"/api/v1/jobs/{self.id}/file" if self.result is not None else None,
        }


class JobRunner:
    def __init__(self, workers: int = 2) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ms-job")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._root = Path(tempfile.mkdtemp(prefix="mutualscope-jobs-"))

    @property
    def folder_root(self) -> Path:
        """The temporary folder holding every job's files."""
        return self._root

    def new(self, kind: str, user: User) -> Job:
        job_id = secrets.token_urlsafe(12)
        folder = self._root / job_id
        folder.mkdir()
        job = Job(id=job_id, kind=kind, owner_id=user.id, folder=folder)
        with self._lock:
            self._forget_old()
            self._jobs[job_id] = job
        return job

    def start(self, job: Job, work: Callable[[Job], None]) -> Job:
        self._pool.submit(self._run, job, work)
        return job

    def _run(self, job: Job, work: Callable[[Job], None]) -> None:
        job.state = "running"
        try:
            work(job)
            job.state = "done"
        except MutualscopeError as error:
            job.state, job.error = "failed", str(error)
        except Exception as error:  # a job must end in a state the page can show
            logger.exception("job %s failed", job.id)
            job.state, job.error = "failed", f"Unexpected error: {error}"
        finally:
            job.finished_at = time.time()

    def get(self, job_id: str, user: User) -> Job:
        """A job its starter (or an owner) may see; NotFound otherwise."""
        job = self._jobs.get(job_id)
        if job is None or (job.owner_id != user.id and not has_role(user, "owner")):
            raise NotFound(f"No job {job_id!r} (finished jobs are kept for an hour).")
        return job

    def _forget_old(self) -> None:
        cutoff = time.time() - KEEP_SECONDS
        for job_id in [k for k, j in self._jobs.items() if (j.finished_at or 1e20) < cutoff]:
            shutil.rmtree(self._jobs.pop(job_id).folder, ignore_errors=True)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self._root, ignore_errors=True)
