from typing import Any

from sqlalchemy.orm import Session

from mutualscope.reports.landscape import LandscapeSection, link_figures, stats_command
from mutualscope.reports.provenance import Provenance


def test_stats_command_quotes_arguments() -> None:
    assert stats_command("region", ["sector=health and social care"]) == (
        "mutualscope orgs stats --by region --where 'sector=health and social care'"
    )


def test_link_figures_links_numbers_money_and_percentages() -> None:
    text = link_figures("Most (41 of 52) in 2011, 35% small, from £500,000 to £43 million.", "s1")
    assert text.text == (
        "Most ([41](#src-s1) of [52](#src-s1)) in [2011](#src-s1), [35%](#src-s1) small, "
        "from [£500,000](#src-s1) to [£43 million](#src-s1)."
    )


def test_landscape_summary_from_the_registry(session: Session, evidence: dict[str, Any]) -> None:
    figures: dict[str, bytes] = {}
    provenance = Provenance()
    section = LandscapeSection(session, provenance, figures)
    land = section.summary()
    assert land.available and land.total == 10
    assert "[7](#src-s1) of [10](#src-s1)" in land.paragraphs[0].text
    assert provenance.sources["s1"].query == (
        "mutualscope orgs stats --by sector; mutualscope orgs stats --by year"
    )
    table = land.table("region").text.splitlines()
    assert table[0] == "| Region | Organisations | Share |"
    assert table[2] == "| North East | 2 | 20% |"
    figure = section.figure("regions")
    assert figure.text.endswith("](figure:regions-1)")
    assert figures["regions-1"].startswith(b"\x89PNG")


def test_landscape_without_a_registry(session: Session) -> None:
    land = LandscapeSection(session, Provenance(), {}).summary()
    assert not land.available and land.paragraphs == []
