"""Where per-article work runs: this process, a local process pool, or Dask.

Extraction is a pure function of (articles, knowledge-base files), so the
same function is shipped to a ``concurrent.futures`` pool on all local cores
or to a Dask cluster when an address is given.  Batches are submitted through
a bounded window and results come back in submission order, so memory stays
flat however large the corpus: neither the driver nor the workers ever hold
more than a few batches at once.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items a pool's start-up (each worker loads spaCy) costs more than it saves.
MIN_ITEMS_FOR_POOL = 40
#: Batches in flight per worker: enough to keep every worker busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2


def chunks(items: Sequence[T], size: int) -> list[list[T]]:
    """Consecutive slices of ``size`` items (the last may be shorter)."""
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def worker_count(requested: int) -> int:
    """``requested`` workers, or every local core when it is 0."""
    return requested if requested > 0 else (os.cpu_count() or 1)


#: Called with a batch and the exception its worker raised; returns the batch's results
#: some other way (the pipeline redoes the batch in-process, one article at a time).
Recover = Callable[[list[Any], BaseException], list[Any]]


def _windowed(submit: Callable[[list[Any]], Any], result: Callable[[Any], list[R]],
              batches: Iterable[list[Any]], window: int,
              recover: Recover | None = None) -> Iterator[list[R]]:
    """Submit batches with at most ``window`` in flight; yield results in order.

    With ``recover``, a batch whose submission or result fails (a worker raised, or died
    and broke the pool) is handed to it instead of ending the run.
    """
    pending: deque[tuple[list[Any], Any, BaseException | None]] = deque()
    source = iter(batches)

    def push(batch: list[Any]) -> None:
        try:
            pending.append((batch, submit(batch), None))
        except Exception as exc:
            if recover is None:
                raise
            pending.append((batch, None, exc))

    for batch in itertools.islice(source, window):
        push(batch)
    while pending:
        batch, handle, error = pending.popleft()
        nxt = next(source, None)
        if nxt is not None:
            push(nxt)
        yield _settle(batch, handle, error, result, recover)


def _settle(batch: list[Any], handle: Any, error: BaseException | None,
            result: Callable[[Any], list[R]], recover: Recover | None) -> list[R]:
    """The results of one submitted batch, or what ``recover`` makes of its failure."""
    if error is None:
        try:
            return result(handle)
        except Exception as exc:
            if recover is None:
                raise
            error = exc
    assert recover is not None
    return recover(batch, error)


def run_chunks(fn: Callable[..., list[R]], batches: Iterable[list[Any]], *, workers: int = 0,
               dask_address: str = "", extra: tuple[Any, ...] = (),
               total: int | None = None, recover: Recover | None = None) -> Iterator[list[R]]:
    """Apply ``fn(batch, *extra)`` to every batch, yielding results batch by batch in order.

    ``total`` (the number of items, when known) lets small jobs skip the pool.
    ``recover(batch, exc)`` replaces the results of a batch whose call failed.
    """
    if dask_address:
        yield from _run_dask(fn, batches, dask_address, extra, recover)
        return
    n = worker_count(workers)
    if n <= 1 or (total is not None and total < MIN_ITEMS_FOR_POOL):
        for batch in batches:
            yield _settle(batch, batch, None, lambda b: fn(b, *extra), recover)
        return
    with ProcessPoolExecutor(max_workers=n) as pool:
        def submit(batch: list[Any]) -> Future[list[R]]:
            return pool.submit(fn, batch, *extra)

        yield from _windowed(submit, lambda fut: fut.result(), batches,
                             n * IN_FLIGHT_PER_WORKER, recover)


def _run_dask(fn: Callable[..., list[R]], batches: Iterable[list[Any]], address: str,
              extra: tuple[Any, ...], recover: Recover | None) -> Iterator[list[R]]:
    from dask.distributed import Client

    with Client(address) as client:
        n = max(1, len(client.scheduler_info().get("workers", {})))

        def submit(batch: list[Any]) -> Any:
            # A batch of articles is small: scattering it first made no clear difference
            # (two workers, 2,000 articles: 158 articles/s scattered, 149 submitted with the
            # task, within the noise of a shared machine), so the simpler way stays.
            return client.submit(fn, batch, *extra, pure=False)

        def result(future: Any) -> list[R]:
            value: list[R] = future.result()
            future.release()  # let the worker drop it now, not at the end of the run
            return value

        yield from _windowed(submit, result, batches, n * IN_FLIGHT_PER_WORKER, recover)


#: Pieces of fusion work per Dask worker: enough to balance uneven blocks, few enough that
#: per-task overhead stays small next to the scoring.
PARTS_PER_WORKER = 4


def _apply_each(fn: Callable[[Any], R], items: list[Any]) -> list[R]:
    """Run on a worker: ``fn`` over one part's items."""
    return [fn(item) for item in items]


def dask_block_mapper(address: str) -> Callable[[Callable[[Any], R], Iterable[Any]], list[R]]:
    """A ``map_blocks`` for fusion that scores blocks on a Dask cluster.

    The blocks are cut into a few parts per worker and *scattered* (sent to the workers
    as data) before the tasks are submitted, so the task graph holds only references:
    embedding thousands of blocks of mentions in the graph made it tens of megabytes
    (Dask's "large graph" warning) and cost more than the scoring itself.
    """
    def mapper(fn: Callable[[Any], R], items: Iterable[Any]) -> list[R]:
        from dask.distributed import Client

        work = list(items)
        if not work:
            return []
        with Client(address) as client:
            workers = max(1, len(client.scheduler_info().get("workers", {})))
            size = max(1, -(-len(work) // (workers * PARTS_PER_WORKER)))
            parts = chunks(work, size)
            data = client.scatter(parts)
            futures = client.map(partial(_apply_each, fn), data, pure=False)
            results: list[list[R]] = client.gather(futures)
        return [r for part in results for r in part]
    return mapper
