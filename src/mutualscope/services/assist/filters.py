"""Which passages ``--case``, ``--role`` and ``--where`` keep, as a mask over the rows
of :class:`PassageVectors`; the same meanings as ``mutualscope search`` and ``quotes``."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mutualscope.domain.conditions import parse_condition
from mutualscope.services.assist.vectors import PassageVectors
from mutualscope.services.cases import find_case
from mutualscope.services.participants import roles_matching
from mutualscope.services.passage_index import organisation_values
from mutualscope.services.passages import matches_organisation, normalise_conditions
from mutualscope.storage.cases import Case, Participant
from mutualscope.storage.documents import Document, Segment

Mask = npt.NDArray[np.bool_]


def passage_mask(
    session: Session,
    vectors: PassageVectors,
    *,
    case: str | None = None,
    role: str | None = None,
    where: Sequence[str] = (),
) -> Mask | None:
    """Rows kept by the filters, or None when there are no filters. A passage's case is
    its document's case, else its speaker's; its organisation is that case's."""
    conditions = normalise_conditions([parse_condition(w) for w in where])
    case_id = find_case(session, case).id if case else None
    roles = roles_matching(session, role) if role else None
    if case_id is None and roles is None and not conditions:
        return None
    passage_case = func.coalesce(Document.case_id, Participant.case_id)
    query = (
        select(Segment.id, Case.organisation_id)
        .join(Document, Document.id == Segment.document_id)
        .outerjoin(Participant, Participant.id == Segment.participant_id)
        .outerjoin(Case, Case.id == passage_case)
    )
    if case_id is not None:
        query = query.where(passage_case == case_id)
    if roles is not None:
        query = query.where(Participant.role.in_(roles or [""]))
    rows = session.execute(query).all()
    if conditions:
        organisations = organisation_values(session, {r[1] for r in rows if r[1] is not None})
        rows = [
            r
            for r in rows
            if matches_organisation(organisations.get(r[1]) if r[1] else None, conditions)
        ]
    kept = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    mask: Mask = np.isin(vectors.segment_ids, kept)
    return mask
