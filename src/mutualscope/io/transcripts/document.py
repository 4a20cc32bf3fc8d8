"""What every transcript parser returns, and the checks every input file goes through."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mutualscope.domain import limits
from mutualscope.domain.speakers import Turn
from mutualscope.domain.text import normalise_text
from mutualscope.errors import InvalidInput

if TYPE_CHECKING:
    from mutualscope.io.transcripts.table_columns import ColumnReport

MAX_FILE_BYTES = limits.TRANSCRIPT_BYTES
NO_SPEAKERS = "no recognisable speakers: imported as one unattributed segment"

# Signatures of formats that sometimes arrive with the wrong extension.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (such as .docx, .odt or .xlsx)"),
    (b"%PDF", "a PDF file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Office compound file (.doc, .xls or encrypted)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"ID3", "an MP3 audio file"),
    (b"RIFF", "a RIFF audio or video file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
OLE_SIGNATURE = SIGNATURES[2][0]


@dataclass
class ImportedDocument:
    """A transcript as plain data: normalised text and its speaker turns (segments).

    A turn table also gives ``attributes`` (its columns constant over the document),
    ``turn_attributes`` (one dict or None per segment: the columns that vary) and
    ``columns`` (what became of each column). A table split into several documents gives
    each its ``part`` (the value that names it) and its ``original``: the rows it was
    read from, kept as its original file under ``original_name``.
    """

    text: str
    segments: list[Turn]
    source_format: str
    warnings: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    turn_attributes: list[dict[str, Any] | None] = field(default_factory=list)
    columns: ColumnReport | None = None
    part: str | None = None
    original: bytes | None = None
    original_name: str | None = None

    @property
    def speakers(self) -> list[str]:
        """Speaker labels in order of first appearance."""
        seen: dict[str, None] = {}
        for seg in self.segments:
            if seg.speaker is not None:
                seen.setdefault(seg.speaker, None)
        return list(seen)


def fail(path: Path, reason: str, problems: list[str] | None = None) -> InvalidInput:
    """An error naming the file, for the caller to raise."""
    return InvalidInput(f"{path}: {reason}", problems)


def read_source(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes after the checks every format shares: exists, not empty, not huge."""
    if not path.exists():
        raise fail(path, "no such file")
    if not path.is_file():
        raise fail(path, "not a file")
    size = path.stat().st_size
    if size == 0:
        raise fail(path, "the file is empty")
    if size > max_bytes:
        raise fail(
            path,
            f"the file is {size / 1024 / 1024:.0f} MB, more than the limit of "
            f"{max_bytes / 1024 / 1024:.0f} MB for one transcript; split it first",
        )
    try:
        return path.read_bytes()
    except OSError as error:
        raise fail(path, f"cannot be read: {error.strerror}") from error


def sniff_binary(data: bytes) -> str | None:
    """What a binary file is, if its first bytes say so."""
    for signature, name in SIGNATURES:
        if data.startswith(signature):
            return name
    return None


def text_too_long(length: int | None = None) -> str:
    """Why a transcript's text is refused: its length, or that it passes the limit."""
    limit = limits.TRANSCRIPT_CHARS
    if length is None:
        found = f"longer than {limit:,} characters, the limit for one transcript"
    else:
        found = f"{length:,} characters; the limit is {limit:,} for one transcript"
    return f"the text is {found}: split it first"


def check_text_length(path: Path, text: str) -> str:
    """``text`` if it is within the limit for one transcript's text."""
    if len(text) > limits.TRANSCRIPT_CHARS:
        raise fail(path, text_too_long(len(text)))
    return text


def finish(path: Path, text: str, segments: list[Turn], source_format: str) -> ImportedDocument:
    """Check the parsed text has words and is within the limit, and note when no speaker
    was found."""
    check_text_length(path, text)
    if not text.strip():
        raise fail(path, "contains no text")
    for segment in segments:
        if segment.speaker is not None and len(segment.speaker) > limits.SPEAKER_CHARS:
            raise fail(
                path,
                f"a speaker label is {len(segment.speaker):,} characters; the limit is "
                f"{limits.SPEAKER_CHARS}",
            )
    warnings = []
    if not any(seg.speaker for seg in segments):
        warnings.append(NO_SPEAKERS)
    return ImportedDocument(text, segments, source_format, warnings)


class TurnWriter:
    """Builds transcript text from turns given one by one (captions, tables, lists).

    Each turn is written as ``Speaker: words`` followed by a blank line, and its segment
    spans the words only, as :func:`mutualscope.domain.speakers.detect_turns` would.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.segments: list[Turn] = []

    def _write(self, piece: str) -> None:
        self._parts.append(piece)
        self._length += len(piece)

    def add(
        self,
        speaker: str | None,
        words: str,
        time_start: float | None = None,
        time_end: float | None = None,
    ) -> None:
        words = normalise_text(words).strip()
        if not words:
            return
        speaker = normalise_text(speaker).strip() if speaker else None
        if self._parts:
            self._write("\n\n")
        if speaker:
            self._write(f"{speaker}: ")
        start = self._length
        self._write(words)
        self.segments.append(Turn(speaker or None, start, self._length, time_start, time_end))

    @property
    def text(self) -> str:
        return "".join(self._parts)
