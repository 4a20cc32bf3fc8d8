import pytest

from mutualscope.domain.missing import BadValue
from mutualscope.domain.regions import REGIONS, parse_region, region_name


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("East of England", "E12000006"),
        ("Eastern", "E12000006"),
        ("East", "E12000006"),
        ("  east OF england. ", "E12000006"),
        ("E12000006", "E12000006"),
        ("e12000006", "E12000006"),
        ("Yorkshire & the Humber", "E12000003"),
        ("Yorks and Humber", "E12000003"),
        ("Yorkshire and The Humber", "E12000003"),
        ("North-East", "E12000001"),
        ("London", "E12000007"),
        ("South West", "E12000009"),
    ],
)
def test_parse_region_accepts_names_codes_and_aliases(text: str, code: str) -> None:
    assert parse_region(text) == code


@pytest.mark.parametrize("text", ["", "  ", "Unknown", "n/a", None, "-"])
def test_parse_region_blank_or_unknown_is_missing(text: str | None) -> None:
    assert parse_region(text) is None


def test_parse_region_rejects_places_outside_england_listing_accepted_values() -> None:
    with pytest.raises(BadValue) as caught:
        parse_region("Wales")
    assert "East of England" in caught.value.expected
    assert "E12000001-E12000009" in caught.value.expected


def test_regions_are_the_nine_ons_codes_in_order() -> None:
    assert [r.code for r in REGIONS] == [f"E1200000{n}" for n in range(1, 10)]
    assert region_name("E12000003") == "Yorkshire and The Humber"
