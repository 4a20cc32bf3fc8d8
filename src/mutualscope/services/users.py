"""People who sign in: accounts, roles, password checks and what each role may do.

Roles rank ``viewer < coder < owner``: viewers read, coders also code and write memos,
owners also import, edit the codebook and manage users.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mutualscope.domain.choices import USER_ROLES
from mutualscope.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from mutualscope.services.audit import record_event
from mutualscope.services.browser_sessions import end_user_sessions
from mutualscope.storage.users import ProjectSetting, User

ROLES = USER_ROLES
ROLE_RANK = {"viewer": 0, "coder": 1, "owner": 2}

#: The least role that may take each action; every web endpoint names one of these.
PERMISSIONS = {
    "read": "viewer",
    "code": "coder",
    "memo": "coder",
    "import": "owner",
    "edit-codebook": "owner",
    "edit-registry": "owner",
    "manage-users": "owner",
}

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024
MAX_NAME_LENGTH = 200
SESSION_SECRET_KEY = "web.session_secret"

_hasher = PasswordHasher()
# Verifying against this keeps a sign-in for an unknown name as slow as for a known one,
# so response times do not reveal which names exist.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


@dataclass(frozen=True)
class UserInfo:
    """A user as shells show it: never the password hash."""

    id: int
    name: str
    role: str
    active: bool
    can_sign_in: bool
    created: datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "active": self.active,
            "can_sign_in": self.can_sign_in,
            "created": self.created.isoformat(),
        }


def user_info(user: User) -> UserInfo:
    created = user.created_at
    # SQLite gives back the stored UTC time without its zone.
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return UserInfo(
        id=user.id,
        name=user.name,
        role=user.role,
        active=user.active,
        can_sign_in=user.password_hash is not None and user.active,
        created=created,
    )


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"Unknown role {role!r}: expected one of {', '.join(ROLES)}.")
    return role


def check_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise InvalidInput("A user name cannot be empty.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InvalidInput(f"A user name has at most {MAX_NAME_LENGTH} characters.")
    if any(ch.isspace() and ch != " " for ch in cleaned):
        raise InvalidInput("A user name cannot contain tabs or line breaks.")
    return cleaned


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(f"A password has at most {MAX_PASSWORD_LENGTH} characters.")
    return str(_hasher.hash(password))


def find_user(session: Session, name: str) -> User | None:
    return session.scalars(select(User).where(User.name == name.strip())).first()


def get_user(session: Session, name: str) -> User:
    user = find_user(session, name)
    if user is None:
        raise NotFound(f"There is no user named {name!r}.")
    return user


def add_user(
    session: Session,
    *,
    name: str,
    role: str,
    password: str | None,
    actor: str | None = None,
) -> UserInfo:
    """Add a user; without a password the user codes from the command line only."""
    name = check_name(name)
    check_role(role)
    password_hash = hash_password(password) if password is not None else None
    if find_user(session, name) is not None:
        raise Conflict(f"A user named {name!r} already exists.")
    user = User(name=name, role=role, password_hash=password_hash, active=True)
    session.add(user)
    session.flush()
    record_event(
        session,
        action="add",
        entity_type="user",
        entity_id=user.id,
        after={"name": name, "role": role},
        actor=actor,
    )
    session.commit()
    return user_info(user)


def list_users(session: Session) -> list[UserInfo]:
    return [user_info(u) for u in session.scalars(select(User).order_by(User.name))]


def count_owners(session: Session) -> int:
    query = select(func.count()).select_from(User).where(User.role == "owner", User.active)
    return int(session.scalar(query) or 0)


def set_role(session: Session, *, name: str, role: str, actor: str | None = None) -> UserInfo:
    """Change a user's role; the last active owner cannot be demoted. Signed-in sessions
    stay, and act with the new role from their next request."""
    check_role(role)
    user = get_user(session, name)
    before = user.role
    if before == "owner" and role != "owner" and user.active and count_owners(session) <= 1:
        raise Conflict(f"{user.name} is the only owner: make someone else an owner first.")
    user.role = role
    record_event(
        session,
        action="set-role",
        entity_type="user",
        entity_id=user.id,
        before={"role": before},
        after={"role": role},
        actor=actor,
    )
    session.commit()
    return user_info(user)


def set_active(session: Session, *, name: str, active: bool, actor: str | None = None) -> UserInfo:
    """Deactivate a user, who can then no longer sign in (their open sessions end and
    their codings stay), or make them active again (with no session back: they sign in
    anew). Nobody deactivates themselves, and the last active owner stays active."""
    user = get_user(session, name)
    before = user.active
    if before == active:
        return user_info(user)
    if not active and actor is not None and user.name == actor:
        raise Conflict("You cannot deactivate yourself: ask another owner.")
    if not active and user.role == "owner" and count_owners(session) <= 1:
        raise Conflict(f"{user.name} is the only active owner: make someone else an owner first.")
    user.active = active
    if not active:
        end_user_sessions(session, user.id)
    record_event(
        session,
        action="set-active",
        entity_type="user",
        entity_id=user.id,
        before={"active": before},
        after={"active": active},
        actor=actor,
    )
    session.commit()
    return user_info(user)


def set_password(
    session: Session, *, name: str, password: str, actor: str | None = None
) -> UserInfo:
    """Replace a password; every web session of the user ends, in every server process."""
    user = get_user(session, name)
    user.password_hash = hash_password(password)
    end_user_sessions(session, user.id)
    record_event(session, action="set-password", entity_type="user", entity_id=user.id, actor=actor)
    session.commit()
    return user_info(user)


def authenticate(session: Session, *, name: str, password: str) -> User | None:
    """The active user with this name and password, or None. Takes as long either way."""
    user = find_user(session, name) if name.strip() else None
    stored = user.password_hash if user is not None and user.active else None
    try:
        _hasher.verify(stored or _DUMMY_HASH, password[:MAX_PASSWORD_LENGTH])
    except (VerificationError, InvalidHashError):
        return None
    if user is None or stored is None:
        return None
    if _hasher.check_needs_rehash(stored):
        user.password_hash = _hasher.hash(password)
        session.commit()
    return user


def has_role(user: User, least: str) -> bool:
    return ROLE_RANK.get(user.role, -1) >= ROLE_RANK[least]


def may(user: User, action: str) -> bool:
    return user.active and has_role(user, PERMISSIONS[action])


def require(user: User, action: str) -> None:
    """Raise PermissionDenied unless the user's role allows the action."""
    if action not in PERMISSIONS:
        raise ValueError(f"unknown action {action!r}")
    if not may(user, action):
        least = PERMISSIONS[action]
        raise PermissionDenied(
            f"{user.name} is a {user.role}; {action.replace('-', ' ')} needs the {least} "
            "role or higher."
        )


def session_secret(session: Session) -> bytes:
    """The project's key for signing web sessions, made on first use.

    It lives in the project so several server processes share it and restarts keep
    people signed in; anyone who can read the database can already change it anyway.
    """
    setting = session.get(ProjectSetting, SESSION_SECRET_KEY)
    if setting is None:
        setting = ProjectSetting(key=SESSION_SECRET_KEY, value=secrets.token_hex(32))
        session.add(setting)
        try:
            session.commit()
        except IntegrityError:
            # Another process made it first: use theirs.
            session.rollback()
            setting = session.get(ProjectSetting, SESSION_SECRET_KEY)
            if setting is None:
                raise
    return bytes.fromhex(setting.value)
