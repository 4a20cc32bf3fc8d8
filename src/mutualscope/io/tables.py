"""Reading a spreadsheet (CSV or XLSX) into header and rows of text, whatever its dialect.

CSV files arrive in many dialects: comma, semicolon, tab, pipe or the '¬' that NHS data
files use; UTF-8 with or without a byte order mark, UTF-16 from Excel's "Unicode text"
(with or without its mark), or Windows cp1252 and latin-1. All are detected, so people
never have to say.

Files are read as a stream, row by row, and held to the limits of
:mod:`mutualscope.domain.limits` (bytes, rows, columns, characters in a cell or a line)
as they are read, so a file far past a limit is refused as soon as it passes it.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import chain
from pathlib import Path
from typing import IO, Any

from mutualscope.domain import limits
from mutualscope.domain.limits import describe_bytes
from mutualscope.errors import InvalidInput
from mutualscope.io.archives import open_archive, scan_package, scan_xml
from mutualscope.io.encodings import CHUNK_BYTES, declared_encoding, first_decoding
from mutualscope.io.messages import one_line

DELIMITERS = (",", ";", "\t", "|", "¬")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe", "¬": "'¬'"}
_SAMPLE_LINES = 50
_SAMPLE_CHARS = 256 * 1024
_START_BYTES = 8192
#: Excel's last row: a row number past it is a damaged sheet, however few rows it holds.
EXCEL_ROWS = 1_048_576
_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_XLSX = "XLSX workbook"


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
    """Read a CSV or XLSX file. Raises InvalidInput naming the file when it is neither,
    or when it passes a limit."""
    start = _read_start(path)
    if start.startswith(b"PK\x03\x04"):
        return read_xlsx(path, sheet=sheet)
    if sheet is not None:
        raise InvalidInput(f"{path}: --sheet applies to XLSX workbooks, and this is not one.")
    refuse_binary(start, source=str(path))
    return read_csv(path, encoding=detect_encoding(path, start))


def _read_start(path: Path) -> bytes:
    """The file's first bytes, after the checks of what it is and how large."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise IsADirectoryError
        with path.open("rb") as handle:
            start = handle.read(_START_BYTES)
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder, not a CSV or XLSX file.") from None
    except OSError as error:
        raise InvalidInput(f"{path}: cannot be read: {error.strerror}.") from None
    if size > limits.TABLE_BYTES:
        raise InvalidInput(
            f"{path}: the file is {describe_bytes(size)}; the limit is "
            f"{describe_bytes(limits.TABLE_BYTES)}. Split it into smaller files."
        )
    return start


def refuse_binary(data: bytes, *, source: str) -> None:
    """Refuse a file whose first bytes show it is not text (``data``: its start)."""
    kinds = {
        b"\xd0\xcf\x11\xe0": "an Excel 97-2003 (.xls) workbook; save it as .xlsx or CSV",
        b"%PDF": "a PDF document",
    }
    for magic, kind in kinds.items():
        if data.startswith(magic):
            raise InvalidInput(f"{source} is {kind}, not a CSV or XLSX file.")
    if b"\x00" in data[:4096] and declared_encoding(data) is None:
        raise InvalidInput(f"{source} is not a CSV or XLSX file (it holds binary data).")


def detect_encoding(path: Path, start: bytes) -> str:
    """The encoding of a text file: a byte order mark or UTF-16's NULs say it; else UTF-8
    if every byte is valid UTF-8, else cp1252 (what Excel on Windows writes), else latin-1,
    which decodes any byte. The file is decoded a chunk at a time, not held whole."""
    return declared_encoding(start) or _first_decoding(_Chunks(path))


def _first_decoding(chunks: Iterable[bytes]) -> str:
    return first_decoding(chunks, ("utf-8", "cp1252")) or "latin-1"


class _Chunks:
    """A file's bytes, a chunk at a time, each time it is iterated."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __iter__(self) -> Iterator[bytes]:
        with self.path.open("rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                yield chunk


def decode_text(data: bytes) -> tuple[str, str]:
    """The text in ``data`` and the encoding it was read with (as :func:`detect_encoding`
    chooses it). UTF-8 is tried first because valid UTF-8 is almost never anything else."""
    encoding = declared_encoding(data) or _first_decoding([data])
    return codecs.decode(data, encoding), encoding


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number (>1) of cells."""
    sample = "\n".join(text.splitlines()[:_SAMPLE_LINES])
    best: tuple[float, int, int] | None = None
    chosen = ","
    for rank, delimiter in enumerate(DELIMITERS):
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r]
        except csv.Error:  # a cell past the csv module's own limit: not this delimiter
            continue
        if not widths or widths[0] < 2:
            continue
        agreement = sum(1 for width in widths if width == widths[0]) / len(widths)
        score = (agreement, widths[0], -rank)
        if best is None or score > best:
            best, chosen = score, delimiter
    return chosen


