"""Where per-article work runs: this process, a local process pool, or Dask.

Extraction is a pure function of (articles, knowledge-base files), so the
same function is shipped to a ``concurrent.futures`` pool on all local cores
or to a Dask cluster when an address is given; results come back in order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items a pool's start-up (each worker loads spaCy) costs more than it saves.
MIN_ITEMS_FOR_POOL = 40


def chunks(items: Sequence[T], size: int) -> list[list[T]]:
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def worker_count(requested: int) -> int:
    return requested if requested > 0 else (os.cpu_count() or 1)


def run_chunks(fn: Callable[..., list[R]], batches: list[list[Any]], *, workers: int = 0,
               dask_address: str = "", extra: tuple[Any, ...] = ()) -> Iterator[list[R]]:
    """Apply ``fn(batch, *extra)`` to every batch, yielding results batch by batch in order."""
    total = sum(len(b) for b in batches)
    if dask_address:
        yield from _run_dask(fn, batches, dask_address, extra)
        return
    n = worker_count(workers)
    if n <= 1 or total < MIN_ITEMS_FOR_POOL or len(batches) < 2:
        for batch in batches:
            yield fn(batch, *extra)
        return
    with ProcessPoolExecutor(max_workers=n) as pool:
        futures = [pool.submit(fn, batch, *extra) for batch in batches]
        for fut in futures:
            yield fut.result()


def _run_dask(fn: Callable[..., list[R]], batches: list[list[Any]], address: str,
              extra: tuple[Any, ...]) -> Iterator[list[R]]:
    from dask.distributed import Client

    with Client(address) as client:
        futures = client.map(fn, batches, *[[e] * len(batches) for e in extra], pure=False)
        for fut in futures:
            yield fut.result()


def dask_block_mapper(address: str) -> Callable[[Callable[[Any], R], Iterable[Any]], list[R]]:
    """A ``map_blocks`` for fusion that scores blocks on a Dask cluster."""
    def mapper(fn: Callable[[Any], R], items: Iterable[Any]) -> list[R]:
        from dask.distributed import Client

        with Client(address) as client:
            return list(client.gather(client.map(fn, list(items), pure=False)))
    return mapper
