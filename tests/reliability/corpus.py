"""Transcript files for crash tests, with the quirks real transcripts have.

Each file is ``Label: words`` turns, one per line; some files use CR LF line ends, some
turns hold curly and doubled quotes, accented letters and characters outside the Basic
Multilingual Plane (two UTF-16 units each), so a crash test also checks that what the
import keeps is the text it was given.
"""

from __future__ import annotations

import random
from pathlib import Path

WORDS = [
    "mutual", "staff", "innovation", "commissioner", "surplus", "clinic", "community",
    "nurse", "board", "tender", "contract", "social", "value", "austerity", "spin-out",
    "members", "user-led", "pathway", "café", "naïve", "“co-production”", '"""quoted"""',
    "𝄞music", "😀smile",
]  # fmt: skip
SPEAKERS = ("Interviewer", "CEO", "Staff nurse", "Commissioner")


def turn_text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def write_transcripts(
    folder: Path, *, files: int, turns: int, seed: int, words: int = 25
) -> dict[str, int]:
    """Write ``files`` transcripts of ``turns`` turns each; returns {file name: turns}."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for number in range(files):
        name = f"interview-{number:03d}.txt"
        lines = [
            f"{SPEAKERS[t % len(SPEAKERS)]}: {turn_text(rng, words)} (file {number}, turn {t})."
            for t in range(turns)
        ]
        ending = "\r\n" if number % 3 == 0 else "\n"
        (folder / name).write_bytes((ending.join(lines) + ending).encode("utf-8"))
        written[name] = turns
    return written
