"""Read models for `parley show`: an article or an event, as text and JSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parley.models import Event
from parley.serve.records import article_record, event_record, source_names
from parley.store import Store


@dataclass
class View:
    data: dict[str, Any]
    text: str


def _kb() -> Any:
    from parley.kb import KnowledgeBase

    return KnowledgeBase.default()


def article_view(store: Store, ident: str) -> View | None:
    """An article's metadata, publication date basis and what was extracted."""
    article = store.article(ident)
    if article is None:
        return None
    extraction = store.extraction(article.id)
    rec = article_record(article, extraction, _kb())
    rec["sources_seen"] = store.article_sources(article.id)
    lines = [f"article {article.id}", f"  source:    {article.source}",
             f"  title:     {article.title or '—'}",
             (f"  published: {article.published or '—'} "
             f"(basis: {article.published_basis or 'none'})")]
    if article.published_window:
        lines.append(f"  window:    {article.published_window[0]} .. "
                     f"{article.published_window[1]}")
    if article.published_evidence:
        lines.append(f"  evidence:  {article.published_evidence}")
    if extraction is not None:
        lines.append(f"  relevant:  {extraction.relevant}; {len(extraction.events)} event "
                     f"mentions, {len(rec['actors'])} actors, {len(rec['amounts'])} amounts")
        for a in rec["actors"]:
            lines.append(f"    actor  {a['name']} [{a['country'] or '?'}] {a['role'] or ''}")
        for m in rec["amounts"]:
            lines.append(f"    amount {m['text']} = {m['value']:,.0f} {m['unit']} — {m['what']}")
        rec["mentions"] = mention_rows(store, extraction.events)
        for row in rec["mentions"]:
            people = ", ".join(row["participants"]) or "nobody named"
            fate = f"event {row['event_id'][:10]}" if row["event_id"] else row["left_out"]
            lines.append(f"    mention {row['type']} {row['status']} {row['date'] or '—'} "
                         f"({people}) confidence {row['confidence']:.2f} → {fate}")
    rec["text"] = article.text
    return View(rec, "\n".join(lines))


def mention_rows(store: Store, mentions: list[Event]) -> list[dict[str, Any]]:
    """Every candidate of an article with its confidence and the event it joined, if any:
    the ones below the threshold stay visible here rather than vanish."""
    from parley.fuse.confidence import load_model, scored

    membership = store.membership()
    threshold = load_model().threshold
    rows = []
    for mention in mentions:
        judged = scored(mention)
        confidence = judged.confidence or 0.0
        rows.append({
            "id": mention.id, "type": mention.type, "status": mention.status,
            "date": mention.date, "trigger": mention.trigger,
            "participants": [p.name for p in mention.participants],
            "confidence": confidence, "evidence": judged.evidence,
            "event_id": membership.get(mention.id),
            "left_out": "below threshold" if confidence < threshold
            else "no date anywhere, not placed"})
    return rows


def event_view(store: Store, ident: str) -> View | None:
    """A fused event with both sides' readouts side by side, each with its sentences."""
    from parley.fuse.readouts import compare_readouts

    event = store.event(ident)
    if event is None:
        return None
    rec = event_record(event, source_names(store), _kb())
    comparison = compare_readouts(event)
    rec["readouts"] = comparison
    lines = [f"event {event.id}: {event.type} ({event.status})",
             (f"  date: {event.date or 'undated'} [{event.date_precision or '-'}] "
             f"— {event.date_basis or 'no date in text'}")]
    for p in rec["participants"]:
        lines.append(f"  {p['country'] or '?':>3}  {p['name']}  {p['role'] or ''}")
    lines.append(f"  topics: {', '.join(rec['topics']) or '—'}")
    for o in rec["outcomes"]:
        lines.append(f"  outcome: {o}")
    for side, info in comparison.get("sides", {}).items():
        score = info.get("tone_score")
        words = ", ".join(t["word"] for t in info.get("tone", [])) or "—"
        lines.append(f"  readout {side}: tone {score if score is not None else 0:+.2f} — "
                     f"words: {words}")
        lines.append(f"     mentioned: {', '.join(info.get('topics', [])) or '—'}; "
                     f"omitted: {', '.join(info.get('omitted', [])) or '—'}")
        for sentence in list(dict.fromkeys(t["sentence"] for t in info.get("tone", [])))[:4]:
            lines.append(f"       “{sentence[:140]}”")
    if comparison.get("alignment") is not None:
        lines.append(f"  alignment: {comparison['alignment']:.2f}")
    lines.append(f"  sources ({len(rec['sources'])}):")
    for s in rec["sources"]:
        lines.append(f"    {s['source']}:{s['start']}-{s['end']}  {s['sentence'][:150]}")
    return View(rec, "\n".join(lines))
