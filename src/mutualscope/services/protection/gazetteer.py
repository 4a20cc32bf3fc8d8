"""The project's own names, gathered for a scan: participants (real names and labels),
organisations in the registry with their short forms, cases, and speaker labels."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain.protection.gazetteer import Gazetteer
from mutualscope.domain.protection.project_names import build_gazetteer
from mutualscope.storage.cases import Case, Participant
from mutualscope.storage.documents import Segment
from mutualscope.storage.organisations import Organisation

# Free attributes in which an organisation's other names may be kept.
ALIAS_ATTRIBUTES = ("short_name", "short name", "known_as", "known as", "aliases", "alias")


def organisation_aliases(attributes: dict[str, Any] | None) -> list[str]:
    """Other names kept in an organisation's free attributes (a list, or text split
    at ';' or '|')."""
    found: list[str] = []
    for key, value in (attributes or {}).items():
        if key.lower() not in ALIAS_ATTRIBUTES or value is None:
            continue
        if isinstance(value, list):
            found += [str(v) for v in value]
        else:
            found += re.split(r"[;|]", str(value))
    return [a.strip() for a in found if a.strip()]


def project_gazetteer(session: Session) -> Gazetteer:
    """Every name the project itself knows, as gazetteer entries."""
    participants = session.execute(select(Participant.label, Participant.real_name))
    speakers = session.scalars(
        select(Segment.speaker).where(Segment.speaker.is_not(None)).distinct()
    )
    organisations = session.execute(select(Organisation.name, Organisation.attributes))
    return build_gazetteer(
        participants=[(label, real_name) for label, real_name in participants],
        organisations=[(name, organisation_aliases(attrs)) for name, attrs in organisations],
        cases=list(session.scalars(select(Case.label))),
        speakers=[s for s in speakers if s],
    )
