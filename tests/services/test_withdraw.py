"""Withdrawal on both backends: after ``people withdraw``, a phrase only the participant
said is in no table's text or binary column, not in the search index, and not in any
export, quote list or report; everyone else's codings, turns and word times keep their
words.

The interview is a WebVTT file with times and an emoji before the withdrawn turn (so
offsets count code points, not UTF-16 units), and a plain-text one with a BOM, CR LF and
curly quotes; the participant's turns in both are linked to them.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from sqlalchemy import LargeBinary, func, inspect, select, text
from sqlalchemy.orm import Session
from tests.factories import make_word_times
from tests.io.recordings.sounds import voice, write_audio

from mutualscope.domain.erasure import WITHDRAWN
from mutualscope.services.audit import find_events
from mutualscope.services.codebook import add_code
from mutualscope.services.codings import add_coding
from mutualscope.services.documents import assign_speaker, load_document
from mutualscope.services.imports import import_documents
from mutualscope.services.memos import add_memo
from mutualscope.services.participants import add_participant
from mutualscope.services.recordings import link_recording
from mutualscope.services.search import search_segments
from mutualscope.services.transcript_edits import correct_turn
from mutualscope.services.withdrawal import plan_withdrawal, withdraw_participant
from mutualscope.storage.models import Coding, Document, Participant, Recording, RecordingWord

#: Said only by the CEO, who withdraws: in one transcript, in a memo, in a code definition.
SECRET = "lantern burning quietly"
SECRET_WORD = "lantern"

VTT = """WEBVTT

00:00:00.000 --> 00:00:02.000
<v Interviewer>How did it start? 😀 Tell me.

00:00:02.000 --> 00:00:05.000
<v CEO>We kept the lantern burning quietly, we did it under the radar.

