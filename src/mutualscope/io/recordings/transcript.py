"""Words and speaker turns into a transcript: its text, its turns and each word's span.

Each word goes to the speaker whose turn covers most of it (the nearest turn if none
does); consecutive words of one speaker make one turn. The text is written as
``Speaker 1: words`` paragraphs, as captions are, speakers numbered in the order they
first speak; a turn's span covers its words only, and each word keeps its span, its
times and the model's confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mutualscope.domain.speakers import Turn
from mutualscope.domain.text import normalise_text
from mutualscope.io.recordings.speakers import SpeakerTurn
from mutualscope.io.recordings.speech import Transcript, Word
from mutualscope.io.transcripts.document import ImportedDocument


@dataclass(frozen=True)
class WordSpan:
    """A word of the stored text: ``text[start:end]``, said from ``time_start`` to
    ``time_end`` seconds, heard with ``probability``."""

    start: int
    end: int
    time_start: float
    time_end: float
    probability: float


@dataclass
class RecordingTranscript:
    """A transcribed recording as plain data: the document and its words' times."""

    document: ImportedDocument
    words: list[WordSpan] = field(default_factory=list)
    duration: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)


def speaker_of(word: Word, turns: list[SpeakerTurn]) -> int:
    """The speaker whose turn overlaps the word most, else the nearest one (0 if none)."""
    best, best_overlap, best_gap = 0, 0.0, float("inf")
    for turn in turns:
        overlap = min(word.end, turn.end) - max(word.start, turn.start)
        if overlap > best_overlap:
            best, best_overlap = turn.speaker, overlap
        elif best_overlap <= 0:
            gap = max(turn.start - word.end, word.start - turn.end, 0.0)
            if gap < best_gap:
                best, best_gap = turn.speaker, gap
    return best


def assemble(
    transcript: Transcript, turns: list[SpeakerTurn], *, source_format: str
) -> tuple[ImportedDocument, list[WordSpan]]:
    """The document and word spans for ``transcript``'s words said in ``turns``."""
    labels: dict[int, str] = {}
    parts: list[str] = []
    segments: list[Turn] = []
    spans: list[WordSpan] = []
    length = 0
    current: int | None = None
    for word in transcript.words:
        text = normalise_text(word.text).strip()
        if not text:
            continue
        speaker = speaker_of(word, turns)
        label = labels.setdefault(speaker, f"Speaker {len(labels) + 1}")
        if speaker != current:
            opening = ("\n\n" if parts else "") + f"{label}: "
            parts.append(opening)
            length += len(opening)
            segments.append(Turn(label, length, length, word.start, word.end))
            current = speaker
        else:
            parts.append(" ")
            length += 1
        spans.append(WordSpan(length, length + len(text), word.start, word.end, word.probability))
        parts.append(text)
        length += len(text)
        last = segments[-1]
        segments[-1] = Turn(last.speaker, last.start, length, last.time_start, word.end)
    text = "".join(parts) + ("\n" if parts else "")
    document = ImportedDocument(text=text, segments=segments, source_format=source_format)
    return document, spans
