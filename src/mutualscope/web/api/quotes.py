"""``/api/v1/quotes``: coded passages with their attribution, filtered and paged."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from mutualscope.services.quote_browsing import browse_quotes
from mutualscope.services.quotes import Quote, add_times
from mutualscope.web.deps import Reader, SessionDep
from mutualscope.web.errors import responses

router = APIRouter(prefix="/quotes", tags=["quotes"])


class QuotesOut(BaseModel):
    total: int
    offset: int
    limit: int
    quotes: list[Quote]


@router.get("", responses=responses(404))
def list_quotes(
    session: SessionDep,
    user: Reader,
    code: str | None = None,
    subcodes: bool = True,
    role: str | None = None,
    case: str | None = None,
    where: Annotated[list[str], Query(description="org.FIELD=VALUE (or != >= <= > <)")] = [],  # noqa: B006
    coder: str | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> QuotesOut:
    """Quotes in document order; ``code`` by path (with sub-codes unless subcodes=false).
    A quote from a timed transcript has ``time_start`` and ``time_end`` (seconds) and its
    ``recording``. An unknown code, case or coder answers 404; a malformed filter 422."""
    page = browse_quotes(
        session,
        code=code or None,
        subcodes=subcodes,
        role=role or None,
        case=case or None,
        where=[w for w in where if w.strip()],
        coder=coder or None,
        offset=offset,
        limit=limit,
    )
    quotes = add_times(session, page.quotes)
    return QuotesOut(total=page.total, offset=page.offset, limit=page.limit, quotes=quotes)