00:00:05.000 --> 00:00:07.000
<v Nurse>The ward team owns it now, every one of us.
"""
TEXT = (
    "\ufeffInterviewer: And the money? 😀\r\n"
    "CEO: Our lantern burning quietly plan paid for the \u201cstaff\u201d shares.\r\n"
    "Nurse: We had no say at first, then we had a vote.\r\n"
)


def _build(session: Session, tmp_path: Path) -> dict[str, Any]:
    (tmp_path / "a.vtt").write_text(VTT, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(TEXT.encode("utf-8"))
    report = import_documents(session, [tmp_path / "a.vtt", tmp_path / "b.txt"])
    assert [o.status for o in report.outcomes] == ["imported", "imported"]
    add_participant(session, label="Case 1 CEO", role="ceo")
    add_participant(session, label="Nurse A", role="nurse")
    for doc in ("a.vtt", "b.txt"):
        assign_speaker(session, document=doc, label="CEO", participant="Case 1 CEO")
        assign_speaker(session, document=doc, label="Nurse", participant="Nurse A")
    add_code(session, "Growth", definition=f'As in "we kept the {SECRET}".')
    add_code(session, "Voice")
    theirs = add_coding(session, "a.vtt", "Growth", match="kept the lantern burning")
    nurse = add_coding(session, "a.vtt", "Voice", match="ward team owns it", coder="ana")
    across = add_coding(
        session, "a.vtt", "Voice", match="Tell me.\n\nCEO: We kept the lantern", coder="ben"
    )
    later = add_coding(session, "b.txt", "Voice", match="we had a vote")
    add_memo(session, f"The CEO: \u201cwe kept the {SECRET.title()}\u201d, which matters.")
    add_memo(session, "Why this passage?", coding_id=theirs.id)
    # A corrected turn's old words go into the audit trail.
    ceo_turn = next(s for s in load_document(session, "b.txt").segments if s.speaker == "CEO")
    correct_turn(
        session, document="b.txt", turn=ceo_turn.id,
        text=f"Our {SECRET} plan paid for the \u201cstaff\u201d shares, all of them.",
    )  # fmt: skip
    # Word times for every word of the timed transcript, and its recording.
    doc = session.scalar(select(Document).where(Document.name == "a.vtt"))
    assert doc is not None
    make_word_times(session, doc)
    link_recording(session, document="a.vtt", path=write_audio(tmp_path / "a.wav", voice(8.0)))
    words = {c.id: _words(session, c.id) for c in (nurse, across, later)}
    return {"nurse": nurse.id, "across": across.id, "later": later.id, "words": words}


def _words(session: Session, coding_id: int) -> str:
    coding = session.get(Coding, coding_id, populate_existing=True)
    assert coding is not None
    doc = session.get(Document, coding.document_id, populate_existing=True)
    assert doc is not None
    return doc.text[coding.start : coding.end]


def _columns_holding(session: Session, needle: str) -> list[str]:
    """Every table and column (the search index's too) with ``needle`` in a value: text
    compared case-folded, binary values as bytes."""
    conn = session.connection()
    found = []
    inspector = inspect(conn)
    for table in inspector.get_table_names():
        for column in inspector.get_columns(table):
            name = column["name"]
            binary = isinstance(column["type"], LargeBinary)
            value = f'"{name}"' if binary or conn.dialect.name == "sqlite" else f'"{name}"::text'
            for (cell,) in conn.execute(text(f'SELECT {value} FROM "{table}"')):
                if cell is None:
                    continue
                if isinstance(cell, bytes | memoryview):
                    hit = needle.encode() in bytes(cell)
                else:
                    hit = needle.casefold() in str(cell).casefold()
                if hit:
                    found.append(f"{table}.{name}")
                    break
    return found


def test_withdraw_erases_every_word_and_keeps_everyone_elses(
    session: Session, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    built = _build(session, tmp_path)
    assert "document.text" in _columns_holding(session, SECRET)
    assert "document_file.content" in _columns_holding(session, SECRET)
    assert search_segments(session, SECRET_WORD)
    words_before = session.scalar(select(func.count()).select_from(RecordingWord)) or 0

    plan = plan_withdrawal(session, "case 1 ceo")
    assert (plan.turns, plan.codings_removed, plan.memos_redacted) == (2, 1, 1)
    # The code's creation (its definition) and the corrected turn's old words.
    assert (plan.code_definitions_redacted, plan.audit_events_redacted) == (1, 2)
    assert plan.recordings_removed == ["a.wav"]
    assert _columns_holding(session, SECRET_WORD)  # planning changed nothing

    done = withdraw_participant(session, "Case 1 CEO", actor="owner")
    session.expire_all()

    assert _columns_holding(session, SECRET_WORD) == []
    assert search_segments(session, SECRET_WORD) == []
    assert search_segments(session, '"ward team owns"')
    # Everyone else's codings keep their words; one reaching into the turn loses them.
    assert _words(session, built["nurse"]) == built["words"][built["nurse"]]
    assert _words(session, built["later"]) == built["words"][built["later"]] == "we had a vote"
    assert _words(session, built["across"]) == "Tell me.\n\nCEO: "
    a = load_document(session, "a.vtt")
    assert [s.text for s in a.segments] == [
        "How did it start? 😀 Tell me.",
        WITHDRAWN,
        "The ward team owns it now, every one of us.",
    ]
    assert [s.time_start for s in a.segments] == [0.0, 2.0, 5.0]
    # Each remaining word time is still on its word.
    doc = session.scalar(select(Document).where(Document.name == "a.vtt"))
    assert doc is not None
    kept = session.scalars(select(RecordingWord).where(RecordingWord.document_id == doc.id))
    assert [doc.text[w.start : w.end] for w in kept] == re.findall(
        r"\w+", doc.text.replace(WITHDRAWN, "")
    )
    assert session.scalar(select(func.count()).select_from(RecordingWord)) == words_before - 12
    assert (
        session.scalar(select(func.count()).select_from(Recording)) == 0 and doc.audio_ref is None
    )
    person = session.scalar(select(Participant).where(Participant.label == "Case 1 CEO"))
    assert person is not None and person.consent == "withdrawn"
    # One audit event says it happened: who, when, which participant, without the words.
    [event] = find_events(session, action="withdraw")
    assert (event.actor, event.kind, event.entity_id) == ("owner", "participant", person.id)
    assert event.after is not None and event.after["turns"] == done.turns == 2
    assert SECRET_WORD not in json.dumps(event.after)

    # Nor in anything the project writes out.
    exported = tmp_path / "project.qdpx"
    assert cli("refi", "export", "--out", str(exported)).exit_code == 0
    with zipfile.ZipFile(exported) as archive:
        for member in archive.namelist():
            assert SECRET_WORD.encode() not in archive.read(member).lower(), member
    outputs = [
        cli("codings", "export", "--format", "json"),
        cli("codings", "list", "--format", "json"),
        cli("quotes", "Growth", "--format", "json"),
        cli("quotes", "Voice", "--format", "json"),
        cli("memos", "list", "--format", "json"),
        cli("codes", "list", "--format", "json"),
        cli("docs", "show", "a.vtt", "--format", "json"),
        cli("audit", "--format", "json"),
        cli("search", SECRET_WORD),
    ]
    for result in outputs:
        assert result.exit_code == 0, result.output
        assert SECRET_WORD not in result.output.lower()
    report = tmp_path / "report.md"
    assert cli("report", "build", "--out", str(report)).exit_code == 0
    assert SECRET_WORD not in report.read_text(encoding="utf-8").lower()


def test_withdraw_cli_asks_first_and_withdrawing_again_changes_nothing(
    session: Session, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    _build(session, tmp_path)
    refused = cli("people", "withdraw", "Case 1 CEO", input="n\n")
    assert refused.exit_code == 1 and "Aborted" in refused.output
    assert "2 turn(s)" in refused.output and "a.wav" in refused.output
    assert SECRET_WORD not in refused.output
    session.expire_all()
    assert "document.text" in _columns_holding(session, SECRET_WORD)

    result = cli("people", "withdraw", "Case 1 CEO", input="y\n")
    assert result.exit_code == 0, result.output
    assert "Withdrew Case 1 CEO: 2 turn(s) in 2 document(s)" in result.output
    again = cli("people", "withdraw", "Case 1 CEO", "--yes", "--format", "json")
    assert json.loads(again.output)["turns"] == 0
    listed = cli("people", "list", "--format", "json")
    ceo = next(p for p in json.loads(listed.output) if p["label"] == "Case 1 CEO")
    assert (ceo["consent"], ceo["quoting"]) == ("withdrawn", "refused")
    consent = cli("people", "consent", "Case 1 CEO", "--quoting", "yes")
    assert consent.exit_code != 0 and "withdrew" in consent.output


def test_withdraw_unknown_participant_is_refused(cli: Callable[..., Result]) -> None:
    result = cli("people", "withdraw", "Nobody", "--yes")
    assert result.exit_code != 0 and "No participant 'Nobody'" in result.output


@pytest.mark.parametrize("secret", [SECRET])
def test_withdraw_leaves_no_trace_in_sqlite_file(
    backend: str, db_url: str, session: Session, tmp_path: Path, secret: str
) -> None:
    """On SQLite the erased words are not in the database file's free pages either."""
    if backend != "sqlite":
        pytest.skip("a file only on SQLite")
    _build(session, tmp_path)
    withdraw_participant(session, "Case 1 CEO")
    session.close()
    data = Path(db_url).read_bytes()
    wal = Path(db_url + "-wal")
    data += wal.read_bytes() if wal.exists() else b""
    assert SECRET_WORD.encode() not in data.lower()
