"""Demo step: the evidence report of the demo project, in all four formats.

Runs last, after the registry, transcripts and codings. The report configuration is
copied into the demo folder beside the reports, so it can be edited and rebuilt.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from mutualscope.reports.build import build_report, write_report
from mutualscope.reports.config import load_config
from mutualscope.services.project import Project

CONFIG = Path(__file__).parent / "data" / "report" / "report.yaml"
OUTPUTS = ("report.md", "report.html", "report.docx", "report.pdf")


def run(project: Project, out_dir: Path, say: Any) -> None:
    """Write report.md, .html, .docx and .pdf (and report.yaml) into ``out_dir``."""
    config_path = out_dir / "report.yaml"
    shutil.copyfile(CONFIG, config_path)
    config = load_config(config_path)
    with project.session() as session:
        document = build_report(session, config=config, config_source=str(config_path))
    for name in OUTPUTS:
        write_report(document, out_dir / name)
        say(f"Wrote {out_dir / name}")
