"""Decoding recordings with PyAV: every container and codec, and every kind of bad file.

The files are made here with PyAV (see sounds.py): a few seconds of speech-like sound."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from tests.io.recordings.sounds import FORMATS, FUNDAMENTAL, dominant_frequency, voice, write_audio

from mutualscope.domain import limits
from mutualscope.errors import InvalidInput
from mutualscope.io.recordings import AUDIO_SUFFIXES, decode, probe
from mutualscope.io.recordings.audio import SAMPLE_RATE, check_file, clock


def test_audio_suffixes_cover_every_format_made_here() -> None:
    assert sorted(f[0] for f in FORMATS) == sorted(AUDIO_SUFFIXES)


@pytest.mark.parametrize(("suffix", "container", "codec", "_options"), FORMATS)
def test_audio_decodes_every_format_to_16k_mono(
    tmp_path: Path, suffix: str, container: str, codec: str, _options: dict[str, str]
) -> None:
    # .mp4 carries a video track as well: its audio track is the one read.
    path = write_audio(tmp_path / f"interview{suffix}", voice(3.0), video=suffix == ".mp4")

    samples = decode(path)

    assert samples.dtype == np.float32 and samples.ndim == 1
    assert abs(len(samples) / SAMPLE_RATE - 3.0) < 0.1
    assert float(np.max(np.abs(samples))) <= 1.0
    # The same sound came out: its strongest frequency is the voice's fundamental.
    assert abs(dominant_frequency(samples[: SAMPLE_RATE * 2]) - FUNDAMENTAL) < 10


def test_audio_decodes_mono_8khz_telephone_audio(tmp_path: Path) -> None:
    path = write_audio(tmp_path / "call.wav", voice(2.0, rate=8000), rate=8000, stereo=False)
    assert abs(len(decode(path)) / SAMPLE_RATE - 2.0) < 0.05


def test_audio_probe_reads_the_declared_length_without_decoding(tmp_path: Path) -> None:
    path = write_audio(tmp_path / "a.flac", voice(4.0))
    info = probe(path)
    assert (info.codec, info.channels, info.sample_rate) == ("flac", 2, 44_100)
    assert abs(info.duration - 4.0) < 0.05


def test_audio_mp4_without_an_audio_track_is_refused(tmp_path: Path) -> None:
    import av

    path = tmp_path / "screen.mp4"
    with av.open(str(path), "w", format="mp4") as out:
        picture = out.add_stream("mpeg4", rate=10)
        picture.width, picture.height, picture.pix_fmt = 64, 48, "yuv420p"
        for number in range(10):
            frame = av.VideoFrame.from_ndarray(
                np.full((48, 64, 3), number, dtype=np.uint8), format="rgb24"
            )
            for packet in picture.encode(frame):
                out.mux(packet)
        for packet in picture.encode(None):
            out.mux(packet)
    with pytest.raises(InvalidInput, match=r"screen\.mp4: the file has no audio track"):
        decode(path)


def _damage(good: bytes) -> bytes:
    """A third of the file, from a third of the way in, replaced by random bytes."""
    third = len(good) // 3
    return good[:third] + np.random.default_rng(7).bytes(third) + good[2 * third :]


@pytest.mark.parametrize(
    ("suffix", "damage", "expected"),
    [
        (".m4a", _damage, r"the recording is damaged at \d+:\d\d .*repair or re-export it"),
        (".mp3", _damage, r"the recording is damaged at \d+:\d\d"),
        (".flac", lambda good: good[: len(good) // 2], r"the recording is damaged at"),
        (
            ".webm",
            lambda good: good[: len(good) // 2],
            r"ends at 0:09 although the file says it is 0:20",
        ),
        (
            ".mp3",
            lambda good: good[: len(good) // 2],
            r"ends at 0:10 although the file says it is 0:20",
        ),
        (
            ".wav",
            lambda good: good[: len(good) // 2],
            r"WAV file holds [\d,]+ bytes but its header says",
        ),
        (
            ".m4a",
            lambda good: good[:200],
            r"not a recording that can be read .*damaged or not audio",
        ),
    ],
)
def test_audio_corrupt_file_is_refused_with_where_and_what_to_do(
    tmp_path: Path, suffix: str, damage: object, expected: str
) -> None:
    good = write_audio(tmp_path / f"good{suffix}", voice(20.0)).read_bytes()
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(damage(good))  # type: ignore[operator]
    with pytest.raises(InvalidInput, match=rf"^{path}: .*{expected}") as caught:
        decode(path)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "this is a PDF file, not a recording"),
        (b"PK\x03\x04\x14\x00\x06\x00", "this is a ZIP archive (such as .docx, .odt or .xlsx)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is a PNG image, not a recording"),
        ("Interviewer: Tell me about the spin-out. 😀\r\nCEO: We ".encode(), "text file"),
        (b"\xff\xfeI\x00n\x00t\x00", "not a recording that can be read"),
    ],
)
def test_audio_file_that_is_not_audio_is_refused(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "interview.m4a"
    path.write_bytes(content + os.urandom(2000) if content[:2] != b"In" else content)
    with pytest.raises(InvalidInput, match=rf"^{path}: ") as caught:
        decode(path)
    assert expected in str(caught.value)


def test_audio_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    with pytest.raises(InvalidInput, match="the file is empty"):
        decode(path)


def test_audio_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "day-long.wav"
    with path.open("wb") as stream:  # sparse: takes no disk space
        stream.truncate(limits.RECORDING_BYTES + 500_000_000)
    with pytest.raises(InvalidInput) as caught:
        check_file(path)
    assert str(caught.value) == (
        f"{path}: the file is 2.5 GB, more than the limit of 2.0 GB for one recording; "
        "split it or convert it to a compressed format (such as .m4a or .mp3) first"
    )


def test_audio_recording_over_the_length_limit_is_refused(tmp_path: Path) -> None:
    path = write_audio(tmp_path / "long.flac", voice(4.0))
    with pytest.raises(InvalidInput, match="is 0:04 long, more than the limit of 0:03"):
        decode(path, max_seconds=3)


def test_audio_clock_formats_hours_minutes_seconds() -> None:
    assert [clock(s) for s in (0, 59.9, 61, 3600, 10_800)] == [
        "0:00", "0:59", "1:01", "1:00:00", "3:00:00",
    ]  # fmt: skip
