"""Scores of a transcribed recording: word error rate and diarisation error rate.

WER is the word-level edit distance (substitutions, deletions, insertions) over the
reference's word count, after both texts are lower-cased and stripped of punctuation.
DER is the share of the reference's speech time that is missed, falsely detected, or
given to the wrong speaker under the best one-to-one mapping of hypothesis speakers to
reference speakers; times within ``collar`` seconds of a reference boundary are not
scored, and overlapping reference speech counts once per speaker, as NIST's md-eval does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

Turn = tuple[float, float, str]  # start, end, speaker
_WORD = re.compile(r"[\w']+")
STEP = 0.01  # seconds per frame when scoring speaker time


def words(text: str) -> list[str]:
    return [w.strip("'") for w in _WORD.findall(text.lower().replace("-", " ")) if w.strip("'")]


def edit_distance(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, start=1):
        current = [i] + [0] * len(hypothesis)
        for j, hyp in enumerate(hypothesis, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp))
        previous = current
    return previous[-1]


def wer(reference: str, hypothesis: str) -> float:
    ref = words(reference)
    return edit_distance(ref, words(hypothesis)) / max(len(ref), 1)


def correct_words(reference: str, hypothesis: Sequence[str]) -> list[bool]:
    """For each word of the hypothesis (as the speech model gave them, punctuation and
    all), whether the best alignment with the reference matches all of it."""
    ref = words(reference)
    tokens = [(index, token) for index, word in enumerate(hypothesis) for token in words(word)]
    hyp = [token for _, token in tokens]
    cost = np.zeros((len(ref) + 1, len(hyp) + 1), dtype=np.int32)
    cost[:, 0] = np.arange(len(ref) + 1)
    cost[0, :] = np.arange(len(hyp) + 1)
    for i in range(1, len(ref) + 1):
        for j in range(1, len(hyp) + 1):
            cost[i, j] = min(
                cost[i - 1, j] + 1,
                cost[i, j - 1] + 1,
                cost[i - 1, j - 1] + (ref[i - 1] != hyp[j - 1]),
            )
    matched = [False] * len(hyp)
    i, j = len(ref), len(hyp)
    while i > 0 and j > 0:
        if cost[i, j] == cost[i - 1, j - 1] + (ref[i - 1] != hyp[j - 1]):
            matched[j - 1] = ref[i - 1] == hyp[j - 1]
            i, j = i - 1, j - 1
        elif cost[i, j] == cost[i, j - 1] + 1:
            j -= 1
        else:
            i -= 1
    right = [bool(words(word)) for word in hypothesis]
    for (index, _), ok in zip(tokens, matched, strict=True):
        right[index] = right[index] and ok
    return right


def read_rttm(text: str) -> list[Turn]:
    found = []
    for line in text.splitlines():
        fields = line.split()
        if fields and fields[0] == "SPEAKER":
            start, length = float(fields[3]), float(fields[4])
            found.append((start, start + length, fields[7]))
    return found


def _frames(turns: Sequence[Turn], speakers: list[str], count: int) -> np.ndarray:
    grid = np.zeros((len(speakers), count), dtype=bool)
    for start, end, speaker in turns:
        grid[speakers.index(speaker), round(start / STEP) : round(end / STEP)] = True
    return grid


def der(reference: Sequence[Turn], hypothesis: Sequence[Turn], *, collar: float = 0.25) -> float:
    """Diarisation error rate of ``hypothesis`` against ``reference``."""
    end = max([t[1] for t in reference] + [t[1] for t in hypothesis] + [0.0])
    count = round(end / STEP) + 1
    ref_speakers = sorted({t[2] for t in reference})
    hyp_speakers = sorted({t[2] for t in hypothesis})
    ref = _frames(reference, ref_speakers, count)
    hyp = _frames(hypothesis, hyp_speakers, count)
    scored = np.ones(count, dtype=bool)
    for start, stop, _ in reference:
        for edge in (start, stop):
            scored[max(0, round((edge - collar) / STEP)) : round((edge + collar) / STEP)] = False
    ref, hyp = ref[:, scored], hyp[:, scored]
    ref_count, hyp_count = ref.sum(axis=0), hyp.sum(axis=0)
    total = ref_count.sum()
    if total == 0:
        return 0.0
    # The mapping that gives the most correctly attributed time.
    overlap = (ref[:, None, :] & hyp[None, :, :]).sum(axis=2)
    rows, cols = linear_sum_assignment(-overlap) if overlap.size else ([], [])
    correct = np.zeros(ref.shape[1], dtype=int)
    for r, c in zip(rows, cols, strict=True):
        correct += ref[r] & hyp[c]
    errors = np.maximum(ref_count, hyp_count) - correct
    return float(errors.sum() / total)
