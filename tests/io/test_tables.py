import codecs
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from tests.fuzz.inputs import corrupt_member, rewrite_members

from mutualscope.domain import limits
from mutualscope.errors import InvalidInput
from mutualscope.io.tables import decode_text, detect_delimiter, read_table

ROWS = [
    ["Name", "Region", "Turnover"],
    ["Fenmarsh Health", "Eastern", "£43m"],
    ["Oakby Care", "Yorks & Humber", "£500k"],
]


def write(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|", "¬"])
def test_read_table_detects_each_delimiter(tmp_path: Path, delimiter: str) -> None:
    text = "\n".join(delimiter.join(row) for row in ROWS) + "\n"
    table = read_table(write(tmp_path / "orgs.csv", text, "utf-8"))
    assert table.delimiter == delimiter
    assert table.headers == ["Name", "Region", "Turnover"]
    assert table.rows == [(2, ROWS[1]), (3, ROWS[2])]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252"), ("utf-16", "utf-16")],
)
def test_read_table_detects_the_encoding(tmp_path: Path, encoding: str, expected: str) -> None:
    text = "Name¬Turnover¬Note\nCafé Mutual¬£43m¬“quoted” – €5\n"
    table = read_table(write(tmp_path / "orgs.csv", text, encoding))
    assert table.encoding == expected
    assert table.headers[0] == "Name"  # no BOM left on the first header
    assert table.rows[0][1] == ["Café Mutual", "£43m", "“quoted” – €5"]


def test_decode_text_falls_back_to_latin1_for_bytes_cp1252_lacks() -> None:
    assert decode_text("£5\x81".encode("latin-1")) == ("£5\x81", "latin-1")


def test_detect_delimiter_ignores_commas_inside_quotes() -> None:
    text = 'Name;Turnover\n"Oak, Ash and Elm CIC";"43,000,000"\n"Fen CIC";"1,200"\n'
    assert detect_delimiter(text) == ";"


def test_read_table_skips_blank_rows_and_keeps_spreadsheet_row_numbers(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "o.csv", "Name,Region,\n\nA,London,\n,,\nB,,\n", "utf-8"))
    assert table.headers == ["Name", "Region"]
    assert [number for number, _ in table.rows] == [3, 5]


