"""From a source's text as the exporting tool counted it to mutualscope's stored text.

mutualscope stores text as Unicode NFC with ``\\n`` line ends and no byte-order mark;
REFI-QDA offsets are code points into the source as the tool saw it. Tools disagree on
what they counted (a CR LF as one character or two, a BOM or not), so each plausible
counting is tried and the one under which the selections' names match the text wins.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from mutualscope.io.refi.model import RefiSelection, RefiTextSource

OffsetMap = Callable[[int], int]
# What domain.text.normalise_text rewrites: line breaks become \n (CR LF loses a code
# point); byte-order marks and control characters other than tab and line feed go.
_REWRITES = re.compile("\r\n|[\r\u2028\u2029\u0085\x0c]|[\ufeff\x00-\x08\x0b\x0e-\x1f\x7f]")
_DELETED = frozenset(
    "\ufeff\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f"
)
_ELLIPSIS = ("…", "...")


@dataclass
class MappedSource:
    """The normalised text and each selection's span in it (by selection GUID)."""

    text: str
    counting: str
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: Selections whose span does not lie inside the text, with the reason.
    out_of_range: list[tuple[RefiSelection, str]] = field(default_factory=list)


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


@dataclass(frozen=True)
class Counting:
    """One way an exporter may have counted: its offsets, passed through ``to_index``,
    are code point indices into ``text``; ``length`` is the text's length in its units."""

    label: str
    text: str
    length: int
    to_index: OffsetMap


def _countings(source: RefiTextSource) -> list[Counting]:
    """Every plausible way the exporter counted, the standard's (code points) first."""
    raw = source.text
    options = [Counting("code points as written", raw, len(raw), _identity)]
    if "\r\n" in raw:
        lf = raw.replace("\r\n", "\n")
        options.append(Counting("CR LF counted as one character", lf, len(lf), _identity))
    if source.had_bom:
        options.append(Counting("byte-order mark counted", "\ufeff" + raw, len(raw) + 1, _identity))
    if _ASTRAL.search(raw):
        # .NET and Java tools count UTF-16 code units: an emoji is two of them.
        pairs = [m.start() + n for n, m in enumerate(_ASTRAL.finditer(raw))]
        options.append(
            Counting(
                "UTF-16 code units",
                raw,
                len(raw) + len(pairs),
                lambda unit: unit - bisect_left(pairs, unit - 1),
            )
        )
    return options


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _label_matches(name: str | None, quote: str) -> bool:
    if not name:
        return False
    expected = " ".join(name.split())
    for ellipsis in _ELLIPSIS:
        expected = expected.removesuffix(ellipsis).rstrip()
    if len(expected) < 3:
        return False
    return " ".join(quote[: len(name) * 2].split()).startswith(expected)


#: Named selections looked at to decide a source's counting: plenty of evidence, and
#: cheap on a source with thousands of selections.
EVIDENCE = 100


def choose_counting(source: RefiTextSource) -> Counting:
    """The counting under which most selection names match their quotes (ties: the
    standard's code points as written)."""
    options = _countings(source)
    if len(options) == 1:
        return options[0]
    sample = [s for s in source.selections if s.name][:EVIDENCE]
    best, best_score = options[0], -1
    for option in options:
        text, to_index = option.text, option.to_index
        score = sum(
            _label_matches(s.name, text[to_index(s.start) : to_index(s.end)]) for s in sample
        )
        if score > best_score:
            best, best_score = option, score
        if best_score == len(sample):
            break
    return best


def map_source(source: RefiTextSource) -> MappedSource:
    """Normalise the source's text and map every selection onto it, checking each span."""
    counting = choose_counting(source)
    text, mapping = normalise_text(counting.text)
    mapped = MappedSource(text=text, counting=counting.label)
    length, to_index = counting.length, counting.to_index
    for selection in source.selections:
        start, end = selection.start, selection.end
        if start < 0 or end > length or start >= end:
            reason = (
                f"span {start}-{end} does not lie inside the text ({length} "
                f"{'units' if counting.label == 'UTF-16 code units' else 'code points'}, "
                f"{counting.label})"
                if start < end
                else f"span {start}-{end} is empty or reversed"
            )
            mapped.out_of_range.append((selection, reason))
            continue
        new_start, new_end = mapping(to_index(start)), mapping(to_index(end))
        if new_start >= new_end:
            mapped.out_of_range.append(
                (selection, f"span {start}-{end} covers only a removed line-end character")
            )
            continue
        mapped.spans[selection.guid] = (new_start, new_end)
    return mapped
