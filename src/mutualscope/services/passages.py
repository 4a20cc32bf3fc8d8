"""Selecting coded passages by code, document, coder, case, speaker's role and
organisation fields. Quotes, coding lists, exports and matrices all select this way:
:func:`select_passages` from the in-memory :mod:`passage_index`, :func:`passage_query` as
one SQL query (coding -> document -> speaker turn -> participant -> case ->
organisation) where a query is wanted, e.g. as a report figure's provenance.

A passage belongs to the speaker turn that contains its first character (a span that
starts between turns has no speaker). Its case is the participant's case, or the
document's when the participant has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from mutualscope.domain.conditions import Condition, holds
from mutualscope.domain.regions import parse_region, region_name
from mutualscope.domain.roles import role_key
from mutualscope.domain.sizes import parse_size_band
from mutualscope.errors import InvalidInput, NotFound
from mutualscope.services import cases, documents, participants
from mutualscope.services.passage_index import (
    Passage,
    PassageIndex,
    passage_index,
)
from mutualscope.storage.cases import Case, Participant
from mutualscope.storage.codebook import Coding
from mutualscope.storage.documents import Document, Segment
from mutualscope.storage.users import User

#: Organisation fields usable in ``org.FIELD`` besides the table's own columns.
DERIVED_FIELDS = ("region", "size_band", "services")


@dataclass(frozen=True)
class PassageFilter:
    """What to select; None means no restriction."""

    code_ids: Sequence[int] | None = None
    document_ids: Sequence[int] | None = None
    case_id: int | None = None
    role: str | None = None
    #: Stored role keys matching ``role`` (a role group names several); from build_filter.
    roles: frozenset[str] | None = None
    coder_id: int | None = None
    coding_ids: Sequence[int] | None = None
    conditions: Sequence[Condition] = field(default_factory=tuple)


def select_passages(
    session: Session, filters: PassageFilter, *, ordered: bool = True
) -> tuple[PassageIndex, list[Passage]]:
    """The passages that pass every filter, in document order, and the index they are
    from. The in-memory counterpart of :func:`passage_query` (the two are tested to agree)."""
    index = passage_index(session)
    if filters.code_ids is not None:
        rows = index.for_codes(filters.code_ids)
    elif filters.document_ids is not None:
        rows = [p for doc in filters.document_ids for p in index.by_document.get(doc, ())]
    else:
        rows = list(index.passages)
    if filters.document_ids is not None:
        wanted_documents = set(filters.document_ids)
        rows = [p for p in rows if p.document_id in wanted_documents]
    if filters.coding_ids is not None:
        wanted_codings = set(filters.coding_ids)
        rows = [p for p in rows if p.coding_id in wanted_codings]
    if filters.coder_id is not None:
        rows = [p for p in rows if p.coder_id == filters.coder_id]
    if filters.case_id is not None:
        rows = [p for p in rows if p.case_id == filters.case_id]
    if filters.role is not None or filters.roles is not None:
        roles = frozenset(filters.roles or role_forms(filters.role or ""))
        # The participants with these roles, worked out once per index: a set lookup
        # per passage instead of a person's and then a role's.
        speakers = index.derived.get(("speakers", roles))
        if speakers is None:
            speakers = frozenset(p for p, who in index.people.items() if who.role_key in roles)
            index.derived[("speakers", roles)] = speakers
        rows = [p for p in rows if p.participant_id in speakers]
    if filters.conditions:
        rows = [p for p in rows if matches_organisation(index.organisation(p), filters.conditions)]
    if ordered:
        rows.sort()
    return index, rows


class PassageDetail(NamedTuple):
    document: str
    created_at: datetime | None
    text: str


def passage_details(session: Session, passages: Sequence[Passage]) -> dict[int, PassageDetail]:
    """Document name, time and quoted text of each passage, read for these passages only."""
    details: dict[int, PassageDetail] = {}
    ids = [p.coding_id for p in passages]
    for begin in range(0, len(ids), 5000):
        query = (
            select(
                Coding.id,
                Document.name,
                Coding.created_at,
                func.substr(Document.text, Coding.start + 1, Coding.end - Coding.start),
            )
            .join(Document, Document.id == Coding.document_id)
            .where(Coding.id.in_(ids[begin : begin + 5000]))
        )
        for coding_id, name, created_at, text in session.connection().execute(query).all():
            details[coding_id] = PassageDetail(name, created_at, text)
    return details


def segment_of_coding() -> Any:
    """The id of the last turn starting at or before the coding's start (one index seek
    on segment(document_id, start))."""
    return (
        select(Segment.id)
        .where(Segment.document_id == Coding.document_id, Segment.start <= Coding.start)
        .order_by(Segment.start.desc())
        .limit(1)
        .correlate(Coding)
        .scalar_subquery()
    )


def passage_query(filters: PassageFilter, *, with_text: bool = True) -> Select[Any]:
    """One row per coding with its attribution columns (and quote text)."""
    inner = select(
        Coding.id.label("coding_id"),
        Coding.document_id,
        Coding.code_id,
        Coding.start,
        Coding.end,
        Coding.coder_id,
        Coding.created_at,
        segment_of_coding().label("segment_id"),
    )
    if filters.code_ids is not None:
        inner = inner.where(Coding.code_id.in_(list(filters.code_ids)))
    if filters.document_ids is not None:
        inner = inner.where(Coding.document_id.in_(list(filters.document_ids)))
    if filters.coder_id is not None:
        inner = inner.where(Coding.coder_id == filters.coder_id)
    if filters.coding_ids is not None:
        inner = inner.where(Coding.id.in_(list(filters.coding_ids)))
    c = inner.subquery("c")
    case_id = func.coalesce(Participant.case_id, Document.case_id)
    columns: list[Any] = [
        c.c.coding_id,
        c.c.document_id,
        c.c.code_id,
        c.c.start,
        c.c.end,
        c.c.created_at,
        Document.name.label("document"),
        User.name.label("coder"),
        Participant.id.label("participant_id"),
        Participant.label.label("participant"),
        Participant.role,
        Participant.external,
        Case.id.label("case_id"),
        Case.label.label("case"),
        Case.organisation_id,
    ]
    if with_text:
        columns.append(func.substr(Document.text, c.c.start + 1, c.c.end - c.c.start).label("text"))
    query = (
        select(*columns)
        .join(Document, Document.id == c.c.document_id)
        .outerjoin(Segment, and_(Segment.id == c.c.segment_id, Segment.end > c.c.start))
        .outerjoin(Participant, Participant.id == Segment.participant_id)
        .outerjoin(Case, Case.id == case_id)
        .outerjoin(User, User.id == c.c.coder_id)
    )
    if filters.case_id is not None:
        query = query.where(case_id == filters.case_id)
    if filters.role is not None or filters.roles is not None:
        roles = filters.roles or role_forms(filters.role or "")
        query = query.where(func.lower(Participant.role).in_(sorted(roles)))
    return query.order_by(c.c.document_id, c.c.start, c.c.coding_id)


def role_forms(role: str) -> set[str]:
    """The stored forms a role filter matches: as typed, and its vocabulary key
    ("Chief executive" also finds "ceo")."""
    return {role.strip().casefold(), role_key(role)}


def normalise_conditions(conditions: Sequence[Condition]) -> list[Condition]:
    """Read region names and size bands as people write them. Fields that are neither
    columns nor derived are looked up in the organisation's free attributes."""
    result = []
    for condition in conditions:
        value = condition.value
        if condition.field in ("region", "region_code"):
            try:
                code = parse_region(value)
            except ValueError as error:
                raise InvalidInput(f"Filter {condition}: {error}") from error
            value = region_name(code) if code and condition.field == "region" else code or value
        elif condition.field == "size_band":
            try:
                value = parse_size_band(value).key
            except ValueError as error:
                raise InvalidInput(f"Filter {condition}: {error}") from error
        result.append(Condition(condition.field, condition.operator, value))
    return result


