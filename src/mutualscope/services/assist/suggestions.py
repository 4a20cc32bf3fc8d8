"""``assist suggest``, ``accept`` and ``reject``: passages a code may fit, for a person to
decide on.

Candidates are the indexed passages that no coding of the code touches and that nobody
rejected for it (a rejection sticks to the passage's words, wherever they move). They
are ranked by similarity to the code's name and definition and to its coded passages,
with rejected passages as counter-examples (:mod:`mutualscope.domain.similarity`).

Each suggestion is stored (``assist_suggestion``) so that ``accept ID`` and
``reject ID`` can name it. Accepting one makes an ordinary coding, coded by the person
who accepted it, with a memo saying it was suggested (model, method, score) so that the
mark travels with the coding into exports; the suggestion row keeps the same facts and
the coding's id. A new ``suggest`` for a code replaces its suggestions still open.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mutualscope.domain.choices import SUGGESTION_AUTO, SUGGESTION_METHODS
from mutualscope.domain.similarity import (
    BACKGROUND_SAMPLE,
    apply_scorer,
    centroid_scorer,
    logistic_scorer,
)
from mutualscope.errors import Conflict, InvalidInput, NotFound
from mutualscope.io.embeddings import EmbeddingModel, text_hash
from mutualscope.services.assist.coded import code_spans, overlapping_rows
from mutualscope.services.assist.semantic_search import hits_for_rows
from mutualscope.services.assist.vectors import PassageVectors, load_vectors, top_rows
from mutualscope.services.audit import current_actor, record_event
from mutualscope.services.code_index import CodeIndex
from mutualscope.services.codings import save_coding
from mutualscope.storage.assist import ACCEPTED, OPEN, REJECTED, AssistSuggestion
from mutualscope.storage.base import utcnow
from mutualscope.storage.codebook import Code
from mutualscope.storage.documents import Document

CENTROID, LOGISTIC = METHODS = SUGGESTION_METHODS
AUTO = SUGGESTION_AUTO
#: ``auto`` (the default) takes the regression for a code with at least this many coded
#: passages and the centroid below: measured on the two evaluation projects
#: (docs/assist.md), the regression needs examples, the centroid does with few.
AUTO_MIN_PASSAGES = 5
DEFAULT_METHOD = AUTO
MAX_TOP = 1000


@dataclass(frozen=True)
class Suggestion:
    """A suggested passage, with where it is and who said it; ``text`` is
    ``document.text[start:end]``."""

    id: int
    code: str
    score: float
    document: str
    document_id: int
    start: int
    end: int
    speaker: str | None
    role: str | None
    case: str | None
    text: str
    status: str
    method: str
    model: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_REFERENCE = re.compile(r"^\s*\([^)]*\)\s*")


def code_text(code: Code) -> str:
    """What the model reads for a code: its name, then its definition (without a
    leading reference to a report's section such as "(5.3.1)")."""
    definition = _REFERENCE.sub("", code.definition or "").strip()
    return f"{code.name}. {definition}" if definition else code.name


def score_candidates(
    vectors: PassageVectors,
    candidates: npt.NDArray[np.int64],
    positives: npt.NDArray[np.int64],
    definition: npt.NDArray[np.float32] | None,
    *,
    method: str,
    negatives: npt.NDArray[np.int64] | None = None,
) -> npt.NDArray[np.float64]:
    """Scores of the candidate rows; the regression's background is a sample of them.
    One product of the whole matrix with the code's direction: no copy of the rows."""
    matrix = vectors.matrix
    negative_matrix = matrix[negatives] if negatives is not None and len(negatives) else None
    if method == CENTROID:
        scorer = centroid_scorer(matrix[positives], negative_matrix, definition)
    elif method == LOGISTIC:
        sample = candidates
        if len(candidates) > BACKGROUND_SAMPLE:
            sample = np.sort(np.random.default_rng(0).choice(candidates, BACKGROUND_SAMPLE, False))
        scorer = logistic_scorer(matrix[positives], matrix[sample], negative_matrix, definition)
    else:
        raise InvalidInput(f"--method must be one of {', '.join(METHODS)}, not {method!r}.")
    scores: npt.NDArray[np.float64] = apply_scorer(matrix, scorer)[candidates]
    return scores


def suggest_codings(
    session: Session,
    model: EmbeddingModel,
    code_path: str,
    *,
    top: int = 10,
    method: str = DEFAULT_METHOD,
    document_id: int | None = None,
) -> list[Suggestion]:
    """The ``top`` passages most like the code that are neither coded with it nor
    rejected for it, stored as open suggestions (replacing the code's open ones); with
    ``document_id``, only that document's passages (and its open suggestions)."""
    if not 1 <= top <= MAX_TOP:
        raise InvalidInput(f"--top must be between 1 and {MAX_TOP}, not {top}.")
    if method not in (*METHODS, AUTO):
        raise InvalidInput(f"--method must be one of {', '.join(METHODS)}, auto, not {method!r}.")
    codes = CodeIndex.load(session)
    code = codes.resolve(code_path)
    vectors = load_vectors(session, model.name, model.dimensions)
    coded = overlapping_rows(vectors, code_spans(session, code.id))
    rejected_hashes = set(
        session.scalars(
            select(AssistSuggestion.text_hash).where(
                AssistSuggestion.code_id == code.id, AssistSuggestion.status == REJECTED
            )
        )
    )
    rejected = (
        {i for i, h in enumerate(vectors.hashes) if h in rejected_hashes}
        if rejected_hashes
        else set()
    )
    keep = np.ones(len(vectors), dtype=bool)
    keep[list(coded | rejected)] = False
    if document_id is not None:
        keep &= vectors.document_ids == document_id
    candidates = np.flatnonzero(keep)
    if not len(candidates):
        return []
    if method == AUTO:
        method = LOGISTIC if len(coded) >= AUTO_MIN_PASSAGES else CENTROID
    definition = model.embed([code_text(code)])
    scores = score_candidates(
        vectors, candidates, np.array(sorted(coded), dtype=np.int64), definition,
        method=method, negatives=np.array(sorted(rejected), dtype=np.int64),
    )  # fmt: skip
    best = top_rows(scores, top)
    rows = [int(candidates[i]) for i in best]
    row_scores = [float(scores[i]) for i in best]
    replaced = delete(AssistSuggestion).where(
        AssistSuggestion.code_id == code.id, AssistSuggestion.status == OPEN
    )
    if document_id is not None:
        replaced = replaced.where(AssistSuggestion.document_id == document_id)
    session.execute(replaced)
    stored = []
    for row, score in zip(rows, row_scores, strict=True):
        suggestion = AssistSuggestion(
            code_id=code.id, document_id=int(vectors.document_ids[row]),
            segment_id=int(vectors.segment_ids[row]), start=int(vectors.starts[row]),
            end=int(vectors.ends[row]), text_hash=vectors.hashes[row], model=model.name,
            method=method, score=round(score, 4), status=OPEN,
        )  # fmt: skip
        session.add(suggestion)
        stored.append(suggestion)
    session.flush()
    hits = hits_for_rows(session, vectors, rows, row_scores, context=0)
    path = codes.path(code.id)
    result = [
        Suggestion(
            id=s.id, code=path, score=s.score, document=h.document, document_id=h.document_id,
            start=h.start, end=h.end, speaker=h.speaker, role=h.role, case=h.case,
            text=_passage_text(session, s), status=s.status, method=method, model=model.name,
        )
        for s, h in zip(stored, hits, strict=True)
    ]  # fmt: skip
    session.commit()
    return result


def _passage_text(session: Session, suggestion: AssistSuggestion) -> str:
    text = session.scalar(select(Document.text).where(Document.id == suggestion.document_id))
    return (text or "")[suggestion.start : suggestion.end]


def _open_suggestion(session: Session, suggestion_id: int) -> AssistSuggestion:
    suggestion = session.get(AssistSuggestion, suggestion_id)
    if suggestion is None:
        raise NotFound(
            f"No suggestion {suggestion_id}: `mutualscope assist suggest CODE` lists them "
            "with their ids."
        )
    if suggestion.status != OPEN:
        raise Conflict(
            f"Suggestion {suggestion_id} was {suggestion.status} already, by "
            f"{suggestion.decided_by or 'someone'}."
        )
    words = _passage_text(session, suggestion)
    if text_hash(words) != suggestion.text_hash:
        raise Conflict(
            f"Suggestion {suggestion_id}: the passage's words have changed since it was "
            "suggested; run `mutualscope assist index` and `assist suggest` again."
        )
    return suggestion


@dataclass(frozen=True)
class Decision:
    """What became of a suggestion: the coding an accepted one made."""

    suggestion_id: int
    status: str
    code: str
    document: str
    start: int
    end: int
    text: str
    coding_id: int | None
    decided_by: str
    decided_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def accept_suggestion(
    session: Session, suggestion_id: int, *, coder: str | None = None, actor: str | None = None
) -> Decision:
    """Code the suggested passage with its code, coded by ``coder`` (default: whoever
    runs this), with a memo saying it was suggested; the suggestion names the coding."""
    suggestion = _open_suggestion(session, suggestion_id)
    person = coder or current_actor(session, actor)
    path = CodeIndex.load(session).path(suggestion.code_id)
    memo = (
        f"Suggested by {suggestion.model} ({suggestion.method}, score "
        f"{suggestion.score:.3f}); accepted by {person}."
    )
    suggestion.status = ACCEPTED
    suggestion.decided_by = person
    suggestion.decided_at = utcnow()
    saved = save_coding(
        session, suggestion.document_id, path, start=suggestion.start, end=suggestion.end,
        coder=person, memo=memo, actor=actor or person,
    )  # fmt: skip
    suggestion = session.get(AssistSuggestion, suggestion_id) or suggestion
    suggestion.coding_id = saved.coding.id
    record_event(
        session, action="accept", entity_type="assist_suggestion", entity_id=suggestion.id,
        after={"code": path, "coding_id": saved.coding.id, "score": suggestion.score,
               "model": suggestion.model, "method": suggestion.method},
        actor=actor or person,
    )  # fmt: skip
    session.commit()
    return _decision(session, suggestion, path)


def reject_suggestion(
    session: Session, suggestion_id: int, *, actor: str | None = None
) -> Decision:
    """Mark the suggestion rejected: its words are never suggested for the code again,
    and they count against passages like them in later suggestions."""
    suggestion = _open_suggestion(session, suggestion_id)
    path = CodeIndex.load(session).path(suggestion.code_id)
    suggestion.status = REJECTED
    suggestion.decided_by = current_actor(session, actor)
    suggestion.decided_at = utcnow()
    record_event(
        session, action="reject", entity_type="assist_suggestion", entity_id=suggestion.id,
        after={"code": path, "score": suggestion.score, "model": suggestion.model},
        actor=actor,
    )  # fmt: skip
    session.commit()
    return _decision(session, suggestion, path)


def _decision(session: Session, suggestion: AssistSuggestion, path: str) -> Decision:
    name = session.scalar(select(Document.name).where(Document.id == suggestion.document_id))
    assert suggestion.decided_by is not None and suggestion.decided_at is not None
    return Decision(
        suggestion_id=suggestion.id, status=suggestion.status, code=path, document=name or "",
        start=suggestion.start, end=suggestion.end, text=_passage_text(session, suggestion),
        coding_id=suggestion.coding_id, decided_by=suggestion.decided_by,
        decided_at=suggestion.decided_at,
    )  # fmt: skip
