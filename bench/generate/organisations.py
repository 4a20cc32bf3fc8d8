"""A registry spreadsheet of fictional mutuals, as messy as real ones.

Regions come in every spelling seen in real data (``"Eastern"``, ``"Yorkshire & Humber"``,
ONS codes), employees as numbers or bands, turnover as ``"£43m"``, ``"£850k"`` or plain
pounds, and missing values as blanks, ``"n/a"`` or ``"not known"``. Every value is one a
careful importer can read; none is a typo that it should reject.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

COLUMNS = (
    "Name",
    "Sector",
    "Services",
    "Region",
    "Employees",
    "Turnover",
    "Year established",
    "Parent body",
    "Route",
    "Legal form",
    "Asset lock",
    "Staff ownership",
    "Status",
    "Companies House number",
)

# ONS code -> spellings found in real spreadsheets for that region.
REGION_SPELLINGS = {
    "E12000001": ("North East", "North-East", "NORTH EAST", "north east"),
    "E12000002": ("North West", "North-West", "north west", "E12000002"),
    "E12000003": ("Yorkshire and The Humber", "Yorkshire & Humber", "Yorkshire and the Humber"),
    "E12000004": ("East Midlands", "east midlands", "EAST MIDLANDS"),
    "E12000005": ("West Midlands", "West midlands", "E12000005"),
    "E12000006": ("East of England", "Eastern", "East", "east of england", "E12000006"),
    "E12000007": ("London", "Greater London", "LONDON"),
    "E12000008": ("South East", "South-East", "south east"),
    "E12000009": ("South West", "South-West", "SOUTH WEST"),
}
SECTORS = (
    ("Health and social care", 0.72),
    ("health & social care", 0.06),
    ("Leisure", 0.07),
    ("Social work", 0.05),
    ("Education", 0.04),
    ("Housing", 0.03),
    ("Other", 0.03),
)
HEALTH_SERVICES = (
    "Multiple community health services",
    "GP/primary care",
    "Mental health",
    "Community nursing",
    "Health visiting",
    "Physiotherapy",
    "Speech and language therapy",
    "Audiology",
    "Lymphoedema",
    "Drug and alcohol",
    "Sexual health",
    "Dental",
)
OTHER_SERVICES = ("Leisure centres", "Libraries", "Youth services", "Children's social work")
ROUTES = (
    "Right to Request",
    "right to request",
    "SEIF grant",
    "Social Enterprise Investment Fund",
    "Other",
)
LEGAL_FORMS = (
    "CIC",
    "Community Interest Company",
    "Community Benefit Society",
    "Company Limited by Guarantee",
    "Co-operative society",
)
MISSING = ("", "", "", "n/a", "not known")
_PLACE_STARTS_TEXT = (
    "Ash Bram Cal Dun Elm Fen Gar Hal Ivy Ket Lark Mar Nor Oak Pen Quar Rook Sal Thorn Upp "
    "Vale Wen Yar Brack Cran Hollin Kil Mere Stan Wick"
)
PLACE_STARTS = _PLACE_STARTS_TEXT.split()
_PLACE_PREFIXES_TEXT = "North South East West Upper Lower Great Little"
PLACE_PREFIXES = _PLACE_PREFIXES_TEXT.split()
_PLACE_ENDS_TEXT = "ford dale wick by ham ley ton stow mere bury field holme worth gate combe"
PLACE_ENDS = _PLACE_ENDS_TEXT.split()
KINDS = (
    "Community Health CIC",
    "Health and Care",
    "Community Services",
    "Care Partnership",
    "Therapies CIC",
    "Healthcare Mutual",
    "Leisure Trust",
    "Social Enterprise",
    "Wellbeing Services",
    "Community Interest Company",
)


def _turnover(rng: random.Random) -> str:
    pounds = int(rng.lognormvariate(15.2, 1.3))
    pounds = max(120_000, min(pounds, 180_000_000))
    style = rng.random()
    if style < 0.35 and pounds >= 1_000_000:
        return f"£{pounds / 1_000_000:.{rng.choice((0, 1))}f}m"
    if style < 0.45 and pounds >= 1_000_000:
        return f"£{pounds / 1_000_000:.1f} million"
    if style < 0.6:
        return f"£{round(pounds, -3) // 1000}k"
    if style < 0.85:
        return f"£{round(pounds, -3):,}"
    return str(round(pounds, -3))


def _employees(rng: random.Random) -> str:
    count = max(3, min(int(rng.lognormvariate(4.7, 1.4)), 6000))
    style = rng.random()
    if style < 0.55:
        return f"{count:,}" if rng.random() < 0.5 else str(count)
    if count < 50:
        return rng.choice(("<50", "under 50", "1-49"))
    if count < 250:
        return "50-249"
    if count < 1000:
        return rng.choice(("250-999", "250 to 999"))
    return rng.choice(("1000+", "over 1,000", "1,000+"))


def _name(rng: random.Random, taken: set[str]) -> str:
    for _ in range(20):
        place = f"{rng.choice(PLACE_STARTS)}{rng.choice(PLACE_ENDS)}"
        if rng.random() < 0.4:
            place = f"{rng.choice(PLACE_PREFIXES)} {place}"
        name = f"{place} {rng.choice(KINDS)}"
        if name not in taken:
            taken.add(name)
            return name
    name = f"{name} {len(taken) + 1}"
    taken.add(name)
    return name


def make_organisation(rng: random.Random, taken: set[str]) -> dict[str, str]:
    """One spreadsheet row (column heading -> cell text)."""
    sector = rng.choices([s for s, _ in SECTORS], weights=[w for _, w in SECTORS])[0]
    pool = HEALTH_SERVICES if sector.lower().startswith("health") else OTHER_SERVICES
    services = rng.sample(pool, k=min(len(pool), rng.choice((1, 1, 1, 2, 3))))
    region_code = rng.choice(sorted(REGION_SPELLINGS))
    name = _name(rng, taken)
    place = name.split(" ")[1 if name.split(" ")[0] in PLACE_PREFIXES else 0]
    parent = rng.choice((f"NHS {place} PCT", f"{place} County Council", f"{place} PCT"))
    year = rng.choices(("2011", "2010", "2012", "2009", "2013", "2014", "2008"), k=1)[0]
    return {
        "Name": name,
        "Sector": sector,
        "Services": "; ".join(services),
        "Region": rng.choice(REGION_SPELLINGS[region_code]) if rng.random() > 0.03 else "",
        "Employees": _employees(rng) if rng.random() > 0.08 else rng.choice(MISSING),
        "Turnover": _turnover(rng) if rng.random() > 0.2 else rng.choice(MISSING),
        "Year established": year if rng.random() > 0.05 else "",
        "Parent body": parent if rng.random() > 0.1 else "",
        "Route": rng.choice(ROUTES) if rng.random() > 0.1 else "",
        "Legal form": rng.choice(LEGAL_FORMS),
        "Asset lock": rng.choice(("Yes", "Yes", "No", "Y", "")),
        "Staff ownership": rng.choice((f"{rng.randint(5, 100)}%", "100%", "")),
        "Status": rng.choice(("Trading", "Trading", "Trading", "Dissolved", "Merged")),
        "Companies House number": f"{rng.randint(5_000_000, 9_999_999):08d}",
    }


def make_organisations(count: int, *, seed: int = 0) -> list[dict[str, str]]:
    """``count`` rows with unique names; the same seed gives the same rows."""
    rng = random.Random(f"organisations:{seed}")
    taken: set[str] = set()
    return [make_organisation(rng, taken) for _ in range(count)]


def write_organisations_csv(rows: list[dict[str, str]], path: Path) -> Path:
    """Write the rows as UTF-8 CSV with a header row (``COLUMNS``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path
