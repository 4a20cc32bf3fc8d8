from __future__ import annotations

import json
from collections.abc import Callable

from click.testing import Result
from sqlalchemy.orm import Session

from mutualscope.services.browser_sessions import find_session_user, start_session
from mutualscope.services.users import authenticate, get_user


def test_users_add_list_and_set_role(cli: Callable[..., Result]) -> None:
    result = cli("users", "add", "alice", "--role", "owner", input="a long passphrase\n")
    assert result.exit_code == 0, result.output
    assert "Added alice (owner)" in result.output
    cli("users", "add", "bob", "--role", "coder", "--password-stdin", input="another one!\n")
    cli("users", "add", "cli-only", "--role", "coder", "--no-password")
    rows = json.loads(cli("users", "list", "--format", "json").output)
    assert [(r["name"], r["role"], r["can_sign_in"]) for r in rows] == [
        ("alice", "owner", True),
        ("bob", "coder", True),
        ("cli-only", "coder", False),
    ]
    assert "bob is now a viewer" in cli("users", "set-role", "bob", "viewer").output
    assert "password" not in cli("users", "list", "--format", "csv").output.split("\n")[0]


def test_users_add_refuses_bad_input(cli: Callable[..., Result]) -> None:
    short = cli("users", "add", "alice", "--role", "owner", input="short\n")
    assert short.exit_code == 1
    assert "at least 8 characters" in short.output
    empty = cli("users", "add", "alice", "--role", "owner", input="")
    assert empty.exit_code == 1
    bad_role = cli("users", "add", "alice", "--role", "admin", input="long enough\n")
    assert bad_role.exit_code == 2
    cli("users", "add", "alice", "--role", "owner", input="long enough\n")
    last_owner = cli("users", "set-role", "alice", "coder")
    assert last_owner.exit_code == 1
    assert "only owner" in last_owner.output
    assert "No users" not in cli("users", "list").output


def test_users_set_password(cli: Callable[..., Result]) -> None:
    cli("users", "add", "alice", "--role", "owner", input="long enough\n")
    result = cli("users", "set-password", "alice", input="a new password\n")
    assert result.exit_code == 0
    missing = cli("users", "set-password", "nobody", input="a new password\n")
    assert missing.exit_code == 1


def test_users_set_password_signs_the_user_out_of_the_web_app(
    cli: Callable[..., Result], session: Session
) -> None:
    cli("users", "add", "alice", "--role", "owner", input="long enough\n")
    cli("users", "add", "bob", "--role", "coder", input="long enough\n")
    alice, bob = get_user(session, "alice"), get_user(session, "bob")
    alices = start_session(session, user=alice, lifetime=3600)
    bobs = start_session(session, user=bob, lifetime=3600)
    result = cli("users", "set-password", "alice", input="a new password\n")
    assert result.exit_code == 0, result.output
    session.expire_all()
    assert find_session_user(session, alices) is None
    assert find_session_user(session, bobs) is not None
    assert authenticate(session, name="alice", password="long enough") is None
    assert authenticate(session, name="alice", password="a new password") is not None
