"""Correcting a recorded transcript in place: codings keep their words, turns and word
times follow, search finds the corrected words, and a stale edit is refused."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.factories import make_participant, make_user
from tests.recorded_world import Recorded, make_recorded_document

from mutualscope.errors import Conflict, InvalidInput
from mutualscope.services.documents import load_document
from mutualscope.services.project import Project
from mutualscope.services.search import search_segments
from mutualscope.services.transcript_edits import (
    correct_turn,
    merge_turns,
    set_turn_speaker,
    split_turn,
    transcript_revision,
)
from mutualscope.storage.models import AuditEvent, Coding, Document, Segment
from mutualscope.storage.recordings import RecordingWord


@pytest.fixture
def recorded(session: Session, tmp_path: Path) -> Recorded:
    return make_recorded_document(session, tmp_path, coder=make_user(session, "ana"))


def _coded_words(session: Session, doc_id: int) -> dict[int, list[str]]:
    """Each coding's words (labels of speakers left out: they are not spoken)."""
    session.expire_all()
    text = session.get(Document, doc_id).text  # type: ignore[union-attr]
    labels = {f"{s}:" for s in session.scalars(select(Segment.speaker).distinct()) if s}
    labels |= {w for s in labels for w in s.split()}
    return {
        c.id: [
            w for w in text[c.start : c.end].split() if w not in labels and w != "1:" and w != "2:"
        ]
        for c in session.scalars(select(Coding).where(Coding.document_id == doc_id))
    }


def _words(session: Session, doc_id: int) -> list[tuple[str, float, float, float | None]]:
    session.expire_all()
    text = session.get(Document, doc_id).text  # type: ignore[union-attr]
    rows = session.scalars(
        select(RecordingWord)
        .where(RecordingWord.document_id == doc_id)
        .order_by(RecordingWord.position)
    ).all()
    assert [r.position for r in rows] == list(range(len(rows)))
    return [(text[r.start : r.end], r.time_start, r.time_end, r.probability) for r in rows]


def _turn_texts(session: Session, doc_id: int) -> list[tuple[str | None, str]]:
    view = load_document(session, doc_id)
    return [(s.speaker, s.text) for s in view.segments]


def _hits(session: Session, query: str) -> list[str]:
    return [h.match for h in search_segments(session, query)]


def test_transcript_edits_correct_turn_keeps_coded_words_and_times_and_reindexes(
    session: Session, recorded: Recorded
) -> None:
    doc = recorded.document
    before = _coded_words(session, doc.id)
    old_words = _words(session, doc.id)
    turn = load_document(session, doc.id).segments[1]
    assert _hits(session, "investment") == ["investment"]

    outcome = correct_turn(
        session, document=doc.id, turn=turn.id, actor="ana",
        text=turn.text.replace("social investment fund", "social investors' fund"),
        revision=transcript_revision(session, doc.id),
    )  # fmt: skip

    # The funding coding has the corrected word in place of the old one; others the same.
    after = _coded_words(session, doc.id)
    funding = recorded.codings["Funding"].id
    assert after[funding] == [
        "The", "funding", "came", "from", "a", "social", "investors'", "fund.",
    ]  # fmt: skip
    assert {k: v for k, v in after.items() if k != funding} == {
        k: v for k, v in before.items() if k != funding
    }
    assert [(c.id, c.fate) for c in outcome.codings] == [(funding, "reworded")]
    # The corrected word takes the old one's time and is no longer unsure.
    words = _words(session, doc.id)
    assert len(words) == len(old_words)
    [corrected] = [w for w in words if w[0] == "investors'"]
    [old] = [w for w in old_words if w[0] == "investment"]
    assert corrected[1:3] == old[1:3] and corrected[3] is None
    assert [w[1] for w in words] == [w[1] for w in old_words]
    # Search finds the new word and no longer the old one; later turns still found.
    assert _hits(session, "investors") == ["investors"]
    assert _hits(session, "investment") == []
    assert _hits(session, "member") == ["member"]
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None and event.action == "correct-turn" and event.actor == "ana"


