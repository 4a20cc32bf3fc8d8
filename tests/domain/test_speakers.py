"""Speaker turns: every marking the transcripts in the wild use."""

from __future__ import annotations

from pathlib import Path

import pytest

from mutualscope.domain.speakers import (
    detect_turns,
    is_speaker_word,
    label_key,
    parse_timestamp,
    split_bold_label,
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


def timed(text: str, known: tuple[str, ...] = ()) -> list[tuple[str | None, str, float | None]]:
    return [(t.speaker, text[t.start : t.end], t.time_start) for t in detect_turns(text, known)]


@pytest.mark.parametrize(
    ("line", "speaker", "seconds"),
    [
        ("Speaker 2 00:01:02 Hello.", "Speaker 2", 62.0),
        ("Speaker 2  1:02:03  Hello.", "Speaker 2", 3723.0),
        ("Speaker 2 01:02 Hello.", "Speaker 2", 62.0),
        ("Speaker 2 0:07 Hello.", "Speaker 2", 7.0),
        ("Speaker 2 [00:01:02] Hello.", "Speaker 2", 62.0),
        ("Speaker 2 (01:02) Hello.", "Speaker 2", 62.0),
        ("  Speaker 2\t00:00:05.5\tHello.", "Speaker 2", 5.5),
        ("Participant 12 00:00:07,250 Hello.", "Participant 12", 7.25),
        ("INTERVIEWER 00:10 Hello.", "INTERVIEWER", 10.0),
        ("CEO (case 3) 00:01:02 Hello.", "CEO (case 3)", 62.0),
        ("R1 00:01:02 Hello.", "R1", 62.0),
    ],
)
def test_detect_turns_label_time_and_words_on_one_line(
    line: str, speaker: str, seconds: float
) -> None:
    assert timed(line) == [(speaker, "Hello.", seconds)]


def test_detect_turns_one_line_turns_run_to_the_next_label() -> None:
    text = (
        "Speaker 1 00:00:03 So tell me.\n"
        "Speaker 2 00:00:09 We set it up.\nIt pays for two pilots.\n\n"
        "Speaker 1 00:01:00\nOn its own line.\n"
        "Speaker 2 00:01:04 Words: with a colon 12:30."
    )
    assert timed(text) == [
        ("Speaker 1", "So tell me.", 3.0),
        ("Speaker 2", "We set it up.\nIt pays for two pilots.", 9.0),
        ("Speaker 1", "On its own line.", 60.0),
        ("Speaker 2", "Words: with a colon 12:30.", 64.0),
    ]
    first = detect_turns(text)[0]
    assert (first.start, first.end) == (19, 30)


def test_detect_turns_one_line_names_need_repeating_and_a_second_speaker() -> None:
    dialogue = (
        "Jane Smith 0:03 So tell me.\nBob Jones 0:09 We did.\n"
        "Jane Smith 0:15 Thanks.\nBob Jones 0:20 Yes."
    )
    assert [s for s, _, _ in timed(dialogue)] == [
        "Jane Smith", "Bob Jones", "Jane Smith", "Bob Jones"
    ]  # fmt: skip
    alone = "Jane Smith 0:03 So tell me.\nJane Smith 0:15 Thanks."
    assert timed(alone) == [(None, alone, None)]
    assert [s for s, _, _ in timed(alone, ("Jane Smith",))] == ["Jane Smith", "Jane Smith"]
    # A name used once is no speaker in this form, even inside a dialogue.
    text = "Interviewer: Go on.\nMary 0:03 said yes."
    assert timed(text) == [("Interviewer", "Go on.\nMary 0:03 said yes.", None)]


@pytest.mark.parametrize(
    "text",
    [
        "In 2019 12:30 we met",
        "We met at 10:30 today and left.",
        "At 10:30 we met.\nAt 11:30 we left.\nAt 12:30 we ate.",
        "A 10:30 start suited everyone.\nA 11:00 start would not have.",
        "Monday 10:30 staff meeting\nMonday 14:00 board\nTuesday 09:00 site visit",
        "Break 10:30 coffee\nLunch 12:30 hall\nBreak 15:00 tea",
        "Room 101 10:30 the first session\nRoom 101 11:30 the second",
        "Speaker 2 [01:02) Hello.",
        "Speaker 2 00:01:02pm Hello.",
    ],
)
def test_detect_turns_prose_with_a_time_is_not_a_speaker(text: str) -> None:
    assert timed(text) == [(None, text, None)]


def test_detect_turns_prose_with_a_time_stays_inside_a_turn() -> None:
    text = (
        "Interviewer: When?\nR1: Late.\nIn 2019 12:30 we met.\n"
        "Monday 09:00 the board.\nMonday 10:00 the staff."
    )
    assert timed(text)[-1] == (
        "R1",
        "Late.\nIn 2019 12:30 we met.\nMonday 09:00 the board.\nMonday 10:00 the staff.",
        None,
    )


@pytest.mark.parametrize(
    ("bold", "rest", "expected"),
    [
        ("Interviewer", " Tell me.", ("Interviewer", "Tell me.")),
        ("Interviewer ", "Tell me.", ("Interviewer", "Tell me.")),
        ("Interviewer:", " Tell me.", ("Interviewer", "Tell me.")),
        ("Interviewer", ": Tell me.", ("Interviewer", "Tell me.")),
        ("Interviewer:", "", ("Interviewer", "")),
        ("Introduction", "", None),
        ("Inter", "viewer said so.", None),
        ("", "Tell me.", None),
        ("   ", "Tell me.", None),
        ("x" * 61, " Tell me.", None),
    ],
)
def test_split_bold_label(bold: str, rest: str, expected: tuple[str, str] | None) -> None:
    assert split_bold_label(bold, rest) == expected
