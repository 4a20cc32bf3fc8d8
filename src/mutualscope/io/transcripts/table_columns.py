"""A turn table's columns: which holds the speaker, the words, the times, the document,
and which are kept as attributes; and how a cell's time is read.

Headers are matched as people write them: any capitals, ``Time_Mark``, ``TimeMark``,
``time-mark`` and ``Time Mark`` are one name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from mutualscope.domain.records import shown_value
from mutualscope.io.transcripts.document import fail

#: A turn's time, in seconds, may be at most a week into the recording.
MAX_SECONDS = 7 * 24 * 3600
ROLES = ("speaker", "text", "start", "end")
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "speaker": ("speaker", "name", "who", "participant", "speaker label", "label", "speaker name"),
    "text": (
        "text", "words", "utterance", "transcript", "content", "speech", "turn", "quote",
        "transcription", "dialogue",
    ),
    "start": (
        "start", "start time", "begin", "begin time", "from", "in", "time", "timestamp",
        "time stamp", "time mark", "timecode", "time code", "start timecode", "start timestamp",
    ),
    "end": ("end", "end time", "to", "out", "stop", "end timestamp", "end timecode"),
}  # fmt: skip
ROLE_NAMES = {"speaker": "speaker", "text": "words", "start": "start", "end": "end"}

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SEPARATORS = re.compile(r"[\s_\-.]+")
_CLOCK = re.compile(
    r"(?:(?P<hours>\d{1,3}):)?(?P<minutes>\d{1,2}):(?P<seconds>\d{1,2}(?:[.,]\d{1,6})?)"
)
_BRACKETS = {"[": "]", "(": ")", "{": "}"}


@dataclass(frozen=True)
class TableOptions:
    """How to read a turn table: the column whose values split it into documents, and
    the column holding each turn's start time (instead of the one found by its name)."""

    document_column: str | None = None
    time_column: str | None = None


@dataclass
class ColumnReport:
    """What became of a table's columns, for the import report."""

    roles: dict[str, str] = field(default_factory=dict)  # role -> header
    document: list[str] = field(default_factory=list)  # kept as document attributes
    turn: list[str] = field(default_factory=list)  # kept as turn attributes
    ignored: list[str] = field(default_factory=list)  # with the reason in brackets

    def describe(self) -> str:
        """One line: "speaker 'Speaker', words 'Text'; document attributes: Site; ..."."""
        used = ", ".join(f"{ROLE_NAMES.get(r, r)} {h!r}" for r, h in self.roles.items())
        parts = [f"columns read: {used}"] if used else []
        if self.document:
            parts.append("document attributes: " + ", ".join(self.document))
        if self.turn:
            parts.append("turn attributes: " + ", ".join(self.turn))
        if self.ignored:
            parts.append("ignored: " + ", ".join(self.ignored))
        return "; ".join(parts)


@dataclass
class ColumnPlan:
    """Column positions by role, the document column, and every other named column."""

    roles: dict[str, int]
    has_header: bool
    headers: list[str]
    document: int | None = None
    others: list[int] = field(default_factory=list)

    def name(self, index: int) -> str:
        header = self.headers[index] if index < len(self.headers) else ""
        return header or f"column {index + 1}"


def header_key(header: Any) -> str:
    """A header as compared: ``Time_Mark``, ``TimeMark`` and ``time mark`` -> "time mark"."""
    if header is None:
        return ""
    text = _CAMEL.sub(" ", str(header).strip().lstrip("\ufeff"))
    return _SEPARATORS.sub(" ", text).strip().casefold()


def _named(path: Path, headers: list[str], keys: list[str], option: str, name: str) -> int:
    wanted = header_key(name)
    for index, key in enumerate(keys):
        if key == wanted and key:
            return index
    shown = ", ".join(h for h in headers if h) or "(none)"
    raise fail(
        path,
        f"row 1: no column named {name!r} (given as {option}); the columns are: {shown}. "
        f"Give {option} one of these names.",
    )


def plan_columns(path: Path, header: Sequence[Any], options: TableOptions) -> ColumnPlan:
    """Find the columns by header; a headerless table of two columns is speaker, words."""
    headers = [str(h).strip().lstrip("\ufeff") if h is not None else "" for h in header]
    keys = [header_key(h) for h in header]
    roles: dict[str, int] = {}
    taken: set[int] = set()
    document = None
    if options.document_column:
        document = _named(path, headers, keys, "--document-column", options.document_column)
        taken.add(document)
    if options.time_column:
        roles["start"] = _named(path, headers, keys, "--time-column", options.time_column)
        taken.add(roles["start"])
    for role, synonyms in COLUMN_NAMES.items():
        if role in roles:
            continue
        for synonyms_index in range(len(synonyms)):
            # The most usual name first: "Start" before "Time" when a table has both.
            wanted = synonyms[synonyms_index]
            index = next((i for i, k in enumerate(keys) if k == wanted and i not in taken), None)
            if index is not None:
                roles[role] = index
                taken.add(index)
                break
    if "text" in roles:
        others = [i for i in range(len(headers)) if i not in taken]
        return ColumnPlan(roles, True, headers, document, others)
    if document is None and len(header) == 2 and all(h not in (None, "") for h in header):
        return ColumnPlan({"speaker": 0, "text": 1}, False, ["", ""])
    raise fail(
        path,
        "row 1: cannot find the column of words; name the columns speaker, text "
        "(and optionally start, end), or give exactly two columns: speaker and text",
    )


def cell_value(value: Any) -> Any:
    """A cell as an attribute holds it: text stripped, whole numbers as int, dates and
    times as ISO text; None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return int(value) if value.is_integer() else value
    if isinstance(value, int):
        return value
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    return str(value).strip() or None


def cell_text(value: Any) -> str:
    """A cell as text ("" when empty); whole numbers without ".0"."""
    shown = cell_value(value)
    return "" if shown is None else str(shown)


def _clock_seconds(text: str) -> float:
    """Seconds in ``hh:mm:ss``, ``mm:ss``, either with ``.mmm``/``,mmm``, in brackets or
    not (``[00:01:02]``), or a number of seconds (``62``, ``62.5``, ``62.5s``)."""
    if text[:1] in _BRACKETS and text.endswith(_BRACKETS[text[0]]):
        text = text[1:-1].strip()
    match = _CLOCK.fullmatch(text)
    if match is None:
        return float(text.removesuffix("s").strip())
    if int(match["minutes"]) > 59 and match["hours"] is not None:
        return math.nan
    seconds = float(match["seconds"].replace(",", "."))
    if seconds >= 60:
        return math.nan
    return int(match["hours"] or 0) * 3600 + int(match["minutes"]) * 60 + seconds


def time_value(value: Any, row: int, column: str, problems: list[str]) -> float | None:
    """A cell's time in seconds, or None when empty; a problem naming the row and column
    when it is not a time."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, time):
        return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, bool):
        seconds = math.nan
    elif isinstance(value, int | float):
        seconds = float(value)
    else:
        try:
            seconds = _clock_seconds(str(value).strip())
        except (ValueError, OverflowError):
            seconds = math.nan
    if not 0 <= seconds <= MAX_SECONDS:  # NaN too
        shown = shown_value(str(value).strip())
        problems.append(f"row {row}, column {column}: expected seconds or hh:mm:ss, got {shown}")
        return None
    return seconds
