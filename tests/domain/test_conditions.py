from __future__ import annotations

import pytest

from mutualscope.domain.conditions import Condition, holds, parse_condition
from mutualscope.errors import InvalidInput


def test_parse_condition_reads_field_operator_and_value() -> None:
    assert parse_condition("org.employees_min>=1000") == Condition("employees_min", ">=", "1000")
    assert parse_condition(" org.region = East of England ") == Condition(
        "region", "=", "East of England"
    )


@pytest.mark.parametrize("text", ["size_band=large", "org.=x", "org.sector=", "org.a~b"])
def test_parse_condition_refuses_malformed_filters(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_condition(text)


def test_numbers_compare_as_numbers() -> None:
    assert holds(1200, parse_condition("org.employees_min>=1000"))
    assert not holds(999, parse_condition("org.employees_min>=1,000"))
    assert holds(43_000_000, parse_condition("org.turnover_gbp>£500000"))


def test_text_compares_case_insensitively() -> None:
    assert holds("Health and social care", parse_condition("org.sector=health and social care"))
    assert holds("Leisure", parse_condition("org.sector!=housing"))


def test_missing_values_never_match() -> None:
    assert not holds(None, parse_condition("org.employees_min<50"))
    assert not holds(None, parse_condition("org.sector!=housing"))


def test_lists_match_any_item() -> None:
    services = ["mental health", "GP/primary care"]
    assert holds(services, parse_condition("org.services=Mental health"))
    assert not holds(services, parse_condition("org.services!=mental health"))
    assert holds(True, parse_condition("org.asset_lock=yes"))
