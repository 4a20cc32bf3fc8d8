"""Pseudonyms and the pseudonymised layer: what an identifier becomes, and how offsets
into the original text find their place in the pseudonymised one.

A layer is the original text with some spans replaced. :class:`OffsetMap` keeps those
spans (original start and end, new start and end) so that a coding or a turn keeps its
meaning: outside a replacement an offset shifts by what the replacements before it added
or removed; a start inside a replaced span moves to the replacement's start and an end to
its end, so a quote of part of a name covers the whole pseudonym.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mutualscope.domain.protection.kinds import (
    ADDRESS,
    DATE_OF_BIRTH,
    EMAIL,
    JOB_TITLE,
    NHS_NUMBER,
    NI_NUMBER,
    ORGANISATION,
    PERSON,
    PHONE,
    PLACE,
    POSTCODE,
)

#: Kinds replaced by one fixed word: nothing is gained by telling two of them apart.
FIXED: dict[str, str] = {
    EMAIL: "[email]",
    PHONE: "[phone]",
    POSTCODE: "[postcode]",
    NHS_NUMBER: "[NHS number]",
    NI_NUMBER: "[NI number]",
    DATE_OF_BIRTH: "[date of birth]",
    ADDRESS: "[address]",
    JOB_TITLE: "[job title]",
}
#: Kinds numbered in the order they are first met: "[Person 3]", "[Organisation 14]".
NUMBERED: dict[str, str] = {PERSON: "Person", ORGANISATION: "Organisation"}
#: Kinds lettered: "[Town A]" ... "[Town Z]", "[Town AA]".
LETTERED: dict[str, str] = {PLACE: "Town"}

_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")


def original_key(text: str) -> str:
    """An original as compared: NFC, case folded, one space between words, no
    possessive ending ("Sarah's" and "SARAH" are "sarah")."""
    words = " ".join(unicodedata.normalize("NFC", text).split()).casefold()
    stripped = _POSSESSIVE.sub("", words)
    if stripped != words and words.endswith(("s'", "s’")):
        stripped += "s"  # "the Jones' house": the name is Jones
    return stripped or words


def letters(number: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA (spreadsheet columns)."""
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def generic_pseudonym(kind: str, number: int) -> str:
    """The replacement of the ``number``-th original of ``kind`` met in the project."""
    if kind in FIXED:
        return FIXED[kind]
    if kind in NUMBERED:
        return f"[{NUMBERED[kind]} {number}]"
    if kind in LETTERED:
        return f"[{LETTERED[kind]} {letters(number)}]"
    return f"[{kind} {number}]"


def participant_pseudonym(attribution: str, taken: set[str]) -> str:
    """A participant's pseudonym from their attribution "(CEO, case 3)": "[CEO, case 3]",
    or "[CEO 2, case 3]" when another participant already has that one."""
    inner = attribution.strip("()")
    wanted = f"[{inner}]"
    if wanted not in taken:
        return wanted
    head, sep, tail = inner.partition(", ")
    number = 2
    while True:
        candidate = f"[{head} {number}{sep}{tail}]"
        if candidate not in taken:
            return candidate
        number += 1


@dataclass(frozen=True)
class Replacement:
    """``original[start:end]`` becomes ``text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class OffsetMap:
    """The replaced spans of a layer: (original start, original end, new start, new end),
    in text order, never overlapping."""

    spans: tuple[tuple[int, int, int, int], ...]

    def _place(self, offset: int, at: int, *, inside: int) -> int:
        if at < 0:
            return offset
        old_end, new_start, new_end = self.spans[at][1:]
        if offset >= old_end:
            return offset - old_end + new_end
        return new_start if inside == 0 else new_end

    def start(self, offset: int) -> int:
        """A start offset: inside a replaced span it moves to the replacement's start."""
        at = bisect_right(self._starts, offset) - 1
        return self._place(offset, at, inside=0)

    def end(self, offset: int) -> int:
        """An end offset: inside a replaced span it moves to the replacement's end; on a
        replaced span's start it stays before it."""
        at = bisect_left(self._starts, offset) - 1
        return self._place(offset, at, inside=1)

    @property
    def _starts(self) -> list[int]:
        return [s[0] for s in self.spans]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Where ``original[start:end]`` lies in the layer."""
        new_start = self.start(start)
        return new_start, max(new_start, self.end(end))


@dataclass(frozen=True)
class Layer:
    text: str
    offsets: OffsetMap


def without_overlaps(replacements: Iterable[Replacement]) -> list[Replacement]:
    """In text order; where two overlap, the longer wins (then the earlier)."""
    kept: list[Replacement] = []
    for r in sorted(replacements, key=lambda r: (-(r.end - r.start), r.start)):
        if all(r.end <= k.start or k.end <= r.start for k in kept):
            kept.append(r)
    return sorted(kept, key=lambda r: r.start)


def pseudonymise(text: str, replacements: Sequence[Replacement]) -> Layer:
    """``text`` with each replacement made, and the offset map from ``text`` to it."""
    parts: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    at = 0
    length = 0
    for r in without_overlaps(r for r in replacements if 0 <= r.start < r.end <= len(text)):
        parts.append(text[at : r.start])
        length += r.start - at
        spans.append((r.start, r.end, length, length + len(r.text)))
        parts.append(r.text)
        length += len(r.text)
        at = r.end
    parts.append(text[at:])
    return Layer("".join(parts), OffsetMap(tuple(spans)))


def replace_known(text: str, key: dict[str, str]) -> str:
    """``text`` with every whole-word occurrence of an original of ``key`` (compared
    without regard to case, possessives included) replaced: for short free texts (code
    definitions, case names) that no scan reviewed. Longer originals first."""
    if not text or not key:
        return text
    originals = sorted((o for o in key if o.strip()), key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(r"\s+".join(map(re.escape, o.split())) for o in originals)
        + r")(?!\w)",
        re.IGNORECASE,
    )  # fmt: skip
    folded = {original_key(o): r for o, r in key.items()}
    return pattern.sub(lambda m: folded.get(original_key(m.group(1)), m.group(0)), text)
