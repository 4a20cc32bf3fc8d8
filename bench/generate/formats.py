"""Render a transcript as the files researchers receive: txt, html, vtt, srt, docx.

- ``txt``: ``Transcript.text`` byte for byte (UTF-8): ``"Speaker: words"`` paragraphs.
- ``html``: one ``<p><strong>Speaker:</strong> words</p>`` per turn, a ``<title>``.
- ``vtt``: WebVTT, turns cut into caption cues of 6-14 words, ``<v Speaker>`` on each cue.
- ``srt``: SubRip, the same cues, ``"Speaker: "`` before each cue's words.
- ``docx``: one paragraph per turn, the speaker label in a bold run.
"""

from __future__ import annotations

import html
import io
import random
from collections.abc import Iterator
from pathlib import Path

from bench.generate.transcripts import Transcript, Turn

FORMATS = ("txt", "html", "vtt", "srt", "docx")


def render_txt(transcript: Transcript) -> str:
    return transcript.text


def render_html(transcript: Transcript) -> str:
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(transcript.name)}</title></head><body>",
    ]
    for turn in transcript.turns:
        words = html.escape(transcript.text[turn.start : turn.end], quote=False)
        lines.append(f"<p><strong>{html.escape(turn.speaker)}:</strong> {words}</p>")
    lines.append("</body></html>")
    return "\n".join(lines) + "\n"


def cues(transcript: Transcript) -> Iterator[tuple[Turn, float, float, str]]:
    """Caption cues ``(turn, start seconds, end seconds, words)`` in order, seeded."""
    rng = random.Random(f"cues:{transcript.name}")
    for turn in transcript.turns:
        words = transcript.text[turn.start : turn.end].split()
        position = 0
        seconds_per_word = (turn.time_end - turn.time_start) / max(len(words), 1)
        while position < len(words):
            size = rng.randint(6, 14)
            chunk = words[position : position + size]
            start = turn.time_start + position * seconds_per_word
            end = start + len(chunk) * seconds_per_word
            yield turn, start, end, " ".join(chunk)
            position += size


def _timestamp(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def render_vtt(transcript: Transcript) -> str:
    lines = ["WEBVTT", ""]
    for number, (turn, start, end, words) in enumerate(cues(transcript), 1):
        lines.append(str(number))
        lines.append(f"{_timestamp(start, '.')} --> {_timestamp(end, '.')}")
        lines.append(f"<v {turn.speaker}>{words}")
        lines.append("")
    return "\n".join(lines)


def render_srt(transcript: Transcript) -> str:
    lines: list[str] = []
    for number, (turn, start, end, words) in enumerate(cues(transcript), 1):
        lines.append(str(number))
        lines.append(f"{_timestamp(start, ',')} --> {_timestamp(end, ',')}")
        lines.append(f"{turn.speaker}: {words}")
        lines.append("")
    return "\n".join(lines)


def render_docx(transcript: Transcript) -> bytes:
    # Imported here: python-docx is slow to import and only this format needs it.
    from docx import Document

    document = Document()
    document.core_properties.title = transcript.name
    for turn in transcript.turns:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{turn.speaker}:").bold = True
        paragraph.add_run(" " + transcript.text[turn.start : turn.end])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render(transcript: Transcript, fmt: str) -> bytes:
    """The file content of ``transcript`` in format ``fmt`` (one of ``FORMATS``)."""
    if fmt == "docx":
        return render_docx(transcript)
    renderers = {"txt": render_txt, "html": render_html, "vtt": render_vtt, "srt": render_srt}
    if fmt not in renderers:
        raise ValueError(f"unknown transcript format {fmt!r}; expected one of {FORMATS}")
    return renderers[fmt](transcript).encode("utf-8")


def write_transcripts(transcripts: list[Transcript], folder: Path, fmt: str) -> list[Path]:
    """Write each transcript as ``folder/<name>.<fmt>``; returns the paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for transcript in transcripts:
        path = folder / f"{transcript.name}.{fmt}"
        path.write_bytes(render(transcript, fmt))
        paths.append(path)
    return paths
