"""``docs edit-turn``, ``split-turn``, ``merge-turns``, ``set-speaker``: correcting a
transcript from the command line, as the transcript page does while listening."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from mutualscope.cli.lazy import lazy_callable, lazy_module
from mutualscope.cli.state import CliState
from mutualscope.domain.spans import find_match
from mutualscope.errors import InvalidInput

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mutualscope.services import transcript_edits
    from mutualscope.services.documents import load_document
    from mutualscope.services.transcript_edits import TranscriptEdit
else:
    transcript_edits = lazy_module("mutualscope.services.transcript_edits")
    load_document = lazy_callable("mutualscope.services.documents", "load_document")


def _turn_id(session: Session, document: str, number: int) -> int:
    view = load_document(session, document)
    if not 1 <= number <= len(view.segments):
        raise InvalidInput(
            f"{view.name!r} has turns 1 to {len(view.segments)}, not {number}; "
            f"see `mutualscope docs show {view.id} --turns`."
        )
    return view.segments[number - 1].id


def _report(done: TranscriptEdit) -> None:
    click.echo(done.summary)
    for change in done.codings:
        click.echo(
            f"  coding {change.id} ({change.code}) {change.fate}: {change.before} -> {change.after}"
        )


@click.command("edit-turn")
@click.argument("document")
@click.argument("turn", type=int)
@click.argument("text")
@click.pass_obj
def edit_turn(state: CliState, document: str, turn: int, text: str) -> None:
    """Correct the words of a turn: TEXT replaces them, word by word, so codings and
    word times of the words left alone stay where they are. An edit that would cut
    through a coding is refused, naming it. TURN counts from 1 in the order
    `docs show --turns` lists them.

    \b
    Example:
      mutualscope docs edit-turn interview.m4a 12 "We did it under the radar, really."
    """
    with state.project.session() as session:
        done = transcript_edits.correct_turn(
            session, document=document, turn=_turn_id(session, document, turn), text=text,
        )  # fmt: skip
    _report(done)


@click.command("split-turn")
@click.argument("document")
@click.argument("turn", type=int)
@click.option("--before", "words", required=True, help="The words the new turn begins with.")
@click.pass_obj
def split_turn(state: CliState, document: str, turn: int, words: str) -> None:
    """Split a turn in two before WORDS (which must occur once in it); the new turn has
    the same speaker until you give it another with `docs set-speaker`. TURN counts
    from 1 in the order `docs show --turns` lists them.

    \b
    Example:
      mutualscope docs split-turn interview.m4a 4 --before "So what about the funding"
    """
    with state.project.session() as session:
        turn_id = _turn_id(session, document, turn)
        view = load_document(session, document)
        segment = view.segments[turn - 1]
        start, _ = find_match(segment.text, words)
        done = transcript_edits.split_turn(
            session, document=document, turn=turn_id, at=segment.start + start,
        )  # fmt: skip
    _report(done)


@click.command("merge-turns")
@click.argument("document")
@click.argument("turn", type=int)
@click.pass_obj
def merge_turns(state: CliState, document: str, turn: int) -> None:
    """Merge a turn with the next one, as one turn of this turn's speaker. TURN counts
    from 1 in the order `docs show --turns` lists them.

    \b
    Example:
      mutualscope docs merge-turns interview.m4a 7
    """
    with state.project.session() as session:
        done = transcript_edits.merge_turns(
            session, document=document, turn=_turn_id(session, document, turn),
        )  # fmt: skip
    _report(done)


@click.command("set-speaker")
@click.argument("document")
@click.argument("turn", type=int)
@click.argument("label")
@click.option("--participant", help="Link the turn to this participant (by label).")
@click.pass_obj
def set_speaker(
    state: CliState, document: str, turn: int, label: str, participant: str | None
) -> None:
    """Give one turn to another speaker LABEL (the label written before it changes too);
    its participant is --participant, or the one the document's other turns of LABEL
    have. TURN counts from 1 in the order `docs show --turns` lists them.

    \b
    Example:
      mutualscope docs set-speaker interview.m4a 5 "Speaker 1"
    """
    with state.project.session() as session:
        done = transcript_edits.set_turn_speaker(
            session, document=document, turn=_turn_id(session, document, turn),
            speaker=label, participant=participant,
        )  # fmt: skip
    _report(done)


COMMANDS = (edit_turn, split_turn, merge_turns, set_speaker)
