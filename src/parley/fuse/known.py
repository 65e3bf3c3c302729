"""Link event mentions to engagements the knowledge base already knows.

"The US and China signed the accord in January" and "the truce signed in
January 2020" name no people, so nothing else would tie them together; both
point at the phase one signing of 2020-01-15.  A mention is linked only when
exactly one known engagement of a compatible type fits its date and shares
its people, place or keywords, so a link is evidence, not a guess.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from os.path import commonprefix

from parley.extract.dates import calendar_fields, fields_fit, resolve
from parley.extract.features import ONE_SIDED_HEADLINE, TYPE_INFERRED
from parley.fuse.dates import intersect, iso_interval, tolerant_interval
from parley.kb.engagements import (
    KnownEngagement,
    find_referenced,
    match_engagement,
    same_venue,
)
from parley.kb.types import engagement_types
from parley.models import Event, TimeRef

RELATION = "known_as"
#: Lowest match_engagement score accepted for a link through shared people or place.
MIN_MATCH_SCORE = 0.6


def iso_day(value: str | None) -> date | None:
    """The day of an ISO date with a day, else None."""
    try:
        return date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except ValueError:
        return None


def _compatible(a: str, b: str) -> bool:
    return engagement_types().compat(a, b) > 0


def _fits_date(event: Event, known: KnownEngagement) -> bool:
    span = tolerant_interval(event.date, event.date_precision)
    if span is None:
        return False
    known_span = (known.date, known.end or known.date)
    return intersect(span, known_span) is not None


def known_link(event: Event) -> str | None:
    """The known engagement id a mention was linked to, if any."""
    return next((r["id"] for r in event.related if r.get("relation") == RELATION), None)


def dating_link(k: KnownEngagement) -> dict[str, str]:
    """The link of a mention that takes its day from the known engagement: its own
    report did not say the day."""
    return {"id": k.id, "relation": RELATION, "dates": "day"}


def dated_by_known(event: Event) -> bool:
    """The mention's day is its known engagement's, not its report's."""
    return any(r.get("relation") == RELATION and r.get("dates") for r in event.related)


#: How far back from publication a report's undated headline engagement may lie.
HEADLINE_LAG_DAYS = 7


def _undated_link(event: Event, known: Sequence[KnownEngagement],
                  published: date) -> Event:
    """An engagement the text leaves undated ("when Biden and Xi met", or a headline dated
    only by the publication day) is the latest known one of the same people and kind
    before publication: background mentions recall the last such meeting, and reports
    follow their headline engagement within days."""
    people = {p.actor_id for p in event.participants if p.actor_id}
    from_publication = event.evidence.get("date_from_publication", 0.0) > 0
    earliest = published - timedelta(days=HEADLINE_LAG_DAYS) if from_publication else date.min
    # A headline naming one side ("Trump signs trade deal") shares one person.
    shared = 1 if event.evidence.get(ONE_SIDED_HEADLINE, 0.0) > 0 else 2
    fitting = [k for k in known
               if _compatible(event.type, k.type) and earliest <= k.date <= published
               and len(people & set(k.participants)) >= shared]
    whose = "these people"
    place = event.location
    there = [k for k in fitting if place and k.location and same_venue(place, k.location)]
    if place and there:
        # "they have met in Anchorage, Zurich and Rome": each place says which meeting.
        fitting = there
        whose = f"these people in {place.split(',')[0].strip()}"
    if not fitting and event.location and not from_publication and (
            len(people) < 2 or people <= {pid for k in known for pid in k.participants}):
        # "the talks in Geneva", nobody (or one side) named: the latest known engagement
        # of that kind held there.
        fitting = [k for k in known
                   if _compatible(event.type, k.type) and k.date <= published and k.location
                   and same_venue(event.location, k.location)
                   and (not people or people & set(k.participants))]
        whose = f"this kind in {event.location.split(',')[0].strip()}"
    if not fitting:
        return event
    k = max(fitting, key=lambda k: k.date)
    why = ("undated in the text" if not from_publication
           else "dated only by the publication day")
    return replace(event, date=k.date.isoformat(), date_precision="day", date_estimated=True,
                   related=[*event.related, dating_link(k)],
                   date_basis=f"{why}; the latest known engagement of {whose} before "
                              f"publication: '{k.title}' on {k.date.isoformat()}")


