"""Removing the originals (``protect remove-originals``) on both backends: afterwards no
table's text or binary column, nor the search index, holds an original name, except the
key while it is kept; codings, turns and word times hold the pseudonymised words; a
refusal leaves the project exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from tests.factories import make_word_times
from tests.fingerprint import fingerprint
from tests.io.recordings.sounds import voice, write_audio
from tests.services.test_withdraw import _columns_holding

from mutualscope.errors import Conflict, InvalidInput
from mutualscope.services.audit import find_events
from mutualscope.services.codebook import add_code
from mutualscope.services.codings import add_coding
from mutualscope.services.documents import assign_speaker, load_document
from mutualscope.services.imports import import_documents
from mutualscope.services.participants import add_participant
from mutualscope.services.protection.findings import add_findings, text_hash
from mutualscope.services.protection.layers import apply_protection
from mutualscope.services.protection.originals import plan_removal, remove_originals
from mutualscope.services.protection.pseudonyms import set_pseudonym
from mutualscope.services.recordings import link_recording
from mutualscope.services.search import search_segments
from mutualscope.services.transcript_edits import correct_turn
from mutualscope.storage.models import (
    Coding,
    Document,
    DocumentFile,
    ProtectedText,
    ProtectionFinding,
    Pseudonym,
    Recording,
    RecordingWord,
)
from mutualscope.storage.users import AuditEvent

VTT = """WEBVTT

00:00:00.000 --> 00:00:01.000
<v Interviewer>Who started it?

00:00:01.000 --> 00:00:02.500
<v CEO>Sarah Jenkins did, with Dave Patel from Luton. Ring 07700 900123.

