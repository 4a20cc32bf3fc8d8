"""The four edits of a transcript's turns: correct its words, split it before a word,
merge it with the next, give it to another speaker.

Each is a text edit plus a change of turns, made in one transaction (see the package's
description). Turns are named by their segment id, as the page and the API know them.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mutualscope.domain.text import normalise_text
from mutualscope.domain.textedits import Replacement, TextEdit, word_replacements
from mutualscope.domain.wordtimes import time_at
from mutualscope.errors import Conflict, InvalidInput
from mutualscope.services.participants import find_participant
from mutualscope.services.transcript_edits.remap import (
    SEGMENT,
    WORD,
    remap_codings,
    renumber_turns,
    retime_turn,
    save_text,
    shift_rows,
    shown,
    words_between,
)
from mutualscope.services.transcript_edits.revision import (
    TranscriptEdit,
    Turn,
    begin_edit,
    finish_edit,
)
from mutualscope.storage.documents import Segment

MAX_TURN_CHARS = 100_000
MAX_LABEL_CHARS = 200


def _run(session: Session, work: Callable[[], TranscriptEdit]) -> TranscriptEdit:
    """Do an edit all or nothing."""
    try:
        return work()
    except IntegrityError as error:
        session.rollback()
        raise Conflict(
            "Two codings of the same code by the same coder would cover the same words "
            "after this edit; nothing was changed. Remove one of them first."
        ) from error
    except BaseException:
        session.rollback()
        raise


def correct_turn(
    session: Session,
    *,
    document: str | int,
    turn: int,
    text: str,
    revision: str | None = None,
    actor: str | None = None,
) -> TranscriptEdit:
    """Replace the words of a turn with ``text``, word by word: words left alone keep
    their codings and times; a corrected word takes the time of the one it replaces."""

    def work() -> TranscriptEdit:
        state = begin_edit(session, document, revision)
        target = state.turn(turn)
        new_words = normalise_text(text).strip()
        if not new_words:
            raise InvalidInput(
                "A turn cannot be left without words; merge it with the next turn "
                "instead, or write what was said."
            )
        if len(new_words) > MAX_TURN_CHARS:
            raise InvalidInput(f"A turn may hold at most {MAX_TURN_CHARS:,} characters.")
        if "\n\n" in new_words:
            raise InvalidInput("A turn's words cannot hold a blank line; split the turn instead.")
        old_words = state.text[target.start : target.end]
        edit = TextEdit(word_replacements(old_words, new_words, target.start))
        if not edit.replacements:
            raise InvalidInput("The turn already reads like that; nothing was changed.")
        changes = remap_codings(session, state, edit)
        retime_turn(session, state, target, new_words, edit.delta)
        shift_rows(session.connection(), SEGMENT, state.id, target.end, edit.delta)
        session.execute(
            update(Segment).where(Segment.id == target.id).values(end=target.end + edit.delta)
        )
        save_text(session, state, edit)
        number = state.number(target)
        return finish_edit(
            session,
            state,
            action="correct-turn",
            turn=target,
            new_turn_id=None,
            summary=f"Turn {number} corrected ({len(edit.replacements)} change(s)).",
            codings=changes,
            before={"turn": target.id, "text": old_words},
            after={"turn": target.id, "text": new_words},
            actor=actor,
        )

    return _run(session, work)


def label_before(text: str, turn: Turn) -> tuple[int, int] | None:
    """Where the turn's speaker label is written before its words (``Speaker: ``, at
    the start of a line, as imports write it), if it is: the span of the name."""
    if not turn.speaker:
        return None
    for written in (f"{turn.speaker}: ", f"{turn.speaker}:\n", f"{turn.speaker}:"):
        if text[: turn.start].endswith(written):
            start = turn.start - len(written)
            if start == 0 or text[start - 1] == "\n":
                return start, start + len(turn.speaker)
    return None


def _split_times(
    session: Session, document_id: int, target: Turn, at: int
) -> tuple[float | None, float | None]:
    """When the first part of a split turn ends and the second begins: from the words'
    times, else a share of the turn's time by characters."""
    words = words_between(session, document_id, target.start, target.end)
    before = [w for w in words if w.start < at]
    after = [w for w in words if w.start >= at]
    if before and after:
        return before[-1].time_end, after[0].time_start
    ts, te = target.time_start, target.time_end
    if ts is not None and te is not None:
        moment = time_at(ts, te, (at - target.start) / max(1, target.end - target.start))
        return moment, moment
    return te, None


def split_turn(
    session: Session,
    *,
    document: str | int,
    turn: int,
    at: int,
    revision: str | None = None,
    actor: str | None = None,
) -> TranscriptEdit:
    """Split a turn before the word that starts at offset ``at``: a new turn of the same
    speaker begins there, as a paragraph of its own (with the speaker's label when the
    transcript writes labels)."""

    def work() -> TranscriptEdit:
        state = begin_edit(session, document, revision)
        target = state.turn(turn)
        text = state.text
        inside = target.start < at < target.end
        if not inside or text[at].isspace() or not text[at - 1].isspace():
            raise InvalidInput(
                f"Offset {at} is not the start of a word inside turn {state.number(target)} "
                f"(characters {target.start}-{target.end}); split before one of its words "
                "other than the first."
            )
        gap_start = at
        while text[gap_start - 1].isspace():
            gap_start -= 1
        label = f"{target.speaker}: " if label_before(text, target) else ""
        edit = TextEdit([Replacement(gap_start, at, "\n\n" + label, spoken=False)])
        changes = remap_codings(session, state, edit)
        first_end, second_start = _split_times(session, state.id, target, at)
        conn = session.connection()
        shift_rows(conn, WORD, state.id, at, edit.delta)
        shift_rows(conn, SEGMENT, state.id, target.end, edit.delta)
        renumber_turns(conn, state.id, target.position, 1)
        session.execute(
            update(Segment).where(Segment.id == target.id).values(end=gap_start, time_end=first_end)
        )
        new_id = conn.execute(
            insert(SEGMENT).returning(SEGMENT.c.id),
            {
                "document_id": state.id,
                "position": target.position + 1,
                "start": at + edit.delta,
                "end": target.end + edit.delta,
                "speaker": target.speaker,
                "participant_id": target.participant_id,
                "time_start": second_start,
                "time_end": target.time_end,
                "attributes": target.attributes,
            },
        ).scalar_one()
        save_text(session, state, edit)
        word = text[at : target.end].split()[0]
        return finish_edit(
            session,
            state,
            action="split-turn",
            turn=target,
            new_turn_id=new_id,
            summary=f"Turn {state.number(target)} split in two before {shown(word)}.",
            codings=changes,
            before={"turn": target.id, "at": at},
            after={"turn": target.id, "new_turn": new_id},
            actor=actor,
        )

    return _run(session, work)


