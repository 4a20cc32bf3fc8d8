"""Codebooks as spreadsheets: CSV (any dialect :mod:`mutualscope.io.tables` reads) or
XLSX, one row per code, in and out.

A row gives a code by its path (``path``, or Taguette's ``tag``), or by its ``name`` and
its ``parent`` (the parent's path, or the name of another row). Paths use ``/`` unless
the caller names another separator; a separator inside a name is escaped with a
backslash (``Staff\\/member voice``). Every problem is reported with its row and how to
mend it; nothing is read from a file with one.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from mutualscope.domain import limits
from mutualscope.domain.codepaths import (
    SEPARATOR,
    join_code_path,
    name_key,
    normalise_colour,
    parse_code_path,
    split_code_path,
    validate_code_name,
)
from mutualscope.domain.limits import listed
from mutualscope.errors import InvalidInput
from mutualscope.io.codebook_columns import CodebookColumns, recognise_columns
from mutualscope.io.codespecs import (
    CodebookReading,
    CodeSpec,
    check_depth,
    make_spec,
    path_key,
    too_many,
    with_parents,
)
from mutualscope.io.messages import one_line
from mutualscope.io.tables import Table, detect_delimiter, read_table

#: The columns ``codes export --format csv`` writes: Taguette reads ``path`` and
#: ``description`` (and ignores ``colour``); mutualscope reads all three.
CSV_COLUMNS = ("path", "description", "colour")
#: Separators a file may use for hierarchy besides "/", looked for to suggest one.
OTHER_SEPARATORS = (".", " > ", "::", "\\")


@dataclass
class _Row:
    number: int
    parts: tuple[str, ...]  # the path, or (name,) when the parent is given apart
    parent: str
    definition: str | None
    colour: str | None


def read_codebook_table(path: Path, *, separator: str = SEPARATOR) -> CodebookReading:
    """A codebook in a CSV or XLSX file."""
    return codebook_from_table(read_table(path), separator=separator)


def parse_codebook_csv(
    text: str, *, source: str = "<csv>", separator: str = SEPARATOR
) -> CodebookReading:
    """A codebook in CSV text (delimiter found as for files; blank rows skipped)."""
    rows: list[tuple[int, list[str]]] = []
    headers: list[str] | None = None
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=detect_delimiter(text))
    try:
        for number, record in enumerate(reader, start=1):
            cells = [cell.strip() for cell in record]
            if not any(cells):
                continue
            if headers is None:
                headers = cells
            else:
                rows.append((number, cells))
    except csv.Error as error:
        raise InvalidInput(
            f"{source}: line {reader.line_num}: not readable as CSV: {one_line(error)}."
        ) from None
    if headers is None:
        raise InvalidInput(f"{source} is empty: it has no header row.")
    return codebook_from_table(Table(source, headers, rows), separator=separator)


def codebook_from_table(table: Table, *, separator: str = SEPARATOR) -> CodebookReading:
    columns = recognise_columns(table.headers, source=table.source)
    rows: list[_Row] = []
    problems: list[str] = []
    for number, cells in table.rows:
        if len(rows) + len(problems) >= limits.CODEBOOK_CODES:
            raise too_many(table.source)
        try:
            rows.append(_read_row(number, cells, columns, separator))
        except InvalidInput as error:
            problems.append(f"row {number}: {_clause(one_line(error))}")
    notes: list[str] = []
    if not problems and columns.uses_parent:
        rows = _place_under_parents(rows, separator, problems)
    specs = _fold_repeats(rows, problems, notes) if not problems else []
    if problems:
        raise InvalidInput(
            f"{table.source}: {len(problems)} problem(s); nothing was imported.",
            listed([f"{table.source}: {problem}" for problem in problems]),
        )
    hint = _separator_hint(table, columns, specs, separator)
    return CodebookReading(
        with_parents(specs),
        columns=columns.described(),
        ignored=columns.ignored,
        notes=notes + ([hint] if hint else []),
    )


def _clause(message: str) -> str:
    """A sentence made to follow 'row 4: '."""
    return message[:1].lower() + message[1:] if message[:2] in ("Th", "A ", "In") else message


def _read_row(number: int, cells: list[str], columns: CodebookColumns, separator: str) -> _Row:
    def cell(role: str) -> str:
        index = columns.get(role)
        return cells[index] if index is not None and index < len(cells) else ""

    code_header = columns.headers[columns.code_column]
    written = cells[columns.code_column] if columns.code_column < len(cells) else ""
    if not written:
        raise InvalidInput(
            f"the '{code_header}' column is empty; write the code there, or delete the row."
        )
    if columns.uses_parent:
        parts: tuple[str, ...] = (validate_code_name(written),)
    else:
        parts = check_depth(parse_code_path(written, separator=separator))
        for part in parts:
            validate_code_name(part)
    colour = cell("colour")
    try:
        normalise_colour(colour)
    except InvalidInput:
        raise InvalidInput(
            f"the colour '{colour}' is not a hex colour; write it as '#1f77b4' (or '#17b'), "
            "or leave the cell empty."
        ) from None
    spec = make_spec(parts, cell("definition") or None, colour or None)
    return _Row(number, spec.parts, cell("parent"), spec.definition, spec.colour)


def _place_under_parents(rows: list[_Row], separator: str, problems: list[str]) -> list[_Row]:
    """Rows given as name and parent, each with its whole path. A parent is a path, or
    the name of one other row (which may itself sit under a parent)."""
    by_name: dict[str, list[_Row]] = {}
    for row in rows:
        by_name.setdefault(name_key(row.parts[0]), []).append(row)
    placed: dict[int, tuple[str, ...]] = {}

    def place(row: _Row, under_way: tuple[int, ...]) -> tuple[str, ...]:
        if row.number in placed:
            return placed[row.number]
        if len(under_way) > limits.CODEBOOK_DEPTH:
            raise InvalidInput(
                f"the code sits more than {limits.CODEBOOK_DEPTH} levels deep (parent of "
                "parent of ...); that is the limit."
            )
        if row.number in under_way:
            loop = sorted(under_way[under_way.index(row.number) :])
            raise InvalidInput(
                f"the parents of rows {_numbers(loop)} go round in a circle, so none of "
                "them has a place in the tree; give one of them another parent, or none "
                "(a top-level code)."
            )
        parent: tuple[str, ...] = ()
        if row.parent:
            parent = parse_code_path(row.parent, separator=separator)
            others = [r for r in by_name.get(name_key(parent[0]), []) if r is not row]
            if len(parent) == 1 and others:
                paths = [place(other, (*under_way, row.number)) for other in others]
                if len({path_key(path) for path in paths}) > 1:
                    example = join_code_path(paths[0], separator=separator)
                    raise InvalidInput(
                        f"the parent '{row.parent}' is the name of rows "
                        f"{_numbers([r.number for r in others])}, which sit in different "
                        f"places; write the parent's whole path, e.g. '{example}'."
                    )
                parent = paths[0]
        placed[row.number] = check_depth((*parent, *row.parts))
        return placed[row.number]

    result: list[_Row] = []
    for row in rows:
        try:
            parts = place(row, ())
        except InvalidInput as error:
            problems.append(f"row {row.number}: {_clause(one_line(error))}")
            continue
        result.append(_Row(row.number, parts, "", row.definition, row.colour))
    return result


def _numbers(numbers: list[int]) -> str:
    shown = [str(n) for n in numbers]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _fold_repeats(rows: list[_Row], problems: list[str], notes: list[str]) -> list[CodeSpec]:
    """One spec per code. Rows giving the same code (names compared as the codebook
    compares them) are read once when they agree; otherwise each is a problem."""
    groups: dict[tuple[str, ...], list[_Row]] = {}
    for row in rows:
        groups.setdefault(path_key(row.parts), []).append(row)
    specs: list[CodeSpec] = []
    for group in groups.values():
        first = group[0]
        path = join_code_path(first.parts)
        if len(group) == 1:
            specs.append(CodeSpec(first.parts, first.definition, first.colour))
            continue
        numbers = _numbers([row.number for row in group])
        definitions = {row.definition for row in group if row.definition}
        colours = {row.colour for row in group if row.colour}
        if len(definitions) > 1 or len(colours) > 1:
            differ = " and ".join(
                word
                for word, values in (("definitions", definitions), ("colours", colours))
                if len(values) > 1
            )
            problems.append(
                f"rows {numbers} all give the code '{path}' (names are compared without "
                f"regard to capitals), with different {differ}; keep one of the rows, or "
                "make them say the same."
            )
            continue
        notes.append(f"Rows {numbers} all give the code '{path}'; it was read once.")
        specs.append(
            CodeSpec(first.parts, next(iter(definitions), None), next(iter(colours), None))
        )
    return specs


def _separator_hint(
    table: Table, columns: CodebookColumns, specs: list[CodeSpec], separator: str
) -> str | None:
    """A note when more names hold another separator than codes sit under a parent: the
    file may use it for levels (Taguette's tags often do, with '.'). None when the user
    gave a separator of their own: they have said how the file separates levels."""
    if columns.uses_parent or separator != SEPARATOR:
        return None
    below = sum(1 for spec in specs if len(spec.parts) > 1)
    names = {part for spec in specs for part in spec.parts}
    for other in OTHER_SEPARATORS:
        if other == separator:
            continue
        holding = sum(1 for name in names if len(split_code_path(name, separator=other)) > 1)
        if holding >= 2 and holding > below:
            return (
                f"{holding} code names hold '{other}': if '{other}' separates levels in this "
                f"file, import it with --separator '{other}' instead."
            )
    return None


def write_codebook_csv(specs: list[CodeSpec], *, separator: str = SEPARATOR) -> str:
    """CSV with a header of :data:`CSV_COLUMNS`, one row per code, paths escaped."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for spec in specs:
        path = join_code_path(spec.parts, separator=separator)
        writer.writerow([path, spec.definition or "", spec.colour or ""])
    return out.getvalue()
