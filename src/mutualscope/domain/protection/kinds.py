"""The kinds of personal data a scan looks for, and where a finding came from."""

from __future__ import annotations

from typing import Final

PERSON: Final = "person"
ORGANISATION: Final = "organisation"
PLACE: Final = "place"
EMAIL: Final = "email"
PHONE: Final = "phone"
POSTCODE: Final = "postcode"
NHS_NUMBER: Final = "nhs-number"
NI_NUMBER: Final = "ni-number"
DATE_OF_BIRTH: Final = "date-of-birth"
ADDRESS: Final = "address"
JOB_TITLE: Final = "job-title"

KINDS: Final = (
    PERSON,
    ORGANISATION,
    PLACE,
    EMAIL,
    PHONE,
    POSTCODE,
    NHS_NUMBER,
    NI_NUMBER,
    DATE_OF_BIRTH,
    ADDRESS,
    JOB_TITLE,
)

# Kinds found by their shape (and a checksum where there is one), not by a list of names.
STRUCTURED_KINDS: Final = (
    EMAIL,
    PHONE,
    POSTCODE,
    NHS_NUMBER,
    NI_NUMBER,
    DATE_OF_BIRTH,
    ADDRESS,
)

DESCRIPTIONS: Final = {
    PERSON: "a person's name, full or in part, nicknames included",
    ORGANISATION: "a named organisation that could point to someone (not national bodies)",
    PLACE: "a town, city, county or district",
    EMAIL: "an email address, typed or spoken ('sarah dot jones at nhs dot net')",
    PHONE: "a UK phone number: 01..., 02..., 03..., 07..., 08..., +44, any spacing",
    POSTCODE: "a UK postcode, full (LU1 3AB) or its outward part (LU1)",
    NHS_NUMBER: "a ten-digit NHS number whose mod-11 check digit holds",
    NI_NUMBER: "a National Insurance number with an allocated prefix",
    DATE_OF_BIRTH: "a date or year near 'born', 'DOB', 'date of birth' or 'birthday'",
    ADDRESS: "a street address: house number and street, or a named street",
    JOB_TITLE: "a post held by one person: 'the director of nursing at X'",
}

# Where a finding came from, in the order a tie between equal spans is settled.
SOURCES: Final = ("rule", "gazetteer", "lexicon", "model")
