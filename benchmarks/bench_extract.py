"""Extraction throughput: Parley's prefiltered extraction against plain spaCy on every article.

A mixed stream (one US–China engagement story in ``--on-topic-every``) is run
(a) through ``Extractor().extract`` — the relevance prefilter, then ``nlp.pipe``
and the extractors on the relevant articles only — and (b) through the plain
English pipeline with ``nlp.pipe`` over every article.  Each approach runs in
its own child process so its peak resident memory is its own; both are single
process.  ``--ungated`` adds Parley with every sentence of a relevant article
parsed (``gate_sentences`` off), so the gate's effect is measured in the same
run; ``--pool`` adds Parley on a two-process pool via ``parley.scale``.
Parley multiplies its models' matrices with numpy's OpenBLAS (``nlp.use_openblas``),
plain spaCy with thinc's default BLIS: ``--same-blas`` adds plain spaCy on OpenBLAS too,
so the gate's own share of the speed-up is measured in the same run.
``--words 600-900`` makes the on-topic stories that long (engagement paragraphs,
then background ones).

Usage::

    python benchmarks/bench_extract.py --n 1000 --pool
    python benchmarks/bench_extract.py --on-topic-every 1 --n 300 --words 600-900 --ungated
    python benchmarks/bench_extract.py --on-topic-every 1 --n 300 --words 600-900 --rounds 3
    python benchmarks/bench_extract.py --on-topic-every 1 --n 300 --words 600-900 --same-blas
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any

from corpus import generate_articles
from measure import peak_rss_mb, print_load

if TYPE_CHECKING:
    from parley.models import Article

#: Speed-up over plain spaCy asked for: 3x on a stream where every story is on topic,
#: 15x on a mixed stream where most articles are off topic and never parsed.
ON_TOPIC_TARGET = 3.0
MIXED_TARGET = 15.0
APPROACHES = ("parley", "spacy", "parley-ungated", "parley-pool", "spacy-openblas")
POOL_WORKERS = 2



def build_articles(n: int, on_topic_every: int,
                   words: tuple[int, int] | None = None) -> list[Article]:
    """Generated articles as Parley Articles with their publication day as an anchor."""
    from parley.ingest.identity import make_article

    return [
        make_article(record["text"], record["source"], title=record["title"], url=record["url"],
                     published=record["published"], published_precision="day",
                     published_basis="field")
        for record in generate_articles(n, on_topic_every=on_topic_every, words=words)
    ]


def run_parley(articles: list[Article], batch_size: int, gate: bool = True) -> dict[str, Any]:
    """Single-process Parley extraction; model load timed apart from processing."""
    from parley.extract.article import Extractor

    started = time.perf_counter()
    extractor = Extractor() if gate else Extractor(gate=False)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    results = list(extractor.extract(articles, batch_size=batch_size))
    run_s = time.perf_counter() - started
    return {"load_s": load_s, "run_s": run_s, "parsed": sum(r.relevant for r in results),
            "events": sum(len(r.events) for r in results), "out": len(results)}


def run_spacy(articles: list[Article], batch_size: int, openblas: bool = False) -> dict[str, Any]:
    """Plain English pipeline over every article; entities are read so each doc is consumed."""
    import spacy

    from parley.extract.nlp import MODEL_PACKAGE, use_openblas

    started = time.perf_counter()
    nlp = spacy.load(MODEL_PACKAGE)
    if openblas:
        use_openblas(nlp)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    entities = sum(len(doc.ents) for doc in nlp.pipe((a.text for a in articles),
                                                     batch_size=batch_size))
    run_s = time.perf_counter() - started
    return {"load_s": load_s, "run_s": run_s, "parsed": len(articles), "entities": entities,
            "out": len(articles)}


def run_pool(articles: list[Article], batch_size: int) -> dict[str, Any]:
    """Parley extraction on a local process pool; worker start-up (model load) is included."""
    from parley.extract.article import extract_articles
    from parley.scale import chunks, run_chunks

    started = time.perf_counter()
    results = [ex for batch in run_chunks(extract_articles, chunks(articles, batch_size),
                                          workers=POOL_WORKERS, extra=((), batch_size))
               for ex in batch]
    run_s = time.perf_counter() - started
    return {"load_s": 0.0, "run_s": run_s, "parsed": sum(r.relevant for r in results),
            "events": sum(len(r.events) for r in results), "out": len(results),
            "workers_peak_rss_mb": peak_rss_mb(resource.RUSAGE_CHILDREN)}


def run_spacy_openblas(articles: list[Article], batch_size: int) -> dict[str, Any]:
    """Plain spaCy with the math library Parley uses: the gate's share of the speed-up."""
    return run_spacy(articles, batch_size, openblas=True)


