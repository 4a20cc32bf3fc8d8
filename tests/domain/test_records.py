import pytest

from mutualscope.domain.missing import BadValue
from mutualscope.domain.records import (
    Vocabularies,
    name_key,
    parse_bool,
    parse_postcode,
    parse_share,
    parse_year,
    read_record,
)
from mutualscope.domain.vocabularies import LEGAL_FORMS, ROUTES, SECTORS, SERVICES

VOCABULARIES = Vocabularies(SECTORS, SERVICES, ROUTES, LEGAL_FORMS)


def read(cells: dict[str, str]) -> tuple[dict[str, object], list[str]]:
    headers = {field: field.title() for field in cells}
    record, problems = read_record(
        7, cells, headers=headers, vocabularies=VOCABULARIES, current_year=2026
    )
    return record.values | {"services": record.services}, [str(p) for p in problems]


def test_read_record_normalises_a_messy_row() -> None:
    values, problems = read(
        {
            "name": " Fenmarsh  Health CIC ",
            "region": "Eastern",
            "employees": "1,000+",
            "turnover": "£43m",
            "year_established": "April 2011",
            "services": "GP; mental health",
            "legal_form": "CIC",
            "asset_lock": "Yes",
            "staff_ownership_share": "45%",
            "companies_house_number": "0712 3456",
        }
    )
    assert problems == []
    assert values == {
        "name": "Fenmarsh Health CIC",
        "region": "E12000006",
        "employees_min": 1000,
        "employees_max": None,
        "turnover": 43_000_000,
        "year_established": 2011,
        "services": ["primary-care", "mental-health"],
        "legal_form": "cic",
        "asset_lock": True,
        "staff_ownership_share": 0.45,
        "companies_house_number": "07123456",
    }


def test_read_record_reports_every_bad_cell_with_row_column_and_accepted_values() -> None:
    _, problems = read(
        {"name": "X", "region": "Atlantis", "employees": "-3", "year_established": "2031"}
    )
    assert len(problems) == 3
    assert problems[0].startswith("row 7, column 'Region': 'Atlantis' — expected")
    assert "E12000001-E12000009" in problems[0]
    assert "whole number of employees" in problems[1]
    assert "between 1800 and 2026" in problems[2]


def test_read_record_blank_name_is_a_problem_but_other_blanks_are_missing() -> None:
    values, problems = read({"name": "", "region": "", "turnover": "unknown"})
    assert problems == ["row 7, column 'Name': (blank) — expected the organisation's name"]
    assert values["region"] is None and values["turnover"] is None


def test_parse_year_accepts_dates_and_refuses_the_future() -> None:
    assert parse_year("2011-04-01", current_year=2026) == 2011
    assert parse_year("01/04/2011", current_year=2026) == 2011
    assert parse_year("2011.0", current_year=2026) == 2011
    with pytest.raises(BadValue):
        parse_year("2027", current_year=2026)
    with pytest.raises(BadValue):
        parse_year("last year", current_year=2026)


def test_small_parsers() -> None:
    assert parse_bool("no") is False
    assert parse_share("0.5") == 0.5 and parse_share("50") == 0.5
    assert parse_postcode("cb41ab") == "CB4 1AB" and parse_postcode("CB4") == "CB4"
    with pytest.raises(BadValue):
        parse_share("150%")


def test_name_key_ignores_case_punctuation_accents_and_legal_suffix_spelling() -> None:
    assert name_key("Fenmarsh Health & Care C.I.C.") == name_key("fenmarsh health and care CIC")
    assert name_key("Oakby Care Limited") == name_key("OAKBY CARE LTD")
    assert name_key("Café Mutual") == "cafe mutual"
    assert name_key("Oakby Care") != name_key("Oakby Cares")


def test_read_record_refuses_a_name_longer_than_the_column_holds() -> None:
    # PostgreSQL refused these with StringDataRightTruncation while SQLite stored them.
    values, problems = read({"name": "Ø" * 301})
    assert problems == [
        f"row 7, column 'Name': {'Ø' * 60!r}… — expected at most 300 characters; this has 301"
    ]
    values, problems = read({"name": "A" * 300})
    assert problems == [] and values["name"] == "A" * 300


def test_read_record_refuses_a_name_whose_matching_key_would_not_fit() -> None:
    # '&' is spelled 'and' in the key re-imports match on, so the key grows.
    _, problems = read({"name": "&" * 100})
    assert len(problems) == 1
    assert "at most 300 characters once spelled out for matching" in problems[0]
    assert "this has 399" in problems[0]


@pytest.mark.parametrize(
    ("field", "value", "limit"),
    [
        ("companies_house_number", "0" * 21, 20),
        ("charity_number", "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1", 20),
        ("parent_body", "P" * 301, 300),
        ("status", "S" * 101, 100),
        ("website", "https://" + "w" * 493, 500),
    ],
)
def test_read_record_refuses_text_past_each_columns_limit(
    field: str, value: str, limit: int
) -> None:
    _, problems = read({"name": "Fenmarsh Health", field: value})
    assert len(problems) == 1
    assert problems[0].startswith(f"row 7, column {field.title()!r}: ")
    assert f"expected at most {limit} characters; this has {limit + 1}" in problems[0]


def test_read_record_refuses_enormous_numbers_before_they_reach_a_column() -> None:
    # These gave "OverflowError: Python int too large to convert to SQLite INTEGER".
    _, problems = read(
        {"name": "Fenmarsh Health", "employees": "9" * 5000, "turnover": "£99999999999bn"}
    )
    assert problems == [
        f"row 7, column 'Employees': {'9' * 60!r}… — expected at most 10,000,000 employees",
        "row 7, column 'Turnover': '£99999999999bn' — expected an amount of at most "
        "£1,000,000,000,000",
    ]
