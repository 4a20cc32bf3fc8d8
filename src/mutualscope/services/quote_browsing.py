"""Browsing quotes page by page: any code or none, filtered like ``quotes`` on the
command line (role, case, organisation fields, coder), with the total for paging."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from mutualscope.services.codebook import CodeIndex
from mutualscope.services.quotes import Quote, build_filter, quotes_from_rows, select_passages


@dataclass(frozen=True)
class QuotePage:
    quotes: list[Quote]
    total: int
    offset: int
    limit: int


def browse_quotes(
    session: Session,
    *,
    code: str | None = None,
    subcodes: bool = True,
    role: str | None = None,
    case: str | None = None,
    where: Sequence[str] = (),
    coder: str | None = None,
    coding_ids: Sequence[int] | None = None,
    offset: int = 0,
    limit: int = 100,
) -> QuotePage:
    """Quotes in document order. Raises NotFound for an unknown code, case or coder and
    InvalidInput for a malformed organisation filter."""
    index = CodeIndex.load(session)
    code_ids = None
    if code:
        found = index.resolve(code)
        code_ids = index.descendants(found.id) if subcodes else [found.id]
    filters = build_filter(
        session, code_ids=code_ids, role=role, case=case, where=where, coder=coder
    )
    if coding_ids is not None:
        filters = replace(filters, coding_ids=list(coding_ids))
    rows, organisations = select_passages(session, filters)
    window = rows[max(0, offset) : max(0, offset) + max(1, limit)]
    return QuotePage(quotes_from_rows(window, index, organisations), len(rows), offset, limit)
