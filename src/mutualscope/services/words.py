"""Word frequencies over speaker turns, overall or by role or case."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from mutualscope.domain.choices import WORD_GROUPINGS
from mutualscope.domain.words import count_frequencies
from mutualscope.errors import InvalidInput
from mutualscope.io.stopwords import english_stopwords
from mutualscope.services.cases import find_case
from mutualscope.storage.cases import Case, Participant
from mutualscope.storage.documents import Document, Segment

GROUPINGS = WORD_GROUPINGS
UNASSIGNED = "(none)"


@dataclass(frozen=True)
class WordCount:
    group: str | None
    word: str
    count: int
    rank: int


def word_frequencies(
    session: Session,
    *,
    top: int = 20,
    by: str | None = None,
    case: str | None = None,
    kind: str | None = None,
) -> list[WordCount]:
    """The ``top`` words (stopwords left out) overall, or per role or case.

    Speaker labels are not counted: only the words inside turns. Ties are broken
    alphabetically so the list is stable.
    """
    if by is not None and by not in GROUPINGS:
        raise InvalidInput(f"--by must be one of {', '.join(GROUPINGS)}, not {by!r}.")
    if top < 1:
        raise InvalidInput(f"--top must be 1 or more, not {top}.")
    stopwords = english_stopwords()
    doc_case = aliased(Case)
    person_case = aliased(Case)
    docs = select(Document.id, Document.text, doc_case.label).outerjoin(
        doc_case, doc_case.id == Document.case_id
    )
    if case:
        docs = docs.where(Document.case_id == find_case(session, case).id)
    if kind:
        docs = docs.where(Document.kind == kind)
    counts: dict[str | None, Counter[str]] = {}
    for doc_id, text, doc_case_label in session.execute(docs.order_by(Document.id)):
        turns = session.execute(
            select(Segment.start, Segment.end, Participant.role, person_case.label)
            .outerjoin(Participant, Participant.id == Segment.participant_id)
            .outerjoin(person_case, person_case.id == Participant.case_id)
            .where(Segment.document_id == doc_id)
        )
        for start, end, role, person_case_label in turns:
            if by == "role":
                group: str | None = role or UNASSIGNED
            elif by == "case":
                group = doc_case_label or person_case_label or UNASSIGNED
            else:
                group = None
            counts.setdefault(group, Counter()).update(
                count_frequencies([text[start:end]], stopwords)
            )
    out: list[WordCount] = []
    for group in sorted(counts, key=lambda g: (g is None, g or "")):
        ranked = sorted(counts[group].items(), key=lambda item: (-item[1], item[0]))[:top]
        out += [WordCount(group, w, n, i) for i, (w, n) in enumerate(ranked, start=1)]
    return out