def test_read_table_reads_xlsx_sheets_by_name_or_number(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["nothing here"])
    sheet = workbook.create_sheet("Registry")
    sheet.append(["Name", "Employees", "Year established"])
    sheet.append(["Fenmarsh Health", 1200.0, 2011])
    path = tmp_path / "orgs.xlsx"
    workbook.save(path)
    for choice in ("Registry", "2"):
        table = read_table(path, sheet=choice)
        assert table.sheet == "Registry"
        assert table.rows == [(2, ["Fenmarsh Health", "1200", "2011"])]
    with pytest.raises(InvalidInput, match="its sheets are: Notes, Registry"):
        read_table(path, sheet="Missing")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 binary", "is a PDF document, not a CSV or XLSX file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a CSV or XLSX file"),
        (b"PK\x03\x04not really a zip", "not a valid XLSX workbook \\(a damaged ZIP archive"),
        (b"", "is empty"),
    ],
)
def test_read_table_refuses_files_that_are_not_spreadsheets(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "orgs.csv"
    path.write_bytes(content)
    with pytest.raises(InvalidInput, match=message) as caught:
        read_table(path)
    assert str(path) in str(caught.value)


def test_read_table_refuses_sheet_for_csv_and_missing_files(tmp_path: Path) -> None:
    path = write(tmp_path / "o.csv", "Name\nA\n", "utf-8")
    with pytest.raises(InvalidInput, match="--sheet applies to XLSX"):
        read_table(path, sheet="1")
    with pytest.raises(InvalidInput, match="no such file"):
        read_table(tmp_path / "absent.csv")


def registry_workbook(path: Path, rows: int = 3) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Registry"
    sheet.append(["Name", "Region", "Employees"])
    for number in range(rows):
        sheet.append([f"Mutual {number}", "Eastern", 120 + number])
    workbook.save(path)
    return path


def refusal(path: Path, **options: str) -> str:
    with pytest.raises(InvalidInput) as caught:
        read_table(path, **options)
    message = str(caught.value)
    assert message.startswith(str(path)) and "\n" not in message
    return message


def test_read_table_refuses_damaged_workbooks_in_one_line(tmp_path: Path) -> None:
    # Each of these escaped as a traceback: BadZipFile, zlib.error, ParseError, IndexError.
    good = registry_workbook(tmp_path / "good.xlsx", rows=400)
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "not a valid XLSX workbook (a damaged ZIP archive" in refusal(truncated)
    flipped = corrupt_member(good, tmp_path / "flipped.xlsx", "xl/worksheets/sheet1.xml")
    assert "not a valid XLSX workbook" in refusal(flipped)
    broken = rewrite_members(
        good, tmp_path / "broken.xlsx", {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData>"}
    )
    assert "not a valid XLSX workbook (ParseError: no element found" in refusal(broken)
    workbook_xml = zipfile.ZipFile(good).read("xl/workbook.xml")
    no_sheets = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", workbook_xml)
    empty = rewrite_members(good, tmp_path / "empty.xlsx", {"xl/workbook.xml": no_sheets})
    assert "the workbook has no sheets" in refusal(empty)


def test_read_table_refuses_a_20_mb_cell_quickly_naming_line_and_limit(tmp_path: Path) -> None:
    # This escaped as "_csv.Error: field larger than field limit (131072)".
    path = tmp_path / "huge-field.csv"
    path.write_text('Name,Notes\nFenmarsh Health,"' + "x" * 20_000_000 + '"\n', "utf-8")
    assert refusal(path).endswith(
        "huge-field.csv, line 2: the line is longer than 1,048,576 characters; that is the limit."
    )
    lines = "\n".join(["word " * 20] * 2000)  # a quoted cell of many lines
    path.write_text(f'Name,Notes\nFenmarsh Health,"{lines}"\n', "utf-8")
    assert refusal(path).endswith(
        "huge-field.csv, line 1299: a cell is longer than 131,072 characters; a cell may "
        "hold 32,767."
    )


def test_read_table_refuses_a_cell_past_excels_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "long.csv", f"Name;Notes\nOakby Care;{'é' * 40_000}\n", "utf-8")
    assert refusal(path).endswith(
        "long.csv: row 2, column 2: the cell holds 40,000 characters; the limit is 32,767."
    )


def test_read_table_refuses_a_line_past_the_limit_before_holding_it(tmp_path: Path) -> None:
    path = write(tmp_path / "commas.csv", "Name,Region\n" + "," * 3_000_000 + "\n", "utf-8")
    assert refusal(path).endswith(
        "commas.csv, line 2: the line is longer than 1,048,576 characters; that is the limit."
    )


def test_read_table_stops_at_the_first_row_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "TABLE_ROWS", 3)
    rows = "".join(f"Mutual {n},London\r\n" for n in range(5))
    path = write(tmp_path / "rows.csv", "Name,Region\r\n\r\n" + rows, "utf-8")
    assert refusal(path).endswith(
        "rows.csv: more than 3 rows below the header; that is the limit for one file. "
        "Split it into smaller files."
    )
    table = read_table(write(tmp_path / "three.csv", "Name\n\nA\nB\n\nC\n", "utf-8"))
    assert table.rows == [(3, ["A"]), (4, ["B"]), (6, ["C"])]


def test_read_table_refuses_files_and_rows_past_the_size_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "TABLE_BYTES", 1000)
    big = write(tmp_path / "big.csv", "Name\n" + "Fenmarsh Health\n" * 100, "utf-8")
    assert refusal(big).endswith(
        "big.csv: the file is 1.6 KB; the limit is 1000 bytes. Split it into smaller files."
    )
    monkeypatch.setattr(limits, "TABLE_COLUMNS", 4)
    wide = write(tmp_path / "wide.csv", "Name,A,B\nX,1,2,3,4,5\nY,1,2,,,\n", "utf-8")
    assert refusal(wide).endswith("wide.csv: row 2 has 6 cells; the limit is 4 columns.")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_read_table_reads_utf16_without_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    text = "Name\tRegion\r\nCafé Mutual 😀\tYorks & Humber\r\n"
    table = read_table(write(tmp_path / "unicode.txt", text, encoding))
    assert (table.encoding, table.delimiter) == (encoding, "\t")
    assert table.rows == [(2, ["Café Mutual 😀", "Yorks & Humber"])]


def test_read_table_refuses_bad_utf8_after_a_byte_order_mark(tmp_path: Path) -> None:
    # This escaped as a UnicodeDecodeError traceback.
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"Name\nCaf\xe9 Mutual\n")
    assert refusal(path).endswith(
        "bom.csv, line 2: not valid utf-8-sig text (invalid continuation byte); "
        "save the file as UTF-8 and try again."
    )


