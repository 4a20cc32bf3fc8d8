"""PDF transcripts: the text layer; scanned, encrypted and damaged files refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from mutualscope.domain import limits
from mutualscope.errors import InvalidInput
from mutualscope.io.transcripts import parse_pdf


def test_parse_pdf_text_layer_turns(fixtures: Path) -> None:
    doc = parse_pdf(fixtures / "interview.pdf")
    assert doc.source_format == "pdf"
    assert [(s.speaker, doc.text[s.start : s.end]) for s in doc.segments][1:3] == [
        ("Interviewer", "How did the spin-out change things?"),
        ("CEO", "We stopped asking permission and started experimenting."),
    ]


def test_parse_pdf_without_text_layer(fixtures: Path) -> None:
    with pytest.raises(InvalidInput, match=r"scanned.pdf: the PDF has no text layer"):
        parse_pdf(fixtures / "scanned.pdf")


def test_parse_pdf_password_protected(fixtures: Path) -> None:
    with pytest.raises(InvalidInput, match=r"encrypted.pdf: the PDF is password-protected"):
        parse_pdf(fixtures / "encrypted.pdf")


def test_parse_pdf_corrupt(fixtures: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes((fixtures / "interview.pdf").read_bytes()[:120])
    with pytest.raises(InvalidInput, match=r"cut.pdf: "):
        parse_pdf(path)


def test_parse_pdf_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_text("Interviewer: hello", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"fake.pdf: not a PDF file"):
        parse_pdf(path)


def test_parse_pdf_refuses_pages_and_text_past_the_limits(
    fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "TRANSCRIPT_PAGES", 0)
    with pytest.raises(InvalidInput) as caught:
        parse_pdf(fixtures / "interview.pdf")
    assert str(caught.value).endswith("interview.pdf: the PDF has 1 pages; the limit is 0")
    monkeypatch.setattr(limits, "TRANSCRIPT_PAGES", 5000)
    monkeypatch.setattr(limits, "TRANSCRIPT_CHARS", 100)
    with pytest.raises(InvalidInput, match="the text is longer than 100 characters"):
        parse_pdf(fixtures / "interview.pdf")


def test_parse_pdf_damage_anywhere_is_one_clear_message(fixtures: Path, tmp_path: Path) -> None:
    data = (fixtures / "interview.pdf").read_bytes()
    for cut in range(40, len(data), 97):
        path = tmp_path / f"cut-{cut}.pdf"
        path.write_bytes(data[:cut])
        try:
            parse_pdf(path)
        except InvalidInput as error:
            assert str(error).startswith(f"{path}: ") and "\n" not in str(error)
