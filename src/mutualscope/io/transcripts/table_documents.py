"""From a turn table's rows to documents: one per file, or one per value of a column.

Each document's turns come from its rows in file order. Its other columns are kept: a
column with the same value on every turn becomes a document attribute, one that varies
a turn attribute; a column empty everywhere is reported as ignored. When no column of
end times is given, a turn ends where the next one starts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mutualscope.domain import limits
from mutualscope.domain.limits import listed
from mutualscope.domain.records import shown_value
from mutualscope.errors import InvalidInput
from mutualscope.io.transcripts.document import ImportedDocument, TurnWriter, fail, finish
from mutualscope.io.transcripts.table_columns import (
    ColumnPlan,
    ColumnReport,
    cell_text,
    cell_value,
    time_value,
)

#: Row numbers listed in a note before "and N more".
LISTED_ROWS = 10
#: Between a file's stem and a document's value in the document's name.
PART_SEPARATOR = " – "


@dataclass
class Row:
    """A table row: its number as a spreadsheet shows it (header = 1), its cells, and
    for a CSV file the record as written (to keep as a split document's original)."""

    number: int
    cells: Sequence[Any]
    raw: str | None = None

    def cell(self, index: int | None) -> Any:
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]

    @property
    def blank(self) -> bool:
        return all(cell_value(c) is None for c in self.cells)


@dataclass
class FailedPart:
    """A document of a split table that cannot be imported, and why."""

    part: str
    error: InvalidInput


@dataclass
class _Group:
    rows: list[Row] = field(default_factory=list)


def _unique_names(plan: ColumnPlan, width: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    for index in range(width):
        name = plan.name(index)
        if name.casefold() in seen:
            name = f"{name} (column {index + 1})"
        seen.add(name.casefold())
        names.append(name)
    return names


def split_documents(
    path: Path,
    header: Row | None,
    rows: Iterable[Row],
    plan: ColumnPlan,
    source_format: str,
) -> list[ImportedDocument | FailedPart]:
    """The table's documents in file order. Without a document column there is one, and
    its problems are raised; with one, a document's problems fail that document only."""
    groups: dict[str | None, _Group] = {}
    current: str | None = None
    turns = 0
    width = len(plan.headers)
    text_column = plan.roles["text"]
    for row in rows:
        if row.blank:
            continue
        width = max(width, len(row.cells))
        if plan.document is not None:
            value = cell_text(row.cell(plan.document))
            if value:
                current = value
            elif current is None:
                name = plan.name(plan.document)
                raise fail(
                    path,
                    f"row {row.number}, column {name}: empty, so this row belongs to no "
                    f"document; write the document's name in column {name} of the first "
                    "row of each document (a row left empty continues the document above)",
                )
        if cell_value(row.cell(text_column)) is not None:
            turns += 1
            if turns > limits.TRANSCRIPT_PARAGRAPHS:
                raise fail(
                    path, f"more than {limits.TRANSCRIPT_PARAGRAPHS:,} turns; that is the limit"
                )
        groups.setdefault(current, _Group()).rows.append(row)
    if not groups:
        raise fail(path, "the table has no rows of turns below its header")
    names = _unique_names(plan, width)
    others = [i for i in [*plan.others, *range(len(plan.headers), width)] if i != plan.document]
    filled = {
        i
        for group in groups.values()
        for row in group.rows
        for i in others
        if cell_value(row.cell(i)) is not None
    }
    ignored = [f"{names[i]} (empty)" for i in others if i not in filled]
    kept = [i for i in others if i in filled]
    results: list[ImportedDocument | FailedPart] = []
    for part, group in groups.items():
        try:
            doc = _document(path, plan, names, kept, group.rows, source_format, part)
        except InvalidInput as error:
            if part is None:
                raise
            results.append(FailedPart(part, error))
            continue
        assert doc.columns is not None
        doc.columns.ignored = list(ignored)
        if part is not None:
            doc.original, doc.original_name = _extract(path, header, group.rows, part)
        results.append(doc)
    return results


def part_name(name: str, part: str) -> str:
    """A split document's name: the file's name without its extension, then the value."""
    stem = name.rsplit(".", 1)[0] if "." in name.rsplit("/", 1)[-1] else name
    return f"{stem}{PART_SEPARATOR}{part}"


def _extract(path: Path, header: Row | None, rows: list[Row], part: str) -> tuple[bytes, str]:
    """A split document's original: the header and its rows, as written in a CSV file,
    or as CSV made from a workbook's cells."""
    lines = [header, *rows] if header is not None else rows
    if all(row.raw is not None for row in lines):
        data = "".join(row.raw or "" for row in lines)
    else:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        for row in lines:
            writer.writerow([cell_text(c) for c in row.cells])
        data = out.getvalue()
    return data.encode("utf-8"), part_name(path.name, part) + ".csv"


def _rows_listed(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:LISTED_ROWS])
    if len(numbers) > LISTED_ROWS:
        shown += f" and {len(numbers) - LISTED_ROWS:,} more"
    return ("row " if len(numbers) == 1 else "rows ") + shown


