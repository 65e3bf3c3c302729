"""Knowledge-base record types and their validation from raw JSON objects.

Each ``parse_*`` function turns one decoded JSONL line into a frozen record or
raises ``DataFileError`` naming the file and line, so a bad user file fails at
start-up with a message that says where to look.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Any

from parley.errors import DataFileError

DatePrecision = str  # "day" | "month" | "year"

INSTITUTION_KINDS = frozenset(
    {"government", "agency", "media", "company", "party", "think_tank", "international"}
)
_PERSON_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_OFFICE_ID = re.compile(r"^[a-z0-9_]+(?:\.[a-z0-9_]+)+$")
_INSTITUTION_ID = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
_COUNTRY_CODE = re.compile(r"^[A-Z]{3}$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True)
class Tenure:
    """One continuous spell in one office; ``end`` None means still in office."""

    office_id: str
    start: datetime.date
    end: datetime.date | None
    start_precision: DatePrecision = "day"
    end_precision: DatePrecision | None = None

    def covers(self, day: datetime.date) -> bool:
        """True when the office was held on ``day`` (both ends inclusive)."""
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Office:
    """A position (e.g. US Treasury Secretary) with the ways writers name it."""

    id: str
    country: str
    title: str
    rank: int
    aliases: tuple[str, ...] = ()
    #: How many people hold it at once (4 vice premiers, 1 president).
    seats: int = 1


@dataclass(frozen=True, slots=True)
class Person:
    """An official with dated tenures; ``surname`` is the family name."""

    id: str
    name: str
    country: str
    surname: str
    gender: str | None = None
    aliases: tuple[str, ...] = ()
    tenures: tuple[Tenure, ...] = ()

    @property
    def kind(self) -> str:
        """Actor kind as used in ActorMention."""
        return "person"


@dataclass(frozen=True, slots=True)
class Institution:
    """A ministry, agency, government, party, outlet, company or think tank."""

    id: str
    name: str
    country: str | None
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Country:
    """A country with its names, demonyms and capital metonyms (ISO alpha-3 code)."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital_metonyms: tuple[str, ...] = ()
    government_id: str = ""
    #: Cities where engagements are held ("talks in Switzerland" were in Geneva or Zurich).
    cities: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """Countries are identified by their ISO code."""
        return self.code

    @property
    def kind(self) -> str:
        """Actor kind as used in ActorMention."""
        return "country"


@dataclass(slots=True)
class Where:
    """File and line a record came from, for error messages."""

    source: str
    line: int

    def error(self, message: str) -> DataFileError:
        """Build a DataFileError pointing at this record."""
        return DataFileError(message, source=self.source, line=self.line)


