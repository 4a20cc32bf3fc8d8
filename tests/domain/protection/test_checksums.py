"""NHS numbers' modulus 11 check and National Insurance prefixes."""

from __future__ import annotations

import pytest

from mutualscope.domain.protection.checksums import nhs_number_valid, ni_prefix_valid


# 943 476 5919 is the NHS Data Dictionary's worked example: weights 10..2 give 299,
# 299 mod 11 = 2, 11 - 2 = 9, the last digit.
@pytest.mark.parametrize("number", ["9434765919", "4010232137", "4505577104", "4857773457"])
def test_nhs_number_valid_when_check_digit_holds(number: str) -> None:
    assert nhs_number_valid(number)


@pytest.mark.parametrize(
    "number",
    [
        "9434765918",  # last digit off by one
        "9434765871",  # one digit mistyped
        "4857773456",
        "943476591",  # nine digits
        "94347659190",  # eleven
        "943476591x",
        "９４３４７６５９１９",  # full-width digits are digits to Python, not to the NHS
    ],
)
def test_nhs_number_invalid(number: str) -> None:
    assert not nhs_number_valid(number)


def test_nhs_number_check_digit_ten_is_never_issued() -> None:
    # 000000006: weights give 6*2 = 12, 12 mod 11 = 1, 11 - 1 = 10: no digit can follow.
    assert not any(nhs_number_valid(f"000000006{d}") for d in "0123456789")


def test_nhs_number_check_eleven_means_zero() -> None:
    # 000000000 sums to 0, 11 - 0 = 11, which stands for 0.
    assert nhs_number_valid("0000000000")
    assert not nhs_number_valid("0000000001")


@pytest.mark.parametrize("prefix", ["AB", "JH", "NH", "ce", "ZY", "TA"])
def test_ni_prefix_valid(prefix: str) -> None:
    assert ni_prefix_valid(prefix)


@pytest.mark.parametrize(
    "prefix",
    [
        "QQ",  # Q never used: the example number in HMRC's leaflets
        "DA",  # D never first
        "AD",  # nor second
        "FA",
        "IA",
        "UA",
        "VA",
        "AO",  # O never second
        "BG",  # never allocated
        "GB",
        "KN",
        "NK",
        "NT",
        "TN",
        "ZZ",
        "A1",
        "ABC",
    ],
)
def test_ni_prefix_invalid(prefix: str) -> None:
    assert not ni_prefix_valid(prefix)
