"""Moving what points into a transcript's text to where its words are after an edit:
codings, turns and the recording's word times.

Rows after the edited stretch move by one statement per table; only the rows that
overlap it are read and written one by one, so an edit of a 90-minute interview with
thousands of codings and words costs a handful of statements.
"""

from __future__ import annotations

import re
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, insert, select, update
from sqlalchemy.orm import Session

from mutualscope.domain.text import count_words
from mutualscope.domain.textedits import SpanFate, TextEdit
from mutualscope.domain.wordtimes import TimedWord, retime_words
from mutualscope.errors import InvalidInput
from mutualscope.services.code_index import CodeIndex
from mutualscope.services.transcript_edits.revision import CodingChange, EditState, Turn
from mutualscope.storage.codebook import Coding
from mutualscope.storage.documents import Document, Segment
from mutualscope.storage.recordings import RecordingWord
from mutualscope.storage.users import User

CODING = cast(Table, Coding.__table__)
SEGMENT = cast(Table, Segment.__table__)
WORD = cast(Table, RecordingWord.__table__)
_WORD = re.compile(r"\S+")
#: A coding's text as messages quote it, at most this long.
_SHOWN = 60


def shown(text: str) -> str:
    """Text quoted in a message, whitespace tidied and cut short."""
    words = " ".join(text.split())
    return f"\u201c{words if len(words) <= _SHOWN else words[: _SHOWN - 1] + '…'}\u201d"


def remap_codings(session: Session, state: EditState, edit: TextEdit) -> list[CodingChange]:
    """Move the document's codings to their words in the new text; refuse the edit,
    naming them, if any would lose its words. Returns the codings whose text changed."""
    if not edit.replacements:
        return []
    lo, hi = edit.replacements[0].start, edit.replacements[-1].end
    near = session.execute(
        select(Coding.id, Coding.code_id, Coding.start, Coding.end, User.name)
        .outerjoin(User, User.id == Coding.coder_id)
        .where(Coding.document_id == state.id, Coding.start < hi, Coding.end >= lo)
        .order_by(Coding.start, Coding.id)
    ).all()
    codes = CodeIndex.load(session) if near else None
    fates: list[tuple[Any, SpanFate]] = [
        (row, edit.span(state.text, row.start, row.end)) for row in near
    ]
    cut = [row for row, fate in fates if fate.fate == "cut"]
    if cut:
        assert codes is not None
        raise InvalidInput(
            f"This edit would cut through {len(cut)} coding(s) in {state.name!r}, which "
            "could not keep their words; nothing was changed. Change whole words inside "
            "or outside them, or remove those codings first:",
            [
                f"coding {row.id} ({codes.path(row.code_id)}, by {row.name or 'unknown'}), "
                f"characters {row.start}-{row.end}: {shown(state.text[row.start : row.end])}"
                for row in cut
            ],
        )
    new_text = edit.apply(state.text)
    changes = []
    for row, fate in fates:
        if (fate.start, fate.end) != (row.start, row.end):
            session.execute(
                update(CODING).where(CODING.c.id == row.id).values(start=fate.start, end=fate.end)
            )
        before, after = state.text[row.start : row.end], new_text[fate.start : fate.end]
        if before != after:
            assert codes is not None
            path = codes.path(row.code_id)
            changes.append(
                CodingChange(row.id, path, row.name, fate.fate, shown(before), shown(after))
            )
    shift_codings(session.connection(), state.id, hi, edit.delta)
    return changes


def shift_codings(conn: Connection, document_id: int, at: int, delta: int) -> None:
    """Move every coding from ``at`` on by ``delta``. In two steps, through negative
    offsets: moved one by one, a coding could meet the place another has not left yet,
    which the unique index on codings refuses."""
    if not delta:
        return
    c = CODING.c
    conn.execute(
        update(CODING)
        .where(c.document_id == document_id, c.start >= at)
        .values(start=-(c.start + delta) - 1, end=-(c.end + delta) - 1)
    )
    conn.execute(
        update(CODING)
        .where(c.document_id == document_id, c.start < 0)
        .values(start=-c.start - 1, end=-c.end - 1)
    )


def shift_rows(conn: Connection, table: Table, document_id: int, at: int, delta: int) -> None:
    """Move every turn (``SEGMENT``) or word (``WORD``) from ``at`` on by ``delta``."""
    if delta:
        c = table.c
        conn.execute(
            update(table)
            .where(c.document_id == document_id, c.start >= at)
            .values(start=c.start + delta, end=c.end + delta)
        )


def renumber_turns(conn: Connection, document_id: int, after: int, step: int) -> None:
    """Add ``step`` to the position of every turn after position ``after``."""
    c = SEGMENT.c
    conn.execute(
        update(SEGMENT)
        .where(c.document_id == document_id, c.position > after)
        .values(position=c.position + step)
    )


def words_between(session: Session, document_id: int, start: int, end: int) -> list[Any]:
    """The timed words that begin in ``[start, end)``, in order."""
    c = WORD.c
    return list(
        session.execute(
            select(c.id, c.position, c.start, c.end, c.time_start, c.time_end, c.probability)
            .where(c.document_id == document_id, c.start >= start, c.start < end)
            .order_by(c.position)
        ).all()
    )


def retime_turn(
    session: Session, state: EditState, target: Turn, new_words: str, delta: int
) -> None:
    """The corrected turn's words with their times (kept, shared or interpolated); the
    document's later words moved by ``delta`` and renumbered."""
    old = words_between(session, state.id, target.start, target.end)
    conn = session.connection()
    if not old:
        shift_rows(conn, WORD, state.id, target.end, delta)
        return
    timed = [
        TimedWord(state.text[w.start : w.end], w.time_start, w.time_end, w.probability) for w in old
    ]
    spans = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(new_words)]
    start = target.time_start if target.time_start is not None else timed[0].time_start
    end = target.time_end if target.time_end is not None else timed[-1].time_end
    retimed = retime_words(timed, [s[2] for s in spans], start=start, end=end)
    conn.execute(delete(WORD).where(WORD.c.id.in_([w.id for w in old])))
    shift_rows(conn, WORD, state.id, target.end, delta)
    added = len(retimed) - len(old)
    if added:
        c = WORD.c
        conn.execute(
            update(WORD)
            .where(c.document_id == state.id, c.position > old[-1].position)
            .values(position=c.position + added)
        )
    rows = [
        {
            "document_id": state.id,
            "position": old[0].position + n,
            "start": target.start + s,
            "end": target.start + e,
            "time_start": w.time_start,
            "time_end": w.time_end,
            "probability": w.probability,
        }
        for n, ((s, e, _), w) in enumerate(zip(spans, retimed, strict=True))
    ]
    if rows:
        conn.execute(insert(WORD), rows)


def save_text(session: Session, state: EditState, edit: TextEdit) -> str:
    """Write the document's new text (a trigger queues its turns for the search index)."""
    new_text = edit.apply(state.text)
    session.execute(
        update(Document)
        .where(Document.id == state.id)
        .values(text=new_text, length=len(new_text), word_count=count_words(new_text))
    )
    return new_text
