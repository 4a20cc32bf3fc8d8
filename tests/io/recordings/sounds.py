"""Recordings made for the tests with PyAV: speech-like sound in every container and codec.

"Speech-like": a voiced sound (a 140 Hz fundamental with falling harmonics, as a vowel
has) whose pitch drifts and whose loudness rises and falls four times a second, as
syllables do, with short pauses between "words". Real speech for transcription is in
bench/recordings/data (see its SOURCES.md).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

#: (suffix, container format, audio codec, encoder options): every format imported.
FORMATS = [
    (".wav", "wav", "pcm_s16le", {}),
    (".mp3", "mp3", "libmp3lame", {}),
    (".m4a", "ipod", "aac", {}),
    (".flac", "flac", "flac", {}),
    (".ogg", "ogg", "vorbis", {"strict": "experimental"}),
    (".opus", "ogg", "libopus", {}),
    (".webm", "webm", "libopus", {}),
    (".mp4", "mp4", "aac", {}),
]
FUNDAMENTAL = 140.0


def voice(seconds: float, rate: int = 44_100, *, fundamental: float = FUNDAMENTAL) -> np.ndarray:
    """Speech-like samples in [-0.5, 0.5] (float32, mono)."""
    t = np.arange(int(seconds * rate)) / rate
    pitch = fundamental * (1 + 0.05 * np.sin(2 * np.pi * 0.7 * t))
    phase = 2 * np.pi * np.cumsum(pitch) / rate
    sound = sum(np.sin(k * phase) / k for k in range(1, 8))
    syllables = np.clip(np.sin(2 * np.pi * 4 * t), 0, None) ** 2
    pauses = (np.sin(2 * np.pi * 0.5 * t) > -0.7).astype(float)
    samples = sound * syllables * pauses
    return (0.5 * samples / np.max(np.abs(samples))).astype(np.float32)


def write_audio(
    path: Path,
    samples: np.ndarray,
    *,
    rate: int = 44_100,
    stereo: bool = True,
    container: str | None = None,
    codec: str | None = None,
    options: dict[str, str] | None = None,
    video: bool = False,
) -> Path:
    """Encode ``samples`` into ``path`` (format and codec by its suffix unless given)."""
    import av

    suffix = path.suffix.lower()
    defaults = next(f for f in FORMATS if f[0] == suffix) if container is None else None
    container = container or defaults[1]  # type: ignore[index]
    codec = codec or (defaults[2] if defaults else None)
    options = options if options is not None else (defaults[3] if defaults else {})
    layout = "stereo" if stereo else "mono"
    if codec == "libopus" and rate != 48_000:  # Opus runs at 48 kHz only
        samples = np.interp(
            np.arange(int(len(samples) * 48_000 / rate)) * rate / 48_000,
            np.arange(len(samples)),
            samples,
        ).astype(np.float32)
        rate = 48_000
    with av.open(str(path), "w", format=container) as out:
        if video:
            picture = out.add_stream("mpeg4", rate=10)
            picture.width, picture.height, picture.pix_fmt = 64, 48, "yuv420p"
        stream = out.add_stream(codec, rate=rate, layout=layout)
        stream.options = dict(options)
        if codec == "vorbis":
            stream.codec_context.options = {"strict": "experimental"}
        if video:
            for number in range(int(len(samples) / rate * 10)):
                frame = av.VideoFrame.from_ndarray(
                    np.full((48, 64, 3), number % 255, dtype=np.uint8), format="rgb24"
                )
                for packet in picture.encode(frame):
                    out.mux(packet)
            for packet in picture.encode(None):
                out.mux(packet)
        channels = np.stack([samples, samples]) if stereo else samples[np.newaxis, :]
        pcm = (channels * 32767).astype(np.int16)
        step = 4096
        for first in range(0, pcm.shape[1], step):
            block = np.ascontiguousarray(pcm[:, first : first + step])
            frame = av.AudioFrame.from_ndarray(block, format="s16p", layout=layout)
            frame.sample_rate = rate
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def dominant_frequency(samples: np.ndarray, rate: int = 16_000) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.argmax(spectrum) * rate / len(samples))
