"""Coded passages joined to who said them: coding -> document -> speaker turn ->
participant -> case -> organisation. Quotes, coding lists, exports and matrices are
all built on this one query.

A passage belongs to the speaker turn that contains its first character (a span that
starts between turns has no speaker). Its case is the participant's case, or the
document's when the participant has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from mutualscope.domain.conditions import Condition, holds
from mutualscope.domain.regions import parse_region, region_name
from mutualscope.domain.sizes import parse_size_band, size_band
from mutualscope.errors import InvalidInput, NotFound
from mutualscope.storage.cases import Case, Participant
from mutualscope.storage.codebook import Coding
from mutualscope.storage.documents import Document, Segment
from mutualscope.storage.organisations import Organisation
from mutualscope.storage.users import User

#: Organisation fields usable in ``org.FIELD`` besides the table's own columns.
DERIVED_FIELDS = ("region", "size_band", "services")
_HIDDEN = {"name_key", "notes", "attributes"}


@dataclass(frozen=True)
class PassageFilter:
    """What to select; None means no restriction."""

    code_ids: Sequence[int] | None = None
    document_ids: Sequence[int] | None = None
    case_id: int | None = None
    role: str | None = None
    coder_id: int | None = None
    coding_ids: Sequence[int] | None = None
    conditions: Sequence[Condition] = field(default_factory=tuple)


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
    if filters.role is not None:
        query = query.where(func.lower(Participant.role) == filters.role.strip().lower())
    return query.order_by(c.c.document_id, c.c.start, c.c.coding_id)


def organisation_values(session: Session, ids: set[int]) -> dict[int, dict[str, Any]]:
    """Each organisation's fields as ``org.FIELD`` sees them: columns, the region's name,
    the size band, the list of services and free attributes."""
    values: dict[int, dict[str, Any]] = {}
    if not ids:
        return values
    for org in session.scalars(select(Organisation).where(Organisation.id.in_(ids))):
        record: dict[str, Any] = dict(org.attributes or {})
        for column in Organisation.__table__.columns:
            if column.key not in _HIDDEN:
                record[column.key] = getattr(org, column.key)
        record["region"] = region_name(org.region_code) if org.region_code else None
        band = size_band(org.employees_min, org.employees_max)
        record["size_band"] = band.key if band else None
        record["services"] = sorted(s.service for s in org.services)
        values[org.id] = record
    return values


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
    """A case by label ("Case 3"), by number ("3") or by id."""
    wanted = label.strip()
    candidates = [wanted, f"Case {wanted}"] if wanted.isdigit() else [wanted]
    for candidate in candidates:
        case = session.scalars(
            select(Case).where(func.lower(Case.label) == candidate.lower())
        ).first()
        if case is not None:
            return case
    raise NotFound(f"No case {label!r}.")


def find_coder(session: Session, name: str) -> User:
    user = session.scalars(select(User).where(User.name == name.strip())).first()
    if user is None:
        raise NotFound(f"No coder named {name!r} has coded in this project.")
    return user


def find_document(session: Session, ref: str | int) -> Document:
    """A document by name, or by id when given a number."""
    text = str(ref).strip()
    document = session.scalars(select(Document).where(Document.name == text)).first()
    if document is None and text.isdigit():
        document = session.get(Document, int(text))
    if document is None:
        raise NotFound(f"No document {text!r} (give its name or id; see `documents list`).")
    return document
