"""Amounts in pounds sterling: reading "£43m", writing "over £43 million", turnover bands."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from mutualscope.domain.limits import MAX_TURNOVER_GBP
from mutualscope.domain.missing import BadValue, clean, is_missing

ACCEPTED_GBP = "an amount in pounds such as £43m, £500k, 43,000,000 or £1.2 million"

_MULTIPLIERS = {
    "": 1,
    "k": 1_000,
    "thousand": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mill": 1_000_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "billion": 1_000_000_000,
}
_AMOUNT = re.compile(
    r"^(?:gbp|£)?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*"
    r"([a-z]*)\.?\s*(?:gbp|pounds|£)?$"
)


def parse_gbp(text: object, *, scale: int = 1) -> int | None:
    """Whole pounds from an amount as people write it; None when blank or unknown.

    ``scale`` multiplies plain numbers, for columns headed "Turnover (£000)".
    Raises BadValue for negative or unreadable amounts, and for amounts above
    :data:`~mutualscope.domain.limits.MAX_TURNOVER_GBP`.
    """
    if is_missing(text):
        return None
    value = clean(text)
    compact = value.lower().replace(" ", "") if "," in value else value.lower()
    match = _AMOUNT.match(compact.strip())
    if match is None:
        raise BadValue(value, ACCEPTED_GBP)
    number, unit = match.groups()
    multiplier = _MULTIPLIERS.get(unit)
    if multiplier is None:
        raise BadValue(value, ACCEPTED_GBP)
    try:
        amount = Decimal(number.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise BadValue(value, ACCEPTED_GBP) from None
    pounds = amount * (multiplier if unit else scale)
    if pounds > MAX_TURNOVER_GBP:
        raise BadValue(value, f"an amount of at most £{MAX_TURNOVER_GBP:,}")
    return int(pounds.to_integral_value())


def format_gbp(amount: int) -> str:
    """'£500,000' below a million, '£43 million' or '£1.2 million' above."""
    if amount >= 1_000_000_000:
        return f"£{_trim(amount / 1_000_000_000)} billion"
    if amount >= 1_000_000:
        return f"£{_trim(amount / 1_000_000)} million"
    return f"£{amount:,}"


def _trim(number: float) -> str:
    text = f"{number:.1f}"
    return text[:-2] if text.endswith(".0") else text


def round_up_1sf(amount: int) -> int:
    """The amount rounded up to one significant figure (460,000 -> 500,000)."""
    if amount <= 0:
        return 0
    step: int = 10 ** (len(str(amount)) - 1)
    return math.ceil(amount / step) * step


def round_down_2sf(amount: int) -> int:
    """The amount rounded down to two significant figures (43,400,000 -> 43,000,000)."""
    if amount < 100:
        return amount
    step: int = 10 ** (len(str(amount)) - 2)
    return (amount // step) * step


def describe_smallest(amount: int) -> str:
    """The low end of a range as people write it: 'less than £500,000'."""
    rounded = round_up_1sf(amount)
    if rounded == amount:
        return format_gbp(amount)
    return f"less than {format_gbp(rounded)}"


def describe_largest(amount: int) -> str:
    """The high end of a range as people write it: 'over £43 million'."""
    rounded = round_down_2sf(amount)
    if rounded == amount:
        return format_gbp(amount)
    return f"over {format_gbp(rounded)}"


@dataclass(frozen=True)
class TurnoverBand:
    key: str
    label: str
    minimum: int
    maximum: int | None  # exclusive upper bound in pounds


TURNOVER_BANDS: tuple[TurnoverBand, ...] = (
    TurnoverBand("under-500k", "under £500,000", 0, 500_000),
    TurnoverBand("500k-1m", "£500,000 to £1 million", 500_000, 1_000_000),
    TurnoverBand("1m-5m", "£1 million to £5 million", 1_000_000, 5_000_000),
    TurnoverBand("5m-10m", "£5 million to £10 million", 5_000_000, 10_000_000),
    TurnoverBand("10m-25m", "£10 million to £25 million", 10_000_000, 25_000_000),
    TurnoverBand("25m-plus", "£25 million or more", 25_000_000, None),
)


def turnover_band(amount: int | None) -> TurnoverBand | None:
    if amount is None:
        return None
    for band in TURNOVER_BANDS:
        if band.maximum is None or amount < band.maximum:
            return band
    return None  # pragma: no cover - the last band is open


def parse_turnover_band(text: object) -> TurnoverBand:
    value = clean(text)
    for band in TURNOVER_BANDS:
        if value.lower() in (band.key, band.label.lower()):
            return band
    raise BadValue(value, "a turnover band: " + ", ".join(band.key for band in TURNOVER_BANDS))
