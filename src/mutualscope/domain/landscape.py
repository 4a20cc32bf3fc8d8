"""The landscape's arithmetic: fields to tally by, filters, distributions and shares.

Shares are of the organisations whose value is known (the denominator minus the
missing), the way the seed's "35% are small" is written; the missing are always
reported beside them so a reader can see what the share leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from mutualscope.domain.missing import BadValue, clean
from mutualscope.domain.money import TURNOVER_BANDS, parse_turnover_band
from mutualscope.domain.records import Vocabularies, parse_bool
from mutualscope.domain.regions import REGIONS, parse_region
from mutualscope.domain.sizes import SIZE_BANDS, parse_size_band

FIELDS: dict[str, str] = {
    "sector": "sector",
    "services": "service provided",
    "region": "region",
    "size": "size band",
    "year": "year established",
    "turnover": "turnover band",
    "route": "route",
    "legal-form": "legal form",
    "status": "status",
    "asset-lock": "asset lock",
}
MULTI_VALUED = frozenset({"services"})
# Fields whose values have a natural order; the rest are listed by count.
ORDERED = {
    "region": [region.code for region in REGIONS],
    "size": [band.key for band in SIZE_BANDS],
    "turnover": [band.key for band in TURNOVER_BANDS],
}
ACCEPTED_FIELDS = ", ".join(FIELDS)


def parse_field(text: str) -> str:
    key = clean(text).lower().replace("_", "-")
    aliases = {
        "service": "services",
        "legal form": "legal-form",
        "employees": "size",
        "year-established": "year",
        "sectors": "sector",
        "regions": "region",
    }
    key = aliases.get(key, key)
    if key not in FIELDS:
        raise BadValue(text, f"one of: {ACCEPTED_FIELDS}")
    return key


@dataclass(frozen=True)
class Filter:
    """``FIELD=VALUE`` with the value read into the key stored for it."""

    field: str
    value: str | int | bool

    def __str__(self) -> str:
        return f"{self.field}={self.value}"


def parse_filter(text: str, vocabularies: Vocabularies) -> Filter:
    """Read ``region=Eastern``, ``size=<50``, ``services=GP``, ``year=2011``..."""
    if "=" not in text:
        raise BadValue(text, f"FIELD=VALUE, where FIELD is one of: {ACCEPTED_FIELDS}")
    name, _, raw = text.partition("=")
    field = parse_field(name)
    value = clean(raw)
    readers: dict[str, Any] = {
        "sector": vocabularies.sector.parse,
        "services": vocabularies.service.parse,
        "route": vocabularies.route.parse,
        "legal-form": vocabularies.legal_form.parse,
        "region": parse_region,
        "size": lambda v: parse_size_band(v).key,
        "turnover": lambda v: parse_turnover_band(v).key,
        "asset-lock": parse_bool,
        "status": lambda v: v or None,
        "year": _year,
    }
    parsed = readers[field](value)
    if parsed is None:
        raise BadValue(text, f"a value after '{field}='")
    return Filter(field, parsed)


def _year(text: str) -> int:
    if not text.isdigit() or len(text) != 4:
        raise BadValue(text, "a four-digit year")
    return int(text)


def round_percent(share: float) -> int:
    """Whole percent, halves rounded up (as people do, unlike Python's round)."""
    return int(Decimal(str(share * 100)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_percent(share: float) -> str:
    """'35%'; 'less than 1%' for small non-zero shares; '100%' only when it is all."""
    if 0 < share < 0.005:
        return "less than 1%"
    percent = round_percent(share)
    if percent == 100 and share < 1:
        return "more than 99%"
    return f"{percent}%"


@dataclass(frozen=True)
class ValueCount:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Distribution:
    """How the organisations in a selection spread over one field's values."""

    field: str
    denominator: int
    known: int
    values: tuple[ValueCount, ...]
    mentions: int | None = None  # multi-valued fields: values counted across organisations

    @property
    def missing(self) -> int:
        return self.denominator - self.known

    def share(self, count: int) -> float:
        return count / self.known if self.known else 0.0

    def count_of(self, value: str) -> int:
        return next((v.count for v in self.values if v.value == value), 0)

    def to_dict(self) -> dict[str, Any]:
        multi = self.field in MULTI_VALUED
        values = []
        for item in self.values:
            entry: dict[str, Any] = {
                "value": item.value,
                "label": item.label,
                "count": item.count,
                "share": round(self.share(item.count), 4),
                "percent": format_percent(self.share(item.count)),
            }
            if multi:
                entry["share_of_mentions"] = (
                    round(item.count / self.mentions, 4) if self.mentions else 0.0
                )
            values.append(entry)
        return {
            "field": self.field,
            "denominator": self.denominator,
            "known": self.known,
            "missing": self.missing,
            "share_of": "organisations with a known value",
            "multi_valued": multi,
            "mentions": self.mentions,
            "values": values,
        }


def order_values(field: str, counts: list[ValueCount]) -> tuple[ValueCount, ...]:
    if field in ORDERED:
        rank = {key: index for index, key in enumerate(ORDERED[field])}
        return tuple(sorted(counts, key=lambda v: rank.get(v.value, len(rank))))
    if field == "year":
        return tuple(sorted(counts, key=lambda v: v.value))
    return tuple(sorted(counts, key=lambda v: (-v.count, v.label.lower())))
