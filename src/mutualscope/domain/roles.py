"""The participant role vocabulary and the groups the research compares.

The seed's interviewees are "directors/leaders, managers, staff, trustees and users" inside
each case, and "commissioners of public services, partner organisations and other providers
of support" outside. Users can add roles; each role belongs to one group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

GROUPS: dict[str, str] = {
    "leadership": "Directors and leaders",
    "management": "Managers",
    "staff": "Staff",
    "governance": "Trustees and board members",
    "users": "Service users and carers",
    "external": "Commissioners, partners and support providers",
    "research": "Research team",
    "other": "Other",
}


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    group: str


DEFAULT_ROLES: tuple[Role, ...] = (
    Role("ceo", "Chief executive (CEO)", "leadership"),
    Role("director", "Director", "leadership"),
    Role("chair", "Chair", "leadership"),
    Role("manager", "Manager", "management"),
    Role("staff", "Staff member", "staff"),
    Role("nurse", "Nurse", "staff"),
    Role("therapist", "Therapist", "staff"),
    Role("clinician", "Clinician", "staff"),
    Role("administrator", "Administrator", "staff"),
    Role("trustee", "Trustee", "governance"),
    Role("board member", "Board member", "governance"),
    Role("user", "Service user", "users"),
    Role("carer", "Carer", "users"),
    Role("commissioner", "Commissioner", "external"),
    Role("partner", "Partner organisation", "external"),
    Role("support provider", "Support provider", "external"),
    Role("policy maker", "Policy maker", "external"),
    Role("interviewer", "Interviewer", "research"),
)

ALIASES: dict[str, str] = {
    "chief executive": "ceo",
    "chief executive officer": "ceo",
    "managing director": "director",
    "leader": "director",
    "team manager": "manager",
    "team lead": "manager",
    "employee": "staff",
    "district nurse": "nurse",
    "physiotherapist": "therapist",
    "physio": "therapist",
    "occupational therapist": "therapist",
    "doctor": "clinician",
    "gp": "clinician",
    "board": "board member",
    "service user": "user",
    "patient": "user",
    "client": "user",
    "partner organisation": "partner",
    "support body": "support provider",
    "researcher": "interviewer",
    "facilitator": "interviewer",
}

_SPACES = re.compile(r"[\s_-]+")
_ROLE_KEY = re.compile(r"^[a-z][a-z0-9 ]{0,59}$")


def role_key(text: str) -> str:
    """The vocabulary key for a role as typed: lower case, single spaces, aliases resolved."""
    key = _SPACES.sub(" ", text.strip().lower())
    return ALIASES.get(key, key)


def is_valid_role_key(key: str) -> bool:
    """Role keys are short lower-case words: letters, digits and spaces."""
    return bool(_ROLE_KEY.match(key))


def default_role(key: str) -> Role | None:
    for role in DEFAULT_ROLES:
        if role.key == key:
            return role
    return None
