"""Names the project does not know: given names and surnames, titles, organisations by
their last word, and job titles tied to an organisation, place or person."""

from __future__ import annotations

from mutualscope.domain.protection.findings import Finding, make_finding, resolve_overlaps
from mutualscope.domain.protection.kinds import ORGANISATION, PERSON
from mutualscope.domain.protection.names import (
    extend_people,
    find_job_titles,
    find_organisations,
    find_titled_people,
    lexicon_gazetteer,
)
from mutualscope.domain.protection.tokens import tokenize


def texts(findings: object) -> list[str]:
    return [f.text for f in findings]  # type: ignore[attr-defined]


def test_lexicon_given_names_and_places_but_not_months() -> None:
    text = "On 1 April 2011 Dave Patel from Luton met Ngozi in May."
    found = [(f.text, f.kind) for f in lexicon_gazetteer().find(text) if f.confidence >= 0.5]
    assert found == [("Dave", PERSON), ("Luton", "place")]


def test_extend_people_over_surnames_not_over_other_words() -> None:
    text = "Dave Patel, Sarah O'Neill-Hughes's team, Mark Monday and Tom\nHughes; Ruth Luton."
    tokens = tokenize(text)
    given = [f for f in lexicon_gazetteer().find(text, tokens) if f.kind == PERSON]
    assert texts(extend_people(text, tokens, given)) == [
        "Dave Patel",
        "Sarah O'Neill-Hughes",
        "Mark",
        "Tom\nHughes",
        "Ruth",
    ]


def test_titled_people_name_without_title() -> None:
    text = "Dr Okafor and Mrs. Hughes met Councillor Amina Begum; the Dr said Mr. nothing."
    assert texts(find_titled_people(text, tokenize(text))) == ["Okafor", "Hughes", "Amina Begum"]


def test_organisations_by_last_word_with_one_word_more_than_generic() -> None:
    text = (
        "We left Bedfordshire PCT for Luton and Dunstable University Hospital, then "
        "Solent Children's Services and the University of Bedfordshire. Community Health "
        "Services is generic, and so is the Trust. Big Society Capital is not a Society. "
        "Norfolk Community Health and Care, Luton Council and Bedford Trust."
    )
    assert texts(resolve_overlaps(find_organisations(text, tokenize(text)))) == [
        "Bedfordshire PCT",
        "Luton and Dunstable University Hospital",
        "Solent Children's Services",
        "University of Bedfordshire",
        "Norfolk Community Health and Care",
        "Luton Council",
        "Bedford Trust",
    ]


def _org(text: str, name: str) -> Finding:
    start = text.index(name)
    return make_finding(text, start, start + len(name), ORGANISATION, 0.8, "rule", "test")


def _person(text: str, name: str) -> Finding:
    start = text.index(name)
    return make_finding(text, start, start + len(name), PERSON, 0.8, "rule", "test")


def test_job_titles_tied_to_an_organisation_or_a_person() -> None:
    text = (
        "She was the director of nursing at Luton Borough Council, then Kirby Trust's "
        "chief executive. Their chief executive, Will Garside, came. A director said "
        "no, and Will Garside, the chair, agreed."
    )
    findings = [
        _org(text, "Luton Borough Council"),
        _org(text, "Kirby Trust"),
        _person(text, "Will Garside"),
    ]
    titles = list(find_job_titles(text, findings, tokenize(text)))
    assert texts(titles) == ["director of nursing", "chief executive", "chief executive"]
    assert texts(find_job_titles(text, findings)) == texts(titles)  # without tokens too
