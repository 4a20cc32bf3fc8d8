"""Caption files: cue times, <v> voices, "Name:" labels, merged cues, bad timings."""

from __future__ import annotations

from pathlib import Path

import pytest

from mutualscope.domain import limits
from mutualscope.errors import InvalidInput
from mutualscope.io.transcripts import parse_srt, parse_vtt


def test_parse_vtt_voice_tags_merge_cues_and_skip_notes(fixtures: Path) -> None:
    doc = parse_vtt(fixtures / "teams.vtt")
    assert [
        (s.speaker, doc.text[s.start : s.end], s.time_start, s.time_end) for s in doc.segments
    ] == [
        ("Facilitator", "Let's begin.", 0.0, 3.12),
        ("Physiotherapist", "We gave patients tablets, and it worked.", 3.5, 9.5),
        ("Facilitator", "Good.", 69.5, 72.0),
    ]
    assert doc.text.startswith("Facilitator: Let's begin.")
    assert "color" not in doc.text and "note" not in doc.text.lower()


def test_parse_vtt_name_labels_and_continuation_cues(fixtures: Path) -> None:
    doc = parse_vtt(fixtures / "zoom.vtt")
    assert [
        (s.speaker, doc.text[s.start : s.end], s.time_start, s.time_end) for s in doc.segments
    ] == [
        ("Alice Moderator", "Welcome, everyone.", 1.0, 4.0),
        (
            "Bob Nurse",
            "Thanks. I'll start with the leg ulcer clinic, which we set up ourselves.",
            4.5,
            11.25,
        ),
        ("Alice Moderator", "How was it funded?", 12.0, 15.0),
        ("Bob Nurse", "From the innovation fund & a small grant.", 15.5, 19.0),
    ]


def test_parse_vtt_bad_timing_names_the_line(fixtures: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_vtt(fixtures / "bad-timing.vtt")
    assert "bad-timing.vtt" in str(caught.value)
    assert caught.value.problems == [
        "line 4: cannot read the cue times '00:00:01.000 --> later' "
        "(expected 00:00:01.000 --> 00:00:04.000)"
    ]


def test_parse_vtt_needs_header(tmp_path: Path) -> None:
    path = tmp_path / "plain.vtt"
    path.write_text("00:00:01.000 --> 00:00:02.000\nHello\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"plain.vtt: line 1: a WebVTT file must start"):
        parse_vtt(path)


def test_parse_srt_labels_tags_and_times(fixtures: Path) -> None:
    doc = parse_srt(fixtures / "interview.srt")
    assert doc.source_format == "srt"
    assert [
        (s.speaker, doc.text[s.start : s.end], s.time_start, s.time_end) for s in doc.segments
    ] == [
        ("INTERVIEWER", "What changed after the spin-out?", 1.0, 4.0),
        ("NURSE", "We could use our initiative, without the red tape.", 4.5, 12.5),
        ("INTERVIEWER", "Thank you.", 13.0, 15.0),
    ]


def test_parse_vtt_refuses_a_voice_name_past_the_column_and_absurd_times(
    tmp_path: Path,
) -> None:
    # A 250-character voice name failed on PostgreSQL (the segment's speaker column).
    path = tmp_path / "long.vtt"
    path.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v "
        + "N" * 250
        + ">Hello.\n\n"
        + "9" * 400
        + ":00:01.000 --> 00:00:02.000\n<v Nurse>Hi.\n",
        "utf-8",
    )
    with pytest.raises(InvalidInput) as caught:
        parse_vtt(path)
    assert caught.value.problems == [
        "line 3: the voice name is 250 characters; the limit is 200",
        f"line 6: cannot read the cue times {'9' * 400 + ':00:01.000 --> 00:00:02.000'!r} "
        "(expected 00:00:01.000 --> 00:00:04.000)",
    ]


def test_parse_srt_refuses_cues_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "TRANSCRIPT_PARAGRAPHS", 10)
    path = tmp_path / "many.srt"
    path.write_text(
        "".join(
            f"{n}\r\n00:00:{n:02d},000 --> 00:00:{n:02d},500\r\nWords.\r\n\r\n" for n in range(11)
        ),
        "utf-8",
    )
    with pytest.raises(InvalidInput) as caught:
        parse_srt(path)
    assert str(caught.value) == f"{path}: more than 10 caption cues; that is the limit"
