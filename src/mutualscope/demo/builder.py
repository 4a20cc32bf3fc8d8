"""Builds the bundled, fictional demo project step by step.

Each step adds one part (registry, transcripts, codings, report); later steps may rely on
earlier ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mutualscope.demo import coding, refi, registry, report, transcripts, web
from mutualscope.errors import ProjectError
from mutualscope.services.project import Project, init_project
from mutualscope.services.settings import set_setting

Say = Callable[[str], None]


@dataclass(frozen=True)
class DemoStep:
    name: str
    run: Callable[[Project, Path, Say], None]


STEPS: list[DemoStep] = [
    DemoStep("Registry", registry.run),
    DemoStep("Transcripts", transcripts.run),
    DemoStep("Coding", coding.run),
    DemoStep("Report", report.run),
    DemoStep("REFI-QDA export", refi.run),
    DemoStep("Web", web.run),
]

DEMO_TITLE = "Public service mutuals and innovation (fictional demo project)"


def prepare_folder(out_dir: Path) -> Path:
    """Make the folder; an earlier demo database is kept as ``mutualscope.previous.db``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    db_path = out_dir / "mutualscope.db"
    if db_path.exists():
        previous = out_dir / "mutualscope.previous.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(previous) + suffix).unlink(missing_ok=True)
        db_path.replace(previous)
        for suffix in ("-wal", "-shm"):
            extra = Path(str(db_path) + suffix)
            if extra.exists():
                extra.replace(Path(str(previous) + suffix))
    return db_path


def build_demo(out_dir: Path, say: Say) -> Project:
    """Create the demo project in ``out_dir`` and run every step. Returns the open project."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ProjectError(f"{out_dir} exists and is not a folder.")
    db_path = prepare_folder(out_dir)
    project, _ = init_project(db_path)
    with project.session() as session:
        set_setting(session, "title", DEMO_TITLE)
    say(f"Created the demo project at {db_path}")
    for step in STEPS:
        say(f"{step.name} ...")
        step.run(project, out_dir, say)
    return project
