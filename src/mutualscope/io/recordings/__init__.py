"""Recorded interviews: audio file -> transcript with speaker turns and word times.

Headless and database-free, like the transcript importers: :func:`transcribe_recording`
decodes a recording (PyAV), transcribes it (faster-whisper), finds its speakers (CAM++
embeddings, clustered) and returns plain data; :mod:`mutualscope.services.recordings`
stores it. The speech packages are an optional extra (``recordings``); without them
every function here raises :class:`MissingExtra` with the install command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mutualscope.errors import InvalidInput
from mutualscope.io.recordings.audio import (
    AUDIO_SUFFIXES,
    SAMPLE_RATE,
    AudioInfo,
    clock,
    decode,
    is_recording,
    media_type,
    probe,
)
from mutualscope.io.recordings.extra import MissingExtra, require_recordings
from mutualscope.io.recordings.transcript import RecordingTranscript, WordSpan, assemble

#: ``(stage, done, total)``: stage is "decoding", "transcribing" or "speakers"; done and
#: total are seconds of audio.
Progress = Callable[[str, float, float], None]


@dataclass(frozen=True)
class RecordingOptions:
    """How to transcribe: the model (a packaged name or a folder), the language (None:
    detected), the number of speakers (None: found), the CPU threads (None: all)."""

    model: str | None = None
    language: str | None = None
    speakers: int | None = None
    threads: int | None = None


def transcribe_recording(
    path: Path, options: RecordingOptions | None = None, progress: Progress | None = None
) -> RecordingTranscript:
    """Decode, transcribe and diarise a recording; refuse one with no speech."""
    from mutualscope.io.recordings.speakers import diarise
    from mutualscope.io.recordings.speech import check_language, resolve_model, transcribe

    options = options or RecordingOptions()
    require_recordings()
    # Options are checked before the (long) decoding starts.
    check_language(resolve_model(options.model), options.language)

    def stage(name: str) -> Callable[[float, float], None] | None:
        if progress is None:
            return None
        return lambda done, total: progress(name, done, total)

    info = probe(path)
    samples = decode(path, on_progress=stage("decoding"))
    seconds = len(samples) / SAMPLE_RATE
    transcript = transcribe(
        samples,
        model=options.model,
        language=options.language,
        threads=options.threads,
        on_progress=stage("transcribing"),
    )
    if not transcript.words:
        raise InvalidInput(
            f"{path}: no speech was found in the recording ({clock(seconds)} of audio); "
            "check that it is the right file and that its sound is not muted"
        )
    turns = diarise(samples, speakers=options.speakers, on_progress=stage("speakers"))
    document, words = assemble(transcript, turns, source_format=path.suffix.lower().lstrip("."))
    details = {
        "model": transcript.model,
        "language": transcript.language,
        "language_probability": round(transcript.language_probability, 3),
        "speakers_found": len(document.speakers),
        "speakers_asked": options.speakers,
        "duration": round(seconds, 3),
        "codec": info.codec,
        "container": info.container,
    }
    return RecordingTranscript(document, words, seconds, details)


__all__ = [
    "AUDIO_SUFFIXES",
    "AudioInfo",
    "MissingExtra",
    "Progress",
    "RecordingOptions",
    "RecordingTranscript",
    "WordSpan",
    "decode",
    "is_recording",
    "media_type",
    "probe",
    "require_recordings",
    "transcribe_recording",
]
