"""Organisation identifiers as public bodies publish them: Companies House numbers and
NHS Organisation Data Service (ODS) codes, read from cells and recognised by their shape.

Companies House numbers have eight characters: eight digits for companies registered in
England and Wales (``01234567``), or a two-character prefix and six more for the other
registers (``SC123456`` Scotland, ``NI123456`` Northern Ireland, ``OC123456`` limited
liability partnerships, ``IP``/``RS`` registered societies ...). A spreadsheet that stored
the number as a number has lost its leading zeros (``1234567``); they are put back.

ODS codes follow the NHS Data Dictionary's coding frames: three characters for an
organisation (``RYJ`` an NHS trust, ``NQ1`` an independent provider, ``QE1`` an
integrated care board, ``00Q`` a former CCG, ``AD9``), five for a site or a non-NHS
organisation (``RYJ01``, ``8J123``, ``8HA03``), and a letter and five digits for a GP
practice (``A81001``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from mutualscope.domain import limits
from mutualscope.domain.missing import MISSING_MARKERS, BadValue, clean

COMPANIES_HOUSE = "companies_house_number"
ODS = "ods_code"

ACCEPTED_COMPANIES_HOUSE = (
    "a Companies House number of 8 characters: 8 digits such as 01234567 (leading zeros "
    "may be left out: 1234567) or two letters and six digits such as SC123456, NI123456 "
    "or OC123456"
)

# Any number Companies House issues: two prefix characters, then digits (a few registers
# end in letters, and LLP numbers may hold a P).
_COMPANIES_HOUSE = re.compile(r"^[A-Z0-9]{2}[0-9P]{3}[A-Z0-9]{3}$")
# What a column of numbers must hold to be read as Companies House numbers by its values.
_COMPANIES_HOUSE_TYPICAL = re.compile(
    r"^(?:\d{8}|(?:SC|NI|OC|SO|NC|R0|IP|SP|NP|RS|FC|SF|NF|GE|GS|GN|LP|SL|NL|CE|CS|NA|NZ"
    r"|ZC|AC|SE|SA|SZ|ES|EN|SG|FE)\d{6})$"
)
_ODS = re.compile(
    r"^(?:(?=[A-Z0-9]*[A-Z])[A-Z0-9]{3}"  # organisation: RYJ, NQ1, 00Q, AD9
    r"|(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9]*\d)[A-Z0-9]{5}"  # site or non-NHS body: RYJ01, 8J123
    r"|[A-Z]\d{5})$"  # GP practice: A81001
)
_DIGITS = re.compile(r"^\d+$")


def identifier_text(text: object) -> str | None:
    """A cell as identifiers are compared: upper case, no spaces, no ``.0`` that a
    spreadsheet added to a number; None when blank or marked unknown."""
    value = clean(text)
    if value.lower() in MISSING_MARKERS:
        return None
    value = value.upper().replace(" ", "")
    if value.endswith(".0") and value[:-2].isdigit():
        value = value[:-2]
    return value


def companies_house_key(value: str) -> str:
    """A Companies House number with the leading zeros a spreadsheet dropped put back."""
    if _DIGITS.match(value) and len(value) < 8:
        return value.zfill(8)
    return value


def parse_companies_house_number(text: object) -> str | None:
    """A Companies House number ('1234567' -> '01234567'); None when blank.

    Raises BadValue, saying what a number looks like, for anything else.
    """
    value = identifier_text(text)
    if value is None:
        return None
    if len(value) > limits.IDENTIFIER_CHARS:
        raise BadValue(
            value, f"at most {limits.IDENTIFIER_CHARS} characters; this has {len(value)}"
        )
    number = companies_house_key(value)
    if not _COMPANIES_HOUSE.match(number):
        raise BadValue(value, ACCEPTED_COMPANIES_HOUSE)
    return number


def looks_like_companies_house_number(value: str) -> bool:
    """True for a typical number (``01234567``, ``SC123456``), as from :func:`identifier_text`."""
    return bool(_COMPANIES_HOUSE_TYPICAL.match(value))


def looks_like_ods_code(value: str) -> bool:
    """True for a value shaped like an ODS code (``RYJ``, ``8J123``, ``A81001``)."""
    return bool(_ODS.match(value))


def canonical_identifier(kind: str, value: str) -> str:
    """An identifier as matching compares it, whatever form it was stored in."""
    value = value.upper().replace(" ", "")
    return companies_house_key(value) if kind == COMPANIES_HOUSE else value


KIND_NAMES = {COMPANIES_HOUSE: "Companies House numbers", ODS: "ODS codes"}


@dataclass(frozen=True)
class CodeColumnReading:
    """What the values of a column under a generic header ('Code') turned out to be:
    ``kind`` is the identifier field they hold, or None; ``reason`` says why, for the
    import report (None when there is nothing to say)."""

    kind: str | None
    reason: str | None = None


def read_code_column(header: str, cells: Iterable[str]) -> CodeColumnReading:
    """Decide from its values whether a column holds ODS codes or Companies House numbers.

    Every filled cell must have the shape; numbers that lost their leading zeros count as
    Companies House numbers only beside at least one whole eight-character number, since
    six or seven digits alone could as well be charity numbers.
    """
    values = {v for v in map(identifier_text, cells) if v}
    if not values:
        return CodeColumnReading(None)
    ods = {v for v in values if looks_like_ods_code(v)}
    typical = {v for v in values if looks_like_companies_house_number(v)}
    short_numbers = {v for v in values if _DIGITS.match(v) and len(v) < 8}
    if ods == values:
        return CodeColumnReading(ODS, _read_as(header, ODS))
    if typical and typical | short_numbers == values:
        return CodeColumnReading(COMPANIES_HOUSE, _read_as(header, COMPANIES_HOUSE))
    if ods and typical and ods | typical | short_numbers == values:
        return CodeColumnReading(
            None,
            f"column {header!r} holds both ODS codes (such as {min(ods)}) and Companies House "
            f"numbers (such as {min(typical)}), so it is kept as an attribute; put them in "
            "two columns, 'ODS code' and 'Companies House number', to match organisations "
            "by them.",
        )
    if short_numbers == values and all(len(v) >= 6 for v in values):
        return CodeColumnReading(
            None,
            f"column {header!r} holds numbers of 6 or 7 digits, which could be Companies "
            "House numbers that lost their leading zeros or charity numbers, so it is kept "
            "as an attribute; name the column 'Companies House number' or 'Charity number' "
            "to match organisations by it.",
        )
    return CodeColumnReading(None)


def _read_as(header: str, kind: str) -> str:
    return f"column {header!r} read as {KIND_NAMES[kind]}: every value in it has their shape."
