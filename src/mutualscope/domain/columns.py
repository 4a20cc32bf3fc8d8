"""Registry columns: the fields mutualscope knows and the headers people give them."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Field name -> header spellings (normalised on load: case, spaces and punctuation ignored).
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "organisation",
        "organisation name",
        "organization",
        "organization name",
        "org name",
        "provider",
        "provider name",
        "mutual",
        "mutual name",
        "social enterprise",
        "company name",
        "registered name",
    ),
    "sector": ("sector", "industry", "service sector", "sector of activity"),
    "services": (
        "services",
        "service",
        "service type",
        "service types",
        "services provided",
        "type of service",
        "types of service",
        "main services",
    ),
    "region": (
        "region",
        "english region",
        "region name",
        "region code",
        "gor",
        "government office region",
        "rgn",
        "rgn23nm",
        "rgn23cd",
        "ons region",
    ),
    "employees": (
        "employees",
        "number of employees",
        "no of employees",
        "no. of employees",
        "employee count",
        "staff",
        "staff numbers",
        "number of staff",
        "headcount",
        "workforce",
        "size",
        "employees band",
        "size band",
    ),
    "turnover": (
        "turnover",
        "annual turnover",
        "turnover gbp",
        "turnover £",
        "income",
        "annual income",
        "total income",
        "revenue",
        "annual revenue",
    ),
    "year_established": (
        "year established",
        "established",
        "year",
        "year est",
        "est",
        "date est",
        "year founded",
        "founded",
        "date established",
        "start date",
        "launch date",
        "go live date",
        "go-live",
        "spin out year",
        "year of spin out",
        "incorporated",
        "date of incorporation",
        "incorporation date",
    ),
    "parent_body": (
        "parent body",
        "parent",
        "parent organisation",
        "parent organization",
        "spun out from",
        "former parent",
        "host",
        "origin",
        "originating body",
    ),
    "route": (
        "route",
        "spin out route",
        "spin-out route",
        "programme",
        "policy route",
        "route to independence",
        "funding route",
    ),
    "legal_form": (
        "legal form",
        "legal structure",
        "legal status",
        "company type",
        "organisation type",
        "incorporation type",
        "structure",
    ),
    "asset_lock": ("asset lock", "asset locked", "has asset lock"),
    "staff_ownership_share": (
        "staff ownership",
        "staff ownership share",
        "employee ownership",
        "staff shareholders",
        "staff members share",
        "share of staff members",
        "% staff members",
        "% staff shareholders",
        "staff owned share",
    ),
    "status": ("status", "trading status", "company status", "current status"),
    "website": ("website", "web site", "web", "url", "homepage", "web address"),
    "companies_house_number": (
        "companies house number",
        "company number",
        "company no",
        "companies house no",
        "crn",
        "company registration number",
        "registration number",
        "ch number",
    ),
    "charity_number": (
        "charity number",
        "registered charity number",
        "charity no",
        "charity registration number",
    ),
    "society_number": (
        "society number",
        "registered society number",
        "frn",
        "mutuals register number",
        "fca number",
    ),
    "ods_code": (
        "ods code",
        "ods",
        "organisation code",
        "organization code",
        "org code",
        "nhs code",
        "provider code",
        "ods org code",
    ),
    "postcode": (
        "postcode",
        "post code",
        "postal code",
        "zip",
        "reg address post code",
        "registered address postcode",
        "registered office postcode",
    ),
    "latitude": ("latitude", "lat"),
    "easting": ("easting", "eastings", "os easting", "grid easting", "oseast1m", "x easting"),
    "northing": ("northing", "northings", "os northing", "grid northing", "osnrth1m", "y northing"),
    "longitude": ("longitude", "lon", "lng", "long"),
    "notes": ("notes", "note", "comments", "comment", "remarks"),
}

IDENTIFIER_FIELDS = ("companies_house_number", "charity_number", "society_number", "ods_code")

_NON_WORD = re.compile(r"[^a-z0-9£%]+")
# "(£000)", "£k", "(£m)" after a turnover header give the unit of plain numbers.
_SCALE = re.compile(r"(?:£|gbp)\s*(000s?|k|m|millions?|thousands?)\b|\b(000s?)\b")


# Word boundaries inside CamelCase: "organisationName", "ODSCode" (not "RGN23NM").
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def header_key(header: str) -> str:
    """A header as synonyms are looked up: words in lower case, whatever joined them
    (spaces, punctuation, underscores or CamelCase: ``OrganisationName``, ``Region_Name``)."""
    return _NON_WORD.sub(" ", _CAMEL.sub(" ", header).lower().replace("&", " and ")).strip()


def _unsplit_key(header: str) -> str:
    return _NON_WORD.sub(" ", header.lower().replace("&", " and ")).strip()


def _strip_units(key: str) -> str:
    return re.sub(r"\s*£\s*(000s?|k|m|millions?|thousands?)?$|\s*\b000s?$", "", key).strip()


_LOOKUP: dict[str, str] = {
    header_key(spelling): field
    for field, spellings in FIELD_SYNONYMS.items()
    for spelling in spellings
}


# Headers that name a code without saying whose: the column's values decide whether it
# holds ODS codes or Companies House numbers (see mutualscope.domain.identifiers).
_CODE_HEADERS = frozenset(
    {
        "code",
        "organisation code",
        "organization code",
        "org code",
        "registered number",
        "registration number",
    }
)
# Headers that only sometimes mean a field ("OrganisationType" in NHS data holds "NHS
# Trust", not a legal form): the column is that field when most of its values are.
_VALUE_CHECKED_HEADERS = frozenset(
    {"organisation type", "organization type", "company type", "structure"}
)


def is_code_header(header: str) -> bool:
    """True for a header such as Code or OrganisationCode, whose values say what it holds."""
    return header_key(header) in _CODE_HEADERS or _unsplit_key(header) in _CODE_HEADERS


def is_value_checked(header: str) -> bool:
    """True for a header that means its field only if the column's values agree."""
    return header_key(header) in _VALUE_CHECKED_HEADERS


@dataclass(frozen=True)
class ColumnMatch:
    """What one header in a file means: a known field (with a unit scale) or a free attribute."""

    index: int
    header: str
    field: str | None
    scale: int = 1


def match_header(index: int, header: str) -> ColumnMatch:
    key = header_key(header)
    field = _LOOKUP.get(key) or _LOOKUP.get(_strip_units(key))
    if field is None and (whole := _unsplit_key(header)) != key:
        field = _LOOKUP.get(whole) or _LOOKUP.get(_strip_units(whole))
    scale = 1
    if field == "turnover" and (unit := _SCALE.search(header.lower())):
        text = unit.group(1) or unit.group(2)
        scale = 1_000_000 if text.startswith("m") else 1_000
    return ColumnMatch(index, header, field, scale)
