"""Latency of `parley serve` on a store of generated events, at 1 and 16 concurrent clients.

A store is filled with ``--n`` generated fused events (officials of the bundled
knowledge base, types, statuses, dates 2017–2025, topics, tone words, source
sentences) and a few thousand short articles, the event index is built, and
``parley serve`` is started on a free loopback port.  Then 1 and 16 clients
(threads, each with its own keep-alive connection) request the timeline page
and ``/api/v1/events`` with a rotating set of filters (pair and date range,
type, person, topic and main, full-text search, minimum confidence, the second
page of a cursor) until ``--requests`` answers or ``--seconds`` per run.
p50 and p95 latency per endpoint and concurrency are printed.

Traffic goes to 127.0.0.1 only, every run is bounded in count and time, and the
server is stopped at the end.

Usage::

    python benchmarks/bench_serve.py --n 100000
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from measure import print_load

from parley.kb import KnowledgeBase
from parley.models import Event, Participant, Span, Tagged
from parley.serve.catalog import refresh_index
from parley.store import Store

TYPES = ["call", "video_call", "meeting", "talks_round", "visit", "summit", "joint_statement",
         "working_group", "agreement_signed"]
TOPICS = ["tariffs", "export_controls", "semiconductors", "fentanyl", "purchases",
          "agriculture", "communication_channel", "subsidies", "rare_earths", "taiwan"]
TONE = [("constructive", 0.6), ("candid", 0.3), ("serious concerns", -0.6),
        ("pragmatic", 0.4), ("unilateral bullying", -0.9)]
PLACES = ["Geneva", "London", "Beijing", "Washington", "Stockholm", "Madrid", None]
FILTERS = [
    {"pair": "USA-CHN", "since": "2023-01-01"},
    {"type": "call", "since": "2020", "until": "2022"},
    {"person": "he-lifeng"},
    {"topic": "tariffs", "main": "true"},
    {"q": "tariffs Geneva"},
    {"min_confidence": "0.8", "status": "happened"},
    {"pair": "USA-CHN", "type": "talks_round", "order": "desc"},
]


def people_by_side(kb: KnowledgeBase) -> dict[str, list[tuple[str, str]]]:
    """(id, name) of the knowledge base's officials of each side."""
    sides: dict[str, list[tuple[str, str]]] = {"USA": [], "CHN": []}
    for person in kb.persons.values():
        if person.country in sides:
            sides[person.country].append((person.id, person.name))
    return sides


def generate_events(n: int, n_articles: int, kb: KnowledgeBase, seed: int = 7) -> list[Event]:
    """n fused events with the shape extraction produces."""
    rng = random.Random(seed)
    sides = people_by_side(kb)
    events = []
    for i in range(n):
        year = rng.randint(2017, 2025)
        precision = rng.choices(["day", "month", "year"], [8, 2, 1])[0]
        date = {"day": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "month": f"{year}-{rng.randint(1, 12):02d}", "year": str(year)}[precision]
        if rng.random() < 0.03:
            date, precision = None, None
        chosen = [(c, *rng.choice(sides[c])) for c in ("USA", "CHN") for _ in range(
            rng.randint(1, 2))]
        articles = [f"a{rng.randrange(n_articles):06d}" for _ in range(rng.randint(1, 4))]
        topics = rng.sample(TOPICS, rng.randint(0, 3))
        place = rng.choice(PLACES)
        sentence = (f"{chosen[0][2]} and {chosen[-1][2]} discussed "
                    f"{', '.join(t.replace('_', ' ') for t in topics) or 'the relationship'}"
                    f"{' in ' + place if place else ''}.")
        span = Span(articles[0], 0, len(sentence), sentence=sentence, text=sentence)
        tone = {c: [Tagged(w, span, score=s, country=c)] for c in ("USA", "CHN")
                for w, s in [rng.choice(TONE)] if rng.random() < 0.6}
        events.append(Event(
            id=f"ev-{i:016x}", type=rng.choice(TYPES),
            status=rng.choices(["happened", "planned", "cancelled"], [8, 2, 1])[0],
            date=date, date_precision=precision,  # type: ignore[arg-type]
            date_basis="generated", participants=[
                Participant(name=name, actor_id=pid, country=c, role=None)
                for c, pid, name in chosen],
            location=place, topics=[Tagged(t, span, country=rng.choice(["USA", "CHN", None]))
                                    for t in topics],
            tone=tone, cameo="040", goldstein=round(rng.uniform(-5, 8), 1), plover="CONSULT",
            main=rng.random() < 0.4, sources=[Span(a, 0, len(sentence), sentence=sentence)
                                              for a in articles],
            article_ids=list(dict.fromkeys(articles))))
    return events


