"""Speaker maps: a CSV saying which participant each speaker label is.

Columns ``label`` and ``participant``, and optionally ``document`` (a file name) to limit
a row to one file; rows without a document apply to every file imported with the map::

    document,label,participant
    ,Interviewer,Interviewer
    case-1.txt,CEO,Case 1 CEO
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from mutualscope.domain import limits
from mutualscope.domain.limits import listed
from mutualscope.io.messages import one_line
from mutualscope.io.transcripts.document import fail, read_source
from mutualscope.io.transcripts.plain import decode_text

MAP_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class SpeakerMapping:
    document: str | None
    label: str
    participant: str
    row: int


def read_speaker_map(path: Path) -> list[SpeakerMapping]:
    """Rows of a speaker map; every problem is reported with its row and column."""
    text = decode_text(path, read_source(path, MAP_BYTES))
    reader = csv.DictReader(io.StringIO(text))
    try:
        return _mappings(path, reader)
    except csv.Error as error:
        raise fail(
            path, f"line {reader.reader.line_num}: not readable as CSV: {one_line(error)}"
        ) from None


def _mappings(path: Path, reader: csv.DictReader[str]) -> list[SpeakerMapping]:
    columns = {(c or "").strip().lower(): c for c in reader.fieldnames or []}
    missing = [c for c in ("label", "participant") if c not in columns]
    if missing:
        raise fail(
            path,
            f"row 1: missing column(s) {', '.join(missing)}; expected "
            "label, participant and optionally document",
        )
    out: list[SpeakerMapping] = []
    problems: list[str] = []
    for number, row in enumerate(reader, start=2):
        if number > limits.TRANSCRIPT_PARAGRAPHS:
            raise fail(path, f"more than {limits.TRANSCRIPT_PARAGRAPHS:,} rows; that is the limit")
        label = (row.get(columns["label"]) or "").strip()
        person = (row.get(columns["participant"]) or "").strip()
        doc = (row.get(columns["document"]) or "").strip() if "document" in columns else ""
        if not label and not person:
            continue
        if not label:
            problems.append(f"row {number}, column label: empty")
        if not person:
            problems.append(f"row {number}, column participant: empty")
        if label and person:
            out.append(SpeakerMapping(doc or None, label, person, number))
    if problems:
        raise fail(path, "the speaker map has errors", listed(problems))
    return out
