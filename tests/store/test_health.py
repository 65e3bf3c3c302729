"""`check` finds what a crash or a hand edit could leave behind; `backup` copies one
consistent snapshot; a full disk or a read-only store is one clear error."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from parley.config import Settings
from parley.errors import StoreError, StoreWriteError
from parley.ingest.identity import make_article
from parley.models import Extraction
from parley.pipeline import ingest
from parley.store import Store
from parley.store.health import backup_store, check_store
from parley.store.sqlite import latest_version

PARAGRAPH = ("Port officials in the northern harbour counted {n} container ships in the week, "
             "and said the new crane on the eastern quay would be ready before the storms.")


def _text(n: int) -> str:
    return PARAGRAPH.format(n=n) + f" Report number {n} ends here."


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A store holding five small articles with an extraction each."""
    opened = Store(tmp_path / "parley.db")
    for n in range(5):
        article = make_article(_text(n), f"port-{n}.txt")
        opened.add_article(article, dup_group=article.id, minhash=None)
        opened.save_extraction(Extraction(article_id=article.id, version="t", relevant=False))
    yield opened
    opened.close()


def _id_of(text: str) -> str:
    return make_article(text, "x").id


def test_a_healthy_store_reports_no_problems_and_its_counts(store: Store) -> None:
    report = check_store(store, id_of=_id_of)
    assert report.healthy, report.problems
    assert report.integrity == ["ok"] and report.journal_mode == "wal"
    assert report.schema_version == latest_version()
    assert report.counts["articles"] == 5 and report.counts["extractions"] == 5
    assert report.to_json()["healthy"] is True


def _raw(store: Store) -> sqlite3.Connection:
    """A second connection without foreign keys, to damage the store as a bug could."""
    conn = sqlite3.connect(store.path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=OFF")
    return conn


@pytest.mark.parametrize(("damage", "problem"), [
    ("DELETE FROM article_sources WHERE rowid = 1", "1 articles with no recorded source"),
    ("INSERT INTO extractions VALUES ('gone', 't', 0, '{}', 'now')",
     "1 extractions whose article is missing"),
    ("UPDATE articles SET text = text || ' edited' WHERE rowid = 2",
     "1 articles whose id does not match their text"),
    ("UPDATE extractions SET data = '{\"article_id\": ' WHERE rowid = 3",
     "1 extractions whose stored record does not parse"),
    ("UPDATE articles SET dup_group = 'nowhere' WHERE rowid = 4",
     "1 articles whose duplicate group names a missing article"),
    ("INSERT INTO events VALUES ('e1', 'call', 'happened', NULL, NULL, '{\"id\": \"e1\"}', 'now')",
     "1 events with no member mention"),
])
def test_damage_is_named(store: Store, damage: str, problem: str) -> None:
    with _raw(store) as conn:
        conn.execute(damage)
    report = check_store(store, id_of=_id_of)
    assert problem in report.problems


def test_an_older_schema_is_reported_not_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path) as fresh:
        fresh.conn.execute("PRAGMA user_version = 0")
    with Store(path, migrate=False) as old:
        report = check_store(old)
        assert old.schema_version == 0
    assert any("older than" in p for p in report.problems)


