from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from tests.factories import make_organisation

from mutualscope.errors import NotFound
from mutualscope.services.organisation_imports import import_organisations
from mutualscope.services.organisations import (
    RECORD_KEYS,
    describe_employees,
    get_organisation,
    list_organisations,
    organisations_dataframe,
)


@pytest.fixture
def registry(session: Session, tmp_path: Path) -> Session:
    path = tmp_path / "r.csv"
    path.write_text(
        "Name,Region,Employees,ODS code,Services\n"
        "Fenmarsh Health CIC,Eastern,1000+,NR1,GP\n"
        "Oakby Care Ltd,London,12,,\n",
        encoding="utf-8",
    )
    import_organisations(session, path=path)
    return session


def test_list_organisations_is_sorted_and_filtered(registry: Session) -> None:
    assert [o["name"] for o in list_organisations(registry)] == [
        "Fenmarsh Health CIC",
        "Oakby Care Ltd",
    ]
    assert [o["name"] for o in list_organisations(registry, where=["region=London"])] == [
        "Oakby Care Ltd"
    ]


def test_get_organisation_by_name_identifier_or_id(registry: Session) -> None:
    org = get_organisation(registry, name="fenmarsh health c.i.c.")
    assert org["region"] == "East of England" and org["employees"] == "1,000 or more"
    assert get_organisation(registry, name="nr1")["id"] == org["id"]
    assert get_organisation(registry, name=str(org["id"]))["name"] == "Fenmarsh Health CIC"
    assert get_organisation(registry, name="Oakby Care Limited")["name"] == "Oakby Care Ltd"


def test_get_organisation_not_found_suggests_similar_names(registry: Session) -> None:
    with pytest.raises(NotFound, match="Did you mean: Fenmarsh Health CIC"):
        get_organisation(registry, name="Fenmarsh")


def test_dataframe_has_one_row_per_organisation_and_the_record_columns(registry: Session) -> None:
    frame = organisations_dataframe(registry)
    assert list(frame.columns) == RECORD_KEYS
    assert frame.loc[frame["name"] == "Oakby Care Ltd", "size_band"].item() == "fewer than 50"
    assert organisations_dataframe(registry, where=["region=North East"]).empty


def test_record_keys_match_the_records(session: Session) -> None:
    make_organisation(session, name="Plain Mutual")
    (record,) = list_organisations(session)
    assert list(record) == ["id", *RECORD_KEYS]
    assert record["region"] is None and record["services"] == []


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        (None, None, None),
        (12, 12, "12"),
        (0, 49, "fewer than 50"),
        (50, 249, "50-249"),
        (1000, None, "1,000 or more"),
    ],
)
def test_describe_employees(low: int | None, high: int | None, text: str | None) -> None:
    assert describe_employees(low, high) == text
