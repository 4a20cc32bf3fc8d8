"""Recordings as audio: check a file, then decode its audio track to 16 kHz mono samples.

Decoding goes through PyAV (FFmpeg's libraries inside the ``av`` wheel), so no system
ffmpeg is needed. Every refusal is one line naming the file and what to do about it, and
is raised before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mutualscope.domain import limits
from mutualscope.errors import InvalidInput
from mutualscope.io.messages import one_line
from mutualscope.io.recordings.extra import require_recordings
from mutualscope.io.transcripts.document import SIGNATURES

if TYPE_CHECKING:
    import numpy as np

#: Files read as recordings, by extension. .mp4 and .webm give their audio track.
AUDIO_SUFFIXES = (".flac", ".m4a", ".mp3", ".mp4", ".ogg", ".opus", ".wav", ".webm")
MEDIA_TYPES = {
    ".flac": "audio/flac",
    ".m4a": "audio/mp4",
    ".mp3": "audio/mpeg",
    ".mp4": "video/mp4",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".wav": "audio/wav",
    ".webm": "audio/webm",
}
#: What speech models and speaker embeddings read.
SAMPLE_RATE = 16_000
#: A decoded length this far short of the length the file declares means it is cut short.
SHORT_FRACTION = 0.9
#: Seconds of audio decoded between two progress reports.
PROGRESS_SECONDS = 30.0
_AUDIO_SIGNATURES = (b"ID3", b"RIFF")
_SNIFF_BYTES = 4096


@dataclass(frozen=True)
class AudioInfo:
    """What a recording's container says about its audio track."""

    duration: float  # seconds, as declared (0.0 when the container does not say)
    codec: str
    container: str
    sample_rate: int
    channels: int


def is_recording(path: Path) -> bool:
    return path.suffix.lower() in AUDIO_SUFFIXES


def media_type(path: Path) -> str | None:
    return MEDIA_TYPES.get(path.suffix.lower())


