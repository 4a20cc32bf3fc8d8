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
    "Yorkshire/Humber": "E12000003",
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
    "E of E": "E12000006",
    "Greater London": "E12000007",
    "SE": "E12000008",
    "South-East England": "E12000008",
    "South East England": "E12000008",
    "SW": "E12000009",
    "South West England": "E12000009",
}

# Places whose names begin with a compass point, which a reader of abbreviations would
# otherwise misread ("NE Lincolnshire" is in Yorkshire and The Humber, not the North East).
# Counties, unitary authorities and districts (2023, and a few abolished in 2009-2023 that
# registries still name); keys are normalised like the aliases.
_COMPASS_PLACES: dict[str, tuple[str, ...]] = {
    "E12000001": ("North Tyneside", "South Tyneside"),
    "E12000002": (
        "West Lancashire",
        "South Ribble",
        "South Lakeland",
        "Cheshire East",
        "Cheshire West and Chester",
    ),
    "E12000003": (
        "North Yorkshire",
        "South Yorkshire",
        "West Yorkshire",
        "East Yorkshire",
        "East Riding",
        "East Riding of Yorkshire",
        "North East Lincolnshire",
        "North Lincolnshire",
    ),
    "E12000004": (
        "North East Derbyshire",
        "South Derbyshire",
        "North West Leicestershire",
        "East Lindsey",
        "West Lindsey",
        "North Kesteven",
        "South Kesteven",
        "South Holland",
        "North Northamptonshire",
        "West Northamptonshire",
        "South Northamptonshire",
        "East Northamptonshire",
    ),
    "E12000005": (
        "East Staffordshire",
        "South Staffordshire",
        "North Warwickshire",
        "North Shropshire",
        "South Shropshire",
    ),
    "E12000006": (
        "North Norfolk",
        "South Norfolk",
        "East Suffolk",
        "West Suffolk",
        "South Cambridgeshire",
        "East Cambridgeshire",
        "North Hertfordshire",
        "East Hertfordshire",
    ),
    "E12000008": (
        "East Sussex",
        "West Sussex",
        "West Berkshire",
        "South Oxfordshire",
        "West Oxfordshire",
        "East Hampshire",
        "South Buckinghamshire",
        "East Kent",
        "West Kent",
    ),
    "E12000009": (
        "North Somerset",
        "South Somerset",
        "West Somerset",
        "South Gloucestershire",
        "North Devon",
        "East Devon",
        "West Devon",
        "North Dorset",
        "West Dorset",
        "East Dorset",
        "North Wiltshire",
        "North Cornwall",
    ),
}

# Names that could be more than one region: refused, naming the candidates.
_AMBIGUOUS: dict[str, tuple[str, ...]] = {
    "North": ("E12000001", "E12000002", "E12000003"),
    "Northern": ("E12000001", "E12000002", "E12000003"),
    "North of England": ("E12000001", "E12000002", "E12000003"),
    "South": ("E12000008", "E12000009"),
    "Southern": ("E12000008", "E12000009"),
    "Midlands": ("E12000004", "E12000005"),
    "The Midlands": ("E12000004", "E12000005"),
    "West": ("E12000005", "E12000009"),
}

ACCEPTED_REGIONS = (
    "one of the nine English regions ("
    + ", ".join(region.name for region in REGIONS)
    + "), an ONS code E12000001-E12000009, or an alias such as Eastern or Yorks and Humber"
)

_WORD = re.compile(r"[a-z0-9]+")
# Abbreviations as registries write them, spelled out before names are compared.
_SPELLED_OUT: dict[str, str] = {
    "n": "north",
    "nth": "north",
    "nrth": "north",
    "s": "south",
    "sth": "south",
    "e": "east",
    "w": "west",
    "ne": "north east",
    "nw": "north west",
    "se": "south east",
    "sw": "south west",
    "mids": "midlands",
    "midl": "midlands",
    "yorks": "yorkshire",
    "gtr": "greater",
    "gt": "greater",
    "eng": "england",
    "beds": "bedfordshire",
    "berks": "berkshire",
    "bucks": "buckinghamshire",
    "cambs": "cambridgeshire",
    "derbys": "derbyshire",
    "glos": "gloucestershire",
    "hants": "hampshire",
    "herts": "hertfordshire",
    "lancs": "lancashire",
    "leics": "leicestershire",
    "lincs": "lincolnshire",
    "northants": "northamptonshire",
    "notts": "nottinghamshire",
    "oxon": "oxfordshire",
    "staffs": "staffordshire",
    "warks": "warwickshire",
    "wilts": "wiltshire",
    "worcs": "worcestershire",
}
# Words that never tell regions apart.
_IGNORED = frozenset({"the", "region"})


def region_key(text: str) -> str:
    """A region's name as names are compared: lower-case words, '&' read as 'and',
    abbreviations spelled out ("N. West", "Yorks.", "Gtr"), "the" and "region" left out.

    A lone letter ("E", "N") is not spelled out: on its own it names no region.
    """
    return _key(text, lone_letters=False)


def _key(text: str, *, lone_letters: bool) -> str:
    words: list[str] = _WORD.findall(text.lower().replace("&", " and "))
    if len(words) == 1 and len(words[0]) == 1 and not lone_letters:
        return words[0]
    spelled = (_SPELLED_OUT.get(word, word) for word in words if word not in _IGNORED)
    return "".join(spelled).replace(" ", "")


def _build_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    spellings: list[tuple[str, str]] = [(r.code, r.code) for r in REGIONS]
    spellings += [(r.name, r.code) for r in REGIONS]
    spellings += [(alias, code) for alias, code in _ALIASES.items()]
    spellings += [(place, code) for code, places in _COMPASS_PLACES.items() for place in places]
    for spelling, code in spellings:
        key = region_key(spelling)
        if lookup.setdefault(key, code) != code:
            raise ValueError(f"region spelling {spelling!r} names two regions")
    return lookup


_LOOKUP = _build_lookup()
_AMBIGUOUS_KEYS = {_key(name, lone_letters=True): codes for name, codes in _AMBIGUOUS.items()}


def parse_region(text: object) -> str | None:
    """The ONS code for a region name, code or alias; None when blank or unknown.

    Raises BadValue for text that names no English region, or could name several.
    """
    if is_missing(text):
        return None
    value = clean(text)
    code = _LOOKUP.get(region_key(value))
    if code is None:
        candidates = _AMBIGUOUS_KEYS.get(_key(value, lone_letters=True))
        if candidates:
            names = [REGION_NAMES[c] for c in candidates]
            raise BadValue(
                value,
                f"one region, but {value!r} could be "
                + ", ".join(names[:-1])
                + f" or {names[-1]}; write which",
            )
        raise BadValue(value, ACCEPTED_REGIONS)
    return code


def region_name(code: str) -> str:
    """The ONS name for a code (KeyError for a code that is not a region's)."""
    return REGION_NAMES[code]
