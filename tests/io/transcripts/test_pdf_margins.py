"""PDF transcripts as transcription services print them: words set apart by tabs, line
numbers or paragraph numbers in the margin. The PDFs are made here (tests/io/transcripts/
pdfs.py) and the stored words checked exactly."""

from __future__ import annotations

from pathlib import Path

from tests.io.transcripts.pdfs import MARGIN_X, TEXT_X, Piece, make_pdf, numbered_lines

from mutualscope.io.transcripts import ImportedDocument, parse_pdf

LINES = [
    "Case 3: CEO interview",
    "",
    "Interviewer:\tWhen did the service\tspin out?",
    "R1:\tIn April 2011.  We took",
    "250 staff across,\tand 12 of them",
    "were nurses.",
    "",
    "Interviewer:\tAnd now?",
    "R1:\tWe employ 300.",
]


def turns(doc: ImportedDocument) -> list[tuple[str | None, str]]:
    return [(s.speaker, doc.text[s.start : s.end]) for s in doc.segments]


def write(tmp_path: Path, pages: list[list[list[Piece]]]) -> Path:
    path = tmp_path / "numbered.pdf"
    path.write_bytes(make_pdf(pages))
    return path


def test_parse_pdf_line_numbers_on_every_line_across_pages(tmp_path: Path) -> None:
    lines = LINES * 4  # 36 lines: numbered 1 to 36, 25 to a page
    doc = parse_pdf(write(tmp_path, numbered_lines(lines, per_page=25)))
    expected = [" ".join(line.split()) for line in lines]
    assert [line for line in doc.text.split("\n") if line] == [line for line in expected if line]
    assert expected[3:5] == ["R1: In April 2011. We took", "250 staff across, and 12 of them"]
    # The numbered blank lines stay blank: paragraph breaks are kept.
    assert "were nurses.\n\nInterviewer: And now?" in doc.text
    assert turns(doc)[1:5] == [
        ("Interviewer", "When did the service spin out?"),
        ("R1", "In April 2011. We took\n250 staff across, and 12 of them\nwere nurses."),
        ("Interviewer", "And now?"),
        ("R1", "We employ 300."),
    ]
    assert "\t" not in doc.text and "  " not in doc.text
    assert doc.warnings == ["36 line numbers in the margin left out of the text"]


def test_parse_pdf_line_numbers_on_every_fifth_line(tmp_path: Path) -> None:
    doc = parse_pdf(write(tmp_path, numbered_lines(LINES * 3, every=5)))
    assert doc.warnings == ["5 line numbers in the margin left out of the text"]
    assert turns(doc)[1:3] == [
        ("Interviewer", "When did the service spin out?"),
        ("R1", "In April 2011. We took\n250 staff across, and 12 of them\nwere nurses."),
    ]
    assert not any(
        line[:1].isdigit() and not line.startswith("250") for line in doc.text.split("\n")
    )


def test_parse_pdf_numbered_paragraphs_keep_a_list_that_was_said(tmp_path: Path) -> None:
    said = [
        (12, "Interviewer:", ["When did the service spin out?"]),
        (13, "R1:", ["In April 2011. We took", "250 staff across."]),
        (14, "Interviewer:", ["What made it work?"]),
        (15, "R1:", ["Three things:", "1. money, a grant of £50,000;", "2. staff;", "3. time."]),
    ]
    page: list[list[Piece]] = []
    for number, label, lines in said:
        page.append([(MARGIN_X, f"{number}."), (TEXT_X, label), (TEXT_X + 70, lines[0])])
        page += [[(TEXT_X + 70, line)] for line in lines[1:]]
    doc = parse_pdf(write(tmp_path, [page]))
    assert turns(doc) == [
        ("Interviewer", "When did the service spin out?"),
        ("R1", "In April 2011. We took\n250 staff across."),
        ("Interviewer", "What made it work?"),
        ("R1", "Three things:\n1. money, a grant of £50,000;\n2. staff;\n3. time."),
    ]
    assert doc.warnings == ["4 paragraph numbers left out of the text"]


def test_parse_pdf_without_margin_numbers_keeps_every_number(tmp_path: Path) -> None:
    page = [[(TEXT_X, line)] if line else [] for line in LINES]
    doc = parse_pdf(write(tmp_path, [page]))
    assert "250 staff across, and 12 of them\nwere nurses." in doc.text
    assert doc.warnings == []
