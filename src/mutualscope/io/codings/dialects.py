"""A tool's way of writing a codings table (its dialect), and reading rows by it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from mutualscope.errors import InvalidInput
from mutualscope.io.codings.paths import Readings, code_readings
from mutualscope.io.codings.rows import (
    CodingRow,
    CodingTable,
    cell,
    other_columns,
    paragraph_range,
    pick_columns,
    require_columns,
    whole_number,
)
from mutualscope.io.tables import Table


@dataclass(frozen=True)
class Dialect:
    """How one tool names its columns and writes its cells.

    ``aliases``: for each field, the headers (as :func:`header_key` makes them) that give
    it, in order of preference. Fields: document, code, text, start and end (code
    points), before, after, occurrence, paragraph_begin, paragraph_end, reference (one
    cell of paragraph numbers), coder, memo. ``needed``: the fields a file must have.
    ``backslash``: ``\\`` separates names in code paths; ``commas``: a codes cell may
    list several codes separated by commas. ``recognises``: whether a set of header keys
    is this tool's."""

    key: str
    title: str
    aliases: dict[str, tuple[str, ...]]
    needed: str
    recognises: Callable[[set[str]], bool]
    backslash: bool = False
    commas: bool = False
    document: Callable[[str], str] = str.strip


def read_rows(table: Table, dialect: Dialect, *, separator: str | None = None) -> CodingTable:
    """The rows of ``table`` read by ``dialect``; a missing column is refused at once,
    a bad cell is kept as the row's problem. ``separator``: how the file's code paths
    separate names, when not as the dialect's do."""
    chosen = pick_columns(table.headers, dialect.aliases)
    require_columns(table.source, dialect.title, table.headers, chosen, dialect.needed)
    readings: dict[str, Readings] = {}  # a file names few codes on many rows
    rows = [
        _row(number, values, chosen, dialect, readings, separator) for number, values in table.rows
    ]
    columns = {name: table.headers[index] for name, index in chosen.items()}
    return CodingTable(
        table.source, dialect.key, rows, columns, other_columns(table.headers, chosen)
    )


def _row(
    number: int,
    values: list[str],
    chosen: dict[str, int],
    dialect: Dialect,
    readings: dict[str, Readings],
    separator: str | None,
) -> CodingRow:
    def get(name: str) -> str:
        return cell(values, chosen, name)

    document = dialect.document(get("document"))
    code_cell = get("code")
    try:
        if not document:
            raise InvalidInput("the document cell is empty")
        if not code_cell:
            raise InvalidInput("the code cell is empty")
        if code_cell not in readings:
            readings[code_cell] = code_readings(
                code_cell, backslash=dialect.backslash, commas=dialect.commas, separator=separator
            )
        codes = readings[code_cell]
        start = whole_number(get("start"), "start") if get("start") else None
        end = whole_number(get("end"), "end") if get("end") else None
        occurrence = whole_number(get("occurrence"), "occurrence") if get("occurrence") else None
        if get("reference"):
            paragraphs = paragraph_range(get("reference"))
        elif get("paragraph_begin"):
            paragraphs = paragraph_range(
                get("paragraph_begin"), get("paragraph_end") or get("paragraph_begin")
            )
        else:
            paragraphs = None
        if not get("text") and (start is None or end is None):
            raise InvalidInput("the row has neither the coded text nor start and end offsets")
    except InvalidInput as error:
        return CodingRow(number, document, code_cell=code_cell, problem=str(error))
    return CodingRow(
        number,
        document,
        codes=codes,
        code_cell=code_cell,
        text=get("text"),
        start=start,
        end=end,
        before=get("before"),
        after=get("after"),
        occurrence=occurrence,
        paragraphs=paragraphs,
        coder=get("coder") or None,
        memo=get("memo") or None,
    )


_SOURCE_FOLDERS = re.compile(
    r"^(?:sources\s*\\+\s*)?(?:files|internals|externals|documents)\s*\\+\s*", re.IGNORECASE
)


def nvivo_document(value: str) -> str:
    """``Files\\\\Case 3\\\\Interview 3`` -> ``Interview 3``: NVivo names a file by its
    folders; the document is the last name."""
    text = value.strip().strip("<>").strip()
    if _SOURCE_FOLDERS.match(text):
        text = _SOURCE_FOLDERS.sub("", text, count=1)
        text = re.split(r"\\+", text)[-1].strip()
    return text
