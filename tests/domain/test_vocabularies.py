import pytest

from mutualscope.domain.missing import BadValue
from mutualscope.domain.vocabularies import LEGAL_FORMS, SECTORS, SERVICES, Term, term_key


def test_parse_accepts_keys_labels_and_aliases_ignoring_case_and_punctuation() -> None:
    assert SERVICES.parse("GP") == "primary-care"
    assert SERVICES.parse("Mental Health Services") == "mental-health"
    assert SECTORS.parse("Health & Social Care") == "health-and-social-care"
    assert LEGAL_FORMS.parse("C.I.C.") == "cic"


def test_parse_many_splits_on_semicolon_and_pipe_without_repeats() -> None:
    assert SERVICES.parse_many("GP; mental health | GP") == ["primary-care", "mental-health"]
    assert SERVICES.parse_many("") == []


def test_unknown_term_names_accepted_values_and_how_to_extend() -> None:
    with pytest.raises(BadValue) as caught:
        SERVICES.parse("space tourism")
    assert "mental health" in caught.value.expected
    assert "extend the service vocabulary" in caught.value.expected


def test_extended_vocabulary_accepts_project_terms() -> None:
    extended = SERVICES.extended([Term("hospice", "hospice care")])
    assert extended.parse("Hospice Care") == "hospice"
    assert extended.label("hospice") == "hospice care"
    assert SERVICES.find("hospice care") is None


def test_term_key_is_kebab_case() -> None:
    assert term_key("Children's Social Work & Care") == "children-s-social-work-and-care"