def test_checking_a_missing_store_does_not_create_one(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        Store(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_backup_is_a_healthy_copy_with_the_same_rows(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    size = backup_store(store, target)
    assert size == target.stat().st_size > 0
    with Store(target, create=False) as copy:
        assert check_store(copy, id_of=_id_of).healthy
        assert copy.article_ids() == store.article_ids()
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name]


def test_backup_refuses_to_overwrite_unless_asked(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(StoreError, match="already exists; pass --force"):
        backup_store(store, target)
    assert target.read_text(encoding="utf-8") == "keep me"
    backup_store(store, target, replace=True)
    with Store(target, create=False) as copy:
        assert len(copy.article_ids()) == 5
    with pytest.raises(StoreError, match="is the store itself"):
        backup_store(store, store.path, replace=True)


WRITER = """
import sys
from parley.ingest.identity import make_article
from parley.store import Store
store = Store(sys.argv[1])
print("ready", flush=True)
n = 0
while sys.stdin.readline().strip() != "stop":
    for _ in range(20):
        text = f"Harbour report {n}: the crane on the eastern quay lifted {n} boxes today."
        article = make_article(text, f"w{n}.txt")
        store.add_article(article, dup_group=article.id, minhash=None)
        n += 1
    print("wrote", n, flush=True)
"""


def test_backup_while_another_process_writes_is_consistent(store: Store, tmp_path: Path) -> None:
    """Each backup is one snapshot: every article in it has its source row, whatever the
    writer was doing, and the copy passes the integrity check."""
    writer = subprocess.Popen([sys.executable, "-c", WRITER, store.path], text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert writer.stdin and writer.stdout
    try:
        assert writer.stdout.readline().strip() == "ready"
        sizes = []
        for round_ in range(6):
            writer.stdin.write("go\n")
            writer.stdin.flush()
            target = tmp_path / f"snap{round_}.db"
            backup_store(store, target)
            with Store(target, create=False) as copy:
                report = check_store(copy, id_of=_id_of)
                assert report.healthy, report.problems
                sizes.append(report.counts["articles"])
            assert writer.stdout.readline().startswith("wrote")
        assert sizes == sorted(sizes) and sizes[0] >= 5
    finally:
        writer.stdin.write("stop\n")
        writer.stdin.flush()
        writer.wait(timeout=60)


def _articles_folder(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(n):
        (folder / f"a{i:03}.txt").write_text(_text(1000 + i) * 20 + "\n", encoding="utf-8")
    return folder


def test_a_full_disk_stops_ingest_with_one_error_and_nothing_half_written(
        tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "full.db"), progress=False)
    folder = _articles_folder(tmp_path, 60)
    with Store(settings.db) as store:
        pages = int(store.execute("PRAGMA page_count")[0][0])
        # SQLite's own limit stands in for the disk: the same SQLITE_FULL a full disk gives.
        store.conn.execute(f"PRAGMA max_page_count = {pages + 12}")
        with pytest.raises(StoreWriteError) as raised:
            ingest([str(folder)], settings, store)
    assert "disk is full" in raised.value.oneline()
    assert "nothing was half-written" in raised.value.oneline()
    assert "\n" not in raised.value.oneline()
    with Store(settings.db) as reopened:
        report = check_store(reopened, id_of=_id_of)
        assert report.healthy, report.problems
        assert 0 < report.counts["articles"] < 60
        # Space again: the same ingest finishes the job, adding only what was missing.
        done = ingest([str(folder)], settings, reopened)
        assert done.added + report.counts["articles"] == 60


def test_a_read_only_store_is_one_clear_error(tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "ro.db"), progress=False)
    folder = _articles_folder(tmp_path, 3)
    with Store(settings.db) as store:
        store.conn.execute("PRAGMA query_only = 1")
        with pytest.raises(StoreWriteError, match="the store is read-only"):
            ingest([str(folder)], settings, store)
    with Store(settings.db) as reopened:
        assert reopened.counts()["articles"] == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files anyway")
def test_a_store_file_without_write_permission_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    Store(path).close()
    path.chmod(0o444)
    with pytest.raises(StoreError, match="read-only"), Store(path) as store:
        article = make_article(_text(1), "a.txt")
        store.add_article(article, dup_group=article.id, minhash=None)


def test_two_processes_opening_a_new_store_at_once_both_succeed(tmp_path: Path) -> None:
    """The first open migrates; one that waited for the lock finds the work done."""
    path = tmp_path / "new.db"
    code = "import sys; from parley.store import Store; Store(sys.argv[1]).close(); print('ok')"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path)], text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(4)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [out.strip() for out, _ in results] == ["ok"] * 4, [e for _, e in results]
    with Store(path) as store:
        assert store.schema_version == latest_version()


def test_a_reader_in_a_snapshot_sees_one_state(store: Store, tmp_path: Path) -> None:
    """Two queries inside one snapshot agree even when another connection commits between."""
    before = len(store.article_ids())
    writer = Store(store.path)
    done = threading.Event()

    def write() -> None:
        article = make_article(_text(77), "late.txt")
        writer.add_article(article, dup_group=article.id, minhash=None)
        done.set()

    with store.snapshot():
        first = len(store.article_ids())
        thread = threading.Thread(target=write)
        thread.start()
        assert done.wait(timeout=60)
        second = len(store.article_ids())
    thread.join()
    writer.close()
    assert first == second == before
    assert len(store.article_ids()) == before + 1
    assert json.dumps(store.counts())