class _Lines:
    """A text stream's lines, each refused past :data:`~limits.LINE_CHARS` before it is
    held whole; ``number`` is the line last read."""

    def __init__(self, stream: io.TextIOBase, source: str) -> None:
        self.stream = stream
        self.source = source
        self.number = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self.stream.readline(limits.LINE_CHARS + 1)
        if not line:
            raise StopIteration
        self.number += 1
        if len(line) > limits.LINE_CHARS:
            raise InvalidInput(
                f"{self.source}, line {self.number}: the line is longer than "
                f"{limits.LINE_CHARS:,} characters; that is the limit."
            )
        return line

    def sample(self) -> list[str]:
        """The first lines, enough to tell the delimiter."""
        lines: list[str] = []
        size = 0
        for line in self:
            lines.append(line)
            size += len(line)
            if len(lines) >= _SAMPLE_LINES or size >= _SAMPLE_CHARS:
                break
        return lines


def read_csv(path: Path, *, encoding: str, source: str | None = None) -> Table:
    """A CSV file in a known encoding, read as a stream of rows."""
    source = source or str(path)
    try:
        with path.open(encoding=encoding, errors="strict", newline="") as stream:
            lines = _Lines(stream, source)
            try:
                sample = lines.sample()
                delimiter = detect_delimiter("".join(sample))
                reader = csv.reader(chain(sample, lines), delimiter=delimiter)
                return _table(reader, source=source, encoding=encoding, delimiter=delimiter)
            except UnicodeDecodeError as error:
                line = _undecodable_line(path, encoding) or lines.number + 1
                raise InvalidInput(
                    f"{source}, line {line}: not valid {encoding} text "
                    f"({error.reason}); save the file as UTF-8 and try again."
                ) from None
            except csv.Error as error:
                raise InvalidInput(f"{source}, line {lines.number}: {_csv_reason(error)}") from None
    except OSError as error:
        raise InvalidInput(f"{source}: cannot be read: {error.strerror}.") from None


def _undecodable_line(path: Path, encoding: str) -> int | None:
    """The number of the first line that does not decode (the stream decodes many lines
    at a time, so its error does not say), for encodings whose newline is one byte."""
    if not codecs.lookup(encoding).name.startswith(("utf-8", "cp", "latin", "iso")):
        return None
    with path.open("rb") as handle:
        for number, line in enumerate(iter(lambda: handle.readline(limits.LINE_CHARS), b""), 1):
            try:
                line.decode(encoding)
            except UnicodeDecodeError:
                return number
            encoding = "utf-8" if encoding == "utf-8-sig" else encoding
    return None


