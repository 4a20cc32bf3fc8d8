"""Project-wide settings (title, submitter ...), stored in the project itself."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.services.audit import record_event
from mutualscope.storage.users import ProjectSetting


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
