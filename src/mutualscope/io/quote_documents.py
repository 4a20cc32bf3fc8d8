"""Quotes as a Word document: each in curly quotes with its attribution, as a report
prints it, and under it where it comes from."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class QuoteEntry:
    """One quote: its words, its attribution ("(CEO of case 3)") and its source line."""

    text: str
    attribution: str
    source: str


def write_quotes_docx(
    title: str,
    quotes: Sequence[QuoteEntry],
    *,
    lines: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> bytes:
    """A document headed ``title``, then ``lines`` (what was chosen), the quotes in the
    Quote style, and ``notes`` at the end."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.add_heading(title, level=1)
    for line in lines:
        document.add_paragraph(line)
    for quote in quotes:
        paragraph = document.add_paragraph(style="Quote")
        paragraph.add_run(f"\u201c{' '.join(quote.text.split())}\u201d ")
        paragraph.add_run(quote.attribution).bold = True
        source = document.add_paragraph(quote.source)
        for run in source.runs:
            run.font.size = Pt(8)
    for note in notes:
        document.add_paragraph(note).runs[0].italic = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
