"""The filters every event list takes, parsed once, checked with errors naming the field.

The same filters run in two places: in SQL over the event index (dashboard and
API, see :mod:`parley.store.index`) and in Python over records (the CLI).
``matches`` is the Python reading; the tests hold the two to the same answers.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from parley.models import EVENT_TYPES
from parley.store.index import EventFilters

STATUSES = ("happened", "planned", "cancelled")
#: SQLite's NOCASE folds ASCII letters only; names are compared the same way here.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class FilterError(ValueError):
    """A filter value that cannot be used; ``field`` names the parameter."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def first_day(value: str) -> str:
    """The first ISO day a YYYY, YYYY-MM or YYYY-MM-DD value covers."""
    value = value[:10]
    return {4: value + "-01-01", 7: value + "-01"}.get(len(value), value)


def last_day(value: str) -> str:
    """The last ISO day a YYYY, YYYY-MM or YYYY-MM-DD value covers."""
    value = value[:10]
    if len(value) == 4:
        return value + "-12-31"
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:7])
        return f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    return value


def date_bounds(record: dict[str, Any]) -> tuple[str | None, str | None]:
    """First and last day an event's date (and ``date_end``, when it has one) covers."""
    value = record.get("date")
    if not value or not _DATE.match(str(value)[:10]):
        return None, None
    end = record.get("date_end")
    last = last_day(str(end)) if end and _DATE.match(str(end)[:10]) else last_day(str(value))
    return first_day(str(value)), max(last, last_day(str(value)))


def check_date(field: str, value: str | None) -> str | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD value that names a real period, else FilterError."""
    if value is None or value == "":
        return None
    m = _DATE.match(value.strip())
    if not m:
        raise FilterError(field, f"want YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    try:
        date.fromisoformat(first_day(value.strip()))
        if m.group(2):
            date(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        raise FilterError(field, f"not a real date: {value!r}") from None
    return value.strip()


def parse_pair(value: str | None, field: str = "pair") -> tuple[str, str] | None:
    """'USA-CHN' → ('USA', 'CHN'); empty → None."""
    if not value:
        return None
    parts = value.upper().replace("–", "-").split("-")
    if len(parts) != 2 or not all(len(p) == 3 and p.isalpha() for p in parts):
        raise FilterError(field, f"want two ISO alpha-3 codes like USA-CHN, got {value!r}")
    return parts[0], parts[1]


@dataclass(frozen=True, slots=True)
class Filters:
    """Event filters as a user gives them (dates as YYYY, YYYY-MM or YYYY-MM-DD)."""

    pair: tuple[str, str] | None = None
    since: str | None = None
    until: str | None = None
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    person: str | None = None
    topic: str | None = None
    main_only: bool = False
    min_confidence: float | None = None
    q: str | None = None

    @classmethod
    def parse(cls, *, pair: str | None = None, since: str | None = None,
              until: str | None = None, types: tuple[str, ...] | list[str] = (),
              statuses: tuple[str, ...] | list[str] = (), person: str | None = None,
              topic: str | None = None, main_only: bool = False,
              min_confidence: float | None = None, q: str | None = None) -> Filters:
        """Checked filters from raw values; FilterError names the first bad one."""
        since, until = check_date("since", since), check_date("until", until)
        if since and until and first_day(since) > last_day(until):
            raise FilterError("until", f"{until} is before since={since}")
        kinds = tuple(t for t in (s.strip() for s in types) if t)
        for t in kinds:
            if t not in EVENT_TYPES:
                raise FilterError("type", f"unknown type {t!r}; one of {', '.join(EVENT_TYPES)}")
        states = tuple(s for s in (s.strip() for s in statuses) if s)
        for s in states:
            if s not in STATUSES:
                raise FilterError("status", f"unknown status {s!r}; one of {', '.join(STATUSES)}")
        if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
            raise FilterError("min_confidence", f"want a number in [0, 1], got {min_confidence}")
        return cls(pair=parse_pair(pair), since=since, until=until, types=kinds,
                   statuses=states, person=(person or "").strip() or None,
                   topic=(topic or "").strip() or None, main_only=main_only,
                   min_confidence=min_confidence, q=(q or "").strip() or None)

    def for_store(self, article_id: str | None = None) -> EventFilters:
        """The same filters as the store's index query takes them."""
        return EventFilters(
            pair=self.pair or (), since=first_day(self.since) if self.since else None,
            until=last_day(self.until) if self.until else None, types=self.types,
            statuses=self.statuses, person=self.person, topic=self.topic,
            main_only=self.main_only, min_confidence=self.min_confidence, q=self.q,
            article_id=article_id)

    def query(self) -> dict[str, Any]:
        """The filters as query-string parameters (for links and the JSON twin)."""
        params: dict[str, Any] = {}
        if self.pair:
            params["pair"] = "-".join(self.pair)
        for key in ("since", "until", "person", "topic", "q"):
            if getattr(self, key):
                params[key] = getattr(self, key)
        if self.types:
            params["type"] = list(self.types)
        if self.statuses:
            params["status"] = list(self.statuses)
        if self.main_only:
            params["main"] = "true"
        if self.min_confidence is not None:
            params["min_confidence"] = self.min_confidence
        return params


def confidence_of(record: dict[str, Any]) -> float:
    """An event's confidence in [0, 1]; records that carry none count as certain."""
    value = record.get("confidence")
    return 1.0 if value is None else float(value)


def person_key(participant: dict[str, Any]) -> str:
    """How a participant is keyed in the index: the actor id, else its lower-cased name."""
    return participant.get("actor_id") or "name:" + str(participant.get("name") or "").lower()


def matches(record: dict[str, Any], f: Filters) -> bool:
    """Whether one event record passes the filters (``q`` needs the store's search)."""
    if f.q is not None:
        raise ValueError("text search runs on the store's index, not on records")
    if f.pair:
        countries = {p.get("country") for p in record.get("participants") or []
                     if p.get("country")}
        if countries and not countries & set(f.pair):
            return False
    if f.since or f.until:
        first, last = date_bounds(record)
        if first is None or last is None:
            return False
        if f.since and last < first_day(f.since):
            return False
        if f.until and first > last_day(f.until):
            return False
    if f.types and record.get("type") not in f.types:
        return False
    if f.statuses and record.get("status") not in f.statuses:
        return False
    if f.person:
        wanted = f.person.translate(_ASCII_LOWER)
        if not any(person_key(p) == f.person
                   or str(p.get("name") or "").translate(_ASCII_LOWER) == wanted
                   for p in record.get("participants") or []):
            return False
    if f.topic and f.topic not in (record.get("topics") or []):
        return False
    if f.main_only and not record.get("main"):
        return False
    return f.min_confidence is None or confidence_of(record) >= f.min_confidence
