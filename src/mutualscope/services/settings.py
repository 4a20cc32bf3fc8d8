"""Project-wide settings (title, submitter ...), stored in the project itself."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.errors import PermissionDenied
from mutualscope.services.audit import record_event
from mutualscope.storage.users import ProjectSetting, User


def set_setting(session: Session, key: str, value: str, *, actor: str | None = None) -> None:
    """Set a project setting, recording the change (values of secrets are not kept)."""
    setting = session.get(ProjectSetting, key)
    before = setting.value if setting is not None else None
    if setting is None:
        session.add(ProjectSetting(key=key, value=value))
    else:
        setting.value = value
    if before != value:
        secret = "secret" in key
        record_event(
            session,
            action="set",
            entity_type="setting",
            before={key: "(secret)" if secret and before is not None else before},
            after={key: "(secret)" if secret else value},
            actor=actor,
        )
    session.commit()


def get_setting(session: Session, key: str, default: str | None = None) -> str | None:
    setting = session.get(ProjectSetting, key)
    return setting.value if setting is not None else default


def all_settings(session: Session) -> dict[str, str]:
    return {s.key: s.value for s in session.scalars(select(ProjectSetting))}


#: Blind coding: coders see only their own codings until an owner ends it.
BLIND_CODING_KEY = "coding.blind"


def blind_coding(session: Session) -> bool:
    """Whether the project is set to blind coding."""
    return get_setting(session, BLIND_CODING_KEY) == "on"


def set_blind_coding(session: Session, on: bool, *, actor: str | None = None) -> bool:
    """Switch blind coding on or off (owners decide; the shells check the role)."""
    set_setting(session, BLIND_CODING_KEY, "on" if on else "off", actor=actor)
    return on


def coder_seen(session: Session, user: User) -> str | None:
    """Whose codings ``user`` may see: their own name on a blind project unless they
    are an owner, else None (everyone's). Every list of codings, quotes, highlights,
    matrices and agreement asks this before it reads."""
    if user.role == "owner" or not blind_coding(session):
        return None
    return user.name


def require_unblinded(session: Session, user: User, what: str) -> None:
    """Raise PermissionDenied when blind coding keeps ``user`` from seeing others'
    codings and ``what`` would show them (agreement compares coders)."""
    if coder_seen(session, user) is not None:
        raise PermissionDenied(
            f"The project is set to blind coding: {what} shows other coders' codings, so "
            "only owners see it until an owner ends blind coding."
        )
