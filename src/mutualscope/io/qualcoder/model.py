"""A QualCoder project as read: the REFI-QDA model the importer writes from, and what
only a QualCoder project tells (how each coding was placed, what was left out)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from mutualscope.io.qualcoder.placement import Placement
from mutualscope.io.refi.model import RefiProject

#: Namespace of the GUIDs given to QualCoder's objects, which have only numbers.
GUIDS = uuid.UUID("8f0f5a3e-2d1c-4b8e-9a57-51c2e0d6b7a4")


def derive_guid(project_key: str, kind: str, key: object) -> str:
    """The GUID of a QualCoder object: the same for the same project (its creation
    time) and object every time, so importing a project again matches, not duplicates."""
    return str(uuid.uuid5(GUIDS, f"{project_key}:{kind}:{key}"))


def user_guid(name: str) -> str:
    """A coder's GUID, from the name QualCoder records (the same in every project)."""
    return str(uuid.uuid5(GUIDS, f"owner:{name}"))


def parse_date(value: object) -> datetime | None:
    """QualCoder's ``%Y-%m-%d %H:%M:%S`` local time (no zone recorded: read as UTC)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass
class SourcePlacements:
    """How the codings of one source were placed, for the report."""

    counts: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        text = (
            "QualCoder stores positions as code points of the source's text; each coding "
            "was checked against the words QualCoder stored with it"
        )
        parts = [f"{self.counts[how]} {label}" for how, label in _LABELS if self.counts.get(how)]
        return text + (": " + ", ".join(parts) if parts else "")


_LABELS = (
    ("exact", "where QualCoder says"),
    ("editor", "where its editor counts (emoji as two, CR LF as one)"),
    ("moved", "found by their words near their positions"),
    ("doubtful", "doubtful"),
)


@dataclass
class QualCoderProject:
    refi: RefiProject
    version: str
    #: Every coding's selection GUID -> where it was placed (``start``/``end`` of the
    #: selection are the placement; these keep QualCoder's own ``pos0``/``pos1``).
    placements: dict[str, Placement] = field(default_factory=dict)
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: Per source GUID, how its codings were placed.
    sources: dict[str, SourcePlacements] = field(default_factory=dict)
    mapped: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