def link_known(event: Event, known: Sequence[KnownEngagement],
               published: str | None = None) -> Event:
    """The mention, linked to its known engagement (and dated by it) when one fits.

    ``published`` (the article's publication day) lets an undated mention be dated by
    the latest matching engagement before it.  A headline engagement naming one side,
    dated only by the publication day, keeps a date only when linked."""
    linked = _link(event, known, published)
    if event.evidence.get(ONE_SIDED_HEADLINE, 0.0) > 0 and not known_link(linked):
        return replace(linked, date=None, date_precision=None, date_estimated=False,
                       date_basis="no date in the text, and one side named: no known "
                                  "engagement of theirs in the days before publication")
    return linked


def _link(event: Event, known: Sequence[KnownEngagement], published: str | None) -> Event:
    if event.status != "happened":
        return event
    day = iso_day(published)
    if day is not None and (not event.date
                            or event.evidence.get("date_from_publication", 0.0) > 0):
        linked = _undated_link(event, known, day)
        if linked is not event or not event.date:
            return linked
    if not event.date:
        return event
    people = [p.actor_id for p in event.participants if p.actor_id]
    inferred = event.evidence.get(TYPE_INFERRED, 0.0) > 0
    candidates: dict[str, KnownEngagement] = {}
    for k, score in match_engagement(event.type, people, known, location=event.location):
        shared = len(set(people) & set(k.participants))
        if (score >= MIN_MATCH_SCORE or inferred) and (
                shared >= 2 or (shared == 1 and not people[1:])):
            candidates[k.id] = k
    text = " ".join(s.sentence for s in event.sources)
    for k, _start, _end in find_referenced(text, known):
        candidates.setdefault(k.id, k)
    fitting = [k for k in candidates.values()
               if (inferred or _compatible(event.type, k.type)) and _fits_date(event, k)
               and not _other_people(people, k)]
    if len(fitting) != 1:
        return event
    k = fitting[0]
    related = [*event.related, {"id": k.id, "relation": RELATION}]
    # "The first time since November": the known engagement says how they met then.
    kind = k.type if inferred else event.type
    if event.date_precision == "day":
        return replace(event, related=related, type=kind)
    day = _day_within(event, k)
    return replace(event, related=[*event.related, dating_link(k)], type=kind,
                   date=day.isoformat(),
                   date_precision="day", date_basis=f"{event.date_basis or event.date}; matches the known "
                              f"engagement '{k.title}' on {_span_text(k)}")


def _other_people(people: Sequence[str], k: KnownEngagement) -> bool:
    """A known engagement the text points at by its place alone ("in Bali") that shares
    none of the mention's people is another one held there: Yellen's talks in Bali
    the same week are not the Biden-Xi meeting there."""
    return bool(people) and bool(k.participants) and not set(people) & set(k.participants)


def _day_within(event: Event, k: KnownEngagement) -> date:
    """The day a coarsely dated mention of a known engagement most likely means: a
    one-day engagement's day; for a visit of several days, the middle of the days the
    mention's own dates leave ("this week", of a visit from Sunday to Wednesday)."""
    span = iso_interval(event.date, event.date_precision)
    both = intersect(span, (k.date, k.end)) if span and k.end else None
    if both is None:
        return k.date
    return both[0] + (both[1] - both[0]) / 2


def _span_text(k: KnownEngagement) -> str:
    return f"{k.date.isoformat()} to {k.end.isoformat()}" if k.end else k.date.isoformat()


#: A headline engagement dated only by an estimated publication day is placed only when
#: the estimate's window is at most this wide.
HEADLINE_WINDOW_DAYS = 14


def window_days(window: tuple[str, str] | None) -> tuple[date, date] | None:
    """A stored publication window (ISO days) as days, or None."""
    start, end = (iso_day(window[0]), iso_day(window[1])) if window else (None, None)
    return (start, end) if start is not None and end is not None else None


