"""What a QualCoder project tells the REFI-QDA importer beyond the REFI model: its
offsets are code points (no counting needs choosing), and each coding was already
placed on the words QualCoder stored with it, some of them doubtfully."""

from __future__ import annotations

from dataclasses import dataclass, field

from mutualscope.io.qualcoder import QualCoderProject
from mutualscope.io.qualcoder.placement import DOUBTFUL, EDITOR, MOVED
from mutualscope.io.refi.countings import STANDARD
from mutualscope.io.refi.evidence import Choice
from mutualscope.io.refi.offsets import Doubt


@dataclass
class KnownPlacements:
    """Per source GUID the counting to use; per selection GUID the doubt about it and
    the positions QualCoder gave (for the report)."""

    choices: dict[str, Choice] = field(default_factory=dict)
    doubts: dict[str, Doubt] = field(default_factory=dict)
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)


def known_placements(project: QualCoderProject) -> KnownPlacements:
    known = KnownPlacements(positions=dict(project.positions))
    for source in project.refi.sources:
        tally = project.sources.get(source.guid)
        label = STANDARD.label(crlf="\r\n" in source.text, bom=False)
        reason = tally.describe() if tally else "no codings to place"
        known.choices[source.guid] = Choice(STANDARD, label, reason, [], "tool")
    for guid, placement in project.placements.items():
        if placement.how == DOUBTFUL:
            known.doubts[guid] = Doubt(placement.reason, list(placement.alternatives))
    return known


def describe_moves(project: QualCoderProject) -> list[str]:
    """One line per source some of whose codings were not where QualCoder said."""
    lines = []
    names = {s.guid: s.name for s in project.refi.sources}
    for guid, tally in project.sources.items():
        editor, moved = tally.counts.get(EDITOR, 0), tally.counts.get(MOVED, 0)
        if editor or moved:
            lines.append(
                f"{names[guid]!r}: {editor + moved} coding(s) placed on the words QualCoder "
                f"stored with them: {editor} by reading the positions as QualCoder's editor "
                f"counts them (emoji as two, CR LF as one), {moved} found by their words "
                "near their positions."
            )
    return lines
