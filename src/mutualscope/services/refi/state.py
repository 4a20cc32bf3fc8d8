"""What a REFI-QDA project carries that has no table of its own (sets, variable
definitions, the project's name and description), kept in project settings.

Settings hold at most 2,000 characters each, so the JSON is stored in numbered chunks.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mutualscope.storage.users import ProjectSetting

PREFIX = "refi.state."
CHUNK = 1900


def load_state(session: Session) -> dict[str, Any]:
    rows = session.execute(
        select(ProjectSetting.key, ProjectSetting.value)
        .where(ProjectSetting.key.startswith(PREFIX))
        .order_by(ProjectSetting.key)
    ).all()
    if not rows:
        return {}
    try:
        data = json.loads("".join(value for _key, value in rows))
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def save_state(session: Session, state: dict[str, Any]) -> None:
    """Replace the stored state (flushes; the caller commits)."""
    session.execute(delete(ProjectSetting).where(ProjectSetting.key.startswith(PREFIX)))
    text = json.dumps(state, ensure_ascii=False, sort_keys=True)
    for index in range(0, len(text), CHUNK):
        session.add(
            ProjectSetting(key=f"{PREFIX}{index // CHUNK:05d}", value=text[index : index + CHUNK])
        )
    session.flush()


def merge_by_guid(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``old`` updated with ``new`` (entries are dicts with a ``guid``), order kept."""
    merged = {str(item["guid"]).lower(): item for item in old}
    for item in new:
        merged[str(item["guid"]).lower()] = item
    return list(merged.values())
