"""Pausing Python's cyclic garbage collector around bulk work."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while bulk rows are read and written.

    Bulk imports make millions of small lists, dicts and strings that reference counting
    frees on its own (they form no cycles), but each allocation burst triggers collector
    passes over everything still alive: at 100,000 rows these took half an import's time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_frozen = False


def freeze_startup_heap() -> None:
    """Once per process, move every object alive now (modules, mappers, compiled
    templates: the server's startup heap) out of the collector's reach.

    A web request that builds a long transcript page allocates tens of thousands of
    objects; every few such requests a full collection ran over the whole startup heap
    too, pausing that request for 150-250 ms. Frozen objects are never scanned again;
    they are freed by reference counting as usual when they go.
    """
    global _frozen
    if _frozen:
        return
    _frozen = True
    gc.collect()
    gc.freeze()
