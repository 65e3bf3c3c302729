"""Cooperation/conflict index of a country pair per week or month.

Built from exported event records (plain dicts with ``date``,
``date_precision``, ``status``, ``goldstein``, ``participants``, ``sources``).

For each period the index is a weighted mean of the events' Goldstein scores
(-10 conflict ... +10 cooperation)::

    w      = STATUS_FACTOR[status] * (1 + ln(1 + n_sources))
    index  = sum(w * goldstein) / sum(w)
    confidence = 1 - exp(-sum(w) / CONFIDENCE_SCALE)

where ``n_sources`` is the number of distinct articles reporting the event.
So a month with one singly-reported call has confidence 1 - e^(-1.69/5) ~ 0.29,
one with five calls each reported by four outlets ~ 0.93.  An event is placed
in a period only when its date is at least that precise: events dated to the
year are left out of week and month periods, events dated to the month out of
week periods.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

#: Weight of an event by status: a planned meeting signals intent, a cancelled one little.
STATUS_FACTOR: dict[str, float] = {"happened": 1.0, "planned": 0.5, "cancelled": 0.25}
#: Total weight at which confidence reaches 1 - 1/e (about 0.63).
CONFIDENCE_SCALE = 5.0
PERIODS = ("week", "month", "year")
_RANK = {"day": 3, "week": 3, "month": 2, "year": 1}
_NEEDED = {"week": 3, "month": 2, "year": 1}


@dataclass(slots=True)
class IndexPoint:
    """The relationship's score for one period."""

    period: str
    events: int
    goldstein_sum: float
    index: float
    cooperation: int
    conflict: int
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON/CSV output."""
        return asdict(self)


def precision_of(event: dict) -> str | None:
    """The event's date precision, from ``date_precision`` or the shape of ``date``."""
    value = event.get("date")
    if not value:
        return None
    stated = event.get("date_precision")
    if stated in _RANK:
        return stated
    return {4: "year", 7: "month"}.get(len(value[:10]), "day")


def period_of(event: dict, by: str) -> str | None:
    """The period label ("2021-10", "2021-W43", "2021") an event falls in, if precise enough."""
    if by not in PERIODS:
        raise ValueError(f"by must be one of {PERIODS}, got {by!r}")
    precision = precision_of(event)
    if precision is None or _RANK[precision] < _NEEDED[by]:
        return None
    value = event["date"][:10]
    if by == "year":
        return value[:4]
    if by == "month":
        return value[:7]
    year, week, _ = date.fromisoformat(value).isocalendar()
    return f"{year}-W{week:02d}"


def _first_day(value: str) -> str:
    value = value[:10]
    return {4: value + "-01-01", 7: value + "-01"}.get(len(value), value)


def _last_day(value: str) -> str:
    value = value[:10]
    if len(value) == 4:
        return value + "-12-31"
    if len(value) == 7:
        # "-31" sorts after every real day of the month, which is all a string bound needs.
        return value + "-31"
    return value


def in_range(event: dict, since: str | None, until: str | None) -> bool:
    """Whether the event's date span overlaps [since, until] (ISO prefixes, inclusive)."""
    value = event.get("date")
    if not value:
        return since is None and until is None
    if since and _last_day(value) < _first_day(since):
        return False
    return not (until and _first_day(value) > _last_day(until))


def countries_of(event: dict) -> set[str]:
    """Country codes of the event's participants (a bare code as actor_id counts too)."""
    codes: set[str] = set()
    for person in event.get("participants") or []:
        if person.get("country"):
            codes.add(str(person["country"]).upper())
        actor = person.get("actor_id")
        if isinstance(actor, str) and len(actor) == 3 and actor.isalpha() and actor.isupper():
            codes.add(actor)
    return codes


def source_count(event: dict) -> int:
    """Distinct articles that reported the event."""
    ids = set(event.get("article_ids") or [])
    ids |= {s.get("article_id") for s in event.get("sources") or [] if s.get("article_id")}
    return len(ids)


def event_weight(event: dict) -> float:
    """w = status factor * (1 + ln(1 + distinct sources))."""
    factor = STATUS_FACTOR.get(event.get("status") or "happened", 1.0)
    return factor * (1.0 + math.log1p(source_count(event)))


def relationship_index(events: Iterable[dict], *, pair: tuple[str, str] = ("USA", "CHN"),
                       by: str = "month", since: str | None = None,
                       until: str | None = None) -> list[IndexPoint]:
    """Cooperation/conflict index per period for events involving both sides of ``pair``."""
    wanted = {code.upper() for code in pair}
    buckets: dict[str, list[tuple[float, float]]] = {}
    for event in events:
        if event.get("goldstein") is None or not wanted <= countries_of(event):
            continue
        if not in_range(event, since, until):
            continue
        period = period_of(event, by)
        if period is None:
            continue
        buckets.setdefault(period, []).append((float(event["goldstein"]), event_weight(event)))
    points = []
    for period in sorted(buckets):
        scores = buckets[period]
        total_w = sum(w for _, w in scores)
        points.append(IndexPoint(
            period=period,
            events=len(scores),
            goldstein_sum=sum(g for g, _ in scores),
            index=sum(g * w for g, w in scores) / total_w if total_w else 0.0,
            cooperation=sum(1 for g, _ in scores if g > 0),
            conflict=sum(1 for g, _ in scores if g < 0),
            confidence=1.0 - math.exp(-total_w / CONFIDENCE_SCALE),
        ))
    return points
