"""Helpers shared by the extraction tests: run one written-for-the-test article."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from parley.extract.article import Extractor
from parley.models import ActorMention, Article, Event, Extraction, Span, TimeRef


def extract_one(extractor: Extractor, text: str, published: str = "2021-10-27") -> Extraction:
    """Extract a single dated article written for the test."""
    article = Article(id="written-for-test", text=text, source="written-for-test.txt",
                      published=published, published_precision="day", published_basis="header")
    (extraction,) = list(extractor.extract([article]))
    return extraction


def only_event_with(extraction: Extraction, *people: str) -> Event:
    """The one event whose participants include all these actor ids."""
    found = [e for e in extraction.events
             if set(people) <= {p.actor_id for p in e.participants}]
    assert len(found) == 1, [(e.type, e.status, e.outcomes) for e in extraction.events]
    return found[0]


def offset_records(value: Any) -> Iterator[Span | TimeRef | ActorMention]:
    """Every record inside an extraction whose start/end index the article text."""
    if isinstance(value, (Span, TimeRef, ActorMention)):
        yield value
    if isinstance(value, list):
        for item in value:
            yield from offset_records(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from offset_records(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from offset_records(getattr(value, f.name))
