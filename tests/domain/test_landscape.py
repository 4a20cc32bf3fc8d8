import pytest

from mutualscope.domain.landscape import (
    Distribution,
    Filter,
    ValueCount,
    format_percent,
    order_values,
    parse_field,
    parse_filter,
    round_percent,
)
from mutualscope.domain.missing import BadValue
from mutualscope.domain.records import Vocabularies
from mutualscope.domain.vocabularies import LEGAL_FORMS, ROUTES, SECTORS, SERVICES

VOCABULARIES = Vocabularies(SECTORS, SERVICES, ROUTES, LEGAL_FORMS)


@pytest.mark.parametrize(
    ("count", "of", "text"),
    [
        (18, 52, "35%"),
        (10, 52, "19%"),
        (8, 52, "15%"),
        (12, 52, "23%"),
        (20, 52, "38%"),
        (1, 8, "13%"),
        (1, 400, "less than 1%"),
        (399, 400, "more than 99%"),
        (5, 5, "100%"),
    ],
)
def test_format_percent_rounds_as_people_write_percentages(count: int, of: int, text: str) -> None:
    assert format_percent(count / of) == text


def test_round_percent_rounds_halves_up() -> None:
    assert round_percent(0.125) == 13 and round_percent(0.025) == 3


def test_parse_filter_reads_values_into_stored_keys() -> None:
    assert parse_filter("region=Eastern", VOCABULARIES) == Filter("region", "E12000006")
    assert parse_filter("size=<50", VOCABULARIES) == Filter("size", "under-50")
    assert parse_filter("services=GP", VOCABULARIES) == Filter("services", "primary-care")
    assert parse_filter("year=2011", VOCABULARIES) == Filter("year", 2011)
    assert parse_filter("legal_form=CIC", VOCABULARIES) == Filter("legal-form", "cic")
    assert parse_filter("asset-lock=yes", VOCABULARIES) == Filter("asset-lock", True)


@pytest.mark.parametrize("text", ["region", "colour=red", "year=eleven", "region="])
def test_parse_filter_refuses_what_it_cannot_read(text: str) -> None:
    with pytest.raises(BadValue):
        parse_filter(text, VOCABULARIES)


def test_parse_field_accepts_aliases() -> None:
    assert parse_field("service") == "services" and parse_field("legal_form") == "legal-form"


def test_distribution_shares_are_of_the_known() -> None:
    values = (ValueCount("a", "A", 3), ValueCount("b", "B", 1))
    dist = Distribution("sector", denominator=6, known=4, values=values)
    data = dist.to_dict()
    assert (data["denominator"], data["known"], data["missing"]) == (6, 4, 2)
    assert data["values"][0] == {
        "value": "a",
        "label": "A",
        "count": 3,
        "share": 0.75,
        "percent": "75%",
    }


def test_order_values_keeps_natural_orders() -> None:
    counts = [ValueCount("E12000007", "London", 1), ValueCount("E12000001", "North East", 5)]
    assert [v.value for v in order_values("region", counts)] == ["E12000001", "E12000007"]
    years = [ValueCount("2012", "2012", 9), ValueCount("2009", "2009", 1)]
    assert [v.value for v in order_values("year", years)] == ["2009", "2012"]
    routes = [ValueCount("b", "b", 1), ValueCount("a", "a", 4)]
    assert [v.value for v in order_values("route", routes)] == ["a", "b"]
