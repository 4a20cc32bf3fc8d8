"""Tolerant text matching: find a passage that another tool exported in a document's text.

Exports rarely hold a passage exactly as the document stores it: line breaks become
spaces, tabs come from PDF text, quotes turn curly, hyphens become dashes, and a word
hyphenated at a line end ("organi-\\nsation") comes back whole. Both sides are folded to
one form (:func:`fold`) before they are compared:

- every run of whitespace (spaces, tabs, line breaks, non-breaking and other Unicode
  spaces) is one space, and the passage's own leading and trailing whitespace is dropped;
- curly, low and prime quotes are straight quotes (``'`` and ``"``), guillemets too;
- a hyphen or dash of any kind is dropped together with the whitespace around it, so
  ``organi-\\nsation``, ``organisation``, ``staff-owned`` and ``staff owned`` with an
  en dash all compare as the same letters (a dash never decides a match);
- soft hyphens and zero-width characters are dropped; ``…`` is ``...`` and the
  ligatures ``ﬁ ﬂ ﬀ ﬃ ﬄ`` are their letters.

A match in the folded text is mapped back to the document's own characters: the span
starts on the first real character of the passage and ends after its last one, so
``text[start:end]`` is the passage as the document has it. An exact match is always
preferred to a folded one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from mutualscope.domain.spans import Span, find_all, find_match
from mutualscope.domain.text import normalise_text
from mutualscope.errors import InvalidInput

_SPACES = "\t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
_SPACES += "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_GONE = "\xad\u200b\u200c\u200d\u2060\ufeff"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u02bc\xb4`"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\xab\xbb"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
#: One character folded to several; each stands for the one character it came from.
_EXPANSIONS = {
    "\u2026": "...",
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
}
# Characters that fold to another single character keep their place, so the folded text
# is the original with the same length until the rewrites below; "\x00" (which no stored
# text holds) marks a character to drop.
_ONE_TO_ONE = str.maketrans(
    {
        **dict.fromkeys(_SPACES, " "),
        **dict.fromkeys(_GONE, "\x00"),
        **dict.fromkeys(_SINGLE_QUOTES, "'"),
        **dict.fromkeys(_DOUBLE_QUOTES, '"'),
        **dict.fromkeys(_DASHES, "-"),
    }
)
_REWRITES = re.compile(r"[ \x00]*-[ \x00-]*|[ \x00]{2,}|\x00|[" + "".join(_EXPANSIONS) + "]")
#: How many places an ambiguity message lists.
_LISTED = 10


def _rewrite(piece: str) -> str:
    if "-" in piece:
        return ""
    if piece in _EXPANSIONS:
        return _EXPANSIONS[piece]
    return " " if " " in piece else ""


def fold(text: str) -> str:
    """``text`` in the folded form matching compares (no map back: for the row's side)."""
    folded = _REWRITES.sub(
        lambda m: _rewrite(m.group()), normalise_text(text).translate(_ONE_TO_ONE)
    )
    return folded.strip(" ")


class FoldedText:
    """A document's text folded, with the way back from folded to original offsets.

    The folded text is made of pieces: runs copied one for one from the original, and
    rewrites (a collapsed space, a dropped dash, an expansion). ``_folded_starts[i]`` is
    where piece ``i`` starts in the folded text, ``_original_starts[i]`` where it came
    from, and ``_copied[i]`` whether its characters map one for one.
    """

    def __init__(self, original: str) -> None:
        self.original = original
        source = original.translate(_ONE_TO_ONE)
        parts: list[str] = []
        folded_starts: list[int] = []
        original_starts: list[int] = []
        copied: list[bool] = []
        length = previous = 0
        for found in _REWRITES.finditer(source):
            if found.start() > previous:
                folded_starts.append(length)
                original_starts.append(previous)
                copied.append(True)
                parts.append(source[previous : found.start()])
                length += found.start() - previous
            replacement = _rewrite(found.group())
            if replacement:
                folded_starts.append(length)
                original_starts.append(found.start())
                copied.append(False)
                parts.append(replacement)
                length += len(replacement)
            previous = found.end()
        if previous < len(source) or not parts:
            folded_starts.append(length)
            original_starts.append(previous)
            copied.append(True)
            parts.append(source[previous:])
        self.text = "".join(parts)
        self._folded_starts = folded_starts
        self._original_starts = original_starts
        self._copied = copied

    def original_offset(self, position: int) -> int:
        """The original offset of the folded character at ``position``."""
        piece = bisect_right(self._folded_starts, position) - 1
        start = self._original_starts[piece]
        return start + (position - self._folded_starts[piece]) if self._copied[piece] else start

    def original_span(self, start: int, length: int) -> Span:
        """The original span of ``length`` folded characters from ``start``: from the first
        one's character to just after the last one's."""
        return (self.original_offset(start), self.original_offset(start + length - 1) + 1)

    def find_all(self, folded_needle: str) -> list[Span]:
        """Every place the folded needle occurs, as original spans."""
        return [
            self.original_span(at, len(folded_needle)) for at in find_all(self.text, folded_needle)
        ]

    def longest_prefix(self, folded_needle: str) -> tuple[int, int]:
        """The length of the longest start of the needle found anywhere, and where (folded)."""
        low, high = 0, len(folded_needle)
        while low < high:  # a prefix found means every shorter prefix is found too
            middle = (low + high + 1) // 2
            if folded_needle[:middle] in self.text:
                low = middle
            else:
                high = middle - 1
        return low, (self.text.find(folded_needle[:low]) if low else -1)


@dataclass(frozen=True)
class Passage:
    """What a row asks for: the passage's text and what may tell its places apart.

    ``before`` and ``after``: text just before or after it; ``occurrence``: which place
    (1-based); ``paragraphs``: first and last paragraph numbers as the exporting tool
    counts them (one paragraph per line); ``near``: an offset the place should be
    closest to (offsets another tool gave beside the text)."""

    text: str
    before: str = ""
    after: str = ""
    occurrence: int | None = None
    paragraphs: tuple[int, int] | None = None
    near: int | None = None


@dataclass(frozen=True)
class Placement:
    """Where a passage goes: ``span``, or ``problem`` saying why it could not be placed.
    ``exact`` is True when the text was found without folding."""

    span: Span | None
    problem: str | None = None
    exact: bool = False
    places: int = 0


def places_listed(spans: Sequence[Span]) -> str:
    """``"1,204, 5,880, 9,312"``: where each place starts, as a person reads numbers."""
    listed = ", ".join(f"{start:,}" for start, _ in spans[:_LISTED])
    return listed + (f" and {len(spans) - _LISTED} more" if len(spans) > _LISTED else "")


class MatchableText:
    """A document's text ready for matching many passages: folded once, when first needed."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded: FoldedText | None = None
        self._line_starts: list[int] | None = None
        self._blank_before: list[int] | None = None

    @property
    def folded(self) -> FoldedText:
        if self._folded is None:
            self._folded = FoldedText(self.text)
        return self._folded

    def place(self, passage: Passage) -> Placement:
        """The one place ``passage`` goes, or why there is none."""
        if not passage.text.strip():
            return Placement(None, "the passage's text is empty")
        exact = _exact_spans(self.text, passage.text)
        if exact:
            return self._choose(exact, passage, exact=True)
        needle = fold(passage.text)
        if not needle:
            return Placement(None, "the passage holds no letters, only spaces and dashes")
        spans = self.folded.find_all(needle)
        if not spans:
            return Placement(None, self._nowhere(needle))
        return self._choose(spans, passage, exact=False)

    def _choose(self, spans: list[Span], passage: Passage, *, exact: bool) -> Placement:
        count = len(spans)
        if passage.occurrence is not None:
            if 1 <= passage.occurrence <= count:
                return Placement(spans[passage.occurrence - 1], exact=exact, places=count)
            return Placement(
                None,
                f"occurrence {passage.occurrence} was asked for, but it matches {count} "
                f"place(s): {places_listed(spans)}",
                places=count,
            )
        if count == 1:
            return Placement(spans[0], exact=exact, places=1)
        remaining, notes = spans, []
        if passage.before.strip() or passage.after.strip():
            remaining, note = self._by_context(remaining, passage)
            notes.append(note)
        if len(remaining) > 1 and passage.paragraphs is not None:
            remaining, note = self._by_paragraphs(remaining, passage.paragraphs)
            notes.append(note)
        if len(remaining) > 1 and passage.near is not None:
            near = passage.near
            closest = min(abs(span[0] - near) for span in remaining)
            remaining = [span for span in remaining if abs(span[0] - near) == closest]
        if len(remaining) == 1:
            return Placement(remaining[0], exact=exact, places=count)
        told = "".join(f"; {note}" for note in notes if note)
        return Placement(
            None,
            f"matches {count} places: {places_listed(spans)}{told}; add context or an "
            "occurrence number",
            places=count,
        )

    def _by_context(self, spans: list[Span], passage: Passage) -> tuple[list[Span], str]:
        before, after = fold(passage.before), fold(passage.after)
        scores = [self._context_score(span, before, after) for span in spans]
        wanted = len(before) + len(after)
        full = [span for span, score in zip(spans, scores, strict=True) if score == wanted]
        if full:
            return full, "" if len(full) == 1 else f"the context fits {len(full)} of them"
        best = max(scores)
        top = [span for span, score in zip(spans, scores, strict=True) if score == best]
        if len(top) == 1 and best * 2 >= wanted:
            return top, ""
        return spans, "the context given fits none of them"

    def _context_score(self, span: Span, before: str, after: str) -> int:
        """How many folded characters of the context agree with the text beside ``span``."""
        score = 0
        if before:
            window = self.text[max(0, span[0] - 2 * len(before) - 40) : span[0]]
            score += _common_suffix(fold(window), before)
        if after:
            window = self.text[span[1] : span[1] + 2 * len(after) + 40]
            score += _common_prefix(fold(window), after)
        return score

    def _by_paragraphs(
        self, spans: list[Span], paragraphs: tuple[int, int]
    ) -> tuple[list[Span], str]:
        """The places that start within the paragraphs given, numbered either with blank
        lines counted (as MAXQDA and ATLAS.ti do) or without them."""
        first, last = paragraphs[0], max(paragraphs)
        fitting = [
            span
            for span in spans
            if any(first <= number <= last for number in self._paragraph(span[0]))
        ]
        if len(fitting) == 1:
            return fitting, ""
        if not fitting:
            return spans, f"none of them lies in paragraphs {first}-{last}"
        return fitting, f"{len(fitting)} of them lie in paragraphs {first}-{last}"

    def _paragraph(self, offset: int) -> tuple[int, int]:
        """The paragraph (line) number of ``offset``, counted with blank lines and without."""
        if self._line_starts is None:
            starts = [0]
            blank = [0]
            for text in self.text.split("\n")[:-1]:
                starts.append(starts[-1] + len(text) + 1)
                blank.append(blank[-1] + (not text.strip()))
            self._line_starts, self._blank_before = starts, blank
        assert self._blank_before is not None
        line = bisect_right(self._line_starts, offset) - 1
        return line + 1, line + 1 - self._blank_before[line]

    def _nowhere(self, needle: str) -> str:
        length, at = self.folded.longest_prefix(needle)
        base = (
            "does not occur in the document, even with spaces, line breaks, quotes, dashes "
            "and hyphenation ignored"
        )
        if length < min(12, len(needle)):
            return base + "; is it the right document?"
        where = self.folded.original_offset(at)
        # Say where the words part, from the start of the word that differs.
        length = needle.rfind(" ", 0, length) + 1 or length
        stop = at + length
        theirs = needle[length : length + 20]
        resume = self.folded.original_offset(stop) if stop < len(self.folded.text) else None
        ours = " ".join(self.text[resume : resume + 30].split())[:20] if resume is not None else ""
        return (
            f"{base}: its first {length:,} of {len(needle):,} characters match at {where:,}, "
            f"then the row has {theirs!r} where the document has {ours!r}"
        )


def _exact_spans(text: str, needle: str) -> list[Span]:
    stripped = needle.strip()
    return [(at, at + len(stripped)) for at in find_all(text, stripped)]


def _common_suffix(text: str, wanted: str) -> int:
    text = text.rstrip(" ")
    count = 0
    for ours, theirs in zip(reversed(text), reversed(wanted), strict=False):
        if ours != theirs:
            break
        count += 1
    return count


def _common_prefix(text: str, wanted: str) -> int:
    text = text.lstrip(" ")
    count = 0
    for ours, theirs in zip(text, wanted, strict=False):
        if ours != theirs:
            break
        count += 1
    return count


def place_passage(text: str, passage: Passage) -> Placement:
    """:meth:`MatchableText.place` for one passage in one text."""
    return MatchableText(text).place(passage)


def match_span(text: str, needle: str, *, occurrence: int | None = None) -> Span:
    """The span of ``needle`` in ``text`` for ``codings add --match``: exact matches as
    :func:`~mutualscope.domain.spans.find_match` finds them, and only when there is none,
    a folded match. Refuses text that is absent or occurs more than once (unless
    ``occurrence``, 1-based, says which)."""
    if not needle or not needle.strip():
        raise InvalidInput("The text to match is empty.")
    if find_all(text, needle):
        return find_match(text, needle, occurrence=occurrence)
    placement = MatchableText(text).place(Passage(needle, occurrence=occurrence))
    if placement.span is not None:
        return placement.span
    if placement.places > 1 and occurrence is None:
        spans = MatchableText(text).folded.find_all(fold(needle))
        raise InvalidInput(
            f"The text {needle[:80]!r} is ambiguous: it matches {placement.places} places "
            f"({places_listed(spans)}) once spaces, quotes and dashes are ignored. Give a "
            "longer text, an occurrence number, or --start/--end."
        )
    raise InvalidInput(f"The text {needle[:80]!r} {placement.problem}.")
