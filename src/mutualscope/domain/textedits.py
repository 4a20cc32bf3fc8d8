"""An edit of a text as replacements, and where spans of the old text land in the new.

A :class:`TextEdit` is a list of :class:`Replacement` s (old start, old end, new text),
sorted and not overlapping, all offsets code points into the old text. It maps every
span that points into the text (a coding, a turn, a word) to the new text, and says what
happened to it (:class:`SpanFate`):

- ``kept`` or ``moved``: the span holds the same text, at the same or another place;
- ``reworded``: a replacement lies wholly inside the span, so its words changed there
  (a corrected word inside a coded passage);
- ``relabelled``: only text that is not spoken (a speaker label, the blank line between
  turns) changed inside the span;
- ``cut``: a replacement crosses one of the span's ends, so the span cannot keep its
  words (a coding that begins half-way through a word that was rewritten).

Text inserted exactly at a span's start or end goes outside it: a word added before a
coded passage is not coded. Where a span's end falls inside replaced text that is only
whitespace (or, for replacements marked ``spoken=False``, any text: a label), the end
moves to the edge of the replacement and the span keeps its words.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Fate = Literal["kept", "moved", "reworded", "relabelled", "cut"]
_TOKENS = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class Replacement:
    """``old[start:end]`` becomes ``text``. ``spoken`` is False for text that holds no
    words of the speaker (a speaker label or the break between turns)."""

    start: int
    end: int
    text: str
    spoken: bool = True


@dataclass(frozen=True)
class SpanFate:
    start: int
    end: int
    fate: Fate


class TextEdit:
    """Replacements applied to one text; see the module's description."""

    def __init__(self, replacements: list[Replacement]) -> None:
        ordered = sorted(replacements, key=lambda r: (r.start, r.end))
        for before, after in itertools.pairwise(ordered):
            both_insert_at = before.start == before.end == after.start == after.end
            if after.start < before.end or both_insert_at:
                raise ValueError(f"replacements overlap: {before} and {after}")
        for r in ordered:
            if r.start < 0 or r.end < r.start:
                raise ValueError(f"not a span of the text: {r}")
        self.replacements = ordered

    @property
    def delta(self) -> int:
        """How much longer the new text is."""
        return sum(len(r.text) - (r.end - r.start) for r in self.replacements)

    def apply(self, text: str) -> str:
        parts: list[str] = []
        at = 0
        for r in self.replacements:
            parts.append(text[at : r.start])
            parts.append(r.text)
            at = r.end
        parts.append(text[at:])
        return "".join(parts)

    def position(self, offset: int, *, after_insertions: bool) -> int:
        """Where ``offset`` (not inside a replaced stretch) is in the new text. Text
        inserted exactly at ``offset`` counts as before it when ``after_insertions``."""
        shift = 0
        for r in self.replacements:
            if r.end < offset or (r.end == offset and (r.start < offset or after_insertions)):
                shift += len(r.text) - (r.end - r.start)
            else:
                break
        return offset + shift

    def _new_start(self, r: Replacement) -> int:
        """Where the replacement's new text begins in the new text."""
        shift = 0
        for earlier in self.replacements:
            if earlier is r:
                break
            shift += len(earlier.text) - (earlier.end - earlier.start)
        return r.start + shift

    def span(self, old: str, start: int, end: int) -> SpanFate:
        """Where ``old[start:end]`` is after the edit and what became of it."""
        fate: Fate = "kept"
        new_start: int | None = None
        new_end: int | None = None
        for r in self.replacements:
            if r.end <= start or r.start >= end:
                continue  # before or after the span (an insertion at an end is outside)
            if start <= r.start and r.end <= end:
                if r.spoken:
                    fate = "reworded"
                elif fate == "kept":
                    fate = "relabelled"
                continue
            if r.start < start < r.end:
                inside = old[start : min(r.end, end)]
                if r.end > end or not (inside.isspace() or not r.spoken):
                    return SpanFate(start, end, "cut")
                new_start = self._new_start(r) + len(r.text)
            if r.start < end < r.end:
                inside = old[max(r.start, start) : end]
                if not (inside.isspace() or not r.spoken):
                    return SpanFate(start, end, "cut")
                new_end = self._new_start(r)
        if new_start is None:
            new_start = self.position(start, after_insertions=True)
        if new_end is None:
            new_end = self.position(end, after_insertions=False)
        if new_end <= new_start:
            return SpanFate(start, end, "cut")
        if fate == "kept" and (new_start, new_end) != (start, end):
            fate = "moved"
        return SpanFate(new_start, new_end, fate)


def tokens(text: str) -> list[str]:
    """Runs of whitespace and of everything else, in order; joined they are ``text``."""
    return _TOKENS.findall(text)


def word_replacements(old: str, new: str, offset: int = 0) -> list[Replacement]:
    """The replacements that turn ``old`` into ``new`` whole words at a time (a word
    or a run of whitespace is replaced entirely or not at all), at ``offset`` in the
    text ``old`` is part of."""
    before, after = tokens(old), tokens(new)
    starts = [0]
    for token in before:
        starts.append(starts[-1] + len(token))
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    found = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            found.append(
                Replacement(offset + starts[i1], offset + starts[i2], "".join(after[j1:j2]))
            )
    return found
