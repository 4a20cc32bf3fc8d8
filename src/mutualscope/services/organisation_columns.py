"""Deciding what each column of a registry file holds: by its header first, then, for a
header that does not say (``Code``, ``OrganisationType``), by the values under it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from mutualscope.domain.columns import (
    ColumnMatch,
    is_code_header,
    is_value_checked,
    match_header,
)
from mutualscope.domain.identifiers import read_code_column
from mutualscope.domain.missing import BadValue, is_missing
from mutualscope.domain.records import Vocabularies
from mutualscope.errors import InvalidInput
from mutualscope.io.tables import Table


@dataclass
class FileColumns:
    """The meaning of every column, and what the import report should say about it."""

    columns: list[ColumnMatch]
    notes: list[str] = field(default_factory=list)


def match_columns(table: Table, vocabularies: Vocabularies) -> FileColumns:
    """Match each header to a field; raise InvalidInput when two columns hold one field
    or none holds the names."""
    found = FileColumns([match_header(i, h) for i, h in enumerate(table.headers)])
    _read_code_columns(table, found)
    _check_weak_columns(table, found, vocabularies)
    seen: dict[str, ColumnMatch] = {}
    for column in found.columns:
        if column.field is None:
            continue
        if column.field in seen:
            raise InvalidInput(
                f"{table.source}: columns {seen[column.field].header!r} and {column.header!r} "
                f"both hold {column.field.replace('_', ' ')}; keep one or rename the other."
            )
        seen[column.field] = column
    grid = [seen[f].header for f in ("easting", "northing") if f in seen]
    if len(grid) == 1:
        other = "Northing" if "easting" in seen else "Easting"
        raise InvalidInput(
            f"{table.source}: column {grid[0]!r} gives half of a grid reference; add a column "
            f"{other!r} beside it, or remove it (latitude and longitude can be given instead)."
        )
    if "name" not in seen:
        raise InvalidInput(
            f"{table.source}: no column holds the organisations' names (expected a header "
            "such as Name, Organisation, OrganisationName or Provider name). The header row "
            "is: " + ", ".join(repr(h) for h in table.headers)
        )
    return found


def _cells(table: Table, index: int) -> Iterator[str]:
    return (cells[index] if index < len(cells) else "" for _, cells in table.rows)


def _read_code_columns(table: Table, found: FileColumns) -> None:
    """A column under a generic header holds ODS codes or Companies House numbers when
    all its values have their shape; a column whose header already names the field wins."""
    named = {c.field for c in found.columns if c.field and not is_code_header(c.header)}
    for position, column in enumerate(found.columns):
        if not is_code_header(column.header):
            continue
        reading = read_code_column(column.header, _cells(table, column.index))
        kind = reading.kind
        if kind is not None and kind in named:
            found.columns[position] = replace(column, field=None)
            found.notes.append(
                f"column {column.header!r} looks like {kind.replace('_', ' ')}s, but another "
                "column is named for them; it is kept as an attribute."
            )
        elif kind is not None:
            found.columns[position] = replace(column, field=kind)
            named.add(kind)
            if kind != column.field and reading.reason:
                found.notes.append(reading.reason)
        elif reading.reason:
            found.columns[position] = replace(column, field=None)
            found.notes.append(reading.reason)


def _check_weak_columns(table: Table, found: FileColumns, vocabularies: Vocabularies) -> None:
    """A header such as OrganisationType means legal form only when at least half of the
    different values under it are legal forms; the others are then refused row by row."""
    for position, column in enumerate(found.columns):
        if column.field != "legal_form" or not is_value_checked(column.header):
            continue
        values = {v for v in _cells(table, column.index) if not is_missing(v)}
        unread = sorted(v for v in values if _not_a_legal_form(v, vocabularies))
        if values and len(unread) * 2 > len(values):
            found.columns[position] = replace(column, field=None)
            found.notes.append(
                f"column {column.header!r} is kept as an attribute, not read as legal form: "
                f"most of its values (such as {unread[0]!r}) are not legal forms. Rename it "
                "'Legal form' to have its values checked as legal forms."
            )


def _not_a_legal_form(value: str, vocabularies: Vocabularies) -> bool:
    try:
        vocabularies.legal_form.parse(value)
    except BadValue:
        return True
    return False
