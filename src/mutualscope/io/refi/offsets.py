"""From a source's text as the exporting tool counted it to mutualscope's stored text.

mutualscope stores text as Unicode NFC with ``\\n`` line ends and no byte-order mark;
REFI-QDA offsets count the source as the tool saw it, in the units the tool chose; which
counting that was is settled by :mod:`mutualscope.io.refi.evidence`, and the offsets
are then mapped through the normalisation, each change moving the offsets after it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from mutualscope.io.refi.countings import Reading, list_readings
from mutualscope.io.refi.elements import shorten
from mutualscope.io.refi.evidence import Choice, choose_countings, name_key, name_matches
from mutualscope.io.refi.model import RefiSelection, RefiTextSource

OffsetMap = Callable[[int], int]
# What domain.text.normalise_text rewrites: line breaks become \n (CR LF loses a code
# point); byte-order marks and control characters other than tab and line feed go.
_REWRITES = re.compile("\r\n|[\r\u2028\u2029\u0085\x0c]|[\ufeff\x00-\x08\x0b\x0e-\x1f\x7f]")
_DELETED = frozenset(
    "\ufeff\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f"
)


@dataclass
class Doubt:
    """Why a selection's words are in doubt, and the words other countings give
    (``(counting, words)`` pairs)."""

    reason: str
    alternatives: list[tuple[str, str]] = field(default_factory=list)
    #: The words the selection holds under the counting used, as stored.
    words: str = ""


@dataclass
class MappedSource:
    """The normalised text and each selection's span in it (by selection GUID)."""

    text: str
    counting: str
    #: Why that counting: the evidence it was chosen on.
    reason: str = ""
    #: The length of ``text`` (which its user may let go once stored).
    length: int = 0
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: Selections whose span does not lie inside the text, with the reason.
    out_of_range: list[tuple[RefiSelection, str]] = field(default_factory=list)
    #: Selections mapped, but whose words are in doubt (by selection GUID).
    doubtful: dict[str, Doubt] = field(default_factory=dict)


def normalise_text(raw: str) -> tuple[str, OffsetMap]:
    """Normalise ``raw`` exactly as :func:`mutualscope.domain.text.normalise_text` does
    (the same rewrites in one pass; a test holds the two together), and give the map
    from offsets in ``raw`` to offsets in the result."""
    deleted: list[int] = []
    pieces: list[str] = []
    last = 0
    for match in _REWRITES.finditer(raw):
        pieces.append(raw[last : match.start()])
        token = match.group()
        if token == "\r\n":
            deleted.append(match.start())
            pieces.append("\n")
        elif token in _DELETED:
            deleted.append(match.start())
        else:
            pieces.append("\n")
        last = match.end()
    pieces.append(raw[last:])
    text = "".join(pieces)
    nfc_map: OffsetMap = _identity
    if not unicodedata.is_normalized("NFC", text):
        text, nfc_map = _nfc_with_map(text)

    def mapping(offset: int) -> int:
        return nfc_map(offset - bisect_left(deleted, offset))

    return text, mapping


def _identity(offset: int) -> int:
    return offset


def _nfc_with_map(text: str) -> tuple[str, OffsetMap]:
    """NFC cluster by cluster (a starter and the marks after it), keeping where each
    cluster starts before and after, so an offset maps to the same place in the text."""
    old_starts: list[int] = []
    new_starts: list[int] = []
    parts: list[str] = []
    position = 0
    for start, cluster in _clusters(text):
        old_starts.append(start)
        new_starts.append(position)
        composed = unicodedata.normalize("NFC", cluster)
        parts.append(composed)
        position += len(composed)
    result = "".join(parts)
    if not unicodedata.is_normalized("NFC", result):
        # Compositions across clusters (rare scripts): normalise the whole text and
        # scale offsets; the import report marks such sources as approximate.
        whole = unicodedata.normalize("NFC", text)
        ratio = len(whole) / max(len(text), 1)
        return whole, lambda offset: min(round(offset * ratio), len(whole))
    old_starts.append(len(text))
    new_starts.append(len(result))

    def mapping(offset: int) -> int:
        k = bisect_right(old_starts, offset) - 1
        if k < 0:
            return 0
        if k >= len(old_starts) - 1:
            return len(result)
        return min(new_starts[k] + (offset - old_starts[k]), new_starts[k + 1])

    return result, mapping