def parse_date(text: Any, *, end: bool, where: Where) -> tuple[datetime.date, DatePrecision]:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; partial ends extend to period end."""
    match = _DATE.match(text) if isinstance(text, str) else None
    if not match:
        raise where.error(f"bad date {text!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year_text, month_text, day_text = match.groups()
    year = int(year_text)
    try:
        if month_text is None:
            return (datetime.date(year, 12, 31) if end else datetime.date(year, 1, 1)), "year"
        month = int(month_text)
        if day_text is None:
            last = calendar.monthrange(year, month)[1]
            return datetime.date(year, month, last if end else 1), "month"
        return datetime.date(year, month, int(day_text)), "day"
    except ValueError as exc:
        raise where.error(f"bad date {text!r}: {exc}") from None


def _text(raw: dict[str, Any], key: str, where: Where, *, required: bool = True) -> str | None:
    value = raw.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise where.error(f"field {key!r} must be a non-empty string")
    return value.strip()


def _strings(raw: dict[str, Any], key: str, where: Where) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise where.error(f"field {key!r} must be a list of non-empty strings")
    return tuple(dict.fromkeys(v.strip() for v in value))


def _country(raw: dict[str, Any], where: Where, *, required: bool) -> str | None:
    code = raw.get("country")
    if code is None and not required:
        return None
    if not isinstance(code, str) or not _COUNTRY_CODE.match(code):
        raise where.error(f"field 'country' must be an ISO alpha-3 code, got {code!r}")
    return code


def parse_office(raw: dict[str, Any], where: Where) -> Office:
    """Validate an office record."""
    office_id = _text(raw, "id", where) or ""
    if not _OFFICE_ID.match(office_id):
        raise where.error(f"office id {office_id!r} must look like 'usa.treasury.secretary'")
    rank = raw.get("rank", 5)
    if not isinstance(rank, int) or isinstance(rank, bool) or rank < 0:
        raise where.error("field 'rank' must be a non-negative integer (1 = most senior)")
    seats = raw.get("seats", 1)
    if not isinstance(seats, int) or isinstance(seats, bool) or seats < 1:
        raise where.error("field 'seats' must be a positive integer")
    title = _text(raw, "title", where) or ""
    aliases = _strings(raw, "aliases", where)
    return Office(office_id, _country(raw, where, required=True) or "", title, rank,
                  tuple(dict.fromkeys((title, *aliases))), seats)


def parse_tenure(raw: Any, where: Where) -> Tenure:
    """Validate one ``{"office", "start", "end"?}`` entry of an official."""
    if not isinstance(raw, dict):
        raise where.error("each entry of 'offices' must be an object")
    office_id = _text(raw, "office", where) or ""
    start, start_precision = parse_date(raw.get("start"), end=False, where=where)
    end: datetime.date | None = None
    end_precision: str | None = None
    if raw.get("end") is not None:
        end, end_precision = parse_date(raw["end"], end=True, where=where)
        if end < start:
            raise where.error(f"tenure in {office_id!r} ends before it starts")
    return Tenure(office_id, start, end, start_precision, end_precision)


def parse_person(raw: dict[str, Any], where: Where) -> Person:
    """Validate an official; surname defaults to the last word of the name."""
    person_id = _text(raw, "id", where) or ""
    if not _PERSON_ID.match(person_id):
        raise where.error(f"person id {person_id!r} must be lowercase words joined by '-'")
    name = _text(raw, "name", where) or ""
    surname = _text(raw, "surname", where, required=False) or name.split()[-1]
    gender = raw.get("gender")
    if gender not in (None, "m", "f", "x"):
        raise where.error("field 'gender' must be 'm', 'f', 'x' or absent")
    offices = raw.get("offices", [])
    if not isinstance(offices, list):
        raise where.error("field 'offices' must be a list")
    return Person(person_id, name, _country(raw, where, required=True) or "", surname, gender,
                  tuple(a for a in _strings(raw, "aliases", where) if a != name),
                  tuple(parse_tenure(t, where) for t in offices))


def parse_institution(raw: dict[str, Any], where: Where) -> Institution:
    """Validate an institution record."""
    inst_id = _text(raw, "id", where) or ""
    if not _INSTITUTION_ID.match(inst_id):
        raise where.error(f"institution id {inst_id!r} must be lowercase")
    kind = raw.get("kind")
    if kind not in INSTITUTION_KINDS:
        raise where.error(f"field 'kind' must be one of {sorted(INSTITUTION_KINDS)}, got {kind!r}")
    name = _text(raw, "name", where) or ""
    return Institution(inst_id, name, _country(raw, where, required=False), kind,
                       tuple(a for a in _strings(raw, "aliases", where) if a != name))


def parse_country(raw: dict[str, Any], where: Where) -> Country:
    """Validate a country record; government id defaults to '<code>.gov'."""
    code = _text(raw, "code", where) or ""
    if not _COUNTRY_CODE.match(code):
        raise where.error(f"country code {code!r} must be ISO alpha-3 (e.g. 'USA')")
    name = _text(raw, "name", where) or ""
    government_id = _text(raw, "government_id", where, required=False) or f"{code.lower()}.gov"
    return Country(code, name, tuple(dict.fromkeys((name, *_strings(raw, "aliases", where)))),
                   _strings(raw, "demonyms", where), _strings(raw, "capital_metonyms", where),
                   government_id, _strings(raw, "cities", where))