def unplaced_if_uncertain(event: Event, window: tuple[str, str] | None) -> Event:
    """A headline engagement the text leaves undated takes the publication day; when that
    day is itself only estimated within a wide window, it is a guess, and the engagement
    is left undated (so, unless another report dates it, unplaced)."""
    span = window_days(window)
    if span is None or known_link(event) or \
            event.evidence.get("date_from_publication", 0.0) <= 0:
        return event
    if (span[1] - span[0]).days + 1 <= HEADLINE_WINDOW_DAYS:
        return event
    return replace(event, date=None, date_precision=None, date_estimated=False,
                   date_basis=f"no date in the text, and the publication date is only known "
                              f"to lie in {span[0].isoformat()}..{span[1].isoformat()}")


def held_to_window(event: Event, window: tuple[str, str] | None) -> Event:
    """A mention dated by an expression counted from an estimated publication day
    ("on Wednesday", "last month") keeps only what every day of the estimate's window
    agrees on, the month or the year they share, else no date, when the window is wider
    than ``HEADLINE_WINDOW_DAYS``: a weekday counted from a guess of the day is a guess
    too.  Within a narrower window the estimate's own day stands, as for a headline."""
    span = window_days(window)
    if span is None or not event.date or not event.date_estimated or known_link(event):
        return event
    ref = next((r for r in event.time_refs
                if r.value == event.date and r.relative and r.estimated), None)
    start, end = span
    if ref is None or (end - start).days + 1 <= HEADLINE_WINDOW_DAYS:
        return event
    future = event.status == "planned"
    values = [resolve(ref, day, future=future, estimated=True).value for day in (start, end)]
    if any(v is None for v in values):
        return event
    likeliest = _most_days(ref, start, end, future)
    if likeliest == event.date:
        return event
    if likeliest is not None:
        # "April 6" read from a publication day somewhere in 2017-02..2018-03 is
        # 2017-04-06 for all but its first two months.
        return replace(event, date=likeliest, date_basis=(
            f"{event.date_basis}; the publication date is only known to lie in "
            f"{start}..{end}, and counted from most of those days "
            f"'{ref.text}' is {likeliest}"))
    shared = commonprefix([str(v).split("-") for v in (event.date, *values)])
    common = "-".join(shared)
    if common == event.date:
        return event
    precision = {1: "year", 2: "month"}.get(len(shared))
    why = f"{event.date_basis}; the publication date is only known to lie in {start}..{end}"
    return replace(event, date=common or None, date_precision=precision,  # type: ignore[arg-type]
                   date_end=None, date_basis=why + ("" if common else ", so no date"))


#: Share of a wide window's days that a counted expression must name one date from, at
#: least, for that date to stand (see ``held_to_window``): more than half, the likelier
#: reading whatever the day.  Chosen on the development set's tune split (0.75 first:
#: F1 0.742 with metadata and 0.609 bare without the known-engagements file, against
#: 0.749 and 0.618; with the file 0.820 and 0.776 against 0.819 and 0.777).
MOST_DAYS = 0.5
#: Days of a window read at most, evenly spread.
_WINDOW_SAMPLES = 400


def _most_days(ref: TimeRef, start: date, end: date, future: bool) -> str | None:
    """The date ``ref`` names when counted from most days of the window, if one date
    holds for more than ``MOST_DAYS`` of them.  A month and day or a month gives one date
    a year, so a window of a year or so mostly agrees; a weekday or "last month" changes
    every week or month, and no date holds for most days."""
    days = (end - start).days + 1
    step = max(1, days // _WINDOW_SAMPLES)
    # "Sunday, Jan. 19": only the years in which that day was a Sunday.
    stated = calendar_fields(ref)
    counts: Counter[str] = Counter()
    for offset in sorted({*range(0, days, step), days - 1}):
        value = resolve(ref, start + timedelta(days=offset), future=future,
                        estimated=True).value
        day = iso_day(str(value)) if value else None
        if value and (day is None or fields_fit(stated, day)):
            counts[str(value)] += 1
    if not counts:
        return None
    value, n = counts.most_common(1)[0]
    return value if n > MOST_DAYS * sum(counts.values()) else None
