"""Turn tables (.csv, .xlsx): one row per turn with speaker, words and optional times.

Columns are found by header name (``speaker``, ``text``, ``start``, ``end`` and common
synonyms); a headerless table of two columns is read as speaker, words.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from datetime import time
from pathlib import Path
from typing import Any

from mutualscope.domain import limits
from mutualscope.domain.limits import listed
from mutualscope.domain.records import shown_value
from mutualscope.domain.speakers import parse_timestamp
from mutualscope.io.messages import one_line
from mutualscope.io.tables import open_worksheet
from mutualscope.io.transcripts.document import (
    MAX_FILE_BYTES,
    OLE_SIGNATURE,
    ImportedDocument,
    TurnWriter,
    fail,
    finish,
    read_source,
)
from mutualscope.io.transcripts.plain import decode_text

#: A turn's time, in seconds, may be at most a week into the recording.
MAX_SECONDS = 7 * 24 * 3600
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "speaker": ("speaker", "name", "who", "participant", "speaker label", "label"),
    "text": ("text", "words", "utterance", "transcript", "content", "speech", "turn", "quote"),
    "start": ("start", "start time", "begin", "from", "in", "time", "timestamp", "start_time"),
    "end": ("end", "end time", "to", "out", "stop", "end_time"),
}


def _columns(path: Path, header: Sequence[Any]) -> tuple[dict[str, int], bool]:
    """Column positions by role, and whether the first row is a header."""
    names = [str(h).strip().casefold().replace("_", " ") if h is not None else "" for h in header]
    found: dict[str, int] = {}
    for role, synonyms in COLUMN_NAMES.items():
        for index, name in enumerate(names):
            if name in synonyms or name.replace(" ", "_") in synonyms:
                found.setdefault(role, index)
                break
    if "text" in found:
        return found, True
    if len([h for h in header if h not in (None, "")]) == 2 and len(header) == 2:
        return {"speaker": 0, "text": 1}, False
    raise fail(
        path,
        "row 1: cannot find the column of words; name the columns speaker, text "
        "(and optionally start, end), or give exactly two columns: speaker and text",
    )


def _time(value: Any, row: int, column: str, problems: list[str]) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, time):
        return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    text = str(value).strip()
    try:
        if isinstance(value, int | float):
            seconds = float(value)
        else:
            seconds = float(text) if ":" not in text else parse_timestamp(text)
    except (ValueError, OverflowError):
        seconds = math.nan
    if not 0 <= seconds <= MAX_SECONDS:  # NaN too
        shown = shown_value(text)
        problems.append(f"row {row}, column {column}: expected seconds or hh:mm:ss, got {shown}")
        return None
    return seconds


def _cell(row: Sequence[Any], index: int | None) -> Any:
    if index is None or index >= len(row):
        return None
    return row[index]


def _read_rows(path: Path, rows: Iterable[Sequence[Any]], source_format: str) -> ImportedDocument:
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        raise fail(path, "the table has no rows")
    columns, has_header = _columns(path, header)
    body: Iterable[Sequence[Any]] = iterator if has_header else [header, *iterator]
    first_row = 2 if has_header else 1
    writer = TurnWriter()
    problems: list[str] = []
    turns = 0
    for number, row in enumerate(body, start=first_row):
        words = _cell(row, columns["text"])
        if words is None or not str(words).strip():
            continue
        turns += 1
        if turns > limits.TRANSCRIPT_PARAGRAPHS:
            raise fail(path, f"more than {limits.TRANSCRIPT_PARAGRAPHS:,} turns; that is the limit")
        speaker = _cell(row, columns.get("speaker"))
        start = _time(_cell(row, columns.get("start")), number, "start", problems)
        end = _time(_cell(row, columns.get("end")), number, "end", problems)
        if start is not None and end is not None and end < start:
            problems.append(f"row {number}, column end: {end:g} is before start {start:g}")
        label = str(speaker).strip().rstrip(":").strip() if speaker is not None else None
        if label and len(label) > limits.SPEAKER_CHARS:
            problems.append(
                f"row {number}, column speaker: {shown_value(label)} is {len(label):,} "
                f"characters; the limit is {limits.SPEAKER_CHARS}"
            )
            continue
        writer.add(label or None, str(words), start, end)
    if problems:
        raise fail(path, "the turn table has errors", listed(problems))
    return finish(path, writer.text, writer.segments, source_format)


def parse_csv(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> ImportedDocument:
    """A CSV (comma, semicolon or tab separated) of turns, in any common encoding."""
    text = decode_text(path, read_source(path, max_bytes))
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise fail(path, f"not a readable CSV file: {one_line(error)}") from error
    return _read_rows(path, [r for r in rows if any(c.strip() for c in r)], "csv")


def parse_xlsx(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> ImportedDocument:
    """The first worksheet of an Excel workbook, one row per turn."""
    data = read_source(path, max_bytes)
    if data.startswith(OLE_SIGNATURE):
        raise fail(
            path,
            "the workbook is password-protected or in the old .xls format; "
            "remove the password or save it as .xlsx",
        )
    with open_worksheet(path) as (_title, rows):
        return _read_rows(path, (r for r in rows if any(c is not None for c in r)), "xlsx")
