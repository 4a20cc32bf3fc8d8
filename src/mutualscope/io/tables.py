"""Reading a spreadsheet (CSV or XLSX) into header and rows of text, whatever its dialect.

CSV files arrive in many dialects: comma, semicolon, tab, pipe or the '¬' that NHS data
files use; UTF-8 with or without a byte order mark, UTF-16 from Excel's "Unicode text",
or Windows cp1252 and latin-1. All are detected, so people never have to say.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from mutualscope.errors import InvalidInput

DELIMITERS = (",", ";", "\t", "|", "¬")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe", "¬": "'¬'"}
_SAMPLE_LINES = 50


@dataclass
class Table:
    """A sheet of text cells. Row numbers are as a spreadsheet shows them (header = 1)."""

    source: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)


def read_table(path: Path, *, sheet: str | None = None) -> Table:
    """Read a CSV or XLSX file. Raises InvalidInput naming the file when it is neither."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder, not a CSV or XLSX file.") from None
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, source=str(path), sheet=sheet)
    if sheet is not None:
        raise InvalidInput(f"{path}: --sheet applies to XLSX workbooks, and this is not one.")
    refuse_binary(data, source=str(path))
    text, encoding = decode_text(data)
    return read_csv_text(text, source=str(path), encoding=encoding)


def refuse_binary(data: bytes, *, source: str) -> None:
    kinds = {
        b"\xd0\xcf\x11\xe0": "an Excel 97-2003 (.xls) workbook; save it as .xlsx or CSV",
        b"%PDF": "a PDF document",
    }
    for magic, kind in kinds.items():
        if data.startswith(magic):
            raise InvalidInput(f"{source} is {kind}, not a CSV or XLSX file.")
    has_utf16_bom = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if b"\x00" in data[:4096] and not has_utf16_bom:
        raise InvalidInput(f"{source} is not a CSV or XLSX file (it holds binary data).")


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with.

    UTF-8 is tried first because valid UTF-8 is almost never anything else; cp1252 (what
    Excel on Windows writes) before latin-1, which it extends with '£'-adjacent characters
    such as '€' and curly quotes. latin-1 decodes any byte, so it is the last resort.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number (>1) of cells."""
    sample = "\n".join(text.splitlines()[:_SAMPLE_LINES])
    best: tuple[float, int, int] | None = None
    chosen = ","
    for rank, delimiter in enumerate(DELIMITERS):
        widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r]
        if not widths or widths[0] < 2:
            continue
        agreement = sum(1 for width in widths if width == widths[0]) / len(widths)
        score = (agreement, widths[0], -rank)
        if best is None or score > best:
            best, chosen = score, delimiter
    return chosen


def read_csv_text(text: str, *, source: str, encoding: str | None = None) -> Table:
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as error:
        raise InvalidInput(f"{source}, line {reader.line_num}: {error}") from None
    return _table(records, source=source, encoding=encoding, delimiter=delimiter)


def read_xlsx(data: bytes, *, source: str, sheet: str | None = None) -> Table:
    # openpyxl is imported here so that CSV imports and other commands do not pay for it.
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise InvalidInput(
            f"{source} is not a CSV or XLSX file (a zip archive that is not an Excel "
            f"workbook: {error})."
        ) from None
    try:
        worksheet = _pick_sheet(workbook, sheet, source=source)
        records = [
            [_xlsx_cell(v) for v in row] for row in worksheet.iter_rows(min_row=1, values_only=True)
        ]
        title = str(worksheet.title)
    finally:
        workbook.close()
    return _table(records, source=source, sheet=title)


def _pick_sheet(workbook: Any, sheet: str | None, *, source: str) -> Any:
    names = list(workbook.sheetnames)
    if sheet is None:
        return workbook[names[0]]
    if sheet in names:
        return workbook[sheet]
    if sheet.isdigit() and 1 <= int(sheet) <= len(names):
        return workbook[names[int(sheet) - 1]]
    raise InvalidInput(f"{source} has no sheet {sheet!r}; its sheets are: " + ", ".join(names))


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _table(
    records: list[list[str]],
    *,
    source: str,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> Table:
    """Split off the header (the first non-blank row) and drop blank rows."""
    numbered = [
        (number, stripped)
        for number, row in enumerate(records, start=1)
        if any(stripped := [cell.strip() for cell in row])
    ]
    if not numbered:
        raise InvalidInput(f"{source} is empty: it has no header row.")
    headers = numbered[0][1]
    while headers and not headers[-1]:
        headers.pop()  # trailing separators that spreadsheet exports leave behind
    headers = [h or f"column {i}" for i, h in enumerate(headers, start=1)]
    rows = numbered[1:]
    return Table(source, headers, rows, encoding=encoding, delimiter=delimiter, sheet=sheet)
