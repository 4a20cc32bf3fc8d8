from __future__ import annotations

from pathlib import Path

from tests.factories import make_code, make_coding, make_document

from mutualscope.demo import refi
from mutualscope.io.refi import read_qdc, read_qdpx
from mutualscope.services.project import Project


def test_demo_refi_step_writes_project_and_codebook(project: Project, tmp_path: Path) -> None:
    with project.session() as session:
        doc = make_document(session, text="CEO: We went live in 2011.\n")
        make_coding(session, doc, make_code(session, "Founding"), 5, 26)
    said: list[str] = []
    refi.run(project, tmp_path, said.append)
    exported = read_qdpx(tmp_path / refi.PROJECT_FILE)
    assert exported.problems == []
    assert exported.sources[0].selections[0].codings
    assert read_qdc(tmp_path / refi.CODEBOOK_FILE).codes[0].name == "Founding"
    assert said and "REFI-QDA" in said[0]
