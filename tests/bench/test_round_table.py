"""The spliced conversation the recordings benchmark scores speaker finding on."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from bench.recording_scores import read_rttm
from bench.round_table import RATE, conversation, turns_of

pytest.importorskip("av")


def test_turns_of_cuts_one_voice_into_turns_of_two_to_four_seconds() -> None:
    # Ten seconds of a tone that dips to silence for 0.1 s every 3 s.
    seconds = np.arange(10 * RATE) / RATE
    voice = (0.3 * np.sin(2 * np.pi * 220 * seconds)).astype(np.float32)
    for dip in (3.0, 6.0, 9.0):
        voice[int(dip * RATE) : int((dip + 0.1) * RATE)] = 0
    lengths = [len(piece) / RATE for piece in turns_of(voice)]
    assert abs(sum(lengths) - 9.7) < 0.2  # the dips are trimmed, the speech all kept
    assert all(0.5 <= length <= 4.0 for length in lengths)


def test_conversation_passes_the_word_round_every_voice_of_the_set() -> None:
    from bench.recordings import DATA, _samples

    manifest = json.loads((DATA / "manifest.json").read_text())["recordings"]
    samples, truth = conversation(
        manifest, _samples, lambda entry: read_rttm((DATA / entry["rttm"]).read_text())
    )
    voices = [who for _, _, who in truth]
    assert set(voices) == {
        "jfk.flac",
        "multilingual.mp3",
        "stereo-diarization.wav:0",
        "stereo-diarization.wav:1",
        "pyannote-sample.wav:speaker90",
        "pyannote-sample.wav:speaker91",
    }
    # The first round gives every voice a turn before anyone speaks again.
    assert len(set(voices[:6])) == 6
    # Turns follow one another without overlap and the last ends with the audio's speech.
    assert all(a[1] < b[0] for a, b in itertools.pairwise(truth))
    assert truth[-1][1] <= len(samples) / RATE
    assert all(end - start >= 0.5 for start, end, _ in truth)
