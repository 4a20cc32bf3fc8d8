"""What a table of codings holds, row by row, whichever tool wrote it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from mutualscope.errors import InvalidInput

_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class CodingRow:
    """One row of a codings file: a passage of a document and the codes on it.

    ``line`` is the row number as a spreadsheet shows it (the header is row 1), or the
    line of a text export. ``codes`` holds each code cell's readings (see
    :func:`~mutualscope.io.codings.paths.code_readings`). The passage is given by
    ``start``/``end`` (code points) or by ``text``, with ``before``/``after`` context,
    ``occurrence`` or ``paragraphs`` (as the tool numbers them) to tell places apart.
    ``problem`` says what is wrong with the row as read."""

    line: int
    document: str
    codes: tuple[tuple[tuple[str, ...], ...], ...] = ()
    code_cell: str = ""
    text: str = ""
    start: int | None = None
    end: int | None = None
    before: str = ""
    after: str = ""
    occurrence: int | None = None
    paragraphs: tuple[int, int] | None = None
    coder: str | None = None
    memo: str | None = None
    problem: str | None = None


@dataclass
class CodingTable:
    """A codings file read: the tool it came from (``dialect``), which column gave each
    field, the columns nothing reads, and the rows."""

    source: str
    dialect: str
    rows: list[CodingRow]
    columns: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


def header_key(header: str) -> str:
    """A header as compared: lower case, letters and digits only, so ``Document name``,
    ``DocumentName``, ``document_name`` and ``Coverage %`` are found whatever their form."""
    return re.sub(r"[^0-9a-z]", "", header.casefold())


def pick_columns(headers: Sequence[str], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """For each field, the index of the first column whose header is one of its aliases
    (aliases in order of preference)."""
    keys = [header_key(h) for h in headers]
    chosen: dict[str, int] = {}
    for name, names in aliases.items():
        for alias in names:
            if alias in keys and keys.index(alias) not in chosen.values():
                chosen[name] = keys.index(alias)
                break
    return chosen


def require_columns(
    source: str, dialect: str, headers: Sequence[str], chosen: dict[str, int], needed: str
) -> None:
    """Refuse a file that lacks the columns ``needed`` names (``"document code text|start"``:
    ``|`` for either)."""
    missing = [
        group.replace("|", " or ")
        for group in needed.split()
        if not any(name in chosen for name in group.split("|"))
    ]
    if missing:
        raise InvalidInput(
            f"{source}: read as {dialect}, but it has no column for: {', '.join(missing)}. "
            f"Its columns are: {', '.join(headers)}. Name the columns as in the table of "
            "docs/coding.md, section 'Importing codings' (e.g. document, code, text or "
            "start and end)."
        )


def cell(values: Sequence[str], chosen: dict[str, int], name: str) -> str:
    index = chosen.get(name)
    return values[index].strip() if index is not None and index < len(values) else ""


def whole_number(value: str, what: str) -> int:
    """A count or offset as a person writes it (``1,204`` too); InvalidInput otherwise."""
    cleaned = value.replace(",", "").replace("\u00a0", "").replace(" ", "")
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if not cleaned.isdigit():
        raise InvalidInput(f"{what} {value!r} is not a whole number")
    return int(cleaned)


def paragraph_range(first: str, last: str = "") -> tuple[int, int] | None:
    """Paragraph numbers from a Begin and End pair, or from one reference such as
    ``¶ 12 – 13``, ``12-13`` or ``3:12 – 3:15`` (the first and last number that stand
    for paragraphs); None when there are none."""
    numbers = [int(n) for n in _NUMBER.findall(first)] if not last else []
    if last:
        begin = _NUMBER.findall(first)
        end = _NUMBER.findall(last)
        if begin and end:
            return int(begin[0]), int(end[0])
        return None
    if not numbers:
        return None
    if ":" in first and len(numbers) >= 2:
        numbers = numbers[::2]  # "paragraph:character" pairs
    return numbers[0], numbers[-1]


def other_columns(headers: Sequence[str], chosen: dict[str, int]) -> list[str]:
    used = set(chosen.values())
    return [h for i, h in enumerate(headers) if i not in used]
