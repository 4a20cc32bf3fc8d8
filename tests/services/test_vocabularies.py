import pytest
from sqlalchemy.orm import Session

from mutualscope.errors import Conflict, InvalidInput
from mutualscope.services.vocabularies import add_term, list_terms, load_vocabularies


def test_add_term_extends_the_vocabulary_for_this_project(session: Session) -> None:
    term = add_term(session, vocabulary="services", label="Hospice care", description="end of life")
    assert term == {
        "vocabulary": "service",
        "key": "hospice-care",
        "label": "Hospice care",
        "description": "end of life",
        "source": "project",
    }
    assert load_vocabularies(session).service.parse("hospice CARE") == "hospice-care"
    listed = {t["key"]: t["source"] for t in list_terms(session, vocabulary="service")}
    assert listed["hospice-care"] == "project" and listed["mental-health"] == "built-in"


def test_add_term_refuses_known_terms_and_unknown_vocabularies(session: Session) -> None:
    with pytest.raises(Conflict, match="already has 'general practice or primary care'"):
        add_term(session, vocabulary="service", label="GP")
    with pytest.raises(InvalidInput, match="the vocabularies are: sector, service"):
        add_term(session, vocabulary="colour", label="red")
