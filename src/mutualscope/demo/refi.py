"""Demo step: the demo project as a REFI-QDA project and codebook, to open in other
QDA software (NVivo, ATLAS.ti, MAXQDA, QualCoder ...)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mutualscope.services.project import Project
from mutualscope.services.refi import export_qdc, export_qdpx

PROJECT_FILE = "mutualscope-demo.qdpx"
CODEBOOK_FILE = "mutualscope-demo-codebook.qdc"


def run(project: Project, out_dir: Path, say: Any) -> None:
    """Write the .qdpx project and the .qdc codebook into ``out_dir``."""
    with project.session() as session:
        export_qdpx(session, path=out_dir / PROJECT_FILE)
        export_qdc(session, path=out_dir / CODEBOOK_FILE)
    say(f"Wrote {out_dir / PROJECT_FILE} and {out_dir / CODEBOOK_FILE} (REFI-QDA)")
