"""A conversation of several voices spliced from the evaluation recordings.

The evaluation set has one recording with two speakers and several with one. Speaker
counting is hardest with three or more voices, so this module splices the one-voice
recordings (and each side of the two-speaker call) into a conversation that passes the
word around them in short turns, the reference speaker turns known exactly by
construction. Each voice comes from its own recording, so differences of microphone and
room help the clustering: a real round table of one room is harder, and the figures are
an upper bound for it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np

from bench.recording_scores import Turn

RATE = 16_000
FRAME = RATE // 50  # 20 ms
GAP = int(0.4 * RATE)
SHORTEST, LONGEST = 2.0, 4.0  # seconds a turn of the round table lasts


def _frames_db(samples: np.ndarray) -> np.ndarray:
    count = len(samples) // FRAME
    frames = samples[: count * FRAME].reshape(count, FRAME)
    return 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)


def _trimmed(samples: np.ndarray) -> np.ndarray:
    """``samples`` without the quiet at either end (40 dB under the loudest frame)."""
    loud = np.nonzero(_frames_db(samples) > _frames_db(samples).max() - 40)[0]
    if len(loud) == 0:
        return samples[:0]
    return samples[loud[0] * FRAME : (loud[-1] + 1) * FRAME]


def turns_of(samples: np.ndarray) -> list[np.ndarray]:
    """One voice's speech cut into turns of 2 to 4 s, each cut at its quietest frame."""
    level = _frames_db(samples)
    cuts, start = [], 0
    shortest, longest = int(SHORTEST * 50), int(LONGEST * 50)
    while len(level) - start > longest:
        window = level[start + shortest : start + longest]
        cut = start + shortest + int(np.argmin(window))
        cuts.append((start, cut))
        start = cut
    cuts.append((start, len(level)))
    pieces = [_trimmed(samples[a * FRAME : b * FRAME]) for a, b in cuts]
    return [p for p in pieces if len(p) >= RATE // 2]


def _one_speaker_stretches(samples: np.ndarray, truth: list[Turn]) -> dict[str, np.ndarray]:
    """Each speaker's speech in a recording with reference turns, without the moments
    another speaker talks over them."""
    voices: dict[str, list[np.ndarray]] = {}
    for start, end, speaker in truth:
        free = [(start, end)]
        for other_start, other_end, who in truth:
            if who == speaker:
                continue
            free = [
                piece
                for a, b in free
                for piece in ((a, min(b, other_start)), (max(a, other_end), b))
                if piece[1] - piece[0] > 0
            ]
        voices.setdefault(speaker, []).extend(
            samples[int(a * RATE) : int(b * RATE)] for a, b in free
        )
    return {who: np.concatenate(parts) for who, parts in voices.items()}


def conversation(
    manifest: list[dict[str, Any]],
    samples_of: Callable[[dict[str, Any]], np.ndarray],
    read_truth: Callable[[dict[str, Any]], list[Turn]],
) -> tuple[np.ndarray, list[Turn]]:
    """The spliced conversation (16 kHz samples) and its reference speaker turns.

    Voices are the single-speaker recordings (``kind`` "clean...") and each speaker of
    the recordings with reference turns; the turns go round the voices in order until
    every voice has spoken all its turns.
    """
    voices: dict[str, list[np.ndarray]] = {}
    for entry in manifest:
        samples = samples_of(entry)
        if "rttm" in entry:
            for who, speech in _one_speaker_stretches(samples, read_truth(entry)).items():
                voices[f"{entry['file']}:{who}"] = turns_of(speech)
        elif entry["kind"].startswith("clean"):
            name = entry["file"] + (f":{entry['channel']}" if "channel" in entry else "")
            voices[name] = turns_of(samples)
    parts: list[np.ndarray] = []
    truth: list[Turn] = []
    position = 0
    gap = np.zeros(GAP, dtype=np.float32)
    for round_ in itertools.zip_longest(*voices.values()):
        for name, piece in zip(voices, round_, strict=True):
            if piece is None:
                continue
            # Each voice at the same loudness, as one microphone in one room would hear.
            level = float(np.sqrt(np.mean(piece**2))) or 1.0
            parts += [(piece * (0.1 / level)).astype(np.float32), gap]
            truth.append((position / RATE, (position + len(piece)) / RATE, name))
            position += len(piece) + GAP
    return np.concatenate(parts), truth
