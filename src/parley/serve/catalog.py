"""Event records as users see them (corrections applied) and the index kept from them.

``event_records`` is what the CLI lists and exports; ``refresh_index`` keeps
the store's event index (what the dashboard and the API page through) in step
with the events and the corrections, rebuilding it when either changed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from parley.serve.corrections import (
    apply_event_corrections,
    check_value,
    current_value,
    follow_corrections,
)
from parley.serve.filters import confidence_of, date_bounds, person_key
from parley.serve.records import event_record
from parley.store import Store
from parley.store import index as idx
from parley.store.corrections import Correction, add_correction, event_corrections

if TYPE_CHECKING:
    from parley.config import Settings
    from parley.kb import KnowledgeBase
    from parley.models import Article, Event

#: Fields of a record the relationship index and the issue ledger read.
SUMMARY_FIELDS = ("id", "date", "date_precision", "date_end", "status", "goldstein",
                  "topics", "topics_by_side", "article_ids")
_rebuilding = threading.Lock()


def source_labels(store: Store) -> dict[str, dict[str, Any]]:
    """article id → its source, title and URL (to name and link each source)."""
    return {r[0]: {"source": r[1], "title": r[2], "url": r[3]}
            for r in store.execute("SELECT id, source, title, url FROM articles")}


def _corrected(store: Store, events: Sequence[Event], kb: KnowledgeBase | None,
               labels: dict[str, dict[str, Any]]) -> Iterator[dict[str, Any]]:
    by_event = follow_corrections(event_corrections(store), {e.id for e in events},
                                  store.membership())
    names = {k: v["source"] for k, v in labels.items()}
    for event in events:
        yield apply_event_corrections(event_record(event, names, kb), by_event.get(event.id, []),
                                      kb)


def event_records(store: Store, kb: KnowledgeBase | None = None, *,
                  corrected: bool = True) -> list[dict[str, Any]]:
    """Every fused event's record in date order, with users' corrections unless told not."""
    events = store.events()
    labels = source_labels(store)
    if not corrected:
        names = {k: v["source"] for k, v in labels.items()}
        return [event_record(e, names, kb) for e in events]
    return list(_corrected(store, events, kb, labels))


def summary_of(record: dict[str, Any]) -> dict[str, Any]:
    """The few fields the relationship index and the issue ledger need."""
    out = {k: record.get(k) for k in SUMMARY_FIELDS}
    out["participants"] = [{"country": p.get("country"), "actor_id": p.get("actor_id")}
                           for p in record.get("participants") or []]
    return out


def index_entry(record: dict[str, Any], labels: dict[str, dict[str, Any]]) -> idx.IndexEntry:
    """An event record's row in the store's index, with its search text."""
    first, last = date_bounds(record)
    articles = list(dict.fromkeys([*(record.get("article_ids") or []),
                                   *(s["article_id"] for s in record.get("sources") or [])]))
    participants = record.get("participants") or []
    titles = [labels.get(a, {}).get("title") or "" for a in articles]
    body = [*(s.get("sentence") or "" for s in record.get("sources") or []),
            *(p.get("name") or "" for p in participants), record.get("location") or "",
            " ".join(record.get("topics") or []).replace("_", " "),
            str(record.get("type") or "").replace("_", " ")]
    return idx.IndexEntry(
        id=record["id"], sort_key=first or idx.UNDATED, date_first=first, date_last=last,
        type=record["type"], status=record["status"], main=bool(record.get("main")),
        confidence=confidence_of(record), n_sources=len(articles), record=record,
        summary=summary_of(record),
        countries=sorted({p["country"] for p in participants if p.get("country")}),
        people=[(person_key(p), p.get("name") or "", p.get("country"), p.get("role"))
                for p in participants if p.get("name") or p.get("actor_id")],
        topics=list(record.get("topics") or []), article_ids=articles,
        title="\n".join(dict.fromkeys(t for t in titles if t)),
        body="\n".join(b for b in body if b))


def refresh_index(store: Store, kb: KnowledgeBase | None = None, *, force: bool = False) -> bool:
    """Rebuild the event index when the events or corrections changed; True if it did.

    One rebuild runs at a time; a caller arriving meanwhile goes on with the
    index as it stands rather than wait.
    """
    if not force and idx.index_stamp(store) == idx.events_stamp(store):
        return False
    if not _rebuilding.acquire(blocking=force):
        return False
    try:
        stamp = idx.events_stamp(store)
        if not force and idx.index_stamp(store) == stamp:
            return False
        labels = source_labels(store)
        entries = (index_entry(r, labels) for r in _corrected(store, store.events(), kb, labels))
        idx.replace_index(store, entries, stamp)
        return True
    finally:
        _rebuilding.release()


def correct_event(store: Store, event_id: str, field: str, raw: Any,
                  kb: KnowledgeBase | None = None, note: str | None = None
                  ) -> tuple[Correction, dict[str, Any]]:
    """Check and store one correction of an event, bring its index row up to date and
    return the correction with the corrected record.

    Raises CorrectionError for a bad field or value and LookupError for an unknown event.
    """
    event = store.event(event_id)
    if event is None:
        raise LookupError(event_id)
    value = check_value("event", field, raw, kb)
    labels = source_labels(store)
    before = next(_corrected(store, [event], kb, labels))
    current = idx.index_stamp(store) == idx.events_stamp(store)
    members = [m for m, ev in store.membership().items() if ev == event.id]
    correction = add_correction(store, "event", event.id, field, value,
                                previous=current_value(before, field), note=note,
                                members=sorted(members))
    record = next(_corrected(store, [event], kb, labels))
    if current:
        idx.update_index(store, [index_entry(record, labels)], idx.events_stamp(store))
    else:
        refresh_index(store, kb, force=True)
    return correction, record


def correct_publication(store: Store, settings: Settings, article_id: str, day: str,
                        note: str | None = None) -> tuple[Correction, Article]:
    """Store a user's publication date for an article, then re-date its events.

    The date goes through the pipeline's user-date override (the article is
    re-read against it and events are fused again); the correction row makes
    it outlast re-extraction and shows who changed what.  LookupError for an
    unknown article, CorrectionError for a bad date.
    """
    from parley.pipeline import set_publication_date

    article = store.article(article_id)
    if article is None:
        raise LookupError(article_id)
    value = check_value("article", "published", day)
    previous = {"published": article.published, "basis": article.published_basis,
                "window": list(article.published_window) if article.published_window else None}
    correction = add_correction(store, "article", article.id, "published", value,
                                previous=previous, note=note)
    return correction, set_publication_date(store, settings, article.id, value)
