"""Scale-out check: the same `extract` on a local Dask cluster and on local processes.

A store is seeded with generated articles, copied twice, and
``parley.pipeline.extract(store, settings, fuse_after=True)`` runs once with
``Settings(dask_address=...)`` pointing at a ``LocalCluster`` of worker
processes and once with ``Settings(workers=N)`` on a local process pool.
Each runs with every worker count of ``--workers`` (default 1 and 2), so the
figures show how each scales.  Throughput, wall time and per-worker peak
memory are printed for every run, and all stores must end with the same fused
events.

The local runs go first: ``RUSAGE_CHILDREN`` then holds only the pool workers'
peak, before any Dask worker process has been reaped (with one worker, extraction
runs in this process and its own peak is shown).

Usage::

    python benchmarks/bench_scale.py --n 20000 --workers 1,2
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from corpus import generate_articles
from measure import peak_rss_mb, print_load

if TYPE_CHECKING:
    from parley.config import Settings
    from parley.pipeline import ExtractReport
    from parley.store import Store



def cpu_seconds(who: int = resource.RUSAGE_SELF) -> float:
    """User plus system CPU time consumed so far."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def worker_usage() -> tuple[float, float]:
    """Run on a Dask worker: (peak resident MiB, CPU seconds) of that worker process."""
    import resource as worker_resource

    usage = worker_resource.getrusage(worker_resource.RUSAGE_SELF)
    return usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


@dataclass
class RunResult:
    """Figures from one extract run."""

    name: str
    wall_s: float
    extract_s: float
    report: ExtractReport
    worker_peaks_mb: list[float] = field(default_factory=list)
    startup_s: float = 0.0
    coordinator_cpu_s: float = 0.0
    workers_cpu_s: float = 0.0
    event_keys: list[tuple[str, str, str | None]] = field(default_factory=list)


def seed_store(path: Path, n: int, on_topic_every: int) -> float:
    """Store ``n`` generated articles directly (no near-duplicate signatures); returns seconds.

    Ingest has its own benchmark; here only extraction is measured, so the
    articles are written straight through ``Store.add_article``.
    """
    from parley.ingest.identity import make_article
    from parley.store import Store

    started = time.perf_counter()
    with Store(path) as store:
        for record in generate_articles(n, on_topic_every=on_topic_every):
            article = make_article(record["text"], record["source"], title=record["title"],
                                   url=record["url"], published=record["published"],
                                   published_precision="day", published_basis="field")
            store.add_article(article, dup_group=article.id, minhash=None)
    return time.perf_counter() - started


def copy_store(source: Path, target: Path) -> None:
    """Copy a SQLite store consistently (WAL included) with the backup API."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def timed_extract(store: Store, settings: Settings) -> tuple[float, float, ExtractReport]:
    """Run the library's extract; returns (wall seconds, seconds until the last batch, report)."""
    from parley import pipeline

    last_batch = [0.0]

    def on_batch(_count: int) -> None:
        last_batch[0] = time.perf_counter()

    started = time.perf_counter()
    report = pipeline.extract(store, settings, fuse_after=True, progress=on_batch)
    wall = time.perf_counter() - started
    return wall, (last_batch[0] or time.perf_counter()) - started, report


def event_keys(store: Store) -> list[tuple[str, str, str | None]]:
    """(id, type, date) of every fused event, for comparing two runs."""
    return sorted((e.id, e.type, e.date) for e in store.events())


def run_local(db: Path, workers: int, batch_size: int) -> RunResult:
    """Extract on a local process pool."""
    from parley.config import Settings
    from parley.store import Store

    settings = Settings(db=str(db), progress=False, workers=workers, batch_size=batch_size)
    cpu_before, children_before = cpu_seconds(), cpu_seconds(resource.RUSAGE_CHILDREN)
    with Store(db) as store:
        wall, extract_s, report = timed_extract(store, settings)
        keys = event_keys(store)
    who = resource.RUSAGE_CHILDREN if workers > 1 else resource.RUSAGE_SELF
    return RunResult(f"local x{workers}", wall, extract_s, report,
                     [peak_rss_mb(who)], event_keys=keys,
                     coordinator_cpu_s=cpu_seconds() - cpu_before,
                     workers_cpu_s=cpu_seconds(resource.RUSAGE_CHILDREN) - children_before)


