"""England's nine ONS regions, and reading the many ways people write them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mutualscope.domain.missing import BadValue, clean, is_missing


@dataclass(frozen=True)
class Region:
    code: str
    name: str


REGIONS: tuple[Region, ...] = (
    Region("E12000001", "North East"),
    Region("E12000002", "North West"),
    Region("E12000003", "Yorkshire and The Humber"),
    Region("E12000004", "East Midlands"),
    Region("E12000005", "West Midlands"),
    Region("E12000006", "East of England"),
    Region("E12000007", "London"),
    Region("E12000008", "South East"),
    Region("E12000009", "South West"),
)
REGION_NAMES: dict[str, str] = {region.code: region.name for region in REGIONS}

# Older and informal names. Keys are written as people write them; they are normalised
# on load, so case, punctuation and "&" versus "and" do not matter.
_ALIASES: dict[str, str] = {
    "NE": "E12000001",
    "North-East England": "E12000001",
    "North East England": "E12000001",
    "NW": "E12000002",
    "North West England": "E12000002",
    "Yorkshire": "E12000003",
    "Yorkshire and Humber": "E12000003",
    "Yorkshire and the Humber": "E12000003",
    "Yorks and Humber": "E12000003",
    "Yorks & Humber": "E12000003",
    "Yorkshire & Humberside": "E12000003",
    "Yorkshire and Humberside": "E12000003",
    "Y&H": "E12000003",
    "YH": "E12000003",
    "EM": "E12000004",
    "E Midlands": "E12000004",
    "WM": "E12000005",
    "W Midlands": "E12000005",
    "East": "E12000006",
    "Eastern": "E12000006",
    "East England": "E12000006",
    "East Anglia": "E12000006",
    "EoE": "E12000006",
    "Greater London": "E12000007",
    "SE": "E12000008",
    "South-East England": "E12000008",
    "South East England": "E12000008",
    "SW": "E12000009",
    "South West England": "E12000009",
}

ACCEPTED_REGIONS = (
    "one of the nine English regions ("
    + ", ".join(region.name for region in REGIONS)
    + "), an ONS code E12000001-E12000009, or an alias such as Eastern or Yorks and Humber"
)

_NON_WORD = re.compile(r"[^a-z0-9]+")


def region_key(text: str) -> str:
    """Lower-case letters and digits only, with '&' read as 'and'."""
    return _NON_WORD.sub("", text.lower().replace("&", "and"))


def _build_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for region in REGIONS:
        lookup[region_key(region.code)] = region.code
        lookup[region_key(region.name)] = region.code
    for alias, code in _ALIASES.items():
        lookup[region_key(alias)] = code
    return lookup


_LOOKUP = _build_lookup()


def parse_region(text: object) -> str | None:
    """The ONS code for a region name, code or alias; None when blank or unknown.

    Raises BadValue for text that names no English region.
    """
    if is_missing(text):
        return None
    value = clean(text)
    code = _LOOKUP.get(region_key(value))
    if code is None:
        raise BadValue(value, ACCEPTED_REGIONS)
    return code


def region_name(code: str) -> str:
    """The ONS name for a code (KeyError for a code that is not a region's)."""
    return REGION_NAMES[code]
