"""The same extract gives the same records in-process and on a local Dask cluster."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from corpus_support import corpus_module
from parley import pipeline
from parley.config import Settings
from parley.scale import chunks, run_chunks
from parley.store import Store

if TYPE_CHECKING:
    from dask.distributed import Client

ARTICLES = 20
ON_TOPIC_EVERY = 4


@pytest.fixture(scope="module")
def mixed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSONL file of 20 generated articles, one in four a US–China engagement story."""
    folder = tmp_path_factory.mktemp("corpus")
    return corpus_module().write_corpus(folder, ARTICLES, fmt="jsonl",
                                         on_topic_every=ON_TOPIC_EVERY)[0]


@pytest.fixture(scope="module")
def dask_address() -> Iterator[str]:
    """Scheduler address of a two-process local Dask cluster, closed after the module."""
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def distributed_client(address: str) -> Client:
    """A client of the test cluster, to ask its workers what they ran."""
    from dask.distributed import Client

    return Client(address)


def _extract_into(tmp_path: Path, corpus: Path, name: str, **overrides: Any) -> Store:
    """Ingest the corpus into a fresh store and run the library's extract with ``overrides``."""
    settings = Settings(db=str(tmp_path / f"{name}.db"), progress=False, **overrides)
    store = Store(settings.db)
    ingested = pipeline.ingest([str(corpus)], settings, store)
    assert ingested.added == ARTICLES and not ingested.errors
    pipeline.extract(store, settings, fuse_after=True)
    return store


def _extraction_keys(store: Store) -> list[tuple[str, bool, list[tuple[str, str, str | None]]]]:
    """Per article: relevance and its event mentions (id, type, date)."""
    return sorted((ex.article_id, ex.relevant, [(e.id, e.type, e.date) for e in ex.events])
                  for ex in store.extractions())


def _fused_keys(store: Store) -> list[tuple[str, str, str, str | None, str | None]]:
    """Fused events as (id, type, status, date, precision)."""
    return sorted((e.id, e.type, e.status, e.date, e.date_precision) for e in store.events())


@pytest.mark.slow
def test_extract_on_dask_matches_in_process(tmp_path: Path, mixed_corpus: Path,
                                            dask_address: str) -> None:
    """Pointing extract at a Dask scheduler changes where it runs, not what it finds."""
    local = _extract_into(tmp_path, mixed_corpus, "local", workers=1)
    remote = _extract_into(tmp_path, mixed_corpus, "dask", dask_address=dask_address,
                           batch_size=4)
    with distributed_client(dask_address) as client:
        worked = client.run(lambda: "parley.extract.article" in sys.modules)
    assert worked and all(worked.values()), "extraction should have run on the Dask workers"
    with local, remote:
        local_fused = _fused_keys(local)
        assert local_fused, "the on-topic articles should yield at least one fused event"
        assert _extraction_keys(remote) == _extraction_keys(local)
        assert _fused_keys(remote) == local_fused
        assert remote.counts() == local.counts()


@pytest.mark.slow
def test_run_chunks_on_dask_keeps_batch_order(dask_address: str) -> None:
    """Batches come back from the cluster in submission order, each processed whole."""
    batches = chunks([9, 3, 6, 2, 8, 1, 7, 5, 4, 0], 3)
    results = list(run_chunks(sorted, batches, dask_address=dask_address))
    assert results == [[3, 6, 9], [1, 2, 8], [4, 5, 7], [0]]


def _fragile_sort(batch: list[int]) -> list[int]:
    """Sorts a batch; a batch holding 13 raises, one holding 666 kills its worker process."""
    if 666 in batch:
        import os

        os._exit(1)
    if 13 in batch:
        raise RuntimeError("unlucky batch")
    return sorted(batch)


def _recovered(batch: list[int], exc: BaseException) -> list[int]:
    """Marks a batch the runner could not get from its worker: 2 if the pool broke, else 1."""
    from concurrent.futures.process import BrokenProcessPool

    return [-1, len(batch), 2 if isinstance(exc, BrokenProcessPool) else 1]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_batch_is_recovered_and_the_rest_run(workers: int) -> None:
    batches = [[3, 1], [13, 2], [5, 4]]
    results = list(run_chunks(_fragile_sort, batches, workers=workers, recover=_recovered))
    assert results == [[1, 3], [-1, 2, 1], [4, 5]]


def test_without_recover_a_failing_batch_still_raises() -> None:
    with pytest.raises(RuntimeError, match="unlucky"):
        list(run_chunks(_fragile_sort, [[13]], workers=1))


def test_a_worker_that_dies_breaks_no_run() -> None:
    """A worker killed mid-batch (out of memory, a crash in native code) breaks the pool;
    its batch and every batch still in flight are handed to recover, in order."""
    batches = [[2, 1], [666], [4, 3], [6, 5], [8, 7]]
    results = list(run_chunks(_fragile_sort, batches, workers=2, recover=_recovered))
    assert len(results) == 5
    assert results[1] == [-1, 1, 2]
    # Batches either ran in a worker or came back through recover; none was lost.
    for batch, result in zip(batches, results):
        assert result == sorted(batch) or result[:2] == [-1, len(batch)]
