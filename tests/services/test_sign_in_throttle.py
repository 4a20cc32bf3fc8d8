"""Sign-in throttling per name from an address and per address, kept in the project."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.services.project import Project
from mutualscope.services.sign_in_throttle import (
    ThrottlePolicy,
    ThrottleRule,
    address_key,
    record_sign_in_failure,
    record_sign_in_success,
    sign_in_wait,
)
from mutualscope.storage.users import SignInFailures

NOON = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
POLICY = ThrottlePolicy(
    per_name_at_address=ThrottleRule(free_failures=2, base_delay=10, max_delay=25, window=60),
    per_address=ThrottleRule(free_failures=4, base_delay=10, max_delay=25, window=60),
)


def fail(session: Session, name: str, address: str, at: datetime) -> None:
    record_sign_in_failure(session, name=name, address=address, policy=POLICY, now=at)


def wait(session: Session, name: str, address: str, at: datetime) -> float:
    return sign_in_wait(session, name=name, address=address, policy=POLICY, now=at)


def test_sign_in_throttle_waits_grow_after_the_free_failures(session: Session) -> None:
    address = "192.0.2.1"
    fail(session, "Zoë", address, NOON)
    fail(session, "Zoë", address, NOON)
    assert wait(session, "Zoë", address, NOON) == 0
    fail(session, "Zoë", address, NOON)
    assert wait(session, "Zoë", address, NOON) == 10
    fail(session, "zoë ", address, NOON)  # the same name, however it is typed
    assert wait(session, "ZOË", address, NOON) == 20
    fail(session, "Zoë", address, NOON)
    assert wait(session, "Zoë", address, NOON) == 25
    assert wait(session, "Zoë", address, NOON + timedelta(seconds=30)) == 0


def test_sign_in_throttle_never_locks_a_name_for_everyone(session: Session) -> None:
    for _ in range(3):
        fail(session, "alice", "192.0.2.1", NOON)
    assert wait(session, "alice", "192.0.2.1", NOON) > 0
    assert wait(session, "alice", "198.51.100.2", NOON) == 0
    assert wait(session, "alice", "2001:db8::1", NOON) == 0


def test_sign_in_throttle_counts_an_address_across_names(session: Session) -> None:
    for name in ("a", "b", "c", "d"):
        fail(session, name, "192.0.2.9", NOON)
    assert wait(session, "e", "192.0.2.9", NOON) == 0
    fail(session, "e", "192.0.2.9", NOON)
    assert wait(session, "someone else", "192.0.2.9", NOON) == 10
    assert wait(session, "someone else", "192.0.2.10", NOON) == 0


def test_sign_in_throttle_success_clears_the_name_not_the_address(session: Session) -> None:
    for name in ("x", "x", "y", "y"):
        fail(session, name, "192.0.2.3", NOON)
    record_sign_in_success(session, name="x", address="192.0.2.3", policy=POLICY)
    fail(session, "x", "192.0.2.3", NOON)
    fail(session, "x", "192.0.2.3", NOON)
    # "x" starts again at two failures (free), but the address has had six.
    assert wait(session, "x", "192.0.2.3", NOON) == 20


def test_sign_in_throttle_forgets_old_failures_and_removes_their_rows(session: Session) -> None:
    fail(session, "a", "192.0.2.4", NOON)
    fail(session, "a", "192.0.2.4", NOON)
    later = NOON + timedelta(seconds=61)
    fail(session, "a", "192.0.2.4", later)
    assert wait(session, "a", "192.0.2.4", later) == 0
    much_later = later + timedelta(seconds=120)
    fail(session, "b", "192.0.2.5", much_later)
    # Only the newest address's two records are left.
    assert len(session.scalars(select(SignInFailures)).all()) == 2


def test_sign_in_throttle_stores_no_name_or_address(session: Session) -> None:
    fail(session, "Zoë Secret-Name", "192.0.2.77", NOON)
    rows = session.scalars(select(SignInFailures)).all()
    assert len(rows) == 2
    for row in rows:
        assert len(row.key_hash) == 64
        assert "Zo" not in row.key_hash and "192" not in row.key_hash


def test_sign_in_throttle_address_key_groups_ipv6_by_64() -> None:
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::9")
    assert address_key("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert address_key("192.0.2.1") == "192.0.2.1"
    assert address_key("testclient") == "testclient"


def test_sign_in_throttle_counts_every_failure_from_racing_threads(project: Project) -> None:
    def guess(_: int) -> None:
        with project.session() as session:
            for _ in range(5):
                fail(session, "target", "192.0.2.200", NOON)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(guess, range(8)))
    with project.session() as session:
        counts = sorted(row.failures for row in session.scalars(select(SignInFailures)))
    assert counts == [40, 40]
