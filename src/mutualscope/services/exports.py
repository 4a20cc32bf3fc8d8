"""Quotes and matrices as files people take away: CSV, XLSX and (quotes) DOCX.

Quotes are exported as the quotes page groups them, one per passage with its codes and
coders, attributed as reports attribute them ("(CEO of case 3)"). Consent is applied as
reports apply it: words a report would not quote are left out and counted in a note; a
quote whose speaker's consent to quoting is not recorded is marked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from mutualscope.domain.wordtimes import clock
from mutualscope.errors import InvalidInput
from mutualscope.io.quote_documents import QuoteEntry, write_quotes_docx
from mutualscope.io.spreadsheets import write_csv, write_xlsx
from mutualscope.services.matrices import Matrix
from mutualscope.services.quote_browsing import PassageQuote, QuoteFilters, browse_passages

QUOTE_FORMATS = ("csv", "xlsx", "docx")
MATRIX_FORMATS = ("csv", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
QUOTE_COLUMNS = (
    "quote",
    "attribution",
    "codes",
    "coders",
    "role",
    "case",
    "organisation",
    "document",
    "start",
    "end",
    "time_start",
    "time_end",
    "consent",
)
TOTAL = "Total"


@dataclass(frozen=True)
class Export:
    """A file's bytes, its media type and a name to save it under."""

    content: bytes
    media_type: str
    filename: str
    #: Quotes in the file, and passages consent kept out of it.
    quotes: int = 0
    left_out: int = 0
    #: Documents quoted from their original words although pseudonymising is on.
    warning: str | None = None


def _check(fmt: str, formats: Sequence[str]) -> None:
    if fmt not in formats:
        raise InvalidInput(f"Unknown export format {fmt!r}: expected one of {', '.join(formats)}.")


def describe_filters(chosen: QuoteFilters) -> str:
    """The filters in words, for the head of an exported document."""
    parts = []
    if chosen.code:
        parts.append(f"code {chosen.code}" + (" with sub-codes" if chosen.subcodes else ""))
    for name, value in (("role", chosen.role), ("case", chosen.case), ("coder", chosen.coder)):
        if value:
            parts.append(f"{name} {value}")
    parts.extend(chosen.where)
    return "Quotes of " + ("; ".join(parts) if parts else "every code") + "."


def _row(passage: PassageQuote) -> list[Any]:
    quote = passage.quote
    return [
        " ".join(quote.text.split()),
        quote.attribution,
        passage.codes,
        passage.coders,
        quote.role,
        quote.case,
        quote.organisation,
        quote.document,
        quote.start,
        quote.end,
        quote.time_start,
        quote.time_end,
        passage.consent_note or "",
    ]


def _source(passage: PassageQuote) -> str:
    quote = passage.quote
    at = ""
    if quote.time_start is not None and quote.time_end is not None:
        at = f", {clock(quote.time_start)}-{clock(quote.time_end)}"
    line = (
        f"{'; '.join(passage.codes)}. {quote.document}, characters "
        f"{quote.start}-{quote.end}{at}; coded by {', '.join(passage.coders) or 'nobody'}."
    )
    if passage.consent_note:
        line += f" Note: {passage.consent_note}."
    return line


def left_out_note(count: int) -> str | None:
    if not count:
        return None
    return (
        f"{count} passage{'s' if count != 1 else ''} left out for consent "
        "(the speaker refused or withdrew consent to quoting, or it is not recorded and the "
        "project requires it), as in reports."
    )


def export_quotes(
    session: Session,
    chosen: QuoteFilters,
    fmt: str,
    *,
    style: str = "of",
    identifiable: bool = False,
) -> Export:
    """The quotes ``chosen`` selects as a CSV, XLSX or DOCX file, from the pseudonymised
    text when the project has one unless ``identifiable``. Raises InvalidInput for an
    unknown format or a malformed filter, NotFound for an unknown code, case or coder."""
    _check(fmt, QUOTE_FORMATS)
    page = browse_passages(session, chosen, style=style, limit=None, identifiable=identifiable)
    every = page.passages
    kept = [p for p in every if p.may_quote]
    note = left_out_note(len(every) - len(kept))
    notes = [note] if note else []
    if page.pseudonymised:
        notes.append("Quotes are taken from the pseudonymised text.")
    if page.warning:
        notes.append(page.warning)
    if fmt == "docx":
        entries = [QuoteEntry(p.quote.text, p.quote.attribution, _source(p)) for p in kept]
        content = write_quotes_docx(
            "Quotes", entries, lines=[describe_filters(chosen)], notes=notes
        )
    elif fmt == "xlsx":
        content = write_xlsx("Quotes", QUOTE_COLUMNS, [_row(p) for p in kept], notes=notes)
    else:
        content = write_csv(QUOTE_COLUMNS, [_row(p) for p in kept])
    return Export(
        content,
        MEDIA_TYPES[fmt],
        f"quotes.{fmt}",
        quotes=len(kept),
        left_out=len(every) - len(kept),
        warning=page.warning,
    )


def matrix_table(matrix: Matrix) -> tuple[list[str], list[list[Any]]]:
    """The matrix as a wide table with its totals: a row per code, then the totals row;
    a column per value, then the totals column."""
    columns = [matrix.row_label, *matrix.columns, TOTAL]
    rows: list[list[Any]] = [
        [row, *(matrix.value(row, col) for col in matrix.columns), matrix.row_totals.get(row, 0)]
        for row in matrix.rows
    ]
    rows.append(
        [TOTAL, *(matrix.column_totals.get(col, 0) for col in matrix.columns), matrix.total]
    )
    return columns, rows


def export_matrix(matrix: Matrix, fmt: str) -> Export:
    """The matrix, with its totals, as CSV or XLSX."""
    _check(fmt, MATRIX_FORMATS)
    columns, rows = matrix_table(matrix)
    note = f"Each cell counts {matrix.measure}; columns: {matrix.column_label}."
    if fmt == "xlsx":
        content = write_xlsx("Matrix", columns, rows, notes=[note])
    else:
        content = write_csv(columns, rows)
    return Export(content, MEDIA_TYPES[fmt], f"matrix.{fmt}")
