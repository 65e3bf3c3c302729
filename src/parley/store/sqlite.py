"""The embedded store: SQLite in WAL mode, the only module that writes SQL.

Migrations are numbered ``.sql`` files applied in order and recorded in
``PRAGMA user_version``.  That is hand-rolled on purpose: Alembic would bring
SQLAlchemy in for a handful of DDL files, and SQLite's own version counter is
transactional, so a half-applied migration is impossible.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Self

from parley.errors import StoreError, StoreWriteError
from parley.models import Article, Event, Extraction
from parley.store.codec import event_from, extraction_from


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every bundled migration, in order."""
    found = []
    for item in resources.files("parley.store.migrations").iterdir():
        name = item.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, item.read_text(encoding="utf-8")))
    return sorted(found)


#: What a failed write means to a user, by SQLite's primary result code.
_WRITE_FAILURES = {
    5: "the store is busy: another process held its write lock too long; run again",
    6: "the store is locked by another connection; run again",
    8: "the store is read-only (check the permissions of the file and its folder)",
    10: "input/output error while writing the store",
    11: "the store file is damaged; run `parley check`",
    13: "the disk is full (or the store reached its size limit); free some space and run again",
    14: "cannot open the store file (check the folder exists and is writable)",
    26: "not a Parley store (not an SQLite database)",
}


def write_error(exc: sqlite3.Error, path: str) -> StoreWriteError:
    """A one-line StoreWriteError for a failed SQLite write, saying what the user can do."""
    code = getattr(exc, "sqlite_errorcode", None)
    reason = _WRITE_FAILURES.get(code & 0xFF if isinstance(code, int) else -1)
    if reason is None:
        reason = f"cannot write the store: {exc}"
    return StoreWriteError(f"{reason}; nothing was half-written", source=path)


def latest_version() -> int:
    """The schema version the bundled migrations lead to."""
    return max((v for v, _, _ in migrations()), default=0)


#: How long a write waits for another process's write lock before giving up (ms).
BUSY_TIMEOUT_MS = 30_000

#: An extraction row's error, SQL over table alias {t}; a record that no longer parses
#: counts as failed, so the next run redoes it instead of every query tripping on it.
ERROR_OF = ("(CASE WHEN json_valid({t}.data) THEN json_extract({t}.data, '$.error') "
            "ELSE 'unreadable record' END)")

#: Longest a read on behalf of a web request may run before it is interrupted (seconds).
READ_TIME_LIMIT = 10.0
#: SQLite virtual-machine steps between two checks of that limit.
PROGRESS_STEPS = 20_000

#: Ids per "IN (...)" query (SQLite's bound-parameter limit is far above this).
ID_CHUNK = 500

ARTICLE_COLUMNS = (
    "id", "source", "title", "url", "site", "format", "published", "published_precision",
    "published_basis", "published_evidence", "window_start", "window_end", "dateline_place",
    "text", "meta", "dup_group", "ingested_at",
)


def _article_from_row(row: sqlite3.Row) -> Article:
    window = (row["window_start"], row["window_end"]) if row["window_start"] else None
    return Article(
        id=row["id"], text=row["text"], source=row["source"], title=row["title"],
        url=row["url"], site=row["site"], format=row["format"], published=row["published"],
        published_precision=row["published_precision"], published_basis=row["published_basis"],
        published_evidence=row["published_evidence"], published_window=window,
        dateline_place=row["dateline_place"], meta=json.loads(row["meta"] or "{}"),
    )