def _csv_reason(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return (
            f"a cell is longer than {csv.field_size_limit():,} characters; a cell may hold "
            f"{limits.CELL_CHARS:,}."
        )
    return one_line(error)


def read_xlsx(path: Path, *, sheet: str | None = None, source: str | None = None) -> Table:
    """A worksheet of an XLSX workbook, streamed row by row."""
    source = source or str(path)
    with open_worksheet(path, sheet=sheet, source=source) as (title, rows):
        return _table(([_xlsx_cell(v) for v in row] for row in rows), source=source, sheet=title)


@contextmanager
def open_worksheet(
    path: Path, *, sheet: str | None = None, source: str | None = None
) -> Iterator[tuple[str, Iterator[tuple[Any, ...]]]]:
    """A worksheet's title and its rows of cell values (None for a blank cell), read as a
    stream after the workbook is checked against the limits. Any damage found on the
    way is raised as InvalidInput naming the file."""
    source = source or str(path)
    # openpyxl is imported here so that CSV imports and other commands do not pay for it.
    import openpyxl

    with open_archive(path, path=source, kind=_XLSX) as archive:
        scan_package(archive, path=source, kind=_XLSX, streamed=("xl/worksheets/",))
    # The file is opened here, not by openpyxl, so that it is closed whatever happens:
    # openpyxl leaves its archive open when a damaged workbook stops it.
    with _open_binary(path, source) as handle:
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds of error for a damaged file
            raise _damaged_workbook(source, error) from None
        try:
            try:
                worksheet = _pick_sheet(workbook, sheet, source=source)
                _check_sheet(workbook, worksheet, source=source)
                worksheet.reset_dimensions()  # a damaged size would pad every row to it
                rows = worksheet.iter_rows(values_only=True)
            except InvalidInput:
                raise
            except Exception as error:
                raise _damaged_workbook(source, error) from None
            yield str(worksheet.title), _checked_rows(rows, source)
        finally:
            workbook.close()


def _open_binary(path: Path, source: str) -> IO[bytes]:
    try:
        return path.open("rb")
    except OSError as error:
        raise InvalidInput(f"{source}: cannot be read: {error.strerror}.") from None


def _checked_rows(rows: Iterator[tuple[Any, ...]], source: str) -> Iterator[tuple[Any, ...]]:
    """``rows`` with openpyxl's errors on a damaged sheet turned into InvalidInput."""
    number = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as error:  # a damaged sheet can upset openpyxl anywhere
            raise _damaged_workbook(source, error) from None
        number += 1
        if number > EXCEL_ROWS:
            raise InvalidInput(
                f"{source}: the sheet has rows past Excel's last row ({EXCEL_ROWS:,}); "
                "it is damaged."
            )
        yield row


def _damaged_workbook(source: str, error: Exception) -> InvalidInput:
    return InvalidInput(
        f"{source}: not a valid XLSX workbook ({type(error).__name__}: {one_line(error)})."
    )


def _check_sheet(workbook: Any, worksheet: Any, *, source: str) -> None:
    """Scan the sheet's XML before openpyxl reads it, as it builds each row whole.
    (The archive and the sheet's name inside it are openpyxl's own attributes.)"""
    archive: zipfile.ZipFile = workbook._archive
    name: str = worksheet._worksheet_path
    size = archive.getinfo(name).file_size
    if size > limits.SHEET_BYTES:
        raise InvalidInput(
            f"{source}: the sheet unpacks to {describe_bytes(size)}; the limit is "
            f"{describe_bytes(limits.SHEET_BYTES)}."
        )
    row = f"{{{_SHEET_NS}}}row"
    scan_xml(
        archive,
        name,
        path=source,
        kind=_XLSX,
        counted={row: (EXCEL_ROWS, "rows")},
        children={row: (limits.TABLE_COLUMNS, "cells in a row")},
        streamed=True,
    )


def _pick_sheet(workbook: Any, sheet: str | None, *, source: str) -> Any:
    names = list(workbook.sheetnames)
    if not names:
        raise InvalidInput(f"{source}: the workbook has no sheets.")
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
    records: Iterable[Sequence[str]],
    *,
    source: str,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> Table:
    """Split off the header (the first non-blank row) and drop blank rows, refusing the
    file at the first row past a limit."""
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    cells = 0
    for number, record in enumerate(records, start=1):
        if len(record) > limits.TABLE_COLUMNS and any(
            c.strip() for c in record[limits.TABLE_COLUMNS :]
        ):
            raise InvalidInput(
                f"{source}: row {number} has {len(record):,} cells; the limit is "
                f"{limits.TABLE_COLUMNS:,} columns."
            )
        stripped = [cell.strip() for cell in record[: limits.TABLE_COLUMNS]]
        if not any(stripped):
            continue
        if any("\x00" in cell for cell in stripped):
            column = next(i for i, c in enumerate(stripped, 1) if "\x00" in c)
            raise InvalidInput(
                f"{source}: row {number}, column {column}: the cell holds a NUL character, "
                "which no text has; the file is damaged or not a spreadsheet."
            )
        longest = max(map(len, stripped))
        if longest > limits.CELL_CHARS:
            column = next(i for i, c in enumerate(stripped, 1) if len(c) == longest)
            raise InvalidInput(
                f"{source}: row {number}, column {column}: the cell holds {longest:,} "
                f"characters; the limit is {limits.CELL_CHARS:,}."
            )
        if headers is None:
            headers = stripped
            continue
        if len(rows) >= limits.TABLE_ROWS:
            raise InvalidInput(
                f"{source}: more than {limits.TABLE_ROWS:,} rows below the header; that is "
                "the limit for one file. Split it into smaller files."
            )
        cells += len(stripped) - stripped.count("")
        if cells > limits.TABLE_CELLS:
            raise InvalidInput(
                f"{source}: more than {limits.TABLE_CELLS:,} filled cells by row {number}; "
                "that is the limit for one file. Split it into smaller files."
            )
        rows.append((number, stripped))
    if headers is None:
        raise InvalidInput(f"{source} is empty: it has no header row.")
    while headers and not headers[-1]:
        headers.pop()  # trailing separators that spreadsheet exports leave behind
    headers = [h or f"column {i}" for i, h in enumerate(headers, start=1)]
    return Table(source, headers, rows, encoding=encoding, delimiter=delimiter, sheet=sheet)
