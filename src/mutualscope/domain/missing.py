"""Missing values and the error a value parser raises when it cannot read a cell."""

from __future__ import annotations

import re

# Spreadsheets say "unknown" in many ways; all of them mean the value is missing, and
# mutualscope keeps it missing rather than guessing.
MISSING_MARKERS = frozenset(
    {
        "",
        "-",
        "--",
        "?",
        "n/a",
        "na",
        "n.a.",
        "nk",
        "n/k",
        "none",
        "null",
        "nil",
        "unknown",
        "not known",
        "not available",
        "not applicable",
        "not stated",
        "tbc",
        "tbd",
        "#n/a",
    }
)

_SPACES = re.compile(r"\s+")


class BadValue(ValueError):
    """A cell that cannot be read; ``expected`` says which values are accepted."""

    def __init__(self, value: str, expected: str) -> None:
        super().__init__(f"{value!r} is not accepted; expected {expected}")
        self.value = value
        self.expected = expected


def clean(text: object) -> str:
    """Text with surrounding space trimmed and inner runs of space collapsed."""
    if text is None:
        return ""
    value = str(text).strip()
    # The regular expression is only needed for inner runs of space; most cells have none.
    if "  " in value or "\t" in value or "\n" in value or "\r" in value or "\xa0" in value:
        value = _SPACES.sub(" ", value)
    return value


def is_missing(text: object) -> bool:
    """True for blanks and the usual spellings of "unknown"."""
    return clean(text).lower() in MISSING_MARKERS
