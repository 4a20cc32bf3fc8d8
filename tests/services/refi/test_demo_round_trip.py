"""The bundled demo project survives a round trip through REFI-QDA."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.services.refi.snapshot import segments, snapshot

from mutualscope.demo.builder import STEPS
from mutualscope.services.project import init_project
from mutualscope.services.refi import export_qdpx, import_refi

pytestmark = pytest.mark.slow


def test_demo_project_round_trips_exactly(tmp_path: Path) -> None:
    source, _ = init_project(tmp_path / "demo.db")
    target, _ = init_project(tmp_path / "copy.db")
    try:
        for step in STEPS:
            if step.name in ("Registry", "Transcripts", "Coding"):
                step.run(source, tmp_path, lambda _message: None)
        with source.session() as session:
            before = snapshot(session)
            turns_before = segments(session)
            export_qdpx(session, path=tmp_path / "demo.qdpx")
        with target.session() as session:
            report = import_refi(session, path=tmp_path / "demo.qdpx")
            after = snapshot(session)
            turns_after = segments(session)
    finally:
        source.close()
        target.close()
    assert report.dropped == [] and report.doubtful == []
    assert before["codings"], "the demo has codings"
    snapshot_withdrawn = [p for p in before["participants"] if p[5] == "withdrawn"]
    before["participants"] = [p for p in before["participants"] if p[5] != "withdrawn"]
    assert after == before
    withdrawn = {p[0] for p in snapshot_withdrawn}
    assert turns_after == [t if t[4] not in withdrawn else (*t[:4], None) for t in turns_before]
