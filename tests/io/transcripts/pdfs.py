"""PDFs made at test time, laid out as transcription services print transcripts: a line
number (or paragraph number) in the left margin, the words at the text column, words set
apart by tabs. Written by hand (no PDF library is needed): Helvetica, one text object
per page, each piece of text placed with its own text matrix, as word processors do."""

from __future__ import annotations

import io

#: A piece of a line: its x position in points and its text.
Piece = tuple[float, str]
MARGIN_X = 36.0
TEXT_X = 72.0
TOP_Y = 780.0
LEADING = 14.0


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _content(lines: list[list[Piece]]) -> bytes:
    ops = ["BT", "/F1 11 Tf"]
    y = TOP_Y
    for pieces in lines:
        for x, text in pieces:
            ops.append(f"1 0 0 1 {x:g} {y:g} Tm ({_escaped(text)}) Tj")
        y -= LEADING
    ops.append("ET")
    return "\n".join(ops).encode("cp1252")


def make_pdf(pages: list[list[list[Piece]]]) -> bytes:
    """A PDF of the given pages, each a list of lines, each a list of pieces."""
    count = len(pages)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{4 + 2 * n} 0 R".encode() for n in range(count))
        + f"] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for number, lines in enumerate(pages):
        stream = _content(lines)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * number} 0 R >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def numbered_lines(
    lines: list[str], *, first: int = 1, every: int = 1, per_page: int = 25
) -> list[list[list[Piece]]]:
    """Pages of lines with a line number in the margin of every ``every``-th line
    (numbering runs on across pages), the words at the text column."""
    pages: list[list[list[Piece]]] = []
    for index, line in enumerate(lines):
        if index % per_page == 0:
            pages.append([])
        number = first + index
        pieces: list[Piece] = [(TEXT_X, line)] if line else []
        if number % every == 0:
            pieces.insert(0, (MARGIN_X, str(number)))
        pages[-1].append(pieces)
    return pages