def test_transcript_edits_correct_turn_adding_and_removing_words(
    session: Session, recorded: Recorded
) -> None:
    doc = recorded.document
    before = _coded_words(session, doc.id)
    first, second = load_document(session, doc.id).segments[:2]
    correct_turn(session, document=doc.id, turn=first.id, text="So how did it all start?")
    correct_turn(
        session, document=doc.id, turn=second.id,
        text=second.text.replace("We did it under", "We did under"),
    )  # fmt: skip
    assert _coded_words(session, doc.id) == before
    words = _words(session, doc.id)
    assert [w[0] for w in words[:6]] == ["So", "how", "did", "it", "all", "start?"]
    # Added words take the time before the first word and the pause between words.
    assert words[0][1] <= words[1][1] and words[4][1] >= words[3][2]
    assert "it" not in [w[0] for w in words[6:9]]
    texts = _turn_texts(session, doc.id)
    assert texts[0] == ("Speaker 1", "So how did it all start?")
    assert texts[1][1].startswith("We did under the radar 😀")


def test_transcript_edits_correction_across_a_coding_end_is_refused_naming_it(
    session: Session, recorded: Recorded
) -> None:
    doc = recorded.document
    text = doc.text
    # A coding that begins half-way through "radar".
    partial = Coding(
        document_id=doc.id, code_id=recorded.codes["Freedom"].id,
        start=text.index("dar 😀"), end=text.index("dar 😀") + 5,
    )  # fmt: skip
    session.add(partial)
    session.commit()
    turn = load_document(session, doc.id).segments[1]
    events = session.scalar(select(func.count()).select_from(AuditEvent))

    with pytest.raises(InvalidInput) as refused:
        correct_turn(
            session, document=doc.id, turn=turn.id,
            text=turn.text.replace("radar", "radio"),
        )  # fmt: skip

    assert f"coding {partial.id} (Freedom" in str(refused.value)
    assert "\u201cdar 😀\u201d" in str(refused.value)
    session.expire_all()
    assert session.get(Document, doc.id).text == text  # type: ignore[union-attr]
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == events


def test_transcript_edits_split_then_give_the_question_back_to_the_interviewer(
    session: Session, recorded: Recorded
) -> None:
    doc = recorded.document
    before = _coded_words(session, doc.id)
    old_times = [w[1:] for w in _words(session, doc.id)]
    turn = load_document(session, doc.id).segments[1]
    question = doc.text.index("So what about")

    first = split_turn(session, document=doc.id, turn=turn.id, at=question)
    second = split_turn(
        session, document=doc.id, turn=first.new_turn_id or 0,
        at=load_document(session, doc.id).text.index("The funding came"),
    )  # fmt: skip
    set_turn_speaker(session, document=doc.id, turn=first.new_turn_id or 0, speaker="Speaker 1")

    assert _turn_texts(session, doc.id)[1:4] == [
        ("Speaker 2", "We did it under the radar 😀 and all."),
        ("Speaker 1", "So what about the funding?"),
        ("Speaker 2", "The funding came from a social investment fund."),
    ]
    text = load_document(session, doc.id).text
    assert "all.\n\nSpeaker 1: So what about the funding?\n\nSpeaker 2: The funding" in text
    assert _coded_words(session, doc.id) == before
    assert [w[1:] for w in _words(session, doc.id)] == old_times
    segments = load_document(session, doc.id).segments
    assert [s.position for s in segments] == list(range(7))
    # Times: each part from its first word to its last.
    assert segments[1].time_end is not None and segments[2].time_start is not None
    assert segments[1].time_end < segments[2].time_start < segments[3].time_start  # type: ignore[operator]
    assert second.summary.startswith("Turn 3 split in two before")
    hits = search_segments(session, '"what about the funding"')
    assert [h.speaker for h in hits] == ["Speaker 1"]
    assert [h.speaker for h in search_segments(session, "investment")] == ["Speaker 2"]