def merge_turns(
    session: Session,
    *,
    document: str | int,
    turn: int,
    revision: str | None = None,
    actor: str | None = None,
) -> TranscriptEdit:
    """Merge a turn with the next one into one turn of the first's speaker; the next
    speaker's label (if written) and the break between them become a space."""

    def work() -> TranscriptEdit:
        state = begin_edit(session, document, revision)
        target = state.turn(turn)
        number = state.number(target)
        if number >= len(state.turns):
            raise InvalidInput(f"Turn {number} is the last turn: there is none to merge it with.")
        following = state.turns[number]
        gap = state.text[target.end : following.start]
        label = label_before(state.text, following)
        unspoken = gap[: label[0] - target.end] + gap[label[1] - target.end + 1 :] if label else gap
        if unspoken.strip():
            raise InvalidInput(
                f"Between turns {number} and {number + 1} there is text that is not a "
                f"speaker label: {shown(gap)}. Correct it into one of the turns first."
            )
        edit = TextEdit([Replacement(target.end, following.start, " ", spoken=False)])
        changes = remap_codings(session, state, edit)
        conn = session.connection()
        session.execute(delete(Segment).where(Segment.id == following.id))
        shift_rows(conn, WORD, state.id, following.start, edit.delta)
        shift_rows(conn, SEGMENT, state.id, following.start, edit.delta)
        renumber_turns(conn, state.id, following.position, -1)
        times = [t for t in (target.time_end, following.time_end) if t is not None]
        first_time = target.time_start if target.time_start is not None else following.time_start
        session.execute(
            update(Segment)
            .where(Segment.id == target.id)
            .values(
                end=following.end + edit.delta,
                time_start=first_time,
                time_end=max(times) if times else None,
            )
        )
        save_text(session, state, edit)
        was = following.speaker or "(no speaker)"
        other = f" (the second was {was}'s)" if following.speaker != target.speaker else ""
        return finish_edit(
            session,
            state,
            action="merge-turns",
            turn=target,
            new_turn_id=None,
            summary=f"Turns {number} and {number + 1} merged into one turn of "
            f"{target.speaker or '(no speaker)'}{other}.",
            codings=changes,
            before={"turn": target.id, "next": following.id, "next_speaker": following.speaker},
            after={"turn": target.id},
            actor=actor,
        )

    return _run(session, work)


def set_turn_speaker(
    session: Session,
    *,
    document: str | int,
    turn: int,
    speaker: str,
    participant: str | None = None,
    revision: str | None = None,
    actor: str | None = None,
) -> TranscriptEdit:
    """Give a turn to another speaker label. Its participant is ``participant`` if
    given, else the one the document's other turns of that label have (if they agree).
    The label written before the turn, if any, is rewritten."""

    def work() -> TranscriptEdit:
        state = begin_edit(session, document, revision)
        target = state.turn(turn)
        number = state.number(target)
        label = " ".join(normalise_text(speaker).split())
        if not label or len(label) > MAX_LABEL_CHARS or ":" in label:
            raise InvalidInput(
                f"A speaker label needs 1 to {MAX_LABEL_CHARS} characters and no ':' "
                f"(got {speaker!r})."
            )
        if participant:
            person_id: int | None = find_participant(session, participant).id
        else:
            linked = {
                t.participant_id for t in state.turns if t.speaker == label and t.id != target.id
            }
            person_id = linked.pop() if len(linked) == 1 else None
        if label == target.speaker and person_id == target.participant_id:
            raise InvalidInput(f"Turn {number} is already {label}'s; nothing was changed.")
        written = label_before(state.text, target)
        edit = TextEdit([Replacement(*written, label, spoken=False)] if written else [])
        changes = remap_codings(session, state, edit)
        if written:
            conn = session.connection()
            shift_rows(conn, WORD, state.id, written[1], edit.delta)
            shift_rows(conn, SEGMENT, state.id, written[1], edit.delta)
            save_text(session, state, edit)
        session.execute(
            update(Segment)
            .where(Segment.id == target.id)
            .values(speaker=label, participant_id=person_id)
        )
        return finish_edit(
            session,
            state,
            action="set-turn-speaker",
            turn=target,
            new_turn_id=None,
            summary=f"Turn {number} is now {label}'s (was {target.speaker or '(no speaker)'}'s).",
            codings=changes,
            before={
                "turn": target.id,
                "speaker": target.speaker,
                "participant": target.participant_id,
            },
            after={"turn": target.id, "speaker": label, "participant": person_id},
            actor=actor,
        )

    return _run(session, work)
