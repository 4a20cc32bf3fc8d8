"""Speech to text and speakers on real speech (bench/recordings/data, see SOURCES.md),
offline: the models come from the installed packages, nothing reaches the network."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from tests.io.recordings.offline import offline  # noqa: F401
from tests.io.recordings.sounds import write_audio

from bench.recording_scores import der, read_rttm, wer
from mutualscope.errors import InvalidInput
from mutualscope.io.recordings import RecordingOptions, decode, transcribe_recording
from mutualscope.io.recordings.speakers import diarise
from mutualscope.io.recordings.speech import pieces, resolve_model, transcribe

DATA = Path(__file__).resolve().parents[3] / "bench" / "recordings" / "data"
JFK = (
    "And so my fellow Americans ask not what your country can do for you ask what you can do "
    "for your country"
)


@pytest.mark.usefixtures("offline")
def test_speech_real_speech_gives_its_words_with_times_and_confidence() -> None:
    samples = decode(DATA / "jfk.flac")
    transcript = transcribe(samples, model="tiny.en", threads=2)

    text = " ".join(w.text for w in transcript.words)
    assert "fellow Americans" in text and "ask what you can do for your country" in text
    assert wer(JFK, text) < 0.1
    assert transcript.language == "en" and transcript.model == "tiny.en"
    starts = [w.start for w in transcript.words]
    assert starts == sorted(starts) and 0 <= starts[0] < transcript.words[-1].end <= 11.1
    assert all(w.start <= w.end and 0 < w.probability <= 1 for w in transcript.words)
    # "Americans" ends the first phrase, about two seconds in.
    americans = next(w for w in transcript.words if "Americans" in w.text)
    assert 1.0 < americans.start < 3.0 and americans.end - americans.start < 1.0


@pytest.mark.usefixtures("offline")
def test_speech_default_model_detects_the_language() -> None:
    recording = decode(DATA / "multilingual.mp3")  # English, then German from 29.5 s
    german = transcribe(recording[16_000 * 30 :], threads=2)
    assert (german.model, german.language) == ("base", "de")
    assert "Software" in " ".join(w.text for w in german.words)
    samples = recording[: 16_000 * 20]
    transcript = transcribe(samples, threads=2)  # the default, multilingual base
    assert (transcript.model, transcript.language) == ("base", "en")
    assert wer("Permission is hereby granted free of charge to any person", " ".join(
        w.text for w in transcript.words[:11]
    )) < 0.2  # fmt: skip


def test_speech_english_only_model_refuses_another_language() -> None:
    with pytest.raises(InvalidInput, match=r"the model tiny\.en knows English only"):
        transcribe_recording(DATA / "jfk.flac", RecordingOptions(model="tiny.en", language="cy"))


def test_speech_model_folder_must_hold_a_model(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such folder"):
        resolve_model(str(tmp_path / "nowhere"))
    (tmp_path / "model.bin").write_bytes(b"")
    with pytest.raises(InvalidInput, match=r"missing config\.json, tokenizer\.json"):
        resolve_model(str(tmp_path))


@pytest.mark.usefixtures("offline")
def test_speakers_real_two_person_call_has_two_speakers() -> None:
    samples = decode(DATA / "pyannote-sample.wav")
    reference = read_rttm((DATA / "pyannote-sample.rttm").read_text())

    found = diarise(samples)

    assert {t.speaker for t in found} == {0, 1}
    hypothesis = [(t.start, t.end, str(t.speaker)) for t in found]
    one_speaker = [(min(t[0] for t in reference), max(t[1] for t in reference), "x")]
    assert der(reference, hypothesis) < 0.3 < der(reference, one_speaker)
    # Told there are two, it finds the same two.
    assert {t.speaker for t in diarise(samples, speakers=2)} == {0, 1}


@pytest.mark.usefixtures("offline")
def test_speech_recording_with_no_speech_is_refused(tmp_path: Path) -> None:
    hum = 0.05 * np.sin(2 * np.pi * 50 * np.arange(16_000 * 8) / 16_000)
    noise = np.random.default_rng(3).normal(0, 0.01, len(hum))
    path = write_audio(tmp_path / "room.wav", (hum + noise).astype(np.float32), rate=16_000)
    with pytest.raises(InvalidInput) as caught:
        transcribe_recording(path, RecordingOptions(model="tiny.en", threads=2))
    assert str(caught.value) == (
        f"{path}: no speech was found in the recording (0:08 of audio); check that it is "
        "the right file and that its sound is not muted"
    )


def test_speech_long_recording_is_cut_into_pieces_at_quiet_moments() -> None:
    rate = 16_000
    loud = np.random.default_rng(5).normal(0, 0.3, rate * 25 * 60).astype(np.float32)
    loud[rate * 607 : rate * 608] = 0.0  # a pause of one second, 7 s after the 10-minute mark
    loud[rate * 1195 : rate * 1196] = 0.0  # and one 5 s before the 20-minute mark

    cuts = pieces(loud)

    assert len(cuts) == 3 and cuts[0][0] == 0 and cuts[-1][1] == len(loud)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(cuts))
    assert 607 * rate <= cuts[0][1] <= 608 * rate
    assert 1195 * rate <= cuts[1][1] <= 1196 * rate
    assert pieces(loud[: rate * 60]) == [(0, rate * 60)]
