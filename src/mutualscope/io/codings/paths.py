"""Code paths as other tools write them, read into our names (a small adapter beside
:mod:`mutualscope.domain.codepaths`, which it calls for ``/`` paths).

- ``Funding\\\\Surplus`` (NVivo: two backslashes, perhaps ``Nodes\\\\`` first),
- ``Funding\\Surplus`` (MAXQDA, NVivo),
- ``Funding > Surplus`` (MAXQDA's code tables, Dedoose),
- ``Funding::Surplus`` (ATLAS.ti code names by convention),
- ``Funding/Surplus`` (mutualscope, QualCoder, Taguette)

are all read as the names ``("Funding", "Surplus")``. Only the first of these separators
a path holds splits it; a ``/`` inside a name split by another separator stays part of
the name.
"""

from __future__ import annotations

import re

from mutualscope.domain.codepaths import parse_code_path
from mutualscope.errors import InvalidInput

_NVIVO_ROOTS = re.compile(r"^(?:nodes|codes|themes)\s*\\+\s*", re.IGNORECASE)
_ARROW = re.compile(r"\s+>(?=\s)")


def read_code_path(
    path: str, *, backslash: bool = True, separator: str | None = None
) -> tuple[str, ...]:
    """A code path's names. ``backslash``: a ``\\`` separates names (MAXQDA, NVivo);
    without it a backslash is left to :func:`parse_code_path` (which reads ``\\/`` as an
    escaped ``/``) unless the path holds no ``/``. ``separator``: the file's own separator
    (``--separator``, e.g. Taguette's ``.``), read as :func:`parse_code_path` reads it,
    instead of telling the separator from the path."""
    text = path.strip()
    if not text:
        raise InvalidInput("the code is empty")
    if separator is not None:
        return parse_code_path(text, separator=separator)
    if _NVIVO_ROOTS.match(text):
        text = _NVIVO_ROOTS.sub("", text, count=1)
    if _ARROW.search(text):
        return parse_code_path(re.sub(r"\s*>\s*", " > ", text), separator=" > ")
    if "::" in text:
        return parse_code_path(text, separator="::")
    if "\\" in text and (backslash or "/" not in text):
        # NVivo doubles the backslash; a doubled one is one separator, not an empty name.
        return parse_code_path(re.sub(r"\\+", lambda _: "\\", text), separator="\\")
    return parse_code_path(text)


#: The readings of a codes cell: each a tuple of code paths, each a tuple of names.
Readings = tuple[tuple[tuple[str, ...], ...], ...]


def code_readings(
    cell: str, *, backslash: bool = True, commas: bool = False, separator: str | None = None
) -> Readings:
    """The ways to read a cell of codes, each a tuple of code paths (as names).

    Lines are always separate codes. With ``commas`` (ATLAS.ti's Codes column), a line
    holding commas is read both as one code and as several; the first reading is the
    whole line, so a code whose name has a comma is found before its pieces are tried.
    """
    lines = [line.strip() for line in cell.replace("\r", "\n").split("\n") if line.strip()]
    whole = tuple(read_code_path(line, backslash=backslash, separator=separator) for line in lines)
    if not commas or not any("," in line for line in lines):
        return (whole,)
    pieces = tuple(
        read_code_path(piece, backslash=backslash, separator=separator)
        for line in lines
        for piece in line.split(",")
        if piece.strip()
    )
    return (whole, pieces)
