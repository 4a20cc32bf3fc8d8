"""The ways an exporting tool may have counted the offsets of a text source.

The standard says code points of the source as written, but tools differ: .NET and Java
tools (NVivo among them) count UTF-16 code units, so an emoji or a 𝔘 counts two; some
count UTF-8 bytes; some count a CR LF as one character, or count the byte-order mark.
A :class:`Counting` is one combination; a :class:`Reading` is a counting applied to one
source, turning its offsets into code point indices of the text it counted.

On a given text several countings often read every offset alike (UTF-16 code units are
code points in a text without astral characters); such countings are gathered into one
reading, named by the most standard of them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass, field

from mutualscope.io.refi.model import RefiTextSource

CODE_POINTS, UTF16, UTF8 = "code points", "UTF-16 code units", "UTF-8 bytes"
#: Units, the standard's first.
UNITS = (CODE_POINTS, UTF16, UTF8)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


@dataclass(frozen=True, order=True)
class Counting:
    """What the exporter counted: ``unit``, whether a CR LF counted as one character,
    whether the byte-order mark counted. Orders from the most standard."""

    unit_rank: int
    crlf_as_one: bool = False
    bom_counted: bool = False

    @property
    def unit(self) -> str:
        return UNITS[self.unit_rank]

    def label(self, *, crlf: bool = True, bom: bool = True) -> str:
        """``UTF-16 code units, CR LF counted as two``; the line-end and BOM parts only
        when the text has them."""
        parts = [self.unit]
        if crlf:
            parts.append("CR LF counted as one" if self.crlf_as_one else "CR LF counted as two")
        if bom and self.bom_counted:
            parts.append("byte-order mark counted")
        return ", ".join(parts)


#: Every counting tried, the standard's (code points, CR LF as two, no BOM) first.
ALL_COUNTINGS = tuple(
    sorted(
        Counting(u, crlf, bom) for u in range(3) for crlf in (False, True) for bom in (False, True)
    )
)
STANDARD = ALL_COUNTINGS[0]


class UnitIndex:
    """From offsets in code points or UTF-16 code units to code point indices of ``text``:
    only the characters that take two units are listed, so most texts cost nothing."""

    def __init__(self, text: str, unit: str) -> None:
        self.point_starts = (
            [match.start() for match in _ASTRAL.finditer(text)] if unit == UTF16 else []
        )
        self.unit_starts = [point + n for n, point in enumerate(self.point_starts)]
        self.length = len(text) + len(self.unit_starts)

    def index(self, offset: int) -> tuple[int, bool]:
        """The code point index of ``offset``, and False when it falls inside a character
        (it is then taken to the character's start)."""
        k = bisect_right(self.unit_starts, offset) - 1
        if k < 0:
            return offset, True
        start, point = self.unit_starts[k], self.point_starts[k]
        if offset == start + 1:
            return point, False
        return offset - (start - point) - (offset > start), True


class Utf8Index(UnitIndex):
    """From UTF-8 byte offsets to code point indices: a code point starts at every byte
    that is not a continuation byte, so the index counts those, from checkpoints."""

    def __init__(self, text: str) -> None:
        data = text.encode("utf-8")
        # 1 for a continuation byte (10xxxxxx), 0 for any other: counted at C speed.
        self._continuations = data.translate(_CONTINUATION)
        self._checkpoints = [0]
        for base in range(0, len(data), _CHECKPOINT):
            chunk = self._continuations[base : base + _CHECKPOINT]
            self._checkpoints.append(self._checkpoints[-1] + chunk.count(1))
        self.length = len(data)

    def index(self, offset: int) -> tuple[int, bool]:
        k, rest = divmod(offset, _CHECKPOINT)
        base = k * _CHECKPOINT
        skipped = self._checkpoints[k] + self._continuations[base : base + rest].count(1)
        whole = offset >= self.length or self._continuations[offset] == 0
        if not whole:
            # Inside a character: back to its first byte.
            while offset > 0 and self._continuations[offset] == 1:
                offset -= 1
                skipped -= self._continuations[offset]
        return offset - skipped, whole


_CONTINUATION = bytes(1 if 0x80 <= b <= 0xBF else 0 for b in range(256))
_CHECKPOINT = 1 << 12


@dataclass
class Reading:
    """A counting applied to one source: ``text`` is the text as that tool counted it
    (CR LF kept or made one, a BOM in front or not); ``index`` maps its offsets."""

    counting: Counting
    text: str
    index: UnitIndex
    #: Every counting that reads this source's offsets exactly as this one does.
    same_as: list[Counting] = field(default_factory=list)
    label: str = ""

    def span(self, start: int, end: int) -> tuple[int, int, bool] | None:
        """Code point indices into ``text`` for ``start``-``end`` (and whether both ends
        fall between characters), or None when the span does not lie inside the text."""
        if start < 0 or end > self.index.length or start >= end:
            return None
        s, s_whole = self.index.index(start)
        e, e_whole = self.index.index(end)
        return s, e, s_whole and e_whole


def list_readings(
    source: RefiTextSource, wanted: Collection[Counting] | None = None
) -> list[Reading]:
    """The distinct readings of ``source``, the most standard first; when ``wanted`` is
    given, only the readings whose ``counting`` is in it (each reading holds a copy of
    the text)."""
    raw = source.text
    has_crlf = "\r\n" in raw
    units = _units(raw)
    by_key: dict[Counting, Reading] = {}
    texts: dict[tuple[bool, bool], str] = {}
    for counting in ALL_COUNTINGS:
        key = _canonical(counting, units, has_crlf, source.had_bom)
        if wanted is not None and key not in wanted:
            continue
        reading = by_key.get(key)
        if reading is None:
            shape = (key.crlf_as_one, key.bom_counted)
            text = texts.get(shape)
            if text is None:
                text = raw.replace("\r\n", "\n") if key.crlf_as_one else raw
                text = texts[shape] = "\ufeff" + text if key.bom_counted else text
            index = Utf8Index(text) if key.unit == UTF8 else UnitIndex(text, key.unit)
            reading = by_key[key] = Reading(
                key, text, index, label=key.label(crlf=has_crlf, bom=source.had_bom)
            )
        reading.same_as.append(counting)
    return sorted(by_key.values(), key=lambda r: r.counting)


def _units(raw: str) -> list[str]:
    """The units that count ``raw`` differently from code points (and each other)."""
    units = [CODE_POINTS]
    if _NON_ASCII.search(raw):
        units.append(UTF8)
        if _ASTRAL.search(raw):
            units.append(UTF16)
    return units


def _canonical(counting: Counting, units: list[str], crlf: bool, bom: bool) -> Counting:
    """The most standard counting that reads a text as ``counting`` does."""
    return Counting(
        UNITS.index(counting.unit) if counting.unit in units else 0,
        counting.crlf_as_one and crlf,
        counting.bom_counted and bom,
    )
