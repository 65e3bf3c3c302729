"""The SQLite store keeps articles, extractions and fused events safely across runs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from parley.errors import StoreError
from parley.models import (
    ActorMention,
    Amount,
    Article,
    Event,
    Extraction,
    Participant,
    Span,
    Tagged,
    TimeRef,
)
from parley.store import Store
from parley.store.sqlite import migrations

ENVOY_TEXT = (
    "The two trade envoys spoke by phone on Tuesday and agreed to meet again next month. "
    "Officials said tariffs and chip export rules were discussed."
)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh database file location inside the test's temporary folder."""
    return tmp_path / "store" / "parley.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """An opened, migrated store that is closed after the test."""
    opened = Store(db_path)
    yield opened
    opened.close()


def envoy_article(source: str = "wire/envoys.txt", article_id: str = "a1b2c3d4e5f60718") -> Article:
    """A small dated article with an estimated window and metadata."""
    return Article(
        id=article_id, text=ENVOY_TEXT, source=source, title="Envoys talk",
        url="https://news.example.org/envoys", site="news.example.org", format="txt",
        published="2023-05-16", published_precision="day", published_basis="estimated",
        published_evidence="office holders", published_window=("2023-05-01", "2023-05-31"),
        dateline_place="GENEVA", meta={"agency": "Example Wire", "tags": ["trade"]},
    )


def span(start: int, end: int, text: str = "") -> Span:
    """A span over ENVOY_TEXT with its sentence filled in."""
    return Span(article_id="a1b2c3d4e5f60718", start=start, end=end,
                sentence=ENVOY_TEXT[:84], text=text or ENVOY_TEXT[start:end])


def envoy_event(event_id: str, *, date: str | None = "2023-05-16") -> Event:
    """A call event carrying every nested record type the store must keep."""
    when = TimeRef(text="on Tuesday", start=35, end=45, kind="weekday", value=date,
                   precision="day", basis="weekday before publication", relative=True,
                   estimated=True)
    return Event(
        id=event_id, type="call", status="happened", date=date, date_precision="day",
        date_basis="'on Tuesday' before 2023-05-17", date_estimated=True,
        participants=[
            Participant(name="Trade Envoy A", actor_id="envoy-a", country="USA",
                        role="Trade Representative", span=span(4, 21)),
            Participant(name="Beijing", actor_id=None, country="CHN", role=None,
                        kind="government"),
        ],
        location="Geneva",
        topics=[Tagged(label="tariffs", span=span(98, 105), country="USA")],
        outcomes=[Tagged(label="agreed to meet again", span=span(50, 83))],
        tone={"CHN": [Tagged(label="candid", span=span(0, 3), score=0.4, country="CHN")]},
        cameo="036", goldstein=4.0, plover="CONSULT", main=True,
        sources=[span(0, 84)], article_ids=["a1b2c3d4e5f60718"], trigger="spoke by phone",
        time_refs=[when], related=[{"id": "ev-next", "relation": "planned_as"}],
    )


def full_extraction(version: str = "x1") -> Extraction:
    """An extraction built by hand with an event, participants, tags, an amount and a date."""
    return Extraction(
        article_id="a1b2c3d4e5f60718", version=version, relevant=True,
        actors=[ActorMention(text="envoys", start=12, end=18, kind="group", resolved_by="ner")],
        times=[TimeRef(text="next month", start=70, end=80, kind="relative", value="2023-06",
                       precision="month", relative=True)],
        events=[envoy_event("mention-1")],
        amounts=[Amount(value=2.5e9, unit="USD", text="$2.5 billion", what="chip purchases",
                        span=span(98, 105), topic="semiconductors")],
        topics=[Tagged(label="export_controls", span=span(110, 126))],
    )


def test_migrations_set_user_version_and_reopening_is_idempotent(db_path: Path) -> None:
    latest = max(version for version, _name, _sql in migrations())
    with Store(db_path) as first:
        assert first.schema_version == latest
        first.add_article(envoy_article(), dup_group="g", minhash=None)
    with Store(db_path) as again:
        assert again.migrate() == latest
        assert again.schema_version == latest
        assert again.counts()["articles"] == 1


def test_wal_mode_and_foreign_keys_are_on(store: Store) -> None:
    assert store.execute("PRAGMA journal_mode")[0][0].lower() == "wal"
    assert store.execute("PRAGMA foreign_keys")[0][0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        store.save_extraction(full_extraction())  # no such article yet


def test_article_round_trips_with_window_and_meta(store: Store) -> None:
    original = envoy_article()
    store.add_article(original, dup_group=original.id, minhash=b"\x01\x02")
    assert store.article(original.id) == original
    assert store.article(original.id[:6]) == original  # unique prefix


def test_adding_an_article_twice_reports_it_and_records_the_second_source(store: Store) -> None:
    assert store.add_article(envoy_article("feeds/a.txt"), dup_group="g", minhash=None) is True
    assert store.add_article(envoy_article("mirror/b.txt"), dup_group="g", minhash=None) is False
    assert store.counts()["articles"] == 1
    assert sorted(store.article_sources("a1b2c3d4e5f60718")) == ["feeds/a.txt", "mirror/b.txt"]
    assert store.article_rows()[0]["n_sources"] == 2


def test_a_failing_transaction_leaves_nothing_behind(store: Store) -> None:
    with pytest.raises(RuntimeError, match="interrupted"), store.transaction() as conn:
        conn.execute(
            "INSERT INTO articles (id, source, format, text, dup_group, ingested_at) "
            "VALUES ('half', 'x.txt', 'txt', 'some text', 'half', '2024-01-01')")
        conn.execute("INSERT INTO article_sources VALUES ('half', 'x.txt', '2024-01-01')")
        raise RuntimeError("interrupted")
    assert store.counts()["articles"] == 0
    assert store.execute("SELECT COUNT(*) FROM article_sources")[0][0] == 0
    assert store.add_article(envoy_article(), dup_group="g", minhash=None) is True


def test_extraction_save_and_load_round_trip(store: Store) -> None:
    store.add_article(envoy_article(), dup_group="g", minhash=None)
    original = full_extraction("x1")
    store.save_extraction(original)
    assert store.extraction(original.article_id) == original
    assert store.extractions() == [original]
    assert store.extracted_ids("x1") == {original.article_id}
    assert store.extracted_ids("x2") == set()


def test_saving_a_newer_extraction_replaces_the_older(store: Store) -> None:
    store.add_article(envoy_article(), dup_group="g", minhash=None)
    store.save_extraction(full_extraction("x1"))
    store.save_extraction(full_extraction("x2"))
    assert store.counts()["extractions"] == 1
    assert store.extraction("a1b2c3d4e5f60718").version == "x2"


def test_replace_events_keeps_ids_updates_and_removes_stale(store: Store) -> None:
    store.add_article(envoy_article(), dup_group="g", minhash=None)
    mention_articles = {"m1": "a1b2c3d4e5f60718", "m2": "a1b2c3d4e5f60718"}
    store.replace_events([envoy_event("ev-keep", date="2023-05-16"), envoy_event("ev-stale")],
                         {"m1": "ev-keep", "m2": "ev-stale"}, mention_articles)
    assert {e.id for e in store.events()} == {"ev-keep", "ev-stale"}

    redated = envoy_event("ev-keep", date="2023-05-15")
    store.replace_events([redated, envoy_event("ev-new", date=None)],
                         {"m1": "ev-keep", "m2": "ev-new"}, mention_articles)
    assert [e.id for e in store.events()] == ["ev-keep", "ev-new"]  # undated last
    assert store.event("ev-keep") == redated
    assert store.event("ev-stale") is None
    assert store.membership() == {"m1": "ev-keep", "m2": "ev-new"}


def test_opening_a_file_that_is_not_a_database_names_it(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("These are meeting notes, not a database.\n" * 50, encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        Store(notes)
    assert str(notes) in str(caught.value)
    assert caught.value.code == "P401"


def test_people_named_by_one_report_round_trip_apart(store: Store) -> None:
    store.add_article(envoy_article(), dup_group="g", minhash=None)
    event = envoy_event("ev-apart", date="2023-05-16")
    aide = Participant("Kurt Campbell", "kurt-campbell", "USA", None)
    event = replace(event, also_named=[aide])
    store.replace_events([event], {"m1": "ev-apart"}, {"m1": "a1b2c3d4e5f60718"})
    assert store.event("ev-apart") == event
    assert store.event("ev-apart").also_named == [aide]


def test_articles_are_told_apart_by_how_their_publication_date_is_known(store: Store) -> None:
    estimated = envoy_article()
    given = replace(envoy_article("wire/given.txt", "b1b2c3d4e5f60718"),
                    published_basis="header", published_window=None)
    undated = replace(envoy_article("wire/undated.txt", "c1b2c3d4e5f60718"), published=None,
                      published_precision=None, published_basis=None, published_window=None)
    for article in (estimated, given, undated):
        store.add_article(article, dup_group=article.id, minhash=None)
        store.save_extraction(replace(full_extraction(), article_id=article.id))
    assert store.firmly_dated_ids() == {given.id}
    assert store.undated_relevant_ids() == [undated.id]
    assert sorted(store.undated_relevant_ids(estimated=True)) == sorted([estimated.id,
                                                                           undated.id])
