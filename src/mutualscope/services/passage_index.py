"""Who said each coded passage, for every coding of a project, held in memory.

Attributing a coding means finding the speaker turn holding its first character, then
the turn's participant, the case (the participant's, else the document's) and the
case's organisation. Done in SQL for each query that costs several microseconds per
coding, too slow for matrices over 100,000 codings; so the attribution of every coding
is worked out once, kept per project, and reused until the project changes.

Change is detected by a stamp of cheap look-ups: the newest audit event (every change
made through the services records one), the highest id and identifier of the tables
involved, and the last update of participants and cases. Changes made behind the
services' back that none of these reveal are seen after ``MAX_AGE_SECONDS``.
"""

from __future__ import annotations

import gc
import threading
import time
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Hashable, Iterable
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Select, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ClauseElement

from mutualscope.domain.regions import region_name
from mutualscope.domain.sizes import size_band
from mutualscope.services.collector import collector_paused
from mutualscope.storage.cases import Case, Participant
from mutualscope.storage.codebook import Code, Coding
from mutualscope.storage.documents import Document, Segment
from mutualscope.storage.organisations import Organisation, OrganisationService
from mutualscope.storage.users import AuditEvent, User

MAX_AGE_SECONDS = 60.0
MAX_PROJECTS = 8
_HIDDEN = {"name_key", "notes", "attributes"}


class Passage(NamedTuple):
    """One coding with its attribution (ids; names are in the index's dictionaries).

    The first three fields make plain tuple order document order, so lists of passages
    sort without a key function.
    """

    document_id: int
    start: int
    coding_id: int
    code_id: int
    end: int
    coder_id: int | None
    segment_id: int | None
    participant_id: int | None
    case_id: int | None
    organisation_id: int | None


class Person(NamedTuple):
    label: str
    role: str
    role_key: str
    external: bool


class PassageIndex:
    """Every coding's attribution, by code and by document, and the names behind ids."""

    def __init__(
        self,
        passages: list[Passage],
        people: dict[int, Person],
        cases: dict[int, tuple[str, int | None]],
        organisations: dict[int, dict[str, Any]],
        coders: dict[int, str],
    ) -> None:
        self.passages = passages
        self.people = people
        self.cases = cases
        self.organisations = organisations
        self.coders = coders
        self.by_code: dict[int, list[Passage]] = defaultdict(list)
        self.by_document: dict[int, list[Passage]] = defaultdict(list)
        for passage in sorted(passages):
            self.by_code[passage.code_id].append(passage)
            self.by_document[passage.document_id].append(passage)
        #: Results worked out from the index by its users (a matrix's counts per code),
        #: kept while the index is current: it never changes once built.
        self.derived: dict[Hashable, Any] = {}

    def for_codes(self, code_ids: Iterable[int]) -> list[Passage]:
        rows: list[Passage] = []
        for code_id in code_ids:
            rows.extend(self.by_code.get(code_id, ()))
        return rows

    def role(self, passage: Passage) -> str | None:
        person = self.people.get(passage.participant_id) if passage.participant_id else None
        return person.role if person else None

    def case_label(self, passage: Passage) -> str | None:
        case = self.cases.get(passage.case_id) if passage.case_id else None
        return case[0] if case else None

    def organisation(self, passage: Passage) -> dict[str, Any] | None:
        if passage.organisation_id is None:
            return None
        return self.organisations.get(passage.organisation_id)


def organisation_values(session: Session, ids: set[int]) -> dict[int, dict[str, Any]]:
    """Each organisation's fields as ``org.FIELD`` sees them: columns, the region's name,
    the size band, the list of services and free attributes."""
    values: dict[int, dict[str, Any]] = {}
    if not ids:
        return values
    columns = [c for c in Organisation.__table__.columns if c.key not in _HIDDEN - {"attributes"}]
    for row in session.execute(select(*columns).where(Organisation.id.in_(ids))).mappings():
        record: dict[str, Any] = dict(row["attributes"] or {})
        record.update({k: v for k, v in row.items() if k != "attributes"})
        record["region"] = region_name(row["region_code"]) if row["region_code"] else None
        band = size_band(row["employees_min"], row["employees_max"])
        record["size_band"] = band.key if band else None
        record["services"] = []
        values[row["id"]] = record
    services = select(OrganisationService.organisation_id, OrganisationService.service).where(
        OrganisationService.organisation_id.in_(ids)
    )
    for org_id, service in session.execute(services).all():
        values[org_id]["services"].append(service)
    for record in values.values():
        record["services"].sort()
    return values


def _rows(connection: Connection, query: ClauseElement) -> list[tuple[Any, ...]]:
    """The query's rows as the driver's plain tuples: at 100,000 rows, building result
    rows costs more than the query (the queries here take no parameters)."""
    sql = query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(sql))
        return list(cursor.fetchall())
    finally:
        cursor.close()


