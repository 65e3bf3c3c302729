"""The event index: fused events as users see them, with the columns lists filter on.

The dashboard and the API page through tens of thousands of events; decoding
every stored Event and filtering in Python would cost seconds per page.  So
each event's finished record (corrections applied, offices resolved) is kept
in ``event_index`` beside the facts lists filter on (people, countries,
topics, articles) and an FTS5 table over its titles and evidence sentences.
The index remembers which state of the store it reflects (``events_stamp``):
fusion bumps a generation counter, a correction adds a row, and a stale index
is rebuilt by the serve layer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from parley.store.where import Where

if TYPE_CHECKING:
    import sqlite3

    from parley.store.sqlite import Store

#: Sort key of undated events: after every ISO date, as in the CLI's listings.
UNDATED = "9999-99-99"
#: Longest search query honoured (characters); the rest is ignored.
MAX_QUERY = 200
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


@dataclass(slots=True)
class IndexEntry:
    """One event's row in the index, built by the serve layer from its record."""

    id: str
    sort_key: str
    date_first: str | None
    date_last: str | None
    type: str
    status: str
    main: bool
    confidence: float
    n_sources: int
    record: dict[str, Any]
    summary: dict[str, Any]
    countries: list[str] = field(default_factory=list)
    #: (person key, name, country, role): the key is the actor id, else "name:<lower name>".
    people: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    title: str = ""
    body: str = ""


@dataclass(slots=True)
class EventFilters:
    """The filters every event list accepts (dates as first/last ISO days)."""

    pair: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    person: str | None = None
    topic: str | None = None
    main_only: bool = False
    min_confidence: float | None = None
    q: str | None = None
    article_id: str | None = None


def events_stamp(store: Store) -> str:
    """The state of events and corrections an up-to-date index must reflect."""
    row = store.read(
        "SELECT (SELECT value FROM store_meta WHERE key = 'events_generation'), "
        "(SELECT COALESCE(MAX(id), 0) FROM corrections)")[0]
    return f"{row[0]}:{row[1]}"


def index_stamp(store: Store) -> str | None:
    """The state the event index was last built from (None: never built)."""
    rows = store.read("SELECT value FROM store_meta WHERE key = 'index_stamp'")
    return rows[0][0] if rows else None


def _bars(values: Sequence[str]) -> str:
    """'|a|b|': a list kept in one column so ``instr`` can test membership on the index."""
    return "|" + "|".join(values) + "|" if values else ""


def _insert(conn: sqlite3.Connection, entries: Iterable[IndexEntry]) -> int:
    n = 0
    for e in entries:
        conn.execute(
            "INSERT INTO event_index (id, sort_key, date_first, date_last, type, status, main, "
            "confidence, n_sources, no_country, countries, topics, record, summary) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (e.id, e.sort_key, e.date_first, e.date_last, e.type, e.status, int(e.main),
             e.confidence, e.n_sources, int(not e.countries), _bars(e.countries),
             _bars(e.topics),
             json.dumps(e.record, ensure_ascii=False), json.dumps(e.summary, ensure_ascii=False)))
        conn.executemany("INSERT OR IGNORE INTO event_index_people VALUES (?,?,?,?,?)",
                         [(e.id, *p) for p in e.people])
        conn.executemany("INSERT OR IGNORE INTO event_index_countries VALUES (?,?)",
                         [(e.id, c) for c in e.countries])
        conn.executemany("INSERT OR IGNORE INTO event_index_topics VALUES (?,?)",
                         [(e.id, t) for t in e.topics])
        conn.executemany("INSERT OR IGNORE INTO event_index_articles VALUES (?,?)",
                         [(e.id, a) for a in e.article_ids])
        conn.execute("INSERT INTO event_fts (event_id, title, body) VALUES (?,?,?)",
                     (e.id, e.title, e.body))
        n += 1
    return n


_INDEX_TABLES = ("event_index", "event_index_people", "event_index_countries",
                 "event_index_topics", "event_index_articles")