def clock(seconds: float) -> str:
    """``h:mm:ss`` (or ``m:ss`` under an hour)."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _fail(path: Path, reason: str) -> InvalidInput:
    return InvalidInput(f"{path}: {reason}")


def check_file(path: Path, *, max_bytes: int = limits.RECORDING_BYTES) -> int:
    """The file's size after the checks that need no decoder: it exists, is not empty,
    not over the limit, and does not start like a known kind of file that is not audio."""
    if not path.is_file():
        raise _fail(path, "no such file" if not path.exists() else "not a file")
    size = path.stat().st_size
    if size == 0:
        raise _fail(path, "the file is empty")
    if size > max_bytes:
        raise _fail(
            path,
            f"the file is {size / 1e9:.1f} GB, more than the limit of "
            f"{max_bytes / 1e9:.1f} GB for one recording; split it or convert it to a "
            "compressed format (such as .m4a or .mp3) first",
        )
    with path.open("rb") as stream:
        head = stream.read(_SNIFF_BYTES)
    for signature, what in SIGNATURES:
        if head.startswith(signature) and signature not in _AUDIO_SIGNATURES:
            raise _fail(path, f"this is {what}, not a recording")
    if _looks_like_text(head):
        raise _fail(
            path, "this is a text file, not a recording; give a transcript its own extension"
        )
    declared = _wav_data_end(head)
    if declared is not None and declared > size + 1:
        raise _fail(
            path,
            f"the WAV file holds {size:,} bytes but its header says {declared:,}; it is "
            "damaged or was cut short while copying",
        )
    return size


def _wav_data_end(head: bytes) -> int | None:
    """Where a WAV file's header says its samples end (None: not WAV, or not said, as
    recorders writing a file they cannot seek back in leave it)."""
    if not (head.startswith(b"RIFF") and head[8:12] == b"WAVE"):
        return None
    at = 12
    while at + 8 <= len(head):
        chunk, length = head[at : at + 4], int.from_bytes(head[at + 4 : at + 8], "little")
        if chunk == b"data":
            return None if length in (0, 0xFFFFFFFF) else at + 8 + length
        at += 8 + length + (length & 1)
    return None


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True


def _open(path: Path) -> Any:
    require_recordings()
    import av

    try:
        return av.open(str(path), metadata_errors="ignore")
    except av.error.FFmpegError as error:
        raise _fail(
            path,
            f"not a recording that can be read ({one_line(error)}); the file is damaged or "
            "not audio",
        ) from error


def _audio_stream(path: Path, container: Any) -> Any:
    if not container.streams.audio:
        raise _fail(path, "the file has no audio track")
    return container.streams.audio[0]


def _declared_duration(container: Any, stream: Any) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return float(container.duration) / 1_000_000
    return 0.0


def probe(path: Path, *, max_seconds: float = limits.RECORDING_SECONDS) -> AudioInfo:
    """Check a recording and read what its container declares, without decoding it."""
    check_file(path)
    with _open(path) as container:
        stream = _audio_stream(path, container)
        info = AudioInfo(
            duration=_declared_duration(container, stream),
            codec=stream.codec_context.name,
            container=container.format.name,
            sample_rate=stream.codec_context.sample_rate or 0,
            channels=stream.codec_context.channels or 0,
        )
    _check_length(path, info.duration, max_seconds)
    return info


def _check_length(path: Path, seconds: float, max_seconds: float) -> None:
    if seconds > max_seconds:
        raise _fail(
            path,
            f"the recording is {clock(seconds)} long, more than the limit of "
            f"{clock(max_seconds)} for one recording; split it first",
        )


def decode(
    path: Path,
    *,
    max_seconds: float = limits.RECORDING_SECONDS,
    on_progress: Callable[[float, float], None] | None = None,
) -> np.ndarray:
    """The audio track as 16 kHz mono float32 samples in [-1, 1].

    ``on_progress(decoded_seconds, declared_seconds)`` is called as decoding goes on.
    A file that fails to decode part-way, or ends well before the length it declares,
    is refused as damaged rather than transcribed in part.
    """
    import numpy as np

    info = probe(path, max_seconds=max_seconds)
    import av

    limit = int(max_seconds * SAMPLE_RATE)
    # One array, grown when needed: a list of frames joined at the end would need twice
    # the memory of the audio at the moment of joining.
    samples = np.empty(int(info.duration * SAMPLE_RATE) + SAMPLE_RATE, dtype=np.float32)
    count = 0
    reported = 0.0
    resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
    with _open(path) as container:
        stream = _audio_stream(path, container)
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    samples, count = _append(samples, count, out.to_ndarray().reshape(-1))
                if count > limit:
                    _check_length(path, count / SAMPLE_RATE, max_seconds)
                if on_progress is not None and count / SAMPLE_RATE - reported >= PROGRESS_SECONDS:
                    reported = count / SAMPLE_RATE
                    on_progress(reported, info.duration)
            for out in resampler.resample(None):
                samples, count = _append(samples, count, out.to_ndarray().reshape(-1))
        except av.error.FFmpegError as error:
            raise _fail(
                path,
                f"the recording is damaged at {clock(count / SAMPLE_RATE)} "
                f"({one_line(error)}); repair or re-export it",
            ) from error
    decoded = count / SAMPLE_RATE
    if count == 0:
        raise _fail(path, "the file holds no audio; it is damaged or was cut short")
    if info.duration and decoded < info.duration * SHORT_FRACTION:
        raise _fail(
            path,
            f"the recording ends at {clock(decoded)} although the file says it is "
            f"{clock(info.duration)} long; it is damaged or was cut short while copying",
        )
    if on_progress is not None and reported < decoded:
        on_progress(decoded, decoded)
    np.clip(samples[:count], -1.0, 1.0, out=samples[:count])
    return samples[:count]


def _append(samples: np.ndarray, count: int, chunk: np.ndarray) -> tuple[np.ndarray, int]:
    import numpy as np

    end = count + len(chunk)
    if end > len(samples):
        grown = np.empty(max(end, len(samples) * 3 // 2), dtype=np.float32)
        grown[:count] = samples[:count]
        samples = grown
    samples[count:end] = chunk
    return samples, end
