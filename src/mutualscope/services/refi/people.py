"""REFI-QDA Users, Cases and Variables <-> coders, cases, participants and organisations.

A REFI case with a ``Role`` variable is a person interviewed (a participant), which is
how mutualscope exports its participants; any other case is a case study, and its
``Organisation`` variable links it to an organisation of the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mutualscope.domain.records import name_key as organisation_key
from mutualscope.io.refi.elements import guid_key
from mutualscope.io.refi.model import RefiCase, RefiProject, RefiUser, RefiVariableValue
from mutualscope.services.refi.bulk import ids_by_guid, insert_rows, unique_label
from mutualscope.services.refi.report import ImportReport
from mutualscope.storage.models import Case, Organisation, Participant, Segment, User

ROLE, CASE, EXTERNAL, CONSENT, SPEAKER = "role", "case", "external", "consent", "speaker"
CONSENTS = ("given", "withdrawn", "unknown")
#: Between the speaker labels of one participant in the ``Speaker`` variable.
SPEAKER_SEPARATOR = "; "
ORGANISATION_NAMES = {"organisation", "organization"}


def import_users(
    session: Session, users: list[RefiUser], referenced: set[str], report: ImportReport
) -> dict[str, int]:
    """Coders by GUID key; matched to existing users by GUID, then by name."""
    by_guid: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for row_id, guid, name in session.execute(select(User.id, User.guid, User.name)):
        by_guid[guid_key(guid)] = row_id
        by_name[name.casefold()] = row_id
    taken = set(by_name)
    ids: dict[str, int] = {}
    rows: list[dict[str, Any]] = []
    wanted: list[tuple[str, str | None]] = [(u.guid, u.name or u.id) for u in users]
    known = {guid_key(u.guid) for u in users}
    for guid in sorted(referenced - known):
        report.doubtful.append(f"coder {guid} is not in Users; added as 'Coder {guid[:8]}'.")
        wanted.append((guid, f"Coder {guid[:8]}"))
    for guid, wanted_name in wanted:
        key = guid_key(guid)
        if key in ids:
            continue
        label = (wanted_name or f"Coder {guid[:8]}").strip()[:200] or f"Coder {guid[:8]}"
        if key in by_guid:
            ids[key] = by_guid[key]
            report.match("coders")
        elif label.casefold() in by_name:
            ids[key] = by_name[label.casefold()]
            report.match("coders")
            report.mapped.append(f"user {label!r} ({guid}) is the existing coder of that name.")
        else:
            label = unique_label(label, taken, 200)
            rows.append({"name": label, "guid": guid, "role": "coder", "active": True})
    insert_rows(session, User, rows)
    ids.update(ids_by_guid(session, User, [r["guid"] for r in rows]))
    report.count("coders", len(rows))
    return ids


def json_value(value: Any) -> Any:
    """A variable value as stored in ``attributes`` (JSON): exact decimals stay text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


@dataclass
class CasePlan:
    case_ids: dict[str, int] = field(default_factory=dict)
    #: Source GUID key -> the case its document belongs to.
    document_case: dict[str, int] = field(default_factory=dict)
    #: (participant GUID, speaker labels, source GUIDs) for linking turns once imported.
    speakers: list[tuple[str, list[str], list[str]]] = field(default_factory=list)


