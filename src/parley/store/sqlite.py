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

from parley.errors import StoreError
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

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
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
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA busy_timeout=10000")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"not a Parley database or damaged: {exc}", source=self.path) from exc

    # -- plumbing ---------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of writes; rolled back whole on any error."""
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        """Run one read query and return all rows."""
        with self._lock:
            return self.conn.execute(sql, params).fetchall()

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
            "AND json_extract(data, '$.error') IS NULL", (version,))}

    def save_extraction(self, extraction: Extraction) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO extractions (article_id, version, relevant, data, "
                "extracted_at) VALUES (?,?,?,?,?)",
                (extraction.article_id, extraction.version, int(extraction.relevant),
                 json.dumps(extraction.to_dict(), ensure_ascii=False), _now()))

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
