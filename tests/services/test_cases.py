"""Case studies."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from tests.factories import make_document, make_organisation, make_participant

from mutualscope.errors import Conflict, InvalidInput, NotFound
from mutualscope.services.audit import list_events
from mutualscope.services.cases import add_case, find_case, list_cases


def test_add_case_links_an_organisation_by_name(session: Session) -> None:
    make_organisation(session, name="Brackenford Community Health CIC")
    case = add_case(session, label="Case 1", organisation="brackenford community health cic")
    assert case.organisation is not None
    assert case.organisation.name == "Brackenford Community Health CIC"
    assert list_events(session)[0].entity_type == "case"


def test_add_case_refuses_duplicates_and_unknown_organisations(session: Session) -> None:
    add_case(session, label="Case 1")
    with pytest.raises(Conflict, match="already a case 'case 1'"):
        add_case(session, label="case 1")
    with pytest.raises(NotFound, match="No organisation named 'Nowhere'"):
        add_case(session, label="Case 2", organisation="Nowhere")
    with pytest.raises(InvalidInput):
        add_case(session, label="  ")
    assert [c.label for c in list_cases(session)] == ["Case 1"]


def test_list_cases_counts_participants_and_documents(session: Session) -> None:
    case = add_case(session, label="Case 4")
    add_case(session, label="Case 5")
    make_participant(session, "Nurse A", role="nurse", case_id=case.id)
    make_document(session, case_id=case.id)
    rows = {c.label: (c.participants, c.documents) for c in list_cases(session)}
    assert rows == {"Case 4": (1, 1), "Case 5": (0, 0)}


def test_find_case_names_the_known_cases(session: Session) -> None:
    add_case(session, label="Case 1")
    with pytest.raises(NotFound, match="Known cases: Case 1"):
        find_case(session, "Case 9")
