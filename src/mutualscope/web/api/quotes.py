"""``/api/v1/quotes``: coded passages with their attribution, filtered and paged, and
exported as files."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel

from mutualscope.services.exports import export_quotes
from mutualscope.services.protection.quoting import check_identifiable
from mutualscope.services.quote_browsing import QuoteFilters, browse_quotes
from mutualscope.services.quotes import Quote, add_times
from mutualscope.services.settings import coder_seen
from mutualscope.web.deps import Reader, SessionDep
from mutualscope.web.downloads import download
from mutualscope.web.errors import responses

router = APIRouter(prefix="/quotes", tags=["quotes"])
WhereQuery = Annotated[list[str], Query(description="org.FIELD=VALUE (or != >= <= > <)")]
IdentifiableQuery = Annotated[
    bool,
    Query(
        description="The original, identifiable words instead of the pseudonymised text "
        "(owners only; 403 for others). Without it, once `protect apply` has built the "
        "pseudonymised text, quotes are taken from it."
    ),
]


class QuotesOut(BaseModel):
    total: int
    offset: int
    limit: int
    quotes: list[Quote]
    #: Documents quoted from their original words although pseudonymising is on.
    warning: str | None = None


@router.get("", responses=responses(403, 404))
def list_quotes(
    session: SessionDep,
    user: Reader,
    code: str | None = None,
    subcodes: bool = True,
    role: str | None = None,
    case: str | None = None,
    where: WhereQuery = [],  # noqa: B006
    coder: str | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    identifiable: IdentifiableQuery = False,
) -> QuotesOut:
    """Quotes in document order; ``code`` by path (with sub-codes unless subcodes=false).
    A quote from a timed transcript has ``time_start`` and ``time_end`` (seconds) and its
    ``recording``. On a blind project a coder or viewer gets only their own codings. An
    unknown code, case or coder answers 404; a malformed filter 422. The words are the
    pseudonymised text's once the project has one (``warning`` names documents quoted
    from their original words); ``identifiable=true`` is for owners only (else 403)."""
    check_identifiable(user, identifiable)
    page = browse_quotes(
        session,
        code=code or None,
        subcodes=subcodes,
        role=role or None,
        case=case or None,
        where=[w for w in where if w.strip()],
        coder=coder_seen(session, user) or coder or None,
        offset=offset,
        limit=limit,
        identifiable=identifiable,
    )
    quotes = add_times(session, page.quotes)
    return QuotesOut(
        total=page.total, offset=page.offset, limit=page.limit, quotes=quotes, warning=page.warning
    )


@router.get(
    "/export",
    responses={**responses(403, 404), 200: {"content": {"text/csv": {}}}},
    response_class=Response,
)
def export(
    session: SessionDep,
    user: Reader,
    format: Annotated[str, Query(pattern="^(csv|xlsx|docx)$")] = "csv",
    code: str | None = None,
    subcodes: bool = True,
    role: str | None = None,
    case: str | None = None,
    where: WhereQuery = [],  # noqa: B006
    coder: str | None = None,
    identifiable: IdentifiableQuery = False,
) -> Response:
    """The quotes as a CSV, XLSX or DOCX file, one per passage with its codes and coders,
    attributed as in reports ("(CEO of case 3)"). Words a report would not quote for
    consent are left out (their number in the ``X-Quotes-Left-Out`` header and a note in
    the file); quotes whose speaker's consent is not recorded are marked. The words are
    the pseudonymised text's once the project has one; ``identifiable=true`` is for
    owners only (else 403)."""
    check_identifiable(user, identifiable)
    chosen = QuoteFilters(
        code=code or None,
        subcodes=subcodes,
        role=role or None,
        case=case or None,
        where=[w for w in where if w.strip()],
        coder=coder_seen(session, user) or coder or None,
    )
    return download(export_quotes(session, chosen, format, identifiable=identifiable))
