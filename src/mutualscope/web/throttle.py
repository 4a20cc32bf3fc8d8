"""Sign-in throttling: after repeated failures a name (or an address) must wait.

Kept in the server process: a single ``mutualscope serve`` is the usual deployment, and
the cost of a restart clearing the counts is small next to argon2's cost per guess.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class _Record:
    failures: int = 0
    locked_until: float = 0.0
    last: float = 0.0


@dataclass
class SignInThrottle:
    """``free_failures`` failures are allowed; each further one doubles the wait, from
    ``base_delay`` up to ``max_delay`` seconds. Failures older than ``window`` are forgotten."""

    free_failures: int = 5
    base_delay: float = 30.0
    max_delay: float = 900.0
    window: float = 900.0
    clock: Callable[[], float] = time.monotonic
    _records: dict[str, _Record] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def retry_after(self, *keys: str) -> float:
        """Seconds to wait before another attempt for any of the keys (0 when free)."""
        current = self.clock()
        with self._lock:
            waits = [
                record.locked_until - current
                for key in keys
                if (record := self._records.get(key)) is not None
            ]
        return max([0.0, *waits])

    def failed(self, *keys: str) -> None:
        current = self.clock()
        with self._lock:
            for key in keys:
                record = self._records.setdefault(key, _Record())
                if current - record.last > self.window:
                    record.failures = 0
                record.failures += 1
                record.last = current
                extra = record.failures - self.free_failures
                if extra > 0:
                    delay = min(self.max_delay, self.base_delay * 2 ** (extra - 1))
                    record.locked_until = current + delay
            self._forget_old(current)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._records.pop(key, None)

    def _forget_old(self, current: float) -> None:
        if len(self._records) < 10_000:
            return
        stale = [
            key
            for key, record in self._records.items()
            if current - record.last > self.window and record.locked_until < current
        ]
        for key in stale:
            del self._records[key]