def run_ungated(articles: list[Article], batch_size: int) -> dict[str, Any]:
    """Parley parsing every sentence of each relevant article (``gate_sentences`` off)."""
    return run_parley(articles, batch_size, gate=False)


def parse_words(text: str | None) -> tuple[int, int] | None:
    """``"600-900"`` → (600, 900)."""
    if not text:
        return None
    low, _, high = text.partition("-")
    return int(low), int(high or low)


def measure(approach: str, n: int, on_topic_every: int, batch_size: int,
            words: tuple[int, int] | None = None) -> dict[str, Any]:
    """Run one approach in this process and return its figures."""
    articles = build_articles(n, on_topic_every, words)
    runner = {"parley": run_parley, "spacy": run_spacy, "parley-ungated": run_ungated,
              "parley-pool": run_pool, "spacy-openblas": run_spacy_openblas}[approach]
    result = runner(articles, batch_size)
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def run_child(approach: str, args: argparse.Namespace) -> dict[str, Any]:
    """Measure one approach in a fresh interpreter and return its JSON result."""
    command = [sys.executable, __file__, "--child", approach, "--n", str(args.n),
               "--on-topic-every", str(args.on_topic_every), "--batch-size", str(args.batch_size),
               *(["--words", args.words] if args.words else [])]
    print(f"[{approach}] running on {args.n} articles…", file=sys.stderr)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{approach} child failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_table(n: int, results: dict[str, dict[str, Any]]) -> None:
    """One row per approach: load time, processing time, throughput and peak memory."""
    header = (f"{'approach':<13}{'articles':>9}{'parsed':>8}{'load s':>8}{'run s':>8}"
              f"{'art/s':>8}{'art/s incl. load':>18}  peak RSS MiB")
    print(header)
    print("-" * len(header))
    for name, r in results.items():
        total = r["load_s"] + r["run_s"]
        rss = f"{r['peak_rss_mb']:.0f}"
        if "workers_peak_rss_mb" in r:
            rss += f" (+{r['workers_peak_rss_mb']:.0f}/worker)"
        print(f"{name:<13}{n:>9}{r['parsed']:>8}{r['load_s']:>8.1f}{r['run_s']:>8.1f}"
              f"{n / r['run_s']:>8.1f}{n / total:>18.1f}  {rss}")


