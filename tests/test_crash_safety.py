"""Crash safety and concurrency: `parley ingest` and `parley extract` killed with SIGKILL at
random moments leave a sound store that a re-run completes exactly; ingests, an extract
and a reader working on one store at once see no errors and no half-done work.

No timing is asserted: kills land after a random delay once the process shows progress,
and every wait is bounded.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from corpus_support import corpus_module
from parley.ingest.identity import article_id
from parley.store import Store
from parley.store.health import check_store

PARLEY = Path(sys.executable).with_name("parley")
#: SIGKILLs each command receives while it writes (20 in all; an extract kill costs a
#: model load, an ingest kill barely a second).
KILLS = {"ingest": 12, "extract": 8}
#: Longest any one command may take before the test gives up on it (s).
COMMAND_TIMEOUT = 300
pytestmark = pytest.mark.slow


#: JSONL files of generated articles (mostly off topic) that ingest reads one after another.
DUMP_PARTS = 8
DUMP_RECORDS = 150


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 generated articles as text files (one in two on topic, one in five undated so
    extract estimates its date) and 1,200 more, mostly off topic, in eight JSONL files."""
    folder = tmp_path_factory.mktemp("crash") / "corpus"
    module = corpus_module()
    files = module.write_corpus(folder / "txt", 40, fmt="txt", on_topic_every=2)
    for i, path in enumerate(files):
        if i % 5 == 0:
            path.write_text(path.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    for part in range(DUMP_PARTS):
        (written,) = module.write_corpus(folder / "dump" / f"{part}", DUMP_RECORDS, fmt="jsonl",
                                         on_topic_every=50, seed=part + 1)
        written.rename(folder / "dump" / f"part{part}.jsonl")
        (folder / "dump" / f"{part}").rmdir()
    return folder


def _ingest_order(corpus: Path) -> list[Path]:
    """The inputs in the order a walk of the corpus folder reads them."""
    return [*(corpus / "dump" / f"part{i}.jsonl" for i in range(DUMP_PARTS)), corpus / "txt"]


def _parley(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PARLEY), "--db", str(db), "-q", *args], capture_output=True,
                          text=True, timeout=COMMAND_TIMEOUT, check=False)


@dataclass(frozen=True)
class Outcome:
    """What a store holds in the end, in a form two runs can be compared by."""

    articles: list[tuple[Any, ...]]
    extractions: list[tuple[Any, ...]]
    events: list[tuple[Any, ...]]


def _outcome(db: Path, *, with_ids: bool = True) -> Outcome:
    with Store(db, create=False) as store:
        articles = sorted((r["id"], r["dup_group"], r["published"], r["published_basis"])
                          for r in store.article_rows())
        extractions = sorted((ex.article_id, ex.relevant, ex.error,
                              tuple(sorted((e.id, e.type, e.date) for e in ex.events)))
                             for ex in store.extractions())
        events = sorted(((e.id if with_ids else ""), e.type, e.status, e.date or "", e.main,
                         tuple(sorted(p.name for p in e.participants)),
                         tuple(sorted({s.article_id for s in e.sources})))
                        for e in store.events())
    return Outcome(articles, extractions, events)


@dataclass(frozen=True)
class Reference:
    """An uninterrupted `ingest` then `extract`: its store and what it holds."""

    db: Path
    outcome: Outcome


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Reference:
    """The store an uninterrupted `ingest` then `extract` leaves."""
    db = tmp_path_factory.mktemp("reference") / "p.db"
    assert _parley(db, "ingest", str(corpus)).returncode == 0
    assert _parley(db, "extract", "--workers", "1").returncode == 0
    outcome = _outcome(db)
    assert outcome.events and any(a[3] == "estimated" for a in outcome.articles)
    return Reference(db, outcome)