class Store:
    """Connection owner for one SQLite database file.

    Reads and writes share one connection guarded by a lock; every write of
    one article (or one fusion run) happens inside a single transaction so an
    interrupted run never leaves half an article behind.
    """

    def __init__(self, path: str | Path, *, create: bool = True, migrate: bool = True) -> None:
        """Open (and unless ``create`` is False, create) the store at path.

        ``migrate=False`` leaves the schema as found, for commands that only inspect it.
        """
        self.path = str(path)
        if not create and self.path != ":memory:" and not Path(self.path).is_file():
            raise StoreError("no store here (run `parley ingest` first, or pass --db)",
                             source=self.path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open database: {exc}", source=self.path) from exc
        self.conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._readers = threading.local()
        self._reader_conns: list[sqlite3.Connection] = []
        try:
            # The wait first: switching to WAL needs a lock another process may hold.
            self.conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            newest = latest_version()
            if self.schema_version > newest:
                raise StoreError(f"written by a newer Parley (schema {self.schema_version}; "
                                 f"this one knows up to {newest})", source=self.path)
            if migrate:
                self.migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"not a Parley database or damaged: {exc}", source=self.path) from exc
        except StoreError:
            self.conn.close()
            raise

    # -- plumbing ---------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of writes; rolled back whole on any error.

        A write SQLite refuses (full disk, read-only file, lock held too long) becomes
        one StoreWriteError; the transaction is rolled back, so nothing is half-written.
        """
        with self._lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self.conn
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.IntegrityError):
                    raise  # a broken constraint is a bug to see, not a condition to report
                raise write_error(exc, self.path) from exc

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one committed state of the store, whatever others write meanwhile.

        WAL mode gives a reader a snapshot for the length of one read transaction; a
        view that makes several queries (events, then their members) reads inside one.
        """
        with self._lock:
            if self.conn.in_transaction:  # already inside one: it is the snapshot
                yield
                return
            self.conn.execute("BEGIN DEFERRED")
            try:
                yield
            finally:
                if self.conn.in_transaction:
                    self.conn.execute("COMMIT")

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        """Run one read query and return all rows."""
        with self._lock:
            try:
                return self.conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"cannot read the store: {exc}", source=self.path) from exc

    def read(self, sql: str, params: Sequence[Any] | dict[str, Any] = (), *,
             time_limit: float = READ_TIME_LIMIT) -> list[sqlite3.Row]:
        """Run one read query on this thread's own read-only connection, within a time limit.

        Web requests read in parallel this way (WAL lets readers run beside the
        one writer); an in-memory store has no second connection and reads on
        the main one.  A query past the limit raises StoreError.
        """
        if self.path == ":memory:":
            return self.execute(sql, params)
        conn = getattr(self._readers, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{Path(self.path).resolve()}?mode=ro", uri=True,
                                   check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout=10000")
            self._readers.conn = conn
            with self._lock:
                self._reader_conns.append(conn)
        deadline = time.monotonic() + time_limit
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), PROGRESS_STEPS)
        try:
            return conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise StoreError(f"query took longer than {time_limit:g}s and was stopped",
                                 source=self.path) from exc
            raise
        finally:
            conn.set_progress_handler(None, 0)

    def meta(self, key: str) -> str | None:
        """One value of the store's key/value table."""
        rows = self.execute("SELECT value FROM store_meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> int:
        """Apply pending migrations; returns the schema version reached."""
        current = self.schema_version
        for version, name, sql in migrations():
            if version <= current:
                continue
            with self.transaction() as conn:
                # Another process may have migrated while this one waited for the lock.
                if int(conn.execute("PRAGMA user_version").fetchone()[0]) >= version:
                    continue
                for statement in sql.split(";\n"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version}")
        return self.schema_version

    def close(self) -> None:
        with self._lock:
            for reader in self._reader_conns:
                reader.close()
            self._reader_conns.clear()
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles ---------------------------------------------------------
    def add_article(self, article: Article, *, dup_group: str, minhash: bytes | None) -> bool:
        """Store one article; False when it was already stored (its source is still recorded)."""
        now = _now()
        with self.transaction() as conn:
            exists = conn.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone()
            if not exists:
                window = article.published_window or (None, None)
                values = {
                    **{k: getattr(article, k, None) for k in ARTICLE_COLUMNS
                       if hasattr(article, k)},
                    "window_start": window[0], "window_end": window[1],
                    "meta": json.dumps(article.meta, ensure_ascii=False, default=str),
                    "dup_group": dup_group, "ingested_at": now,
                }
                cols = [*ARTICLE_COLUMNS, "minhash"]
                values["minhash"] = minhash
                conn.execute(
                    f"INSERT INTO articles ({', '.join(cols)}) VALUES "
                    f"({', '.join(':' + c for c in cols)})", values)
            conn.execute(
                "INSERT OR IGNORE INTO article_sources (article_id, source, seen_at) VALUES (?,?,?)",
                (article.id, article.source, now))
        return not exists

    def article(self, article_id: str) -> Article | None:
        """One article by id or unambiguous id prefix."""
        rows = self.execute("SELECT * FROM articles WHERE id LIKE ? LIMIT 2", (article_id + "%",))
        return _article_from_row(rows[0]) if len(rows) == 1 else None

    def articles(self, *, ids: Iterable[str] | None = None) -> list[Article]:
        """All articles, oldest ingest first (optionally only some ids)."""
        if ids is None:
            rows = self.execute("SELECT * FROM articles ORDER BY ingested_at, rowid")
            return [_article_from_row(r) for r in rows]
        wanted = list(dict.fromkeys(ids))
        found: list[sqlite3.Row] = []
        for start in range(0, len(wanted), ID_CHUNK):
            part = wanted[start:start + ID_CHUNK]
            found.extend(self.execute(
                f"SELECT * FROM articles WHERE id IN ({','.join('?' * len(part))})", part))
        order = {r["id"]: (r["ingested_at"], i) for i, r in enumerate(found)}
        return [_article_from_row(r) for r in sorted(found, key=lambda r: order[r["id"]])]

    def article_ids(self) -> list[str]:
        """Every article id, oldest ingest first."""
        return [r[0] for r in self.execute("SELECT id FROM articles ORDER BY ingested_at, rowid")]

    def article_rows(self) -> list[sqlite3.Row]:
        """Listing rows for `parley articles` (no text)."""
        return self.execute(
            "SELECT a.id, a.source, a.title, a.published, a.published_precision, "
            "a.published_basis, a.window_start, a.window_end, a.dup_group, a.format, "
            "(SELECT COUNT(*) FROM article_sources s WHERE s.article_id = a.id) AS n_sources, "
            "(SELECT COUNT(*) FROM articles b WHERE b.dup_group = a.dup_group) AS group_size "
            "FROM articles a ORDER BY a.ingested_at, a.rowid")

    def published_dates(self) -> dict[str, str | None]:
        """article id → its publication date (stated or estimated), None when unknown."""
        return {r[0]: r[1] for r in self.execute("SELECT id, published FROM articles")}

    def publication_windows(self) -> dict[str, tuple[str, str]]:
        """article id → the span its estimated publication day may lie in (estimated only)."""
        return {r[0]: (r[1], r[2]) for r in self.execute(
            "SELECT id, window_start, window_end FROM articles WHERE window_start IS NOT NULL "
            "AND window_end IS NOT NULL")}

    def source_names(self) -> dict[str, str]:
        """article id → the file name or URL it was first ingested from."""
        return {r[0]: r[1] for r in self.execute("SELECT id, source FROM articles")}

    def article_sources(self, article_id: str) -> list[str]:
        return [r[0] for r in self.execute(
            "SELECT source FROM article_sources WHERE article_id = ? ORDER BY seen_at", (article_id,))]

    def signatures(self) -> list[tuple[str, str, bytes]]:
        """(id, dup_group, minhash) of every article, to rebuild the near-duplicate index."""
        return [(r[0], r[1], r[2]) for r in self.execute(
            "SELECT id, dup_group, minhash FROM articles WHERE minhash IS NOT NULL "
            "ORDER BY ingested_at, rowid")]

    def set_publication(self, article_id: str, *, published: str | None, precision: str | None,
                        basis: str | None, evidence: str | None,
                        window: tuple[str, str] | None) -> None:
        """Record an estimated or user-given publication date."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE articles SET published = ?, published_precision = ?, published_basis = ?, "
                "published_evidence = ?, window_start = ?, window_end = ? WHERE id = ?",
                (published, precision, basis, evidence, window[0] if window else None,
                 window[1] if window else None, article_id))

    # -- extractions ------------------------------------------------------
    def extracted_ids(self, version: str) -> set[str]:
        return {r[0] for r in self.execute(
            "SELECT article_id FROM extractions WHERE version = ? "
            f"AND {ERROR_OF.format(t='extractions')} IS NULL", (version,))}

    def save_extraction(self, extraction: Extraction) -> None:
        """Store one article's extraction (replacing any earlier one) in one transaction."""
        with self.transaction() as conn:
            self._write_extraction(conn, extraction)

    @staticmethod
    def _write_extraction(conn: sqlite3.Connection, extraction: Extraction) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO extractions (article_id, version, relevant, data, "
            "extracted_at) VALUES (?,?,?,?,?)",
            (extraction.article_id, extraction.version, int(extraction.relevant),
             json.dumps(extraction.to_dict(), ensure_ascii=False), _now()))

    def save_estimate(self, article_id: str, *, published: str, evidence: str,
                      window: tuple[str, str], extraction: Extraction) -> None:
        """An estimated publication date and the extraction redone against it, together.

        One transaction, so a run stopped in between never leaves a dated article whose
        events were still resolved without its date.
        """
        with self.transaction() as conn:
            conn.execute(
                "UPDATE articles SET published = ?, published_precision = 'day', "
                "published_basis = 'estimated', published_evidence = ?, window_start = ?, "
                "window_end = ? WHERE id = ?",
                (published, evidence, window[0], window[1], article_id))
            self._write_extraction(conn, extraction)

    def undated_relevant_ids(self, *, estimated: bool = False) -> list[str]:
        """Relevant, cleanly extracted articles that have no publication date yet (or,
        with ``estimated``, only an estimated one)."""
        undated = ("(a.published IS NULL OR a.published_basis = 'estimated')" if estimated
                   else "a.published IS NULL")
        return [r[0] for r in self.execute(
            "SELECT a.id FROM articles a JOIN extractions e ON e.article_id = a.id "
            f"WHERE e.relevant = 1 AND {undated} "
            f"AND {ERROR_OF.format(t='e')} IS NULL ORDER BY a.ingested_at, a.rowid")]

    def firmly_dated_ids(self) -> set[str]:
        """Articles whose publication date was given, not estimated."""
        return {r[0] for r in self.execute(
            "SELECT id FROM articles WHERE published IS NOT NULL "
            "AND (published_basis IS NULL OR published_basis != 'estimated')")}

    def iter_extractions(self) -> Iterator[tuple[str, Extraction | ValueError]]:
        """(article id, extraction) in ingest order; a record that cannot be read back
        comes as a ValueError naming why, so one damaged row costs only its article."""
        rows = self.execute(
            "SELECT e.article_id, e.data FROM extractions e JOIN articles a "
            "ON a.id = e.article_id ORDER BY a.ingested_at, a.rowid")
        for article_id, data in rows:
            try:
                yield article_id, extraction_from(json.loads(data))
            except (ValueError, TypeError, KeyError) as exc:
                yield article_id, ValueError(f"stored extraction unreadable: {exc!r}")

    def extractions(self) -> list[Extraction]:
        return [extraction_from(json.loads(r[0])) for r in self.execute(
            "SELECT e.data FROM extractions e JOIN articles a ON a.id = e.article_id "
            "ORDER BY a.ingested_at, a.rowid")]

    def extraction(self, article_id: str) -> Extraction | None:
        rows = self.execute("SELECT data FROM extractions WHERE article_id = ?", (article_id,))
        return extraction_from(json.loads(rows[0][0])) if rows else None

    # -- fused events -----------------------------------------------------
    def membership(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.execute("SELECT mention_id, event_id FROM event_members")}

    def replace_events(self, events: Sequence[Event], membership: dict[str, str],
                       mention_articles: dict[str, str]) -> None:
        """Write one fusion run atomically: events keep their ids, stale ones go."""
        now = _now()
        with self.transaction() as conn:
            conn.execute("UPDATE store_meta SET value = CAST(value AS INTEGER) + 1 "
                         "WHERE key = 'events_generation'")
            conn.execute("DELETE FROM event_members")
            keep = {e.id for e in events}
            for row in conn.execute("SELECT id FROM events").fetchall():
                if row[0] not in keep:
                    conn.execute("DELETE FROM events WHERE id = ?", (row[0],))
            for e in events:
                conn.execute(
                    "INSERT INTO events (id, type, status, date, date_precision, data, updated_at) "
                    "VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET type=excluded.type, "
                    "status=excluded.status, date=excluded.date, "
                    "date_precision=excluded.date_precision, data=excluded.data, "
                    "updated_at=excluded.updated_at",
                    (e.id, e.type, e.status, e.date, e.date_precision,
                     json.dumps(e.to_dict(), ensure_ascii=False), now))
            conn.executemany(
                "INSERT INTO event_members (mention_id, event_id, article_id) VALUES (?,?,?)",
                [(m, ev, mention_articles[m]) for m, ev in membership.items()
                 if m in mention_articles])

    def events(self) -> list[Event]:
        """Fused events in date order (undated last)."""
        return [event_from(json.loads(r[0])) for r in self.execute(
            "SELECT data FROM events ORDER BY date IS NULL, date, id")]

    def event(self, event_id: str) -> Event | None:
        rows = self.execute("SELECT data FROM events WHERE id LIKE ? LIMIT 2", (event_id + "%",))
        return event_from(json.loads(rows[0][0])) if len(rows) == 1 else None

    def counts(self) -> dict[str, int]:
        return {t: int(self.execute(f"SELECT COUNT(*) FROM {t}")[0][0])
                for t in ("articles", "extractions", "events")}
