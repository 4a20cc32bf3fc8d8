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

from mutualscope.storage.documents import Document, Segment
from mutualscope.storage.recordings import REF_PREFIX, Recording, RecordingWord

#: Words the model heard with less confidence than this are marked on the page. On the
#: evaluation recordings (bench/recordings.py, base model) 7% of words fall under 0.6;
#: 40% of those are wrong, and they hold 55% of the words the model got wrong.
UNSURE_BELOW = 0.6


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


@dataclass(frozen=True)
class RecordingFacts:
    """The recording a document refers to: what a player and a citation need."""

    id: int
    filename: str
    checksum: str
    media_type: str | None
    size: int
    duration: float


def recording_facts(session: Session, document_id: int) -> RecordingFacts | None:
    """The document's recording in one indexed read (no count of its words)."""
    found = session.execute(
        select(
            Recording.id,
            Recording.filename,
            Recording.checksum,
            Recording.media_type,
            Recording.size,
            Recording.duration,
        )
        .join(Document, Document.audio_ref == REF_PREFIX + Recording.checksum)
        .where(Document.id == document_id)
    ).first()
    return RecordingFacts(*found) if found else None


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


@dataclass(frozen=True)
class PassageTime:
    """When a passage is said (seconds into the recording), and in which recording."""

    start: float
    end: float
    recording: str | None  # the recording's file name, if the document has one
    checksum: str | None


#: Words longer than this are not looked for before a passage's start.
_LONGEST_WORD = 200


def unsure_words(session: Session, document_id: int) -> list[tuple[int, int, float]]:
    """The spans of the document's unsure words, with the model's confidence: a query
    that returns only those (a 90-minute interview has hundreds, not 15,000)."""
    rows = session.execute(
        select(RecordingWord.start, RecordingWord.end, RecordingWord.probability)
        .where(
            RecordingWord.document_id == document_id,
            RecordingWord.probability < UNSURE_BELOW,
        )
        .order_by(RecordingWord.start)
    )
    return [(start, end, probability or 0.0) for start, end, probability in rows]


class PassageTimer:
    """Times of passages of one document between offsets ``low`` and ``high``, read in
    two queries: ``timer.span(start, end)``."""

    def __init__(self, session: Session, document_id: int, low: int, high: int) -> None:
        rows = session.execute(
            select(
                RecordingWord.start,
                RecordingWord.end,
                RecordingWord.time_start,
                RecordingWord.time_end,
            )
            .where(
                RecordingWord.document_id == document_id,
                RecordingWord.start >= low - _LONGEST_WORD,
                RecordingWord.start < high,
            )
            .order_by(RecordingWord.start)
        ).all()
        self.starts = [r[0] for r in rows]
        self.ends = [r[1] for r in rows]
        self.times = [r[2] for r in rows]
        self.stops = [r[3] for r in rows]
        turns = session.execute(
            select(Segment.start, Segment.end, Segment.time_start, Segment.time_end)
            .where(Segment.document_id == document_id, Segment.time_start.is_not(None))
            .order_by(Segment.start)
        ).all()
        self.turns = list(turns)
        self._turn_starts = [t[0] for t in self.turns]
        found = session.execute(
            select(Recording.filename, Recording.checksum)
            .join(Document, Document.audio_ref == REF_PREFIX + Recording.checksum)
            .where(Document.id == document_id)
        ).first()
        self.recording = (found[0], found[1]) if found else (None, None)

    def span(self, start: int, end: int) -> PassageTime | None:
        """When ``text[start:end]`` is said; None if the document has no times there."""
        first = bisect_right(self.ends, start)
        last = bisect_left(self.starts, end) - 1
        if first <= last:
            return PassageTime(self.times[first], self.stops[last], *self.recording)
        if not self.turns:
            return None
        first_turn = max(0, bisect_right(self._turn_starts, start) - 1)
        last_turn = max(0, bisect_left(self._turn_starts, end) - 1)
        begins, ends = self.turns[first_turn][2], self.turns[last_turn][3]
        if begins is None:  # never: turns without a time were left out
            return None
        return PassageTime(begins, ends if ends is not None else begins, *self.recording)


def passage_times(
    session: Session, spans: Iterable[tuple[int, int, int]]
) -> dict[tuple[int, int, int], PassageTime | None]:
    """The time of each (document id, start, end), reading each document's times once."""
    wanted = list(spans)
    bounds: dict[int, tuple[int, int]] = {}
    for document_id, start, end in wanted:
        low, high = bounds.get(document_id, (start, end))
        bounds[document_id] = (min(low, start), max(high, end))
    timers = {d: PassageTimer(session, d, low, high) for d, (low, high) in bounds.items()}
    return {(d, s, e): timers[d].span(s, e) for d, s, e in wanted}
