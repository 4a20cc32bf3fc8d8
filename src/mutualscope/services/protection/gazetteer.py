"""The project's own names, gathered for a scan: participants (real names and labels),
organisations in the registry with their short forms, cases, and speaker labels."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain.protection.gazetteer import Gazetteer, GazetteerEntry
from mutualscope.domain.protection.kinds import ORGANISATION, PERSON
from mutualscope.domain.protection.variants import (
    is_name_like_label,
    organisation_name_forms,
    person_name_forms,
)
from mutualscope.storage.cases import Case, Participant
from mutualscope.storage.documents import Segment
from mutualscope.storage.organisations import Organisation

# Free attributes in which an organisation's other names may be kept.
ALIAS_ATTRIBUTES = ("short_name", "short name", "known_as", "known as", "aliases", "alias")
_CASE_NUMBER = re.compile(r"^\s*case\s*\d+\s*$", re.IGNORECASE)


def _aliases(attributes: dict[str, Any] | None) -> list[str]:
    found: list[str] = []
    for key, value in (attributes or {}).items():
        if key.lower() not in ALIAS_ATTRIBUTES or value is None:
            continue
        if isinstance(value, list):
            found += [str(v) for v in value]
        else:
            found += [v for v in re.split(r"[;|]", str(value))]
    return found


def project_gazetteer(session: Session) -> Gazetteer:
    """Every name the project itself knows, as gazetteer entries."""
    entries: list[GazetteerEntry] = []
    for label, real_name in session.execute(select(Participant.label, Participant.real_name)):
        if real_name:
            origin = f"participant {label}"
            entries += [GazetteerEntry(f, PERSON, origin) for f in person_name_forms(real_name)]
        if is_name_like_label(label):
            entries.append(GazetteerEntry(label, PERSON, f"participant label {label}"))
    speakers = session.scalars(
        select(Segment.speaker).where(Segment.speaker.is_not(None)).distinct()
    )
    for speaker in speakers:
        if speaker and is_name_like_label(speaker):
            entries.append(GazetteerEntry(speaker.strip(), PERSON, "speaker label"))
    for name, attributes in session.execute(select(Organisation.name, Organisation.attributes)):
        for form in organisation_name_forms(name, _aliases(attributes)):
            entries.append(GazetteerEntry(form, ORGANISATION, "registry", confidence=0.9))
    for (label,) in session.execute(select(Case.label)):
        if not _CASE_NUMBER.match(label):
            entries.append(GazetteerEntry(label, ORGANISATION, f"case {label}", confidence=0.85))
    return Gazetteer(entries)
