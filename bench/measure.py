"""Helpers that every benchmark module uses to measure the same way.

- Latency: :func:`latencies` calls a function many times (after a warm-up) and gives
  p50/p95/p99 in milliseconds; :func:`concurrent_latencies` does the same from N client
  threads at once and also gives the aggregate throughput.
- Throughput: :func:`throughput` repeats a whole run and reports the median rate
  (items per second), so one slow run on a shared machine does not set the figure.
- Memory: :class:`PeakRss` samples a process's resident memory while a phase runs and
  keeps the peak (of this process, or of another one such as a server by its pid).
- Results: :func:`result` and :func:`latency_results` build the dicts ``run()`` returns.
"""

from __future__ import annotations

import math
import os
import statistics
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

Better = Literal["lower", "higher"]
RESULT_KEYS = ("benchmark", "metric", "value", "unit", "target", "better", "issue")


def result(
    benchmark: str,
    metric: str,
    value: float,
    unit: str,
    *,
    issue: int,
    target: float | None = None,
    better: Better = "lower",
    **extra: Any,
) -> dict[str, Any]:
    """One figure as the harness expects it; ``extra`` keys (``tool``, ``note``) ride along."""
    return {
        "benchmark": benchmark,
        "metric": metric,
        "value": float(value),
        "unit": unit,
        "target": None if target is None else float(target),
        "better": better,
        "issue": issue,
        **extra,
    }


@dataclass(frozen=True)
class LatencyStats:
    """Percentiles in milliseconds over ``count`` timed calls."""

    count: int
    p50: float
    p95: float
    p99: float
    mean: float
    max: float
    seconds: float  # wall time of the timed calls together

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0..1) of non-empty ``values``."""
    ordered = sorted(values)
    # ceil(p * n), with a hair of slack so 0.95 * 100 stays rank 95 in floating point.
    rank = max(1, min(len(ordered), math.ceil(share * len(ordered) - 1e-9)))
    return ordered[rank - 1]


def stats_of(durations_ms: list[float], seconds: float) -> LatencyStats:
    if not durations_ms:
        raise ValueError("no timed calls")
    return LatencyStats(
        count=len(durations_ms),
        p50=percentile(durations_ms, 0.50),
        p95=percentile(durations_ms, 0.95),
        p99=percentile(durations_ms, 0.99),
        mean=statistics.fmean(durations_ms),
        max=max(durations_ms),
        seconds=seconds,
    )


def latencies(call: Callable[[int], object], runs: int, *, warmup: int = 5) -> LatencyStats:
    """Time ``call(i)`` for i in range(runs), after ``warmup`` untimed calls (i < 0)."""
    for i in range(warmup):
        call(-1 - i)
    durations = []
    began = time.perf_counter()
    for i in range(runs):
        start = time.perf_counter()
        call(i)
        durations.append((time.perf_counter() - start) * 1000)
    return stats_of(durations, time.perf_counter() - began)


def concurrent_latencies(
    call: Callable[[int, int], object], clients: int, per_client: int
) -> LatencyStats:
    """``clients`` threads each time ``call(client, i)`` ``per_client`` times, all at once.

    Suits I/O-bound calls (HTTP requests to a server in another process); the
    throughput is ``count / seconds`` over the whole burst.
    """
    durations: list[list[float]] = [[] for _ in range(clients)]
    barrier = threading.Barrier(clients)

    def client(number: int) -> None:
        barrier.wait()
        for i in range(per_client):
            start = time.perf_counter()
            call(number, i)
            durations[number].append((time.perf_counter() - start) * 1000)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for future in [pool.submit(client, n) for n in range(clients)]:
            future.result()
    return stats_of([d for ds in durations for d in ds], time.perf_counter() - began)


def throughput(
    run: Callable[[int], int], *, repeats: int = 3, setup: Callable[[int], object] | None = None
) -> float:
    """Median of ``items / seconds`` over ``repeats`` runs; ``run(i)`` returns its item count.

    ``setup(i)`` runs untimed before each repeat (a fresh database, say).
    """
    rates = []
    for i in range(repeats):
        if setup is not None:
            setup(i)
        start = time.perf_counter()
        items = run(i)
        rates.append(items / max(time.perf_counter() - start, 1e-9))
    return statistics.median(rates)


def timed(call: Callable[[], object]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def rss_mb(pid: int | None = None) -> float:
    """Resident memory of a process now, in MB (Linux ``/proc``); 0 if it has gone."""
    try:
        status = Path(f"/proc/{pid or os.getpid()}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child_pids(pid: int | None = None) -> list[int]:
    """The process's children (the import's worker process, say), from ``/proc``."""
    pids: list[int] = []
    for task in Path(f"/proc/{pid or os.getpid()}/task").glob("*/children"):
        try:
            pids += [int(p) for p in task.read_text().split()]
        except OSError:
            continue
    return pids


def tree_rss_mb(pid: int | None = None) -> float:
    """Resident memory of a process and its children now, in MB."""
    return rss_mb(pid) + sum(rss_mb(child) for child in child_pids(pid))


class PeakRss:
    """Peak resident memory of a process and its children (together) during a ``with``
    block, sampled every 20 ms.

    ``with PeakRss() as peak: work()`` then ``peak.mb``. Pass ``pid`` to watch another
    process (a server). Sampling misses spikes shorter than the interval, so the
    figure is a lower bound, close enough for phases that last seconds.
    """

    def __init__(self, pid: int | None = None, interval: float = 0.02) -> None:
        self.pid = pid
        self.interval = interval
        self.mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while True:
            self.mb = max(self.mb, tree_rss_mb(self.pid))
            if self._stop.wait(self.interval):
                return

    def __enter__(self) -> PeakRss:
        self.mb = tree_rss_mb(self.pid)
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
        self.mb = max(self.mb, tree_rss_mb(self.pid))


def latency_results(
    benchmark: str,
    stats: LatencyStats,
    *,
    issue: int,
    target_p95: float | None = None,
    target_p50: float | None = None,
    **extra: Any,
) -> list[dict[str, Any]]:
    """p50, p95 and p99 rows (ms) for one latency measurement."""
    note = extra.pop("note", f"{stats.count} calls")
    return [
        result(benchmark, "p50", stats.p50, "ms", issue=issue, target=target_p50, note=note,
               **extra),
        result(benchmark, "p95", stats.p95, "ms", issue=issue, target=target_p95, note=note,
               **extra),
        result(benchmark, "p99", stats.p99, "ms", issue=issue, note=note, **extra),
    ]  # fmt: skip
