import pytest

from mutualscope.domain.missing import BadValue
from mutualscope.domain.money import (
    describe_largest,
    describe_smallest,
    format_gbp,
    parse_gbp,
    turnover_band,
)


@pytest.mark.parametrize(
    ("text", "pounds"),
    [
        ("£43m", 43_000_000),
        ("£43M", 43_000_000),
        ("£500k", 500_000),
        ("43,000,000", 43_000_000),
        ("£1.2 million", 1_200_000),
        ("£1.2bn", 1_200_000_000),
        ("GBP 2.5m", 2_500_000),
        ("£43,000,000.00", 43_000_000),
        ("460000", 460_000),
    ],
)
def test_parse_gbp_reads_amounts_as_people_write_them(text: str, pounds: int) -> None:
    assert parse_gbp(text) == pounds


def test_parse_gbp_scales_plain_numbers_only() -> None:
    assert parse_gbp("43,000", scale=1000) == 43_000_000
    assert parse_gbp("£2m", scale=1000) == 2_000_000


@pytest.mark.parametrize("text", ["-5", "lots", "£1.2.3", "43 apples"])
def test_parse_gbp_rejects_unreadable_amounts(text: str) -> None:
    with pytest.raises(BadValue) as caught:
        parse_gbp(text)
    assert "£43m" in caught.value.expected


def test_parse_gbp_blank_is_missing() -> None:
    assert parse_gbp(" ") is None
    assert parse_gbp("n/a") is None


def test_format_and_describe_ranges_as_the_seed_writes_them() -> None:
    assert format_gbp(500_000) == "£500,000"
    assert format_gbp(43_000_000) == "£43 million"
    assert format_gbp(1_200_000) == "£1.2 million"
    assert describe_smallest(460_000) == "less than £500,000"
    assert describe_smallest(500_000) == "£500,000"
    assert describe_largest(43_400_000) == "over £43 million"
    assert describe_largest(43_000_000) == "£43 million"


def test_turnover_band_boundaries_are_lower_inclusive() -> None:
    assert turnover_band(499_999).key == "under-500k"  # type: ignore[union-attr]
    assert turnover_band(500_000).key == "500k-1m"  # type: ignore[union-attr]
    assert turnover_band(43_000_000).key == "25m-plus"  # type: ignore[union-attr]
    assert turnover_band(None) is None


def test_parse_gbp_refuses_more_than_a_trillion_pounds() -> None:
    assert parse_gbp("£1,000bn") == 1_000_000_000_000
    for text in ("£1,000.5bn", "9" * 400, "£9223372036854775808"):
        with pytest.raises(BadValue, match="at most £1,000,000,000,000"):
            parse_gbp(text)
    with pytest.raises(BadValue, match="at most"):
        parse_gbp("2000000", scale=1_000_000)  # "Turnover (£m)": two trillion