def _values(
    values: list[RefiVariableValue], names: dict[str, str], where: str, report: ImportReport
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for value in values:
        name = names.get(guid_key(value.variable_guid))
        if name is None:
            name = f"Variable {value.variable_guid[:8]}"
            report.doubtful.append(f"{where}: variable {value.variable_guid} is not declared.")
        out[name] = json_value(value.value)
    return out


def _pop(values: dict[str, Any], names: set[str]) -> Any:
    for key in list(values):
        if key.casefold() in names:
            return values.pop(key)
    return None


def import_cases(
    session: Session, refi: RefiProject, report: ImportReport, *, merge: bool
) -> CasePlan:
    names = {guid_key(v.guid): v.name for v in refi.variables}
    plan = CasePlan()
    existing = {guid_key(g): i for g, i in session.execute(select(Case.guid, Case.id))}
    labels = {label.casefold(): i for label, i in session.execute(select(Case.label, Case.id))}
    taken = set(labels)
    people: list[tuple[RefiCase, dict[str, Any], str]] = []
    rows: list[dict[str, Any]] = []
    assigned: dict[str, str] = {}
    seen: set[str] = set()
    for case in refi.cases:
        where = f"Case {case.name!r} ({case.guid})"
        if guid_key(case.guid) in seen:
            report.doubtful.append(f"{where}: GUID repeated in the file; kept once.")
            continue
        seen.add(guid_key(case.guid))
        values = _values(case.variable_values, names, where, report)
        role = _pop(values, {ROLE})
        if isinstance(role, str) and role.strip():
            people.append((case, values, role.strip()))
            continue
        if case.code_refs or case.selection_refs:
            report.dropped.append(
                f"{where}: {len(case.code_refs)} code and {len(case.selection_refs)} "
                "selection references (cases hold documents in mutualscope)."
            )
        key = guid_key(case.guid)
        if merge and key in existing:
            plan.case_ids[key] = existing[key]
            report.match("cases")
        elif merge and case.name.casefold() in labels:
            plan.case_ids[key] = labels[case.name.casefold()]
            report.match("cases")
        else:
            organisation = _pop(values, ORGANISATION_NAMES)
            extra = [s for s in case.source_refs if assigned.setdefault(guid_key(s), key) != key]
            attributes: dict[str, Any] = {"variables": values} if values else {}
            if extra:
                attributes["refi"] = {"sources": extra}
            rows.append(
                {
                    "label": unique_label(case.name, taken, 200),
                    "guid": case.guid,
                    "description": case.description,
                    "attributes": attributes,
                    "organisation_id": _organisation(session, organisation, report),
                }
            )
        for source in case.source_refs:
            assigned.setdefault(guid_key(source), key)
    insert_rows(session, Case, rows)
    plan.case_ids.update(ids_by_guid(session, Case, [r["guid"] for r in rows]))
    report.count("cases", len(rows))
    plan.document_case = {s: plan.case_ids[c] for s, c in assigned.items() if c in plan.case_ids}
    plan.speakers = _import_participants(session, people, report, merge=merge)
    return plan


def _organisation(session: Session, name: Any, report: ImportReport) -> int | None:
    if not isinstance(name, str) or not name.strip():
        return None
    key = organisation_key(name)
    found = session.scalar(select(Organisation.id).where(Organisation.name_key == key))
    if found is not None:
        return found
    organisation = Organisation(name=name.strip()[:300], name_key=key, attributes={})
    session.add(organisation)
    session.flush()
    report.count("organisations")
    report.mapped.append(f"organisation {name!r} added to the registry (name only).")
    return organisation.id


def _import_participants(
    session: Session,
    people: list[tuple[RefiCase, dict[str, Any], str]],
    report: ImportReport,
    *,
    merge: bool,
) -> list[tuple[str, list[str], list[str]]]:
    speakers: list[tuple[str, list[str], list[str]]] = []
    if not people:
        return speakers
    existing = {guid_key(g) for (g,) in session.execute(select(Participant.guid))}
    labels = {label.casefold() for (label,) in session.execute(select(Participant.label))}
    cases = {label.casefold(): i for label, i in session.execute(select(Case.label, Case.id))}
    rows = []
    for case, values, role in people:
        if guid_key(case.guid) in existing or (merge and case.name.casefold() in labels):
            report.match("participants")
            continue
        case_label = _pop(values, {CASE})
        external = _pop(values, {EXTERNAL})
        consent = str(_pop(values, {CONSENT}) or "unknown").lower()
        speaker = _pop(values, {SPEAKER})
        if isinstance(speaker, str) and speaker.strip() and case.source_refs:
            labels_said = [x.strip() for x in speaker.split(SPEAKER_SEPARATOR) if x.strip()]
            speakers.append((case.guid, labels_said, case.source_refs))
        attributes: dict[str, Any] = {"variables": values} if values else {}
        if case.source_refs:
            attributes["refi"] = {"sources": case.source_refs}
        rows.append(
            {
                "label": unique_label(case.name, labels, 200),
                "guid": case.guid,
                "role": role[:100],
                "case_id": cases.get(str(case_label).casefold()) if case_label else None,
                "external": external is True or str(external).lower() == "true",
                "consent": consent if consent in CONSENTS else "unknown",
                "attributes": attributes,
            }
        )
    insert_rows(session, Participant, rows)
    report.count("participants", len(rows))
    if rows:
        report.mapped.append(f"{len(rows)} case(s) with a Role variable became participants.")
    return speakers


def link_speakers(
    session: Session,
    speakers: list[tuple[str, list[str], list[str]]],
    documents: dict[str, int],
    report: ImportReport,
) -> None:
    """Give each participant the speaker turns labelled with one of their ``Speaker``
    labels in the documents their case refers to (``documents``: source GUID key -> id)."""
    ids = ids_by_guid(session, Participant, [guid for guid, _labels, _refs in speakers])
    linked = 0
    for guid, labels, refs in speakers:
        person = ids.get(guid_key(guid))
        docs = [documents[guid_key(r)] for r in refs if guid_key(r) in documents]
        if person is None or not docs:
            continue
        result = session.execute(
            update(Segment)
            .where(Segment.document_id.in_(docs), Segment.speaker.in_(labels))
            .values(participant_id=person)
        )
        linked += result.rowcount  # type: ignore[attr-defined]
    if linked:
        report.mapped.append(f"{linked} speaker turn(s) linked to participants by their Speaker.")
