"""Reading a codings file: which tool wrote it, told by its columns, and its rows."""

from __future__ import annotations

from pathlib import Path

from mutualscope.domain.codepaths import check_separator
from mutualscope.errors import InvalidInput
from mutualscope.io.codings.atlasti import ATLAS_TI
from mutualscope.io.codings.dialects import Dialect, read_rows
from mutualscope.io.codings.generic import GENERIC
from mutualscope.io.codings.maxqda import MAXQDA
from mutualscope.io.codings.nvivo import NVIVO, read_reference_export
from mutualscope.io.codings.rows import CodingTable, header_key
from mutualscope.io.tables import read_table

#: Tried in this order; the generic table recognises anything, so it comes last.
DIALECTS: tuple[Dialect, ...] = (MAXQDA, ATLAS_TI, NVIVO, GENERIC)
DIALECT_KEYS = tuple(d.key for d in DIALECTS)
_TEXT_SUFFIXES = (".txt", ".text")


def read_codings_file(
    path: Path,
    *,
    sheet: str | None = None,
    dialect: str | None = None,
    code: str | None = None,
    separator: str | None = None,
) -> CodingTable:
    """Read a CSV or XLSX of codings (or an NVivo reference export as text). ``dialect``
    overrides recognition; ``code`` names the node of an NVivo text export;
    ``separator`` is how the file's code paths separate names (default: told per cell)."""
    if separator is not None:
        check_separator(separator)
    if path.suffix.lower() in _TEXT_SUFFIXES:
        return read_reference_export(path, code=code)
    table = read_table(path, sheet=sheet)
    if table.rows and not table.headers:
        raise InvalidInput(f"{path}: no header row.")
    chosen = _dialect(dialect, {header_key(h) for h in table.headers})
    result = read_rows(table, chosen, separator=separator)
    if code is not None:
        raise InvalidInput(
            "--code applies to an NVivo reference export (.txt); this file names its codes "
            f"in its {result.columns.get('code', 'code')!r} column."
        )
    return result


def _dialect(key: str | None, headers: set[str]) -> Dialect:
    if key is None:
        return next(d for d in DIALECTS if d.recognises(headers))
    for dialect in DIALECTS:
        if dialect.key == key:
            return dialect
    raise InvalidInput(f"Unknown format {key!r}; expected one of: {', '.join(DIALECT_KEYS)}.")
