"""Interview transcripts as plain data: speaker turns, sentences and times.

``Transcript.text`` is the normalised plain text exactly as the ``.txt`` rendering
writes it: one paragraph per turn, ``"Speaker: words"``, paragraphs separated by a
blank line. Every offset here (turns, sentences, codings) is a Python string index
into that text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from bench.generate.vocabulary import TextSource

INTERNAL_ROLES = ("CEO", "Director", "Manager", "Nurse", "Therapist", "Staff", "Trustee")
EXTERNAL_ROLES = ("Commissioner", "Partner", "Support provider", "Service user")
ROLES = INTERNAL_ROLES + EXTERNAL_ROLES
INTERVIEWER = "Interviewer"
# Words per second of speech, for cue times in .vtt and .srt.
SPEAKING_RATE = 2.5


@dataclass(frozen=True)
class Turn:
    """One speaker turn: the spoken words are ``text[start:end]`` of the transcript."""

    speaker: str
    start: int
    end: int
    words: int
    time_start: float
    time_end: float
    # (start, end) of each sentence, offsets into the transcript text.
    sentences: tuple[tuple[int, int], ...]


@dataclass
class Transcript:
    """One interview (or focus group) with a case and the roles of its speakers."""

    index: int
    name: str
    case: str
    kind: str
    speakers: dict[str, str]
    text: str = ""
    turns: list[Turn] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return sum(turn.words for turn in self.turns)

    def participant_turns(self) -> list[Turn]:
        return [turn for turn in self.turns if turn.speaker != INTERVIEWER]


def _speakers(rng: random.Random, kind: str) -> dict[str, str]:
    """Speaker label -> role; focus groups number the people who share a role."""
    if kind == "interview":
        role = rng.choice(ROLES)
        return {INTERVIEWER: "interviewer", role: role}
    speakers = {INTERVIEWER: "interviewer"}
    for number in range(1, rng.randint(3, 6) + 1):
        role = rng.choice(INTERNAL_ROLES)
        speakers[f"{role} {number}"] = role
    return speakers


def _turn_plan(rng: random.Random, source: TextSource, speaker: str) -> list[str]:
    """The sentences of one turn: short questions, long answers, now and then a quip."""
    if speaker == INTERVIEWER:
        sentences = [source.question()[0]]
        if rng.random() < 0.3:
            sentences.insert(0, source.sentence(rng.randint(3, 10))[0])
        return sentences
    if rng.random() < 0.1:
        return [source.sentence(rng.randint(2, 6))[0]]
    return [source.sentence()[0] for _ in range(rng.randint(2, 14))]


def make_transcript(index: int, words: int, *, cases: int, seed: int) -> Transcript:
    """One transcript of about ``words`` spoken words (never fewer), deterministic."""
    rng = random.Random(f"transcript:{seed}:{index}")
    source = TextSource(rng)
    kind = "focus-group" if rng.random() < 0.1 else "interview"
    case = f"Case {rng.randint(1, max(cases, 1))}"
    speakers = _speakers(rng, kind)
    labels = list(speakers)
    people = labels[1:]
    transcript = Transcript(
        index=index,
        name=f"{case.lower().replace(' ', '-')}-{kind}-{index + 1:05d}",
        case=case,
        kind=kind,
        speakers=speakers,
    )
    parts: list[str] = []
    offset = 0
    spoken = 0
    clock = 0.0
    speaker = INTERVIEWER
    while spoken < words:
        prefix = f"{speaker}: "
        sentences = _turn_plan(rng, source, speaker)
        start = offset + len(prefix)
        spans: list[tuple[int, int]] = []
        cursor = start
        for sentence in sentences:
            spans.append((cursor, cursor + len(sentence)))
            cursor += len(sentence) + 1
        body = " ".join(sentences)
        count = len(body.split())
        duration = count / SPEAKING_RATE
        transcript.turns.append(
            Turn(speaker, start, start + len(body), count, clock, clock + duration, tuple(spans))
        )
        clock = round(clock + duration + rng.uniform(0.2, 1.5), 3)
        paragraph = prefix + body
        parts.append(paragraph)
        offset += len(paragraph) + 2
        spoken += count
        speaker = rng.choice(people) if speaker == INTERVIEWER else INTERVIEWER
    transcript.text = "\n\n".join(parts) + "\n"
    return transcript


def make_transcripts(count: int, words: int, *, cases: int, seed: int = 0) -> list[Transcript]:
    """``count`` transcripts; transcript ``i`` is the same whatever ``count`` is."""
    return [make_transcript(i, words, cases=cases, seed=seed) for i in range(count)]
