"""Sign-in throttling: after repeated failures, an address (or a name tried from it) waits.

Failures are counted per name *from one address* and per address, never per name alone:
someone guessing at a name from their own address makes only that address wait, and the
name's owner still signs in from anywhere else. An address trying many names waits too.
The counts live in the project, so every server process sharing it sees the same ones,
and a restart does not clear them.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import case, delete, or_, select, update
from sqlalchemy.orm import Session

from mutualscope.storage.bulk import upsert_insert
from mutualscope.storage.users import SignInFailures


@dataclass(frozen=True)
class ThrottleRule:
    """``free_failures`` failures are allowed; each further one doubles the wait, from
    ``base_delay`` up to ``max_delay`` seconds. Failures are forgotten once ``window``
    seconds pass without one."""

    free_failures: int
    base_delay: float = 30.0
    max_delay: float = 900.0
    window: float = 900.0

    def delay_after(self, failures: int) -> float:
        extra = failures - self.free_failures
        if extra <= 0:
            return 0.0
        return min(self.max_delay, self.base_delay * 2.0 ** min(extra - 1, 32))


@dataclass(frozen=True)
class ThrottlePolicy:
    #: For one name tried from one address.
    per_name_at_address: ThrottleRule = field(default_factory=lambda: ThrottleRule(5))
    #: For one address, whatever names it tries (people behind one office router share it).
    per_address: ThrottleRule = field(default_factory=lambda: ThrottleRule(20))


DEFAULT_POLICY = ThrottlePolicy()


def address_key(address: str) -> str:
    """An address as the throttle counts it: an IPv6 address by its /64 network (one
    household or machine usually holds a whole /64), IPv4 as it is."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _keys(policy: ThrottlePolicy, name: str, address: str) -> Iterator[tuple[str, ThrottleRule]]:
    where = address_key(address)
    yield _hash(f"name-at-address\n{name.strip().casefold()}\n{where}"), policy.per_name_at_address
    yield _hash(f"address\n{where}"), policy.per_address


def _aware(moment: datetime) -> datetime:
    # SQLite gives back the stored UTC time without its zone.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def sign_in_wait(
    session: Session,
    *,
    name: str,
    address: str,
    policy: ThrottlePolicy = DEFAULT_POLICY,
    now: datetime | None = None,
) -> float:
    """Seconds before ``name`` may be tried again from ``address`` (0 when it may now)."""
    now = now or datetime.now(UTC)
    hashes = [key for key, _ in _keys(policy, name, address)]
    query = select(SignInFailures.locked_until).where(
        SignInFailures.key_hash.in_(hashes), SignInFailures.locked_until.is_not(None)
    )
    waits = [(_aware(until) - now).total_seconds() for until in session.scalars(query) if until]
    return max([0.0, *waits])


def _count_failure(session: Session, key: str, rule: ThrottleRule, now: datetime) -> int:
    """Add one failure for ``key`` in one statement (so failures racing in from several
    threads or processes are all counted) and return the count."""
    insert = upsert_insert(session)
    forgotten = SignInFailures.last_failure < now - timedelta(seconds=rule.window)
    statement = (
        insert(SignInFailures)
        .values(key_hash=key, failures=1, last_failure=now, locked_until=None)
        .on_conflict_do_update(
            index_elements=[SignInFailures.key_hash],
            set_={
                "failures": case((forgotten, 1), else_=SignInFailures.failures + 1),
                "last_failure": now,
            },
        )
        .returning(SignInFailures.failures)
    )
    failures: int = session.execute(statement).scalar_one()
    return failures


def record_sign_in_failure(
    session: Session,
    *,
    name: str,
    address: str,
    policy: ThrottlePolicy = DEFAULT_POLICY,
    now: datetime | None = None,
) -> None:
    """Count a failed sign-in for the name from the address, and for the address."""
    now = now or datetime.now(UTC)
    for key, rule in _keys(policy, name, address):
        delay = rule.delay_after(_count_failure(session, key, rule, now))
        if delay > 0:
            until = now + timedelta(seconds=delay)
            column = SignInFailures.locked_until
            session.execute(
                update(SignInFailures)
                .where(SignInFailures.key_hash == key)
                .values(
                    locked_until=case((or_(column.is_(None), column < until), until), else_=column)
                )
            )
    _delete_stale(session, policy, now)
    session.commit()


def record_sign_in_success(
    session: Session, *, name: str, address: str, policy: ThrottlePolicy = DEFAULT_POLICY
) -> None:
    """Forget the failures for the name from this address. The address's own count
    stays: signing in to one account does not earn more guesses at others."""
    key, _ = next(_keys(policy, name, address))
    session.execute(delete(SignInFailures).where(SignInFailures.key_hash == key))
    session.commit()


def _delete_stale(session: Session, policy: ThrottlePolicy, now: datetime) -> None:
    """Remove records whose failures are forgotten and whose wait is over, so a spray of
    guesses from many addresses does not leave the table growing."""
    longest = max(policy.per_name_at_address.window, policy.per_address.window)
    session.execute(
        delete(SignInFailures).where(
            SignInFailures.last_failure < now - timedelta(seconds=longest),
            or_(SignInFailures.locked_until.is_(None), SignInFailures.locked_until < now),
        )
    )
