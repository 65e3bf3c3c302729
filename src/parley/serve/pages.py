"""What each page shows, as plain data: the HTML page and its JSON twin render the same dict.

Every function here reads through the store's named queries and returns
JSON-ready dicts; the web layer only picks a template or serialises.  Spans of
evidence are given as offsets (``marks``) so the API hands them on and the
templates highlight them.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from parley.serve.filters import FilterError, Filters, date_bounds, person_key
from parley.serve.records import article_record
from parley.store import index as idx
from parley.store.corrections import corrections

if TYPE_CHECKING:
    from parley.kb import KnowledgeBase
    from parley.models import Event, Tagged
    from parley.store import Store

#: Longest page of a list; CSV and Parquet downloads may ask for more.
MAX_LIMIT = 500
#: Most sides shown side by side on an event page.
MAX_SIDES = 4
#: The pair assumed when a page is given none.
DEFAULT_PAIR = ("USA", "CHN")


class NotFound(LookupError):
    """No record with that id (the web layer answers 404)."""


class StampCache:
    """Answers that only change when the event index does (counts, facets), kept per stamp.

    Counting a filter over a large store walks the whole index; the same
    filter is asked again for every page of a list, so its count is kept
    until the index changes.  Bounded, and safe across request threads.
    """

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, store: Store, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The cached answer for key under the store's current index, computing it if new."""
        full = (store.path, idx.index_stamp(store), key)
        with self._lock:
            if full in self._items:
                self._items.move_to_end(full)
                return self._items[full]
        value = compute()
        with self._lock:
            self._items[full] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


CACHE = StampCache()


def facets(store: Store) -> dict[str, list[tuple[str, int]]]:
    """Filter menu values with their counts (cached until the index changes)."""
    return CACHE.get(store, "facets", lambda: idx.facet_counts(store))


def count_events(store: Store, filters: Filters, article_id: str | None = None) -> int:
    """How many events match (cached until the index changes)."""
    return CACHE.get(store, ("count", filters, article_id),
                     lambda: idx.count_events(store, filters.for_store(article_id)))


# -- paging -------------------------------------------------------------------
def encode_cursor(value: Any) -> str:
    """An opaque cursor for the row a page ended on."""
    raw = json.dumps(value, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str | None, *, shape: type) -> Any:
    """The row a cursor names, or FilterError('cursor') when it was not made here."""
    if not text:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise FilterError("cursor", "not a cursor this server made") from None
    if shape is tuple and isinstance(value, list) and len(value) == 2 \
            and all(isinstance(v, str) for v in value):
        return value[0], value[1]
    if shape is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    raise FilterError("cursor", "not a cursor this server made")


def _page(items: list[dict[str, Any]], limit: int) -> tuple[list[dict[str, Any]], str | None]:
    """Drop the look-ahead row and the private cursor key; the next page's cursor."""
    more = len(items) > limit
    items = items[:limit]
    nxt = encode_cursor(items[-1]["_cursor"]) if more and items else None
    for item in items:
        item.pop("_cursor", None)
    return items, nxt


# -- events -------------------------------------------------------------------
def event_list(store: Store, filters: Filters, *, limit: int = 50, cursor: str | None = None,
               descending: bool = False, count: bool = True) -> dict[str, Any]:
    """One page of events matching the filters, in date order, with the next page's cursor."""
    after = decode_cursor(cursor, shape=tuple)
    found = idx.query_events(store, filters.for_store(), limit=limit + 1, after=after,
                             descending=descending)
    items, nxt = _page(found, limit)
    out: dict[str, Any] = {"filters": filters.query(), "items": items, "next_cursor": nxt}
    if count:
        out["count"] = count_events(store, filters)
    if filters.q and items:
        snippets = idx.event_snippets(store, filters.q, [r["id"] for r in items])
        for r in items:
            r["match"] = snippets.get(r["id"])
    return out


