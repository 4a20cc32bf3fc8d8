"""Participants and the role vocabulary."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from mutualscope.errors import Conflict, InvalidInput
from mutualscope.services.audit import list_events
from mutualscope.services.cases import add_case
from mutualscope.services.participants import (
    add_participant,
    add_role,
    list_participants,
    list_roles,
    roles_matching,
)


def test_add_participant_resolves_role_aliases_and_case(session: Session) -> None:
    add_case(session, label="Case 6")
    person = add_participant(session, label="Case 6 CEO", role="Chief executive", case="case 6")
    assert person.role == "ceo"
    assert person.case is not None and person.case.label == "Case 6"


def test_add_participant_keeps_real_name_out_of_lists_and_audit(session: Session) -> None:
    add_participant(session, label="Nurse A", role="nurse", real_name="Jane Example")
    summary = list_participants(session)[0]
    assert "Jane Example" not in repr(summary)
    assert "Jane Example" not in repr(list_events(session)[0].after)


def test_add_participant_unknown_role_lists_known_roles(session: Session) -> None:
    with pytest.raises(InvalidInput, match=r"Unknown role 'wizard'\. Known roles: ceo"):
        add_participant(session, label="X", role="wizard")


def test_add_participant_duplicate_label(session: Session) -> None:
    add_participant(session, label="Partner A", role="partner", external=True)
    with pytest.raises(Conflict):
        add_participant(session, label="partner a", role="partner")


def test_add_role_extends_the_vocabulary(session: Session) -> None:
    add_role(session, key="Pharmacist", group="staff")
    assert list_roles(session)[-1].key == "pharmacist"
    person = add_participant(session, label="Pharmacist A", role="pharmacist")
    assert person.role == "pharmacist"
    assert "pharmacist" in roles_matching(session, "staff")
    with pytest.raises(Conflict):
        add_role(session, key="pharmacist")
    with pytest.raises(InvalidInput, match="Unknown role group"):
        add_role(session, key="chemist", group="wizards")


def test_list_participants_filters_by_role_group_and_case(session: Session) -> None:
    add_case(session, label="Case 3")
    add_participant(session, label="Physio", role="therapist", case="Case 3")
    add_participant(session, label="Nurse B", role="nurse")
    add_participant(session, label="Commissioner A", role="commissioner", external=True)
    assert [p.label for p in list_participants(session, role="staff")] == ["Nurse B", "Physio"]
    assert [p.label for p in list_participants(session, case="Case 3")] == ["Physio"]
    external = list_participants(session, role="external")[0]
    assert (external.label, external.role_group, external.external) == (
        "Commissioner A",
        "external",
        True,
    )
