"""Engagements an article recalls only by the name everybody knows them by.

"The understandings the two presidents reached in Bali", "since the Buenos Aires
dinner", "the framework agreed in London": no word says who met whom or when, so the
extractor has no mention to report, yet the reader knows which engagement is meant.
The known-engagements file names it, with its day and its people, so each such
reference becomes a mention of that engagement, sourced to the sentence that names it.

Only what the text plainly recalls counts: a keyword of the engagement, or its venue
beside a talks word (``kb.engagements.find_referenced``) naming exactly one known
engagement, held before the article was published, in a sentence that does not look
ahead, and not already reported by one of the article's own mentions.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from functools import lru_cache

from parley.extract.features import KNOWN_REFERENCE
from parley.extract.lexicon import load
from parley.fuse.evidence import looks_ahead, split_sentences
from parley.fuse.known import dating_link, iso_day, known_link
from parley.ingest.dateline import in_dateline
from parley.kb.engagements import KnownEngagement, find_referenced
from parley.kb.types import engagement_types
from parley.models import ActorMention, Article, Event, Participant, Span

#: An undated mention may be an engagement held this many days before publication: the
#: article's news, which a recalled engagement must not repeat.
NEWS_DAYS = 31
#: The evidence a recalled engagement carries (``parley.fuse.confidence`` weighs it):
#: the file names both sides' people and the day.
EVIDENCE = {"both_sides": 1.0, "people": 1.0, "named": 1.0, "day_precision": 1.0,
            KNOWN_REFERENCE: 1.0}


class PersonNames:
    """What a recalled engagement needs of the knowledge base: a person's name and side."""

    def __init__(self, persons: dict[str, tuple[str, str | None]]) -> None:
        self.persons = persons

    def participant(self, person_id: str) -> Participant | None:
        found = self.persons.get(person_id)
        if found is None:
            return None
        name, country = found
        return Participant(name=name, actor_id=person_id, country=country, role=None)

    def participants(self, person_ids: Iterable[str]) -> list[Participant]:
        """Those of the people the knowledge base knows, in order."""
        return [p for p in map(self.participant, person_ids) if p is not None]


def people_from_known(event: Event, known: Mapping[str, KnownEngagement], names: PersonNames,
                      named: Iterable[ActorMention] = ()) -> Event:
    """A mention linked to a known engagement whose text named none of its people ("the
    talks in Anchorage concluded") takes those of the engagement's people the article names
    elsewhere: the file says who took part, the article that they are this report's."""
    k = known.get(known_link(event) or "")
    if k is None or event.participants:
        return event
    people = {m.actor_id for m in named if m.actor_id}
    found = names.participants(p for p in k.participants if p in people)
    return replace(event, participants=found) if found else event


def recalled_known(article: Article, published: str | None, events: Sequence[Event],
                   known: Sequence[KnownEngagement], names: PersonNames,
                   named: Iterable[ActorMention] = ()) -> list[Event]:
    """Mentions of the known engagements the article (published on ``published``, stated
    or estimated) recalls by name and reports no other way.  ``named``: the article's
    actor mentions; a recalled engagement's participants are those of its people the
    recalling sentence names, else those the article names, else its first two."""
    day = iso_day(published)
    if day is None or not known:
        return []
    spans: dict[tuple[int, int], list[KnownEngagement]] = {}
    for k, start, end in find_referenced(article.text, known):
        spans.setdefault((start, end), []).append(k)
    sentences = split_sentences(article.text)
    mentions = [m for m in named if m.actor_id]
    people = {m.actor_id for m in mentions}
    linked = {known_link(e) for e in events}
    out: list[Event] = []
    for (start, end), ks in spans.items():
        if len(ks) != 1:
            continue  # "the talks in Zurich" of two meetings there: which one is unknown
        k = ks[0]
        said = article.text[start:end]
        if not _names_venue(said, k) or in_dateline(article, start):
            continue  # "the comprehensive economic dialogue" is a forum, not one meeting
        if k.id in linked or k.date >= day:
            continue
        sentence = next((s for s in sentences if s.start <= start < s.end), None)
        if sentence is None or looks_ahead(
                _clause_of(sentence.text, start - sentence.start, end - sentence.start)):
            continue
        if any(_reports(e, k, sentence.start, sentence.end, day) for e in events):
            continue
        linked.add(k.id)
        here = {m.actor_id for m in mentions if sentence.start <= m.start < sentence.end}
        chosen = [p for p in k.participants if p in here] or \
            [p for p in k.participants if p in people] or list(k.participants[:2])
        participants = names.participants(chosen)
        key = f"{article.id}:known:{k.id}"
        out.append(Event(
            id=hashlib.sha256(key.encode()).hexdigest()[:16], type=k.type, status="happened",
            date=k.date.isoformat(), date_precision="day",
            date_end=k.end.isoformat() if k.end else None,
            date_basis=f"the text names the known engagement '{k.title}' "
                       f"({article.text[start:end]!r}), held on {k.date.isoformat()}",
            participants=participants, location=k.location,
            sources=[Span(article.id, sentence.start, sentence.end,
                          sentence=sentence.text.strip(), text=article.text[start:end])],
            article_ids=[article.id], trigger=article.text[start:end],
            related=[dating_link(k)], evidence=dict(EVIDENCE)))
    return out


#: Words that open a clause of time, which keeps its own tense: "It will come five
#: months after the two leaders met in Busan" recalls Busan though it looks ahead.
_TIME_CLAUSE = re.compile(r"\b(?:after|since|when|following)\b", re.IGNORECASE)


def _clause_of(sentence: str, start: int, end: int) -> str:
    """The part of the sentence that speaks of the reference at [start, end) (offsets in
    the sentence): from the last word opening a clause of time before it, else all of it."""
    opened = [m.start() for m in _TIME_CLAUSE.finditer(sentence[:start])]
    return sentence[opened[-1]:end] if opened else sentence


def _names_venue(said: str, k: KnownEngagement) -> bool:
    """The reference names a place ("in Bali", "the San Francisco vision", the venue
    itself): a forum's or a mechanism's name ("the economic working group", "the
    comprehensive economic dialogue") recurs across engagements, or titles a person."""
    lower = said.lower()
    venue = (k.location or "").split(",")[0].strip().lower()
    return bool(venue and venue in lower) or _places().search(lower) is not None


@lru_cache(maxsize=1)
def _places() -> re.Pattern[str]:
    """Any place name the extractor knows (``places.json``), lower-cased, as a word."""
    table = load("places.json")
    names = sorted({name.lower() for label in ("GPE", "LOC") for name in table[label]},
                   key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")


def _reports(event: Event, k: KnownEngagement, start: int, end: int, published: date) -> bool:
    """One of the article's mentions already is this engagement: a compatible type on
    its days, with the same people or none named.  An undated mention is one engagement
    among its people's: it is this one when it comes from the recalling sentence
    [start, end), or when this one is the article's news (held within ``NEWS_DAYS``)."""
    if engagement_types().compat(event.type, k.type) <= 0:
        return False
    people = {p.actor_id for p in event.participants if p.actor_id}
    if people and not people & set(k.participants):
        return False
    day = iso_day(event.date)
    if not event.date:
        own = any(start <= src.start < end for src in event.sources)
        return own or (published - k.date).days <= NEWS_DAYS
    if day is None:
        return event.date[:7] == k.date.isoformat()[:7]
    last = k.end or k.date
    return abs((day - k.date).days) <= 1 or k.date <= day <= last
