"""Transcript edits given what people and other tools type: CR LF and a BOM, a blank
line, empty labels, a split at the first word; and transcripts without word times."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session
from tests.factories import make_code, make_coding, make_document
from tests.recorded_world import Recorded, make_recorded_document

from mutualscope.errors import InvalidInput, NotFound
from mutualscope.services.documents import load_document
from mutualscope.services.transcript_edits import (
    correct_turn,
    merge_turns,
    set_turn_speaker,
    split_turn,
)
from mutualscope.storage.models import Segment


@pytest.fixture
def recorded(session: Session, tmp_path: Path) -> Recorded:
    return make_recorded_document(session, tmp_path)


def test_transcript_edits_input_crlf_and_bom_are_normalised(
    session: Session, recorded: Recorded
) -> None:
    turn = load_document(session, recorded.document.id).segments[2]
    correct_turn(
        session, document=recorded.document.id, turn=turn.id,
        text="\ufeffAnd the staff,\r\nall of them?\r\n",
    )  # fmt: skip
    session.expire_all()
    assert load_document(session, recorded.document.id).segments[2].text == (
        "And the staff,\nall of them?"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   \r\n ", "cannot be left without words"),
        ("And the staff?\r\n\r\nThey own it.", "cannot hold a blank line"),
        ("And the staff?", "already reads like that"),
    ],
)
def test_transcript_edits_input_bad_corrections_change_nothing(
    session: Session, recorded: Recorded, text: str, message: str
) -> None:
    before = load_document(session, recorded.document.id).text
    turn = load_document(session, recorded.document.id).segments[2]
    with pytest.raises(InvalidInput, match=message):
        correct_turn(session, document=recorded.document.id, turn=turn.id, text=text)
    session.expire_all()
    assert load_document(session, recorded.document.id).text == before


def test_transcript_edits_input_bad_splits_labels_and_turns(
    session: Session, recorded: Recorded
) -> None:
    doc = recorded.document
    turns = load_document(session, doc.id).segments
    with pytest.raises(InvalidInput, match="not the start of a word inside turn 2"):
        split_turn(session, document=doc.id, turn=turns[1].id, at=turns[1].start)
    with pytest.raises(InvalidInput, match="not the start of a word"):
        split_turn(session, document=doc.id, turn=turns[1].id, at=turns[1].start + 1)
    for label in ("", "   ", "CEO: Jane"):
        with pytest.raises(InvalidInput, match="A speaker label needs"):
            set_turn_speaker(session, document=doc.id, turn=turns[1].id, speaker=label)
    with pytest.raises(NotFound, match="No turn 99999"):
        merge_turns(session, document=doc.id, turn=99999)
    with pytest.raises(InvalidInput, match="is the last turn"):
        merge_turns(session, document=doc.id, turn=turns[-1].id)


def test_transcript_edits_input_merge_keeps_text_that_is_not_a_label(session: Session) -> None:
    text = "CEO: We did it.\n[inaudible, 10 seconds]\nCEO: Under the radar.\n"
    first, second = text.index("We"), text.index("Under")
    doc = make_document(
        session, text=text,
        turns=[("CEO", first, text.index("\n")), ("CEO", second, len(text) - 1)],
    )  # fmt: skip
    turns = load_document(session, doc.id).segments
    with pytest.raises(
        InvalidInput, match=r"not a speaker label: “\[inaudible, 10 seconds\] CEO:”"
    ):
        merge_turns(session, document=doc.id, turn=turns[0].id)


def test_transcript_edits_input_turns_with_times_but_no_words(session: Session) -> None:
    """A caption file's transcript: turns have times, words do not."""
    text = "Speaker 1: We did it under the radar and all.\n\nSpeaker 2: Right.\n"
    start = len("Speaker 1: ")
    end = text.index("\n")
    doc = make_document(
        session, text=text,
        turns=[("Speaker 1", start, end), ("Speaker 2", text.index("Right"), len(text) - 1)],
    )  # fmt: skip
    session.execute(
        update(Segment).where(Segment.position == 0).values(time_start=10.0, time_end=20.0)
    )
    session.commit()
    radar = text.index("under the radar")
    make_coding(session, doc, make_code(session, "Freedom"), radar, radar + 15)
    turn = load_document(session, doc.id).segments[0]

    split_turn(session, document=doc.id, turn=turn.id, at=text.index("under"))

    first, second = load_document(session, doc.id).segments[:2]
    # Times shared by characters: "We did it " is 10 of the turn's 34 characters.
    assert (first.time_start, first.time_end) == (10.0, round(10 + 10 * 10 / 34, 3))
    assert (second.time_start, second.time_end) == (first.time_end, 20.0)
    assert second.text == "under the radar and all."
    correct_turn(session, document=doc.id, turn=second.id, text="under the radar, and all.")
    assert load_document(session, doc.id).segments[1].text == "under the radar, and all."
