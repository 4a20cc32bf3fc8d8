"""assist search: by meaning, with search's filters and hit shape (the real packaged
model on a small handmade set, and the fake one for filters)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from tests.assist_world import FakeModel, make_transcript
from tests.factories import make_case, make_organisation, make_participant

from mutualscope.errors import InvalidInput
from mutualscope.io.embeddings import load_model
from mutualscope.services.assist.indexing import index_passages
from mutualscope.services.assist.semantic_search import semantic_search
from mutualscope.services.search import search_segments
from mutualscope.storage.documents import Document

TARGET = "Since the spin-out we were allowed to try new things without fear of blame."
TURNS = [
    ("Interviewer", "What changed after the spin-out?"),
    ("Nurse", TARGET),
    ("CEO", "Our turnover is about £12 million and we employ 400 people."),
    ("Manager", "Staff take the bus to the clinic because the car park is full."),
    ("Commissioner", "We felt the tender documents were too long and free text was ignored."),
    ("Trustee", "The council cut the budget by a third, so the board had to find savings."),
]


def test_assist_search_finds_a_paraphrase_full_text_search_misses(session: Session) -> None:
    make_transcript(session, TURNS, name="risk.txt")
    question = "staff felt free to take risks"
    # Full-text search finds it neither by all the words nor by any of them.
    assert search_segments(session, question) == []
    any_word = "staff OR felt OR free OR take OR risks"
    assert all(TARGET not in h.left + h.match + h.right for h in search_segments(session, any_word))
    model = load_model()
    index_passages(session, model)

    hits = semantic_search(session, model, question, limit=3, mode="semantic")

    assert hits[0].match == TARGET
    assert hits[0].speaker == "Nurse"
    assert hits[0].score > hits[1].score


def test_assist_search_money_question_finds_the_budget_cut(session: Session) -> None:
    make_transcript(session, TURNS, name="risk.txt")
    model = load_model()
    index_passages(session, model)

    hits = semantic_search(
        session, model, "funding was reduced by the local authority", limit=1, mode="semantic"
    )

    assert hits[0].match == TURNS[-1][1]


def _filtered_world(session: Session) -> None:
    big = make_organisation(session, name="Big CIC", employees_min=1200, employees_max=1200)
    small = make_organisation(session, name="Small CIC", employees_min=20, employees_max=20)
    one, two = (
        make_case(session, "Case 1", organisation_id=big.id),
        make_case(session, "Case 2", organisation_id=small.id),
    )
    people = {
        "Nurse": make_participant(session, "N1", role="nurse", case_id=one.id),
        "CEO": make_participant(session, "C2", role="ceo", case_id=two.id),
    }
    make_transcript(
        session, [("Nurse", "We took risks with the surplus 😀."), ("CEO", "We took risks too.")],
        name="both.txt", participants=people,
    )  # fmt: skip


def test_assist_search_filters_like_search(session: Session) -> None:
    _filtered_world(session)
    model = FakeModel()
    index_passages(session, model)

    by_role = semantic_search(session, model, "risks", role="nurse")
    by_case = semantic_search(session, model, "risks", case="Case 2")
    by_org = semantic_search(session, model, "risks", where=["org.employees_min>=1000"])

    assert [h.match for h in by_role] == ["We took risks with the surplus 😀."]
    assert [(h.case, h.role) for h in by_case] == [("Case 2", "ceo")]
    assert [h.participant for h in by_org] == ["N1"]
    hit = by_role[0]
    document = session.get(Document, hit.document_id)
    assert hit.document == "both.txt" and document is not None
    assert document.text[hit.start : hit.end] == hit.match


def test_assist_search_refuses_before_indexing_and_bad_options(session: Session) -> None:
    make_transcript(session, TURNS, name="risk.txt")
    model = FakeModel()
    with pytest.raises(InvalidInput, match="assist index"):
        semantic_search(session, model, "risks")
    index_passages(session, model)
    with pytest.raises(InvalidInput, match="--limit"):
        semantic_search(session, model, "risks", limit=0)
    with pytest.raises(InvalidInput, match="empty"):
        semantic_search(session, model, "  ")
    with pytest.raises(InvalidInput, match=r"org\.FIELD"):
        semantic_search(session, model, "risks", where=["employees>3"])


def test_assist_search_hybrid_keeps_the_shape_and_the_filters(session: Session) -> None:
    _filtered_world(session)
    model = FakeModel()
    index_passages(session, model)

    hits = semantic_search(session, model, "surplus", mode="hybrid", role="ceo")

    assert [h.role for h in hits] == ["ceo"]
