"""Plain text and Markdown: encodings, binary files, empty files, speakers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mutualscope.domain import limits
from mutualscope.errors import InvalidInput
from mutualscope.io.transcripts import NO_SPEAKERS, parse_md, parse_transcript, parse_txt
from mutualscope.io.transcripts.document import read_source


def turns(path: Path) -> list[tuple[str | None, str]]:
    doc = parse_transcript(path)
    return [(s.speaker, doc.text[s.start : s.end]) for s in doc.segments]


def test_parse_txt_windows_1252_with_crlf(fixtures: Path) -> None:
    doc = parse_txt(fixtures / "windows-1252.txt")
    assert "\r" not in doc.text
    assert turns(fixtures / "windows-1252.txt") == [
        ("Interviewer", "Café culture – “quoted” and £500,000."),
        ("Respondent", "It’s fine."),
    ]


def test_parse_txt_utf16_with_bom(fixtures: Path) -> None:
    doc = parse_txt(fixtures / "utf16-bom.txt")
    assert not doc.text.startswith("\ufeff")
    assert doc.speakers == ["Interviewer", "Respondent"]
    assert "ça va" in doc.text


def test_parse_txt_otter_style_labels_with_times(fixtures: Path) -> None:
    doc = parse_txt(fixtures / "otter.txt")
    assert [(s.speaker, s.time_start) for s in doc.segments] == [
        ("Speaker 1", 3.0),
        ("Speaker 2", 9.0),
        ("Speaker 1", 3735.0),
    ]
    assert doc.text[doc.segments[1].start : doc.segments[1].end] == (
        "We set it up in the second year, from the surplus.\nIt pays for two pilots a year."
    )


def test_parse_txt_without_speakers_is_one_segment_with_a_warning(fixtures: Path) -> None:
    doc = parse_txt(fixtures / "no-speakers.txt")
    assert len(doc.segments) == 1 and doc.segments[0].speaker is None
    assert doc.warnings == [NO_SPEAKERS]


def test_parse_md_bold_labels(fixtures: Path) -> None:
    doc = parse_md(fixtures / "interview.md")
    assert doc.source_format == "md"
    assert turns(fixtures / "interview.md")[1:] == [
        ("Interviewer", "Who sits on the board?"),
        ("Service user", "People with lived experience. We are experts by experience."),
        ("Interviewer", "Since when?"),
        ("Service user", "Since the spin-out."),
    ]


def test_parse_txt_binary_file_is_refused(fixtures: Path) -> None:
    with pytest.raises(InvalidInput, match=r"binary.txt: this is a binary file"):
        parse_txt(fixtures / "binary.txt")


def test_parse_txt_docx_renamed_to_txt_says_what_it_is(fixtures: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "interview.txt"
    renamed.write_bytes((fixtures / "interview.docx").read_bytes())
    with pytest.raises(InvalidInput, match=r"interview.txt: this is a ZIP archive"):
        parse_txt(renamed)


def test_parse_txt_empty_file_is_refused(fixtures: Path) -> None:
    with pytest.raises(InvalidInput, match=r"empty.txt: the file is empty"):
        parse_txt(fixtures / "empty.txt")


def test_parse_txt_whitespace_only_file_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("  \n\n\t\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"blank.txt: contains no text"):
        parse_txt(path)


def test_read_source_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse: no 300 MB written to disk
    with pytest.raises(InvalidInput, match=re.escape("huge.txt: the file is 300 MB")):
        read_source(path)


def test_parse_transcript_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "notes.rtf"
    path.write_text("{\\rtf1 hello}", encoding="ascii")
    with pytest.raises(InvalidInput, match=r"unsupported file type '.rtf'"):
        parse_transcript(path)


def test_parse_transcript_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"gone.txt: no such file"):
        parse_transcript(tmp_path / "gone.txt")


def test_parse_txt_label_time_and_words_on_one_line(fixtures: Path) -> None:
    doc = parse_txt(fixtures / "otter-one-line.txt")
    turns = [(s.speaker, doc.text[s.start : s.end], s.time_start) for s in doc.segments]
    assert turns == [
        (
            None,
            "Fictional test transcript: label, time and words on one line.\n"
            "Recorded in 2019 12:30 at the depot.",
            None,
        ),
        ("Jane Smith", "So tell me about the innovation fund.", 3.0),
        (
            "Speaker 2",
            "We set it up in the second year, from the surplus.\nIt pays for two pilots a year.",
            9.0,
        ),
        ("Jane Smith", "When did the board agree?", 3735.0),
        (
            "Speaker 2",
            "At 10:30 on a Monday, in 2019 12:30 was too late.\n"
            "Monday 09:00 we had the first pilot running.",
            3760.0,
        ),
        ("Jane Smith", "Thank you.", 3785.0),
    ]
    assert doc.warnings == []


def test_parse_txt_refuses_text_past_the_limit_for_one_transcript(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "TRANSCRIPT_CHARS", 1000)
    path = tmp_path / "long.txt"
    path.write_text("Interviewer: Hello.\r\n" * 100, encoding="utf-16")
    with pytest.raises(InvalidInput) as caught:
        parse_txt(path)
    assert str(caught.value) == (
        f"{path}: the text is 2,100 characters; the limit is 1,000 for one transcript: "
        "split it first"
    )


def test_parse_txt_pdftotext_layout_numbered_turns(fixtures: Path) -> None:
    # `pdftotext -layout` of a transcript that numbers each turn in the margin.
    doc = parse_txt(fixtures / "pdftotext-layout.txt")
    assert [(s.speaker, doc.text[s.start : s.end]) for s in doc.segments] == [
        (None, "Case 3 - CEO interview (transcript)"),
        ("Interviewer", "Thank you for seeing me. When did the service spin out?"),
        ("R1", "In April 2011, under the Right to Request. We took\n"
               "250 staff across, and 12 of them were nurses."),
        ("Interviewer", "What made it work?"),
        ("R1", "Three things:\n1. money, a grant of £50,000;\n2. staff who wanted it;\n3. time."),
        ("Interviewer", "And now?"),
        ("R1", "We employ 300."),
    ]  # fmt: skip
    assert doc.warnings == ["6 paragraph numbers left out of the text"]


def test_parse_txt_without_margin_numbers_is_kept_as_written(tmp_path: Path) -> None:
    path = tmp_path / "years.txt"
    text = "Interviewer:\tAnd the years?\nR1: 2011  the spin-out,\n2012 the contract.\n"
    path.write_text(text, encoding="utf-8")
    assert parse_txt(path).text == text
