"""Rules for emails, phones, postcodes, NHS and NI numbers, dates of birth, addresses."""

from __future__ import annotations

import pytest

from mutualscope.domain.protection.findings import Finding
from mutualscope.domain.protection.structured import (
    find_addresses,
    find_dates_of_birth,
    find_emails,
    find_nhs_numbers,
    find_ni_numbers,
    find_phones,
    find_postcodes,
)


def texts(findings: list[Finding] | object) -> list[str]:
    return [f.text for f in findings]  # type: ignore[attr-defined]


def test_emails_typed_and_spoken() -> None:
    text = (
        "Email mark.oduya@bedfordch.org.uk. Or say it: colin dot marsh at calderdale dot "
        "gov dot uk, or sarah at nhs dot net. We looked at it dot by dot."
    )
    assert texts(find_emails(text)) == [
        "mark.oduya@bedfordch.org.uk",
        "colin dot marsh at calderdale dot gov dot uk",
        "sarah at nhs dot net",
    ]


@pytest.mark.parametrize(
    "number",
    [
        "01234 567890",
        "01234 567 890",
        "020 7946 0018",
        "0161 496 0000",
        "07700 900123",
        "07700900077",
        "0300 123 4567",
        "0800 123 4567",
        "+44 7700 900 812",
        "+447700900812",
        "+44 (0)23 8060 5678",
        "(01632) 960123",
        "01632-960-123",
    ],
)
def test_phones_uk_formats(number: str) -> None:
    text = f"Ring {number} after nine."
    assert texts(find_phones(text)) == [number]


@pytest.mark.parametrize(
    "text",
    [
        "We have 1,100 staff and £43,000,000 turnover.",
        "In 2011 2012 and 2013 we grew.",
        "Call +33 1 42 68 53 00 in Paris.",  # not a UK number
        "The ratio was 0.5 of 1000 posts.",
        "Band 7 posts, 600 children to 1 health visitor.",
        "NHS number 943 476 5919.",  # ten digits without a leading 0: not a phone
    ],
)
def test_phones_not_other_numbers(text: str) -> None:
    assert texts(find_phones(text)) == []


def test_postcodes_full_in_any_case_and_spacing() -> None:
    text = "At MK40 1DS, or mk402nt, and LU1 3AB; B2 5LG too. EC1A 1BB is London."
    assert texts(find_postcodes(text)) == ["MK40 1DS", "mk402nt", "LU1 3AB", "B2 5LG", "EC1A 1BB"]


def test_postcodes_full_need_a_real_area() -> None:
    # QX is no postcode area, and an inward code never uses C, I, K, M, O or V.
    assert texts(find_postcodes("Codes QX1 2AB and LU1 2CV and LU1 2AB.")) == ["LU1 2AB"]


def test_postcodes_outward_only_in_context() -> None:
    text = (
        "We cover the SG19 postcodes, the HD6 side and the L32 area; postcode NR30. "
        "Off the M1 at junction 10, then the M62 and CO2 emissions from the A1. "
        "In LU1, LU2 and LU3 mostly."
    )
    assert texts(find_postcodes(text)) == ["SG19", "HD6", "L32", "NR30", "LU1", "LU2", "LU3"]


def test_nhs_numbers_by_check_digit_and_context() -> None:
    text = (
        "NHS number 943 476 5919, typed 9434765871 by mistake, and NHS no. 943-476-5918 "
        "on the letter; 401 023 2137 passes. Mixed 943 476-5919 is no number."
    )
    found = list(find_nhs_numbers(text))
    # The mistyped one is still near "NHS number": flagged, less sure, saying why.
    assert texts(found) == ["943 476 5919", "9434765871", "943-476-5918", "401 023 2137"]
    assert [f.confidence for f in found] == [0.99, 0.6, 0.6, 0.99]
    assert "fails" in found[1].rule
    alone = list(find_nhs_numbers("Reference 401 023 2137; also 401 023 2138."))
    assert [(f.text, f.confidence) for f in alone] == [("401 023 2137", 0.9)]


def test_ni_numbers_with_allocated_prefixes() -> None:
    text = (
        "Mine is JH 48 27 13 C; the leaflet's QQ 12 34 56 A is no number, nor is "
        "TN 12 34 56 A. Written close: AB123456C. Her National Insurance number ce 12 34 56 d."
    )
    assert texts(find_ni_numbers(text)) == ["JH 48 27 13 C", "AB123456C", "ce 12 34 56 d"]


def test_ni_number_lower_case_needs_context() -> None:
    assert texts(find_ni_numbers("the code ab123456c on the box")) == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("I was born on 3rd March 1971 in Luton.", "3rd March 1971"),
        ("date of birth 12/04/1958, NHS number", "12/04/1958"),
        ("DOB: 1971-03-03.", "1971-03-03"),
        ("D.O.B. 3/2/66", "3/2/66"),
        ("born in 1952, I've used the NHS", "1952"),
        ("my birthday is March 3, 1971", "March 3, 1971"),
        (
            "And your date of birth?\n\nParticipant: 3rd of February 1966. Born up north.",
            "3rd of February 1966",
        ),
    ],
)
def test_dates_of_birth_near_a_trigger(text: str, date: str) -> None:
    assert texts(find_dates_of_birth(text)) == [date]


def test_dates_not_of_birth() -> None:
    text = "We started on 1 April 2011. I was born in Sunderland. Born. Then 2013 came."
    assert texts(find_dates_of_birth(text)) == []


def test_addresses_numbered_named_and_wrapped() -> None:
    text = (
        "We're at 14 Harpur Street in Bedford, then Unit 4, Barton Industrial\nEstate; "
        "the old store on Goldington Road; Flat 2, 8 Elms Close. Sarah Green came, "
        "the High Street was busy and we met at Bury St Edmunds."
    )
    assert texts(find_addresses(text)) == [
        "14 Harpur Street",
        "Unit 4, Barton Industrial\nEstate",
        "Goldington Road",
        "Flat 2, 8 Elms Close",
    ]
