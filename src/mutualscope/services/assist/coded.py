"""Which indexed passages a code's codings touch: a passage counts as coded with a code
when any coding of it overlaps the passage by at least one character."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.services.assist.vectors import PassageVectors
from mutualscope.storage.codebook import Coding
from mutualscope.storage.users import User

#: (document id, start, end) of a coding.
Span = tuple[int, int, int]


def code_spans(session: Session, code_id: int, coder: str | None = None) -> list[Span]:
    """The code's codings (by one coder, if named), in document order."""
    query = select(Coding.document_id, Coding.start, Coding.end).where(Coding.code_id == code_id)
    if coder is not None:
        query = query.join(User, User.id == Coding.coder_id).where(User.name == coder)
    rows = session.execute(query.order_by(Coding.document_id, Coding.start, Coding.id))
    return [(int(d), int(s), int(e)) for d, s, e in rows]


def overlapping_rows(vectors: PassageVectors, spans: Iterable[Span]) -> set[int]:
    """Rows of ``vectors`` (sorted by document, then start) that overlap any span."""
    rows: set[int] = set()
    documents = vectors.document_ids
    for doc_id, start, end in spans:
        low = int(np.searchsorted(documents, doc_id, side="left"))
        high = int(np.searchsorted(documents, doc_id, side="right"))
        if low == high:
            continue
        starts = vectors.starts[low:high]
        ends = vectors.ends[low:high]
        hit = np.nonzero((starts < end) & (ends > start))[0]
        rows.update(int(low + h) for h in hit)
    return rows
