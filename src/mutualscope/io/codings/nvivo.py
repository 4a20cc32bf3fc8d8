"""NVivo's coding exports: a table of coded text per node (Excel or CSV), and a node's
references exported as text.

The table: a node column (Node, Nodes, Code or Hierarchical Name, as
``Nodes\\\\Funding\\\\Surplus``), a file column (File, Files, Source, Name, as
``Files\\\\Interview 3``), the coded text (Coded Text, Text, Content), Coded By (or Coded
By Initials, User), and columns nothing reads (Reference Number, Coverage, Aggregate,
Classification, Modified On).

The text export of a node's references::

    <Files\\\\Interview 3> - § 2 references coded  [1.23% Coverage]

    Reference 1 - 0.58% Coverage

    We used the surplus to pay for the pilot.

It names no node unless a line before the first file says ``Name: Funding\\Surplus`` (or
``Node:``, ``Code:``, or starts ``Nodes\\\\``); otherwise the node is given on the command
line (``--code``).
"""

from __future__ import annotations

import re
from pathlib import Path

from mutualscope.domain import limits
from mutualscope.errors import InvalidInput
from mutualscope.io.codings.dialects import Dialect, nvivo_document
from mutualscope.io.codings.paths import code_readings
from mutualscope.io.codings.rows import CodingRow, CodingTable
from mutualscope.io.encodings import read_text

_TABLE_KEYS = {
    "hierarchicalname",
    "codingreferences",
    "numberofcodingreferences",
    "referencenumber",
    "aggregate",
    "codedbyinitials",
    "node",
    "nodes",
    "nodename",
}

NVIVO = Dialect(
    key="nvivo",
    title="an NVivo coding export",
    aliases={
        "document": ("file", "files", "source", "sourcename", "filename", "item", "name",
                     "document"),
        "code": ("hierarchicalname", "node", "nodes", "nodename", "code", "codes", "codename"),
        "text": ("codedtext", "text", "content", "codingcontent", "reference"),
        "coder": ("codedby", "user", "codedbyinitials", "createdby", "modifiedby"),
        "memo": ("annotation", "memo", "comment"),
    },
    needed="document code text",
    recognises=lambda keys: bool(_TABLE_KEYS & keys),
    backslash=True,
    document=nvivo_document,
)  # fmt: skip

_FILE = re.compile(
    r"^<?(?P<file>.+?)>?\s*[-\u2013]\s*§\s*\d[\d,]*\s+references?\s+coded", re.IGNORECASE
)
_REFERENCE = re.compile(
    r"^reference\s+\d+\s*[-\u2013:]\s*[\d.,]+\s*%\s*coverage\s*$", re.IGNORECASE
)
_NODE = re.compile(r"^(?:name|node|code)\s*:\s*(?P<node>.+)$", re.IGNORECASE)


def is_reference_export(text: str) -> bool:
    """True for the text of an NVivo node's references export."""
    head = text[:20_000].splitlines()
    return any(_REFERENCE.match(line.strip()) for line in head) and any(
        _FILE.match(line.strip()) for line in head
    )


def read_reference_export(path: Path, *, code: str | None = None) -> CodingTable:
    """A node's references exported as text: one row per reference."""
    source = str(path)
    try:
        text = read_text(path, limit=limits.TABLE_BYTES, what="a codings file")
    except FileNotFoundError:
        raise InvalidInput(f"{source}: no such file.") from None
    except OSError as error:
        raise InvalidInput(f"{source}: cannot be read: {error.strerror}.") from None
    return parse_reference_export(text, source=source, code=code)


def parse_reference_export(text: str, *, source: str, code: str | None = None) -> CodingTable:
    node = code
    document: str | None = None
    rows: list[CodingRow] = []
    current: tuple[int, list[str]] | None = None

    def finish() -> None:
        if current is None or document is None:
            return
        passage = "\n".join(current[1]).strip()
        rows.append(_reference_row(current[0], document, node, passage))

    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip().lstrip("\ufeff")
        if document is None and node is None and (found := _NODE.match(stripped)):
            node = found.group("node").strip()
        elif (
            document is None
            and node is None
            and stripped.lower().startswith(("nodes\\", "codes\\"))
        ):
            node = stripped
        elif found := _FILE.match(stripped):
            finish()
            current = None
            document = nvivo_document(found.group("file"))
        elif _REFERENCE.match(stripped):
            finish()
            current = (number, [])
        elif current is not None:
            current[1].append(line)
    finish()
    if not rows:
        raise InvalidInput(
            f"{source}: no references found. An NVivo reference export has a line "
            "'<Files\\\\NAME> - § N references coded' and then 'Reference 1 - 0.58% "
            "Coverage' before each passage."
        )
    if node is None:
        raise InvalidInput(
            f"{source}: the export does not name its node; give the code with --code "
            "(e.g. --code 'Funding sources/Surplus')."
        )
    columns = {"document": "<Files\\\\...> lines", "text": "Reference N lines", "code": node}
    return CodingTable(source, "nvivo-text", rows, columns, [])


def _reference_row(line: int, document: str, node: str | None, passage: str) -> CodingRow:
    cell = node or ""
    try:
        if not passage:
            raise InvalidInput("the reference has no text")
        codes = code_readings(cell, backslash=True) if cell else ()
    except InvalidInput as error:
        return CodingRow(line, document, code_cell=cell, problem=str(error))
    return CodingRow(line, document, codes=codes, code_cell=cell, text=passage)
