"""Engagements the store's own reports date, as evidence for undated articles.

An article with no date of its own is dated from its content: the offices its people
held, the terms it uses, and the known engagements it reports (``fuse.pubdate``).  The
known-engagements file lists a few hundred; the store often holds more, reported with a
date by articles whose publication day is known.  "Xi and Trump spoke by phone on
Thursday about soybeans", undated, is most likely the call three dated reports place on
2025-09-19.  Those engagements are handed to the estimate beside the file's, so an
undated report is dated by the others, whether the file is used or not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from parley.fuse.known import known_link
from parley.kb.engagements import KnownEngagement
from parley.models import Event


@dataclass(frozen=True)
class FromStore:
    """What the store's dated reports say of one undated article: the engagements they
    place that may be its headline's, and the publication days of those it reads most like."""

    reported: Sequence[KnownEngagement] = ()
    alike: Sequence[dt.date] = ()


#: People an engagement must name (with ids) to date another article by: fewer say
#: too little about which engagement it was.
MIN_PEOPLE = 2


#: Articles with a known publication day that must report an engagement: one report's
#: mistake (a vice premier's meeting given to his president) should not date others.
MIN_REPORTS = 2
#: The id prefix of a reported engagement (as the known-engagement link of a mention).
PREFIX = "reported:"
#: Days apart within which a reported engagement of the same people is one the
#: known-engagements file already lists.
SAME_DAYS = 3


def reported_engagements(events: Iterable[Event], firmly_dated: AbstractSet[str],
                         known: Sequence[KnownEngagement] = ()) -> list[KnownEngagement]:
    """Held engagements dated to the day by ``MIN_REPORTS`` articles whose publication day
    is known (``firmly_dated``), not by an estimate, as known engagements; not those the
    ``known`` file lists already (its dates, places and keywords are the better ones)."""
    out = []
    for event in events:
        people = tuple(dict.fromkeys(p.actor_id for p in event.participants if p.actor_id))
        if event.status != "happened" or event.date_precision != "day" or not event.date \
                or event.date_estimated or len(people) < MIN_PEOPLE \
                or len(firmly_dated & set(event.article_ids)) < MIN_REPORTS \
                or _listed(event):
            continue
        try:
            day = dt.date.fromisoformat(event.date[:10])
            end = dt.date.fromisoformat(event.date_end[:10]) if event.date_end else None
        except ValueError:
            continue
        if any(len(set(people) & set(k.participants)) >= MIN_PEOPLE
               and k.distance_days(day) <= SAME_DAYS for k in known):
            continue
        names = ", ".join(p.name for p in event.participants if p.actor_id)
        out.append(KnownEngagement(
            id=f"{PREFIX}{event.id}", date=day, end=end, precision="day", type=event.type,
            participants=people, location=event.location,
            title=f"{event.type.replace('_', ' ')} of {names} reported in the store",
            keywords=(), topics=tuple(t.label for t in event.topics)))
    return out


#: An undated article is dated by a reported engagement only when one of its reports is
#: among this many dated articles most like it (``parley.fuse.similar``).
NEAREST_REPORTS = 3
#: How alike (cosine) a dated report must be for its publication day to count.
MIN_ALIKE = 0.1


def reporters(events: Iterable[Event]) -> dict[str, frozenset[str]]:
    """The articles reporting each event, by the id its reported engagement would have:
    read once per round, for every undated article to look up."""
    return {f"{PREFIX}{e.id}": frozenset(e.article_ids) for e in events}


def reports_alike(reported: Sequence[KnownEngagement], reports: Mapping[str, frozenset[str]],
                  nearest: AbstractSet[str]) -> list[KnownEngagement]:
    """The reported engagements one of whose ``reports`` (see ``reporters``) is among
    ``nearest``, the dated articles an undated one reads most like: the store holds only
    the engagements its dated articles report, so the undated article's own may be
    missing from it, and the same people's engagement the store does hold says nothing
    of when it was written."""
    return [k for k in reported if reports.get(k.id, frozenset()) & nearest]


def _listed(event: Event) -> bool:
    """The event is linked to an engagement of the known-engagements file."""
    link = known_link(event)
    return link is not None and not link.startswith(PREFIX)
