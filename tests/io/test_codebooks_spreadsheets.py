"""Codebook spreadsheets from Taguette, Excel and people's own sheets."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from mutualscope.errors import InvalidInput
from mutualscope.io.codebooks import CodeSpec, parse_codebook_csv, read_codebook, write_codebook_csv

FIXTURES = Path(__file__).parents[1] / "fixtures" / "codebooks"


def _tree(specs: list[CodeSpec]) -> list[tuple[tuple[str, ...], str | None, str | None]]:
    return [(spec.parts, spec.definition, spec.colour) for spec in specs]


def test_taguette_export_with_dots_for_levels() -> None:
    reading = read_codebook(FIXTURES / "taguette-1.5-codebook.csv", separator=".")
    assert _tree(reading.specs) == [
        (("barriers",), "What held the mutual back", None),
        (
            ("barriers", "austerity"),
            'Cuts to budgets; "savings first", as one commissioner put it',
            None,
        ),
        (("barriers", "competition"), None, None),
        (("enablers",), "What helped the mutual innovate", None),
        (("enablers", "funding"), "Where the money came from:\nsurplus, grants, loans", None),
        (("enablers", "funding", "surplus"), "Surplus reinvested", None),
        (("enablers", "staff/member voice"), "Staff and members speaking up 🗣️", None),
        (("interesting",), "Further review required", None),
        (("interesting", "places"), None, None),
    ]
    assert reading.columns == ["tag (code paths)", "description (definitions)"]
    assert reading.ignored == ["number of highlights", "number of documents"]
    assert reading.notes == []


def test_taguette_export_read_with_slashes_suggests_its_separator() -> None:
    reading = read_codebook(FIXTURES / "taguette-1.5-codebook.csv")
    # Read with '/', the one name holding a '/' makes two levels; the rest are flat.
    assert [spec.parts for spec in reading.specs if len(spec.parts) > 1] == [
        ("enablers.staff", "member voice")
    ]
    assert reading.notes == [
        "6 code names hold '.': if '.' separates levels in this file, import it with "
        "--separator '.' instead."
    ]
    mutualscope_own = "path\nInnovation/Outreach (4.1.3)\nInnovation/Organisational (4.1.1)\n"
    assert parse_codebook_csv(mutualscope_own).notes == []


def test_older_taguette_export_with_backslashes_for_levels() -> None:
    reading = read_codebook(FIXTURES / "taguette-1.4-codebook.csv", separator="\\")
    assert [spec.parts for spec in reading.specs] == [
        ("interesting",),
        ("people",),
        ("interesting", "places"),
    ]
    assert reading.ignored == ["number of highlights"]


def test_excel_semicolon_sheet_with_parent_column() -> None:
    reading = read_codebook(FIXTURES / "excel-semicolon-codebook.csv")
    assert _tree(reading.specs) == [
        (("Enablers",), "What helps", "#1b9e77"),
        (("Enablers", "Funding sources"), "Where the money came from", "#d95f02"),
        (("Enablers", "Funding sources", "Surplus"), 'Reinvested; "kept" locally', "#7570b3"),
        (("Enablers", "Staff/member voice"), "Names may hold a '/'", None),
        (("Enablers", "Staff/member voice", "Pay"), None, "#e7298a"),
        (("Barriers",), None, None),
        (("Barriers", "Austerity"), "Cuts", "#66a61e"),
    ]
    assert reading.columns == [
        "CodeName (code names)",
        "ParentCode (parent codes)",
        "Description (definitions)",
        "Colour (colours)",
    ]


@pytest.mark.parametrize(
    "header",
    [
        "Code,Description,Color",
        "Name,Definition,Colour",
        "Code Path,Memo,Code Colour",
        "code_path,comment,hex_color",
        "TAG,DESCRIPTION,COLOR",
    ],
)
def test_spreadsheet_headers_are_recognised(header: str) -> None:
    text = f"{header}\r\nFunding sources/Surplus,Reinvested,#abc\r\n"
    specs = parse_codebook_csv(text).specs
    assert _tree(specs) == [
        (("Funding sources",), None, None),
        (("Funding sources", "Surplus"), "Reinvested", "#aabbcc"),
    ]


def test_a_path_column_wins_over_name_and_parent() -> None:
    reading = parse_codebook_csv("Name,Path,Parent\nSurplus,Funding/Surplus,Other\n")
    assert [spec.parts for spec in reading.specs] == [("Funding",), ("Funding", "Surplus")]
    assert reading.ignored == ["Name", "Parent"]


def test_tab_separated_and_a_tsv_suffix(tmp_path: Path) -> None:
    path = tmp_path / "codes.tsv"
    path.write_text("Code\tParent\tDescription\nSurplus\tFunding\tkept, locally\n")
    assert _tree(read_codebook(path).specs) == [
        (("Funding",), None, None),
        (("Funding", "Surplus"), "kept, locally", None),
    ]


def test_an_xlsx_codebook(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Theme", "Parent theme", "Definition", "Colour"])
    sheet.append(["Austerity", "Barriers", "Cuts", "66A61E"])
    sheet.append(["Barriers", None, None, None])
    sheet.append([None, None, None, None])
    path = tmp_path / "themes.xlsx"
    workbook.save(path)
    assert _tree(read_codebook(path).specs) == [
        (("Barriers",), None, None),
        (("Barriers", "Austerity"), "Cuts", "#66a61e"),
    ]


@pytest.mark.parametrize("separator", ["/", ".", " > ", "::"])
def test_names_holding_the_separator_round_trip(separator: str) -> None:
    specs = [
        CodeSpec(("Voices",), "a, b", "#010203"),
        CodeSpec(("Voices", "Staff/member voice"), 'said "so"', None),
        CodeSpec(("Voices", "Staff/member voice", "4.1.1 > pay::rewards"), None, None),
        CodeSpec(("C:\\temp\\",), None, None),
    ]
    text = write_codebook_csv(specs, separator=separator)
    assert parse_codebook_csv(text, separator=separator).specs == specs


def test_a_slash_in_a_name_is_written_escaped() -> None:
    text = write_codebook_csv([CodeSpec(("Staff/member voice",), None, None)])
    assert text == "path,description,colour\nStaff\\/member voice,,\n"


def _problems(text: str, separator: str = "/") -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        parse_codebook_csv(text, source="book.csv", separator=separator)
    return caught.value.problems


def test_each_bad_row_is_told_with_how_to_mend_it() -> None:
    problems = _problems(
        "path,description,colour\n"
        "Funding,,\n"
        ",orphan definition,\n"
        "A//B,,\n"
        "Austerity,,blue\n"
        "Funding/" + "x" * 201 + ",,\n"
    )
    assert problems == [
        "book.csv: row 3: the 'path' column is empty; write the code there, or delete the row.",
        "book.csv: row 4: the code path 'A//B' has an empty level (level 2); remove the "
        "doubled '/', or write a '/' inside a name as '\\/'.",
        "book.csv: row 5: the colour 'blue' is not a hex colour; write it as '#1f77b4' (or "
        "'#17b'), or leave the cell empty.",
        "book.csv: row 6: in the code path 'Funding/"
        + "x" * 52
        + "'…, level 2 is 201 characters long; a code name holds at most 200: shorten it.",
    ]


def test_repeated_codes_are_read_once_when_they_agree_and_refused_when_not() -> None:
    reading = parse_codebook_csv(
        "tag,description\ninteresting,maybe\nInteresting ,\npeople,new\ninteresting,maybe\n"
    )
    assert _tree(reading.specs) == [(("interesting",), "maybe", None), (("people",), "new", None)]
    assert reading.notes == ["Rows 2, 3 and 5 all give the code 'interesting'; it was read once."]
    problems = _problems("Code,Parent,Colour\nSurplus,Funding,#111\nsurplus,funding,#222\n")
    assert problems == [
        "book.csv: rows 2 and 3 all give the code 'Funding/Surplus' (names are compared "
        "without regard to capitals), with different colours; keep one of the rows, or make "
        "them say the same."
    ]


def test_parent_names_that_loop_or_are_ambiguous() -> None:
    problems = _problems("Name,Parent\nA,B\nB,A\nC,\n")
    assert problems[0] == (
        "book.csv: row 2: the parents of rows 2 and 3 go round in a circle, so none of them "
        "has a place in the tree; give one of them another parent, or none (a top-level code)."
    )
    problems = _problems("Name,Parent\nOther,Funding\nOther,Barriers\nNotes,Other\n")
    assert problems == [
        "book.csv: row 4: the parent 'Other' is the name of rows 2 and 3, which sit in "
        "different places; write the parent's whole path, e.g. 'Funding/Other'."
    ]


def test_two_columns_for_one_thing_are_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_codebook_csv("Code,Description,Memo\nA,x,y\n", source="book.csv")
    assert str(caught.value) == (
        "book.csv: row 1: the columns 'Description' and 'Memo' could each hold the "
        "definitions; keep one of them, or rename the others so that their headers say "
        "what else they hold."
    )


def test_another_separator_names_its_own_escape() -> None:
    problems = _problems("path\nInnovation..Outreach\n", separator=".")
    assert problems == [
        "book.csv: row 2: the code path 'Innovation..Outreach' has an empty level (level 2); "
        "remove the doubled '.', or write a '.' inside a name as '\\.'."
    ]


def test_our_csv_meets_taguettes_reading_rules() -> None:
    # Taguette's import_codebook.list_tags_csv: the header, lower-cased, must hold exactly
    # one of 'tag', 'name' and 'path'; 'description' is read if there; blank rows skipped.
    text = write_codebook_csv([CodeSpec(("Enablers", "Funding"), "Where money came from", None)])
    header = [cell.lower() for cell in next(csv.reader(io.StringIO(text)))]
    assert sum(name in header for name in ("tag", "name", "path")) == 1
    assert "description" in header


def test_a_yaml_codebook_takes_no_separator(tmp_path: Path) -> None:
    path = tmp_path / "book.yaml"
    path.write_text("codes:\n  - name: A\n")
    with pytest.raises(InvalidInput, match="--separator does not apply; leave it out"):
        read_codebook(path, separator=".")


def test_a_chain_of_parents_past_the_depth_limit_is_refused_not_a_crash() -> None:
    rows = "".join(f"c{n},c{n - 1}\n" for n in range(1, 5000))
    problems = _problems("Name,Parent\nc0,\n" + rows)
    assert problems[0] == "book.csv: row 52: the code path is 51 levels deep; the limit is 50."
    assert all("levels deep" in problem for problem in problems[:-1])
    assert problems[-1] == "... and 3,950 more problems"


def test_maxqda_code_table_with_its_separator_gets_no_hint(tmp_path: Path) -> None:
    """MAXQDA's code table (Code, Memo; levels joined by ' > '): names such as
    'Subcode 1.1' hold a '.', but the file's separator was given, so no other is
    suggested."""
    path = tmp_path / "maxqda-codes.csv"
    path.write_bytes(
        b"Code,Memo\r\nCodename 1,Some text\r\nCodename 1 > Subcode 1.1,More\r\n"
        b"Codename 2 > Subcode 2.1 > Subcode 2.1.1,Deep\r\n"
    )
    reading = read_codebook(path, separator=" > ")
    assert [spec.parts for spec in reading.specs] == [
        ("Codename 1",),
        ("Codename 1", "Subcode 1.1"),
        ("Codename 2",),
        ("Codename 2", "Subcode 2.1"),
        ("Codename 2", "Subcode 2.1", "Subcode 2.1.1"),
    ]
    assert not any("--separator" in note for note in reading.notes)


def _as_taguette_reads(text: str) -> list[tuple[str, str]]:
    """(path, description) of each row as Taguette's codebook import takes them: the
    lower-cased header names exactly one of 'tag', 'name' and 'path'; 'description' is
    read if there; a row needs every column up to the last one read; blank rows are
    skipped; a blank path is refused; cells are stripped."""
    reader = csv.reader(io.StringIO(text))
    header = [cell.lower() for cell in next(reader)]
    (column,) = [header.index(name) for name in ("tag", "name", "path") if name in header]
    described = header.index("description")
    tags = []
    for row in reader:
        assert len(row) > max(column, described)
        if any(row):
            assert row[column].strip()
            tags.append((row[column].strip(), row[described].strip()))
    return tags


def test_taguette_reads_every_row_of_our_dotted_export() -> None:
    specs = [
        CodeSpec(("enablers",), 'What "helped"', None),
        CodeSpec(("enablers", "funding"), "Money:\nsurplus, grants", "#112233"),
        CodeSpec(("enablers", "staff/member voice"), None, None),
    ]
    text = write_codebook_csv(specs, separator=".")
    assert _as_taguette_reads(text) == [
        ("enablers", 'What "helped"'),
        ("enablers.funding", "Money:\nsurplus, grants"),
        ("enablers.staff/member voice", ""),
    ]
    # A '.' inside a name is escaped for our own import; Taguette keeps the backslash.
    dotted = write_codebook_csv([CodeSpec(("version v2.0",), None, None)], separator=".")
    assert _as_taguette_reads(dotted) == [("version v2\\.0", "")]
