"""Word frequencies over turns, overall and per role or case."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from tests.factories import make_case, make_document, make_participant

from mutualscope.errors import InvalidInput
from mutualscope.services.words import word_frequencies

TEXT = "Interviewer: The surplus?\nNurse: The surplus paid for the clinic, the clinic.\n"


@pytest.fixture
def counted(session: Session) -> Session:
    case = make_case(session, "Case 4")
    nurse = make_participant(session, "Nurse A", role="nurse", case_id=case.id)
    make_document(
        session,
        text=TEXT,
        turns=[("Interviewer", 13, 25), ("Nurse", 33, 77)],
        participants={"Nurse": nurse},
    )
    return session


def test_word_frequencies_leave_out_labels_and_stopwords(counted: Session) -> None:
    words = [(w.word, w.count, w.rank) for w in word_frequencies(counted, top=3)]
    assert words == [("clinic", 2, 1), ("surplus", 2, 2), ("paid", 1, 3)]


def test_word_frequencies_by_role_and_case(counted: Session) -> None:
    by_role = {(w.group, w.word): w.count for w in word_frequencies(counted, by="role")}
    assert by_role[("nurse", "clinic")] == 2
    assert by_role[("(none)", "surplus")] == 1
    by_case = {(w.group, w.word) for w in word_frequencies(counted, by="case")}
    assert ("Case 4", "paid") in by_case and ("(none)", "surplus") in by_case


def test_word_frequencies_bad_options(session: Session) -> None:
    with pytest.raises(InvalidInput):
        word_frequencies(session, by="colour")
    with pytest.raises(InvalidInput):
        word_frequencies(session, top=0)
