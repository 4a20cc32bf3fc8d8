"""Turn tables (.csv, .tsv, .xlsx): one row per turn with speaker, words and optional times.

Columns are found by header name (``speaker``, ``text``, ``start``, ``end`` and common
synonyms, in any capitals, ``Time_Mark`` or ``TimeMark``); a headerless table of two
columns is read as speaker, words. CSV is read as RFC 4180 says: ``""`` inside a quoted
field is one ``"``, and a quoted field may hold line breaks. Other columns are kept as
document or turn attributes (:mod:`table_documents`); ``--document-column`` splits one
table into a document per value of a column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from mutualscope.io.messages import one_line
from mutualscope.io.tables import detect_delimiter, open_worksheet
from mutualscope.io.transcripts.document import (
    MAX_FILE_BYTES,
    OLE_SIGNATURE,
    ImportedDocument,
    fail,
    read_source,
)
from mutualscope.io.transcripts.plain import decode_text
from mutualscope.io.transcripts.table_columns import TableOptions, plan_columns
from mutualscope.io.transcripts.table_documents import FailedPart, Row, split_documents

NO_OPTIONS = TableOptions()
_SEPARATOR_HINT = re.compile(r"sep=(?P<separator>[,;\t|])[ \t]*(?:\r\n|\n|\r)", re.IGNORECASE)


def _documents(
    path: Path, rows: Iterable[Row], source_format: str, options: TableOptions
) -> list[ImportedDocument | FailedPart]:
    iterator = iter(rows)
    header = next((row for row in iterator if not row.blank), None)
    if header is None:
        raise fail(path, "the table has no rows")
    plan = plan_columns(path, header.cells, options)
    body: Iterable[Row] = iterator if plan.has_header else [header, *iterator]
    return split_documents(path, header if plan.has_header else None, body, plan, source_format)


def _one(documents: list[ImportedDocument | FailedPart]) -> ImportedDocument:
    (doc,) = documents
    assert isinstance(doc, ImportedDocument)
    return doc


def _records(path: Path, text: str, delimiter: str, skipped: int = 0) -> Iterator[Row]:
    """The file's records, each with the text it was read from, numbered after the
    ``skipped`` lines before ``text``."""
    taken: list[str] = []

    def lines() -> Iterator[str]:
        for line in io.StringIO(text, newline=""):
            taken.append(line)
            yield line

    reader = csv.reader(lines(), delimiter=delimiter, quotechar='"', doublequote=True)
    number = skipped
    try:
        for cells in reader:
            number += 1
            yield Row(number, cells, "".join(taken))
            taken.clear()
    except csv.Error as error:
        raise fail(path, f"row {number + 1}: not a readable CSV row: {one_line(error)}") from error


def _delimiter(path: Path, text: str) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    found = detect_delimiter(text[:262144])
    return found if found in (",", ";", "\t") else ","


def read_csv_documents(
    path: Path, *, max_bytes: int = MAX_FILE_BYTES, options: TableOptions = NO_OPTIONS
) -> list[ImportedDocument | FailedPart]:
    """A CSV (comma, semicolon or tab separated) of turns, in any common encoding, as
    one document or (``options.document_column``) one per value of that column."""
    text = decode_text(path, read_source(path, max_bytes)).lstrip("\ufeff")
    # Excel, in countries whose lists are separated by semicolons, may write the
    # separator on a first line of its own ("sep=;") and reads the file by it.
    hint = _SEPARATOR_HINT.match(text)
    if hint is not None:
        rows = _records(path, text[hint.end() :], hint["separator"], skipped=1)
    else:
        rows = _records(path, text, _delimiter(path, text))
    return _documents(path, rows, "csv", options)


def read_xlsx_documents(
    path: Path, *, max_bytes: int = MAX_FILE_BYTES, options: TableOptions = NO_OPTIONS
) -> list[ImportedDocument | FailedPart]:
    """The first worksheet of an Excel workbook, one row per turn, as one document or
    one per value of ``options.document_column``."""
    data = read_source(path, max_bytes)
    if data.startswith(OLE_SIGNATURE):
        raise fail(
            path,
            "the workbook is password-protected or in the old .xls format; "
            "remove the password or save it as .xlsx",
        )
    with open_worksheet(path) as (_title, rows):
        numbered: Iterable[Sequence[Any]] = rows
        return _documents(
            path, (Row(n, r) for n, r in enumerate(numbered, start=1)), "xlsx", options
        )


def parse_csv(
    path: Path, *, max_bytes: int = MAX_FILE_BYTES, options: TableOptions = NO_OPTIONS
) -> ImportedDocument:
    """A CSV (comma, semicolon or tab separated) of turns, in any common encoding."""
    return _one(read_csv_documents(path, max_bytes=max_bytes, options=_whole(options)))


def parse_xlsx(
    path: Path, *, max_bytes: int = MAX_FILE_BYTES, options: TableOptions = NO_OPTIONS
) -> ImportedDocument:
    """The first worksheet of an Excel workbook, one row per turn."""
    return _one(read_xlsx_documents(path, max_bytes=max_bytes, options=_whole(options)))


def _whole(options: TableOptions) -> TableOptions:
    return TableOptions(time_column=options.time_column)
