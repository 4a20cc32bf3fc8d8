"""``assist search``: passages ranked by meaning, with the hit shape of ``search``.

The question is embedded with the same model as the passages and every indexed passage
is ranked by cosine similarity (brute force over one matrix: at 100,000 turns a few
tens of milliseconds). One hit per turn, its best passage. ``hybrid`` mode fuses that
ranking with a keyword ranking of the question's content words (reciprocal rank
fusion), and is the default: with code definitions as questions it found the coded
passages better than meaning alone on both evaluation projects (docs/assist.md). Meaning
alone (``semantic``) is for questions whose words the passages do not share.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mutualscope.domain.choices import DEFAULT_SEARCH_MODE, SEARCH_MODES
from mutualscope.domain.keywords import keyword_prefixes, keyword_query, keyword_score
from mutualscope.errors import InvalidInput
from mutualscope.io.embeddings import EmbeddingModel
from mutualscope.io.stopwords import english_stopwords
from mutualscope.services.assist.filters import passage_mask
from mutualscope.services.assist.vectors import PassageVectors, load_vectors, top_rows
from mutualscope.services.search import MAX_LIMIT, SearchHit, _context, ensure_index
from mutualscope.storage.assist import PassageEmbedding
from mutualscope.storage.documents import Document, Segment
from mutualscope.storage.fulltext import SLOTS, passage_details, search_passages

MODES = SEARCH_MODES
DEFAULT_MODE = DEFAULT_SEARCH_MODE
#: Reciprocal rank fusion's constant (Cormack et al. 2009): 60 is the usual choice.
RRF_K = 60
#: Passages the keyword half of hybrid search reads, at most (evaluation's baseline).
KEYWORD_CANDIDATES = 2000
#: Passages closest in meaning that hybrid search ranks again with their words.
HYBRID_POOL = 300
_CONTEXT_WORDS = 8


@dataclass(frozen=True)
class SemanticHit(SearchHit):
    """A hit as ``search`` gives one, plus its score; ``match`` is the whole passage and
    ``start``/``end`` its offsets (``text[start:end]``)."""

    score: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _best_per_turn(vectors: PassageVectors, order: Sequence[int], limit: int) -> list[int]:
    seen: set[int] = set()
    chosen: list[int] = []
    for row in order:
        turn = int(vectors.segment_ids[row])
        if turn in seen:
            continue
        seen.add(turn)
        chosen.append(int(row))
        if len(chosen) == limit:
            break
    return chosen


def keyword_rows(
    session: Session,
    vectors: PassageVectors,
    prefixes: list[str],
    allowed: npt.NDArray[np.bool_],
    *,
    limit: int | None = KEYWORD_CANDIDATES,
) -> list[int]:
    """Rows with any of the prefixes, most prefixes first, found through the full-text
    index and scored on each passage's own words."""
    query = keyword_query(prefixes)
    if query is None:
        return []
    ensure_index(session)
    conn = session.connection()
    found = search_passages(conn, query, limit=limit or len(vectors) + 1)
    details = passage_details(conn, [p.passage_id for p in found])
    turn_rows: dict[int, list[int]] = {}
    for found_row in np.nonzero(np.isin(vectors.segment_ids, [p.segment_id for p in found]))[0]:
        turn_rows.setdefault(int(vectors.segment_ids[found_row]), []).append(int(found_row))
    scored: list[tuple[tuple[int, int], int]] = []
    for passage in found:
        text = details[passage.passage_id].text
        for row in turn_rows.get(passage.segment_id, []):
            start, end = int(vectors.starts[row]), int(vectors.ends[row])
            if not allowed[row] or start < passage.start or end > passage.end:
                continue
            words = text[start - passage.start : end - passage.start]
            score = keyword_score(words, prefixes)
            if score[0]:
                scored.append((score, row))
    scored.sort(key=lambda item: (-item[0][0], -item[0][1], item[1]))
    return [row for _, row in scored]


def passage_texts(
    session: Session, vectors: PassageVectors, rows: Sequence[int] | npt.NDArray[np.int64]
) -> list[str]:
    """The words of the given rows, sliced from their documents by the database."""
    ids = [int(vectors.ids[r]) for r in rows]
    texts: dict[int, str] = {}
    for first in range(0, len(ids), 500):
        query = (
            select(
                PassageEmbedding.id,
                func.substr(
                    Document.text, PassageEmbedding.start + 1,
                    PassageEmbedding.end - PassageEmbedding.start,
                ),
            )
            .join(Document, Document.id == PassageEmbedding.document_id)
            .where(PassageEmbedding.id.in_(ids[first : first + 500]))
        )  # fmt: skip
        texts.update((int(i), t or "") for i, t in session.execute(query))
    return [texts.get(i, "") for i in ids]


