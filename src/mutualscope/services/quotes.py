"""Quotes: coded passages with their attribution in the style of written evidence.

``find_quotes(session, "Funding sources", subcodes=True, role="commissioner")`` is what
the report and the ``quotes`` command call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from mutualscope.domain.attribution import attribution, quoted
from mutualscope.domain.conditions import parse_condition
from mutualscope.domain.wordtimes import clock, timed_attribution
from mutualscope.services import passages as passage_selection
from mutualscope.services.codebook import CodeIndex
from mutualscope.services.passage_index import Passage, PassageIndex, organisation_values
from mutualscope.services.passages import (
    PassageFilter,
    find_case,
    find_coder,
    matches_organisation,
    matching_roles,
    normalise_conditions,
    passage_details,
    passage_query,
)
from mutualscope.services.recording_words import passage_times

#: Columns of ``quotes --format table|csv`` and the keys of its JSON objects, in order.
QUOTE_FIELDS = (
    "coding_id",
    "code",
    "text",
    "attribution",
    "role",
    "external",
    "participant",
    "case",
    "organisation",
    "document",
    "document_id",
    "start",
    "end",
    "coder",
    "created_at",
    "time_start",
    "time_end",
    "recording",
)


@dataclass(frozen=True)
class Quote:
    """One coded passage: ``text`` is ``document.text[start:end]``."""

    coding_id: int
    code: str
    text: str
    attribution: str
    role: str | None
    external: bool
    participant: str | None
    case: str | None
    organisation: str | None
    document: str
    document_id: int
    start: int
    end: int
    coder: str | None
    created_at: datetime | None
    #: When the passage is said, in seconds into ``recording`` (None if not timed).
    time_start: float | None = None
    time_end: float | None = None
    recording: str | None = None

    def as_dict(self) -> dict[str, Any]:
        # Not dataclasses.asdict: it deep-copies every value, ten times slower here.
        return {name: getattr(self, name) for name in QUOTE_FIELDS}

    @property
    def quoted(self) -> str:
        """The quote as a report prints it: “...” (CEO, case 3)."""
        return quoted(self.text, self.attribution)


def add_times(
    session: Session, quotes: Sequence[Quote], *, in_attribution: bool = False
) -> list[Quote]:
    """The quotes with their times in their documents' recordings (from the words'
    times, else the turns'); with ``in_attribution`` the time closes the attribution:
    "(CEO of case 3, 12:41)"."""
    times = passage_times(session, [(q.document_id, q.start, q.end) for q in quotes])
    timed = []
    for quote in quotes:
        found = times[(quote.document_id, quote.start, quote.end)]
        if found is None:
            timed.append(quote)
            continue
        credit = timed_attribution(quote.attribution, found.start) if in_attribution else None
        timed.append(
            replace(
                quote,
                time_start=found.start,
                time_end=found.end,
                recording=found.recording,
                attribution=credit or quote.attribution,
            )
        )
    return timed


def build_filter(
    session: Session,
    *,
    code_ids: Sequence[int] | None = None,
    role: str | None = None,
    case: str | None = None,
    where: Sequence[str] = (),
    coder: str | None = None,
    document_ids: Sequence[int] | None = None,
) -> PassageFilter:
    """Turn names given by a person into a :class:`PassageFilter` (NotFound on unknowns)."""
    return PassageFilter(
        code_ids=code_ids,
        document_ids=document_ids,
        case_id=find_case(session, case).id if case else None,
        role=role,
        roles=matching_roles(session, role) if role else None,
        coder_id=find_coder(session, coder).id if coder else None,
        conditions=normalise_conditions([parse_condition(w) for w in where]),
    )


def quotes_from_passages(
    session: Session,
    passages: Sequence[Passage],
    index: PassageIndex,
    codes: CodeIndex,
    *,
    style: str = "comma",
) -> list[Quote]:
    """Quotes for selected passages: names from the index, text read from the documents."""
    details = passage_details(session, passages)
    attributions: dict[tuple[Any, ...], str] = {}
    result = []
    for passage in passages:
        person = index.people.get(passage.participant_id) if passage.participant_id else None
        case = index.case_label(passage)
        org = index.organisation(passage)
        detail = details[passage.coding_id]
        role = person.role if person else None
        external = person.external if person else False
        result.append(
            Quote(
                coding_id=passage.coding_id,
                code=codes.path(passage.code_id),
                text=detail.text,
                attribution=attributions.get((role, case, external))
                or attributions.setdefault(
                    (role, case, external), attribution(role, case, external=external, style=style)
                ),
                role=role,
                external=external,
                participant=person.label if person else None,
                case=case,
                organisation=org["name"] if org else None,
                document=detail.document,
                document_id=passage.document_id,
                start=passage.start,
                end=passage.end,
                coder=index.coders.get(passage.coder_id) if passage.coder_id else None,
                created_at=detail.created_at,
            )
        )
    return add_times(session, result)


def select_passages(
    session: Session, filters: PassageFilter, *, with_text: bool = True
) -> tuple[list[Row[Any]], dict[int, dict[str, Any]]]:
    """The passage rows that pass every filter, and the organisations they belong to,
    selected in SQL with :func:`passage_query` (for callers that page through rows; it
    selects what :func:`passages.select_passages` does)."""
    rows = list(session.execute(passage_query(filters, with_text=with_text)).all())
    org_ids = {row.organisation_id for row in rows if row.organisation_id is not None}
    organisations = organisation_values(session, org_ids)
    if filters.conditions:
        rows = [
            row
            for row in rows
            if matches_organisation(
                organisations.get(row.organisation_id) if row.organisation_id else None,
                filters.conditions,
            )
        ]
    return rows, organisations


def quotes_from_rows(
    rows: Sequence[Row[Any]],
    index: CodeIndex,
    organisations: dict[int, dict[str, Any]],
    *,
    style: str = "comma",
) -> list[Quote]:
    result = []
    for row in rows:
        org = organisations.get(row.organisation_id) if row.organisation_id else None
        result.append(
            Quote(
                coding_id=row.coding_id,
                code=index.path(row.code_id),
                text=row.text,
                attribution=attribution(
                    row.role, row.case, external=bool(row.external), style=style
                ),
                role=row.role,
                external=bool(row.external),
                participant=row.participant,
                case=row.case,
                organisation=org["name"] if org else None,
                document=row.document,
                document_id=row.document_id,
                start=row.start,
                end=row.end,
                coder=row.coder,
                created_at=row.created_at,
            )
        )
    return result


def find_quotes(
    session: Session,
    code_path: str,
    *,
    subcodes: bool = False,
    role: str | None = None,
    case: str | None = None,
    where: Sequence[str] = (),
    coder: str | None = None,
    style: str = "comma",
    times: bool = False,
) -> list[Quote]:
    """The passages coded with ``code_path`` (and its sub-codes with ``subcodes``), in
    document order, filtered by the speaker's role, the case, organisation fields
    (``where=["org.employees_min>=1000"]``) and the coder. With ``times``, a quote from
    a timed transcript gives its time in its attribution: "(CEO, case 3, 12:41)".

    Raises NotFound for an unknown code, case or coder; InvalidInput for a bad filter.
    """
    index = CodeIndex.load(session)
    code = index.resolve(code_path)
    code_ids = index.descendants(code.id) if subcodes else [code.id]
    filters = build_filter(
        session, code_ids=code_ids, role=role, case=case, where=where, coder=coder
    )
    passage_index, passages = passage_selection.select_passages(session, filters)
    found = quotes_from_passages(session, passages, passage_index, index, style=style)
    if not times:
        return found
    return [
        replace(q, attribution=timed_attribution(q.attribution, q.time_start))
        if q.time_start is not None
        else q
        for q in found
    ]


def quotes_markdown(quotes: Sequence[Quote], *, heading: str | None = None) -> str:
    """Quotes as Markdown block quotes, each followed by where it comes from."""
    lines = [f"## {heading}", ""] if heading else []
    for quote in quotes:
        lines.append(f"> {quote.quoted}")
        lines.append(">")
        at = (
            f", {clock(quote.time_start)}-{clock(quote.time_end)} in {quote.recording}"
            if quote.time_start is not None and quote.time_end is not None and quote.recording
            else ""
        )
        lines.append(
            f"> — {quote.code}; {quote.document}, characters {quote.start}-{quote.end}{at}"
            + (f"; coded by {quote.coder}" if quote.coder else "")
        )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