def matches_organisation(record: dict[str, Any] | None, conditions: Sequence[Condition]) -> bool:
    if not conditions:
        return True
    if record is None:
        return False
    return all(holds(record.get(c.field), c) for c in conditions)


def find_case(session: Session, label: str) -> Case:
    """A case by label ("Case 3") or by number ("3")."""
    wanted = label.strip()
    if wanted.isdigit():
        numbered = session.scalar(select(Case).where(func.lower(Case.label) == f"case {wanted}"))
        if numbered is not None:
            return numbered
    return cases.find_case(session, wanted)


def matching_roles(session: Session, role: str) -> frozenset[str]:
    """The stored roles a ``--role`` filter selects: the role (aliases resolved) or every
    role of a group ("staff", "external"). A role outside the vocabulary is accepted when
    some participant has it."""
    try:
        keys = set(participants.roles_matching(session, role))
    except InvalidInput:
        stored = session.scalar(
            select(Participant.id).where(func.lower(Participant.role).in_(role_forms(role)))
        )
        if stored is None:
            raise
        keys = set()
    return frozenset(keys | role_forms(role))


def find_coder(session: Session, name: str) -> User:
    user = session.scalars(select(User).where(User.name == name.strip())).first()
    if user is None:
        raise NotFound(f"No coder named {name!r} has coded in this project.")
    return user


def find_document(session: Session, ref: str | int) -> Document:
    """A document by id or by name."""
    return documents.find_document(session, ref)
