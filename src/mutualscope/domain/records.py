"""One registry row read into typed fields, with every problem in it named."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mutualscope.domain import limits
from mutualscope.domain.identifiers import parse_companies_house_number
from mutualscope.domain.missing import MISSING_MARKERS, BadValue, clean, is_missing
from mutualscope.domain.money import parse_gbp
from mutualscope.domain.national_grid import MAX_EASTING, MAX_NORTHING, parse_grid_metres
from mutualscope.domain.regions import parse_region
from mutualscope.domain.sizes import parse_employees
from mutualscope.domain.vocabularies import Vocabulary

ACCEPTED_YEAR = "a year between {first} and {last} (or a date such as 2011-04-01 or April 2011)"
FIRST_YEAR = 1800

_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    "july|august|september|october|november|december"
)
_YEAR_FORMS = (
    re.compile(r"^(\d{4})(?:\.0)?$"),
    re.compile(r"^(\d{4})-\d{1,2}-\d{1,2}(?:[ t].*)?$"),
    re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-](\d{4})$"),
    re.compile(rf"^(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{_MONTHS})\.?\s+(\d{{4}})$"),
)
_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})?$")
_TRUE = {"yes", "y", "true", "t", "1", "locked", "asset locked"}
_FALSE = {"no", "n", "false", "f", "0", "not locked", "none"}


@dataclass
class CellProblem:
    """Why one cell was refused: where it is, what it held and what is accepted."""

    row: int
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        shown = shown_value(self.value)
        return f"row {self.row}, column {self.column!r}: {shown} — expected {self.expected}"


#: A refused value longer than this is quoted by its start only.
SHOWN_CHARS = 60


def shown_value(value: str) -> str:
    """A cell as a message quotes it; a long one cut short."""
    if not value:
        return "(blank)"
    if len(value) <= SHOWN_CHARS:
        return repr(value)
    return f"{value[:SHOWN_CHARS]!r}…"


def check_length(value: str, limit: int) -> str:
    """``value`` if it has at most ``limit`` characters; else BadValue saying so."""
    if len(value) > limit:
        raise BadValue(value, f"at most {limit:,} characters; this has {len(value):,}")
    return value


@dataclass
class OrganisationRecord:
    """A row's values under mutualscope's field names; missing values are None."""

    row: int
    values: dict[str, Any] = field(default_factory=dict)
    services: list[str] | None = None  # None: the file has no services column
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Vocabularies:
    sector: Vocabulary
    service: Vocabulary
    route: Vocabulary
    legal_form: Vocabulary


def parse_year(text: object, *, current_year: int) -> int | None:
    if is_missing(text):
        return None
    value = clean(text)
    expected = ACCEPTED_YEAR.format(first=FIRST_YEAR, last=current_year)
    for form in _YEAR_FORMS:
        if match := form.match(value.lower()):
            year = int(match.group(1))
            if FIRST_YEAR <= year <= current_year:
                return year
            break
    raise BadValue(value, expected)


def parse_bool(text: object) -> bool | None:
    if is_missing(text):
        return None
    value = clean(text)
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise BadValue(value, "yes or no")


def parse_share(text: object) -> float | None:
    """A share between 0 and 1 from '45%', '45' or '0.45' (numbers above 1 are percents)."""
    if is_missing(text):
        return None
    value = clean(text)
    expected = "a share such as 45%, 45 or 0.45"
    try:
        number = float(value.rstrip("%").strip())
    except ValueError:
        raise BadValue(value, expected) from None
    if value.endswith("%") or number > 1:
        number /= 100
    if not 0 <= number <= 1:
        raise BadValue(value, expected + " (between 0% and 100%)")
    return round(number, 4)


def parse_coordinate(text: object, *, limit: float) -> float | None:
    if is_missing(text):
        return None
    value = clean(text)
    expected = f"decimal degrees between -{limit:g} and {limit:g} (WGS84)"
    try:
        number = float(value)
    except ValueError:
        raise BadValue(value, expected) from None
    if not -limit <= number <= limit:
        raise BadValue(value, expected)
    return number


def parse_postcode(text: object) -> str | None:
    if is_missing(text):
        return None
    value = clean(text).upper()
    match = _POSTCODE.match(value)
    if match is None:
        raise BadValue(value, "a UK postcode such as CB4 1AB (or its first half, CB4)")
    outward, inward = match.groups()
    return f"{outward} {inward}" if inward else outward


def parse_identifier(text: object) -> str | None:
    value = clean(text)
    if value.lower() in MISSING_MARKERS:
        return None
    value = value.upper().replace(" ", "")
    # Spreadsheets drop the leading zeros of company numbers stored as numbers.
    if value.endswith(".0") and value[:-2].isdigit():
        value = value[:-2]
    return check_length(value, limits.IDENTIFIER_CHARS)


def parse_text(text: object, *, limit: int | None = None) -> str | None:
    value = clean(text)  # what is_missing() would clean, cleaned once
    if value.lower() in MISSING_MARKERS:
        return None
    return value if limit is None else check_length(value, limit)


def parse_name(text: object) -> str | None:
    """An organisation's name; its matching key (:func:`name_key`) must fit as well."""
    value = parse_text(text)
    if value is None:
        return None
    check_length(value, limits.NAME_CHARS)
    key = name_key(value)
    if len(key) > limits.NAME_CHARS:
        raise BadValue(
            value,
            f"at most {limits.NAME_CHARS:,} characters once spelled out for matching "
            f"('&' as 'and'); this has {len(key):,}",
        )
    return value