def test_read_table_reads_a_large_file_as_a_stream(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    with path.open("w", encoding="cp1252", newline="") as handle:
        handle.write("Name;Turnover\r\n")
        for number in range(60_000):
            handle.write(f"Mutual £{number};£{number}k\r\n")
    table = read_table(path)
    assert (table.encoding, table.delimiter, len(table.rows)) == ("cp1252", ";", 60_000)
    assert table.rows[-1] == (60_001, ["Mutual £59999", "£59999k"])


def test_read_table_refuses_sheets_past_excels_shape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = registry_workbook(tmp_path / "good.xlsx")
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    far = (
        f'<worksheet {ns}><sheetData><row r="1"><c t="inlineStr"><is><t>Name</t></is></c></row>'
        '<row r="1048577"><c t="inlineStr"><is><t>A</t></is></c></row></sheetData></worksheet>'
    ).encode()
    beyond = rewrite_members(good, tmp_path / "far.xlsx", {"xl/worksheets/sheet1.xml": far})
    assert "rows past Excel's last row (1,048,576)" in refusal(beyond)
    monkeypatch.setattr(limits, "TABLE_COLUMNS", 10)
    cells = "<c><v>1</v></c>" * 11
    wide = f"<worksheet {ns}><sheetData><row>{cells}</row></sheetData></worksheet>".encode()
    path = rewrite_members(good, tmp_path / "wide.xlsx", {"xl/worksheets/sheet1.xml": wide})
    assert refusal(path).endswith(
        "wide.xlsx: the XLSX workbook's xl/worksheets/sheet1.xml has more than 10 cells in a "
        "row; that is the limit."
    )
    monkeypatch.setattr(limits, "XML_BYTES", 4096)
    strings = b"<sst>" + b"<si><t>Fenmarsh Health</t></si>" * 200 + b"</sst>"
    bomb = rewrite_members(good, tmp_path / "strings.xlsx", {"xl/sharedStrings.xml": strings})
    assert refusal(bomb).endswith("the XLSX workbook's XML unpacks to 21.7 KB; the limit is 4 KB.")


def test_read_table_counts_filled_cells_not_blank_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "TABLE_CELLS", 6)
    sparse = write(tmp_path / "sparse.csv", "Name,Region,Notes\nA,,\nB,,\nC,London,\n", "utf-8")
    assert len(read_table(sparse).rows) == 3
    full = write(tmp_path / "full.csv", "Name,Region\nA,London\nB,London\nC,London\nD,X\n", "utf-8")
    assert refusal(full).endswith(
        "full.csv: more than 6 filled cells by row 5; that is the limit for one file. "
        "Split it into smaller files."
    )


def test_read_table_refuses_a_nul_that_postgresql_could_not_store(tmp_path: Path) -> None:
    rows = "".join(f"Mutual {n},London\n" for n in range(400))  # past the first 4 KB
    path = write(tmp_path / "nul.csv", f"Name,Region\n{rows}Oak\x00by Care,London\n", "utf-8")
    assert refusal(path).endswith(
        "nul.csv: row 402, column 1: the cell holds a NUL character, which no text has; "
        "the file is damaged or not a spreadsheet."
    )


def test_read_table_quotes_a_libraries_long_message_in_one_line(tmp_path: Path) -> None:
    # openpyxl explains a sheet it cannot read over three lines; the refusal is one.
    good = registry_workbook(tmp_path / "good.xlsx")
    sheet = zipfile.ZipFile(good).read("xl/worksheets/sheet1.xml")
    laughs = b'<!DOCTYPE d [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    bomb = rewrite_members(
        good, tmp_path / "laughs.xlsx", {"xl/worksheets/sheet1.xml": laughs + sheet}
    )
    message = refusal(bomb)
    assert message.startswith(f"{bomb}: not a valid XLSX workbook (")
    assert "This is most probably because" in message


REGISTRIES = Path(__file__).parent.parent / "fixtures" / "registries"


def test_read_table_keeps_the_words_of_public_bodies_files() -> None:
    nhs = read_table(REGISTRIES / "nhs_style_providers.csv")
    assert (nhs.encoding, nhs.delimiter) == ("utf-8-sig", ",")
    assert nhs.headers[:2] == ["OrganisationCode", "OrganisationName"]  # no BOM left
    cells = {row[1][0]: row[1] for row in nhs.rows}
    assert cells["8J123"][1] == 'Oakby "Live Well" Services'  # "" read as one quote
    assert cells["AD9"][1] == "Brackendale Therapies"  # trailing spaces gone
    assert cells["NV2"][-1] == ""  # CR LF leaves no \r in the last cell
    council = read_table(REGISTRIES / "council_register_cp1252.csv")
    assert (council.encoding, council.delimiter) == ("cp1252", ";")
    assert [row[1][0] for row in council.rows][:2] == [
        "Café Connect Mutual",
        "St Anne’s Housing Co-operative",
    ]
    workbook = read_table(REGISTRIES / "companies_house_extract.xlsx")
    assert workbook.headers[:2] == ["CompanyName", "CompanyNumber"]
    assert [row[1][1] for row in workbook.rows] == [
        "7123456",  # numbers, as Excel stored them: the zeros come back on import
        "8012345",
        "SC123456",
        "10234567",
        "445790",
    ]
