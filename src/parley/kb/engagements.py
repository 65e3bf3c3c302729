"""Reference list of real, dated US–China engagements and how to spot them in text.

Articles often date themselves only by alluding to an engagement everybody knows
("the Geneva talks", "the phase one deal signed in January").  This module loads
the bundled list (``data/engagements.jsonl``) plus any user files, finds such
allusions in text, and ranks known engagements against one extracted from an
article.

How :func:`find_referenced` decides that text refers to an engagement:

1. **Keywords.**  Each record lists phrases that name it ("phase one deal",
   "Sunnylands statement", "Yellen's visit to Beijing").  They match
   case-insensitively at word boundaries; hyphens count as spaces and curly
   apostrophes as straight ones.  When a match lies inside a longer match, only
   the longer one is kept ("phase one review" wins over "phase one").
2. **Venues.**  A record's ``location`` ("Geneva", "Busan") counts only when a
   talks word ("talks", "summit", "round", ... listed in
   ``data/engagement_rules.json``) occurs within ``window_chars`` characters of
   it in the same sentence: "the Geneva talks" and "talks in Geneva" match,
   "a museum in Geneva" does not.  Locations listed there as
   ``unanchored_locations`` (Washington, Beijing) never match on their own,
   because news uses them for the two governments far more than for venues.

Several engagements can share a keyword or a venue (two meetings in Zurich);
all of them are returned and the caller picks by date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import ahocorasick

from parley.errors import DataFileError
from parley.kb.types import engagement_types
from parley.models import EVENT_TYPES

DATA_DIR = Path(__file__).parent / "data"
BUNDLED_FILE = DATA_DIR / "engagements.jsonl"
RULES_FILE = DATA_DIR / "engagement_rules.json"

PRECISIONS = ("day", "week", "month", "year")
PERSON_ID = re.compile(r"^[a-z]+(?:-[a-z]+)+$")
RECORD_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TOPIC = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")

REQUIRED_FIELDS = ("id", "date", "end", "precision", "type", "participants", "location",
                   "title", "keywords", "topics")
OPTIONAL_FIELDS = ("sources",)

# Weights of the evidence match_engagement combines; the date weight applies only
# when a reference date is given, and scores are divided by the weights in play.
WEIGHT_TYPE = 0.35
WEIGHT_PEOPLE = 0.40
WEIGHT_LOCATION = 0.10
WEIGHT_DATE = 0.15
#: Days at which date proximity counts half.
DATE_HALF_LIFE_DAYS = 15.0

_SENTENCE_END = ".!?\n"


@dataclass(frozen=True)
class KnownEngagement:
    """One real engagement with its dates, people, venue and the phrases that name it."""

    id: str
    date: dt.date
    end: dt.date | None
    precision: str
    type: str
    participants: tuple[str, ...]
    location: str | None
    title: str
    keywords: tuple[str, ...]
    topics: tuple[str, ...]
    sources: tuple[str, ...] = ()

    def distance_days(self, day: dt.date) -> int:
        """Days from ``day`` to this engagement's span (0 when inside it)."""
        last = self.end or self.date
        if day < self.date:
            return (self.date - day).days
        if day > last:
            return (day - last).days
        return 0


@dataclass(frozen=True)
class ReferenceRules:
    """Matching settings read from ``engagement_rules.json``."""

    talk_words: frozenset[str]
    window_chars: int
    unanchored_locations: frozenset[str]


# ---------------------------------------------------------------------------
# Loading and validation


def load_engagements(extra_files: Sequence[str | Path] = ()) -> list[KnownEngagement]:
    """Return the bundled engagements followed by those in ``extra_files``.

    Every record is validated; a bad one raises :class:`DataFileError` naming
    the file and line.  The bundled file is read once per process.
    """
    engagements = list(_load_bundled())
    seen = {e.id: str(BUNDLED_FILE) for e in engagements}
    for extra in extra_files:
        path = Path(extra)
        for line_no, item in _read_records(path, only_engagements=True):
            if item.id in seen:
                raise DataFileError(f"engagement id {item.id!r} already defined in {seen[item.id]}",
                                    source=str(path), line=line_no)
            seen[item.id] = str(path)
            engagements.append(item)
    return engagements


@lru_cache(maxsize=1)
def _load_bundled() -> tuple[KnownEngagement, ...]:
    """Read and validate the bundled file once per process."""
    records = []
    seen: set[str] = set()
    for line_no, item in _read_records(BUNDLED_FILE):
        if item.id in seen:
            raise DataFileError(f"duplicate engagement id {item.id!r}",
                                source=str(BUNDLED_FILE), line=line_no)
        seen.add(item.id)
        records.append(item)
    return tuple(records)