def event_list_json(store: Store, filters: Filters, *, limit: int = 50,
                    cursor: str | None = None, descending: bool = False) -> str:
    """``event_list`` as JSON text, the stored records spliced in without decoding them."""
    after = decode_cursor(cursor, shape=tuple)
    found = idx.query_events_json(store, filters.for_store(), limit=limit + 1, after=after,
                                  descending=descending)
    page = found[:limit]
    nxt = encode_cursor(page[-1][0]) if len(found) > limit and page else None
    items = [text for _, text in page]
    if filters.q and page:
        snippets = idx.event_snippets(store, filters.q, [c[1] for c, _ in page])
        items = [text[:-1] + ', "match": ' + json.dumps(snippets.get(c[1]), ensure_ascii=False)
                 + "}" for (c, _), text in zip(page, items, strict=True)]
    head = json.dumps({"filters": filters.query(), "count": count_events(store, filters),
                       "next_cursor": nxt}, ensure_ascii=False)
    return head[:-1] + ', "items": [' + ", ".join(items) + "]}"


def iter_events(store: Store, filters: Filters, *, limit: int,
                descending: bool = False) -> Iterable[dict[str, Any]]:
    """Every matching event up to ``limit``, read a page at a time (for downloads)."""
    after = None
    left = limit
    while left > 0:
        batch = idx.query_events(store, filters.for_store(), limit=min(1000, left), after=after,
                                 descending=descending)
        if not batch:
            return
        after = tuple(batch[-1].pop("_cursor"))
        for r in batch:
            r.pop("_cursor", None)
            yield r
        left -= len(batch)


def _article_texts(store: Store, ids: Iterable[str]) -> dict[str, Any]:
    return {a.id: a for a in store.articles(ids=list(dict.fromkeys(ids)))}


def locate(text: str | None, sentence: str, start: int, end: int, label: str
           ) -> tuple[int, int] | None:
    """Where a span (article offsets) falls within its sentence; by wording as a fallback."""
    if text:
        lo = max(0, start - len(sentence))
        pos = text.find(sentence, lo, end + len(sentence))
        if pos != -1 and pos <= start and end <= pos + len(sentence):
            return start - pos, end - pos
    found = sentence.lower().find(label.lower())
    return (found, found + len(label)) if found != -1 and label else None


