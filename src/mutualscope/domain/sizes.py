"""Employee numbers as ranges, and the size bands the landscape is reported in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mutualscope.domain.limits import MAX_EMPLOYEES
from mutualscope.domain.missing import BadValue, clean, is_missing


@dataclass(frozen=True)
class EmployeeRange:
    """What is known about an organisation's headcount: both ends inclusive.

    An exact count has ``minimum == maximum``; an open band ("1,000+") has no maximum.
    """

    minimum: int
    maximum: int | None

    @property
    def exact(self) -> bool:
        return self.minimum == self.maximum


@dataclass(frozen=True)
class SizeBand:
    key: str
    label: str
    minimum: int
    maximum: int | None


SIZE_BANDS: tuple[SizeBand, ...] = (
    SizeBand("under-50", "fewer than 50", 0, 49),
    SizeBand("50-249", "50-249", 50, 249),
    SizeBand("250-999", "250-999", 250, 999),
    SizeBand("1000-plus", "1,000 or more", 1000, None),
)

ACCEPTED_EMPLOYEES = (
    "a whole number of employees (e.g. 120) or a band such as <50, 50-249, 250-999, "
    "1,000+ or over 1000"
)

_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+)"
_UNIT = r"(?:\s*(?:employees|staff|people|headcount|fte))?"
_EXACT = re.compile(rf"^(?:c\.?|ca\.?|approx\.?|about|around|~)?\s*{_NUMBER}{_UNIT}$")
_BETWEEN = re.compile(rf"^(?:between\s+)?{_NUMBER}\s*(?:-|–|—|to|and)\s*{_NUMBER}{_UNIT}$")
_BELOW = re.compile(rf"^(?:<|fewer than|less than|under|below|up to|<=|≤)\s*{_NUMBER}{_UNIT}$")
_ABOVE = re.compile(rf"^(?:>|more than|over|above)\s*{_NUMBER}{_UNIT}$")
_AT_LEAST = re.compile(rf"^(?:>=|≥|at least)\s*{_NUMBER}{_UNIT}$")
_PLUS = re.compile(rf"^{_NUMBER}\s*(?:\+|or more|and over|and above){_UNIT}$")


def _int(text: str, value: str) -> int:
    """A count from its digits; more than any employer has is refused (``value`` is the
    cell, for the message), before a long run of digits becomes a number."""
    digits = text.replace(",", "").lstrip("0")
    if len(digits) > len(str(MAX_EMPLOYEES)) or int(digits or "0") > MAX_EMPLOYEES:
        raise BadValue(value, f"at most {MAX_EMPLOYEES:,} employees")
    return int(digits or "0")


def parse_employees(text: object) -> EmployeeRange | None:
    """An employee count or band as a range; None when blank or unknown.

    Raises BadValue for negative, fractional or unreadable counts.
    """
    if is_missing(text):
        return None
    value = clean(text)
    lowered = value.lower()
    if lowered.endswith(".0") and lowered[:-2].isdigit():
        lowered = lowered[:-2]  # spreadsheets store whole numbers as floats
    if match := _EXACT.match(lowered):
        count = _int(match.group(1), value)
        return EmployeeRange(count, count)
    if match := _BETWEEN.match(lowered):
        low, high = _int(match.group(1), value), _int(match.group(2), value)
        if low > high:
            raise BadValue(value, ACCEPTED_EMPLOYEES + " (the lower number first)")
        return EmployeeRange(low, high)
    if match := _BELOW.match(lowered):
        bound = _int(match.group(1), value)
        inclusive = lowered.startswith(("up to", "<=", "≤"))
        high = bound if inclusive else bound - 1
        if high < 0:
            raise BadValue(value, ACCEPTED_EMPLOYEES)
        return EmployeeRange(0, high)
    if match := _ABOVE.match(lowered):
        return EmployeeRange(_int(match.group(1), value) + 1, None)
    if match := (_AT_LEAST.match(lowered) or _PLUS.match(lowered)):
        return EmployeeRange(_int(match.group(1), value), None)
    raise BadValue(value, ACCEPTED_EMPLOYEES)


def size_band(minimum: int | None, maximum: int | None) -> SizeBand | None:
    """The band holding the whole range, or None when the range is unknown or straddles bands."""
    if minimum is None:
        return None
    for band in SIZE_BANDS:
        if minimum < band.minimum:
            continue
        if band.maximum is None:
            return band
        if minimum <= band.maximum and maximum is not None and maximum <= band.maximum:
            return band
    return None


def parse_size_band(text: object) -> SizeBand:
    """A size band named by key or label, or by a band as written on import ("<50")."""
    value = clean(text)
    for band in SIZE_BANDS:
        if value.lower() in (band.key, band.label.lower()):
            return band
    labels = ", ".join(band.label for band in SIZE_BANDS)
    try:
        employees = parse_employees(value)
    except BadValue:
        raise BadValue(value, f"a size band: {labels}") from None
    found = None if employees is None else size_band(employees.minimum, employees.maximum)
    if found is None:
        raise BadValue(value, f"a size band: {labels}")
    return found
