"""Where the project database is: a SQLite file by default, PostgreSQL by URL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB_FILE = "mutualscope.db"
DB_ENV_VAR = "MUTUALSCOPE_DB"
#: How many requests each web server process runs at once (``serve --threads``).
THREADS_ENV = "MUTUALSCOPE_THREADS"
DEFAULT_THREADS = 40


def threads_from_environment() -> int:
    """MUTUALSCOPE_THREADS as a whole number from 1 (DEFAULT_THREADS when unset);
    ValueError saying what it must be otherwise. Read by ``serve`` before it starts and
    by every server process's web settings."""
    raw = os.environ.get(THREADS_ENV, "").strip()
    if not raw:
        return DEFAULT_THREADS
    if not (raw.isdigit() and int(raw) >= 1):
        raise ValueError(f"{THREADS_ENV} must be a whole number from 1, not {raw!r}")
    return int(raw)


@dataclass(frozen=True)
class DatabaseTarget:
    """A resolved project location."""

    url: str
    backend: str  # "sqlite" or "postgresql"
    path: Path | None  # the SQLite file, None for a server

    @property
    def display(self) -> str:
        """The location with any password hidden, for messages."""
        if self.path is not None:
            return str(self.path)
        return mask_password(self.url)


def mask_password(url: str) -> str:
    """Hide the password part of a database URL."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    if ":" in creds:
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url


def resolve_database(value: str | os.PathLike[str] | None = None) -> DatabaseTarget:
    """Turn a path, URL, ``MUTUALSCOPE_DB`` or the default into a :class:`DatabaseTarget`.

    A bare path means a SQLite file; ``postgresql://`` URLs are given the psycopg 3 driver.
    """
    raw = os.fspath(value) if value is not None else os.environ.get(DB_ENV_VAR) or DEFAULT_DB_FILE
    if raw.startswith(("postgresql://", "postgres://")):
        raw = "postgresql+psycopg://" + raw.split("://", 1)[1]
    if raw.startswith("postgresql+"):
        return DatabaseTarget(url=raw, backend="postgresql", path=None)
    if raw.startswith("sqlite:///"):
        path = Path(raw[len("sqlite:///") :])
    elif "://" in raw:
        scheme = raw.split("://", 1)[0]
        raise ValueError(
            f"unsupported database URL scheme {scheme!r}: "
            "give a file path (SQLite) or a postgresql:// URL"
        )
    else:
        path = Path(raw)
    path = path.expanduser().absolute()
    return DatabaseTarget(url=f"sqlite:///{path}", backend="sqlite", path=path)
