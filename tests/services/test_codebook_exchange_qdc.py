"""A REFI-QDA codebook (.qdc) out and back in keeps the whole tree."""

from __future__ import annotations

from pathlib import Path

from tests.services.codebook_samples import build_sample_codebook, codebook_shape, start_afresh

from mutualscope.services.project import Project
from mutualscope.services.refi import export_qdc, import_refi


def test_qdc_export_then_import_keeps_levels_colours_definitions_and_slashes(
    project: Project, tmp_path: Path
) -> None:
    with project.session() as session:
        build_sample_codebook(session)
        before = codebook_shape(session)
        export_qdc(session, path=tmp_path / "codebook.qdc")
    assert "Staff/member voice" in {row["name"] for row in before}
    start_afresh(project)
    with project.session() as session:
        report = import_refi(session, path=tmp_path / "codebook.qdc")
        session.commit()
    with project.session() as session:
        assert codebook_shape(session) == before
    assert report.imported["codes"] == len(before)
    assert report.mapped == []
