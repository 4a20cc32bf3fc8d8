"""Reading a consent spreadsheet: one row per participant, the scopes they agreed to.

Columns are recognised by header, in any case and however the words are joined
(``Participant``, ``participant_label``, ``ConsentDate``); the answers stay as written
(the service reads yes/no/unknown and their synonyms). Any dialect :func:`read_table`
reads: CSV with a BOM, CR LF, ``;`` from Excel, UTF-16, cp1252; or XLSX.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mutualscope.domain.columns import header_key
from mutualscope.errors import InvalidInput
from mutualscope.io.tables import read_table

#: Each field and the headers read as it (compared by :func:`header_key`).
HEADERS: dict[str, tuple[str, ...]] = {
    "participant": ("participant", "participant label", "label", "person", "pseudonym", "id"),
    "interview": ("interview", "consent to interview", "interviewed", "take part", "taking part"),
    "quoting": ("quoting", "quote", "quotes", "quotation", "consent to quoting", "quoted"),
    "archiving": ("archiving", "archive", "deposit", "consent to archiving", "archived"),
    "reuse": ("reuse", "re use", "sharing", "consent to reuse", "secondary use"),
    "date": ("date", "consent date", "given on", "signed", "date signed", "signed on"),
    "form": ("form", "consent form", "form reference", "form ref", "signed form", "reference"),
}
_LOOKUP = {header_key(h): name for name, headers in HEADERS.items() for h in headers}


@dataclass(frozen=True)
class ConsentRow:
    """One row: its number as a spreadsheet shows it, and the cells by field (as written)."""

    row: int
    participant: str
    cells: dict[str, str]


@dataclass
class ConsentTable:
    source: str
    rows: list[ConsentRow]
    columns: dict[str, str]  # field -> the header it was read from
    ignored: list[str] = field(default_factory=list)


def read_consent_table(path: Path) -> ConsentTable:
    """The consent rows of a CSV or XLSX file; InvalidInput when it has no participant
    column or no consent column, naming the headers it did find."""
    table = read_table(path)
    columns: dict[str, int] = {}
    ignored = []
    for index, header in enumerate(table.headers):
        name = _LOOKUP.get(header_key(header))
        if name is None or name in columns:
            ignored.append(header)
        else:
            columns[name] = index
    found = ", ".join(repr(h) for h in table.headers) or "none"
    if "participant" not in columns:
        raise InvalidInput(
            f"{path}: no participant column. Name one 'participant' (the label used in "
            f"`mutualscope people list`); the headers found are {found}."
        )
    if len(columns) == 1:
        raise InvalidInput(
            f"{path}: no consent column. Add one or more of interview, quoting, archiving, "
            f"reuse, date, form; the headers found are {found}."
        )
    rows = []
    for number, cells in table.rows:
        values = {
            name: cells[index].strip() if index < len(cells) else ""
            for name, index in columns.items()
        }
        label = values.pop("participant")
        if not label and not any(values.values()):
            continue  # a blank line
        rows.append(ConsentRow(number, label, values))
    return ConsentTable(
        source=str(path),
        rows=rows,
        columns={name: table.headers[index] for name, index in columns.items()},
        ignored=ignored,
    )
