"""What an import starts from: the files to read and who speaks in them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain.speakers import label_key
from mutualscope.errors import InvalidInput
from mutualscope.io.transcripts import SUPPORTED_SUFFIXES
from mutualscope.io.transcripts.speakermap import SpeakerMapping
from mutualscope.storage.cases import Participant


@dataclass(frozen=True)
class ImportSource:
    """A file to import and the document name it gets (relative to a folder given).

    One of several documents read from one file (a turn table split by a column) has
    the file's ``path``, its own ``name`` and the column's value as its ``part``."""

    path: Path
    name: str
    part: str | None = None


def collect_sources(paths: Sequence[Path]) -> list[ImportSource]:
    """Files to import: files as given, and supported files found under folders."""
    sources: list[ImportSource] = []
    missing: list[str] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
            sources += [ImportSource(p, p.relative_to(path).as_posix()) for p in found]
        elif path.exists():
            sources.append(ImportSource(path, path.name))
        else:
            missing.append(f"{path}: no such file or folder")
    if missing:
        raise InvalidInput("Some paths do not exist:", missing)
    return sources


def resolve_speaker_map(
    session: Session, mappings: Sequence[SpeakerMapping]
) -> dict[str | None, dict[str, int]]:
    """{document name or None: {label key: participant id}}; unknown people are errors."""
    people = {
        label.lower(): pid
        for pid, label in session.execute(select(Participant.id, Participant.label))
    }
    resolved: dict[str | None, dict[str, int]] = {}
    problems = []
    for m in mappings:
        pid = people.get(m.participant.lower())
        if pid is None:
            problems.append(f"row {m.row}, column participant: no participant {m.participant!r}")
            continue
        resolved.setdefault(m.document, {})[label_key(m.label)] = pid
    if problems:
        raise InvalidInput("The speaker map names participants that do not exist:", problems)
    return resolved
