"""Span arithmetic over document text.

A span is ``(start, end)``: Python string indices (Unicode code points) into a
document's stored text, end exclusive, so the quote is ``text[start:end]``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

from mutualscope.errors import InvalidInput

Span = tuple[int, int]

#: How much of the text around an ambiguous match is shown in the message.
_CONTEXT = 30


def validate_span(start: int, end: int, length: int) -> Span:
    """Check a span against a text of ``length`` code points; return it unchanged."""
    problems = []
    if start < 0:
        problems.append(f"start {start} is negative")
    if end > length:
        problems.append(f"end {end} is past the end of the text (length {length})")
    if end < start:
        problems.append(f"end {end} is before start {start}")
    elif end == start:
        problems.append(f"the span {start}-{end} is empty")
    if problems:
        raise InvalidInput(
            f"Invalid span {start}-{end} (offsets are code points, end exclusive).", problems
        )
    return (start, end)


def find_all(text: str, needle: str) -> list[int]:
    """Every start index of ``needle`` in ``text``, overlapping matches included."""
    positions = []
    index = text.find(needle)
    while index != -1:
        positions.append(index)
        index = text.find(needle, index + 1)
    return positions


def _snippet(text: str, start: int, end: int) -> str:
    left = max(0, start - _CONTEXT)
    right = min(len(text), end + _CONTEXT)
    return " ".join(text[left:right].split())


def find_match(text: str, needle: str, *, occurrence: int | None = None) -> Span:
    """The span of ``needle`` in ``text``.

    Refuses text that is absent, or that occurs more than once unless ``occurrence``
    (1-based) says which one is meant.
    """
    if not needle or not needle.strip():
        raise InvalidInput("The text to match is empty.")
    positions = find_all(text, needle)
    if not positions:
        raise InvalidInput(
            f"The text {needle[:80]!r} does not occur in the document "
            "(matching is exact: case, punctuation and spaces count)."
        )
    if occurrence is not None:
        if not 1 <= occurrence <= len(positions):
            raise InvalidInput(
                f"The text occurs {len(positions)} time(s); occurrence {occurrence} does not exist."
            )
        start = positions[occurrence - 1]
        return (start, start + len(needle))
    if len(positions) > 1:
        problems = [
            f"occurrence {n} at {pos}-{pos + len(needle)}: "
            f"...{_snippet(text, pos, pos + len(needle))}..."
            for n, pos in enumerate(positions[:5], start=1)
        ]
        raise InvalidInput(
            f"The text {needle[:80]!r} is ambiguous: it occurs {len(positions)} times. "
            "Give a longer text, an occurrence number, or --start/--end.",
            problems,
        )
    return (positions[0], positions[0] + len(needle))


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """The union of spans as sorted, disjoint, non-touching spans."""
    if isinstance(spans, list | tuple) and len(spans) == 1 and spans[0][1] > spans[0][0]:
        return [spans[0]]  # the usual case, and worth the shortcut over 100,000 codings
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1][1] = end
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def total_length(spans: Iterable[Span]) -> int:
    """The number of code points covered by the union of ``spans``."""
    return sum(end - start for start, end in merge_spans(spans))


def intersection_length(first: Sequence[Span], second: Sequence[Span]) -> int:
    """Code points covered by both unions (each input already merged and sorted)."""
    i = j = covered = 0
    while i < len(first) and j < len(second):
        low = max(first[i][0], second[j][0])
        high = min(first[i][1], second[j][1])
        if high > low:
            covered += high - low
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return covered


def overlaps(first: Span, second: Span) -> bool:
    """True when the spans share at least one code point."""
    return first[0] < second[1] and second[0] < first[1]


def coverage_histogram(
    span_sets: Sequence[Iterable[Span]], length: int | None = None
) -> dict[int, int]:
    """For spans from several sources, how many code points are covered by exactly
    k sources, for each k >= 1. With ``length``, the uncovered remainder is reported
    under k = 0.

    Each source's spans are merged first, so a source counts once per code point.
    """
    events: list[tuple[int, int]] = []
    for spans in span_sets:
        for start, end in merge_spans(spans):
            events.append((start, 1))
            events.append((end, -1))
    events.sort()
    histogram: dict[int, int] = {}
    depth = 0
    previous = 0
    for position, delta in events:
        if depth > 0 and position > previous:
            histogram[depth] = histogram.get(depth, 0) + position - previous
        depth += delta
        previous = position
    if length is not None:
        covered = sum(histogram.values())
        histogram[0] = length - covered
    return histogram


def containing_index(starts: Sequence[int], ends: Sequence[int], position: int) -> int | None:
    """Index of the span (sorted by start, not overlapping) that contains ``position``."""
    index = bisect_right(starts, position) - 1
    if index >= 0 and position < ends[index]:
        return index
    return None
