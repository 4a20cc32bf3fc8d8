from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from mutualscope.errors import InvalidInput
from mutualscope.services.landscape import (
    landscape_facts,
    landscape_stats,
    landscape_summary,
    region_counts,
)
from mutualscope.services.organisation_imports import import_organisations
from mutualscope.services.organisations import organisations_dataframe

REGISTRY = """\
Name,Sector,Region,Employees,Turnover,Year established,Services
A,health,Eastern,12,£460k,2011,GP; mental health
B,health,Eastern,40-60,£2m,2011,mental health
C,health,London,1500,£43.4m,2011,multiple community health services
D,health,,300,,2010,
E,leisure,North East,80,£1m,2014,leisure centres
F,health,London,<50,£700k,2012,specialist
"""


@pytest.fixture
def registry(session: Session, tmp_path: Path) -> Session:
    path = tmp_path / "registry.csv"
    path.write_text(REGISTRY, encoding="utf-8")
    import_organisations(session, path=path)
    return session


def test_stats_by_region_lists_all_nine_with_denominator_known_and_missing(
    registry: Session,
) -> None:
    stats = landscape_stats(registry, by="region")
    assert (stats["denominator"], stats["known"], stats["missing"]) == (6, 5, 1)
    assert [v["value"] for v in stats["values"]] == [f"E1200000{n}" for n in range(1, 10)]
    east = next(v for v in stats["values"] if v["label"] == "East of England")
    assert (east["count"], east["share"], east["percent"]) == (2, 0.4, "40%")
    assert sum(v["count"] for v in stats["values"]) == stats["known"]


def test_stats_by_size_treats_ranges_straddling_bands_as_missing(registry: Session) -> None:
    stats = landscape_stats(registry, by="size")
    counts = {v["label"]: v["count"] for v in stats["values"]}
    assert counts == {"fewer than 50": 2, "50-249": 1, "250-999": 1, "1,000 or more": 1}
    assert stats["missing"] == 1  # B's "40-60" fits no single band


def test_stats_by_services_gives_shares_of_organisations_and_of_mentions(registry: Session) -> None:
    stats = landscape_stats(registry, by="services")
    assert stats["multi_valued"] is True
    assert (stats["denominator"], stats["known"], stats["mentions"]) == (6, 5, 6)
    mental = next(v for v in stats["values"] if v["value"] == "mental-health")
    assert mental["count"] == 2 and mental["share"] == 0.4
    assert mental["share_of_mentions"] == round(2 / 6, 4)


def test_stats_by_services_under_a_filter_count_every_service_of_the_selected(
    registry: Session,
) -> None:
    health = landscape_stats(registry, by="services", where=["sector=health and social care"])
    assert (health["denominator"], health["known"], health["mentions"]) == (5, 4, 5)
    counts = {v["value"]: v["count"] for v in health["values"]}
    assert counts["mental-health"] == 2 and "leisure-centres" not in counts
    # A services filter selects organisations; their other services are still counted.
    gp = landscape_stats(registry, by="services", where=["services=GP"])
    assert (gp["denominator"], gp["known"]) == (1, 1)
    assert {v["value"]: v["count"] for v in gp["values"]} == {
        "primary-care": 1,
        "mental-health": 1,
    }


def test_stats_by_region_under_a_filter(registry: Session) -> None:
    stats = landscape_stats(registry, by="region", where=["sector=health and social care"])
    assert (stats["denominator"], stats["known"], stats["missing"]) == (5, 4, 1)
    counts = {v["label"]: v["count"] for v in stats["values"] if v["count"]}
    assert counts == {"East of England": 2, "London": 2}


def test_stats_where_filters_and_or_within_a_field(registry: Session) -> None:
    health = landscape_stats(registry, by="year", where=["sector=health and social care"])
    assert health["denominator"] == 5 and health["where"] == ["sector=health-and-social-care"]
    both = landscape_stats(registry, by="sector", where=["region=London", "region=North East"])
    assert both["denominator"] == 3
    narrowed = landscape_stats(registry, by="sector", where=["region=London", "size=<50"])
    assert narrowed["denominator"] == 1
    assert landscape_stats(registry, by="sector", where=["services=GP"])["denominator"] == 1
    assert landscape_stats(registry, by="sector", where=["turnover=under-500k"])["denominator"] == 1


def test_stats_agree_with_pandas_value_counts(registry: Session) -> None:
    frame = organisations_dataframe(registry)
    expected = frame["region"].value_counts(normalize=True)
    stats = landscape_stats(registry, by="region")
    for value in stats["values"]:
        if value["count"]:
            assert value["share"] == pytest.approx(expected[value["label"]], abs=1e-4)


def test_stats_refuses_unknown_fields_and_filters(registry: Session) -> None:
    with pytest.raises(InvalidInput, match="Cannot count by 'colour'"):
        landscape_stats(registry, by="colour")
    with pytest.raises(InvalidInput, match="--where region=Atlantis"):
        landscape_stats(registry, by="sector", where=["region=Atlantis"])


def test_region_counts_for_maps(registry: Session) -> None:
    counts = region_counts(registry)
    assert len(counts) == 9 and counts["E12000006"] == 2 and counts["E12000005"] == 0


def test_facts_focus_on_the_largest_sector(registry: Session) -> None:
    facts = landscape_facts(registry)
    assert facts.focus == "health and social care" and facts.focus_size == 5
    assert (facts.turnover_min, facts.turnover_max, facts.turnover_known) == (
        460_000,
        43_400_000,
        4,
    )
    assert landscape_facts(registry, focus="all").focus is None


def test_summary_is_written_from_the_numbers(registry: Session) -> None:
    text = "\n".join(landscape_summary(registry))
    assert "5 organisations providing health and social care services in England" in text
    assert (
        "(a further one organisation provides other types of services, including leisure)" in text
    )
    assert "(3 of 5) were established in 2011" in text
    assert "less than £500,000" in text and "over £43 million" in text
    assert "not readily available for all organisations (it is known for 4 of 5)" in text
    assert "The region is not known for one." in text