def evidence(items: Sequence[tuple[str, Tagged]], texts: dict[str, Any],
             labels: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """(kind, tagged) items grouped into their sentences, each with the marks to highlight."""
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for kind, tagged in items:
        span = tagged.span
        if not span.sentence:
            continue
        key = (span.article_id, span.sentence)
        entry = grouped.setdefault(key, {
            "article_id": span.article_id, "sentence": span.sentence,
            "source": labels.get(span.article_id, {}).get("source", ""), "marks": []})
        article = texts.get(span.article_id)
        where = locate(article.text if article else None, span.sentence, span.start, span.end,
                       span.text or tagged.label)
        if where and all(m["start"] != where[0] for m in entry["marks"]):
            entry["marks"].append({"start": where[0], "end": where[1], "kind": kind,
                                   "label": tagged.label})
    for entry in grouped.values():
        entry["marks"].sort(key=lambda m: m["start"])
    return list(grouped.values())


def _sides(record: dict[str, Any], readouts: dict[str, Any]) -> list[str]:
    """Sides to show: the default pair first, then any other country with a voice or a seat."""
    present = {p["country"] for p in record["participants"] if p.get("country")}
    present |= set(readouts.get("sides", {}))
    ordered = [c for c in DEFAULT_PAIR if c in present or not present - set(DEFAULT_PAIR)]
    ordered += sorted(present - set(ordered))
    return ordered[:MAX_SIDES]


def _amounts(store: Store, record: dict[str, Any]) -> list[dict[str, Any]]:
    """Money amounts stated in the event's own source sentences."""
    spans = [(s["article_id"], s["start"], s["end"]) for s in record["sources"]]
    found: list[dict[str, Any]] = []
    for aid in dict.fromkeys(a for a, _, _ in spans):
        extraction = store.extraction(aid)
        for a in extraction.amounts if extraction else []:
            if any(sa == aid and s <= a.span.start and a.span.end <= e for sa, s, e in spans):
                item = {"text": a.text, "value": a.value, "unit": a.unit, "what": a.what,
                        "topic": a.topic, "article_id": aid, "sentence": a.span.sentence}
                if item not in found:
                    found.append(item)
    return found


def _related(store: Store, record: dict[str, Any], sort_key: str) -> list[dict[str, Any]]:
    """Planned ↔ held twins, the known engagement it matches, earlier and later rounds."""
    from parley.kb.engagements import load_engagements

    links = record.get("related") or []
    twins = idx.records_by_id(store, [r["id"] for r in links])
    known = {k.id: k for k in load_engagements()}
    out: list[dict[str, Any]] = []
    for link in links:
        if link["id"] in twins:
            out.append({"relation": link["relation"], "event": _brief(twins[link["id"]])})
        elif link["id"] in known:
            k = known[link["id"]]
            out.append({"relation": link["relation"], "known": {
                "id": k.id, "title": k.title, "date": k.date.isoformat(),
                "sources": list(k.sources)}})
    keys = [person_key(p) for p in record["participants"] if p.get("kind", "person") == "person"]
    for later in (False, True):
        for other in idx.neighbours(store, record["id"], type_=record["type"],
                                    people_keys=keys, sort_key=sort_key, later=later, limit=2):
            out.append({"relation": "later_round" if later else "earlier_round",
                        "event": _brief(other)})
    return out


def _brief(record: dict[str, Any]) -> dict[str, Any]:
    """The few fields a link to another event shows."""
    return {k: record.get(k) for k in ("id", "type", "status", "date", "date_estimated",
                                       "location")} | {
        "who": [p["name"] for p in record.get("participants") or []][:4]}


def event_detail(store: Store, kb: KnowledgeBase | None, event_id: str) -> dict[str, Any]:
    """An event with both sides' accounts side by side, sources, codes, links, corrections."""
    from parley.extract.codes import cameo_code
    from parley.fuse.readouts import compare_readouts
    from parley.serve.catalog import source_labels

    record = idx.indexed_event(store, event_id)
    event = store.event(record["id"]) if record else None
    if record is None or event is None:
        raise NotFound(event_id)
    labels = source_labels(store)
    texts = _article_texts(store, [s["article_id"] for s in record["sources"]])
    readouts = compare_readouts(event)
    sides = []
    for side in _sides(record, readouts):
        info = readouts.get("sides", {}).get(side, {})
        items = _side_evidence(event, side)
        sides.append({
            "country": side,
            "participants": [p for p in record["participants"] if p.get("country") == side],
            "tone_words": [t["word"] for t in info.get("tone", [])],
            "tone_score": info.get("tone_score"),
            "topics": info.get("topics", []), "omitted": info.get("omitted", []),
            "evidence": evidence(items, texts, labels)})
    sources: dict[str, dict[str, Any]] = {}
    for s in record["sources"]:
        label = labels.get(s["article_id"], {})
        entry = sources.setdefault(s["article_id"], {
            "article_id": s["article_id"], "source": label.get("source", s["source"]),
            "title": label.get("title"), "url": label.get("url"),
            "published": getattr(texts.get(s["article_id"]), "published", None),
            "sentences": []})
        entry["sentences"].append({"sentence": s["sentence"], "start": s["start"],
                                   "end": s["end"]})
    try:
        cameo_label = cameo_code(record["cameo"]).label if record.get("cameo") else None
    except (KeyError, ValueError):
        cameo_label = None
    first, _ = date_bounds(record)
    return {
        "event": record, "sides": sides, "sources": list(sources.values()),
        "readouts": {k: v for k, v in readouts.items() if k != "sides"},
        "participant_evidence": evidence(
            [("person", p_tag) for p_tag in _participant_tags(event)], texts, labels),
        "amounts": _amounts(store, record),
        "related": _related(store, record, first or idx.UNDATED),
        "codes": {"cameo": record.get("cameo"), "cameo_label": cameo_label,
                  "plover": record.get("plover"), "goldstein": record.get("goldstein")},
        "corrections": record.get("corrections", []),
    }


def _side_evidence(event: Event, side: str) -> list[tuple[str, Tagged]]:
    """One side's tone words, topics and outcomes with the spans that carry them."""
    return ([("tone", t) for t in event.tone.get(side, [])]
            + [("topic", t) for t in event.topics if t.country == side]
            + [("outcome", t) for t in event.outcomes if t.country == side])


def _participant_tags(event: Event) -> list[Tagged]:
    from parley.models import Tagged

    return [Tagged(p.name, p.span, country=p.country) for p in event.participants if p.span]


# -- people -------------------------------------------------------------------
def people_list(store: Store, *, q: str | None = None, country: str | None = None,
                limit: int = 100, cursor: str | None = None) -> dict[str, Any]:
    """People who took part in events, by key, with counts and first/last engagement."""
    after = None
    if cursor:
        after = decode_cursor(cursor, shape=tuple)[1]
    found = idx.people(store, q=q, country=country, limit=limit + 1, after=after)
    for p in found:
        p["_cursor"] = ["", p["key"]]
    items, nxt = _page(found, limit)
    return {"items": items, "next_cursor": nxt, "filters": {"q": q, "country": country}}


def person_detail(store: Store, kb: KnowledgeBase | None, key: str) -> dict[str, Any]:
    """Offices with tenures, engagements over time and counterparts met."""
    person = kb.persons.get(key) if kb is not None else None
    names = idx.person_names(store, key)
    if person is None and not names:
        raise NotFound(key)
    events = idx.query_events(store, Filters(person=key).for_store(), limit=5000)
    for r in events:
        r.pop("_cursor", None)
    country = person.country if person else (names[0][1] if names else None)
    counterparts: Counter[tuple[str, str, str | None]] = Counter()
    per_year: Counter[str] = Counter()
    for r in events:
        per_year[(r.get("date") or "undated")[:4]] += 1
        for p in r["participants"]:
            if person_key(p) != key and p.get("country") != country:
                counterparts[(person_key(p), p["name"], p.get("country"))] += 1
    offices = []
    if person is not None and kb is not None:
        for t in kb.tenures(person.id):
            office = kb.offices.get(t.office_id)
            offices.append({"office": t.office_id, "title": office.title if office else t.office_id,
                            "country": office.country if office else None,
                            "start": t.start.isoformat(), "end": t.end.isoformat() if t.end
                            else None})
    return {
        "key": key, "name": person.name if person else names[0][0], "country": country,
        "known": person is not None, "offices": offices,
        "events": events, "by_year": dict(sorted(per_year.items())),
        "counterparts": [{"key": k, "name": n, "country": c, "events": count}
                         for (k, n, c), count in counterparts.most_common(30)],
    }


# -- articles -----------------------------------------------------------------
def article_list(store: Store, *, q: str | None = None, limit: int = 50,
                 cursor: str | None = None) -> dict[str, Any]:
    """A page of articles (or search matches) with publication date, basis and events."""
    found = idx.list_articles(store, q=q, after=decode_cursor(cursor, shape=int),
                              limit=limit + 1)
    items, nxt = _page(found, limit)
    return {"items": items, "next_cursor": nxt, "count": idx.count_articles(store, q),
            "filters": {"q": q}}


def _text_marks(article_text: str, extraction: Any) -> list[dict[str, Any]]:
    """People, dates and event triggers in an article, as non-overlapping marks."""
    marks: list[dict[str, Any]] = []
    for m in extraction.actors if extraction else []:
        if m.kind == "person" and m.name:
            marks.append({"start": m.start, "end": m.end, "kind": "person",
                          "label": m.name + (f" ({m.role})" if m.role else ""),
                          "actor_id": m.actor_id})
    for t in extraction.times if extraction else []:
        marks.append({"start": t.start, "end": t.end, "kind": "date",
                      "label": (t.value or "unresolved") + (f" — {t.basis}" if t.basis else "")})
    for ev in extraction.events if extraction else []:
        if not ev.trigger:
            continue
        for s in ev.sources:
            pos = article_text.lower().find(ev.trigger.lower(), s.start, s.end)
            if pos != -1:
                marks.append({"start": pos, "end": pos + len(ev.trigger), "kind": "trigger",
                              "label": f"{ev.type} ({ev.status})", "event": ev.id})
                break
    marks.sort(key=lambda m: (m["start"], -m["end"]))
    kept: list[dict[str, Any]] = []
    for m in marks:
        if 0 <= m["start"] < m["end"] <= len(article_text) and \
                (not kept or m["start"] >= kept[-1]["end"]):
            kept.append(m)
    return kept


def article_detail(store: Store, kb: KnowledgeBase | None, article_id: str) -> dict[str, Any]:
    """An article's text with highlights, its publication date, events and near-duplicates."""
    article = store.article(article_id)
    if article is None:
        raise NotFound(article_id)
    extraction = store.extraction(article.id)
    record = article_record(article, extraction, kb)
    record["text"] = article.text
    record["sources_seen"] = store.article_sources(article.id)
    events = idx.query_events(store, Filters().for_store(article_id=article.id), limit=500)
    for r in events:
        r.pop("_cursor", None)
    return {
        "article": record, "marks": _text_marks(article.text, extraction), "events": events,
        "near_duplicates": idx.near_duplicates(store, article.id),
        "corrections": [c.to_dict() for c in corrections(store, "article", article.id)],
    }


# -- relationship, search, corrections ----------------------------------------
def relationship(store: Store, *, pair: tuple[str, str], by: str = "month",
                 since: str | None = None, until: str | None = None) -> dict[str, Any]:
    """The cooperation–conflict index per period and the issue ledger (topic × period)."""
    from parley.analysis.index import relationship_index
    from parley.analysis.ledger import issue_ledger

    filters = Filters(pair=pair, since=since, until=until)
    summaries = list(_summaries(store, filters))
    points = relationship_index(summaries, pair=pair, by=by, since=since, until=until)
    rows = issue_ledger(summaries, by=by, since=since, until=until)
    periods = sorted({r.period for r in rows})
    grid: dict[str, dict[str, Any]] = {}
    for r in rows:
        grid.setdefault(r.topic, {})[r.period] = {"events": r.events, "raised_by": r.raised_by}
    return {"pair": list(pair), "by": by, "since": since, "until": until,
            "index": [p.to_dict() for p in points], "ledger": [r.to_dict() for r in rows],
            "periods": periods, "topics": sorted(grid, key=lambda t: (-sum(
                c["events"] for c in grid[t].values()), t)), "grid": grid}


def _summaries(store: Store, filters: Filters) -> Iterable[dict[str, Any]]:
    after = None
    while True:
        batch = idx.query_events(store, filters.for_store(), limit=5000, after=after,
                                 summaries=True)
        if not batch:
            return
        after = tuple(batch[-1]["_cursor"])
        yield from batch


def search(store: Store, q: str, *, limit: int = 20) -> dict[str, Any]:
    """Events (titles and evidence sentences) and articles (titles and text) matching q."""
    events = event_list(store, Filters(q=q), limit=limit, count=True)
    return {"q": q, "events": events["items"], "event_count": events["count"],
            "articles": idx.search_articles(store, q, limit=limit),
            "article_count": idx.count_articles(store, q)}


def corrections_list(store: Store, *, limit: int = 100,
                     cursor: str | None = None) -> dict[str, Any]:
    """Every correction, newest first."""
    before = decode_cursor(cursor, shape=int)
    found = [c.to_dict() for c in corrections(store, limit=limit + 1, before=before)]
    for c in found:
        c["_cursor"] = c["id"]
    items, nxt = _page(found, limit)
    return {"items": items, "next_cursor": nxt}
