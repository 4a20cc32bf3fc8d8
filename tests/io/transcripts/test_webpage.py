"""HTML transcripts: visible text only; bold names become labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from mutualscope.domain import limits
from mutualscope.errors import InvalidInput
from mutualscope.io.transcripts import parse_html


def test_parse_html_visible_text_and_bold_names(fixtures: Path) -> None:
    doc = parse_html(fixtures / "interview.html")
    assert "Ignored title" not in doc.text and "var x" not in doc.text
    assert [(s.speaker, doc.text[s.start : s.end]) for s in doc.segments] == [
        (None, "Fictional test interview"),
        ("Interviewer", "What about social value?"),
        ("Commissioner", "It is hard to measure.\nVery hard."),
        ("Interviewer", "And austerity?"),
        ("Commissioner", "Short-term savings win & that’s that."),
    ]


PAGE = (
    "<html><head><title>Ignored</title></head><body>"
    "<p><b>Interviewer</b> How did the mutual start?</p>"
    "<p><b>Commissioner</b> With a vote of the staff – 94% said yes 😀.</p></body></html>"
)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16", "utf-32"])
def test_parse_html_reads_utf16_and_utf32_with_or_without_a_mark(
    tmp_path: Path, encoding: str
) -> None:
    # UTF-16 without a byte order mark was imported as text full of NUL characters.
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.encode(encoding))
    doc = parse_html(path)
    assert "\x00" not in doc.text
    assert [(s.speaker, doc.text[s.start : s.end]) for s in doc.segments] == [
        ("Interviewer", "How did the mutual start?"),
        ("Commissioner", "With a vote of the staff – 94% said yes 😀."),
    ]


def test_parse_html_refuses_binary_and_too_many_elements(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    binary = tmp_path / "binary.html"
    binary.write_bytes(b"<html>" + bytes(range(256)) * 4)
    with pytest.raises(InvalidInput, match="this is a binary file, not HTML"):
        parse_html(binary)
    monkeypatch.setattr(limits, "XML_ELEMENTS", 1000)
    many = tmp_path / "many.html"
    many.write_text("<html><body>" + "<p>Words.</p>" * 1000 + "</body></html>", "utf-8")
    with pytest.raises(InvalidInput) as caught:
        parse_html(many)
    assert str(caught.value) == f"{many} has more than 1,000 elements; that is the limit."
