"""Lenient parsing of publication dates found in records and feeds."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from dateutil import parser as dateutil_parser

from parley.models import Precision

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")
# Two different fallback dates reveal which parts dateutil had to invent.
_DEFAULTS = (datetime(1904, 1, 1), datetime(1908, 2, 2))


def parse_published(value: Any) -> tuple[str, Precision] | None:
    """ISO date (with its precision) from an ISO/RFC 2822/free-form string or a Unix time."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _from_timestamp(float(value))
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10], "day"
    text = str(value).strip()
    if not text:
        return None
    if match := _YEAR.match(text):
        return match.group(1), "year"
    if match := _MONTH.match(text):
        return (text, "month") if 1 <= int(match.group(2)) <= 12 else None
    if match := _ISO_DAY.match(text):
        try:
            return date(*map(int, match.groups())).isoformat(), "day"
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(text).date().isoformat(), "day"
    except (TypeError, ValueError, IndexError):
        pass
    return _free_form(text)


def _from_timestamp(seconds: float) -> tuple[str, Precision] | None:
    """Day of a Unix time in seconds or milliseconds, if plausible."""
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    if not 1e8 < seconds < 1e10:
        return None
    return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat(), "day"


def _free_form(text: str) -> tuple[str, Precision] | None:
    """'March 3, 2024', '3 Mar 2024', '2024/03/03' and the like, with the precision written."""
    try:
        first, second = (dateutil_parser.parse(text, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    if first.year != second.year:
        return None
    if first.month != second.month:
        return f"{first.year:04d}", "year"
    if first.day != second.day:
        return f"{first.year:04d}-{first.month:02d}", "month"
    return first.date().isoformat(), "day"
