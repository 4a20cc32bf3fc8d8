import pytest

from mutualscope.domain.columns import match_header


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Organisation Name", "name"),
        ("Provider", "name"),
        ("GOR", "region"),
        ("No. of employees", "employees"),
        ("Annual Turnover", "turnover"),
        ("Company No.", "companies_house_number"),
        ("ODS code", "ods_code"),
        ("Year est.", "year_established"),
        ("Spun out from", "parent_body"),
        ("Lat", "latitude"),
        ("Services provided", "services"),
    ],
)
def test_match_header_knows_common_synonyms(header: str, field: str) -> None:
    assert match_header(0, header).field == field


def test_unknown_header_is_a_free_attribute() -> None:
    match = match_header(3, "Board chair")
    assert match.field is None and match.header == "Board chair" and match.index == 3


@pytest.mark.parametrize(
    ("header", "scale"),
    [("Turnover (£)", 1), ("Turnover (£000)", 1000), ("Income £k", 1000), ("Turnover £m", 10**6)],
)
def test_turnover_header_units_scale_plain_numbers(header: str, scale: int) -> None:
    match = match_header(0, header)
    assert match.field == "turnover" and match.scale == scale
