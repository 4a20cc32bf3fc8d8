"""A project's passage vectors in memory: one float32 matrix and the passages' places,
ranked by brute-force dot products (the vectors are unit length, so a dot product is
the cosine). Read once per process and kept while the stored vectors are unchanged
(their count and highest id), so a server answers searches without reading them again.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mutualscope.errors import InvalidInput
from mutualscope.storage.assist import PassageEmbedding, vectors_from_bytes
from mutualscope.storage.cases import Case, Participant
from mutualscope.storage.documents import Document, Segment

READ_BATCH = 20_000
MAX_PROJECTS = 4
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class PassageVectors:
    """Passages in document order, row for row with ``matrix``."""

    model: str
    ids: IntArray
    segment_ids: IntArray
    document_ids: IntArray
    starts: IntArray
    ends: IntArray
    hashes: list[str]
    matrix: npt.NDArray[np.float32]

    def __len__(self) -> int:
        return len(self.ids)

    def rows_of(self, passage_ids: Collection[int]) -> IntArray:
        wanted = np.fromiter(passage_ids, dtype=np.int64)
        found: IntArray = np.nonzero(np.isin(self.ids, wanted))[0]
        return found


def top_rows(scores: npt.NDArray[np.float64], count: int) -> npt.NDArray[np.int64]:
    """Positions of the ``count`` highest scores, highest first (ties: earlier first)."""
    if count < len(scores):
        chosen = np.argpartition(-scores, count - 1)[:count]
        order: npt.NDArray[np.int64] = chosen[np.lexsort((chosen, -scores[chosen]))]
        return order
    return np.argsort(-scores, kind="stable")


_cache: dict[tuple[str, str], tuple[tuple[Any, ...], PassageVectors]] = {}
_lock = threading.Lock()


def _stamp(session: Session, model: str) -> tuple[Any, ...]:
    """Changes whenever a vector is added or deleted. Two queries over the whole table
    (any model): the highest id from the key, the count from the smallest index; a
    count by model would read the model's name in every index entry, ten times slower."""
    highest = session.scalar(select(func.max(PassageEmbedding.id)))
    count = session.scalar(select(func.count()).select_from(PassageEmbedding))
    return (count, highest)


def load_vectors(session: Session, model: str, dimensions: int) -> PassageVectors:
    """The stored vectors of ``model``; InvalidInput when there are none yet."""
    key = (str(session.get_bind().engine.url), model)
    stamp = _stamp(session, model)
    with _lock:
        cached = _cache.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    if not stamp[0] or not session.scalar(
        select(PassageEmbedding.id).where(PassageEmbedding.model == model).limit(1)
    ):
        raise InvalidInput(
            f"No passages are indexed for the model {model!r} yet: run `mutualscope assist "
            "index` first (and again after imports)."
        )
    vectors = _read(session, model, dimensions)
    with _lock:
        _cache.pop(key, None)
        _cache[key] = (stamp, vectors)
        while len(_cache) > MAX_PROJECTS:
            del _cache[next(iter(_cache))]
    return vectors


def _read(session: Session, model: str, dimensions: int) -> PassageVectors:
    places: list[tuple[int, int, int, int, int]] = []
    hashes: list[str] = []
    blocks: list[npt.NDArray[np.float32]] = []
    last = 0
    # In key order, every model's rows, the others skipped here: a condition on the
    # model would make SQLite read through the (model, hash) index and sort, jumping
    # about a table of large rows (ten times slower at 100,000 passages).
    while True:
        rows = session.execute(
            select(
                PassageEmbedding.id, PassageEmbedding.segment_id, PassageEmbedding.document_id,
                PassageEmbedding.start, PassageEmbedding.end, PassageEmbedding.text_hash,
                PassageEmbedding.vector, PassageEmbedding.model,
            )
            .where(PassageEmbedding.id > last)
            .order_by(PassageEmbedding.id)
            .limit(READ_BATCH)
        ).all()  # fmt: skip
        if not rows:
            break
        last = rows[-1][0]
        rows = [r for r in rows if r[7] == model]
        places.extend((r[0], r[1], r[2], r[3], r[4]) for r in rows)
        hashes.extend(r[5] for r in rows)
        blocks.append(vectors_from_bytes([bytes(r[6]) for r in rows], dimensions))
    unsorted = np.array(places, dtype=np.int64).reshape(-1, 5)
    order = np.lexsort((unsorted[:, 0], unsorted[:, 3], unsorted[:, 2]))
    table = unsorted[order]
    matrix = np.vstack(blocks)[order] if blocks else np.zeros((0, dimensions), np.float32)
    if matrix.shape[1] != dimensions:
        raise InvalidInput(
            f"The stored vectors of {model!r} have {matrix.shape[1]} dimensions, the model "
            f"{dimensions}: run `mutualscope assist index --rebuild`."
        )
    return PassageVectors(
        model=model,
        ids=table[:, 0],
        segment_ids=table[:, 1],
        document_ids=table[:, 2],
        starts=table[:, 3],
        ends=table[:, 4],
        hashes=[hashes[i] for i in order.tolist()],
        matrix=np.ascontiguousarray(matrix),
    )


@dataclass(frozen=True)
class TurnFacts:
    """Who spoke each turn, as ``search`` filters them: role, case (the document's,
    else the speaker's) and that case's organisation."""

    role: dict[int, str | None]
    case_id: dict[int, int | None]
    organisation_id: dict[int, int | None]


def turn_facts(session: Session, segment_ids: Collection[int]) -> TurnFacts:
    role: dict[int, str | None] = {}
    case_id: dict[int, int | None] = {}
    organisation_id: dict[int, int | None] = {}
    case_org = dict(session.execute(select(Case.id, Case.organisation_id)).all())
    ids = list(segment_ids)
    for first in range(0, len(ids), 5000):
        query = (
            select(
                Segment.id, Participant.role, func.coalesce(Document.case_id, Participant.case_id)
            )
            .join(Document, Document.id == Segment.document_id)
            .outerjoin(Participant, Participant.id == Segment.participant_id)
            .where(Segment.id.in_(ids[first : first + 5000]))
        )
        for seg_id, seg_role, seg_case in session.execute(query):
            role[seg_id] = seg_role
            case_id[seg_id] = seg_case
            organisation_id[seg_id] = case_org.get(seg_case) if seg_case is not None else None
    return TurnFacts(role, case_id, organisation_id)
