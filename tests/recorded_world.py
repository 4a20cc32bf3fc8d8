"""A recorded interview for tests, made without the speech model: the text an import
writes (``Speaker 1: words`` paragraphs), turns and every word with its time and the
model's confidence, a real WAV recording (the stdlib ``wave`` module) kept in chunks,
and codings on it.

The second turn is the kind of mistake diarisation makes: the interviewer's question
("So what about the funding?") is inside the manager's turn, so a test splits it out
and gives it back to Speaker 1; the last two turns are one answer cut in two, so a test
merges them.
"""

from __future__ import annotations

import math
import struct
import wave
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from mutualscope.services.recordings import file_checksum, store_recording_file
from mutualscope.storage.models import Code, Coding, Document, Segment, User
from mutualscope.storage.recordings import REF_PREFIX, RecordingWord
from tests.factories import make_code, make_coding

#: (speaker, words); each word's confidence is 0.9 unless listed in UNSURE.
TURNS = [
    ("Speaker 1", "How did it start?"),
    (
        "Speaker 2",
        "We did it under the radar 😀 and all. So what about the funding? "
        "The funding came from a social investment fund.",
    ),
    ("Speaker 1", "And the staff?"),
    ("Speaker 2", "They own it now."),
    ("Speaker 2", "Every one of them is a member."),
]
UNSURE = {"radar": 0.31, "investment": 0.42}
WORD_SECONDS = 0.4
PAUSE_SECONDS = 0.8


def write_wav(path: Path, seconds: float, rate: int = 16_000) -> Path:
    """A mono 16-bit WAV of a quiet 220 Hz tone (32 KB a second at 16 kHz)."""
    frames = int(seconds * rate)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        tone = [int(3000 * math.sin(2 * math.pi * 220 * n / rate)) for n in range(rate)]
        block = struct.pack(f"<{rate}h", *tone)
        for _ in range(frames // rate):
            out.writeframes(block)
        out.writeframes(block[: (frames % rate) * 2])
    return path


@dataclass
class Recorded:
    document: Document
    codes: dict[str, Code]
    codings: dict[str, Coding]
    recording: Path


def words_of(text: str, start: int, end: int) -> list[str]:
    return text[start:end].split()


def make_recorded_document(
    session: Session,
    tmp_path: Path,
    *,
    name: str = "case-3-manager.m4a",
    coder: User | None = None,
    seconds: float = 40.0,
    case_id: int | None = None,
) -> Recorded:
    """The interview of TURNS with word times, its recording and three codings:
    "under the radar" (Freedom), the funding answer (Funding) and the answer cut in two,
    across the label between its halves (Ownership)."""
    text = ""
    turns: list[tuple[str, int, int, float, float]] = []
    words: list[tuple[int, int, float, float, float]] = []
    clock = 0.5
    for speaker, said in TURNS:
        text += ("\n\n" if text else "") + f"{speaker}: "
        turn_start, time_start = len(text), clock
        for n, word in enumerate(said.split(" ")):
            text += (" " if n else "") + word
            key = word.strip(".,?!").lower()
            words.append(
                (len(text) - len(word), len(text), clock, clock + 0.3, UNSURE.get(key, 0.9))
            )
            clock += WORD_SECONDS
        turns.append((speaker, turn_start, len(text), time_start, clock - 0.1))
        clock += PAUSE_SECONDS
    text += "\n"
    recording = write_wav(tmp_path / "interview.wav", seconds)
    checksum = file_checksum(recording)
    store_recording_file(
        session.connection(), recording, checksum, duration=seconds, codec="pcm_s16le"
    )
    doc = Document(
        name=name, text=text, length=len(text), word_count=len(text.split()),
        source_format="m4a", audio_ref=REF_PREFIX + checksum, case_id=case_id,
    )  # fmt: skip
    session.add(doc)
    session.flush()
    for position, (speaker, start, end, t0, t1) in enumerate(turns):
        session.add(
            Segment(
                document_id=doc.id, position=position, start=start, end=end,
                speaker=speaker, time_start=t0, time_end=t1,
            )
        )  # fmt: skip
    for position, (start, end, t0, t1, p) in enumerate(words):
        session.add(
            RecordingWord(
                document_id=doc.id, position=position, start=start, end=end,
                time_start=round(t0, 3), time_end=round(t1, 3), probability=p,
            )
        )  # fmt: skip
    session.commit()
    codes = {n: make_code(session, n) for n in ("Freedom", "Funding", "Ownership")}

    def code(name: str, words: str) -> Coding:
        start = text.index(words)
        return make_coding(session, doc, codes[name], start, start + len(words), coder=coder)

    codings = {
        "Freedom": code("Freedom", "under the radar"),
        "Funding": code("Funding", "The funding came from a social investment fund."),
        "Ownership": code("Ownership", "They own it now.\n\nSpeaker 2: Every one of them"),
    }
    return Recorded(doc, codes, codings, recording)
