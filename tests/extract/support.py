"""Helpers shared by the extraction tests: run one written-for-the-test article."""

from __future__ import annotations

from parley.extract.article import Extractor
from parley.models import Article, Event, Extraction


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
