from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from mutualscope.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from mutualscope.services import users
from mutualscope.services.audit import list_events
from mutualscope.services.browser_sessions import find_session_user, start_session
from mutualscope.storage.users import User


def test_users_add_hashes_with_argon2(session: Session) -> None:
    info = users.add_user(session, name="alice", role="owner", password="correct horse")
    stored = session.get(User, info.id)
    assert stored is not None and stored.password_hash is not None
    assert stored.password_hash.startswith("$argon2id$")
    assert "correct horse" not in stored.password_hash
    assert info.can_sign_in
    assert list_events(session)[0].action == "add"


def test_users_add_refuses_duplicates_bad_roles_and_short_passwords(session: Session) -> None:
    users.add_user(session, name="alice", role="coder", password="long enough")
    with pytest.raises(Conflict):
        users.add_user(session, name="alice", role="coder", password="long enough")
    with pytest.raises(InvalidInput, match="Unknown role"):
        users.add_user(session, name="bob", role="admin", password="long enough")
    with pytest.raises(InvalidInput, match="at least 8"):
        users.add_user(session, name="bob", role="coder", password="short")
    assert [u.name for u in users.list_users(session)] == ["alice"]


def test_users_authenticate(session: Session) -> None:
    users.add_user(session, name="alice", role="coder", password="long enough")
    users.add_user(session, name="cli-coder", role="coder", password=None)
    assert users.authenticate(session, name="alice", password="long enough") is not None
    assert users.authenticate(session, name="alice", password="wrong one!") is None
    assert users.authenticate(session, name="nobody", password="long enough") is None
    assert users.authenticate(session, name="cli-coder", password="") is None


def test_users_set_role_keeps_an_owner(session: Session) -> None:
    users.add_user(session, name="alice", role="owner", password="long enough")
    with pytest.raises(Conflict, match="only owner"):
        users.set_role(session, name="alice", role="viewer")
    users.add_user(session, name="bob", role="coder", password="long enough")
    assert users.set_role(session, name="bob", role="owner").role == "owner"
    assert users.set_role(session, name="alice", role="viewer").role == "viewer"
    with pytest.raises(NotFound):
        users.set_role(session, name="carol", role="viewer")


def test_users_set_password_ends_every_session_of_that_user(session: Session) -> None:
    users.add_user(session, name="alice", role="owner", password="long enough")
    users.add_user(session, name="bob", role="coder", password="long enough")
    alice, bob = users.get_user(session, "alice"), users.get_user(session, "bob")
    laptop = start_session(session, user=alice, lifetime=3600)
    phone = start_session(session, user=alice, lifetime=3600)
    bobs = start_session(session, user=bob, lifetime=3600)
    users.set_password(session, name="alice", password="another long one")
    assert find_session_user(session, laptop) is None
    assert find_session_user(session, phone) is None
    assert find_session_user(session, bobs) is bob
    assert users.authenticate(session, name="alice", password="long enough") is None
    assert users.authenticate(session, name="alice", password="another long one") is alice


def test_users_set_active_false_ends_sessions_and_set_role_keeps_them(session: Session) -> None:
    users.add_user(session, name="alice", role="owner", password="long enough")
    users.add_user(session, name="bob", role="coder", password="long enough")
    bob = users.get_user(session, "bob")
    token = start_session(session, user=bob, lifetime=3600)
    users.set_role(session, name="bob", role="viewer", actor="alice")
    same = find_session_user(session, token)
    assert same is bob and same.role == "viewer"
    users.set_active(session, name="bob", active=False, actor="alice")
    assert find_session_user(session, token) is None
    users.set_active(session, name="bob", active=True, actor="alice")
    assert find_session_user(session, token) is None


def test_users_set_active_stops_and_restores_sign_in(session: Session) -> None:
    users.add_user(session, name="alice", role="owner", password="long enough")
    users.add_user(session, name="bob", role="coder", password="long enough")
    off = users.set_active(session, name="bob", active=False, actor="alice")
    assert (off.active, off.can_sign_in) == (False, False)
    assert users.authenticate(session, name="bob", password="long enough") is None
    # Already inactive: nothing changes and nothing is recorded.
    users.set_active(session, name="bob", active=False, actor="alice")
    on = users.set_active(session, name="bob", active=True, actor="alice")
    assert (on.active, on.can_sign_in) == (True, True)
    assert users.authenticate(session, name="bob", password="long enough") is not None
    events = [e for e in list_events(session) if e.action == "set-active"]
    assert [(e.after, e.actor) for e in events] == [
        ({"active": True}, "alice"),
        ({"active": False}, "alice"),
    ]


def test_users_set_active_keeps_an_owner_and_refuses_yourself(session: Session) -> None:
    users.add_user(session, name="alice", role="owner", password="long enough")
    with pytest.raises(Conflict, match="only active owner"):
        users.set_active(session, name="alice", active=False)
    users.add_user(session, name="bob", role="owner", password="long enough")
    with pytest.raises(Conflict, match="yourself"):
        users.set_active(session, name="alice", active=False, actor="alice")
    assert not users.set_active(session, name="alice", active=False, actor="bob").active
    # Bob is now the only active owner: he can neither be demoted nor deactivated.
    with pytest.raises(Conflict, match="only owner"):
        users.set_role(session, name="bob", role="coder", actor="alice")
    with pytest.raises(Conflict, match="only active owner"):
        users.set_active(session, name="bob", active=False)
    with pytest.raises(NotFound):
        users.set_active(session, name="carol", active=False)


def test_users_list_says_when_each_was_added(session: Session) -> None:
    info = users.add_user(session, name="alice", role="viewer", password=None)
    listed = users.list_users(session)[0]
    assert listed.created.tzinfo is not None
    assert listed.created == info.created
    assert listed.as_dict()["created"] == info.created.isoformat()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("viewer", {"read"}),
        ("coder", {"read", "code", "memo"}),
        ("owner", set(users.PERMISSIONS)),
    ],
)
def test_users_require_follows_the_role_ladder(
    session: Session, role: str, allowed: set[str]
) -> None:
    user = User(name=f"u-{role}", role=role, active=True)
    for action in users.PERMISSIONS:
        if action in allowed:
            users.require(user, action)
        else:
            with pytest.raises(PermissionDenied, match=role):
                users.require(user, action)


def test_users_session_secret_is_made_once(session: Session) -> None:
    first = users.session_secret(session)
    assert len(first) == 32
    assert users.session_secret(session) == first
