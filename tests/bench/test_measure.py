"""Latency, throughput and memory helpers, checked against numbers worked by hand."""

from __future__ import annotations

import threading
import time

import pytest

from bench import measure


def test_percentile_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert measure.percentile(values, 0.50) == 50
    assert measure.percentile(values, 0.95) == 95
    assert measure.percentile(values, 0.99) == 99
    assert measure.percentile([7.0], 0.99) == 7


def test_stats_of_refuses_no_calls() -> None:
    with pytest.raises(ValueError, match="no timed calls"):
        measure.stats_of([], 1.0)


def test_latencies_times_each_call_after_warmup() -> None:
    seen: list[int] = []

    def call(i: int) -> None:
        seen.append(i)
        time.sleep(0.002)

    stats = measure.latencies(call, 20, warmup=2)
    assert seen[:2] == [-1, -2] and seen[2:] == list(range(20))
    assert stats.count == 20
    assert 2 <= stats.p50 <= stats.p95 <= stats.p99 <= stats.max
    assert stats.per_second == pytest.approx(20 / stats.seconds)


def test_concurrent_latencies_runs_clients_at_once() -> None:
    active = 0
    most = 0
    lock = threading.Lock()

    def call(client: int, i: int) -> None:
        nonlocal active, most
        with lock:
            active += 1
            most = max(most, active)
        time.sleep(0.01)
        with lock:
            active -= 1

    stats = measure.concurrent_latencies(call, 4, 5)
    assert stats.count == 20
    assert most == 4
    # 4 clients x 5 calls of 10 ms, in parallel: well under the 200 ms of a serial run.
    assert stats.seconds < 0.15


def test_throughput_is_the_median_rate() -> None:
    durations = iter([0.01, 0.05, 0.02])

    def run(i: int) -> int:
        time.sleep(next(durations))
        return 10

    rate = measure.throughput(run, repeats=3)
    assert 10 / 0.03 < rate < 10 / 0.019


def test_peak_rss_sees_an_allocation() -> None:
    with measure.PeakRss() as peak:
        block = bytearray(80 * 1024 * 1024)
        block[::4096] = b"x" * len(block[::4096])
        time.sleep(0.1)
        del block
    assert peak.mb > measure.rss_mb() + 40


def test_result_and_latency_rows_have_the_harness_keys() -> None:
    stats = measure.stats_of([1.0, 2.0, 3.0, 4.0], 0.01)
    rows = measure.latency_results("x", stats, issue=7, target_p95=30)
    assert [r["metric"] for r in rows] == ["p50", "p95", "p99"]
    assert rows[1]["target"] == 30.0 and rows[1]["better"] == "lower"
    for row in rows:
        assert set(measure.RESULT_KEYS) <= row.keys()
