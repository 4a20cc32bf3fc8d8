"""Reading documents with their turns, listing speakers, linking speakers to people."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from mutualscope.errors import NotFound
from mutualscope.services.cases import add_case
from mutualscope.services.documents import (
    assign_speaker,
    document_speakers,
    find_document,
    list_documents,
    load_document,
)
from mutualscope.services.imports import import_documents
from mutualscope.services.participants import add_participant

FIXTURES = Path(__file__).parents[1] / "fixtures" / "transcripts"


@pytest.fixture
def imported(session: Session) -> Session:
    add_case(session, label="Case 3")
    import_documents(session, [FIXTURES / "messy-labels.txt", FIXTURES / "teams.vtt"])
    import_documents(session, [FIXTURES / "interview.srt"], case="Case 3")
    return session


def test_list_documents_counts_turns_and_speakers(imported: Session) -> None:
    rows = {
        d.name: (d.kind, d.case, d.source_format, d.turns, d.speakers)
        for d in list_documents(imported)
    }
    assert rows["teams.vtt"] == ("interview", None, "vtt", 3, 2)
    assert rows["interview.srt"] == ("interview", "Case 3", "srt", 3, 2)
    assert [d.name for d in list_documents(imported, case="Case 3")] == ["interview.srt"]


def test_load_document_segments_slice_the_text(imported: Session) -> None:
    view = load_document(imported, "messy-labels.txt")
    assert all(s.text == view.text[s.start : s.end] for s in view.segments)
    assert view.segments[1].speaker == "Interviewer"
    assert find_document(imported, view.id).name == "messy-labels.txt"
    with pytest.raises(NotFound):
        load_document(imported, "nothing.txt")


def test_document_speakers_counts_turns_per_label(imported: Session) -> None:
    speakers = {s.label: s.turns for s in document_speakers(imported, "messy-labels.txt")}
    assert speakers["Interviewer"] == 2
    assert speakers["Interviewer 1"] == 2
    assert speakers[None] == 1


def test_assign_speaker_links_every_spelling_and_sets_role(imported: Session) -> None:
    add_participant(imported, label="Physio A", role="physiotherapist", case="Case 3")
    changed = assign_speaker(
        imported, document="teams.vtt", label="PHYSIOTHERAPIST", participant="Physio A"
    )
    assert changed == 1
    segment = load_document(imported, "teams.vtt").segments[1]
    assert (segment.participant, segment.role, segment.role_group, segment.case) == (
        "Physio A",
        "therapist",
        "staff",
        "Case 3",
    )
    with pytest.raises(NotFound, match="No speaker 'Nobody'"):
        assign_speaker(imported, document="teams.vtt", label="Nobody", participant="Physio A")
    with pytest.raises(NotFound, match="No participant"):
        assign_speaker(imported, document="teams.vtt", label="Facilitator", participant="X")
    assert (
        assign_speaker(imported, document="teams.vtt", label="Physiotherapist", participant=None)
        == 1
    )
