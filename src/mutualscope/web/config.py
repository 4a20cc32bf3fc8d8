"""Web settings, read from the environment so a team server is configured without code."""

from __future__ import annotations

import os
from dataclasses import dataclass

from mutualscope.settings import DEFAULT_THREADS, threads_from_environment
from mutualscope.web.auth import DEFAULT_MAX_AGE


def _number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return float(raw)
    except ValueError as error:
        raise ValueError(f"{name} must be a number, not {raw!r}") from error


@dataclass(frozen=True)
class WebSettings:
    #: The largest request body accepted (uploads of transcripts and registries).
    max_body_bytes: int = 25 * 1024 * 1024
    #: How long a sign-in lasts, in seconds.
    session_max_age: float = DEFAULT_MAX_AGE
    #: How often a transcript page asks for other coders' new codings, in seconds.
    poll_seconds: float = 5.0
    #: A running job whose server process has not been heard from for this long is
    #: marked failed (its process died).
    job_stale_seconds: float = 30.0
    #: Threads a server process runs requests in at once (THREADS_ENV; the framework's
    #: usual 40). Fewer answer a burst of codings more evenly, but a request may wait for
    #: a thread while it holds a database connection, so with fewer threads than that
    #: the pool may run dry (docs/web.md, "Threads").
    threads: int = DEFAULT_THREADS

    @classmethod
    def from_environment(cls) -> WebSettings:
        """Read MUTUALSCOPE_MAX_UPLOAD_MB, MUTUALSCOPE_SESSION_HOURS,
        MUTUALSCOPE_POLL_SECONDS, MUTUALSCOPE_JOB_STALE_SECONDS and MUTUALSCOPE_THREADS."""
        return cls(
            max_body_bytes=int(_number("MUTUALSCOPE_MAX_UPLOAD_MB", 25) * 1024 * 1024),
            session_max_age=_number("MUTUALSCOPE_SESSION_HOURS", DEFAULT_MAX_AGE / 3600) * 3600,
            poll_seconds=_number("MUTUALSCOPE_POLL_SECONDS", 5.0),
            job_stale_seconds=_number("MUTUALSCOPE_JOB_STALE_SECONDS", 30.0),
            threads=threads_from_environment(),
        )
