from mutualscope.domain.landscape import Distribution, ValueCount
from mutualscope.domain.narrative import (
    LandscapeFacts,
    compose_summary,
    join_words,
    number_word,
    place,
)
from mutualscope.domain.regions import REGIONS


def dist(field: str, pairs: list[tuple[str, int]], denominator: int) -> Distribution:
    values = tuple(ValueCount(v, v, c) for v, c in pairs)
    return Distribution(field, denominator, sum(c for _, c in pairs), values)


def facts(**overrides: object) -> LandscapeFacts:
    regions = [(r.name, 0) for r in REGIONS]
    regions[5] = ("East of England", 3)
    regions[6] = ("London", 2)
    regions[0] = ("North East", 1)
    base: dict[str, object] = {
        "total": 8,
        "sectors": dist("sector", [("health and social care", 6), ("housing", 2)], 8),
        "focus": "health and social care",
        "focus_size": 6,
        "years": dist("year", [("2010", 1), ("2011", 5)], 6),
        "modal_year_routes": dist("route", [("Right to Request", 5)], 5),
        "regions": dist("region", regions, 6),
        "sizes": dist(
            "size", [("fewer than 50", 3), ("50-249", 1), ("250-999", 1), ("1,000 or more", 1)], 6
        ),
        "turnover_known": 6,
        "turnover_min": 460_000,
        "turnover_max": 12_345_678,
        "services": dist("services", [("mental health", 2), ("specialist", 4)], 6),
    }
    base.update(overrides)
    return LandscapeFacts(**base)  # type: ignore[arg-type]


def test_summary_states_counts_shares_ranges_and_places() -> None:
    text = "\n".join(compose_summary(facts()))
    assert "6 organisations providing health and social care services in England" in text
    assert (
        "(a further two organisations provide other types of services, including housing)" in text
    )
    assert "The vast majority of these mutuals (5 of 6) were established in 2011" in text
    assert "through Right to Request (5)" in text
    assert "One was established earlier (2010)." in text
    assert "concentrated in the East of England (3 of 6)" in text
    assert "none in the North West" in text
    assert "Many of the organisations (50%) are small" in text  # half is not "most"
    assert "health and social care mutuals, 33% provide mental health services and 67%" in text
    assert "17% of the organisations have 1,000 or more employees" in text
    assert "from £460,000" not in text and "less than £500,000" in text
    assert "over £12 million" in text


def test_summary_states_missing_data() -> None:
    years = dist("year", [("2011", 4)], 6)
    text = "\n".join(compose_summary(facts(years=years, turnover_known=4)))
    assert "The year of establishment is not known for two." in text
    assert "not readily available for all organisations (it is known for 4 of 6)" in text


def test_summary_of_an_empty_selection() -> None:
    assert compose_summary(facts(total=0)) == [
        "The registry holds no organisations matching this selection."
    ]


def test_small_words() -> None:
    assert number_word(1) == "one" and number_word(12) == "12" and number_word(1200) == "1,200"
    assert join_words(["a", "b", "c"]) == "a, b and c" and join_words(["a"]) == "a"
    assert place("East of England") == "the East of England" and place("London") == "London"
