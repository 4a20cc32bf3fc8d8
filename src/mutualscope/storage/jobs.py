"""Long operations of the web app (imports, reports) as rows, so that every server
process sees every job, any of them may run a queued one, and a restart loses none.

A job's files travel with it: the files uploaded for it and the file it makes are rows
of ``web_job_file``, so the worker that runs a job and the one asked for its result
need not be the same process, nor still be running.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mutualscope.storage.base import Base, utcnow


class WebJob(Base):
    """One job: what it is (``kind`` and ``params``), who started it, where it is
    (``state``: queued, running, done, failed) and how far it got."""

    __tablename__ = "web_job"
    __table_args__ = (Index("ix_web_job_state_created_at", "state", "created_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(50))
    owner_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="queued")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(String(2000), default="Waiting to start")
    error: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: What a worker needs to run a queued job (its kind's own settings).
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: The process running it (host and pid), once claimed.
    worker: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    #: Renewed every few seconds while a worker runs the job: a job whose heartbeat
    #: stops was left by a process that died.
    heartbeat_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column(index=True)
    result_name: Mapped[str | None] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(200), default="application/octet-stream")


class WebJobFile(Base):
    """A file of a job: one uploaded for it (``input``) or the one it made (``result``)."""

    __tablename__ = "web_job_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("web_job.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300))
    data: Mapped[bytes] = mapped_column(LargeBinary)
