"""``assist index``: a vector for every passage of every turn, kept up to date.

Incremental: a passage whose words, place and model are unchanged keeps its vector; a
passage whose text was embedded before (anywhere in the project, same model) takes that
vector without running the model; only text never seen is embedded. Vectors of passages
that are gone are deleted (the database itself deletes those of changed documents and
moved turns, migration 0010). Work is committed every :data:`COMMIT_EVERY` passages, so
an interrupted run keeps what it did and the next run goes on from there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any, NamedTuple

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from mutualscope.domain.embedding_passages import passage_spans
from mutualscope.io.embeddings import EmbeddingModel, text_hash
from mutualscope.storage.assist import PassageEmbedding, vector_bytes
from mutualscope.storage.documents import Document, Segment

COMMIT_EVERY = 1024
#: Documents whose text is read at once.
DOCUMENT_BATCH = 50
#: ``(done, total)`` passages that needed the model.
Progress = Callable[[int, int], None]


class _Wanted(NamedTuple):
    segment_id: int
    document_id: int
    start: int
    end: int
    text_hash: str
    text: str


@dataclass(frozen=True)
class IndexSummary:
    """What a run did: passages in the project, newly embedded, given a cached vector,
    left as they were, and vectors removed."""

    model: str
    passages: int
    embedded: int
    reused: int
    unchanged: int
    removed: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _documents(session: Session) -> Iterator[tuple[int, str, list[tuple[int, int, int]]]]:
    """Each document's id, text and turns (id, start, end), a batch of texts at a time."""
    turns: dict[int, list[tuple[int, int, int]]] = {}
    query = select(Segment.document_id, Segment.id, Segment.start, Segment.end).order_by(
        Segment.document_id, Segment.start, Segment.id
    )
    for doc_id, seg_id, start, end in session.execute(query):
        turns.setdefault(doc_id, []).append((seg_id, start, end))
    ids = sorted(turns)
    for first in range(0, len(ids), DOCUMENT_BATCH):
        chosen = ids[first : first + DOCUMENT_BATCH]
        texts = dict(
            session.execute(select(Document.id, Document.text).where(Document.id.in_(chosen))).all()
        )
        for doc_id in chosen:
            if doc_id in texts:
                yield doc_id, texts[doc_id], turns[doc_id]


def wanted_passages(session: Session) -> list[_Wanted]:
    """Every passage the project's turns have now, in document order."""
    wanted = []
    for doc_id, text, turns in _documents(session):
        for seg_id, seg_start, seg_end in turns:
            for start, end in passage_spans(text, seg_start, seg_end):
                words = text[start:end]
                wanted.append(_Wanted(seg_id, doc_id, start, end, text_hash(words), words))
    return wanted


def index_passages(
    session: Session, model: EmbeddingModel, *, progress: Progress | None = None
) -> IndexSummary:
    """Bring the project's passage vectors for ``model`` up to date."""
    wanted = wanted_passages(session)
    existing = session.execute(
        select(
            PassageEmbedding.id, PassageEmbedding.segment_id, PassageEmbedding.start,
            PassageEmbedding.end, PassageEmbedding.text_hash,
        ).where(PassageEmbedding.model == model.name)
    ).all()  # fmt: skip
    by_place = {(r.segment_id, r.start, r.end, r.text_hash): r.id for r in existing}
    cached_id = {r.text_hash: r.id for r in existing}
    kept: set[int] = set()
    missing: list[_Wanted] = []
    for item in wanted:
        row_id = by_place.get((item.segment_id, item.start, item.end, item.text_hash))
        if row_id is None or row_id in kept:
            missing.append(item)
        else:
            kept.add(row_id)
    reusable = {h: cached_id[h] for h in {m.text_hash for m in missing} if h in cached_id}
    vectors: dict[str, bytes] = {}
    ids = list(reusable.values())
    for first in range(0, len(ids), 500):
        rows = session.execute(
            select(PassageEmbedding.text_hash, PassageEmbedding.vector).where(
                PassageEmbedding.id.in_(ids[first : first + 500])
            )
        )
        vectors.update(rows.all())
    stale = [r.id for r in existing if r.id not in kept]
    for first in range(0, len(stale), 500):
        session.execute(
            delete(PassageEmbedding).where(PassageEmbedding.id.in_(stale[first : first + 500]))
        )
    reused = [m for m in missing if m.text_hash in vectors]
    _insert(session, model.name, reused, vectors)
    session.commit()
    fresh: dict[str, str] = {}
    for item in missing:
        if item.text_hash not in vectors:
            fresh.setdefault(item.text_hash, item.text)
    _embed_new(session, model, missing, fresh, vectors, progress)
    return IndexSummary(
        model=model.name,
        passages=len(wanted),
        embedded=len(fresh),
        reused=len(missing) - len(fresh),
        unchanged=len(kept),
        removed=len(stale),
    )


def _embed_new(
    session: Session,
    model: EmbeddingModel,
    missing: list[_Wanted],
    fresh: dict[str, str],
    vectors: dict[str, bytes],
    progress: Progress | None,
) -> None:
    """Embed the new texts a batch at a time, storing each batch's passages as it goes."""
    waiting: dict[str, list[_Wanted]] = {}
    for item in missing:
        if item.text_hash in fresh:
            waiting.setdefault(item.text_hash, []).append(item)
    hashes = list(fresh)
    total = len(hashes)
    if progress is not None:
        progress(0, total)
    for first in range(0, total, COMMIT_EVERY):
        chosen = hashes[first : first + COMMIT_EVERY]
        matrix = model.embed([fresh[h] for h in chosen])
        for h, vector in zip(chosen, matrix, strict=True):
            vectors[h] = vector_bytes(vector)
        _insert(session, model.name, [i for h in chosen for i in waiting[h]], vectors)
        session.commit()
        if progress is not None:
            progress(min(first + COMMIT_EVERY, total), total)


def _insert(
    session: Session, model_name: str, items: list[_Wanted], vectors: dict[str, bytes]
) -> None:
    if not items:
        return
    session.execute(
        insert(PassageEmbedding),
        [
            {
                "segment_id": i.segment_id, "document_id": i.document_id, "start": i.start,
                "end": i.end, "model": model_name, "text_hash": i.text_hash,
                "vector": vectors[i.text_hash],
            }
            for i in items
        ],
    )  # fmt: skip


def forget_vectors(session: Session, model_name: str | None = None) -> int:
    """Delete every stored vector (of one model, or of all). Returns how many."""
    statement = delete(PassageEmbedding)
    if model_name is not None:
        statement = statement.where(PassageEmbedding.model == model_name)
    count = getattr(session.execute(statement), "rowcount", 0)
    session.commit()
    return int(count or 0)
