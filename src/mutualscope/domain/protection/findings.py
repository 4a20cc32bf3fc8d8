"""A finding: one stretch of a text that may be personal data.

A finding is plain data so that it can be listed now and stored for review later: kind,
code-point offsets into the document's normalised text, the text itself, a confidence
between 0 and 1, and where it came from (``source``: rule, gazetteer, lexicon or model;
``rule``: which one, for people reviewing and for tests).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Finding:
    start: int
    end: int
    kind: str
    text: str
    confidence: float
    source: str
    rule: str

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Finding) -> bool:
        return self.start < other.end and other.start < self.end


def make_finding(
    text: str, start: int, end: int, kind: str, confidence: float, source: str, rule: str
) -> Finding:
    """A finding over ``text[start:end]``, its confidence kept to two decimals."""
    return Finding(start, end, kind, text[start:end], round(confidence, 2), source, rule)


_SOURCE_RANK = {"rule": 0, "gazetteer": 1, "lexicon": 2, "model": 3}


def resolve_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per stretch of text, in text order.

    Where findings overlap, the longest wins ("Luton Borough Council" over "Luton"), then
    the most confident, then the surer source. The others are dropped: they would only
    repeat, in part, what the winner already covers.
    """
    ranked = sorted(
        findings,
        key=lambda f: (-f.length, -f.confidence, _SOURCE_RANK.get(f.source, 9), f.start),
    )
    kept: list[Finding] = []
    # The kept spans never overlap, so sorted by start their ends rise too: only the
    # last one starting before a candidate's end can overlap it.
    starts: list[int] = []
    ends: list[int] = []
    for finding in ranked:
        at = bisect_left(starts, finding.end)
        if at and ends[at - 1] > finding.start:
            continue
        kept.append(finding)
        starts.insert(at, finding.start)
        ends.insert(at, finding.end)
    return sorted(kept)


def context_of(text: str, finding: Finding, width: int = 40) -> str:
    """The finding in its sentence, on one line: ``…before [finding] after…``."""
    before = text[max(0, finding.start - width) : finding.start]
    after = text[finding.end : finding.end + width]
    left = "…" if finding.start > width else ""
    right = "…" if finding.end + width < len(text) else ""
    snippet = f"{left}{before}[{text[finding.start : finding.end]}]{after}{right}"
    return " ".join(snippet.split())


def count_by_kind(findings: Sequence[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    return counts
