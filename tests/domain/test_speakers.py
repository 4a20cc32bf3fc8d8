"""Speaker turns: every marking the transcripts in the wild use."""

from __future__ import annotations

from pathlib import Path

import pytest

from mutualscope.domain.speakers import (
    detect_turns,
    is_speaker_word,
    label_key,
    parse_timestamp,
    split_label,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "transcripts"


def spoken(text: str) -> list[tuple[str | None, str]]:
    return [(t.speaker, text[t.start : t.end]) for t in detect_turns(text)]


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        ("Interviewer: Hello.", "Interviewer"),
        ("INTERVIEWER: Hello.", "INTERVIEWER"),
        ("Interviewer 1: Hello.", "Interviewer 1"),
        ("Interviewer1 : Hello.", "Interviewer1"),
        ("Int: Hello.", "Int"),
        ("Q: Hello.", "Q"),
        ("A: Hello.", "A"),
        ("R1: Hello.", "R1"),
        ("[00:01:02] Speaker 2: Hello.", "Speaker 2"),
        ("00:01:02 Speaker 2: Hello.", "Speaker 2"),
        ("Speaker 2 (00:01:02): Hello.", "Speaker 2"),
        ("CEO (case 3): Hello.", "CEO (case 3)"),
        ("**Interviewer:** Hello.", "Interviewer"),
        ("- Nurse: Hello.", "Nurse"),
    ],
)
def test_detect_turns_recognises_label(line: str, speaker: str) -> None:
    assert spoken(line) == [(speaker, "Hello.")]


def test_detect_turns_messy_fixture() -> None:
    text = (FIXTURES / "messy-labels.txt").read_text(encoding="utf-8")
    turns = detect_turns(text)
    found = [(t.speaker, text[t.start : t.end], t.time_start) for t in turns]
    assert found[0][0] is None and found[0][1].endswith("Date: 3 March 2013")
    assert [s for s, _, _ in found[1:]] == [
        "Interviewer", "Interviewer", "Interviewer 1", "Interviewer 1", "Int", "Q", "A", "R1",
        "Speaker 2", "Speaker 2", "CEO (case 3)", "Mary",
    ]  # fmt: skip
    assert found[9][2] == 62.0
    assert found[10] == (
        "Speaker 2",
        "Label and time on their own line,\nwords below over two lines.",
        65.0,
    )
    assert found[11][1] == (
        "Role and case.\nThe answer is simple: this line stays inside the CEO's turn."
    )


def test_detect_turns_offsets_index_the_text() -> None:
    text = "Title\n\nQ: Why?\n\nA: Because.\n"
    turns = detect_turns(text)
    assert [(t.start, t.end) for t in turns] == [(0, 5), (10, 14), (19, 27)]


def test_detect_turns_without_speakers_is_one_unattributed_turn() -> None:
    text = "Note: a field visit.\nNothing else.\n"
    assert spoken(text) == [(None, "Note: a field visit.\nNothing else.")]


def test_detect_turns_repeated_unknown_label_is_a_speaker() -> None:
    text = "Hollins: One.\nBarrow: Two.\nHollins: Three.\nBarrow: Four."
    assert [s for s, _ in spoken(text)] == ["Hollins", "Barrow", "Hollins", "Barrow"]


def test_detect_turns_sentence_with_colon_is_not_a_speaker() -> None:
    text = "Interviewer: Go on.\nRespondent: Well.\nThe point is this: we grew.\n"
    assert spoken(text)[-1] == ("Respondent", "Well.\nThe point is this: we grew.")


def test_detect_turns_known_labels_count_once() -> None:
    assert spoken("Barrow: Only once.") == [(None, "Barrow: Only once.")]
    turns = detect_turns("Barrow: Only once.", known_labels={"Barrow"})
    assert [t.speaker for t in turns] == ["Barrow"]


def test_detect_turns_ignores_urls_and_times_in_text() -> None:
    text = "Interviewer: see https://example.org at 10:30.\nR1: ok"
    assert [s for s, _ in spoken(text)] == ["Interviewer", "R1"]


def test_label_key_merges_case_and_spacing() -> None:
    assert label_key("Interviewer1") == label_key("INTERVIEWER 1") == "interviewer 1"


def test_is_speaker_word_knows_roles_and_codes() -> None:
    assert is_speaker_word("Nurse (case 4)")
    assert is_speaker_word("P12")
    assert not is_speaker_word("Date")


def test_parse_timestamp_forms() -> None:
    assert parse_timestamp("1:02:03") == 3723
    assert parse_timestamp("02:03.5") == 123.5
    assert parse_timestamp("00:00:01,250") == 1.25


def test_split_label_needs_a_speaker_word_or_known_label() -> None:
    assert split_label("Interviewer: Hi there") == ("Interviewer", "Hi there")
    assert split_label("Alice Moderator: Hi") is None
    assert split_label("Alice Moderator: Hi", {"alice moderator"}) == ("Alice Moderator", "Hi")
