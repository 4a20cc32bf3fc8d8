"""What the figures were measured on: the machine, the software and the commit."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "mutualscope",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "fastapi",
    "uvicorn",
    "httpx",
    "python-docx",
    "weasyprint",
)


def _proc_field(path: str, field: str) -> str | None:
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith(field):
            return line.split(":", 1)[1].strip()
    return None


def describe() -> dict[str, object]:
    """CPU model, core count, memory, operating system."""
    memory_kib = _proc_field("/proc/meminfo", "MemTotal")
    return {
        "cpu": _proc_field("/proc/cpuinfo", "model name") or platform.processor(),
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memory_gib": round(int(memory_kib.split()[0]) / 1024**2, 1) if memory_kib else None,
        "platform": platform.platform(),
    }


def _git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None


def versions() -> dict[str, str | None]:
    """Python, the packages that set the figures, Taguette (if installed) and the commit."""
    from bench.taguette import taguette_version

    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    found["taguette"] = taguette_version()
    found["commit"] = _git_commit()
    return found
