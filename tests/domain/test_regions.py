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


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("N. West", "E12000002"),
        ("N.West", "E12000002"),
        ("NW", "E12000002"),
        ("N.W.", "E12000002"),
        ("Nth West", "E12000002"),
        ("N East", "E12000001"),
        ("N.E.", "E12000001"),
        ("NE England", "E12000001"),
        ("S.East", "E12000008"),
        ("S. East", "E12000008"),
        ("S.E.", "E12000008"),
        ("Sth East", "E12000008"),
        ("S. West", "E12000009"),
        ("SW England", "E12000009"),
        ("E. Midlands", "E12000004"),
        ("E Mids", "E12000004"),
        ("W. Mids", "E12000005"),
        ("West Mids", "E12000005"),
        ("Yorks & Humber", "E12000003"),
        ("Yorks. and the Humber", "E12000003"),
        ("Yorks/Humber", "E12000003"),
        ("Yorkshire & Humber", "E12000003"),
        ("E. of England", "E12000006"),
        ("E of E", "E12000006"),
        ("East of Eng.", "E12000006"),
        ("Gtr London", "E12000007"),
        ("Gt. London", "E12000007"),
        ("GREATER LONDON", "E12000007"),
        ("north-west", "E12000002"),
        ("South-East England", "E12000008"),
    ],
)
def test_parse_region_reads_abbreviated_compass_points(text: str, code: str) -> None:
    assert parse_region(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("NE Lincolnshire", "E12000003"),
        ("N.E. Lincs", "E12000003"),
        ("North East Lincolnshire", "E12000003"),
        ("North Lincolnshire", "E12000003"),
        ("NW Leicestershire", "E12000004"),
        ("North West Leics", "E12000004"),
        ("N. Yorkshire", "E12000003"),
        ("W Yorks", "E12000003"),
        ("East Riding of Yorkshire", "E12000003"),
        ("E. Sussex", "E12000008"),
        ("West Sussex", "E12000008"),
        ("N Somerset", "E12000009"),
        ("South Glos", "E12000009"),
        ("N. Tyneside", "E12000001"),
        ("S Tyneside", "E12000001"),
        ("E Staffs", "E12000005"),
        ("North East Derbyshire", "E12000004"),
        ("W. Suffolk", "E12000006"),
        ("Cheshire East", "E12000002"),
    ],
)
def test_parse_region_reads_places_named_by_compass_points_as_their_own_region(
    text: str, code: str
) -> None:
    # "NE Lincolnshire" is in Yorkshire and The Humber, not in the North East.
    assert parse_region(text) == code


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("Midlands", ("East Midlands", "West Midlands")),
        ("Mids", ("East Midlands", "West Midlands")),
        ("The North", ("North East", "North West")),
        ("N", ("North East", "North West")),
        ("South", ("South East", "South West")),
        ("S.", ("South East", "South West")),
    ],
)
def test_parse_region_refuses_an_ambiguous_name_naming_the_candidates(
    text: str, candidates: tuple[str, ...]
) -> None:
    with pytest.raises(BadValue) as caught:
        parse_region(text)
    assert all(name in caught.value.expected for name in candidates)
    assert "write which" in caught.value.expected


@pytest.mark.parametrize(
    "text", ["E", "W", "NE Wales", "N. Ireland", "S. Wales", "West Country Scotland", "Kent"]
)
def test_parse_region_does_not_guess_from_part_of_a_name(text: str) -> None:
    with pytest.raises(BadValue):
        parse_region(text)
