"""A hierarchical codebook and codings of transcripts, as plain data.

A code is ``{"path": "Enablers/User involvement", "name", "parent", "definition",
"colour"}``; parents come before their children. A coding is ``{"document": index into
the transcripts, "document_name", "start", "end", "code": path, "coder"}``, with offsets
into ``Transcript.text`` that start and end on sentence boundaries inside one
participant's turn, as a person codes.
"""

from __future__ import annotations

import random
from typing import Any

from bench.generate.transcripts import Transcript, Turn

THEMES: dict[str, tuple[str, ...]] = {
    "Innovation": ("Service", "Process", "Organisational", "Technological", "Social"),
    "Enablers": (
        "Spaces for experimentation",
        "User involvement",
        "Funding sources",
        "Staff engagement",
        "Entrepreneurial leadership",
    ),
    "Barriers": (
        "Austerity",
        "Competition",
        "Valuing social value",
        "Commissioning",
        "Commercial risk",
    ),
    "Governance": ("Staff ownership", "Board", "User forum"),
    "Outcomes": ("Quality", "Surplus reinvested", "Staff wellbeing"),
}
PALETTE = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d")


def _code(path: str, parent: str | None, index: int) -> dict[str, Any]:
    name = path.rsplit("/", 1)[-1]
    return {
        "path": path,
        "name": name,
        "parent": parent,
        "definition": f"Passages about {name.lower()}.",
        "colour": PALETTE[index % len(PALETTE)],
    }


def make_codebook(count: int) -> list[dict[str, Any]]:
    """``count`` codes (at least the themes): the domain's themes, then numbered sub-codes.

    Deterministic without a seed: the same count always gives the same codebook.
    """
    codes: list[dict[str, Any]] = []
    for theme, children in THEMES.items():
        codes.append(_code(theme, None, len(codes)))
        for child in children:
            codes.append(_code(f"{theme}/{child}", theme, len(codes)))
    if count < len(codes):
        themes = [c for c in codes if c["parent"] is None]
        rest = [c for c in codes if c["parent"] is not None]
        return themes + rest[: max(count - len(themes), 0)]
    parents = [c["path"] for c in codes if c["parent"] is not None]
    number = 0
    while len(codes) < count:
        parent = parents[number % len(parents)]
        codes.append(_code(f"{parent}/Aspect {number // len(parents) + 1}", parent, len(codes)))
        number += 1
    return codes


def _span(rng: random.Random, turns: list[Turn]) -> tuple[int, int]:
    sentences = rng.choice(turns).sentences
    first = rng.randrange(len(sentences))
    last = min(len(sentences) - 1, first + rng.choice((0, 0, 0, 1, 1, 2, 3)))
    return sentences[first][0], sentences[last][1]


def _shifted(rng: random.Random, turns: list[Turn], start: int, end: int) -> tuple[int, int]:
    """A second coder's boundaries: mostly the same, sometimes a sentence more or less."""
    for turn in turns:
        if turn.start <= start < turn.end:
            starts = [s for s, _ in turn.sentences]
            ends = [e for _, e in turn.sentences]
            i, j = starts.index(start), ends.index(end)
            roll = rng.random()
            if roll < 0.15 and i > 0:
                i -= 1
            elif roll < 0.3 and j < len(ends) - 1:
                j += 1
            elif roll < 0.4 and j > i:
                j -= 1
            return starts[i], ends[j]
    return start, end


def make_codings(
    transcripts: list[Transcript],
    codebook: list[dict[str, Any]],
    count: int,
    *,
    coders: tuple[str, ...] = ("coder-a", "coder-b"),
    double_coded: float = 0.3,
    seed: int = 0,
) -> list[dict[str, Any]]:
    """``count`` codings spread over the transcripts in proportion to their words.

    The first coder codes everything; a share ``double_coded`` of those passages is
    coded again by the next coder, with the same code 80% of the time and shifted
    boundaries now and then, so agreement measures have something to measure.
    Codings are sorted by document and start.
    """
    rng = random.Random(f"codings:{seed}")
    leaves = [c["path"] for c in codebook if not any(o["parent"] == c["path"] for o in codebook)]
    weights = [1.0 / (rank + 1.5) for rank in range(len(leaves))]
    total_words = sum(t.word_count for t in transcripts) or 1
    share = double_coded if len(coders) > 1 else 0.0
    first_pass = round(count / (1 + share))
    codings: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    coded = [(t, t.participant_turns()) for t in transcripts if t.participant_turns()]

    def add(coding: dict[str, Any]) -> None:
        # A coder codes a span with a code once (the project refuses it twice).
        key = (coding["document"], coding["start"], coding["end"], coding["code"], coding["coder"])
        if key not in seen:
            seen.add(key)
            codings.append(coding)

    def code_once(transcript: Transcript, turns: list[Turn]) -> None:
        span = _span(rng, turns)
        code = rng.choices(leaves, weights=weights)[0]
        add(_coding(transcript, span, code, coders[0]))
        if share and rng.random() < share:
            second = _shifted(rng, turns, *span)
            if rng.random() > 0.8:
                code = rng.choices(leaves, weights=weights)[0]
            add(_coding(transcript, second, code, coders[1]))

    for transcript, turns in coded:
        for _ in range(round(first_pass * transcript.word_count / total_words)):
            code_once(transcript, turns)
    # Rounding per document misses the total by a few: top up or thin out at random.
    while coded and len(codings) < count:
        code_once(*rng.choice(coded))
    if len(codings) > count:
        drop = set(rng.sample(range(len(codings)), len(codings) - count))
        codings = [c for i, c in enumerate(codings) if i not in drop]
    codings.sort(key=lambda c: (c["document"], c["start"], c["end"], c["coder"]))
    return codings


def _coding(transcript: Transcript, span: tuple[int, int], code: str, coder: str) -> dict[str, Any]:
    return {
        "document": transcript.index,
        "document_name": transcript.name,
        "start": span[0],
        "end": span[1],
        "code": code,
        "coder": coder,
    }
