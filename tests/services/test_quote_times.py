"""Quotes keep their time in the recording: from the words' times, else the turns'."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session
from tests.factories import make_case, make_code, make_coding, make_document, make_participant
from tests.recorded_world import Recorded, make_recorded_document

from mutualscope.domain.wordtimes import clock, timed_attribution
from mutualscope.services.documents import assign_speaker, load_document
from mutualscope.services.quotes import find_quotes, quotes_markdown
from mutualscope.services.transcript_edits import correct_turn
from mutualscope.storage.models import Segment


@pytest.fixture
def recorded(session: Session, tmp_path: Path) -> Recorded:
    case = make_case(session, "Case 3")
    made = make_recorded_document(session, tmp_path, case_id=case.id)
    make_participant(session, "Case 3 manager", role="manager", case_id=case.id)
    assign_speaker(
        session, document=made.document.id, label="Speaker 2", participant="Case 3 manager"
    )
    return made


def test_quote_times_attribution_and_json_fields(session: Session, recorded: Recorded) -> None:
    [quote] = find_quotes(session, "Funding", style="of", times=True)
    # Words 15 to 22 of the second turn, which starts at 2.9 s, a word every 0.4 s.
    assert quote.text == "The funding came from a social investment fund."
    assert quote.recording == "interview.wav"
    assert quote.time_start == pytest.approx(8.5) and quote.time_end == pytest.approx(11.6)
    assert quote.attribution == "(Manager of case 3, 0:08)"
    assert quote.as_dict()["time_start"] == quote.time_start
    [plain] = find_quotes(session, "Funding", style="of")
    assert plain.attribution == "(Manager of case 3)" and plain.time_start == quote.time_start
    assert "characters 105-152, 0:08-0:11 in interview.wav" in quotes_markdown([plain])


def test_quote_times_follow_an_edit(session: Session, recorded: Recorded) -> None:
    before = find_quotes(session, "Ownership")[0]
    turn = load_document(session, recorded.document.id).segments[0]
    correct_turn(session, document=recorded.document.id, turn=turn.id, text="So how did it start?")
    after = find_quotes(session, "Ownership")[0]
    assert (after.time_start, after.time_end) == (before.time_start, before.time_end)
    assert after.start == before.start + 3 and after.text == before.text


def test_quote_times_from_turns_when_words_have_no_times(session: Session) -> None:
    text = "Interviewer: How did it start?\nCEO: We did it under the radar.\n"
    start = text.index("We did")
    doc = make_document(
        session, text=text, turns=[("Interviewer", 13, 30), ("CEO", start, len(text) - 1)]
    )
    session.execute(
        update(Segment).where(Segment.speaker == "CEO").values(time_start=761.4, time_end=790.0)
    )
    session.commit()
    code = make_code(session, "Freedom")
    make_coding(session, doc, code, text.index("under"), text.index("radar") + 5)
    [quote] = find_quotes(session, "Freedom", times=True)
    assert quote.attribution == "(unattributed, 12:41)"
    assert quote.recording is None and quote.time_end == 790.0


def test_quote_times_untimed_document_has_none(session: Session) -> None:
    doc = make_document(session)
    make_coding(session, doc, make_code(session, "Radar"), 0, 11)
    [quote] = find_quotes(session, "Radar", times=True)
    assert quote.time_start is None and quote.attribution == "(unattributed)"


def test_quote_times_clock_and_attribution() -> None:
    assert clock(761.4) == "12:41" and clock(3723) == "1:02:03" and clock(5) == "0:05"
    assert timed_attribution("(CEO of case 3)", 761.4) == "(CEO of case 3, 12:41)"
