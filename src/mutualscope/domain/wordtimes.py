"""The times of a turn's words after a person corrects its text.

Words the correction left alone keep their times and the speech model's confidence. A
word written in place of others takes their stretch of the recording, shared among the
new words by length; a word added between two others takes the pause between them. A
word a person wrote has no model confidence (None), so it is no longer marked unsure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True)
class TimedWord:
    text: str
    time_start: float
    time_end: float
    probability: float | None


def _spread(words: Sequence[str], start: float, end: float) -> list[TimedWord]:
    """``words`` said one after another from ``start`` to ``end``, each for a time in
    proportion to its length."""
    total = sum(len(w) for w in words) or 1
    found = []
    at = start
    for word in words:
        stop = at + (end - start) * len(word) / total
        found.append(TimedWord(word, round(at, 3), round(stop, 3), None))
        at = stop
    return found


def retime_words(
    old: Sequence[TimedWord], new: Sequence[str], *, start: float, end: float
) -> list[TimedWord]:
    """Times for the words ``new`` of a turn whose timed words were ``old``; ``start``
    and ``end`` bound words added before the first or after the last old word."""
    matcher = SequenceMatcher(None, [w.text for w in old], list(new), autojunk=False)
    found: list[TimedWord] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            found.extend(old[i1:i2])
        elif op == "replace":
            found.extend(_spread(new[j1:j2], old[i1].time_start, old[i2 - 1].time_end))
        elif op == "insert":
            after = found[-1].time_end if found else start
            before = old[i1].time_start if i1 < len(old) else max(end, after)
            found.extend(_spread(new[j1:j2], after, max(before, after)))
    return found


def time_at(start: float, end: float, fraction: float) -> float:
    """The time a fraction of the way through a turn, for turns without word times."""
    return round(start + (end - start) * min(max(fraction, 0.0), 1.0), 3)


def clock(seconds: float) -> str:
    """``761.4`` -> ``"12:41"``; ``"1:02:03"`` past an hour."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def timed_attribution(attribution: str, seconds: float) -> str:
    """``"(CEO of case 3)"`` said at 761 s -> ``"(CEO of case 3, 12:41)"``."""
    inside = (
        attribution[1:-1]
        if attribution.startswith("(") and attribution.endswith(")")
        else attribution
    )
    return f"({inside}, {clock(seconds)})"
