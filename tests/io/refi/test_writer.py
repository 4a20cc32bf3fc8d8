from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from tests.io.refi.helpers import guid

from mutualscope.errors import InvalidInput
from mutualscope.io.refi import (
    RefiCase,
    RefiCode,
    RefiCodebook,
    RefiCoding,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSet,
    RefiTextSource,
    RefiUser,
    RefiVariable,
    RefiVariableValue,
    codebook_xml,
    project_xml,
    read_qdc,
    read_qdpx,
    write_qdc,
    write_qdpx,
)
from mutualscope.io.refi.xml import CODEBOOK_XSD, PROJECT_XSD, schema

TEXT = "Café 😀 staff\nowned\tmutual \x0b end"


def _project() -> RefiProject:
    child = RefiCode(guid(2), "Funding", True, "#1f77b4", "Money & <grants>")
    root = RefiCode(guid(1), "Enablers", False, None, None, note_refs=[guid(50)], children=[child])
    coding = RefiCoding(guid(30), guid(2), guid(9), datetime(2024, 1, 2, 3, 4, 5, 678, tzinfo=UTC))
    selection = RefiSelection(guid(20), 0, 6, name="Café 😀", codings=[coding])
    source = RefiTextSource(
        guid(10),
        "Interview “A”",
        TEXT,
        selections=[selection],
        note_refs=[guid(51)],
        variable_values=[RefiVariableValue(guid(60), "Date", datetime(2024, 1, 1).date())],
        original=b"%PDF-1.4",
        original_name="a.pdf",
        kind="pdf",
    )
    return RefiProject(
        name="Test <project>",
        users=[RefiUser(guid(9), "Ann")],
        codes=[root],
        variables=[
            RefiVariable(guid(60), "Interviewed", "Date"),
            RefiVariable(guid(61), "Score", "Float"),
        ],
        cases=[
            RefiCase(
                guid(70),
                "Case 1",
                variable_values=[RefiVariableValue(guid(61), "Float", Decimal("7.50"))],
                source_refs=[guid(10)],
            )
        ],
        sources=[source],
        notes=[
            RefiNote(guid(50), "On enablers", "Text with\x01control"),
            RefiNote(guid(51), None, "x"),
        ],
        sets=[RefiSet(guid(80), "Set", member_codes=[guid(2)], member_sources=[guid(10)])],
        project_note_refs=[],
    )


def test_writer_project_validates_against_the_shipped_schema() -> None:
    data = project_xml(_project())
    assert schema(PROJECT_XSD).validate(etree.fromstring(data))


def test_writer_codebook_validates_against_the_transcribed_schema() -> None:
    project = _project()
    data = codebook_xml(RefiCodebook(codes=project.codes, sets=project.sets, origin="test"))
    assert schema(CODEBOOK_XSD).validate(etree.fromstring(data))
    assert b"<MemberCode guid=" in data


def test_writer_archive_round_trips_through_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "out.qdpx"
    write_qdpx(_project(), path)
    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
    assert names[0] == "project.qde" and all(n.startswith("sources/") for n in names[1:])
    back = read_qdpx(path)
    source = back.sources[0]
    assert source.text == TEXT and source.kind == "pdf" and source.original == b"%PDF-1.4"
    selection = source.selections[0]
    assert source.text[selection.start : selection.end] == "Café 😀"
    assert selection.codings[0].created_at == datetime(2024, 1, 2, 3, 4, 5, 678, tzinfo=UTC)
    assert back.codes[0].children[0].description == "Money & <grants>"
    assert back.notes[0].text == "Text with\ufffdcontrol"
    assert back.cases[0].variable_values[0].value == Decimal("7.50")
    assert back.problems == []


def test_writer_qdc_round_trips(tmp_path: Path) -> None:
    project = _project()
    path = tmp_path / "c.qdc"
    write_qdc(RefiCodebook(codes=project.codes, sets=project.sets), path)
    back = read_qdc(path)
    assert back.codes[0].children[0].color == "#1f77b4"
    assert back.sets[0].member_codes == [guid(2)]
    assert back.problems == []


def test_writer_refuses_an_invalid_project_and_leaves_no_file(tmp_path: Path) -> None:
    project = _project()
    project.variables[0].type = "Colour"  # not a REFI variable type
    path = tmp_path / "bad.qdpx"
    with pytest.raises(InvalidInput, match="does not validate"):
        write_qdpx(project, path)
    assert list(tmp_path.iterdir()) == []


def test_writer_streams_large_projects_in_chunks(tmp_path: Path) -> None:
    project = _project()
    base = project.sources[0]
    project.sources = [
        RefiTextSource(guid(1000 + n), f"Doc {n}", base.text, selections=list(base.selections))
        for n in range(120)
    ]
    path = tmp_path / "many.qdpx"
    write_qdpx(project, path)
    assert len(read_qdpx(path).sources) == 120
