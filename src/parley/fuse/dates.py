"""Date intervals for partial ISO dates, shared by event fusion and publication estimation."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

#: Day-precision dates may differ by this many days and still name one day (time zones).
DAY_TOLERANCE = 1
#: A week counted back ("three weeks ago") is said loosely: so many days either side.
WEEK_TOLERANCE = 4
#: Days an interval is widened by, per precision.
_PADS = {"day": DAY_TOLERANCE, "week": WEEK_TOLERANCE}

PRECISION_RANK = {"day": 3, "week": 2, "month": 1, "year": 0}


def to_date(value: object) -> date | None:
    """Coerce a date or an ISO ``YYYY-MM-DD`` string to a date (None when impossible)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def month_end(year: int, month: int) -> date:
    """Last day of the given month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """First day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def iso_interval(value: str | date | None,
                 precision: str | None = None) -> tuple[date, date] | None:
    """Inclusive interval covered by an ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` value."""
    if not value:
        return None
    if isinstance(value, date):
        value = value.isoformat()
    parts = value.strip().split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1 or precision == "year":
            return date(year, 1, 1), date(year, 12, 31)
        month = int(parts[1])
        if len(parts) == 2 or precision == "month":
            return date(year, month, 1), month_end(year, month)
        day = date(year, month, int(parts[2][:2]))
    except (ValueError, IndexError):
        return None
    if precision == "week":  # the value is any day of the week meant
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    return day, day


def precision_of(value: str | None, precision: str | None) -> str | None:
    """The stated precision, or the one implied by the shape of the ISO value."""
    if precision:
        return precision
    if not value:
        return None
    return {1: "year", 2: "month"}.get(len(value.split("-")), "day")


def tolerant_interval(value: str | None, precision: str | None) -> tuple[date, date] | None:
    """Interval of an event date widened by the time-zone tolerance for day precision, and
    by the looseness of a counted week."""
    span = iso_interval(value, precision)
    if span is None:
        return None
    pad = timedelta(days=_PADS.get(precision_of(value, precision) or "", 0))
    return span[0] - pad, span[1] + pad


def intersect(a: tuple[date, date], b: tuple[date, date]) -> tuple[date, date] | None:
    """Intersection of two intervals, None when they are disjoint."""
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if lo <= hi else None


def months_covered(span: tuple[date, date]) -> list[str]:
    """``YYYY-MM`` keys of every month the interval touches."""
    out: list[str] = []
    cursor = date(span[0].year, span[0].month, 1)
    while cursor <= span[1]:
        out.append(f"{cursor.year:04d}-{cursor.month:02d}")
        cursor = add_months(cursor, 1)
    return out
