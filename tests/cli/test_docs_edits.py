"""``docs edit-turn``, ``split-turn``, ``merge-turns`` and ``set-speaker``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from sqlalchemy.orm import Session
from tests.recorded_world import make_recorded_document

from mutualscope.services.documents import load_document


def test_docs_edits_split_set_speaker_merge_and_correct(
    cli: Callable[..., Result], session: Session, tmp_path: Path
) -> None:
    doc = make_recorded_document(session, tmp_path).document.name

    split = cli("docs", "split-turn", doc, "2", "--before", "So what about")
    assert split.exit_code == 0, split.output
    assert split.output.startswith("Turn 2 split in two before \u201cSo\u201d.")
    again = cli("docs", "split-turn", doc, "3", "--before", "The funding came")
    assert again.exit_code == 0, again.output
    speaker = cli("docs", "set-speaker", doc, "3", "Speaker 1")
    assert speaker.output == "Turn 3 is now Speaker 1's (was Speaker 2's).\n"
    merged = cli("docs", "merge-turns", doc, "6")
    assert "coding 3 (Ownership) relabelled" in merged.output
    edited = cli("docs", "edit-turn", doc, "1", "How did it all start?")
    assert edited.exit_code == 0

    session.expire_all()
    view = load_document(session, doc)
    assert [(s.speaker, s.text) for s in view.segments] == [
        ("Speaker 1", "How did it all start?"),
        ("Speaker 2", "We did it under the radar 😀 and all."),
        ("Speaker 1", "So what about the funding?"),
        ("Speaker 2", "The funding came from a social investment fund."),
        ("Speaker 1", "And the staff?"),
        ("Speaker 2", "They own it now. Every one of them is a member."),
    ]


def test_docs_edits_bad_turn_and_cut_coding_are_refused(
    cli: Callable[..., Result], session: Session, tmp_path: Path
) -> None:
    doc = make_recorded_document(session, tmp_path).document.name
    text = load_document(session, doc).text

    missing = cli("docs", "merge-turns", doc, "9")
    assert missing.exit_code != 0
    assert "has turns 1 to 5, not 9" in missing.output
    last = cli("docs", "merge-turns", doc, "5")
    assert last.exit_code != 0 and "is the last turn" in last.output
    cut = cli("docs", "edit-turn", doc, "2", "We did it.")
    assert cut.exit_code != 0
    assert "cut through 2 coding(s)" in cut.output and "coding 1 (Freedom" in cut.output
    session.expire_all()
    assert load_document(session, doc).text == text


def test_docs_show_turns_numbers_turns_as_the_edit_commands_do(
    cli: Callable[..., Result], session: Session, tmp_path: Path
) -> None:
    doc = make_recorded_document(session, tmp_path).document.name
    listed = cli("docs", "show", doc, "--turns")
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    header = next(line for line in lines if "speaker" in line)
    assert header.split()[0] == "turn"
    rows = lines[lines.index(header) + 2 :]
    assert [row.split()[0] for row in rows] == ["1", "2", "3", "4", "5"]
    # Turn 2 in the listing is the turn `docs edit-turn DOC 2` changes.
    second = rows[1]
    assert "Speaker 2" in second and "under the radar" in second
