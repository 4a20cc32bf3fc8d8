"""Caption files: cue times, <v> voices, "Name:" labels, merged cues, bad timings."""

from __future__ import annotations

from pathlib import Path

import pytest

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