def _set_stamp(conn: sqlite3.Connection, stamp: str) -> None:
    conn.execute("INSERT INTO store_meta (key, value) VALUES ('index_stamp', ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (stamp,))
    conn.execute("INSERT INTO store_meta (key, value) SELECT 'index_span_days', "
                 "CAST(COALESCE(MAX(julianday(date_last) - julianday(date_first)), 0) AS INTEGER) "
                 "FROM event_index WHERE true ON CONFLICT(key) DO UPDATE SET value = excluded.value")


def replace_index(store: Store, entries: Iterable[IndexEntry], stamp: str) -> int:
    """Rebuild the whole index in one transaction; readers see the old one until it commits."""
    with store.transaction() as conn:
        for table in _INDEX_TABLES:
            conn.execute(f"DELETE FROM {table}")
        conn.execute("DELETE FROM event_fts")
        n = _insert(conn, entries)
        _set_stamp(conn, stamp)
    return n


def update_index(store: Store, entries: Sequence[IndexEntry], stamp: str | None = None) -> None:
    """Replace some events' rows (after a correction); moves the stamp when given."""
    with store.transaction() as conn:
        for e in entries:
            conn.execute("DELETE FROM event_index WHERE id = ?", (e.id,))
            for table in _INDEX_TABLES[1:]:
                conn.execute(f"DELETE FROM {table} WHERE event_id = ?", (e.id,))
            conn.execute("DELETE FROM event_fts WHERE event_id = ?", (e.id,))
        _insert(conn, entries)
        if stamp is not None:
            _set_stamp(conn, stamp)


def fts_query(text: str | None) -> str | None:
    """A user's search words as a safe FTS5 query: every word (or "quoted phrase") must occur.

    Words are quoted so FTS5 operators and punctuation in them are taken literally;
    a trailing ``*`` keeps its meaning of a prefix search.
    """
    if not text:
        return None
    # Control characters (a NUL, say) would end FTS5's string early: they are spaces here.
    text = "".join(ch if ch.isprintable() else " " for ch in text[:MAX_QUERY])
    terms = []
    for phrase, word in _TOKEN.findall(text):
        raw = phrase or word
        prefix = bool(word) and raw.endswith("*") and len(raw) > 1
        raw = raw.rstrip("*") if prefix else raw
        if not any(ch.isalnum() for ch in raw):
            continue
        terms.append('"' + raw.replace('"', '""') + '"' + ("*" if prefix else ""))
    return " ".join(terms) or None


def _where(f: EventFilters, span_days: int | None = None) -> Where:
    """SQL conditions (on alias ``e``) and their parameters for a set of filters.

    ``span_days`` (the longest event) turns date bounds into a range of the
    date index: an event ending on or after ``since`` starts at most that many
    days before it.
    """
    w = Where()
    if f.since and span_days is not None:
        w.add("e.sort_key >= date(?, ?)", f.since, f"-{span_days} days")
    if f.until:
        w.add("e.sort_key <= ?", f.until)
    if f.pair:
        tests = " OR ".join("instr(e.countries, ?) > 0" for _ in f.pair)
        w.add(f"(e.countries = '' OR {tests})", *(f"|{code}|" for code in f.pair))
    if f.since:
        w.add("e.date_last >= ?", f.since)
    if f.until:
        w.add("e.date_first IS NOT NULL AND e.date_first <= ?", f.until)
    for column, values in (("type", f.types), ("status", f.statuses)):
        if values:
            w.add(f"e.{column} IN ({','.join('?' * len(values))})", *values)
    if f.person:
        # Two index lookups (by key, by name) rather than one OR that scans every row.
        w.add("e.id IN (SELECT event_id FROM event_index_people WHERE person = ? "
              "UNION SELECT event_id FROM event_index_people "
              "WHERE name = ? COLLATE NOCASE)", f.person, f.person)
    if f.topic:
        if "|" in f.topic:
            w.add("0")
        else:
            w.add("instr(e.topics, ?) > 0", f"|{f.topic}|")
    if f.main_only:
        w.add("e.main = 1")
    if f.min_confidence is not None:
        w.add("e.confidence >= ?", f.min_confidence)
    if f.article_id:
        w.add("e.id IN (SELECT event_id FROM event_index_articles WHERE article_id = ?)",
              f.article_id)
    match = fts_query(f.q)
    if f.q is not None and match is None:
        w.add("0")  # nothing searchable in the query: nothing matches
    elif match:
        w.add("e.id IN (SELECT event_id FROM event_fts WHERE event_fts MATCH ?)", match)
    return w


def query_events(store: Store, filters: EventFilters, *, limit: int = 50,
                 after: tuple[str, str] | None = None, descending: bool = False,
                 summaries: bool = False) -> list[dict[str, Any]]:
    """Records (or light summaries) of matching events in date order, after a cursor.

    ``after`` is the (sort_key, id) of the last event of the previous page;
    each record carries it back as ``_cursor``.
    """
    found = []
    for cursor, text in query_events_json(store, filters, limit=limit, after=after,
                                          descending=descending, summaries=summaries):
        item = json.loads(text)
        item["_cursor"] = cursor
        found.append(item)
    return found


def query_events_json(store: Store, filters: EventFilters, *, limit: int = 50,
                      after: tuple[str, str] | None = None, descending: bool = False,
                      summaries: bool = False) -> list[tuple[list[str], str]]:
    """(cursor, record as stored JSON text) of matching events in date order.

    The page's ids are found on the index first and only then are their
    records read, so a filter matching thousands of events never drags
    thousands of records through a sort; the JSON API sends the text as is.
    """
    w = _where(filters, _span_days(store))
    if after is not None:
        w.add(f"(e.sort_key, e.id) {'<' if descending else '>'} (?, ?)", *after)
    order = "DESC" if descending else "ASC"
    keys = store.read(
        f"SELECT e.sort_key, e.id FROM event_index e {w.sql()} "
        f"ORDER BY e.sort_key {order}, e.id {order} LIMIT ?", [*w.params, max(0, limit)])
    data = _column_by_id(store, "summary" if summaries else "record", [k[1] for k in keys])
    return [([sort_key, event_id], data[event_id]) for sort_key, event_id in keys]


def _column_by_id(store: Store, column: str, ids: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        part = list(ids[start:start + 500])
        for row in store.read(f"SELECT id, {column} FROM event_index WHERE id IN "
                              f"({','.join('?' * len(part))})", part):
            found[row[0]] = row[1]
    return found


def _span_days(store: Store) -> int | None:
    """The longest event in the index, in days (bounds date searches on the date index)."""
    rows = store.read("SELECT value FROM store_meta WHERE key = 'index_span_days'")
    return int(rows[0][0]) if rows else None


def count_events(store: Store, filters: EventFilters) -> int:
    """How many events match the filters."""
    w = _where(filters, _span_days(store))
    return int(store.read(f"SELECT COUNT(*) FROM event_index e {w.sql()}", w.params)[0][0])


def indexed_event(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event's record by id or unambiguous id prefix."""
    rows = store.read("SELECT record FROM event_index WHERE id >= ? AND id < ? LIMIT 2",
                      (event_id, event_id + "\uffff"))
    return json.loads(rows[0][0]) if len(rows) == 1 else None


def facet_counts(store: Store) -> dict[str, list[tuple[str, int]]]:
    """Values to offer in filter menus, each with its number of events."""
    def grouped(sql: str) -> list[tuple[str, int]]:
        return [(r[0], int(r[1])) for r in store.read(sql) if r[0] is not None]

    return {
        "type": grouped("SELECT type, COUNT(*) FROM event_index GROUP BY type ORDER BY 2 DESC"),
        "status": grouped("SELECT status, COUNT(*) FROM event_index GROUP BY status "
                          "ORDER BY 2 DESC"),
        "topic": grouped("SELECT topic, COUNT(*) FROM event_index_topics GROUP BY topic "
                         "ORDER BY 2 DESC, 1"),
        "country": grouped("SELECT country, COUNT(*) FROM event_index_countries "
                           "GROUP BY country ORDER BY 2 DESC, 1"),
    }


def people(store: Store, *, q: str | None = None, country: str | None = None,
           limit: int = 100, after: str | None = None) -> list[dict[str, Any]]:
    """People who took part in events, with their number of events and first/last date."""
    w = Where()
    if q:
        w.add("p.name LIKE ? ESCAPE '\\'",
              "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if country:
        w.add("p.country = ?", country)
    if after:
        w.add("p.person > ?", after)
    rows = store.read(
        "SELECT p.person, MIN(p.name), MIN(p.country), COUNT(*), MIN(e.date_first), "
        "MAX(e.date_last) FROM event_index_people p JOIN event_index e ON e.id = p.event_id "
        f"{w.sql()} GROUP BY p.person ORDER BY p.person LIMIT ?", [*w.params, max(0, limit)])
    return [{"key": r[0], "name": r[1], "country": r[2], "events": int(r[3]),
             "first": r[4], "last": r[5]} for r in rows]


def person_names(store: Store, key: str) -> list[tuple[str, str | None]]:
    """(name, country) a person key is known by in the index."""
    return [(r[0], r[1]) for r in store.read(
        "SELECT DISTINCT name, country FROM event_index_people WHERE person = ?", (key,))]


def neighbours(store: Store, event_id: str, *, type_: str, people_keys: Sequence[str],
               sort_key: str, later: bool, limit: int = 3) -> list[dict[str, Any]]:
    """Earlier (or later) events of the same type sharing at least one participant."""
    if not people_keys:
        return []
    marks = ",".join("?" * len(people_keys))
    op, order = (">", "ASC") if later else ("<", "DESC")
    rows = store.read(
        f"SELECT record FROM event_index e WHERE e.type = ? AND e.id != ? AND e.sort_key {op} ? "
        "AND e.sort_key != ? AND e.id IN (SELECT event_id FROM event_index_people "
        f"WHERE person IN ({marks})) ORDER BY e.sort_key {order}, e.id LIMIT ?",
        [type_, event_id, sort_key, UNDATED, *people_keys, limit])
    return [json.loads(r[0]) for r in rows]


def records_by_id(store: Store, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Indexed records of some events (missing ids are left out)."""
    return {k: json.loads(v) for k, v in _column_by_id(store, "record", list(ids)).items()}


def search_articles(store: Store, q: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Articles whose title or text matches, best first, with a highlighted snippet.

    The snippet marks matches with \\x02 … \\x03 for the caller to render.
    """
    match = fts_query(q)
    if match is None:
        return []
    rows = store.read(
        "SELECT a.id, a.title, a.source, a.published, "
        "snippet(article_fts, 1, char(2), char(3), '…', 16) FROM article_fts "
        "JOIN articles a ON a.rowid = article_fts.rowid WHERE article_fts MATCH ? "
        "ORDER BY rank LIMIT ?", (match, max(0, limit)))
    return [{"id": r[0], "title": r[1], "source": r[2], "published": r[3], "snippet": r[4]}
            for r in rows]


def event_snippets(store: Store, q: str, ids: Sequence[str]) -> dict[str, str]:
    """For some events, the evidence passage that matched a search (marked \\x02 … \\x03)."""
    match = fts_query(q)
    if match is None or not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = store.read(
        "SELECT event_id, snippet(event_fts, 2, char(2), char(3), '…', 20) FROM event_fts "
        f"WHERE event_fts MATCH ? AND event_id IN ({marks})", [match, *ids])
    return {r[0]: r[1] for r in rows}


def list_articles(store: Store, *, q: str | None = None, after: int | None = None,
                  limit: int = 50) -> list[dict[str, Any]]:
    """Articles in ingest order (or matching a search), each with its number of events.

    ``after`` is the ``_cursor`` (rowid) of the last article of the previous page.
    """
    w = Where()
    match = fts_query(q)
    if q is not None and match is None:
        return []
    if match:
        w.add("a.rowid IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?)", match)
    if after is not None:
        w.add("a.rowid > ?", after)
    rows = store.read(
        "SELECT a.rowid, a.id, a.source, a.title, a.url, a.published, a.published_precision, "
        "a.published_basis, a.window_start, a.window_end, a.dup_group, a.format, "
        "(SELECT COUNT(*) FROM event_index_articles x WHERE x.article_id = a.id) AS events, "
        "(SELECT COUNT(*) FROM articles b WHERE b.dup_group = a.dup_group) AS group_size "
        f"FROM articles a {w.sql()} ORDER BY a.rowid LIMIT ?", [*w.params, max(0, limit)])
    return [{**{k: v for k, v in dict(r).items() if k != "rowid"}, "_cursor": r["rowid"]}
            for r in rows]


def count_articles(store: Store, q: str | None = None) -> int:
    """How many articles there are (or match a search)."""
    match = fts_query(q)
    if q is not None and match is None:
        return 0
    if match:
        return int(store.read("SELECT COUNT(*) FROM article_fts WHERE article_fts MATCH ?",
                              (match,))[0][0])
    return int(store.read("SELECT COUNT(*) FROM articles")[0][0])


def near_duplicates(store: Store, article_id: str) -> list[dict[str, Any]]:
    """Other articles in the same near-duplicate group."""
    rows = store.read(
        "SELECT b.id, b.source, b.title, b.published FROM articles a JOIN articles b "
        "ON b.dup_group = a.dup_group AND b.id != a.id WHERE a.id = ? ORDER BY b.rowid",
        (article_id,))
    return [dict(zip(("id", "source", "title", "published"), r, strict=True)) for r in rows]
