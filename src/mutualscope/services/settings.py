"""Project-wide settings (title, submitter ...), stored in the project itself."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.storage.users import ProjectSetting


def set_setting(session: Session, key: str, value: str) -> None:
    setting = session.get(ProjectSetting, key)
    if setting is None:
        session.add(ProjectSetting(key=key, value=value))
    else:
        setting.value = value
    session.commit()


def get_setting(session: Session, key: str, default: str | None = None) -> str | None:
    setting = session.get(ProjectSetting, key)
    return setting.value if setting is not None else default


def all_settings(session: Session) -> dict[str, str]:
    return {s.key: s.value for s in session.scalars(select(ProjectSetting))}