def test_transcript_edits_merge_keeps_words_of_a_coding_across_the_turns(
    session: Session, recorded: Recorded
) -> None:
    doc = recorded.document
    before = _coded_words(session, doc.id)
    segments = load_document(session, doc.id).segments
    ownership = recorded.codings["Ownership"].id

    outcome = merge_turns(session, document=doc.id, turn=segments[3].id)

    assert _turn_texts(session, doc.id)[3:] == [
        ("Speaker 2", "They own it now. Every one of them is a member.")
    ]
    assert _coded_words(session, doc.id) == before
    session.expire_all()
    coding = session.get(Coding, ownership)
    text = load_document(session, doc.id).text
    assert (
        coding is not None
        and text[coding.start : coding.end] == "They own it now. Every one of them"
    )
    assert [(c.id, c.fate) for c in outcome.codings] == [(ownership, "relabelled")]
    merged = load_document(session, doc.id).segments[3]
    assert (merged.time_start, merged.time_end) == (segments[3].time_start, segments[4].time_end)
    assert [h.speaker for h in search_segments(session, '"now every one"')] == ["Speaker 2"]


def test_transcript_edits_set_speaker_rewrites_the_label_and_takes_the_participant(
    session: Session, recorded: Recorded
) -> None:
    doc = recorded.document
    manager = make_participant(session, "Case 3 manager", role="manager")
    before = _coded_words(session, doc.id)
    segments = load_document(session, doc.id).segments
    set_turn_speaker(
        session,
        document=doc.id,
        turn=segments[3].id,
        speaker="Manager",
        participant="Case 3 manager",
    )
    set_turn_speaker(session, document=doc.id, turn=segments[4].id, speaker="Manager")

    view = load_document(session, doc.id)
    assert [(s.speaker, s.participant) for s in view.segments[3:]] == [
        ("Manager", "Case 3 manager"), ("Manager", "Case 3 manager"),
    ]  # fmt: skip
    assert "\n\nManager: They own it now.\n\nManager: Every one" in view.text
    assert _coded_words(session, doc.id) == before
    assert manager.id == view.segments[4].participant_id
    with pytest.raises(InvalidInput, match="already Manager's"):
        set_turn_speaker(session, document=doc.id, turn=segments[4].id, speaker="Manager")


def test_transcript_edits_stale_revision_is_refused_naming_the_other_edit(
    session: Session, recorded: Recorded
) -> None:
    doc = recorded.document
    seen = transcript_revision(session, doc.id)
    segments = load_document(session, doc.id).segments
    merge_turns(session, document=doc.id, turn=segments[3].id, revision=seen, actor="ben")
    text = load_document(session, doc.id).text

    with pytest.raises(Conflict) as clash:
        correct_turn(
            session, document=doc.id, turn=segments[0].id, text="How did it begin?",
            revision=seen, actor="ana",
        )  # fmt: skip

    assert "ben merged two turns (turn 4)" in str(clash.value)
    assert "Nothing was saved" in str(clash.value)
    assert load_document(session, doc.id).text == text


def test_transcript_edits_two_editors_at_once_one_saved_one_told(
    project: Project, session: Session, recorded: Recorded
) -> None:
    doc_id = recorded.document.id
    seen = transcript_revision(session, doc_id)
    segments = load_document(session, doc_id).segments
    session.rollback()
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def edit(name: str, turn: int, text: str) -> None:
        with project.session() as own:
            barrier.wait()
            try:
                results[name] = correct_turn(
                    own, document=doc_id, turn=turn, text=text, revision=seen, actor=name
                )
            except Exception as error:
                results[name] = error

    threads = [
        threading.Thread(target=edit, args=("ana", segments[0].id, "How did it begin?")),
        threading.Thread(target=edit, args=("ben", segments[2].id, "And the staff then?")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    refused = [r for r in results.values() if isinstance(r, Conflict)]
    assert len(results) == 2 and len(refused) == 1, results
    session.rollback()  # a fresh look, past this session's earlier reads
    texts = [t for _, t in _turn_texts(session, doc_id)]
    assert ("How did it begin?" in texts) != ("And the staff then?" in texts)
