from typing import Any

from sqlalchemy.orm import Session
from tests.factories import make_organisation

from mutualscope.domain.columns import match_header
from mutualscope.domain.records import OrganisationRecord, name_key
from mutualscope.services.organisation_matching import (
    ImportRow,
    find_duplicates_in_file,
    identifiers_conflict,
    load_existing,
    match_existing,
)

COLUMNS = [match_header(0, "Name"), match_header(1, "Charity number")]


def row(number: int, name: str, **identifiers: str) -> ImportRow:
    values: dict[str, Any] = dict(identifiers)
    return ImportRow(
        record=OrganisationRecord(number),
        values=values,
        name=name,
        key=name_key(name),
        identifiers=identifiers,
        services=None,
        attributes={},
    )


def test_identifiers_conflict_only_when_the_same_kind_differs() -> None:
    assert identifiers_conflict({"charity_number": "1"}, {"charity_number": "2"})
    assert not identifiers_conflict({"charity_number": "1"}, {"charity_number": None})
    assert not identifiers_conflict({"charity_number": "1"}, {"ods_code": "X"})


def test_duplicates_in_file_are_reported_on_both_rows() -> None:
    rows = [row(2, "Twin CIC"), row(3, "twin c.i.c."), row(4, "Other", charity_number="9"),
            row(5, "Another", charity_number="9")]  # fmt: skip
    problems = find_duplicates_in_file(rows, COLUMNS)
    assert sorted((p.row, p.column) for p in problems) == [
        (2, "Name"),
        (3, "Name"),
        (5, "Charity number"),
    ]


def test_match_existing_by_identifier_then_name(session: Session) -> None:
    known = make_organisation(session, name="Fenmarsh Health", charity_number="1100001")
    other = make_organisation(session, name="Oakby Care")
    rows = [row(2, "Renamed Fenmarsh", charity_number="1100001"), row(3, "Oakby Care"),
            row(4, "New Mutual")]  # fmt: skip
    assert match_existing(rows, load_existing(session), COLUMNS) == []
    assert [r.existing_id for r in rows] == [known.id, other.id, None]


def test_match_existing_refuses_a_name_shared_by_two_organisations(session: Session) -> None:
    make_organisation(session, name="Twin", charity_number="1")
    make_organisation(session, name="Twin", charity_number="2")
    problems = match_existing([row(2, "Twin")], load_existing(session), COLUMNS)
    assert len(problems) == 1 and "matches Twin and Twin" in problems[0].expected
