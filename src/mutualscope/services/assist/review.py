"""Suggestions reviewed in a transcript: the passages of one document suggested for one
code or for every code, in the order they are read, for a person to accept or reject
one by one (:func:`~mutualscope.services.assist.suggestions.accept_suggestion`,
:func:`~mutualscope.services.assist.suggestions.reject_suggestion`).
"""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from mutualscope.errors import InvalidInput, NotFound
from mutualscope.io.embeddings import EmbeddingModel
from mutualscope.services.assist.suggestions import (
    DEFAULT_METHOD,
    Suggestion,
    suggest_codings,
)
from mutualscope.services.code_index import CodeIndex
from mutualscope.storage.assist import OPEN, STATUSES, AssistSuggestion
from mutualscope.storage.cases import Case, Participant
from mutualscope.storage.codebook import Code, Coding
from mutualscope.storage.documents import Document, Segment

#: Passages suggested per code in a document when every code is asked for.
TOP_PER_CODE = 3


def _document(session: Session, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"No document {document_id}.")
    return document


def codes_to_suggest(session: Session) -> list[int]:
    """The codes worth suggesting for: codable, with a coding or a definition to go on."""
    coded = select(Coding.code_id).distinct()
    query = select(Code.id).where(
        Code.codable.is_(True),
        or_(Code.id.in_(coded), func.length(func.coalesce(Code.definition, "")) > 0),
    )
    return list(session.scalars(query.order_by(Code.id)))


def suggest_in_document(
    session: Session,
    model: EmbeddingModel,
    document_id: int,
    *,
    code: str | None = None,
    top: int = TOP_PER_CODE,
    method: str = DEFAULT_METHOD,
) -> list[Suggestion]:
    """New open suggestions in the document for ``code`` (every code worth suggesting
    when None: ``top`` each), replacing those still open there; in reading order."""
    _document(session, document_id)
    codes = CodeIndex.load(session)
    paths = [code] if code else [codes.path(i) for i in codes_to_suggest(session)]
    found: list[Suggestion] = []
    for path in paths:
        found += suggest_codings(
            session, model, path, top=top, method=method, document_id=document_id
        )
    return sorted(found, key=lambda s: (s.start, -s.score, s.code))


def document_suggestions(
    session: Session, document_id: int, *, code: str | None = None, status: str = OPEN
) -> list[Suggestion]:
    """The document's stored suggestions (of one code, if named) with this status, in
    reading order."""
    if status not in STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(STATUSES)}, not {status!r}.")
    document = _document(session, document_id)
    codes = CodeIndex.load(session)
    query = (
        select(AssistSuggestion, Segment.speaker, Participant.role, Case.label)
        .outerjoin(Segment, Segment.id == AssistSuggestion.segment_id)
        .outerjoin(Participant, Participant.id == Segment.participant_id)
        .outerjoin(Case, Case.id == func.coalesce(document.case_id, Participant.case_id))
        .where(AssistSuggestion.document_id == document_id, AssistSuggestion.status == status)
    )
    if code:
        query = query.where(AssistSuggestion.code_id == codes.resolve(code).id)
    rows = session.execute(query.order_by(AssistSuggestion.start, AssistSuggestion.id)).all()
    return [
        Suggestion(
            id=s.id, code=codes.path(s.code_id), score=s.score, document=document.name,
            document_id=document_id, start=s.start, end=s.end, speaker=speaker, role=role,
            case=case, text=document.text[s.start : s.end], status=s.status, method=s.method,
            model=s.model,
        )
        for s, speaker, role, case in rows
    ]  # fmt: skip
