from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from mutualscope.services.audit import list_events
from mutualscope.services.users import get_user


def test_api_users_list_add_and_set_role(owner: TestClient) -> None:
    listed = owner.get("/api/v1/users").json()
    assert [(u["name"], u["role"], u["active"]) for u in listed] == [
        ("coder", "coder", True),
        ("owner", "owner", True),
        ("viewer", "viewer", True),
    ]
    assert all(datetime.fromisoformat(u["created"]).tzinfo is not None for u in listed)
    added = owner.post("/api/v1/users", json={"name": "dora", "role": "coder"})
    assert added.status_code == 201, added.text
    assert (added.json()["can_sign_in"], added.json()["active"]) == (False, True)
    assert "created" in added.json()
    changed = owner.put("/api/v1/users/dora/role", json={"role": "viewer"})
    assert changed.status_code == 200 and changed.json()["role"] == "viewer"
    again = owner.post("/api/v1/users", json={"name": "dora", "role": "coder"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"


def test_api_users_deactivate_ends_sessions_and_reactivate(
    owner: TestClient, client_for: Callable[[str | None], TestClient], session: Session
) -> None:
    coder = client_for("coder")
    assert coder.get("/api/v1/documents").status_code == 200
    off = owner.put("/api/v1/users/coder/active", json={"active": False})
    assert off.status_code == 200, off.text
    assert (off.json()["active"], off.json()["can_sign_in"]) == (False, False)
    assert coder.get("/api/v1/documents").status_code == 401
    on = owner.put("/api/v1/users/coder/active", json={"active": True})
    assert on.status_code == 200 and on.json()["active"] is True
    assert client_for("coder").get("/api/v1/documents").status_code == 200
    events = [e for e in list_events(session) if e.action == "set-active"]  # newest first
    assert [(e.before, e.after, e.actor) for e in events] == [
        ({"active": False}, {"active": True}, "owner"),
        ({"active": True}, {"active": False}, "owner"),
    ]


def test_api_users_active_refusals(owner: TestClient, session: Session) -> None:
    myself = owner.put("/api/v1/users/owner/active", json={"active": False})
    assert myself.status_code == 409 and "yourself" in myself.json()["error"]["message"]
    missing = owner.put("/api/v1/users/nobody/active", json={"active": False})
    assert missing.status_code == 404
    not_bool = owner.put("/api/v1/users/coder/active", json={"active": "maybe"})
    assert not_bool.status_code == 422
    session.expire_all()
    assert get_user(session, "owner").active


def test_api_users_active_is_for_owners(
    client_for: Callable[[str | None], TestClient], session: Session
) -> None:
    for who in ("viewer", "coder"):
        answer = client_for(who).put("/api/v1/users/viewer/active", json={"active": False})
        assert answer.status_code == 403
        assert answer.json()["error"]["code"] == "permission_denied"
    session.expire_all()
    assert get_user(session, "viewer").active
