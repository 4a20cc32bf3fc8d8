import pytest

from mutualscope.domain.identifiers import (
    canonical_identifier,
    looks_like_companies_house_number,
    looks_like_ods_code,
    parse_companies_house_number,
    read_code_column,
)
from mutualscope.domain.missing import BadValue


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("01234567", "01234567"),
        ("1234567", "01234567"),  # Excel stored it as a number
        ("1234567.0", "01234567"),  # ... and a reader added the float's ".0"
        ("445790", "00445790"),
        (" sc123456 ", "SC123456"),
        ("SC 123456", "SC123456"),
        ("NI012345", "NI012345"),
        ("OC301234", "OC301234"),
        ("IP12345R", "IP12345R"),
        ("RS007851", "RS007851"),
        ("R0000071", "R0000071"),
        ("10234567", "10234567"),
    ],
)
def test_parse_companies_house_number_puts_back_lost_zeros(text: str, number: str) -> None:
    assert parse_companies_house_number(text) == number


@pytest.mark.parametrize("text", ["", "n/a", "  ", None])
def test_parse_companies_house_number_blank_is_missing(text: str | None) -> None:
    assert parse_companies_house_number(text) is None


@pytest.mark.parametrize("text", ["123456789", "SC12345", "Registered in Scotland", "RYJ"])
def test_parse_companies_house_number_refuses_other_shapes_saying_what_one_looks_like(
    text: str,
) -> None:
    with pytest.raises(BadValue) as caught:
        parse_companies_house_number(text)
    assert "8 digits such as 01234567" in caught.value.expected
    assert "SC123456" in caught.value.expected


@pytest.mark.parametrize("value", ["RYJ", "NQ1", "8J123", "AD9", "00Q", "QE1", "RYJ01", "A81001"])
def test_ods_codes_have_the_shapes_of_the_nhs_coding_frames(value: str) -> None:
    assert looks_like_ods_code(value) and not looks_like_companies_house_number(value)


@pytest.mark.parametrize("value", ["01234567", "SC123456", "NI123456", "OC123456"])
def test_companies_house_numbers_are_not_ods_codes(value: str) -> None:
    assert looks_like_companies_house_number(value) and not looks_like_ods_code(value)


@pytest.mark.parametrize("value", ["12345", "HELLO", "RY", "ABCDEFG", "1234567"])
def test_other_values_are_neither(value: str) -> None:
    assert not looks_like_ods_code(value) and not looks_like_companies_house_number(value)


def test_canonical_identifier_pads_only_companies_house_numbers() -> None:
    assert canonical_identifier("companies_house_number", "7123456") == "07123456"
    assert canonical_identifier("charity_number", "1100001") == "1100001"
    assert canonical_identifier("ods_code", "ryj ") == "RYJ"


def test_a_code_column_of_ods_codes_is_read_as_ods_codes() -> None:
    reading = read_code_column("Code", ["RYJ", "NQ1", "", "8J123", "ad9", "A81001"])
    assert reading.kind == "ods_code"
    assert reading.reason is not None and "'Code' read as ODS codes" in reading.reason


def test_a_code_column_of_company_numbers_that_lost_zeros_is_read_as_companies_house() -> None:
    reading = read_code_column("Code", ["7123456", "SC123456", "10234567", "n/a"])
    assert reading.kind == "companies_house_number"


def test_a_column_of_six_or_seven_digit_numbers_alone_is_left_with_a_reason() -> None:
    # Companies House numbers without their zeros, or charity numbers: no way to tell.
    reading = read_code_column("Code", ["7123456", "1100001", "213890"])
    assert reading.kind is None
    assert reading.reason is not None and "'Charity number'" in reading.reason


def test_a_column_mixing_ods_codes_and_company_numbers_is_left_with_a_reason() -> None:
    reading = read_code_column("Code", ["RYJ", "07123456"])
    assert reading.kind is None
    assert reading.reason is not None and "two columns" in reading.reason


@pytest.mark.parametrize(
    "cells", [["1", "2", "3"], ["Yes", "No"], ["RYJ", "Trust"], [], ["", "n/a"]]
)
def test_other_code_columns_are_left_alone_without_a_word(cells: list[str]) -> None:
    assert read_code_column("Code", cells).kind is None
    assert read_code_column("Code", cells).reason is None
