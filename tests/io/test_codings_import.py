"""Reading codings files: each tool's columns recognised, cells read with their quirks."""

from __future__ import annotations

from pathlib import Path

import pytest

from mutualscope.errors import InvalidInput
from mutualscope.io.codings import read_codings_file
from mutualscope.io.codings.nvivo import parse_reference_export
from mutualscope.io.codings.paths import code_readings, read_code_path
from mutualscope.io.codings.rows import paragraph_range

FIXTURES = Path(__file__).parent.parent / "fixtures" / "codings"


def test_codings_import_reads_maxqda_segments_with_paragraphs_not_offsets() -> None:
    table = read_codings_file(FIXTURES / "maxqda-coded-segments.xlsx")
    assert table.dialect == "maxqda"
    row = table.rows[0]
    assert (row.line, row.document, row.codes, row.paragraphs) == (
        2, "case3-ceo", ((("Funding sources", "Surplus"),),), (2, 2),
    )  # fmt: skip
    assert (row.start, row.end, row.coder, row.memo) == (
        None,
        None,
        "ana",
        "Pilot paid from surplus",
    )
    assert "Coverage %" in table.ignored


def test_codings_import_reads_atlasti_csv_with_bom_crlf_and_doubled_quotes() -> None:
    table = read_codings_file(FIXTURES / "atlasti-quotations.csv")
    assert table.dialect == "atlasti"
    assert table.columns["document"] == "Document"  # no BOM left on the first header
    first, second, third = table.rows
    assert first.codes == ((("Funding sources", "Surplus"), ("Social value",)),)
    assert first.text == (
        'We used the surplus to pay for the pilot, and the\r\norganisation\'s "social value" grew.'
    )
    assert first.paragraphs == (2, 3)
    assert second.codes == ((("Commissioning, Austerity",),), (("Commissioning",), ("Austerity",)))
    assert (second.memo, third.document) == ("Said warmly", "2 nurse-interview")


def test_codings_import_reads_nvivo_names_without_folders() -> None:
    table = read_codings_file(FIXTURES / "nvivo-coded-text.xlsx")
    assert table.dialect == "nvivo"
    assert [(r.document, r.codes[0]) for r in table.rows] == [
        ("commissioner", (("Austerity",),)),
        ("case3-ceo", (("Funding sources", "Surplus"),)),
    ]
    assert (
        table.rows[0].text == "Austerity means savings come first;\ttenders favour big providers."
    )


def test_codings_import_reads_an_nvivo_reference_export() -> None:
    table = read_codings_file(FIXTURES / "nvivo-surplus-references.txt")
    assert table.dialect == "nvivo-text"
    assert [(r.line, r.document) for r in table.rows] == [
        (5, "case3-ceo"), (10, "case3-ceo"), (16, "nurse-interview"),
    ]  # fmt: skip
    assert table.rows[0].text == (
        'We used the surplus to pay for the pilot, and the organisation\'s "social value"\ngrew.'
    )
    with pytest.raises(InvalidInput, match="no references found"):
        parse_reference_export("Just some text\n", source="notes.txt", code="Austerity")


def test_codings_import_reads_camelcase_generic_columns() -> None:
    table = read_codings_file(FIXTURES / "codings.csv")
    assert table.dialect == "generic"
    assert table.columns == {
        "document": "DocumentName", "code": "CodePath", "text": "CodedText", "start": "Start",
        "end": "End", "before": "ContextBefore", "after": "ContextAfter",
        "occurrence": "Occurrence", "coder": "Coder", "memo": "Memo",
    }  # fmt: skip
    assert (table.rows[0].start, table.rows[0].end) == (263, 298)
    assert table.rows[3].text == 'It\'s\t"our" organisation'


def test_codings_import_keeps_a_bad_cell_as_the_rows_problem(tmp_path: Path) -> None:
    path = tmp_path / "codings.csv"
    path.write_text(
        "document,code,start,end,text\n"
        "a.txt,X,twelve,20,\n"
        ",X,,,words\n"
        "a.txt,,,,words\n"
        "a.txt,X,,,\n"
        "a.txt,A//B,,,words\n",
        encoding="utf-8",
    )
    problems = [row.problem for row in read_codings_file(path).rows]
    assert problems[:4] == [
        "start 'twelve' is not a whole number",
        "the document cell is empty",
        "the code cell is empty",
        "the row has neither the coded text nor start and end offsets",
    ]
    assert problems[4] is not None and "empty" in problems[4]


@pytest.mark.parametrize(
    ("written", "names"),
    [
        ("Nodes\\\\Funding sources\\\\Surplus", ("Funding sources", "Surplus")),
        ("Funding sources\\Surplus", ("Funding sources", "Surplus")),
        ("Funding sources > Surplus", ("Funding sources", "Surplus")),
        ("Funding sources::Surplus", ("Funding sources", "Surplus")),
        ("Funding sources/Surplus", ("Funding sources", "Surplus")),
        ("Grants > Local/national", ("Grants", "Local/national")),
    ],
)
def test_codings_import_maps_other_tools_separators(written: str, names: tuple[str, ...]) -> None:
    assert read_code_path(written) == names


def test_codings_import_code_cells_and_paragraph_references() -> None:
    assert code_readings("A\r\nB::C") == ((("A",), ("B", "C")),)
    assert code_readings("A, B", commas=True) == (((("A, B",),), (("A",), ("B",))))
    with pytest.raises(InvalidInput, match="empty level"):
        read_code_path("A > > B")
    assert paragraph_range("\u00b6 12 \u2013 13") == (12, 13)
    assert paragraph_range("3:12 \u2013 3:15") == (3, 3)
    assert paragraph_range("4", "6") == (4, 6)
    assert paragraph_range("") is None


def test_codings_import_refuses_an_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "codings.csv"
    path.write_text("document,code,text\na,b,c\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="Unknown format 'qda'"):
        read_codings_file(path, dialect="qda")
