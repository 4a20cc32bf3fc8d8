"""Writing a table (header and rows of plain values) as CSV or XLSX bytes.

CSV is UTF-8 with a byte order mark, so that Excel opens curly quotes and accents as
written. In XLSX every text stays text: a quote that begins with "=" is words, never a
formula a spreadsheet would run.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

#: Widest a column is made in XLSX (characters); longer text wraps.
_WIDEST = 80


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return "" if value is None else value


def write_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """The table as CSV (comma, CRLF line ends as RFC 4180 has them, UTF-8 with BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_plain(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(
    sheet: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    notes: Sequence[str] = (),
) -> bytes:
    """The table as a workbook of one sheet named ``sheet``: a bold, frozen header row,
    columns as wide as their text (up to a limit, then wrapped), and ``notes`` as lines
    under the table."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet[:31]
    worksheet.append(list(columns))
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(c)) for c in columns]
    for row in rows:
        values = [_plain(value) for value in row]
        worksheet.append(values)
        for position, value in enumerate(values):
            widths[position] = max(widths[position], len(str(value)))
        for cell in worksheet[worksheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    if notes:
        worksheet.append([])
        for note in notes:
            worksheet.append([note])
            worksheet.cell(worksheet.max_row, 1).data_type = "s"
    for position, width in enumerate(widths, start=1):
        letter = worksheet.cell(1, position).column_letter
        worksheet.column_dimensions[letter].width = min(_WIDEST, width + 2)
    worksheet.freeze_panes = "B2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
