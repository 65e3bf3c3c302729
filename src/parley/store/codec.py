"""Turn stored JSON back into the typed records of :mod:`parley.models`."""

from __future__ import annotations

from typing import Any

from parley.models import (
    ActorMention,
    Amount,
    Event,
    Extraction,
    Participant,
    Span,
    Tagged,
    TimeRef,
)


def span_from(d: dict[str, Any] | None) -> Span | None:
    return Span(**d) if d else None


def tagged_from(d: dict[str, Any]) -> Tagged:
    return Tagged(label=d["label"], span=Span(**d["span"]), score=d.get("score"),
                  country=d.get("country"))


def event_from(d: dict[str, Any]) -> Event:
    """Rebuild an Event (per-article mention or fused) from its dict form."""
    data = dict(d)
    for key in ("participants", "also_named"):
        data[key] = [Participant(**{**p, "span": span_from(p.get("span"))})
                     for p in d.get(key, [])]
    data["topics"] = [tagged_from(t) for t in d.get("topics", [])]
    data["outcomes"] = [tagged_from(t) for t in d.get("outcomes", [])]
    data["tone"] = {k: [tagged_from(t) for t in v] for k, v in d.get("tone", {}).items()}
    data["sources"] = [Span(**s) for s in d.get("sources", [])]
    data["time_refs"] = [TimeRef(**t) for t in d.get("time_refs", [])]
    return Event(**data)


def extraction_from(d: dict[str, Any]) -> Extraction:
    """Rebuild an Extraction from the JSON the store keeps."""
    return Extraction(
        article_id=d["article_id"],
        version=d["version"],
        relevant=d["relevant"],
        actors=[ActorMention(**a) for a in d.get("actors", [])],
        times=[TimeRef(**t) for t in d.get("times", [])],
        events=[event_from(e) for e in d.get("events", [])],
        amounts=[Amount(**{**a, "span": Span(**a["span"])}) for a in d.get("amounts", [])],
        topics=[tagged_from(t) for t in d.get("topics", [])],
        error=d.get("error"),
    )
