from pathlib import Path

import openpyxl
import pytest

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
        (b"PK\x03\x04not really a zip", "not a CSV or XLSX file"),
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
