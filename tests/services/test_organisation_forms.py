"""One organisation added or changed from a form, with the importer's checks."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from mutualscope.errors import InvalidInput
from mutualscope.services.organisation_forms import form_values, save_organisation
from mutualscope.services.organisations import get_organisation, list_organisations


def test_organisation_forms_add_then_edit(session: Session) -> None:
    saved = save_organisation(
        session,
        {
            "name": "Fictional Community Health CIC",
            "sector": "health and social care",
            "region": "Eastern",
            "employees": "50-249",
            "turnover": "£1.2m",
            "year_established": "2011",
            "route": "Right to Request",
        },
        actor="owner",
    )
    record = get_organisation(session, name=str(saved.id))
    assert record["region"] == "East of England"
    assert (record["employees_min"], record["employees_max"]) == (50, 249)
    assert record["turnover_gbp"] == 1_200_000
    assert saved.report.created == ["Fictional Community Health CIC"]
    values = form_values(record)
    assert values["employees"] == "50-249" and values["region"] == "East of England"
    values["employees"] = "120"
    changed = save_organisation(session, values, existing_id=saved.id, actor="owner")
    assert changed.id == saved.id
    after = get_organisation(session, name=str(saved.id))
    assert (after["employees_min"], after["employees_max"]) == (120, 120)
    assert after["turnover_gbp"] == 1_200_000 and after["year_established"] == 2011


def test_organisation_forms_refuse_with_the_importers_messages(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        save_organisation(
            session, {"name": "Bad Values CIC", "employees": "lots", "year_established": "1066x"}
        )
    problems = refused.value.problems
    assert any(p.startswith("column 'Employees': 'lots' — expected") for p in problems)
    assert any(p.startswith("column 'Year established': '1066x'") for p in problems)
    assert list_organisations(session) == []
    save_organisation(session, {"name": "Taken CIC"})
    with pytest.raises(InvalidInput, match="already an organisation named 'Taken CIC'"):
        save_organisation(session, {"name": "taken cic"})
    with pytest.raises(InvalidInput, match="needs a name"):
        save_organisation(session, {"name": "  "})


def test_organisation_forms_edit_form_round_trips_every_field(session: Session) -> None:
    saved = save_organisation(
        session,
        {
            "name": "Round Trip CIC",
            "sector": "health and social care",
            "services": "mental health; GP/primary care",
            "region": "E12000007",
            "employees": "1000+",
            "turnover": "43000000",
            "year_established": "2011",
            "parent_body": "PCT",
            "route": "Right to Request",
            "legal_form": "CIC",
            "status": "trading",
            "website": "https://example.org",
        },
    )
    before = get_organisation(session, name=str(saved.id))
    again = save_organisation(session, form_values(before), existing_id=saved.id)
    assert again.report.updated == [] and again.report.unchanged == 1
    after = get_organisation(session, name=str(saved.id))
    assert after == before
    assert after["services"] and after["legal_form"] and after["route"]