def main(argv: list[str] | None = None) -> int:
    """Measure each approach in a child process and print the comparison."""
    parser = argparse.ArgumentParser(description="Compare Parley extraction with plain spaCy.")
    parser.add_argument("--n", type=int, default=1000, help="articles in the stream")
    parser.add_argument("--on-topic-every", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size")
    parser.add_argument("--words", metavar="LOW-HIGH",
                        help="length of the on-topic stories in words (e.g. 600-900)")
    parser.add_argument("--ungated", action="store_true",
                        help="also run Parley parsing every sentence (gate_sentences off)")
    parser.add_argument("--pool", action="store_true",
                        help=f"also run Parley on a {POOL_WORKERS}-process local pool")
    parser.add_argument("--same-blas", action="store_true",
                        help="also run plain spaCy on OpenBLAS, the math library Parley "
                             "uses, to measure the gate's own share of the speed-up")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run Parley and plain spaCy this many times, alternately, and "
                             "report the median of each round's ratio (a shared machine's "
                             "speed drifts between two runs; alternating pairs cancel it)")
    parser.add_argument("--child", choices=APPROACHES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, args.n, args.on_topic_every, args.batch_size,
                                 parse_words(args.words))))
        return 0

    approaches = ["parley", "spacy", *(["parley-ungated"] if args.ungated else []),
                  *(["parley-pool"] if args.pool else []),
                  *(["spacy-openblas"] if args.same_blas else [])]
    print_load()
    results = {name: run_child(name, args) for name in approaches}
    paired = ("parley", "spacy", *(["spacy-openblas"] if args.same_blas else []))
    rounds = {name: [results[name]] for name in paired}
    for _ in range(args.rounds - 1):
        for name in paired:
            rounds[name].append(run_child(name, args))
    ratios = [s["run_s"] / p["run_s"] for p, s in zip(rounds["parley"], rounds["spacy"])]
    middle = sorted(range(len(ratios)), key=ratios.__getitem__)[len(ratios) // 2]
    results["parley"], results["spacy"] = rounds["parley"][middle], rounds["spacy"][middle]
    print_table(args.n, results)
    parley, plain = results["parley"], results["spacy"]
    ratio = plain["run_s"] / parley["run_s"]
    if len(ratios) > 1:
        print(f"ratio in each of {len(ratios)} alternating rounds: "
              + ", ".join(f"{r:.2f}x" for r in ratios) + f"; median {ratio:.2f}x (shown)")
    ratio_total = (plain["load_s"] + plain["run_s"]) / (parley["load_s"] + parley["run_s"])
    print(f"speed ratio Parley / plain spaCy: {ratio:.1f}x processing, "
          f"{ratio_total:.1f}x including model load; Parley found {parley['events']} "
          f"event mentions in {parley['parsed']} parsed articles")
    if "parley-ungated" in results:
        ungated = results["parley-ungated"]
        print(f"without the sentence gate: {plain['run_s'] / ungated['run_s']:.1f}x plain spaCy "
              f"(peak {ungated['peak_rss_mb']:.0f} MiB), {ungated['events']} event mentions; "
              f"the gate makes Parley {ungated['run_s'] / parley['run_s']:.1f}x faster")
    if "spacy-openblas" in results:
        same = sorted(s["run_s"] / p["run_s"]
                      for p, s in zip(rounds["parley"], rounds["spacy-openblas"]))
        fair = same[len(same) // 2]
        print(f"against plain spaCy on OpenBLAS too (the gate's own share): {fair:.1f}x "
              f"(median of {len(same)} round(s): " + ", ".join(f"{r:.2f}x" for r in same) + ")")
    pool_note = ""
    if "parley-pool" in results:
        pool = results["parley-pool"]
        pool_note = (f"; with {POOL_WORKERS} worker processes "
                     f"{args.n / pool['run_s']:.0f} art/s incl. start-up")
    target = ON_TOPIC_TARGET if args.on_topic_every == 1 else MIXED_TARGET
    verdict = "meets" if ratio >= target else "below"
    length = f", on-topic stories of {args.words} words" if args.words else ""
    print(f"Extraction of {args.n:,} articles (1 in {args.on_topic_every} on topic{length}, "
          f"{os.cpu_count()} cores): Parley {args.n / parley['run_s']:.0f} art/s "
          f"(peak {parley['peak_rss_mb']:.0f} MiB) vs plain spaCy "
          f"{args.n / plain['run_s']:.0f} art/s (peak {plain['peak_rss_mb']:.0f} MiB) — "
          f"{ratio:.1f}x, {verdict} the {target:.0f}x target{pool_note}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
