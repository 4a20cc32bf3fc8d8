"""The spoken forms of known names, and which speaker labels may be names."""

from __future__ import annotations

import pytest

from mutualscope.domain.protection.variants import (
    is_name_like_label,
    organisation_name_forms,
    person_name_forms,
)


def test_person_name_forms_with_title_middle_name_and_nicknames() -> None:
    forms = person_name_forms("Dr Elizabeth Anne Carter")
    assert forms[:4] == ["Elizabeth Anne Carter", "Elizabeth Carter", "Elizabeth", "Carter"]
    assert {"Liz", "Liz Carter", "Beth", "Lizzie Carter"} <= set(forms)
    assert "Dr" not in " ".join(forms)


def test_person_name_forms_single_and_empty() -> None:
    assert person_name_forms("Ngozi") == ["Ngozi"]
    assert person_name_forms("Dr") == []
    assert person_name_forms("   ") == []


def test_organisation_name_forms_legal_form_initials_brackets_aliases() -> None:
    assert organisation_name_forms("Bedford Community Health CIC") == [
        "Bedford Community Health CIC",
        "Bedford Community Health",
        "BCH",
    ]
    forms = organisation_name_forms("The Luton Care Partnership (LCP) Ltd", ["Luton Care"])
    assert forms == [
        "The Luton Care Partnership (LCP) Ltd",
        "LCP",
        "Luton Care Partnership",
        "Luton Care",
    ]
    assert organisation_name_forms("Pennine Community Nursing C.I.C.")[1:] == [
        "Pennine Community Nursing",
        "PCN",
    ]


@pytest.mark.parametrize(
    ("label", "name_like"),
    [
        ("Sarah", True),
        ("SJ", True),
        ("Dave P", True),
        ("Interviewer", False),
        ("I", False),
        ("R", False),
        ("P3", False),
        ("Speaker 1", False),
        ("CEO", False),
        ("Case 2 Nurse", False),
        ("", False),
    ],
)
def test_is_name_like_label(label: str, name_like: bool) -> None:
    assert is_name_like_label(label) is name_like
