"""Where a QualCoder coding lies in its source's text, checked by the words it holds.

QualCoder stores each text coding as ``pos0``/``pos1`` and the selected text
(``seltext``). The positions are meant as Python string indices into ``source.fulltext``,
but the ones made in its text editor are Qt's: UTF-16 code units (an emoji counts two)
with a CR LF counted as one, and Qt's selected text holds U+2029 where a line ends. An
edited source leaves positions stale. So each coding is checked: its words at
``pos0:pos1`` must be its ``seltext``; if not, the positions are read as the editor
counts them; if that fails too, the coding is looked for by its text near ``pos0``. What
cannot be placed, or could be placed in more than one way, is doubtful.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

#: How far from QualCoder's position (in characters) its text is looked for.
NEAR = 1000
#: Occurrences of a text looked at, at most (a short text may occur thousands of times).
MAX_OCCURRENCES = 200
EXACT, EDITOR, MOVED, DOUBTFUL = "exact", "editor", "moved", "doubtful"
_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")
_EDITOR_UNITS = re.compile("\r\n|[\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Placement:
    """A coding's span in code points of ``fulltext``; ``how`` it was found: ``exact``,
    ``editor`` (QualCoder's positions read as Qt counts), ``moved`` (found by its text
    near its position) or ``doubtful`` (``reason`` says why; ``alternatives`` are
    ``(label, words)`` pairs). A doubtful span may lie outside the text."""

    start: int
    end: int
    how: str
    reason: str = ""
    alternatives: tuple[tuple[str, str], ...] = ()


def words_key(text: str) -> str:
    """Text as compared with a coding's ``seltext``: line ends (CR LF, CR, Qt's U+2029
    and U+2028) as ``\\n``, composed (NFC)."""
    return unicodedata.normalize("NFC", _BREAKS.sub("\n", text))


def quote(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return f"“{flat[: limit - 1]}…”" if len(flat) > limit else f"“{flat}”"


class SourceText:
    """A source's ``fulltext`` with what placing codings in it needs, built once."""

    def __init__(self, fulltext: str) -> None:
        self.raw = fulltext
        # The text with line ends as one "\n" each, and where a CR of a CR LF was taken
        # out (as positions in that text), to map its positions back.
        self.flat = _BREAKS.sub("\n", fulltext)
        self._cut = [m.start() - n for n, m in enumerate(re.finditer("\r\n", fulltext))]
        # Where Qt's count and Python's part: after each emoji (one more) and CR LF (one less).
        self._raw_marks: list[int] = []
        self._editor_marks: list[int] = []
        delta = 0
        for match in _EDITOR_UNITS.finditer(fulltext):
            delta += -1 if match.group() == "\r\n" else 1
            self._raw_marks.append(match.end())
            self._editor_marks.append(match.end() + delta)

    def holds(self, start: int, end: int, key: str) -> bool:
        """Whether ``start:end`` lies inside the text and holds the words ``key``."""
        if not 0 <= start < end <= len(self.raw):
            return False
        return words_key(self.raw[start:end]) == key

    def from_editor(self, position: int) -> int:
        """A position counted as QualCoder's Qt editor counts, as a Python index."""
        k = bisect_right(self._editor_marks, position) - 1
        shift = self._editor_marks[k] - self._raw_marks[k] if k >= 0 else 0
        return position - shift

    def _raw(self, flat: int) -> int:
        return flat + bisect_left(self._cut, flat)

    def occurrences(self, key: str) -> list[tuple[int, int]]:
        """Spans of the text that hold ``key`` (up to :data:`MAX_OCCURRENCES`)."""
        found: list[tuple[int, int]] = []
        needle = _BREAKS.sub("\n", key)
        at = self.flat.find(needle)
        while at >= 0 and len(found) < MAX_OCCURRENCES:
            start, end = self._raw(at), self._raw(at + len(needle))
            if words_key(self.raw[start:end]) == key:
                found.append((start, end))
            at = self.flat.find(needle, at + 1)
        return found

    def words(self, start: int, end: int) -> str:
        return self.raw[max(start, 0) : max(min(end, len(self.raw)), 0)]


def place(text: SourceText, pos0: int, pos1: int, seltext: str | None) -> Placement:
    """Where the coding ``pos0``-``pos1`` with ``seltext`` lies in ``text``."""
    if not seltext:
        return Placement(
            pos0,
            pos1,
            DOUBTFUL,
            "QualCoder holds no text for this coding, so its position cannot be checked",
        )
    key = words_key(seltext)
    if text.holds(pos0, pos1, key):
        return Placement(pos0, pos1, EXACT)
    start, end = text.from_editor(pos0), text.from_editor(pos1)
    if text.holds(start, end, key):
        return Placement(start, end, EDITOR)
    return _find(text, pos0, pos1, key, seltext)


def _find(text: SourceText, pos0: int, pos1: int, key: str, seltext: str) -> Placement:
    """Look for the coding by its text: one occurrence near ``pos0`` places it; anything
    else leaves it doubtful."""
    stored = ("QualCoder's text of the coding", seltext)
    found = text.occurrences(key)
    near = sorted((s, e) for s, e in found if abs(s - pos0) <= NEAR)
    near.sort(key=lambda span: abs(span[0] - pos0))
    at = f"at {pos0}-{pos1}"
    if len(near) == 1:
        start, end = near[0]
        return Placement(start, end, MOVED, f"{start - pos0:+d} characters")
    if near:
        start, end = near[0]
        others = tuple((f"the same words at {s}-{e}", _context(text, s, e)) for s, e in near[1:])
        return Placement(
            start,
            end,
            DOUBTFUL,
            f"its words are not {at}, and occur {len(near)} times within {NEAR:,} "
            f"characters of it; the nearest, at {start}-{end}, was taken",
            others,
        )
    if len(found) == 1:
        start, end = found[0]
        return Placement(
            start,
            end,
            DOUBTFUL,
            f"its words are not {at} nor within {NEAR:,} characters of it; they occur "
            f"once, at {start}-{end}, which was taken",
            (("QualCoder's position", text.words(pos0, pos1)),),
        )
    where = (
        f"they occur {len(found)} times, none within {NEAR:,} characters of it"
        if found
        else "they are nowhere in the source (was it edited after coding?)"
    )
    return Placement(pos0, pos1, DOUBTFUL, f"its words are not {at}: {where}", (stored,))


def _context(text: SourceText, start: int, end: int, margin: int = 30) -> str:
    before = text.words(start - margin, start)
    after = text.words(end, end + margin)
    return f"…{before}[{text.words(start, end)}]{after}…"