def _document(
    path: Path,
    plan: ColumnPlan,
    names: list[str],
    kept: list[int],
    rows: list[Row],
    source_format: str,
    part: str | None,
) -> ImportedDocument:
    """One document's turns, times and attributes from its rows."""
    roles = plan.roles
    writer = TurnWriter()
    problems: list[str] = []
    turn_rows: list[Row] = []
    no_words: list[int] = []
    for row in rows:
        words = row.cell(roles["text"])
        if cell_value(words) is None:
            if any(
                cell_value(c) is not None for i, c in enumerate(row.cells) if i != plan.document
            ):
                no_words.append(row.number)
            continue
        start = _time(row, roles.get("start"), names, problems)
        end = _time(row, roles.get("end"), names, problems)
        if start is not None and end is not None and end < start:
            problems.append(
                f"row {row.number}, column {names[roles['end']]}: {end:g} is before start {start:g}"
            )
        speaker = row.cell(roles.get("speaker"))
        label = cell_text(speaker).rstrip(":").strip() if speaker is not None else ""
        if len(label) > limits.SPEAKER_CHARS:
            problems.append(
                f"row {row.number}, column {names[roles['speaker']]}: {shown_value(label)} is "
                f"{len(label):,} characters; the limit is {limits.SPEAKER_CHARS}"
            )
            continue
        before = len(writer.segments)
        text = words if isinstance(words, str) else cell_text(words)
        writer.add(label or None, text, start, end)
        if len(writer.segments) > before:
            turn_rows.append(row)
    where = ""
    if part is not None and plan.document is not None:
        where = f"document {part!r} (column {names[plan.document]}): "
    if problems:
        raise fail(path, f"{where}the turn table has errors", listed(problems))
    segments = writer.segments
    if "end" not in roles:
        segments = _ends_from_next_starts(segments)
    doc = finish(path, writer.text, segments, source_format)
    report = ColumnReport({role: names[i] for role, i in roles.items()} if plan.has_header else {})
    if part is not None and plan.document is not None:
        doc.attributes[names[plan.document]] = part
        report.document.append(names[plan.document])
    turn_attributes: list[dict[str, Any]] = [{} for _ in turn_rows]
    for index in kept:
        values = [cell_value(row.cell(index)) for row in turn_rows]
        present = [v for v in values if v is not None]
        if not present:
            continue
        if len(present) == len(values) and all(v == present[0] for v in present):
            doc.attributes[names[index]] = present[0]
            report.document.append(names[index])
            continue
        for attributes, value in zip(turn_attributes, values, strict=True):
            if value is not None:
                attributes[names[index]] = value
        report.turn.append(names[index])
    if report.turn:
        doc.turn_attributes = [a or None for a in turn_attributes]
    doc.columns = report
    doc.part = part
    if no_words:
        doc.warnings.append(
            f"{_rows_listed(no_words)}: no words in column {names[roles['text']]}, so not "
            "imported (their other cells are not kept)"
        )
    return doc


def _time(row: Row, index: int | None, names: list[str], problems: list[str]) -> float | None:
    if index is None:
        return None
    return time_value(row.cell(index), row.number, names[index], problems)


def _ends_from_next_starts(segments: list[Any]) -> list[Any]:
    """Each turn ends where the next one starts, when both times are known and in order."""
    ended = list(segments)
    for position in range(len(ended) - 1):
        turn, following = ended[position], ended[position + 1]
        if turn.time_start is None or following.time_start is None:
            continue
        if following.time_start >= turn.time_start:
            ended[position] = replace(turn, time_end=following.time_start)
    return ended