def _clusters(text: str) -> list[tuple[int, str]]:
    """Split before every character of combining class 0."""
    out: list[tuple[int, str]] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or unicodedata.combining(text[index]) == 0:
            out.append((start, text[start:index]))
            start = index
    return out


def map_source(source: RefiTextSource, choice: Choice | None = None) -> MappedSource:
    """Normalise the source's text and map every selection onto it with the counting
    ``choice`` names (by default, the one this source's own evidence picks), checking
    each span and noting each selection whose words are in doubt."""
    if choice is None:
        choice = choose_countings([source])[source.guid]
    built = list_readings(source, {choice.counting, *choice.rivals})
    reading = next(r for r in built if r.counting == choice.counting)
    others = _Others(source, [r for r in built if r is not reading])
    text, mapping = normalise_text(reading.text)
    mapped = MappedSource(text=text, counting=choice.label, reason=choice.reason, length=len(text))
    units = reading.counting.unit
    for selection in source.selections:
        start, end = selection.start, selection.end
        found = reading.span(start, end)
        if found is None:
            reason = (
                f"span {start}-{end} does not lie inside the text ({reading.index.length} "
                f"{units}, {choice.label})"
                if start < end
                else f"span {start}-{end} is empty or reversed"
            )
            mapped.out_of_range.append((selection, reason))
            continue
        s, e, whole = found
        new_start, new_end = mapping(s), mapping(e)
        if new_start >= new_end:
            mapped.out_of_range.append(
                (selection, f"span {start}-{end} covers only a removed line-end character")
            )
            continue
        mapped.spans[selection.guid] = (new_start, new_end)
        doubt = _doubt(selection, reading.text[s:e], whole, choice, others)
        if doubt is not None:
            doubt.words = text[new_start:new_end]
            mapped.doubtful[selection.guid] = doubt
    return mapped


class _Others:
    """The readings other than the one used: the rivals, built with it, and every other
    one, built only when a selection's name needs them (once per source)."""

    def __init__(self, source: RefiTextSource, rivals: list[Reading]) -> None:
        self.source = source
        self.rivals = rivals
        self._every: list[Reading] | None = None

    def every(self) -> list[Reading]:
        if self._every is None:
            self._every = list_readings(self.source)
        return self._every


def _words(text: str) -> str:
    """Words as they would be stored: normalised like the document's text."""
    return normalise_text(text)[0]


def _doubt(
    selection: RefiSelection, quote: str, whole: bool, choice: Choice, others: _Others
) -> Doubt | None:
    """Why the words ``quote`` of ``selection`` under the chosen reading are in doubt,
    with the words other readings give; None when they are not."""
    reasons: list[str] = []
    listed: list[Reading] = []
    if not whole:
        reasons.append(f"it starts or ends inside a character when counted in {choice.label}")
    if choice.unsettled:
        words = _words(quote)
        for rival in others.rivals:
            found = rival.span(selection.start, selection.end)
            if found is None or _words(rival.text[found[0] : found[1]]) != words:
                listed.append(rival)
        if listed:
            reasons.append("no counting is clearly best for this source and they disagree here")
    expected = name_key(selection.name)
    if expected is not None and not name_matches(expected, quote):
        matching = [
            r
            for r in others.every()
            if r.counting != choice.counting
            and (found := r.span(selection.start, selection.end)) is not None
            and name_matches(expected, r.text[found[0] : found[1]])
        ]
        reasons.append(
            f"its name {shorten(selection.name)} does not match its words under "
            + ("the counting used" if matching else "any counting")
        )
        listed += [r for r in matching if r.counting not in {x.counting for x in listed}]
    if not reasons:
        return None
    alternatives: dict[str, str] = {}
    for other in listed:
        found = other.span(selection.start, selection.end)
        words = _words(other.text[found[0] : found[1]]) if found else "(outside the text)"
        alternatives.setdefault(words, other.label)
    return Doubt("; ".join(reasons), [(label, words) for words, label in alternatives.items()])
