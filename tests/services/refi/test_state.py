from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mutualscope.services.refi.state import load_state, merge_by_guid, save_state
from mutualscope.storage.models import ProjectSetting


def test_state_large_values_are_chunked_and_read_back(session: Session) -> None:
    members = [f"{n:08d}-0000-4000-8000-000000000000" for n in range(500)]
    state = {"sets": [{"guid": "s1", "name": "Ünïcode set", "member_codes": members}]}
    save_state(session, state)
    session.commit()
    assert load_state(session) == state
    chunks = session.scalar(select(func.count()).select_from(ProjectSetting))
    assert chunks is not None and chunks > 5
    save_state(session, {"sets": []})
    session.commit()
    assert load_state(session) == {"sets": []}


def test_state_merge_by_guid_replaces_same_guid_in_any_case() -> None:
    old = [{"guid": "AB", "name": "old"}, {"guid": "cd", "name": "kept"}]
    new = [{"guid": "ab", "name": "new"}]
    assert merge_by_guid(old, new) == [
        {"guid": "ab", "name": "new"},
        {"guid": "cd", "name": "kept"},
    ]
