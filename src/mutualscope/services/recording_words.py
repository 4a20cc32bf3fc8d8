"""The times of a transcript's words in its recording, as the transcript page plays them
and as quotes and reports cite them.

A word is unsure when the speech model gave it a confidence below :data:`UNSURE_BELOW`.
A passage's time is that of its first and last timed words; in a transcript without word
times (captions or a turn table linked to a recording) it is the start of the turn it
begins in and the end of the turn it ends in.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.storage.documents import Segment
from mutualscope.storage.recordings import RecordingWord

#: Words the model heard with less confidence than this are marked on the page. Whisper
#: gives most words it gets right 0.8 or more; under 0.5 about as many are wrong as right.
UNSURE_BELOW = 0.5


@dataclass(frozen=True)
class WordTimes:
    """A document's timed words in order: ``text[starts[i]:ends[i]]`` is said from
    ``times[i]`` to ``stops[i]`` seconds."""

    starts: list[int]
    ends: list[int]
    times: list[float]
    stops: list[float]
    probabilities: list[float | None]

    def __len__(self) -> int:
        return len(self.starts)

    def unsure(self) -> list[tuple[int, int, float]]:
        """The spans of unsure words, with the model's confidence."""
        return [
            (s, e, p)
            for s, e, p in zip(self.starts, self.ends, self.probabilities, strict=True)
            if p is not None and p < UNSURE_BELOW
        ]

    def compact(self) -> list[int]:
        """Four small whole numbers a word, for the page's script: characters since the
        end of the last word, characters long, hundredths of a second since the last
        word began, hundredths of a second long. A 90-minute interview's 15,000 words
        take about a sixth of what their offsets and times written out would."""
        flat: list[int] = []
        last_end = 0
        last_time = 0
        for s, e, t, u in zip(self.starts, self.ends, self.times, self.stops, strict=True):
            begins = round(t * 100)
            flat += (s - last_end, e - s, begins - last_time, max(0, round(u * 100) - begins))
            last_end, last_time = e, begins
        return flat


def document_word_times(session: Session, document_id: int) -> WordTimes:
    rows = session.execute(
        select(
            RecordingWord.start,
            RecordingWord.end,
            RecordingWord.time_start,
            RecordingWord.time_end,
            RecordingWord.probability,
        )
        .where(RecordingWord.document_id == document_id)
        .order_by(RecordingWord.position)
    ).all()
    return WordTimes(
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows],
        [r[3] for r in rows],
        [r[4] for r in rows],
    )


class PassageTimer:
    """Times of passages of one document, read once: ``timer.span(start, end)``."""

    def __init__(self, session: Session, document_id: int) -> None:
        self.words = document_word_times(session, document_id)
        turns = session.execute(
            select(Segment.start, Segment.end, Segment.time_start, Segment.time_end)
            .where(Segment.document_id == document_id)
            .order_by(Segment.start)
        ).all()
        self.turns = [t for t in turns if t[2] is not None]
        self._turn_starts = [t[0] for t in self.turns]

    def span(self, start: int, end: int) -> tuple[float, float] | None:
        """When ``text[start:end]`` is said, in seconds; None if the document has no
        times there."""
        words = self.words
        if len(words):
            first = bisect_right(words.ends, start)
            last = bisect_left(words.starts, end) - 1
            if first <= last:
                return words.times[first], words.stops[last]
        if not self.turns:
            return None
        first_turn = max(0, bisect_right(self._turn_starts, start) - 1)
        last_turn = max(0, bisect_left(self._turn_starts, end) - 1)
        begins = self.turns[first_turn][2]
        ends = self.turns[last_turn][3]
        if begins is None:
            return None
        return begins, ends if ends is not None else begins


def passage_times(
    session: Session, spans: Iterable[tuple[int, int, int]]
) -> dict[tuple[int, int, int], tuple[float, float] | None]:
    """The time of each (document id, start, end), reading each document's times once."""
    timers: dict[int, PassageTimer] = {}
    found = {}
    for document_id, start, end in spans:
        timer = timers.get(document_id)
        if timer is None:
            timer = timers[document_id] = PassageTimer(session, document_id)
        found[(document_id, start, end)] = timer.span(start, end)
    return found