def rank_passages(
    session: Session,
    model: EmbeddingModel,
    question: str,
    *,
    mode: str = DEFAULT_MODE,
    case: str | None = None,
    role: str | None = None,
    where: Sequence[str] = (),
    pool: int | None = None,
) -> tuple[PassageVectors, list[int], npt.NDArray[np.float64]]:
    """The best ``pool`` rows the filters keep (all of them when None), best first, and
    every row's score (cosine; in hybrid, the fused score of the rows ranked).

    Hybrid ranks the :data:`HYBRID_POOL` rows closest in meaning (or ``pool``, if more)
    again, fusing their semantic ranks with their keyword ranks; the rows below keep
    their order by meaning. A passage far from the question in meaning is not brought
    back by its words alone."""
    if mode not in MODES:
        raise InvalidInput(f"--mode must be one of {', '.join(MODES)}, not {mode!r}.")
    if not question.strip():
        raise InvalidInput("The question is empty: write what the passages should be about.")
    vectors = load_vectors(session, model.name, model.dimensions)
    mask = passage_mask(session, vectors, case=case, role=role, where=where)
    cosine = (vectors.matrix @ model.embed([question])[0]).astype(np.float64)
    kept = len(vectors)
    if mask is not None:
        cosine[~mask] = -np.inf
        kept = int(mask.sum())
    wanted = kept if pool is None else min(pool, kept)
    if mode == "semantic":
        return vectors, [int(r) for r in top_rows(cosine, wanted)], cosine
    semantic = top_rows(cosine, min(kept, max(pool or 0, HYBRID_POOL)))
    prefixes = keyword_prefixes(question, english_stopwords())
    words = passage_texts(session, vectors, semantic) if prefixes else []
    keyword = sorted(
        (score, position)
        for position, text in enumerate(words)
        if (score := keyword_score(text, prefixes))[0]
    )
    # Below the re-ranked rows, the rest keep their order by meaning (fused scores are
    # positive, these negative).
    fused = np.where(np.isfinite(cosine), cosine - 2.0, -np.inf)
    fused[semantic] = 1.0 / (RRF_K + np.arange(1, len(semantic) + 1))
    by_keywords = sorted(keyword, key=lambda item: (-item[0][0], -item[0][1], item[1]))
    for rank, (_, position) in enumerate(by_keywords, start=1):
        fused[semantic[position]] += 1.0 / (RRF_K + rank)
    return vectors, [int(r) for r in top_rows(fused, wanted)], fused


def semantic_search(
    session: Session,
    model: EmbeddingModel,
    question: str,
    *,
    mode: str = DEFAULT_MODE,
    case: str | None = None,
    role: str | None = None,
    where: Sequence[str] = (),
    context: int = _CONTEXT_WORDS,
    limit: int = 20,
) -> list[SemanticHit]:
    """The ``limit`` turns whose passages are closest in meaning to ``question``."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"--limit must be between 1 and {MAX_LIMIT}, not {limit}.")
    if context < 0:
        raise InvalidInput(f"--context must be 0 or more words, not {context}.")
    pool = limit * 10
    while True:
        vectors, order, scores = rank_passages(
            session, model, question, mode=mode, case=case, role=role, where=where, pool=pool
        )
        rows = _best_per_turn(vectors, order, limit)
        # Long turns have several passages: look further down until enough turns.
        if len(rows) == limit or len(order) < pool:
            break
        pool *= 4
    hits = hits_for_rows(session, vectors, rows, [float(scores[r]) for r in rows], context)
    session.commit()
    return hits


def hits_for_rows(
    session: Session,
    vectors: PassageVectors,
    rows: Sequence[int],
    scores: Sequence[float],
    context: int = _CONTEXT_WORDS,
) -> list[SemanticHit]:
    """Hits for rows of ``vectors``, each with its turn's speaker, role, case and words."""
    ensure_index(session)
    # A turn's first full-text passage carries its speaker, role and case; the words
    # around a passage are read from the turn's full-text passages.
    turn_ids = {int(vectors.segment_ids[r]) for r in rows}
    details = passage_details(session.connection(), [t * SLOTS for t in turn_ids])
    texts = _turn_texts(session, turn_ids)
    hits = []
    for row, score in zip(rows, scores, strict=True):
        turn = int(vectors.segment_ids[row])
        detail = details.get(turn * SLOTS)
        turn_start, turn_text = texts[turn]
        start, end = int(vectors.starts[row]), int(vectors.ends[row])
        left, match, right = _context(turn_text, start - turn_start, end - turn_start, context)
        hits.append(
            SemanticHit(
                document=detail.document if detail else "",
                document_id=int(vectors.document_ids[row]),
                segment_id=turn,
                start=start,
                end=end,
                speaker=detail.speaker if detail else None,
                participant=detail.participant if detail else None,
                role=detail.role if detail else None,
                case=detail.case if detail else None,
                time_start=detail.time_start if detail else None,
                left=left,
                match=match,
                right=right,
                score=round(score, 4),
            )
        )
    return hits


def _turn_texts(session: Session, turn_ids: set[int]) -> dict[int, tuple[int, str]]:
    """Each turn's start offset and words, sliced by the database."""
    if not turn_ids:
        return {}
    query = (
        select(
            Segment.id, Segment.start,
            func.substr(Document.text, Segment.start + 1, Segment.end - Segment.start),
        )
        .join(Document, Document.id == Segment.document_id)
        .where(Segment.id.in_(turn_ids))
    )  # fmt: skip
    return {int(i): (int(start), words or "") for i, start, words in session.execute(query)}
