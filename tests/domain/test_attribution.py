from __future__ import annotations

import pytest

from mutualscope.domain.attribution import attribution, case_reference, quoted


def test_internal_participant_is_attributed_by_role_and_case() -> None:
    assert attribution("CEO", "Case 3") == "(CEO, case 3)"
    assert attribution("CEO", "Case 3", style="of") == "(CEO of case 3)"
    assert attribution("projects manager", "Case 5") == "(Projects manager, case 5)"


def test_vocabulary_roles_are_written_as_evidence_writes_them() -> None:
    assert attribution("ceo", "Case 6") == "(CEO, case 6)"
    assert attribution("Chief executive", "Case 6") == "(CEO, case 6)"
    assert attribution("user", "Case 5") == "(Service user, case 5)"
    assert attribution("nurse", "Case 4") == "(Nurse, case 4)"
    assert attribution("Physiotherapist", "Case 3") == "(Physiotherapist, case 3)"


def test_external_participant_is_attributed_by_role_alone() -> None:
    assert attribution("commissioner", "Case 3", external=True) == "(Commissioner)"


def test_missing_parts() -> None:
    assert attribution(None, "Case 2") == "(Case 2)"
    assert attribution("Nurse", None) == "(Nurse)"
    assert attribution(None, None) == "(unattributed)"
    with pytest.raises(ValueError):
        attribution("CEO", "Case 1", style="bogus")


def test_case_reference_keeps_other_labels() -> None:
    assert case_reference("Riverside pilot") == "Riverside pilot"
    assert case_reference("CASE 12") == "case 12"


def test_quoted_collapses_whitespace() -> None:
    assert quoted("we didn't\n ask", "(CEO, case 6)") == "\u201cwe didn't ask\u201d (CEO, case 6)"
