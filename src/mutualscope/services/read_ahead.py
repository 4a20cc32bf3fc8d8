"""Reading files ahead of the writer: a worker process prepares the next files while the
current one is written.

Preparing a transcript (parsing it, folding its words for the search index) is Python
work; writing it is mostly the database's work, in SQLite's C code or in the PostgreSQL
server. Overlapping the two uses both cores of a small machine instead of one after the
other. A worker *process*, not a thread: a thread busy parsing holds Python's global lock
for several milliseconds at a time, and the writer, waking from each of its many short
waits on the database, would wait that long again for the lock.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Files prepared ahead of the writer; more would hold more files in memory for no gain.
DEPTH = 4
#: Fewer files than this are prepared in the writer's own thread: starting a worker
#: costs more than it saves.
MIN_ITEMS = 8


class ReadAhead(Generic[Item, Result]):
    """``prepare(item)`` for each item, in order, computed up to ``depth`` items ahead in
    a worker process (in the calling thread for fewer than ``min_items`` items).

    ``prepare`` must be a module-level function whose items and results can be pickled,
    and should turn an item's own failure into its result; anything it raises is raised
    again in the consumer. Use as a context manager: leaving early stops the worker.
    """

    def __init__(
        self,
        items: Sequence[Item],
        prepare: Callable[[Item], Result],
        *,
        depth: int = DEPTH,
        min_items: int = MIN_ITEMS,
        start_method: str | None = None,
    ) -> None:
        """``start_method`` is multiprocessing's (default: the platform's, ``fork`` on
        Linux); a server with threads running should pass ``spawn``."""
        self._items = items
        self._prepare = prepare
        self._depth = depth
        self._pool: ProcessPoolExecutor | None = None
        if len(items) >= min_items:
            context = multiprocessing.get_context(start_method)
            self._pool = ProcessPoolExecutor(1, mp_context=context)

    def __enter__(self) -> Iterator[Result]:
        if self._pool is None:
            return (self._prepare(item) for item in self._items)
        return self._results(self._pool)

    def __exit__(self, *_exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _results(self, pool: ProcessPoolExecutor) -> Iterator[Result]:
        pending: deque[Future[Result]] = deque()
        items = iter(self._items)
        for item in items:
            pending.append(pool.submit(self._prepare, item))
            if len(pending) >= self._depth:
                break
        while pending:
            result = pending.popleft().result()
            following = next(items, None)
            if following is not None:
                pending.append(pool.submit(self._prepare, following))
            yield result
