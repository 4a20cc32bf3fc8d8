"""Word .docx: bold speaker names, typed labels, turn tables, damaged files."""

from __future__ import annotations

import time
from pathlib import Path

import docx
import pytest
from tests.fuzz.inputs import (
    corrupt_member,
    rewrite_members,
    write_docx_bomb,
    write_docx_paragraphs,
)

from mutualscope.domain import limits
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


def test_parse_docx_of_many_paragraphs_is_read_in_seconds(tmp_path: Path) -> None:
    # 300,000 paragraphs took 217 s: python-docx looked up each run's style by searching
    # every style of the document. 20,000 took 90 s; now well under a second of work.
    path = write_docx_paragraphs(tmp_path / "long.docx", 20_000)
    started = time.process_time()
    doc = parse_docx(path)
    assert time.process_time() - started < 10
    assert len(doc.segments) == 20_000 and doc.speakers == ["Interviewer", "CEO"]
    last = doc.segments[-1]
    assert doc.text[last.start : last.end] == "turn 19999 of the interview about the spin-out."


def test_parse_docx_refuses_paragraphs_past_the_limit_before_building_them(
    tmp_path: Path,
) -> None:
    path = write_docx_paragraphs(tmp_path / "many.docx", 100_001)
    started = time.process_time()
    with pytest.raises(InvalidInput) as caught:
        parse_docx(path)
    assert str(caught.value) == (
        f"{path}: the .docx file's word/document.xml has more than 100,000 paragraphs; "
        "that is the limit."
    )
    assert time.process_time() - started < 20


def test_parse_docx_refuses_a_bomb_by_its_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "XML_BYTES", 8 * 1024 * 1024)
    path = write_docx_bomb(tmp_path / "bomb.docx", 20 * 1024 * 1024)
    assert path.stat().st_size < 200_000
    with pytest.raises(
        InvalidInput,
        match=r"bomb.docx: the .docx file's XML unpacks to 21.8 MB; the limit is 8 MB.$",
    ):
        parse_docx(path)


def test_parse_docx_refuses_deep_nesting_and_damaged_parts(tmp_path: Path, fixtures: Path) -> None:
    deep = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + "<w:body>" * 300
        + "</w:body>" * 300
        + "</w:document>"
    ).encode()
    path = rewrite_members(
        fixtures / "interview.docx", tmp_path / "deep.docx", {"word/document.xml": deep}
    )
    with pytest.raises(InvalidInput, match="nested more than 256 deep; that is the limit"):
        parse_docx(path)
    flipped = corrupt_member(
        fixtures / "interview.docx", tmp_path / "flipped.docx", "word/styles.xml"
    )
    with pytest.raises(InvalidInput, match=r"flipped.docx: not a valid .docx file"):
        parse_docx(flipped)
