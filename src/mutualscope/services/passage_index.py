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
from collections.abc import Hashable, Iterable, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from mutualscope.domain.regions import region_name
from mutualscope.domain.sizes import size_band
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


def _chunks(ids: Sequence[int], size: int = 5000) -> Iterable[Sequence[int]]:
    for begin in range(0, len(ids), size):
        yield ids[begin : begin + size]


def build_index(session: Session) -> PassageIndex:
    """Read codings, turns, participants, cases and organisations and attribute each coding."""
    # Core on the session's connection: the ORM's result processing costs more than the
    # queries here.
    connection = session.connection()
    codings = connection.execute(
        select(
            Coding.id, Coding.code_id, Coding.document_id, Coding.start, Coding.end,
            Coding.coder_id,
        )
    ).all()  # fmt: skip
    documents = {row[2] for row in codings}
    turns: dict[int, tuple[list[int], list[int], list[int], list[int | None]]] = {}
    segment_rows = connection.execute(
        select(Segment.document_id, Segment.start, Segment.end, Segment.id, Segment.participant_id)
    ).all()
    for segment in sorted(segment_rows, key=lambda r: (r[0], r[1])):
        if segment[0] in documents:
            entry = turns.setdefault(segment[0], ([], [], [], []))
            entry[0].append(segment[1])
            entry[1].append(segment[2])
            entry[2].append(segment[3])
            entry[3].append(segment[4])
    people: dict[int, Person] = {}
    person_case: dict[int, int | None] = {}
    for person in connection.execute(
        select(Participant.id, Participant.label, Participant.role, Participant.external,
               Participant.case_id)
    ).all():  # fmt: skip
        people[person[0]] = Person(
            person[1], person[2], person[2].strip().casefold(), bool(person[3])
        )
        person_case[person[0]] = person[4]
    cases = {
        cid: (label, org)
        for cid, label, org in connection.execute(select(Case.id, Case.label, Case.organisation_id))
    }
    attributed: list[tuple[Any, ...]] = []
    needs_document_case: set[int] = set()
    for coding_id, code_id, doc_id, start, end, coder_id in codings:
        seg_id: int | None = None
        person_id: int | None = None
        case_id: int | None = None
        doc_turns = turns.get(doc_id)
        if doc_turns is not None:
            position = bisect_right(doc_turns[0], start) - 1
            if position >= 0 and start < doc_turns[1][position]:
                seg_id, person_id = doc_turns[2][position], doc_turns[3][position]
        if person_id is not None:
            case_id = person_case.get(person_id)
        if case_id is None:
            needs_document_case.add(doc_id)
        attributed.append(
            (coding_id, code_id, doc_id, start, end, coder_id, seg_id, person_id, case_id)
        )
    document_case: dict[int, int | None] = {}
    for chunk in _chunks(sorted(needs_document_case)):
        document_case.update(
            connection.execute(
                select(Document.id, Document.case_id).where(Document.id.in_(chunk))
            ).all()
        )
    passages = []
    for row in attributed:
        case_id = row[8] if row[8] is not None else document_case.get(row[2])
        org_id = cases[case_id][1] if case_id in cases else None
        passages.append(
            Passage(row[2], row[3], row[0], row[1], row[4], row[5], row[6], row[7], case_id, org_id)
        )
    org_ids = {p.organisation_id for p in passages if p.organisation_id is not None}
    coders = dict(connection.execute(select(User.id, User.name)).all())
    index = PassageIndex(passages, people, cases, organisation_values(session, org_ids), coders)
    if len(passages) > 10_000:
        # Collect now, while building, rather than in the middle of a later query: the
        # first full collection after this many new objects pauses for hundreds of ms.
        gc.collect()
    return index


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