def build_index(session: Session) -> PassageIndex:
    """Read codings, turns, participants, cases and organisations and attribute each coding."""
    # Hundreds of thousands of new tuples would set off many collections on the way,
    # each scanning all of them; one collection at the end does the job.
    with collector_paused():
        index = _build(session.connection(), session)
    if len(index.passages) > 10_000:
        # Collect now, while building, rather than in the middle of a later query: the
        # first full collection after this many new objects pauses for hundreds of ms.
        gc.collect()
    return index


def _build(connection: Connection, session: Session) -> PassageIndex:
    # Both in document order, so turns are read per document as the codings reach it.
    codings = _rows(
        connection,
        select(
            Coding.document_id, Coding.start, Coding.id, Coding.code_id, Coding.end,
            Coding.coder_id,
        ).order_by(Coding.document_id, Coding.start, Coding.id),
    )  # fmt: skip
    segments = _rows(
        connection,
        select(
            Segment.document_id, Segment.start, Segment.end, Segment.id, Segment.participant_id
        ).order_by(Segment.document_id, Segment.start, Segment.id),
    )
    people: dict[int, Person] = {}
    person_case: dict[int, int | None] = {}
    query = select(
        Participant.id, Participant.label, Participant.role, Participant.external,
        Participant.case_id,
    )  # fmt: skip
    for pid, label, role, external, case in _rows(connection, query):
        people[pid] = Person(label, role, role.strip().casefold(), bool(external))
        person_case[pid] = case
    cases = {
        cid: (label, org)
        for cid, label, org in _rows(connection, select(Case.id, Case.label, Case.organisation_id))
    }
    document_case = dict(_rows(connection, select(Document.id, Document.case_id)))
    case_org = {cid: org for cid, (_, org) in cases.items()}
    make = tuple.__new__  # Passage(...) goes through a Python-level __new__
    passages: list[Passage] = []
    append = passages.append
    turn = 0
    turn_count = len(segments)
    starts: list[int] = []
    ends: list[int] = []
    ids: list[int] = []
    speakers: list[int | None] = []
    current = None
    for doc_id, start, coding_id, code_id, end, coder_id in codings:
        if doc_id != current:
            current = doc_id
            # Turns of earlier documents without codings are skipped over.
            while turn < turn_count and segments[turn][0] < doc_id:
                turn += 1
            first = turn
            while turn < turn_count and segments[turn][0] == doc_id:
                turn += 1
            rows = segments[first:turn]
            starts = [r[1] for r in rows]
            ends = [r[2] for r in rows]
            ids = [r[3] for r in rows]
            speakers = [r[4] for r in rows]
        seg_id: int | None = None
        person_id: int | None = None
        case_id: int | None = None
        position = bisect_right(starts, start) - 1
        if position >= 0 and start < ends[position]:
            seg_id, person_id = ids[position], speakers[position]
            if person_id is not None:
                case_id = person_case.get(person_id)
        if case_id is None:
            case_id = document_case.get(doc_id)
        org_id = case_org.get(case_id) if case_id is not None else None
        fields = (doc_id, start, coding_id, code_id, end, coder_id, seg_id, person_id, case_id)
        append(make(Passage, (*fields, org_id)))
    org_ids = {p.organisation_id for p in passages if p.organisation_id is not None}
    coders = dict(_rows(connection, select(User.id, User.name)))
    return PassageIndex(passages, people, cases, organisation_values(session, org_ids), coders)


def project_stamp(session: Session) -> tuple[Any, ...]:
    """Values that change whenever the data an index is built from changes."""
    return tuple(session.connection().execute(_stamp_query()).one())


@lru_cache(maxsize=1)
def _stamp_query() -> Select[Any]:
    # Built once: composing eighteen sub-queries costs more than running them.
    parts: list[Any] = [select(func.max(AuditEvent.id)).scalar_subquery()]
    for model in (Coding, Participant, Case, Document, Organisation, Code, User):
        parts.append(select(func.max(model.id)).scalar_subquery())
        parts.append(select(func.max(model.guid)).scalar_subquery())
    parts.append(select(func.max(Segment.id)).scalar_subquery())
    # Small tables whose edits change attributions: scanned, as updated_at has no index.
    parts.append(select(func.max(Participant.updated_at)).scalar_subquery())
    parts.append(select(func.max(Case.updated_at)).scalar_subquery())
    return select(*parts)


_cache: dict[str, tuple[tuple[Any, ...], float, PassageIndex]] = {}
_lock = threading.Lock()


def passage_index(session: Session) -> PassageIndex:
    """The project's index, rebuilt when the project has changed since it was built."""
    key = str(session.get_bind().engine.url)
    stamp = project_stamp(session)
    now = time.monotonic()
    with _lock:
        cached = _cache.get(key)
    if cached is not None and cached[0] == stamp and now - cached[1] < MAX_AGE_SECONDS:
        return cached[2]
    index = build_index(session)
    with _lock:
        _cache.pop(key, None)
        _cache[key] = (stamp, now, index)
        # A process rarely serves more than a few projects; forget the oldest beyond that.
        while len(_cache) > MAX_PROJECTS:
            del _cache[next(iter(_cache))]
    return index