# Fields whose values rarely repeat are not worth remembering between rows.
_UNCACHED = frozenset({"name", "notes", "website", "latitude", "longitude", "easting", "northing"})
_UNSEEN = object()


class RecordReader:
    """Reads the rows of one file. ``headers`` maps field -> the file's header (for
    messages). A value seen before in the same column is not parsed again, which makes
    large files with repetitive columns (regions, bands, sectors) several times faster."""

    def __init__(
        self,
        *,
        headers: Mapping[str, str],
        vocabularies: Vocabularies,
        current_year: int,
        turnover_scale: int = 1,
    ) -> None:
        self.headers = headers
        self._caches: dict[str, dict[str, Any]] = {}
        self._parsers: dict[str, Any] = {
            "name": parse_name,
            "sector": vocabularies.sector.parse,
            "services": lambda text: tuple(vocabularies.service.parse_many(text)),
            "region": parse_region,
            "employees": parse_employees,
            "turnover": lambda text: parse_gbp(text, scale=turnover_scale),
            "year_established": lambda text: parse_year(text, current_year=current_year),
            "parent_body": lambda text: parse_text(text, limit=limits.PARENT_BODY_CHARS),
            "route": vocabularies.route.parse,
            "legal_form": vocabularies.legal_form.parse,
            "asset_lock": parse_bool,
            "staff_ownership_share": parse_share,
            "status": lambda text: parse_text(text, limit=limits.STATUS_CHARS),
            "website": lambda text: parse_text(text, limit=limits.WEBSITE_CHARS),
            "postcode": parse_postcode,
            "latitude": lambda text: parse_coordinate(text, limit=90),
            "longitude": lambda text: parse_coordinate(text, limit=180),
            "easting": lambda text: parse_grid_metres(text, limit=MAX_EASTING),
            "northing": lambda text: parse_grid_metres(text, limit=MAX_NORTHING),
            "companies_house_number": parse_companies_house_number,
            "notes": parse_text,
        }

    def _parse(self, name: str, raw: str) -> Any:
        try:
            return self._parsers.get(name, parse_identifier)(raw)
        except BadValue as error:
            return error

    def read(
        self, row: int, cells: Mapping[str, str]
    ) -> tuple[OrganisationRecord, list[CellProblem]]:
        """Parse the known fields of one row (``cells`` maps field -> raw text)."""
        record = OrganisationRecord(row)
        problems: list[CellProblem] = []
        values = record.values
        caches = self._caches
        for name, raw in cells.items():
            cache = caches.get(name)
            if cache is None:
                if name in _UNCACHED:
                    result = self._parse(name, raw)
                else:
                    cache = caches[name] = {}
            if cache is not None:
                result = cache.get(raw, _UNSEEN)
                if result is _UNSEEN:
                    result = cache[raw] = self._parse(name, raw)
            if isinstance(result, BadValue):
                problems.append(CellProblem(row, self.headers[name], clean(raw), result.expected))
            elif name == "services":
                record.services = list(result)
            elif name == "employees":
                values["employees_min"] = result.minimum if result else None
                values["employees_max"] = result.maximum if result else None
            else:
                values[name] = result
        # A blank name is a problem; a refused one has said so already (and is not in values).
        if "name" in values and values["name"] is None:
            problems.append(CellProblem(row, self.headers["name"], "", "the organisation's name"))
        return record, problems

    def read_columns(
        self, rows: Sequence[int], columns: Mapping[str, Sequence[str]]
    ) -> list[tuple[OrganisationRecord, list[CellProblem]]]:
        """What :meth:`read` gives for each row, for a whole file at once. ``columns`` maps
        field -> raw text per row (in the order of ``rows``, the row numbers).

        Each column is parsed in one pass over its distinct values and the records are
        assembled from the parsed columns; a row with any problem goes through
        :meth:`read`, so its record and messages are exactly the per-row ones.
        """
        count = len(rows)
        bad = [False] * count
        parsed: dict[str, list[Any]] = {}
        for name, raws in columns.items():
            parsed[name] = results = self._parse_column(name, raws)
            if name in _UNCACHED or any(
                isinstance(v, BadValue) for v in self._caches[name].values()
            ):
                for index, result in enumerate(results):
                    if isinstance(result, BadValue):
                        bad[index] = True
        if "name" in parsed:
            for index, result in enumerate(parsed["name"]):
                if result is None:
                    bad[index] = True
        keys: list[str] = []
        value_columns: list[list[Any]] = []
        for name, results in parsed.items():
            if name == "services":
                continue
            if name == "employees":
                keys += ["employees_min", "employees_max"]
                ranges = [None if isinstance(r, BadValue) else r for r in results]
                value_columns.append([r.minimum if r else None for r in ranges])
                value_columns.append([r.maximum if r else None for r in ranges])
            else:
                keys.append(name)
                value_columns.append(results)
        services = parsed.get("services")
        rows_values = zip(*value_columns, strict=True) if keys else ((),) * count
        out: list[tuple[OrganisationRecord, list[CellProblem]]] = []
        for index, values in enumerate(rows_values):
            if bad[index]:
                cells = {name: raws[index] for name, raws in columns.items()}
                out.append(self.read(rows[index], cells))
                continue
            record = OrganisationRecord(rows[index], dict(zip(keys, values, strict=True)))
            if services is not None:
                record.services = list(services[index])
            out.append((record, []))
        return out

    def _parse_column(self, name: str, raws: Sequence[str]) -> list[Any]:
        if name in _UNCACHED:
            return [self._parse(name, raw) for raw in raws]
        cache = self._caches.setdefault(name, {})
        for raw in set(raws).difference(cache):
            cache[raw] = self._parse(name, raw)
        return list(map(cache.__getitem__, raws))


def read_record(
    row: int,
    cells: Mapping[str, str],
    *,
    headers: Mapping[str, str],
    vocabularies: Vocabularies,
    current_year: int,
    turnover_scale: int = 1,
) -> tuple[OrganisationRecord, list[CellProblem]]:
    """Parse one row on its own (see :class:`RecordReader` for a whole file)."""
    reader = RecordReader(
        headers=headers,
        vocabularies=vocabularies,
        current_year=current_year,
        turnover_scale=turnover_scale,
    )
    return reader.read(row, cells)


_CIC = re.compile(r"\bc\.?\s?i\.?\s?c\b\.?")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NAME_WORDS = {"limited": "ltd", "company": "co", "incorporated": "inc"}


def name_key(name: str) -> str:
    """The name as re-imports match it: case, accents, punctuation and 'Limited'/'Ltd' ignored."""
    if name.isascii():
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
        text = text.lower()
    text = text.replace("&", " and ")
    if "c" in text:
        text = _CIC.sub("cic", text).replace("community interest company", "cic")
    words = _NON_ALNUM.sub(" ", text).split()
    return " ".join([_NAME_WORDS.get(word, word) for word in words])
