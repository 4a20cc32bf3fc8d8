"""HTML transcripts: visible text only; bold names become labels."""

from __future__ import annotations

from pathlib import Path

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
