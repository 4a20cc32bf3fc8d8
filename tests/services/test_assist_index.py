"""assist index: every passage embedded once, incrementally, beside the data."""

from __future__ import annotations

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.assist_world import FakeModel, make_transcript

from mutualscope.services.assist.indexing import index_passages
from mutualscope.storage.assist import PassageEmbedding, vectors_from_bytes
from mutualscope.storage.documents import Document

LONG = " ".join(
    f"Sentence {n} is about the staff council and how it voted on the budget this year."
    for n in range(10)
)


def _world(session: Session) -> tuple[Document, Document]:
    first = make_transcript(
        session,
        [("Interviewer", "Did you take risks? 🙂"), ("CEO", "We took “risks” all the time.")],
        name="a.txt",
    )
    second = make_transcript(session, [("Nurse", LONG), ("Interviewer", "Thanks.")], name="b.txt")
    return first, second


def _stored(session: Session) -> list[tuple[int, str]]:
    rows = session.execute(
        select(PassageEmbedding.document_id, PassageEmbedding.start, PassageEmbedding.end)
    ).all()
    texts = dict(session.execute(select(Document.id, Document.text)).all())
    return sorted((d, texts[d][s:e]) for d, s, e in rows)


def test_assist_index_embeds_every_passage_once_with_its_words(session: Session) -> None:
    first, second = _world(session)
    model = FakeModel()

    summary = index_passages(session, model)

    stored = _stored(session)
    assert (first.id, "Did you take risks? 🙂") in stored
    assert (first.id, "We took “risks” all the time.") in stored
    long_pieces = [t for d, t in stored if d == second.id and t.startswith("Sentence")]
    assert len(long_pieces) > 1 and " ".join(long_pieces) == LONG
    assert summary.passages == summary.embedded == len(stored) == len(model.calls)
    vector = session.scalars(select(PassageEmbedding.vector)).first()
    assert vector is not None and len(vector) == 4 * model.dimensions
    assert np.isclose(np.linalg.norm(vectors_from_bytes([vector], model.dimensions)), 1.0)


def test_assist_index_run_again_embeds_nothing(session: Session) -> None:
    _world(session)
    model = FakeModel()
    index_passages(session, model)
    model.calls.clear()

    summary = index_passages(session, model)

    assert model.calls == []
    assert summary.embedded == summary.reused == summary.removed == 0
    assert summary.unchanged == summary.passages


def test_assist_index_new_document_embeds_only_its_passages(session: Session) -> None:
    _world(session)
    model = FakeModel()
    index_passages(session, model)
    model.calls.clear()
    make_transcript(session, [("Manager", "The surplus paid for a pilot.")], name="c.txt")

    summary = index_passages(session, model)

    assert model.calls == ["The surplus paid for a pilot."]
    assert summary.embedded == 1


def test_assist_index_edited_document_embeds_only_its_own_passages(session: Session) -> None:
    first, _ = _world(session)
    model = FakeModel()
    index_passages(session, model)
    model.calls.clear()
    # Same length, so the turns keep their offsets: "risks" becomes "perks".
    first.text = first.text.replace("“risks”", "“perks”")
    session.commit()

    summary = index_passages(session, model)

    assert sorted(model.calls) == ["Did you take risks? 🙂", "We took “perks” all the time."]
    assert (first.id, "We took “perks” all the time.") in _stored(session)
    assert not any("“risks”" in t for _, t in _stored(session))
    assert summary.unchanged == summary.passages - 2


def test_assist_index_same_words_elsewhere_take_the_cached_vector(session: Session) -> None:
    _world(session)
    model = FakeModel()
    index_passages(session, model)
    model.calls.clear()
    make_transcript(session, [("CEO", "We took “risks” all the time.")], name="copy.txt")

    summary = index_passages(session, model)

    assert model.calls == []
    assert summary.reused == 1 and summary.embedded == 0


def test_assist_index_deleted_document_loses_its_vectors(session: Session) -> None:
    first, _ = _world(session)
    model = FakeModel()
    index_passages(session, model)
    session.delete(first)
    session.commit()

    index_passages(session, model)

    assert all(d != first.id for d, _ in _stored(session))