def is_engagement_record(obj: Any) -> bool:
    """A knowledge-base record that describes an engagement: its type is an engagement type
    (officials, offices, institutions and countries share the same files)."""
    return isinstance(obj, dict) and obj.get("type") in EVENT_TYPES


def _read_records(path: Path, *, only_engagements: bool = False
                  ) -> Iterable[tuple[int, KnownEngagement]]:
    """Yield (line number, engagement) for each non-blank line of a JSONL file.

    With ``only_engagements`` the other kinds of knowledge-base record are passed over, so
    one user file may hold officials and the engagements they took part in.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataFileError(f"cannot read engagements file: {exc.strerror}", source=str(path)) from exc
    seen: set[str] = set()
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataFileError(f"not valid JSON: {exc.msg}", source=str(path), line=line_no) from exc
        if only_engagements and not is_engagement_record(obj):
            continue
        item = parse_engagement(obj, source=str(path), line=line_no)
        if item.id in seen:
            raise DataFileError(f"duplicate engagement id {item.id!r}", source=str(path), line=line_no)
        seen.add(item.id)
        yield line_no, item


def parse_engagement(obj: Any, *, source: str = "<record>", line: int | None = None) -> KnownEngagement:
    """Validate one JSON record and build a :class:`KnownEngagement` from it."""

    def fail(message: str) -> DataFileError:
        """Build the error for this record, pointing at its file and line."""
        return DataFileError(message, source=source, line=line)

    if not isinstance(obj, dict):
        raise fail("record must be a JSON object")
    missing = [f for f in REQUIRED_FIELDS if f not in obj]
    if missing:
        raise fail(f"missing field(s): {', '.join(missing)}")
    unknown = sorted(set(obj) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        raise fail(f"unknown field(s): {', '.join(unknown)}")

    record_id = obj["id"]
    if not isinstance(record_id, str) or not RECORD_ID.match(record_id):
        raise fail(f"id must be a lowercase hyphenated slug, got {record_id!r}")
    start = _parse_day(obj["date"], "date", fail)
    end = None if obj["end"] is None else _parse_day(obj["end"], "end", fail)
    if end is not None and end < start:
        raise fail(f"end {end.isoformat()} is before date {start.isoformat()}")
    if obj["precision"] not in PRECISIONS:
        raise fail(f"precision must be one of {', '.join(PRECISIONS)}, got {obj['precision']!r}")
    if obj["type"] not in EVENT_TYPES:
        raise fail(f"type must be one of {', '.join(EVENT_TYPES)}, got {obj['type']!r}")
    participants = _string_list(obj["participants"], "participants", fail)
    for person in participants:
        if not PERSON_ID.match(person):
            raise fail(f"participant id {person!r} is not a lowercase hyphenated full name")
    if len(set(participants)) != len(participants):
        raise fail("participants listed twice")
    location = obj["location"]
    if location is not None and (not isinstance(location, str) or not location.strip()):
        raise fail("location must be a non-empty string or null")
    title = obj["title"]
    if not isinstance(title, str) or not title.strip():
        raise fail("title must be a non-empty string")
    keywords = _string_list(obj["keywords"], "keywords", fail)
    if any(not k.strip() for k in keywords):
        raise fail("keywords must not be blank")
    topics = _string_list(obj["topics"], "topics", fail)
    for topic in topics:
        if not TOPIC.match(topic):
            raise fail(f"topic {topic!r} is not a snake_case tag")
    sources = _string_list(obj.get("sources", []), "sources", fail)
    for url in sources:
        if not url.startswith(("http://", "https://")):
            raise fail(f"source {url!r} is not an http(s) URL")
    return KnownEngagement(
        id=record_id, date=start, end=end, precision=obj["precision"], type=obj["type"],
        participants=tuple(participants), location=location, title=title.strip(),
        keywords=tuple(keywords), topics=tuple(topics), sources=tuple(sources),
    )


def _parse_day(value: Any, name: str, fail: Any) -> dt.date:
    """Parse an ISO day or raise the record's error."""
    if not isinstance(value, str):
        raise fail(f"{name} must be an ISO date string, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise fail(f"{name} is not an ISO date (YYYY-MM-DD): {value!r}") from exc


def _string_list(value: Any, name: str, fail: Any) -> list[str]:
    """Check that a field holds a list of strings."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(f"{name} must be a list of strings")
    return list(value)


@lru_cache(maxsize=1)
def load_reference_rules() -> ReferenceRules:
    """Read and validate the matching settings bundled with the knowledge base."""
    source = str(RULES_FILE)
    try:
        data = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(f"cannot read rules file: {exc.strerror}", source=source) from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(f"not valid JSON: {exc.msg}", source=source, line=exc.lineno) from exc
    if not isinstance(data, dict):
        raise DataFileError("rules file must hold a JSON object", source=source)

    def words(key: str) -> list[str]:
        """Read a non-empty list of phrases and normalise them."""
        value = data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise DataFileError(f"{key} must be a non-empty list of strings", source=source)
        return [_normalise(v.strip()) for v in value]

    window = data.get("window_chars")
    if not isinstance(window, int) or isinstance(window, bool) or window <= 0:
        raise DataFileError("window_chars must be a positive integer", source=source)
    return ReferenceRules(
        talk_words=frozenset(words("talk_words")),
        window_chars=window,
        unanchored_locations=frozenset(words("unanchored_locations")),
    )


# ---------------------------------------------------------------------------
# Finding references in text


def _normalise(text: str) -> str:
    """Lower-case and fold dashes/apostrophes, keeping every character offset."""
    out = []
    for ch in text:
        low = ch.lower()
        if len(low) != 1:  # a few characters lower-case to two; keep offsets aligned
            low = ch
        if low in "-\u2010\u2011\u2012\u2013\u2014":
            low = " "
        elif low in "\u2018\u2019\u02bc":
            low = "'"
        out.append(low)
    return "".join(out)


#: Quotation marks, dropped where they open or close a quote ("honor our 'one China'
#: policy" still holds the keyword "honor our one china policy").
_QUOTE_MARKS = frozenset("'\"\u2018\u2019\u201c\u201d\u02bc")


def _folded(text: str) -> tuple[str, list[int]]:
    """``_normalise`` without quotation marks and with runs of spaces as one, and the
    offset in ``text`` of each character kept (keywords are written without quotes)."""
    norm = _normalise(text)
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(norm):
        if ch in _QUOTE_MARKS:
            before = norm[i - 1] if i > 0 else " "
            after = norm[i + 1] if i + 1 < len(norm) else " "
            if not (before.isalnum() and after.isalnum()):
                continue  # a quote's edge, not the apostrophe of "China's"
        if ch.isspace():
            if out and out[-1] == " ":
                continue
            ch = " "
        out.append(ch)
        offsets.append(i)
    return "".join(out), offsets


def _at_word_boundary(norm: str, start: int, end: int) -> bool:
    """True when the span is not glued to letters or digits on either side."""
    before = norm[start - 1] if start > 0 else " "
    after = norm[end] if end < len(norm) else " "
    return not before.isalnum() and not after.isalnum()


@lru_cache(maxsize=8)
def _phrase_index(engagements: tuple[KnownEngagement, ...],
                  rules: ReferenceRules) -> ahocorasick.Automaton | None:
    """Build one Aho-Corasick automaton over all keywords and venue names."""
    table: dict[str, list[tuple[str, int]]] = {}
    for index, item in enumerate(engagements):
        for keyword in item.keywords:
            table.setdefault(_folded(keyword.strip())[0], []).append(("keyword", index))
        if item.location:
            place = _folded(item.location.strip())[0]
            if place not in rules.unanchored_locations:
                table.setdefault(place, []).append(("location", index))
    if not table:
        return None
    automaton = ahocorasick.Automaton()
    for phrase, hits in table.items():
        automaton.add_word(phrase, (phrase, tuple(dict.fromkeys(hits))))
    automaton.make_automaton()
    return automaton


def _talk_word_near(norm: str, start: int, end: int, rules: ReferenceRules) -> bool:
    """True when a talks word sits within the window around [start, end) in one sentence."""
    left = norm[max(0, start - rules.window_chars):start]
    cut = max(left.rfind(c) for c in _SENTENCE_END)
    if cut >= 0:
        left = left[cut + 1:]
    right = norm[end:end + rules.window_chars]
    stops = [i for i in (right.find(c) for c in _SENTENCE_END) if i >= 0]
    if stops:
        right = right[:min(stops)]
    tokens = set(re.findall(r"[a-z]+(?:'[a-z]+)?", left + " " + right))
    return bool(tokens & rules.talk_words)


def find_referenced(text: str, engagements: Sequence[KnownEngagement]) -> list[tuple[KnownEngagement, int, int]]:
    """Find mentions of known engagements in ``text`` as (engagement, start, end).

    Offsets index ``text``.  See the module docstring for the keyword and venue
    rules; results are ordered by position, then by engagement date.
    """
    rules = load_reference_rules()
    items = tuple(engagements)
    automaton = _phrase_index(items, rules)
    if automaton is None or not text:
        return []
    norm, offsets = _folded(text)
    keyword_spans: list[tuple[int, int, int]] = []
    location_spans: list[tuple[int, int, int]] = []
    for last, (phrase, hits) in automaton.iter(norm):
        start, end = last - len(phrase) + 1, last + 1
        if not _at_word_boundary(norm, start, end):
            continue
        for kind, index in hits:
            if kind == "keyword":
                keyword_spans.append((start, end, index))
            elif _talk_word_near(norm, start, end, rules):
                location_spans.append((start, end, index))

    def inside_longer(start: int, end: int) -> bool:
        """True when a longer keyword match covers this span."""
        return any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in keyword_spans)

    found: dict[tuple[int, int, int], None] = {}
    for start, end, index in keyword_spans:
        if not inside_longer(start, end):
            found[(start, end, index)] = None
    for start, end, index in location_spans:
        overlaps_own_keyword = any(i == index and s < end and start < e for s, e, i in keyword_spans)
        if not overlaps_own_keyword:
            found[(start, end, index)] = None
    ordered = sorted(found, key=lambda key: (key[0], items[key[2]].date, key[1]))
    return [(items[index], offsets[start], offsets[end - 1] + 1) for start, end, index in ordered]


# ---------------------------------------------------------------------------
# Matching an extracted engagement to known ones


def _type_score(wanted: str, known: str, rules: ReferenceRules) -> float:
    """1 for the same type, 0.5 for the same family (call/video_call...), else 0."""
    if wanted == known:
        return 1.0
    if engagement_types().compat(wanted, known) > 0:
        return 0.5
    return 0.0


def _same_place(a: str, b: str) -> bool:
    """Loose venue equality: equal or one name containing the other."""
    a, b = _normalise(a.strip()), _normalise(b.strip())
    return bool(a) and bool(b) and (a == b or a in b or b in a)


@lru_cache(maxsize=1)
def _cities_by_country() -> dict[str, frozenset[str]]:
    """Each bundled country's names (normalised) → its venue cities (normalised)."""
    from parley.kb import KnowledgeBase

    table: dict[str, frozenset[str]] = {}
    for country in KnowledgeBase.default().countries.values():
        cities = frozenset(_normalise(c) for c in country.cities)
        for name in (country.name, *country.aliases):
            table[_normalise(name)] = cities
    return table


def same_venue(named: str, known: str) -> bool:
    """A place the text names is a known engagement's venue: the same city ("Geneva",
    "Geneva, Switzerland") or the country it lies in ("talks in Switzerland")."""
    place = _normalise(named.split(",")[0].strip())
    venue = _normalise(known.split(",")[0].strip())
    return bool(place) and (place == venue or venue in _cities_by_country().get(place, ()))


def match_engagement(type: str, participants: Iterable[str], engagements: Sequence[KnownEngagement], *,
                     location: str | None = None, near: dt.date | None = None) -> list[tuple[KnownEngagement, float]]:
    """Rank known engagements that could be the one described, best first.

    A candidate needs at least one shared participant or the same venue.  Its
    score (0..1) combines the type (same type, or same family such as call and
    video_call), the share of the given participants it includes, the venue,
    and, when ``near`` is given, how close its dates are to ``near``.
    """
    rules = load_reference_rules()
    people = {p.strip().lower() for p in participants if p and p.strip()}
    weights = WEIGHT_TYPE + WEIGHT_PEOPLE + WEIGHT_LOCATION + (WEIGHT_DATE if near else 0.0)
    ranked: list[tuple[float, int, KnownEngagement]] = []
    for item in engagements:
        shared = people & set(item.participants)
        place = bool(location and item.location and _same_place(location, item.location))
        if not shared and not place:
            continue
        score = WEIGHT_TYPE * _type_score(type, item.type, rules)
        score += WEIGHT_PEOPLE * (len(shared) / len(people) if people else 0.0)
        score += WEIGHT_LOCATION * (1.0 if place else 0.0)
        distance = item.distance_days(near) if near else 0
        if near:
            score += WEIGHT_DATE / (1.0 + distance / DATE_HALF_LIFE_DAYS)
        ranked.append((score / weights, distance, item))
    ranked.sort(key=lambda entry: (-entry[0], entry[1], entry[2].date))
    return [(item, round(score, 4)) for score, _, item in ranked]
