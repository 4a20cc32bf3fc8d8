"""Cases and participants written as REFI-QDA cases with variables.

A participant is written as a case with ``Role``, ``Case``, ``External`` and ``Consent``
variables (how the import recognises one); a real name is never written, and people who
withdrew consent are left out.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.io.refi.elements import guid_key
from mutualscope.io.refi.model import RefiCase
from mutualscope.services.refi.people import SPEAKER_SEPARATOR
from mutualscope.services.refi.variables import VariableRegistry
from mutualscope.storage.models import Case, Document, Organisation, Participant, Segment


def export_cases(session: Session, registry: VariableRegistry, report: Any) -> list[RefiCase]:
    documents = dict(session.execute(select(Document.id, Document.guid)).all())
    known = {guid_key(g) for g in documents.values()}
    by_case: dict[int, list[str]] = defaultdict(list)
    for doc_id, case_id in session.execute(
        select(Document.id, Document.case_id)
        .where(Document.case_id.is_not(None))
        .order_by(Document.id)
    ):
        if case_id is not None:
            by_case[case_id].append(documents[doc_id])
    organisations = dict(session.execute(select(Organisation.id, Organisation.name)).all())
    labels: dict[int, str] = {}
    cases: list[RefiCase] = []
    query = select(
        Case.id, Case.guid, Case.label, Case.description, Case.attributes, Case.organisation_id
    ).order_by(Case.id)
    for case_id, guid, label, description, attributes, organisation_id in session.execute(query):
        labels[case_id] = label
        attributes = attributes or {}
        values = []
        if organisation_id in organisations:
            values.append(registry.value("Organisation", organisations[organisation_id]))
        values += registry.values(attributes.get("variables", {}))
        extra = [g for g in attributes.get("refi", {}).get("sources", []) if guid_key(g) in known]
        cases.append(
            RefiCase(
                guid=guid,
                name=label,
                description=description,
                variable_values=values,
                source_refs=_unique(by_case.get(case_id, []) + extra),
            )
        )
    cases += _participants(session, registry, labels, documents, known, report)
    return cases


def _unique(guids: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for g in guids:
        seen.setdefault(guid_key(g), g)
    return list(seen.values())


def _participants(
    session: Session,
    registry: VariableRegistry,
    labels: dict[int, str],
    documents: dict[int, str],
    known: set[str],
    report: Any,
) -> list[RefiCase]:
    speaking: dict[int, list[str]] = defaultdict(list)
    labels_used: dict[int, set[str]] = defaultdict(set)
    for participant_id, doc_id, speaker in session.execute(
        select(Segment.participant_id, Segment.document_id, Segment.speaker)
        .where(Segment.participant_id.is_not(None))
        .distinct()
        .order_by(Segment.document_id)
    ):
        if participant_id is not None:
            speaking[participant_id].append(documents[doc_id])
            if speaker:
                labels_used[participant_id].add(speaker)
    out = []
    withdrawn = 0
    query = select(
        Participant.id,
        Participant.guid,
        Participant.label,
        Participant.role,
        Participant.case_id,
        Participant.external,
        Participant.consent,
        Participant.attributes,
    ).order_by(Participant.id)
    for pid, guid, label, role, case_id, external, consent, attributes in session.execute(query):
        if consent == "withdrawn":
            withdrawn += 1
            continue
        attributes = attributes or {}
        values = [registry.value("Role", role)]
        if case_id in labels:
            values.append(registry.value("Case", labels[case_id]))
        values.append(registry.value("External", bool(external)))
        values.append(registry.value("Consent", consent))
        if labels_used.get(pid):
            # The labels their turns carry, so an import can link the turns to them again.
            values.append(
                registry.value("Speaker", SPEAKER_SEPARATOR.join(sorted(labels_used[pid])))
            )
        values += registry.values(attributes.get("variables", {}))
        stored = [g for g in attributes.get("refi", {}).get("sources", []) if guid_key(g) in known]
        out.append(
            RefiCase(
                guid=guid,
                name=label,
                variable_values=values,
                source_refs=_unique(stored + speaking.get(pid, [])),
            )
        )
    if withdrawn:
        report.warnings.append(f"{withdrawn} participant(s) who withdrew consent left out.")
    return out
