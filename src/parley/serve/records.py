"""Exported record shapes: the JSON every command, export and API returns.

One place turns stored Events and Articles into the documented record
(PRODUCT.md, "Evaluation contract"), so the CLI, exports and eval agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from parley.extract.tone import tone_score
from parley.models import Article, Event, Extraction, Participant

if TYPE_CHECKING:
    from parley.kb import KnowledgeBase
    from parley.store import Store


def _on(value: str | None) -> date | None:
    if not value:
        return None
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        if len(value) == 7:
            return date.fromisoformat(value + "-15")
    except ValueError:
        return None
    return None


def role_at(kb: KnowledgeBase | None, actor_id: str | None, when: str | None,
            fallback: str | None) -> str | None:
    """The office a person held on the event's date, else what the text said."""
    day = _on(when)
    if kb is not None and actor_id and actor_id in kb.persons and day is not None:
        return kb.role_on(actor_id, day) or fallback
    return fallback


def event_record(event: Event, sources: dict[str, str] | None = None,
                 kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """The exported record of one (fused) event."""
    sources = sources or {}
    topics: list[str] = []
    by_side: dict[str, list[str]] = {}
    for t in event.topics:
        if t.label not in topics:
            topics.append(t.label)
        if t.country:
            side = by_side.setdefault(t.country, [])
            if t.label not in side:
                side.append(t.label)
    tone = {
        side: {"words": [t.label for t in words],
               "score": round(tone_score([t.score for t in words if t.score is not None]), 3)}
        for side, words in event.tone.items()
    }
    return {
        "id": event.id,
        "type": event.type,
        "status": event.status,
        "date": event.date,
        "date_precision": event.date_precision,
        "date_basis": event.date_basis,
        "date_estimated": event.date_estimated,
        "date_end": event.date_end,
        "date_alt": event.date_alt,
        "confidence": event.confidence,
        "participants": [_person(kb, event, p) for p in event.participants],
        "also_named": [_person(kb, event, p) for p in event.also_named],
        "location": event.location,
        "topics": topics,
        "topics_by_side": by_side,
        "outcomes": list(dict.fromkeys(o.label for o in event.outcomes)),
        "tone": tone,
        "cameo": event.cameo,
        "goldstein": event.goldstein,
        "plover": event.plover,
        "main": event.main,
        "trigger": event.trigger,
        "related": event.related,
        "sources": [
            {"article_id": s.article_id, "source": sources.get(s.article_id, ""),
             "sentence": s.sentence, "start": s.start, "end": s.end}
            for s in event.sources],
        "article_ids": event.article_ids,
    }


def article_record(article: Article, extraction: Extraction | None = None,
                   kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """The exported record of one article, with its actors and amounts when extracted."""
    record: dict[str, Any] = {
        "id": article.id, "source": article.source, "title": article.title,
        "url": article.url, "site": article.site, "format": article.format,
        "published": article.published, "published_precision": article.published_precision,
        "published_basis": article.published_basis,
        "published_evidence": article.published_evidence,
        "published_window": list(article.published_window) if article.published_window
        else None,
    }
    if extraction is not None:
        record["relevant"] = extraction.relevant
        record["actors"] = actor_records([extraction], kb, article.published)
        record["amounts"] = [
            {"value": a.value, "unit": a.unit, "text": a.text, "what": a.what, "topic": a.topic,
             "sentence": a.span.sentence, "start": a.span.start, "end": a.span.end}
            for a in extraction.amounts]
    return record


def actor_records(extractions: Sequence[Extraction], kb: KnowledgeBase | None = None,
                  when: str | None = None) -> list[dict[str, Any]]:
    """Distinct actors (people and institutions) named in some extractions."""
    seen: dict[str, dict[str, Any]] = {}
    for ex in extractions:
        for m in ex.actors:
            if m.kind not in ("person", "institution") or not (m.name or m.actor_id):
                continue
            if m.resolved_by == "title-unresolved":
                continue
            if m.kind == "institution" and m.resolved_by == "ner":
                continue  # unresolved organisation names are too noisy to list as actors
            key = m.actor_id or (m.name or "").lower()
            rec = seen.get(key)
            if rec is None:
                seen[key] = {
                    "actor_id": m.actor_id, "name": m.name or m.text,
                    "kind": _actor_kind(kb, m.kind, m.actor_id),
                    "country": m.country,
                    "role": role_at(kb, m.actor_id, when, m.role), "mentions": 1,
                    "articles": [ex.article_id]}
            else:
                rec["mentions"] += 1
                rec["role"] = rec["role"] or m.role
                if ex.article_id not in rec["articles"]:
                    rec["articles"].append(ex.article_id)
    return list(seen.values())


def _actor_kind(kb: KnowledgeBase | None, kind: str, actor_id: str | None) -> str:
    """person, or an institution's own kind; ministries and agencies count as government."""
    if kind != "institution" or kb is None or not actor_id or actor_id not in kb.institutions:
        return kind
    own = kb.institutions[actor_id].kind
    return "government" if own in ("government", "agency") else own


def source_names(store: Store) -> dict[str, str]:
    """article id → the file name or URL it was ingested from."""
    return store.source_names()


def _person(kb: KnowledgeBase | None, event: Event, p: Participant) -> dict[str, Any]:
    """A participant as exported: name, side and the office held on the event's day."""
    return {"name": p.name, "actor_id": p.actor_id, "country": p.country,
            "role": role_at(kb, p.actor_id, event.date, p.role), "kind": p.kind}