def build_store(path: Path, n: int, n_articles: int) -> float:
    """Fill a store with generated articles and events and build its index; seconds taken."""
    from parley.models import Article

    started = time.perf_counter()
    kb = KnowledgeBase.default()
    with Store(path) as store:
        for i in range(n_articles):
            store.add_article(Article(id=f"a{i:06d}", text=f"Generated article {i} on trade "
                                      "talks, tariffs and export controls.", source=f"gen/{i}",
                                      title=f"Trade talks report {i}"),
                              dup_group=f"a{i:06d}", minhash=None)
        store.replace_events(generate_events(n, n_articles, kb), {}, {})
        refresh_index(store, kb, force=True)
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    """`parley serve` on a free loopback port, once it answers."""
    port = free_port()
    parley = Path(sys.executable).with_name("parley")
    proc = subprocess.Popen([str(parley), "--db", str(db), "serve", "--port", str(port),
                             "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("parley serve did not start within 120 s")


def second_pages(base: str) -> list[dict[str, str]]:
    """Each filter again, at its second page (the cursor the first page returned)."""
    pages = []
    for f in FILTERS:
        body = httpx.get(base + "/api/v1/events", params=f, timeout=30).json()
        if body.get("next_cursor"):
            pages.append({**f, "cursor": body["next_cursor"]})
    return pages


def run(base: str, path: str, params: list[dict[str, str]], clients: int, requests: int,
        seconds: float) -> list[float]:
    """Latencies (ms) of ``requests`` GETs spread over ``clients`` threads, within ``seconds``."""
    deadline = time.monotonic() + seconds
    per_client = max(1, requests // clients)

    def client(k: int) -> list[float]:
        times = []
        with httpx.Client(base_url=base, timeout=30) as http:
            for i in range(per_client):
                if time.monotonic() > deadline:
                    break
                started = time.perf_counter()
                response = http.get(path, params=params[(k + i) % len(params)])
                times.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{path} answered {response.status_code}")
        return times

    with ThreadPoolExecutor(clients) as pool:
        return [t for batch in pool.map(client, range(clients)) for t in batch]


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="generated events")
    parser.add_argument("--articles", type=int, default=5_000, help="generated articles")
    parser.add_argument("--requests", type=int, default=400, help="requests per run")
    parser.add_argument("--seconds", type=float, default=60.0, help="time limit per run")
    parser.add_argument("--db", help="reuse (or keep) the generated store at this path")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="server processes (default: one per core)")
    args = parser.parse_args()
    print_load()
    folder = tempfile.mkdtemp(prefix="parley-bench-serve-")
    db = Path(args.db) if args.db else Path(folder) / "bench.db"
    if not db.exists():
        took = build_store(db, args.n, args.articles)
        print(f"built a store of {args.n:,} events and {args.articles:,} articles in "
              f"{took:.0f} s ({db.stat().st_size / 2**20:.0f} MiB)")
    proc, base = start_server(db, args.workers)
    print(f"parley serve with {args.workers} worker process(es); clients on the same machine")
    try:
        params = FILTERS + second_pages(base)
        print(f"{'endpoint':<22} {'clients':>7} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'req/s':>7}")
        for path in ("/api/v1/events", "/timeline"):
            for clients in (1, 16):
                started = time.perf_counter()
                times = run(base, path, params, clients, args.requests, args.seconds)
                rate = len(times) / (time.perf_counter() - started)
                print(f"{path:<22} {clients:>7} {len(times):>8} {percentile(times, 50):>8.1f} "
                      f"{percentile(times, 95):>8.1f} {rate:>7.0f}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    if not args.db:
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        os.rmdir(folder)


if __name__ == "__main__":
    main()
