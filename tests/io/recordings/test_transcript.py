"""Words and speaker turns into a document: speakers numbered as they first speak, turns
and words as spans of the stored text."""

from __future__ import annotations

from mutualscope.io.recordings.speakers import SpeakerTurn, turns
from mutualscope.io.recordings.speech import Transcript, Word
from mutualscope.io.recordings.transcript import assemble, speaker_of


def _words(*items: tuple[str, float, float]) -> Transcript:
    return Transcript(words=[Word(t, s, e, 0.9) for t, s, e in items], language="en")


def test_transcript_words_follow_the_speaker_turns() -> None:
    transcript = _words(
        ("So,", 0.0, 0.3), ("tell", 0.3, 0.5), ("me.", 0.5, 0.9),
        ("We", 1.2, 1.4), ("spun", 1.4, 1.7), ("out", 1.7, 1.9), ("😀", 1.9, 2.0),
        ("Why?", 2.4, 2.8),
    )  # fmt: skip
    speakers = [SpeakerTurn(0.0, 1.0, 1), SpeakerTurn(1.0, 2.2, 0), SpeakerTurn(2.2, 3.0, 1)]

    document, words = assemble(transcript, speakers, source_format="m4a")

    assert document.text == (
        "Speaker 1: So, tell me.\n\nSpeaker 2: We spun out 😀\n\nSpeaker 1: Why?\n"
    )
    assert [(s.speaker, document.text[s.start : s.end]) for s in document.segments] == [
        ("Speaker 1", "So, tell me."),
        ("Speaker 2", "We spun out 😀"),
        ("Speaker 1", "Why?"),
    ]
    assert [(s.time_start, s.time_end) for s in document.segments] == [
        (0.0, 0.9), (1.2, 2.0), (2.4, 2.8),
    ]  # fmt: skip
    # Every word's span holds that word (an astral character counts as one code point).
    assert [document.text[w.start : w.end] for w in words] == [w.text for w in transcript.words]
    assert words[6].end - words[6].start == 1
    assert (words[3].time_start, words[3].time_end, words[3].probability) == (1.2, 1.4, 0.9)
    assert document.source_format == "m4a"


def test_transcript_without_speaker_turns_is_one_speaker() -> None:
    document, words = assemble(_words(("Hello", 0.0, 0.4)), [], source_format="wav")
    assert document.text == "Speaker 1: Hello\n"
    assert len(words) == 1 and document.speakers == ["Speaker 1"]


def test_transcript_words_are_normalised_like_any_imported_text() -> None:
    # A decomposed é (e + combining acute) is stored composed (NFC), a tab as a space.
    document, words = assemble(
        _words(("cafe\u0301", 0.0, 0.4), ("\t", 0.4, 0.5), ("ok", 0.5, 0.6)),
        [],
        source_format="wav",
    )
    assert document.text == "Speaker 1: café ok\n"
    assert [document.text[w.start : w.end] for w in words] == ["café", "ok"]


def test_transcript_word_between_turns_goes_to_the_nearest() -> None:
    speakers = [SpeakerTurn(0.0, 1.0, 0), SpeakerTurn(3.0, 4.0, 1)]
    assert speaker_of(Word("a", 1.1, 1.3, 1.0), speakers) == 0
    assert speaker_of(Word("b", 2.7, 2.9, 1.0), speakers) == 1
    assert speaker_of(Word("c", 0.8, 3.2, 1.0), speakers) in (0, 1)


def test_transcript_overlapping_speaker_windows_meet_half_way() -> None:
    found = turns([(0.0, 1.5), (0.6, 2.1), (1.2, 2.7), (1.8, 3.3)], [0, 0, 1, 1])  # type: ignore[arg-type]
    assert found == [SpeakerTurn(0.0, 1.65, 0), SpeakerTurn(1.65, 3.3, 1)]
