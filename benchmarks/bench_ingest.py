"""Ingest throughput: how many generated articles per second `parley ingest` stores.

The parent process writes a synthetic corpus (one txt file per article and/or
one JSONL file) and then measures each format in its own child process, so the
peak resident memory reported belongs to that ingest alone.  Each child runs
the ingest twice against the same store: the second run must add nothing.

Usage::

    python benchmarks/bench_ingest.py --n 10000 --format both
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from corpus import write_corpus
from measure import peak_rss_mb, print_load

TARGET_PER_SECOND = 500.0
FORMAT_CHOICES = ("txt", "jsonl", "both")



def measure_ingest(corpus: Path, db: Path, *, trace: bool = False) -> dict[str, Any]:
    """Ingest ``corpus`` into a fresh store at ``db`` twice and return the figures.

    The per-file size cap is raised to the corpus file's size: a JSONL dump of
    many articles is one file, and the default cap is sized for one article.
    """
    started = time.perf_counter()
    from parley import pipeline
    from parley.config import Settings
    from parley.ingest import iter_inputs  # noqa: F401 - imported here so start-up is timed apart
    from parley.ingest.neardup import signature  # noqa: F401
    from parley.store import Store

    startup_s = time.perf_counter() - started
    largest = max((p.stat().st_size for p in _files(corpus)), default=0)
    settings = Settings(db=str(db), progress=False,
                        max_bytes=max(Settings().max_bytes, largest + 1))
    if trace:
        tracemalloc.start()
    with Store(db) as store:
        started = time.perf_counter()
        first = pipeline.ingest([str(corpus)], settings, store)
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        second = pipeline.ingest([str(corpus)], settings, store)
        second_s = time.perf_counter() - started
        stored = store.counts()["articles"]
    traced_mb = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    return {
        "startup_s": startup_s,
        "first_s": first_s,
        "added": first.added,
        "near_duplicates": first.near_duplicates,
        "errors": [*first.errors, *second.errors][:5],
        "second_s": second_s,
        "second_added": second.added,
        "second_duplicates": second.duplicates,
        "stored": stored,
        "peak_rss_mb": peak_rss_mb(),
        "traced_peak_mb": traced_mb,
    }


def _files(corpus: Path) -> list[Path]:
    """The files an ingest of ``corpus`` (a file or a folder) will read."""
    return [corpus] if corpus.is_file() else [p for p in corpus.iterdir() if p.is_file()]


def run_child(fmt: str, corpus: Path, db: Path, trace: bool) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter and return its JSON result."""
    command = [sys.executable, __file__, "--child", fmt, str(corpus), str(db)]
    if trace:
        command.append("--tracemalloc")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"ingest child for {fmt} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_table(n: int, results: dict[str, dict[str, Any]]) -> None:
    """One row per format: throughput, wall time, memory and the re-ingest check."""
    header = (f"{'format':<7}{'articles':>9}{'added':>8}{'wall s':>9}{'art/s':>9}"
              f"{'peak RSS MiB':>14}{'traced MiB':>12}{'re-ingest s':>13}{'re-added':>10}")
    print(header)
    print("-" * len(header))
    for fmt, r in results.items():
        traced = f"{r['traced_peak_mb']:.0f}" if r["traced_peak_mb"] is not None else "-"
        print(f"{fmt:<7}{n:>9}{r['added']:>8}{r['first_s']:>9.2f}{n / r['first_s']:>9.0f}"
              f"{r['peak_rss_mb']:>14.0f}{traced:>12}{r['second_s']:>13.2f}"
              f"{r['second_added']:>10}")


def main(argv: list[str] | None = None) -> int:
    """Write the corpus, measure each format in a child process, print the figures."""
    parser = argparse.ArgumentParser(description="Measure Parley ingest throughput.")
    parser.add_argument("--n", type=int, default=10_000, help="articles to generate")
    parser.add_argument("--format", choices=FORMAT_CHOICES, default="both", dest="fmt")
    parser.add_argument("--on-topic-every", type=int, default=10)
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also report Python-level peak allocation (slows ingest)")
    parser.add_argument("--child", nargs=3, metavar=("FORMAT", "CORPUS", "DB"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _fmt, corpus, db = args.child
        print(json.dumps(measure_ingest(Path(corpus), Path(db), trace=args.tracemalloc)))
        return 0

    print_load()
    formats = ("txt", "jsonl") if args.fmt == "both" else (args.fmt,)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="parley-bench-ingest-") as tmp:
        root = Path(tmp)
        for fmt in formats:
            started = time.perf_counter()
            paths = write_corpus(root / fmt, args.n, fmt=fmt, on_topic_every=args.on_topic_every)
            target = paths[0] if fmt == "jsonl" else root / fmt
            written_s = time.perf_counter() - started
            print(f"[{fmt}] wrote {args.n} articles in {written_s:.1f}s; ingesting…",
                  file=sys.stderr)
            results[fmt] = run_child(fmt, target, root / f"{fmt}.db", args.tracemalloc)
    print_table(args.n, results)
    ok = True
    for fmt, r in results.items():
        if r["added"] != args.n or r["second_added"] != 0 or r["errors"]:
            ok = False
            print(f"FAIL [{fmt}]: added {r['added']} of {args.n}, re-ingest added "
                  f"{r['second_added']}, errors {r['errors']}")
        print(f"[{fmt}] start-up (imports) {r['startup_s']:.1f}s not counted; "
              f"near-duplicate groups {r['near_duplicates']}; stored {r['stored']}")
    summary = ", ".join(
        f"{fmt} {args.n / r['first_s']:.0f} art/s ({r['first_s']:.1f}s, "
        f"peak {r['peak_rss_mb']:.0f} MiB; re-ingest {r['second_s']:.1f}s, adds "
        f"{r['second_added']})" for fmt, r in results.items())
    met = all(args.n / r["first_s"] >= TARGET_PER_SECOND for r in results.values())
    verdict = "meets" if met else "below"
    print(f"Ingest of {args.n:,} generated articles on {os.cpu_count()} cores: {summary} — "
          f"{verdict} the {TARGET_PER_SECOND:.0f} art/s target.")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
