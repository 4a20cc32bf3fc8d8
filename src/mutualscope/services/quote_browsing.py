"""Browsing quotes page by page: any code or none, filtered like ``quotes`` on the
command line (role, case, organisation fields, coder), with the total for paging.

:func:`browse_passages` groups the codings of the same words into one passage (its codes
and coders listed), as the quotes page and the quote exports show them, and says whether
each speaker's consent allows quoting, as reports decide it.

Both take the words from the pseudonymised text once the project has one, unless
``identifiable`` (see :class:`mutualscope.services.protection.quoting.QuoteText`); the
page's ``warning`` names the documents quoted from their original words then."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from mutualscope.services.codebook import CodeIndex
from mutualscope.services.consent import quoting_consent
from mutualscope.services.protection.quoting import QuoteText
from mutualscope.services.quotes import (
    Quote,
    add_times,
    build_filter,
    quotes_from_rows,
    select_passages,
)
from mutualscope.storage.consent import REFUSED, UNKNOWN


@dataclass(frozen=True)
class QuotePage:
    quotes: list[Quote]
    total: int
    offset: int
    limit: int
    #: Documents quoted from their original words although pseudonymising is on.
    warning: str | None = None


@dataclass(frozen=True)
class QuoteFilters:
    """What a person picked on the quotes page (names, as typed or chosen)."""

    code: str | None = None
    subcodes: bool = True
    role: str | None = None
    case: str | None = None
    where: Sequence[str] = ()
    coder: str | None = None


@dataclass(frozen=True)
class PassageQuote:
    """The words of one passage, however many codings (codes, coders) it has: ``quote``
    is its first coding's quote (words, attribution, document, offsets, times)."""

    quote: Quote
    codes: list[str] = field(default_factory=list)
    coders: list[str] = field(default_factory=list)
    coding_ids: list[int] = field(default_factory=list)
    #: The speaker's answer on quoting: granted, refused, unknown (None: no speaker).
    consent: str | None = None
    #: Whether a report would quote these words (consent and the project's rule).
    may_quote: bool = True

    @property
    def consent_note(self) -> str | None:
        """Why a report would leave these words out, or that consent is not recorded."""
        if not self.may_quote:
            if self.consent == REFUSED:
                return "the speaker refused or withdrew consent to quoting"
            return "the speaker's consent to quoting is not recorded (the project requires it)"
        if self.consent == UNKNOWN:
            return "consent to quoting not recorded"
        return None


@dataclass(frozen=True)
class PassagePage:
    passages: list[PassageQuote]
    total: int
    offset: int
    limit: int
    #: Documents quoted from their original words although pseudonymising is on.
    warning: str | None = None
    #: Whether the words are those of the pseudonymised text.
    pseudonymised: bool = False


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
    identifiable: bool = False,
) -> QuotePage:
    """Quotes in document order. Raises NotFound for an unknown code, case or coder and
    InvalidInput for a malformed organisation filter."""
    index = CodeIndex.load(session)
    chosen = QuoteFilters(code, subcodes, role, case, where, coder)
    rows, organisations = _selected_rows(session, index, chosen, coding_ids)
    window = rows[max(0, offset) : max(0, offset) + max(1, limit)]
    words = QuoteText(session, identifiable=identifiable)
    quotes = words.quotes(quotes_from_rows(window, index, organisations))
    return QuotePage(quotes, len(rows), offset, limit, words.warning())


def _selected_rows(
    session: Session,
    index: CodeIndex,
    chosen: QuoteFilters,
    coding_ids: Sequence[int] | None = None,
) -> tuple[list[Row[Any]], dict[int, dict[str, Any]]]:
    code_ids = None
    if chosen.code:
        found = index.resolve(chosen.code)
        code_ids = index.descendants(found.id) if chosen.subcodes else [found.id]
    filters = build_filter(
        session,
        code_ids=code_ids,
        role=chosen.role,
        case=chosen.case,
        where=chosen.where,
        coder=chosen.coder,
    )
    if coding_ids is not None:
        filters = replace(filters, coding_ids=list(coding_ids))
    return select_passages(session, filters)


def browse_passages(
    session: Session,
    chosen: QuoteFilters,
    *,
    style: str = "comma",
    offset: int = 0,
    limit: int | None = 100,
    identifiable: bool = False,
    coding_ids: Sequence[int] | None = None,
) -> PassagePage:
    """Passages in document order, the codings of the same words as one (codes and
    coders listed), paged by passage (``limit=None``: all); only the codings
    ``coding_ids`` when given (a matrix cell's). Raises NotFound for an unknown code,
    case or coder and InvalidInput for a malformed organisation filter."""
    index = CodeIndex.load(session)
    rows, organisations = _selected_rows(session, index, chosen, coding_ids)
    groups: dict[tuple[int, int, int], list[Row[Any]]] = {}
    for row in rows:
        groups.setdefault((row.document_id, row.start, row.end), []).append(row)
    ordered = [groups[key] for key in sorted(groups)]
    end = None if limit is None else max(0, offset) + max(1, limit)
    window = ordered[max(0, offset) : end]
    consent = quoting_consent(session)
    words = QuoteText(session, identifiable=identifiable)
    firsts = words.quotes(
        add_times(
            session,
            quotes_from_rows([group[0] for group in window], index, organisations, style=style),
        )
    )
    passages = [
        PassageQuote(
            quote=quote,
            codes=_distinct(index.path(row.code_id) for row in group),
            coders=_distinct(row.coder for row in group if row.coder),
            coding_ids=[row.coding_id for row in group],
            consent=consent.answer(group[0].participant_id),
            may_quote=consent.may_quote(group[0].participant_id),
        )
        for quote, group in zip(firsts, window, strict=True)
    ]
    return PassagePage(
        passages, len(ordered), offset, limit or len(ordered), words.warning(), words.pseudonymised
    )


def _distinct(values: Any) -> list[str]:
    return list(dict.fromkeys(values))
