"""Participants (people interviewed, known by label and role) and the role vocabulary."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mutualscope.domain.roles import DEFAULT_ROLES, GROUPS, Role, is_valid_role_key, role_key
from mutualscope.errors import Conflict, InvalidInput, NotFound
from mutualscope.services.audit import record_event
from mutualscope.services.cases import find_case
from mutualscope.storage.cases import Case, Participant
from mutualscope.storage.consent import REFUSED, UNKNOWN, ConsentRecord
from mutualscope.storage.organisations import VocabularyTerm

ROLE_VOCABULARY = "participant-role"


@dataclass(frozen=True)
class ParticipantSummary:
    id: int
    label: str
    role: str
    role_group: str
    case: str | None
    external: bool
    consent: str
    #: Consent to being quoted: granted, refused or unknown (see services.consent).
    quoting: str = "unknown"


def list_roles(session: Session) -> list[Role]:
    """The built-in roles, then the project's own (their group is kept in description)."""
    added = session.scalars(
        select(VocabularyTerm)
        .where(VocabularyTerm.vocabulary == ROLE_VOCABULARY)
        .order_by(VocabularyTerm.id)
    )
    return list(DEFAULT_ROLES) + [
        Role(t.key, t.label, t.description if t.description in GROUPS else "other") for t in added
    ]


def add_role(session: Session, *, key: str, label: str | None = None, group: str = "other") -> Role:
    """Extend the role vocabulary, e.g. ``pharmacist`` in the ``staff`` group."""
    normalised = role_key(key)
    if not is_valid_role_key(normalised):
        raise InvalidInput(
            f"Role {key!r} is not a valid role name: use letters, digits and spaces "
            "(up to 60 characters), starting with a letter."
        )
    if group not in GROUPS:
        raise InvalidInput(f"Unknown role group {group!r}; expected one of: {', '.join(GROUPS)}.")
    if any(r.key == normalised for r in list_roles(session)):
        raise Conflict(f"The role {normalised!r} already exists.")
    role = Role(normalised, label or normalised.capitalize(), group)
    session.add(
        VocabularyTerm(
            vocabulary=ROLE_VOCABULARY, key=role.key, label=role.label, description=group
        )
    )
    record_event(session, action="create", entity_type="role", after={"key": role.key})
    session.commit()
    return role


def resolve_role(session: Session, text: str) -> Role:
    """The role named by ``text`` (aliases such as "chief executive" accepted)."""
    key = role_key(text)
    for role in list_roles(session):
        if role.key == key:
            return role
    known = ", ".join(r.key for r in list_roles(session))
    raise InvalidInput(
        f"Unknown role {text!r}. Known roles: {known}. Add one with `mutualscope people add-role`."
    )


def roles_matching(session: Session, text: str) -> list[str]:
    """Role keys for a role or a role group ("staff" covers nurses and therapists too)."""
    wanted = text.strip().lower()
    roles = list_roles(session)
    if wanted in GROUPS:
        keys = [r.key for r in roles if r.group == wanted]
        if wanted == "staff" and "staff" not in keys:
            keys.append("staff")
        return sorted(set(keys))
    return [resolve_role(session, text).key]


def find_participant(session: Session, label: str) -> Participant:
    person = session.scalar(
        select(Participant).where(func.lower(Participant.label) == label.strip().lower())
    )
    if person is None:
        raise NotFound(
            f"No participant {label!r}. Add one with `mutualscope people add {label!r} --role ...`."
        )
    return person


def add_participant(
    session: Session,
    *,
    label: str,
    role: str,
    case: str | None = None,
    external: bool = False,
    real_name: str | None = None,
    actor: str | None = None,
) -> Participant:
    """Add a participant known by ``label`` and ``role``; the real name is optional."""
    label = label.strip()
    if not label:
        raise InvalidInput("A participant needs a label, such as 'Nurse A'.")
    if session.scalar(select(Participant.id).where(func.lower(Participant.label) == label.lower())):
        raise Conflict(f"There is already a participant {label!r}.")
    known = resolve_role(session, role)
    case_row = find_case(session, case) if case else None
    person = Participant(
        label=label,
        role=known.key,
        case_id=case_row.id if case_row else None,
        external=external,
        real_name=real_name or None,
    )
    session.add(person)
    try:
        session.flush()
        record_event(
            session,
            action="create",
            entity_type="participant",
            entity_id=person.id,
            # The real name stays out of the audit trail, as it does out of quotes.
            after={"label": label, "role": known.key, "case": case, "external": external},
            actor=actor,
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return person


def list_participants(
    session: Session, *, case: str | None = None, role: str | None = None
) -> list[ParticipantSummary]:
    """Participants by label, with role, role group and case; never their real names."""
    groups = {r.key: r.group for r in list_roles(session)}
    query = (
        select(Participant, Case.label, ConsentRecord.quoting)
        .outerjoin(Case, Case.id == Participant.case_id)
        .outerjoin(ConsentRecord, ConsentRecord.participant_id == Participant.id)
        .order_by(Participant.label)
    )
    if case:
        query = query.where(Participant.case_id == find_case(session, case).id)
    if role:
        query = query.where(Participant.role.in_(roles_matching(session, role)))
    return [
        ParticipantSummary(
            p.id,
            p.label,
            p.role,
            groups.get(p.role, "other"),
            c,
            p.external,
            p.consent,
            REFUSED if p.consent == "withdrawn" else quoting or UNKNOWN,
        )
        for p, c, quoting in session.execute(query)
    ]
