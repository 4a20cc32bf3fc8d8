"""Choosing how a file's offsets were counted, from evidence in the text itself.

Each selection is scored under every reading of its source (:mod:`countings`): 4 points
when its name matches the words the reading gives (most tools write the quote there;
NVivo leaves it empty), otherwise a point for each end that falls on a word or line
boundary (not inside a word, a character, a CR LF or an emoji sequence). People code
words, so the right reading puts nearly every selection on boundaries and a wrong one
cuts words. A reading *clearly beats* another when, over the selections on which the
two disagree, it is ahead by at least :data:`CLEAR_MARGIN` points and behind on at most
a quarter as many. For each source:

1. a reading that clearly beats every other one is used ("its own selections");
2. otherwise, the counting that clearly won over the whole file is used, as long as
   no reading of this source clearly beats it ("the file's other sources");
3. otherwise the best-scoring reading is used and the selections on which it and a
   reading it does not clearly beat disagree are **doubtful**.

A selection whose name does not match its words under the reading used is doubtful too.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from mutualscope.io.refi.countings import ALL_COUNTINGS, Counting, Reading, list_readings
from mutualscope.io.refi.model import RefiSelection, RefiTextSource

#: Points a reading must be ahead by, over the selections where two readings disagree.
CLEAR_MARGIN = 2
#: ... and it may be behind on at most this share of the points it is ahead on.
CLEAR_LOSS_SHARE = 0.25
#: Selections scored per source at most, spread over the whole source ...
EVIDENCE = 400
#: ... and the first batch of them: often enough to settle it.
FIRST_BATCH = 16
NAME_POINTS = 4
_ELLIPSIS = ("…", "...")
_JOINERS = frozenset("\u200d\u200c\ufe0e\ufe0f")


def is_word_char(char: str) -> bool:
    if char.isascii():
        return char.isalnum() or char == "_"
    return char.isalnum() or unicodedata.category(char)[0] == "M"


def is_boundary(text: str, index: int) -> bool:
    """Whether a selection may sensibly start or end at ``index``: not inside a word, a
    CR LF, or a character sequence (a letter and its accents, an emoji and its joiners)."""
    if index <= 0 or index >= len(text):
        return True
    before, after = text[index - 1], text[index]
    if after.isascii():
        if before == "\r":
            return after != "\n"
        return not (after.isalnum() or after == "_") or not is_word_char(before)
    if after in _JOINERS or before == "\u200d" or unicodedata.category(after)[0] == "M":
        return False
    return not after.isalnum() or not is_word_char(before)


def name_key(name: str | None) -> str | None:
    """A selection name as compared with words: spaces collapsed, NFC, a trailing
    ellipsis gone; None when too short to say anything."""
    if not name:
        return None
    expected = " ".join(unicodedata.normalize("NFC", name).split())
    for ellipsis in _ELLIPSIS:
        expected = expected.removesuffix(ellipsis).rstrip()
    return expected if len(expected) >= 3 else None


def name_matches(expected: str, quote: str) -> bool:
    """Whether ``quote`` starts with the words of a name (its :func:`name_key`)."""
    if quote.startswith(expected):
        return True
    head = quote[: len(expected) * 2 + 8]
    return " ".join(unicodedata.normalize("NFC", head).split()).startswith(expected)


@dataclass
class Tally:
    """What a reading earned on the scored selections of one source."""

    points: list[int] = field(default_factory=list)
    spans: list[tuple[int, int] | None] = field(default_factory=list)
    on_boundaries: int = 0
    names_matched: int = 0
    outside: int = 0

    @property
    def total(self) -> int:
        return sum(self.points)


def score(reading: Reading, selection: RefiSelection, expected: str | None, tally: Tally) -> None:
    """Add ``selection``'s points under ``reading`` to ``tally``; ``expected`` is its
    :func:`name_key`."""
    found = reading.span(selection.start, selection.end)
    if found is None:
        tally.points.append(0)
        tally.spans.append(None)
        tally.outside += 1
        return
    start, end, whole = found
    tally.spans.append((start, end))
    text = reading.text
    ends = (is_boundary(text, start) + is_boundary(text, end)) if whole else 0
    tally.on_boundaries += ends == 2
    if expected is not None and name_matches(expected, text[start:end]):
        tally.points.append(NAME_POINTS)
        tally.names_matched += 1
    else:
        tally.points.append(ends)


@dataclass(frozen=True)
class Duel:
    """One reading against another over the selections where they disagree."""

    ahead: int = 0
    behind: int = 0
    disagree: int = 0

    def __add__(self, other: Duel) -> Duel:
        return Duel(
            self.ahead + other.ahead, self.behind + other.behind, self.disagree + other.disagree
        )

    @property
    def clear(self) -> bool:
        return self.ahead >= CLEAR_MARGIN and self.behind <= self.ahead * CLEAR_LOSS_SHARE


def compare_tallies(a: Tally, b: Tally) -> Duel:
    ahead = behind = disagree = 0
    for pa, pb, sa, sb in zip(a.points, b.points, a.spans, b.spans, strict=True):
        if sa == sb:
            continue
        disagree += 1
        if pa > pb:
            ahead += pa - pb
        elif pb > pa:
            behind += pb - pa
    return Duel(ahead, behind, disagree)


@dataclass(frozen=True)
class Option:
    """A reading of a source as the evidence keeps it once scored: without the copies
    of the text a :class:`Reading` holds, so that a file's sources can all be weighed
    together without all their texts being copied at once."""

    counting: Counting
    label: str
    same_as: tuple[Counting, ...]


@dataclass
class SourceEvidence:
    source: RefiTextSource
    options: list[Option]
    tallies: list[Tally]
    scored: int
    _duels: dict[tuple[int, int], Duel] = field(default_factory=dict)

    def option_of(self, counting: Counting) -> int:
        return next(i for i, o in enumerate(self.options) if counting in o.same_as)

    def forget(self) -> None:
        """Drop the duels worked out so far (after more selections were scored)."""
        self._duels.clear()

    def beats(self, a: int, b: int) -> Duel:
        found = self._duels.get((a, b))
        if found is None:
            found = self._duels[a, b] = compare_tallies(self.tallies[a], self.tallies[b])
        return found

    def best(self) -> int:
        """The reading with the most points; ties go to the more standard reading."""
        return max(range(len(self.options)), key=lambda i: (self.tallies[i].total, -i))

    def rivals(self, chosen: int) -> list[int]:
        """The readings that ``chosen`` does not clearly beat, and that disagree with it."""
        out = []
        for other in range(len(self.options)):
            if other == chosen:
                continue
            contest = self.beats(chosen, other)
            if contest.disagree and not contest.clear:
                out.append(other)
        return out


def gather_evidence(source: RefiTextSource) -> SourceEvidence:
    """Score a sample of the source's selections under each of its readings: a first
    batch, and the rest of the sample only when the batch settles nothing."""
    readings = list_readings(source)
    evidence = SourceEvidence(
        source,
        [Option(r.counting, r.label, tuple(r.same_as)) for r in readings],
        [Tally() for _ in readings],
        0,
    )
    if len(readings) == 1:
        return evidence
    sample = _sample(source.selections)
    for batch in (sample[:FIRST_BATCH], sample[FIRST_BATCH:]):
        for selection in batch:
            expected = name_key(selection.name)
            for reading, tally in zip(readings, evidence.tallies, strict=True):
                score(reading, selection, expected, tally)
        evidence.scored += len(batch)
        evidence.forget()
        if not evidence.rivals(evidence.best()):
            break
    return evidence


def _sample(selections: Sequence[RefiSelection]) -> Sequence[RefiSelection]:
    """Up to :data:`EVIDENCE` selections spread over the source, in an order whose
    every head is spread over it too (so a first batch sees the whole source)."""
    if len(selections) <= FIRST_BATCH:
        return selections
    count = min(len(selections), EVIDENCE)
    step = len(selections) / count
    spread = [selections[int(k * step)] for k in range(count)]
    stride = max(1, count // FIRST_BATCH)
    return [spread[k] for start in range(stride) for k in range(start, count, stride)]


@dataclass
class Choice:
    """The counting used for a source, why, and the ones it could not rule out (each
    the most standard of the countings that read the source alike)."""

    counting: Counting
    label: str
    reason: str
    rivals: list[Counting] = field(default_factory=list)
    basis: str = "own"  # only | own | file | unsettled

    @property
    def unsettled(self) -> bool:
        return self.basis == "unsettled"


def find_file_winner(evidence: list[SourceEvidence]) -> Counting | None:
    """The counting that clearly beats every other over all sources together, or None."""
    contested = [e for e in evidence if len(e.options) > 1 and e.scored]
    if not contested:
        return None

    def total(counting: Counting) -> int:
        return sum(e.tallies[e.option_of(counting)].total for e in contested)

    totals = [total(c) for c in ALL_COUNTINGS]
    best = ALL_COUNTINGS[max(range(len(totals)), key=lambda i: (totals[i], -i))]
    for other in ALL_COUNTINGS:
        if other == best:
            continue
        contest = Duel()
        for e in contested:
            a, b = e.option_of(best), e.option_of(other)
            if a != b:
                contest = contest + e.beats(a, b)
        if contest.disagree and not contest.clear:
            return None
    return best


def choose(evidence: SourceEvidence, winner: Counting | None) -> Choice:
    options = evidence.options

    def chosen(index: int, reason: str, basis: str, rivals: list[int] | None = None) -> Choice:
        option = options[index]
        others = [options[r].counting for r in rivals or []]
        return Choice(option.counting, option.label, reason, others, basis)

    if len(options) == 1:
        return chosen(
            0,
            "every counting reads this text alike (no CR LF, byte-order mark or character "
            "that takes more than one unit)",
            "only",
        )
    if not evidence.source.selections:
        return chosen(0, "no selections to place; the standard's counting", "only")
    best = evidence.best()
    rivals = evidence.rivals(best)
    if not rivals:
        return chosen(best, _why(evidence, best, "its own selections"), "own")
    if winner is not None:
        theirs = evidence.option_of(winner)
        if not any(evidence.beats(other, theirs).clear for other in range(len(options))):
            return chosen(
                theirs,
                _why(evidence, theirs, "the file's other sources, as its own do not settle it"),
                "file",
            )
    reason = _why(evidence, best, "no counting is clearly best") + "; rivals: "
    return chosen(best, reason + ", ".join(options[r].label for r in rivals), "unsettled", rivals)


def _why(evidence: SourceEvidence, chosen: int, basis: str) -> str:
    tally, n = evidence.tallies[chosen], evidence.scored
    runner = max(
        (i for i in range(len(evidence.options)) if i != chosen),
        key=lambda i: (evidence.tallies[i].total, -i),
    )
    other, label = evidence.tallies[runner], evidence.options[runner].label
    parts = [f"chosen by {basis}: of {n} selection(s) scored"]
    if tally.names_matched or other.names_matched:
        parts.append(
            f"{tally.names_matched} have names matching their words under it "
            f"({other.names_matched} under {label})"
        )
    parts.append(
        f"{tally.on_boundaries} start and end on word or line boundaries "
        f"({other.on_boundaries} under {label})"
    )
    if tally.outside or other.outside:
        parts.append(f"{tally.outside} fall outside the text ({other.outside} under {label})")
    return ", ".join(parts)


def choose_countings(sources: list[RefiTextSource]) -> dict[str, Choice]:
    """The reading to use for each source (by GUID), from the evidence of all of them."""
    evidence = [gather_evidence(source) for source in sources]
    winner = find_file_winner(evidence)
    return {e.source.guid: choose(e, winner) for e in evidence}