def run_dask(db: Path, workers: int, batch_size: int) -> RunResult:
    """Extract on a LocalCluster of worker processes, one thread each."""
    from dask.distributed import Client, LocalCluster

    from parley.config import Settings
    from parley.store import Store

    started = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        startup_s = time.perf_counter() - started
        settings = Settings(db=str(db), progress=False, batch_size=batch_size,
                            dask_address=cluster.scheduler_address)
        idle = client.run(worker_usage)
        cpu_before = cpu_seconds()
        with Store(db) as store:
            wall, extract_s, report = timed_extract(store, settings)
            keys = event_keys(store)
        coordinator_cpu = cpu_seconds() - cpu_before
        usage = client.run(worker_usage)
    return RunResult(f"dask x{workers}", wall, extract_s, report,
                     [usage[address][0] for address in sorted(usage)],
                     startup_s=startup_s, event_keys=keys,
                     coordinator_cpu_s=coordinator_cpu,
                     workers_cpu_s=sum(usage[a][1] - idle[a][1] for a in usage))


def print_table(n: int, results: list[RunResult]) -> None:
    """One row per run: wall time, throughput, fused events and worker memory."""
    header = (f"{'run':<9}{'articles':>9}{'relevant':>9}{'mentions':>9}{'fused':>7}"
              f"{'extract s':>11}{'wall s':>8}{'art/s':>7}{'CPU s main':>12}{'CPU s workers':>15}"
              f"  peak RSS per worker MiB")
    print(header)
    print("-" * (len(header) + 6))
    for r in results:
        peaks = ", ".join(f"{p:.0f}" for p in r.worker_peaks_mb)
        print(f"{r.name:<9}{r.report.articles:>9}{r.report.relevant:>9}{r.report.events:>9}"
              f"{r.report.fused:>7}{r.extract_s:>11.1f}{r.wall_s:>8.1f}{n / r.wall_s:>7.1f}"
              f"{r.coordinator_cpu_s:>12.1f}{r.workers_cpu_s:>15.1f}  {peaks}")


def main(argv: list[str] | None = None) -> int:
    """Seed, extract on a local pool and on Dask, compare, print the figures."""
    parser = argparse.ArgumentParser(description="Compare extract on Dask and on local processes.")
    parser.add_argument("--n", type=int, default=20_000, help="articles to generate")
    parser.add_argument("--on-topic-every", type=int, default=10)
    parser.add_argument("--workers", default="1,2",
                        help="worker process counts to run, comma-separated (default 1,2)")
    parser.add_argument("--batch-size", type=int, default=32, help="articles per task")
    parser.add_argument("--skip-local", action="store_true", help="only run on Dask")
    args = parser.parse_args(argv)

    print_load()
    with tempfile.TemporaryDirectory(prefix="parley-bench-scale-") as tmp:
        root = Path(tmp)
        seed_s = seed_store(root / "seed.db", args.n, args.on_topic_every)
        print(f"seeded {args.n} articles in {seed_s:.1f}s", file=sys.stderr)
        results: list[RunResult] = []
        counts = [int(w) for w in str(args.workers).split(",") if w.strip()]
        if not args.skip_local:
            for workers in counts:
                copy_store(root / "seed.db", root / f"local{workers}.db")
                print(f"extracting on {workers} local process(es)…", file=sys.stderr)
                results.append(run_local(root / f"local{workers}.db", workers, args.batch_size))
        for workers in counts:
            copy_store(root / "seed.db", root / f"dask{workers}.db")
            print(f"extracting on a local Dask cluster of {workers}…", file=sys.stderr)
            results.append(run_dask(root / f"dask{workers}.db", workers, args.batch_size))

    print_table(args.n, results)
    dask_run = results[-1]
    base = {r.name.split()[0]: r for r in results if r.name.endswith("x1")}
    for r in results:
        first = base.get(r.name.split()[0])
        if first is not None and r is not first:
            print(f"{r.name}: {first.wall_s / r.wall_s:.2f}x the throughput of {first.name}")
    print(f"Dask cluster start-up {dask_run.startup_s:.1f}s (not counted); coordinator peak RSS "
          f"{peak_rss_mb():.0f} MiB; 'extract s' = until the last batch, 'wall s' adds "
          f"storing, date estimation and fusion")
    same = len({tuple(r.event_keys) for r in results}) == 1
    if len(results) > 1:
        print(f"fused events: {', '.join(f'{r.name} {r.report.fused}' for r in results)} — "
              f"{'identical ids, types and dates' if same else 'DIFFERENT'}")
    runs = "; ".join(f"{r.name} {args.n / r.wall_s:.0f} art/s ({r.wall_s:.0f}s, worker peak "
                     f"{max(r.worker_peaks_mb):.0f} MiB)" for r in results)
    print(f"Scale-out on {os.cpu_count()} cores, {args.n:,} articles (1 in "
          f"{args.on_topic_every} on topic): {runs}; {dask_run.report.fused} fused events"
          f"{', same on both' if same and len(results) > 1 else ''}.")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
