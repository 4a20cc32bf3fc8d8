"""Scoring findings against identifiers marked by hand: recall and precision per kind.

Two ways to match: *exact* (same kind, same start and end) and *overlap* (same kind, at
least one character in common). A third figure, *covered*, counts marked identifiers that
any finding touches whatever its kind: what a reviewer would be shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from mutualscope.domain.protection.findings import Finding
from mutualscope.domain.protection.kinds import KINDS, STRUCTURED_KINDS
from mutualscope.errors import InvalidInput


@dataclass(frozen=True)
class Annotation:
    kind: str
    start: int
    end: int
    text: str


def locate(text: str, kind: str, needle: str, occurrence: int, where: str) -> Annotation:
    """The ``occurrence``-th (from 1) place where ``needle`` is written in ``text``."""
    if kind not in KINDS:
        raise InvalidInput(f"{where}: unknown kind {kind!r}; the kinds are {', '.join(KINDS)}.")
    position = -1
    for _ in range(occurrence):
        position = text.find(needle, position + 1)
        if position == -1:
            raise InvalidInput(
                f"{where}: {needle!r} is not written {occurrence} time(s) in the transcript; "
                "mark the text exactly as written and count its occurrences from 1."
            )
    return Annotation(kind, position, position + len(needle), needle)


@dataclass
class KindScore:
    kind: str
    marked: int = 0
    found: int = 0
    recalled_exact: int = 0
    recalled_overlap: int = 0
    covered: int = 0
    precise_exact: int = 0
    precise_overlap: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: KindScore) -> None:
        for name in (
            "marked",
            "found",
            "recalled_exact",
            "recalled_overlap",
            "covered",
            "precise_exact",
            "precise_overlap",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.missed += other.missed
        self.wrong += other.wrong

    @staticmethod
    def _ratio(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def recall_exact(self) -> float | None:
        return self._ratio(self.recalled_exact, self.marked)

    @property
    def recall_overlap(self) -> float | None:
        return self._ratio(self.recalled_overlap, self.marked)

    @property
    def recall_covered(self) -> float | None:
        return self._ratio(self.covered, self.marked)

    @property
    def precision_exact(self) -> float | None:
        return self._ratio(self.precise_exact, self.found)

    @property
    def precision_overlap(self) -> float | None:
        return self._ratio(self.precise_overlap, self.found)


def _overlap(a: Annotation, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end


def score_document(
    marked: Sequence[Annotation], found: Sequence[Finding], name: str = ""
) -> dict[str, KindScore]:
    """Scores per kind for one text."""
    scores = {kind: KindScore(kind) for kind in KINDS}
    for mark in marked:
        score = scores[mark.kind]
        score.marked += 1
        same = [f for f in found if f.kind == mark.kind and _overlap(mark, f)]
        score.recalled_exact += any(f.start == mark.start and f.end == mark.end for f in same)
        score.recalled_overlap += bool(same)
        touched = any(_overlap(mark, f) for f in found)
        score.covered += touched
        if not same:
            score.missed.append(f"{name}@{mark.start}: {mark.text!r}")
    for finding in found:
        score = scores[finding.kind]
        score.found += 1
        hits = [m for m in marked if m.kind == finding.kind and _overlap(m, finding)]
        score.precise_exact += any(m.start == finding.start and m.end == finding.end for m in hits)
        score.precise_overlap += bool(hits)
        if not hits:
            score.wrong.append(f"{name}@{finding.start}: {finding.text!r} ({finding.rule})")
    return scores


def total(per_document: Iterable[dict[str, KindScore]]) -> dict[str, KindScore]:
    """Per-kind scores summed over documents, plus "structured" and "all" rows."""
    totals = {kind: KindScore(kind) for kind in KINDS}
    for scores in per_document:
        for kind, score in scores.items():
            totals[kind].add(score)
    structured = KindScore("structured")
    everything = KindScore("all")
    for kind, score in totals.items():
        everything.add(score)
        if kind in STRUCTURED_KINDS:
            structured.add(score)
    return {**totals, "structured": structured, "all": everything}
