from __future__ import annotations

from mutualscope.web.throttle import SignInThrottle


def test_throttle_waits_grow_after_the_free_failures() -> None:
    clock = [1000.0]
    throttle = SignInThrottle(free_failures=2, base_delay=10, max_delay=25, clock=lambda: clock[0])
    throttle.failed("a")
    throttle.failed("a")
    assert throttle.retry_after("a") == 0
    throttle.failed("a")
    assert throttle.retry_after("a") == 10
    throttle.failed("a")
    assert throttle.retry_after("a", "b") == 20
    throttle.failed("a")
    assert throttle.retry_after("a") == 25
    clock[0] += 30
    assert throttle.retry_after("a") == 0
    throttle.succeeded("a")
    throttle.failed("a")
    assert throttle.retry_after("a") == 0


def test_throttle_forgets_old_failures() -> None:
    clock = [0.0]
    throttle = SignInThrottle(free_failures=1, window=60, clock=lambda: clock[0])
    throttle.failed("a")
    clock[0] += 61
    throttle.failed("a")
    assert throttle.retry_after("a") == 0
