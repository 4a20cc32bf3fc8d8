"""Caption files (.vtt, .srt): cue times kept, ``<v Name>`` voices and ``Name:`` labels.

Consecutive cues by one speaker become one turn running from the first cue's start to
the last cue's end; a cue with no speaker continues the turn before it, as captions split
a speaker's words across cues.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from mutualscope.domain import limits
from mutualscope.domain.limits import listed
from mutualscope.domain.speakers import label_candidates, label_key, split_label
from mutualscope.domain.text import normalise_text
from mutualscope.io.transcripts.document import (
    MAX_FILE_BYTES,
    ImportedDocument,
    TurnWriter,
    fail,
    finish,
    read_source,
)
from mutualscope.io.transcripts.plain import decode_text

_TIME = r"(?:(\d{1,5}):)?(\d{1,2}):(\d{2})[.,](\d{1,3})"  # up to 99,999 hours
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s+.*)?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
_TAG = re.compile(r"<[^>]*>")


@dataclass
class Cue:
    start: float
    end: float
    speaker: str | None
    words: str


def _seconds(groups: tuple[str | None, ...]) -> float:
    hours, minutes, seconds, fraction = groups
    return (
        int(hours or 0) * 3600
        + int(minutes or 0) * 60
        + int(seconds or 0)
        + int((fraction or "0").ljust(3, "0")) / 1000
    )


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks with the 1-based line number where each starts."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _cues(path: Path, text: str, webvtt: bool) -> list[Cue]:
    blocks = _blocks(text)
    if webvtt:
        if not blocks or not blocks[0][1][0].lstrip().startswith("WEBVTT"):
            raise fail(path, "line 1: a WebVTT file must start with WEBVTT")
        blocks = blocks[1:]
    if len(blocks) > limits.TRANSCRIPT_PARAGRAPHS:
        raise fail(
            path, f"more than {limits.TRANSCRIPT_PARAGRAPHS:,} caption cues; that is the limit"
        )
    cues: list[Cue] = []
    problems: list[str] = []
    for line_no, lines in blocks:
        head = lines[0].strip()
        if webvtt and head.split(" ", 1)[0] in ("NOTE", "STYLE", "REGION"):
            continue
        timing_at = 0 if "-->" in lines[0] else 1
        if timing_at >= len(lines) or "-->" not in lines[timing_at]:
            problems.append(f"line {line_no}: expected a cue timing line 'start --> end'")
            continue
        match = _TIMING.match(lines[timing_at])
        if match is None:
            problems.append(
                f"line {line_no + timing_at}: cannot read the cue times "
                f"{lines[timing_at].strip()!r} (expected 00:00:01.000 --> 00:00:04.000)"
            )
            continue
        payload = "\n".join(lines[timing_at + 1 :])
        voice = _VOICE.search(payload)
        speaker = voice.group(1).strip() if voice else None
        if speaker is not None and len(speaker) > limits.SPEAKER_CHARS:
            problems.append(
                f"line {line_no}: the voice name is {len(speaker):,} characters; "
                f"the limit is {limits.SPEAKER_CHARS}"
            )
            continue
        words = html.unescape(_TAG.sub("", payload)).replace("\n", " ").strip()
        cues.append(Cue(_seconds(match.groups()[:4]), _seconds(match.groups()[4:]), speaker, words))
    if problems:
        raise fail(path, "the caption file has errors", listed(problems))
    return cues


def _label_cues(cues: list[Cue]) -> None:
    """Take "Name: words" in cues without a voice tag, for names that recur."""
    counts = Counter(label_key(c) for c in label_candidates([c.words for c in cues]))
    known = {label for label, n in counts.items() if n >= 2}
    for cue in cues:
        if cue.speaker is None:
            split = split_label(cue.words, known)
            if split is not None:
                cue.speaker, cue.words = split


def _write(cues: list[Cue]) -> TurnWriter:
    writer = TurnWriter()
    speaker: str | None = None
    words: list[str] = []
    start = end = 0.0
    for cue in cues:
        if cue.speaker is not None and words and cue.speaker != speaker:
            writer.add(speaker, " ".join(words), start, end)
            words = []
        if not words:
            start = cue.start
            speaker = cue.speaker if cue.speaker is not None else speaker
        if cue.words:
            words.append(cue.words)
        end = cue.end
    if words:
        writer.add(speaker, " ".join(words), start, end)
    return writer


def _parse(path: Path, max_bytes: int, webvtt: bool) -> ImportedDocument:
    text = normalise_text(decode_text(path, read_source(path, max_bytes)))
    cues = _cues(path, text, webvtt)
    if not cues:
        raise fail(path, "contains no caption cues")
    _label_cues(cues)
    writer = _write(cues)
    return finish(path, writer.text, writer.segments, "vtt" if webvtt else "srt")


def parse_vtt(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> ImportedDocument:
    """A WebVTT caption file; ``<v Name>`` voice tags name the speakers."""
    return _parse(path, max_bytes, webvtt=True)


def parse_srt(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> ImportedDocument:
    """A SubRip caption file; speakers from ``Name:`` at the start of a cue."""
    return _parse(path, max_bytes, webvtt=False)