def _count(db: Path, table: str) -> int:
    """Rows in a table, read through a separate read-only connection (0 if not there yet)."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    except sqlite3.Error:
        return 0


def _kill_at_random(db: Path, args: list[str], table: str, rng: random.Random,
                    most: int) -> bool:
    """Start `parley ARGS` and SIGKILL its whole process group once it has committed a
    random number (1 to ``most``) of new rows to ``table``, a few milliseconds later.

    The moment is set by the work done, not by the clock, so every run that has that much
    left to do is killed in the middle of it however loaded the machine. True when the
    kill found it running, False when it finished first.
    """
    target = _count(db, table) + rng.randint(1, most)
    proc = subprocess.Popen([str(PARLEY), "--db", str(db), "-q", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + COMMAND_TIMEOUT
    while proc.poll() is None and _count(db, table) < target:
        assert time.monotonic() < deadline, f"parley {args[0]} made no progress"
        time.sleep(0.01)
    time.sleep(rng.uniform(0, 0.05))
    if proc.poll() is not None:
        return False
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=COMMAND_TIMEOUT)
    return True


def _assert_sound(db: Path) -> None:
    """The store passes `check`: integrity, no orphans, every record whole."""
    if not db.exists():
        return
    with Store(db, create=False) as store:
        report = check_store(store, id_of=article_id)
    assert report.integrity == ["ok"]
    assert report.healthy, report.problems


def test_kills_at_random_moments_lose_nothing_and_a_rerun_matches(
        corpus: Path, reference: Reference, tmp_path: Path) -> None:
    """Each run is killed while it writes; after every kill the store passes `check`, and
    re-running to the end gives exactly what the uninterrupted run gave."""
    db = tmp_path / "killed.db"
    rng = random.Random(20240607)
    kills = {"ingest": 0, "extract": 0}
    # Ingest: each input in turn, killed and re-run until one run gets through it.
    inputs = _ingest_order(corpus)
    while inputs and kills["ingest"] < KILLS["ingest"]:
        killed = _kill_at_random(db, ["ingest", str(inputs[0])], "articles", rng, 40)
        _assert_sound(db)
        kills["ingest"] += killed
        if not killed:
            inputs.pop(0)
    if inputs:
        assert _parley(db, "ingest", *map(str, inputs)).returncode == 0
    # Extract: killed while it writes extractions, re-run until one run gets through.
    while kills["extract"] < KILLS["extract"]:
        if not _kill_at_random(db, ["extract", "--workers", "1"], "extractions", rng, 40):
            break
        kills["extract"] += 1
        _assert_sound(db)
    _assert_sound(db)
    print(f"kills survived: ingest {kills['ingest']}, extract {kills['extract']}")
    assert kills == KILLS
    assert _parley(db, "extract", "--workers", "1").returncode == 0
    assert _outcome(db) == reference.outcome


def _folder_of(corpus: Path, tmp_path: Path, name: str, files: list[Path]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for path in files:
        (folder / path.name).symlink_to(path)
    return folder


def test_two_ingests_and_an_extract_at_once(corpus: Path, reference: Reference,
                                            tmp_path: Path) -> None:
    """Overlapping ingests and an extract on one new store: all succeed, and after a last
    extract the store holds what one sequential run gives."""
    files = sorted((corpus / "txt").iterdir())
    first = _folder_of(corpus, tmp_path, "first", files[:40])
    second = _folder_of(corpus, tmp_path, "second", files[20:])
    db = tmp_path / "shared.db"
    commands = [["ingest", str(first)], ["ingest", str(second), str(corpus / "dump")],
                ["extract", "--workers", "1"]]
    procs = [subprocess.Popen([str(PARLEY), "--db", str(db), "-q", *args], text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for args in commands]
    results = [p.communicate(timeout=COMMAND_TIMEOUT) for p in procs]
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err
        assert "error" not in err.lower(), err
    added = sum(int(out.split("added ", 1)[1].split(",", 1)[0]) for out, _ in results[:2])
    assert added == len(reference.outcome.articles), "each article stored once"
    assert _parley(db, "extract", "--workers", "1").returncode == 0
    _assert_sound(db)
    # Event ids may differ (fusion ran first on part of the corpus); the events may not.
    together = _outcome(db, with_ids=False)
    alone = sorted(("",) + e[1:] for e in reference.outcome.events)
    assert together.events == alone
    assert [a[0] for a in together.articles] == [a[0] for a in reference.outcome.articles]


def _consistent_snapshots(db: Path, stop: threading.Event, seen: list[int],
                          problems: list[str]) -> None:
    """Read the store as a viewer would, one snapshot at a time, until told to stop."""
    with Store(db, create=False) as store:
        while not stop.is_set():
            try:
                with store.snapshot():
                    events = {e.id for e in store.events()}
                    members = set(store.membership().values())
                    extracted = store.counts()["extractions"]
            except Exception as exc:  # noqa: BLE001 - reported by the test below
                problems.append(f"{type(exc).__name__}: {exc}")
                return
            if events != members:
                problems.append(f"events and their members disagree: {len(events)} vs "
                                f"{len(members)}")
            seen.append(extracted)
            time.sleep(0.05)


def test_a_reader_sees_only_whole_states_while_extract_writes(reference: Reference) -> None:
    db = reference.db  # its outcome is already recorded; extracting again changes no test
    stop = threading.Event()
    seen: list[int] = []
    problems: list[str] = []
    reader = threading.Thread(target=_consistent_snapshots, args=(db, stop, seen, problems))
    reader.start()
    try:
        again = _parley(db, "extract", "--force", "--workers", "1")
    finally:
        stop.set()
        reader.join(timeout=COMMAND_TIMEOUT)
    assert again.returncode == 0, again.stderr
    assert not problems, problems[:3]
    assert seen, "the reader read at least once"
