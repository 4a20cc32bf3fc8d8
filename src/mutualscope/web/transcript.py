"""A transcript cut into pieces for display: every piece lies within one speaker turn and
has one set of codings over it, so a highlight is a run of ``<span>``s and the page's
script maps a selection back to offsets through each piece's ``data-s`` (its start).

One sweep over the sorted boundaries: linear in text length plus codings, which keeps a
50,000-word transcript with thousands of codings well inside the render budget.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from mutualscope.services.documents import SegmentView
from mutualscope.services.highlights import Highlight

_LABEL = re.compile(r"^[^\n]{1,80}:$")


@dataclass(frozen=True)
class Piece:
    start: int
    text: str
    #: Codings over the piece, outermost first.
    coding_ids: tuple[int, ...] = ()
    #: The code whose colour the piece shows: that of the shortest coding over it.
    code_id: int | None = None
    #: The speech model's confidence in the word, when it was unsure of it.
    unsure: float | None = None


@dataclass
class Block:
    """A speaker turn, or text between turns (``segment`` None)."""

    start: int
    segment: SegmentView | None
    pieces: list[Piece] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        return self.segment is None and all(
            not p.text.strip() and not p.coding_ids for p in self.pieces
        )

    @property
    def label_only(self) -> bool:
        """Text between turns that is only the next speaker's label ("CEO:"), which the
        turn's header already shows."""
        if self.segment is not None:
            return False
        text = "".join(p.text for p in self.pieces).strip()
        return bool(_LABEL.match(text))


#: An unsure word: (start, end, the model's confidence).
Unsure = tuple[int, int, float]


def cut_points(
    length: int,
    segments: Sequence[SegmentView],
    highlights: Sequence[Highlight],
    unsure: Sequence[Unsure] = (),
) -> list[int]:
    points = {0, length}
    for seg in segments:
        points.update((seg.start, seg.end))
    for h in highlights:
        points.update((h.start, h.end))
    for start, end, _ in unsure:
        points.update((start, end))
    return sorted(p for p in points if 0 <= p <= length)


def pieces_of(
    text: str,
    segments: Sequence[SegmentView],
    highlights: Sequence[Highlight],
    unsure: Sequence[Unsure] = (),
) -> list[Piece]:
    starting: dict[int, list[Highlight]] = {}
    ending: dict[int, list[int]] = {}
    for h in highlights:
        starting.setdefault(h.start, []).append(h)
        ending.setdefault(h.end, []).append(h.id)
    doubtful = {start: (end, p) for start, end, p in unsure}
    active: dict[int, Highlight] = {}
    points = cut_points(len(text), segments, highlights, unsure)
    result = []
    doubt_until, doubt = -1, None
    for left, right in itertools.pairwise(points):
        for coding_id in ending.get(left, ()):
            active.pop(coding_id, None)
        for h in starting.get(left, ()):
            active[h.id] = h
        if left in doubtful:
            doubt_until, doubt = doubtful[left]
        unsure_here = doubt if left < doubt_until else None
        if not active:
            result.append(Piece(left, text[left:right], unsure=unsure_here))
            continue
        shortest = min(active.values(), key=lambda h: (h.end - h.start, -h.id))
        result.append(Piece(left, text[left:right], tuple(active), shortest.code_id, unsure_here))
    return result


def transcript_blocks(
    text: str,
    segments: Sequence[SegmentView],
    highlights: Sequence[Highlight],
    unsure: Sequence[Unsure] = (),
) -> list[Block]:
    """The text as turns and the stretches between them, each cut into pieces; an
    unsure word is a piece of its own."""
    turns = sorted(segments, key=lambda s: (s.start, s.position))
    blocks: list[Block] = []
    turn_index = 0
    current: Block | None = None
    for piece in pieces_of(text, turns, highlights, unsure):
        while turn_index < len(turns) and piece.start >= turns[turn_index].end:
            turn_index += 1
        turn = turns[turn_index] if turn_index < len(turns) else None
        inside = turn if turn is not None and turn.start <= piece.start else None
        if current is None or current.segment is not inside:
            current = Block(piece.start, inside)
            blocks.append(current)
        current.pieces.append(piece)
    return [block for block in blocks if not block.blank]


def piece_html(p: Piece) -> str:
    text = escape(p.text)
    doubt = ""
    if p.unsure is not None:
        # Shown by a dotted underline and its title; aria-description tells a screen
        # reader (which reads neither) without adding words to the text.
        heard = f"unsure: {round(p.unsure * 100)}% confidence"
        doubt = f' title="{heard}" aria-description="{heard}"'
    if p.coding_ids:
        multi = " multi" if len(p.coding_ids) > 1 else ""
        unsure = " unsure" if doubt else ""
        ids = " ".join(map(str, p.coding_ids))
        return (
            f'<span data-s="{p.start}" class="hl code-{p.code_id}{multi}{unsure}" '
            f'data-c="{ids}"{doubt}>{text}</span>'
        )
    if doubt:
        return f'<span data-s="{p.start}" class="unsure"{doubt}>{text}</span>'
    return f'<span data-s="{p.start}">{text}</span>'


def pieces_html(pieces: Sequence[Piece]) -> Markup:
    """A turn's pieces as ``<span>``s, text escaped. Built here rather than in the
    template: thousands of pieces per transcript make a template loop the slowest step.

    Each run of coded pieces is wrapped in one ``<mark class="run" tabindex="0">`` holding
    every coding over it, so the keyboard reaches a highlight with Tab and the page's
    script can describe all its codes (overlapping ones too) to a screen reader."""
    parts = []
    for coded, grouped in itertools.groupby(pieces, key=lambda p: bool(p.coding_ids)):
        run = list(grouped)
        html = "".join(map(piece_html, run))
        if not coded:
            parts.append(html)
            continue
        ids = " ".join(map(str, dict.fromkeys(i for p in run for i in p.coding_ids)))
        parts.append(f'<mark class="run" tabindex="0" data-c="{ids}">{html}</mark>')
    return Markup("".join(parts))


def clock(seconds: float | None) -> str | None:
    """``75.5`` -> ``"1:15"``; hours when needed."""
    if seconds is None:
        return None
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