00:00:02.500 --> 00:00:04.000
<v Nurse>Dave Patel rang me, and the ward team owns it now.
"""
#: Where the key keeps the originals (while it is kept).
KEY_COLUMNS = {"pseudonym.key", "pseudonym.original"}
ORIGINALS = ("Sarah Jenkins", "Jenkins", "Dave Patel", "Patel", "Luton", "07700 900123")


def _build(session: Session, tmp_path: Path, *, apply: bool = True) -> dict[str, int]:
    (tmp_path / "a.vtt").write_text(VTT, encoding="utf-8")
    (tmp_path / "other.txt").write_text("Interviewer: Hello.\nNurse: Hi there.\n", "utf-8")
    import_documents(session, [tmp_path / "a.vtt", tmp_path / "other.txt"])
    add_participant(session, label="Case 1 CEO", role="ceo")
    assign_speaker(session, document="a.vtt", label="CEO", participant="Case 1 CEO")
    add_code(session, "Growth")
    started = add_coding(session, "a.vtt", "Growth", match="Sarah Jenkins did, with Dave")
    inside = add_coding(session, "a.vtt", "Growth", match="Pat", occurrence=2, coder="ana")
    ward = add_coding(session, "a.vtt", "Growth", match="the ward team owns it")
    nurse = next(s for s in load_document(session, "a.vtt").segments if s.speaker == "Nurse")
    # The corrected turn's old words (a name among them) go into the audit trail.
    correct_turn(
        session, document="a.vtt", turn=nurse.id,
        text="Dave Patel rang me, and the ward team owns it now, all of us.",
    )  # fmt: skip
    doc = session.scalar(select(Document).where(Document.name == "a.vtt"))
    assert doc is not None
    make_word_times(session, doc)
    link_recording(session, document="a.vtt", path=write_audio(tmp_path / "a.wav", voice(4.0)))
    for kind, words in (
        ("person", "Sarah Jenkins"),
        ("person", "Dave Patel"),
        ("place", "Luton"),
        ("phone", "07700 900123"),
    ):
        add_findings(session, "a.vtt", kind=kind, words=words)
    if apply:
        apply_protection(session, ["a.vtt"])
    return {"doc": doc.id, "started": started.id, "inside": inside.id, "ward": ward.id}


def _text(session: Session, doc_id: int) -> str:
    doc = session.get(Document, doc_id, populate_existing=True)
    assert doc is not None
    return doc.text


def _coded_words(session: Session, coding_id: int) -> str:
    coding = session.get(Coding, coding_id, populate_existing=True)
    assert coding is not None
    return _text(session, coding.document_id)[coding.start : coding.end]


def _engine(session: Session) -> Engine:
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    return engine


def test_remove_originals_leaves_no_original_name_and_keeps_every_coding_on_its_words(
    session: Session, tmp_path: Path
) -> None:
    ids = _build(session, tmp_path)
    doc_id = ids["doc"]
    words_before = {
        w.position: _text(session, doc_id)[w.start : w.end]
        for w in session.scalars(select(RecordingWord).where(RecordingWord.document_id == doc_id))
    }
    plan = remove_originals(session, ["a.vtt"])

    text = _text(session, doc_id)
    assert text == (
        "Interviewer: Who started it?\n\n"
        "CEO: [Person 1] did, with [Person 2] from [Town A]. Ring [phone].\n\n"
        "Nurse: [Person 2] rang me, and the ward team owns it now, all of us."
    )
    assert _coded_words(session, ids["started"]) == "[Person 1] did, with [Person 2]"
    assert _coded_words(session, ids["inside"]) == "[Person 2]"
    assert _coded_words(session, ids["ward"]) == "the ward team owns it"
    turns = [text[s.start : s.end] for s in load_document(session, "a.vtt").segments]
    assert turns[1:] == [
        "[Person 1] did, with [Person 2] from [Town A]. Ring [phone].",
        "[Person 2] rang me, and the ward team owns it now, all of us.",
    ]
    # Word times of replaced words go; every other keeps its word.
    kept = list(session.scalars(select(RecordingWord).where(RecordingWord.document_id == doc_id)))
    assert {w.position: text[w.start : w.end] for w in kept} == {
        p: w for p, w in words_before.items() if w not in {"Sarah", "Jenkins", "Dave", "Patel",
                                                          "Luton", "07700", "900123"}
    }  # fmt: skip
    assert [d.replaced for d in plan.documents] == [5]
    assert plan.recordings == ["a.wav"] and not plan.keep_recordings
    assert session.scalars(select(Recording)).all() == []
    assert session.get(DocumentFile, doc_id) is None
    assert session.scalars(select(ProtectionFinding)).all() == []
    assert session.get(ProtectedText, doc_id) is None
    # Search finds the new words, never the old.
    assert search_segments(session, "Patel") == []
    assert [h.document for h in search_segments(session, "ward team")] == ["a.vtt"]
    for name in ORIGINALS:
        assert set(_columns_holding(session, name)) <= KEY_COLUMNS, name
    # The corrected turn's old words now hold the pseudonym; one event says what happened.
    edit = next(e for e in find_events(session) if e.action == "correct-turn")
    assert "[Person 2] rang me" in str(edit.before)
    (done,) = [e for e in find_events(session) if e.action == "remove-originals"]
    assert done.after is not None and done.after["documents"] == [doc_id]
    assert done.after["audit_events_scrubbed"] >= 1
    # The other document is untouched.
    assert session.scalar(select(Document.text).where(Document.name == "other.txt")) == (
        "Interviewer: Hello.\nNurse: Hi there.\n"
    )


def test_remove_originals_with_drop_key_leaves_no_original_anywhere(
    session: Session, tmp_path: Path
) -> None:
    _build(session, tmp_path)
    apply_protection(session, everything=True)
    plan = remove_originals(session, everything=True, drop_key=True, keep_recordings=True)
    assert plan.drop_key and plan.key_entries == 4
    assert session.scalars(select(Pseudonym)).all() == []
    assert [r.filename for r in session.scalars(select(Recording))] == ["a.wav"]
    for name in ORIGINALS:
        assert _columns_holding(session, name) == [], name


def _refused(session: Session, expected: type[Exception], **options: object) -> str:
    before = fingerprint(_engine(session))
    events = session.query(AuditEvent).count()
    refs = options.pop("refs", ["a.vtt"])
    with pytest.raises(expected) as caught:
        remove_originals(session, refs, **options)  # type: ignore[arg-type]
    with pytest.raises(expected):
        plan_removal(session, refs, **options)  # type: ignore[arg-type]
    assert fingerprint(_engine(session)) == before
    assert session.query(AuditEvent).count() == events
    return str(caught.value)


def test_remove_originals_refuses_a_document_without_a_pseudonymised_text(
    session: Session, tmp_path: Path
) -> None:
    _build(session, tmp_path, apply=False)
    assert "has no pseudonymised text" in _refused(session, Conflict)


def test_remove_originals_refuses_a_stale_pseudonymised_text(
    session: Session, tmp_path: Path
) -> None:
    _build(session, tmp_path)
    turn = load_document(session, "a.vtt").segments[0]
    correct_turn(session, document="a.vtt", turn=turn.id, text="Who began it?")
    assert "has no pseudonymised text made on its current words" in _refused(session, Conflict)


def test_remove_originals_refuses_findings_nobody_reviewed_or_accepted_after_apply(
    session: Session, tmp_path: Path
) -> None:
    ids = _build(session, tmp_path)
    text = _text(session, ids["doc"])
    at = text.index("ward")
    session.add(
        ProtectionFinding(
            document_id=ids["doc"], start=at, end=at + 4, kind="place", text="ward",
            confidence=0.4, source="rule", text_hash=text_hash(text),
        )
    )  # fmt: skip
    session.commit()
    add_findings(session, "a.vtt", kind="job-title", words="Interviewer")
    message = _refused(session, Conflict)
    assert "1 proposed finding(s) nobody reviewed" in message
    assert "accepted or added after its pseudonymised text was built" in message


def test_remove_originals_drop_key_needs_all(session: Session, tmp_path: Path) -> None:
    _build(session, tmp_path)
    assert "--all" in _refused(session, InvalidInput, drop_key=True)


def test_audit_events_take_only_a_pseudonym_or_the_withdrawal_marker(
    session: Session, tmp_path: Path
) -> None:
    _build(session, tmp_path)
    event = next(e for e in find_events(session) if e.action == "correct-turn")
    change = update(AuditEvent).where(AuditEvent.id == event.id)
    with pytest.raises(DBAPIError):
        session.execute(change.values(before={"text": "Someone rang me"}))
    session.rollback()
    with pytest.raises(DBAPIError):
        session.execute(change.values(action="delete", before={"text": "[Person 2] rang me"}))
    session.rollback()
    session.execute(change.values(before={"text": "[Person 2] rang me"}))
    session.commit()
    with pytest.raises(DBAPIError):
        session.execute(delete(AuditEvent).where(AuditEvent.id == event.id))
    session.rollback()


def test_remove_originals_leaves_no_trace_in_sqlite_file(
    backend: str, db_url: str, session: Session, tmp_path: Path
) -> None:
    """On SQLite the original words are not in the database file's free pages either."""
    if backend != "sqlite":
        pytest.skip("a file only on SQLite")
    _build(session, tmp_path)
    apply_protection(session, everything=True)
    remove_originals(session, everything=True, drop_key=True)
    session.close()
    data = Path(db_url).read_bytes()
    wal = Path(db_url + "-wal")
    data += wal.read_bytes() if wal.exists() else b""
    for name in ("patel", "jenkins", "luton", "900123"):
        assert name.encode() not in data.lower(), name


def test_remove_originals_refuses_a_pseudonym_the_audit_trail_cannot_hold(
    session: Session, tmp_path: Path
) -> None:
    _build(session, tmp_path)
    set_pseudonym(session, "Dave Patel", "[Zoë]")
    apply_protection(session, ["a.vtt"])
    assert "[Zoë]" in _refused(session, Conflict)
