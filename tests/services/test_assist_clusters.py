"""assist clusters: uncoded passages grouped by meaning, named by their words, with
examples that say where they are and who spoke; coded passages are left out."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from tests.assist_world import FakeModel, make_transcript
from tests.factories import make_code, make_coding

from mutualscope.errors import InvalidInput
from mutualscope.services.assist.clusters import uncoded_clusters
from mutualscope.services.assist.indexing import index_passages

PARKING = [
    "The car park was full of cars every morning.",
    "Parking for cars was a problem at the car park.",
    "Cars queued for the car park at the clinic.",
    "Staff cars filled the car park before nine.",
]
TENDERS = [
    "The council tender and its contract went to a competitor.",
    "Every contract tender from the council was about price.",
    "We lost the tender when the council contract was renewed.",
    "The council wrote the contract for the tender in a hurry.",
]
QUESTION = "And the council car park tender, what about the contract for cars?"
CODED = "We took risks and tried new things with the council car park tender."


def _world(session: Session) -> FakeModel:
    turns = [("Nurse", t) for t in PARKING] + [("CEO", t) for t in TENDERS]
    turns += [("Interviewer 2", QUESTION)]
    document = make_transcript(session, [*turns, ("Manager", CODED)], name="mixed.txt")
    start = document.text.index(CODED)
    make_coding(session, document, make_code(session, "Risk"), start, start + len(CODED))
    model = FakeModel()
    index_passages(session, model)
    return model


def test_assist_clusters_groups_uncoded_passages_by_meaning_and_names_them(
    session: Session,
) -> None:
    model = _world(session)

    overview = uncoded_clusters(session, model, k=2)

    assert (overview.passages, overview.uncoded, overview.k) == (10, 8, 2)
    parking = next(c for c in overview.clusters if "park" in c.words)
    tenders = next(c for c in overview.clusters if "tender" in c.words)
    # Words in every passage of a group and in none of the other, ties in word order.
    assert tenders.words[:3] == ["contract", "council", "tender"]
    assert tenders.name == "contract, council, tender"
    assert parking.words[:3] == ["car", "cars", "park"]
    assert (parking.size, tenders.size) == (4, 4)
    assert {e.match for e in parking.examples} <= set(PARKING)
    assert len(parking.examples) == 3
    example = tenders.examples[0]
    assert example.match in TENDERS and example.speaker == "CEO"
    assert example.document == "mixed.txt"
    shown = {e.match for c in overview.clusters for e in c.examples}
    assert CODED not in shown and QUESTION not in shown
    # With the interviewers' turns: nine passages, the question among them.
    asked = uncoded_clusters(session, model, k=2, questions=True)
    assert asked.uncoded == 9 and sum(c.size for c in asked.clusters) == 9


def test_assist_clusters_chooses_k_and_refuses_too_few_passages(session: Session) -> None:
    model = _world(session)

    with pytest.raises(InvalidInput, match=r"turns left out\): too few to group in 9"):
        uncoded_clusters(session, model, k=9)
    with pytest.raises(InvalidInput, match="between 2 and 50"):
        uncoded_clusters(session, model, k=1)
    with pytest.raises(InvalidInput, match="too few to group"):
        uncoded_clusters(session, model)  # 8 uncoded passages, fewer than 10
