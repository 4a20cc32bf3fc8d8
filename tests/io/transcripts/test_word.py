"""Word .docx: bold speaker names, typed labels, turn tables, damaged files."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from mutualscope.errors import InvalidInput
from mutualscope.io.transcripts import parse_docx


def test_parse_docx_bold_names_labels_and_tables(fixtures: Path) -> None:
    doc = parse_docx(fixtures / "interview.docx")
    assert doc.source_format == "docx"
    assert [(s.speaker, doc.text[s.start : s.end]) for s in doc.segments] == [
        (None, "Fictional test interview"),
        ("Interviewer", "How did the spin-out change things?"),
        ("CEO", "We stopped asking permission and started experimenting."),
        ("Interviewer", "And the surplus?"),
        ("CEO", "Staff voted to spend it on a falls service."),
        ("Trustee", "A label typed with a colon also counts."),
        ("Nurse", "The table row is a turn."),
        ("CEO", "So is this one."),
    ]


def test_parse_docx_password_protected(fixtures: Path) -> None:
    with pytest.raises(InvalidInput, match=r"protected.docx: the file is password-protected"):
        parse_docx(fixtures / "protected.docx")


def test_parse_docx_corrupt(fixtures: Path) -> None:
    with pytest.raises(InvalidInput, match=r"corrupt.docx: not a valid .docx file"):
        parse_docx(fixtures / "corrupt.docx")


def test_parse_docx_colon_after_the_bold_name(tmp_path: Path) -> None:
    document = docx.Document()
    for name, words in [("Interviewer", ": Tell me."), ("CEO", ":We grew."), ("Inter", "val")]:
        paragraph = document.add_paragraph()
        paragraph.add_run(name).bold = True
        paragraph.add_run(words)
    document.save(str(tmp_path / "colon.docx"))
    doc = parse_docx(tmp_path / "colon.docx")
    assert [(s.speaker, doc.text[s.start : s.end]) for s in doc.segments] == [
        ("Interviewer", "Tell me."),
        ("CEO", "We grew.\nInterval"),
    ]
