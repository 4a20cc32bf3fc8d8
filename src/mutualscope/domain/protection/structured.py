"""Rules for the kinds that have a shape: emails, phones, postcodes, NHS and National
Insurance numbers, dates of birth and street addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mutualscope.domain.protection.checksums import nhs_number_valid, ni_prefix_valid
from mutualscope.domain.protection.findings import Finding, make_finding
from mutualscope.domain.protection.kinds import (
    ADDRESS,
    DATE_OF_BIRTH,
    EMAIL,
    NHS_NUMBER,
    NI_NUMBER,
    PHONE,
    POSTCODE,
)


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# As a transcriber types what was said: "sarah dot jones at nhs dot net".
# Repeats are bounded: "a dot a dot a dot ..." must not make every start a long search.
_SPOKEN_EMAIL = re.compile(
    r"\b[a-z0-9]+(?:\s+(?:dot|underscore|hyphen|dash)\s+[a-z0-9]+){0,4}\s+at\s+"
    r"[a-z0-9-]+(?:\s+dot\s+[a-z0-9-]+){0,4}\s+dot\s+(?:com|net|org|uk|gov|nhs|ac|co)\b",
    re.IGNORECASE,
)

# A UK number: +44 (with or without "(0)") or a leading 0, then digits in any spacing.
_PHONE = re.compile(r"(?<![\w+])(?:\+\s?44\s?(?:\(0\)\s?)?|\(0|0)[\d)][\d \-)]{7,14}\d(?![\d])")

_POSTCODE_AREAS = _words(
    """AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL
    DN DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT
    KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG
    RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC
    WD WF WN WR WS WV YO ZE"""
)
_FULL_POSTCODE = re.compile(r"\b([A-Z]{1,2})(\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)
_OUTWARD = re.compile(r"\b([A-Z]{1,2})(\d[A-Z\d]?)\b")
_OUTWARD_BEFORE = re.compile(
    r"(?:postcode|post code|area|district|in|around|near|covering|cover|from|to)\s*$",
    re.IGNORECASE,
)
# "LU1, LU2 and LU3": a list goes on from a postcode just found.
_LIST_BEFORE = re.compile(r"^\s*(?:,|and|or|,\s*and|,\s*or)\s*$", re.IGNORECASE)
_OUTWARD_AFTER = re.compile(
    r"^\s*(?:areas?|postcodes?|post codes?|districts?|side|patch)\b", re.IGNORECASE
)
_MOTORWAY_BEFORE = re.compile(r"(?:the|on|off|via|junction)\s*$", re.IGNORECASE)

_NHS = re.compile(r"(?<![\w])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w])")
_NHS_CONTEXT = re.compile(r"\bNHS\s*(?:number|no\b|num\b|#)", re.IGNORECASE)

_NINO = re.compile(
    r"\b([A-Z]{2})[ ]?(\d{2})[ ]?(\d{2})[ ]?(\d{2})(?:[ ]?([A-D]))?\b", re.IGNORECASE
)
_NINO_CONTEXT = re.compile(r"national insurance|\bNI\b|\bNINO\b", re.IGNORECASE)

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_DATE = re.compile(
    rf"\b(?:{_DAY}(?:\s+of)?\s+{_MONTHS},?\s+{_YEAR}"
    rf"|{_MONTHS}\s+{_DAY},?\s+{_YEAR}"
    rf"|[0-3]?\d[/.\-][01]?\d[/.\-](?:{_YEAR}|\d{{2}})"
    rf"|{_YEAR}-[01]\d-[0-3]\d"
    rf"|{_MONTHS}\s+{_YEAR}"
    rf"|{_YEAR})\b",
    re.IGNORECASE,
)
_BIRTH = re.compile(
    r"\b(?:born|d\.?o\.?b\b\.?|date of birth|birthday|birth date)(?!\w)", re.IGNORECASE
)

_STREET_TYPES = (
    r"(?:Street|St|Road|Rd|Lane|Avenue|Ave|Close|Drive|Way|Crescent|Place|Court|Gardens|"
    r"Terrace|Grove|Row|Square|Walk|Mews|Parade|Rise|Hill|Green|Park|Gate|View|Yard|Estate|"
    r"Buildings|Chambers)"
)
_ADDRESS = re.compile(
    rf"\b(?:(?:Flat|Unit|Apartment)\s+\d+[A-Za-z]?,?\s+)?(?:\d{{1,4}}[A-Za-z]?,?\s+)?"
    rf"(?:[A-Z][a-z']+(?:[ \t]+|[ \t]*\n[ \t]*)){{1,3}}{_STREET_TYPES}\b\.?"
)
_HOUSE_NUMBER = re.compile(r"^(?:(?:Flat|Unit|Apartment)\s+)?\d")
# Without a house number only these make a street: "Hill", "Green" or "Park" end
# surnames and buildings as often as streets, and "St" is a saint.
_UNNUMBERED_STREET_TYPES = _words(
    "Street Road Lane Avenue Close Drive Crescent Terrace Grove Mews Parade Buildings Chambers"
)
# "Street" and friends after words that make a phrase, not an address ("High Street" is
# kept only with a number; "the Care Park" is nobody's home).
_NOT_STREET_NAMES = _words(
    "the a an our their this that high main new old car business science retail"
)


def find_emails(text: str) -> Iterator[Finding]:
    for match in _EMAIL.finditer(text) if "@" in text else ():
        end = match.end()
        while end > match.start() and text[end - 1] in ".-":
            end -= 1
        yield make_finding(text, match.start(), end, EMAIL, 0.99, "rule", "email")
    spoken = " dot " in text.lower()
    for match in _SPOKEN_EMAIL.finditer(text) if spoken else ():
        yield make_finding(text, match.start(), match.end(), EMAIL, 0.9, "rule", "spoken email")


def _national_digits(raw: str) -> str | None:
    digits = re.sub(r"\D", "", raw)
    if raw.lstrip().startswith("+"):
        if not digits.startswith("44"):
            return None
        digits = digits[2:]
        digits = digits[1:] if digits.startswith("0") else digits
        digits = "0" + digits
    return digits


def find_phones(text: str) -> Iterator[Finding]:
    for match in _PHONE.finditer(text):
        raw = match.group()
        digits = _national_digits(raw)
        if digits is None or len(digits) not in (10, 11) or digits[1] not in "123578":
            continue
        start = match.start()
        end = match.end()
        if raw.startswith("(") and ")" not in raw:
            start += 1
        confidence = 0.95 if len(digits) == 11 else 0.85
        yield make_finding(text, start, end, PHONE, confidence, "rule", "UK phone number")


def _outward_in_context(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 25) : start]
    if _OUTWARD_AFTER.search(text[end : end + 15]):
        return True
    if _MOTORWAY_BEFORE.search(before):
        return bool(re.search(r"post ?code\s*$", before[: before.rstrip().rfind(" ") + 1], re.I))
    return bool(_OUTWARD_BEFORE.search(before))


def find_postcodes(text: str) -> Iterator[Finding]:
    full_spans: list[tuple[int, int]] = []
    for match in _FULL_POSTCODE.finditer(text):
        if match.group(1).upper() not in _POSTCODE_AREAS:
            continue
        upper = match.group() == match.group().upper()
        full_spans.append(match.span())
        yield make_finding(
            text, *match.span(), POSTCODE, 0.95 if upper else 0.75, "rule", "full postcode"
        )
    last_end = -100
    for match in _OUTWARD.finditer(text):
        if match.group(1) not in _POSTCODE_AREAS:
            continue
        if any(s <= match.start() < e for s, e in full_spans):
            continue
        if re.match(r"\s?\d", text[match.end() : match.end() + 2]):
            continue  # "LU1 2CV": a mistyped full postcode or a number, not an outward code
        listed = _LIST_BEFORE.match(text[last_end : match.start()]) if last_end >= 0 else None
        if not listed and not _outward_in_context(text, match.start(), match.end()):
            continue
        last_end = match.end()
        yield make_finding(text, *match.span(), POSTCODE, 0.7, "rule", "outward postcode")


def find_nhs_numbers(text: str) -> Iterator[Finding]:
    for match in _NHS.finditer(text):
        digits = match.group(1) + match.group(3) + match.group(4)
        near = text[max(0, match.start() - 40) : match.start()]
        in_context = bool(_NHS_CONTEXT.search(near))
        if nhs_number_valid(digits):
            confidence, rule = (0.99 if in_context else 0.9), "NHS number, check digit holds"
        elif in_context:
            confidence, rule = 0.6, "NHS number, check digit fails (mistyped?)"
        else:
            continue
        yield make_finding(text, *match.span(), NHS_NUMBER, confidence, "rule", rule)


def find_ni_numbers(text: str) -> Iterator[Finding]:
    for match in _NINO.finditer(text):
        if not ni_prefix_valid(match.group(1)):
            continue
        near = text[max(0, match.start() - 50) : match.start()]
        upper = match.group() == match.group().upper()
        in_context = bool(_NINO_CONTEXT.search(near))
        if not upper and not in_context:
            continue
        confidence = 0.97 if in_context else (0.9 if match.group(5) else 0.75)
        yield make_finding(
            text, *match.span(), NI_NUMBER, confidence, "rule", "National Insurance number"
        )


def find_dates_of_birth(text: str) -> Iterator[Finding]:
    for trigger in _BIRTH.finditer(text):
        window_end = min(len(text), trigger.end() + 45)
        match = _DATE.search(text, trigger.end(), window_end)
        if match is not None and re.search(r"[.?!\n]", text[trigger.end() : match.start()]):
            match = None
        if match is None:
            match = _date_in_answer(text, trigger.end())
        if match is None:
            continue
        year_only = match.group().isdigit()
        confidence = 0.75 if year_only else 0.95
        rule = "year of birth" if year_only else "date near 'born'"
        yield make_finding(text, *match.span(), DATE_OF_BIRTH, confidence, "rule", rule)


_ANSWER_START = re.compile(r"\n+[ \t]*(?:[^\n:]{1,40}:)?[ \t]*")


def _date_in_answer(text: str, position: int) -> re.Match[str] | None:
    """ "And your date of birth?" answered at the start of the next turn."""
    line_end = text.find("\n", position)
    if line_end == -1 or "?" not in text[position:line_end]:
        return None
    answer = _ANSWER_START.match(text, line_end)
    if answer is None:
        return None
    return _DATE.match(text, answer.end())


def find_addresses(text: str) -> Iterator[Finding]:
    for match in _ADDRESS.finditer(text):
        words = match.group().rstrip(".").split()
        numbered = bool(_HOUSE_NUMBER.match(match.group()))
        name_words = [
            w
            for w in words[:-1]
            if not w[0].isdigit() and w.rstrip(",") not in ("Flat", "Unit", "Apartment")
        ]
        if not name_words:
            continue
        if not numbered and (
            words[-1] not in _UNNUMBERED_STREET_TYPES or name_words[0].lower() in _NOT_STREET_NAMES
        ):
            continue
        end = match.end()
        if text[end - 1] == ".":
            end -= 1
        confidence = 0.9 if numbered else 0.7
        yield make_finding(text, match.start(), end, ADDRESS, confidence, "rule", "street")


def find_structured(text: str) -> list[Finding]:
    """Every finding of the structured kinds, overlaps not yet settled."""
    found: list[Finding] = []
    for finder in (
        find_emails,
        find_phones,
        find_postcodes,
        find_nhs_numbers,
        find_ni_numbers,
        find_dates_of_birth,
        find_addresses,
    ):
        found.extend(finder(text))
    return found
