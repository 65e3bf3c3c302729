"""The event index, full-text search and the corrections table of the store."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from parley.errors import StoreError
from parley.models import Article, Event
from parley.store import Store
from parley.store import corrections as corr
from parley.store import index as idx
from parley.store.sqlite import migrations


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "parley.db") as s:
        yield s


def entry(event_id: str, date: str | None, **extra: object) -> idx.IndexEntry:
    record = {"id": event_id, "date": date, "type": "call", "status": "happened"}
    values: dict[str, object] = {
        "id": event_id, "sort_key": date or idx.UNDATED, "date_first": date,
        "date_last": date, "type": "call", "status": "happened", "main": False,
        "confidence": 1.0, "n_sources": 1, "record": record, "summary": record}
    values.update(extra)
    return idx.IndexEntry(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("text,query", [
    ("tariffs", '"tariffs"'),
    ("Geneva tariffs", '"Geneva" "tariffs"'),
    ('"phase one" deal', '"phase one" "deal"'),
    ("semicon*", '"semicon"*'),
    ('say "hi', '"say" "\\"hi"'.replace('\\"', '""')),
    ("NEAR(a b) OR -x", '"NEAR(a" "b)" "OR" "-x"'),
    ("*** ---", None),
    ("", None),
])
def test_search_words_become_a_literal_fts_query(text: str, query: str | None) -> None:
    assert idx.fts_query(text) == query


def test_operators_and_stray_quotes_never_break_a_search(store: Store) -> None:
    idx.replace_index(store, [entry("ev-1", "2025-05-10", body="talks on tariffs in Geneva")],
                      "1:0")
    for q in ('"', "AND", "NEAR(", "tariffs OR", "a:b", "*", "^x", "(tariffs"):
        idx.query_events(store, idx.EventFilters(q=q))  # must not raise
    hits = idx.query_events(store, idx.EventFilters(q="tariff"))  # porter stemming
    assert [h["id"] for h in hits] == ["ev-1"]


def test_the_index_pages_by_date_and_puts_undated_events_last(store: Store) -> None:
    entries = [entry("ev-b", "2021-01-01"), entry("ev-a", None), entry("ev-c", "2019-05-01")]
    idx.replace_index(store, entries, "1:0")
    first = idx.query_events(store, idx.EventFilters(), limit=2)
    assert [r["id"] for r in first] == ["ev-c", "ev-b"]
    rest = idx.query_events(store, idx.EventFilters(), after=tuple(first[-1]["_cursor"]))
    assert [r["id"] for r in rest] == ["ev-a"]


def test_the_stamp_follows_fusion_and_corrections(store: Store) -> None:
    start = idx.events_stamp(store)
    store.replace_events([Event(id="ev-1", type="call")], {}, {})
    fused = idx.events_stamp(store)
    assert fused != start
    corr.add_correction(store, "event", "ev-1", "status", "planned")
    assert idx.events_stamp(store) != fused
    idx.replace_index(store, [], idx.events_stamp(store))
    assert idx.index_stamp(store) == idx.events_stamp(store)


def test_corrections_are_kept_in_order_with_what_they_replaced(store: Store) -> None:
    corr.add_correction(store, "event", "ev-1", "date", "2025-05-11", previous="2025-05-10",
                        note="second day", members=["m1", "m2"])
    corr.add_correction(store, "event", "ev-1", "status", "planned", previous="happened")
    corr.add_correction(store, "article", "a1", "published", "2025-01-02")
    one = corr.corrections(store, "event", "ev-1")
    assert [c.field for c in one] == ["date", "status"]
    assert one[0].previous == "2025-05-10" and one[0].members == ["m1", "m2"]
    assert one[0].created_at and one[0].note == "second day"
    assert [c.target_id for c in corr.corrections(store)] == ["a1", "ev-1", "ev-1"]
    assert corr.latest_article_dates(store) == {"a1": "2025-01-02"}
    with pytest.raises(ValueError):
        corr.add_correction(store, "person", "x", "name", "y")


def test_article_search_follows_the_articles_table(store: Store) -> None:
    store.add_article(Article(id="a1", text="Envoys discussed soybean purchases.", source="x",
                              title="Soybeans"), dup_group="a1", minhash=None)
    assert [a["id"] for a in idx.search_articles(store, "soybean")] == ["a1"]
    assert idx.count_articles(store, "soybean") == 1
    assert idx.list_articles(store, q="purchases")[0]["id"] == "a1"


def test_upgrading_a_first_version_store_indexes_its_articles(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    version, _name, sql = migrations()[0]
    conn.executescript(sql)
    conn.execute("INSERT INTO articles (id, source, format, text, dup_group, ingested_at) "
                 "VALUES ('a1', 'f.txt', 'txt', 'Negotiators met in Geneva.', 'a1', 'now')")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version >= 2
        assert idx.count_articles(store, "Geneva") == 1


def test_a_read_that_runs_too_long_is_stopped(store: Store) -> None:
    with pytest.raises(StoreError, match="longer than"):
        store.read("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                   "SELECT COUNT(*) FROM n", time_limit=0.05)


def test_people_of_the_index_are_counted_per_person(store: Store) -> None:
    people = [("he-lifeng", "He Lifeng", "CHN", "Vice Premier")]
    idx.replace_index(store, [entry("ev-1", "2024-01-01", people=people),
                              entry("ev-2", "2025-01-01", people=people)], "1:0")
    (row,) = idx.people(store)
    assert (row["key"], row["events"], row["first"], row["last"]) == \
        ("he-lifeng", 2, "2024-01-01", "2025-01-01")
    assert idx.person_names(store, "he-lifeng") == [("He Lifeng", "CHN")]
