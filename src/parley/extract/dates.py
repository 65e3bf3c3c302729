"""Temporal expressions in news text, resolved against the publication date.

``find_times`` finds every date-like expression ("November 9, 2017", "on
Tuesday", "earlier this month", "last May", "in 2019") and turns it into a
``TimeRef`` with an ISO value, a precision and a readable basis, so events can
be dated by when they happened rather than when the article appeared.

Conventions: week precision gives the ISO day of that week's Monday; a weekend
gives its Saturday (day precision); in past context a bare weekday, month or
month-day is the most recent one on or before the anchor, in future context the
next one on or after it.

Matching is hand-rolled on compiled regular expressions: dateparser's
search_dates is slow and too eager on running news text ("may", "second",
"Phase 1"), and dateutil's fuzzy parser returns one date, not spans.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta

from parley.errors import DataFileError
from parley.extract.topics import read_data_file
from parley.models import Precision, TimeRef

_DATA_NAME = "time_words.json"


#: Section name -> (lowest, highest) value for {word: int} maps, or None for word lists.
_SCHEMA: dict[str, tuple[int, int] | None] = {
    "months": (1, 12), "month_abbreviations": (1, 12), "ambiguous_months": None,
    "weekdays": (0, 6), "day_words": (-7, 7), "parts_of_day": None,
    "unit_modifiers": (-1, 1), "unit_qualifiers": None, "weekday_modifiers": (-1, 1),
    "period_parts": None, "anaphoric_directions": (-1, 1), "numbers": (1, 99),
    "month_cues_before": None, "future_cues": None, "past_cues": None,
    "year_blockers_before": None, "year_blockers_after": None,
    "deadline_cues_before": None, "deadline_nouns_after": None,
}


@dataclass(frozen=True)
class TimeWords:
    """The vocabulary of temporal expressions, validated from time_words.json."""

    months: dict[str, int]
    month_abbreviations: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    day_words: dict[str, int]
    parts_of_day: frozenset[str]
    unit_modifiers: dict[str, int]
    unit_qualifiers: frozenset[str]
    weekday_modifiers: dict[str, int]
    period_parts: frozenset[str]
    anaphoric_directions: dict[str, int]
    numbers: dict[str, int]
    month_cues_before: frozenset[str]
    future_cues: frozenset[str]
    past_cues: frozenset[str]
    year_blockers_before: frozenset[str]
    year_blockers_after: frozenset[str]
    #: Words that make a date a deadline or an effective date ("by March 1", "the March 1
    #: deadline"), never the day an engagement took place or a bound on publication.
    deadline_cues_before: frozenset[str]
    deadline_nouns_after: frozenset[str]
    #: Phrase -> (offset, "day" | "week") counted from the preceding date.
    anaphoric: dict[str, tuple[int, str]]


def _section(raw: dict, key: str, bounds: tuple[int, int] | None,
             source: str) -> dict[str, int] | frozenset[str]:
    """Validate one section: a {lower-case word: int in bounds} map, or a word list."""
    section = raw.get(key)
    if bounds is None:
        if not isinstance(section, list) or not section or not all(
                isinstance(w, str) and w.strip() and w == w.lower() for w in section):
            raise DataFileError(f"'{key}' must be a non-empty list of lower-case strings",
                                source=source)
        return frozenset(section)
    if not isinstance(section, dict) or not section:
        raise DataFileError(f"'{key}' must be a non-empty object", source=source)
    lo, hi = bounds
    for word, num in section.items():
        if word != word.lower() or not word.strip():
            raise DataFileError(f"'{key}': key {word!r} must be a lower-case word", source=source)
        if not isinstance(num, int) or isinstance(num, bool) or not lo <= num <= hi:
            raise DataFileError(f"'{key}': {word!r} must map to an integer in {lo}..{hi}",
                                source=source)
    return dict(section)


def load_time_words(path: str | Path | None = None) -> TimeWords:
    """Load and validate the temporal vocabulary (the packaged file unless ``path`` is given)."""
    raw = read_data_file(_DATA_NAME, path)
    source = str(path or _DATA_NAME)
    if not isinstance(raw, dict):
        raise DataFileError("expected a JSON object", source=source)
    anaphoric = raw.get("anaphoric")
    if not isinstance(anaphoric, dict) or not anaphoric or not all(
            isinstance(v, list) and len(v) == 2 and isinstance(v[0], int)
            and v[1] in ("day", "week") for v in anaphoric.values()):
        raise DataFileError("'anaphoric' must map phrases to [offset, 'day'|'week']",
                            source=source)
    sections = {key: _section(raw, key, bounds, source) for key, bounds in _SCHEMA.items()}
    words = TimeWords(**sections,  # type: ignore[arg-type]
                      anaphoric={k.lower(): (v[0], v[1]) for k, v in anaphoric.items()})
    for key, names in (("months", words.months), ("weekdays", words.weekdays)):
        if len(set(names.values())) != (12 if key == "months" else 7):
            raise DataFileError(f"'{key}' must name every {key[:-1]}", source=source)
    unknown = words.ambiguous_months - set(words.months)
    if unknown:
        raise DataFileError(f"'ambiguous_months' lists unknown months {sorted(unknown)}",
                            source=source)
    return words


def _alt(words: Iterable[str], *, title: bool = False) -> str:
    """Regex alternation of phrases, longest first, spaces matching any whitespace run."""
    items = sorted({w.title() if title else w for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


def _build_patterns(w: TimeWords) -> dict[str, re.Pattern[str]]:
    """Compile every pattern from the vocabulary."""
    month_full = rf"(?<![\w.])(?P<month>{_alt(w.months, title=True)})(?![\w])"
    # Beside a day or a year, a month may be written in lower case ("the september 10
    # call", a translation's slip), unless the word is also a verb ("may", "march").
    full = _alt([m.title() for m in w.months] + [m for m in w.months if m not in w.ambiguous_months])
    abbr = _alt(w.month_abbreviations, title=True)
    month = rf"(?<![\w.])(?P<month>(?:{full})(?![\w])|(?:{abbr})(?:\.|(?![\w])))"
    weekday = rf"(?P<weekday>{_alt(w.weekdays, title=True)})(?![\w])"
    day = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w])(?![.,]\d)"
    year = r"(?P<year>19\d\d|20\d\d|2100)(?![\w])(?![.,]\d)"
    month2 = (rf"(?<![\w.])(?P<month2>(?:{full})(?![\w])|(?:{abbr})(?:\.|(?![\w])))")
    day2 = r"(?P<day2>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w])(?![.,]\d)"
    through = r"\s*(?:-|–|—|to|through|till|until|and)\s*"
    lead = rf"(?:(?P<lead>{_alt(w.weekdays, title=True)}),?\s+)?"
    part = rf"(?P<part>(?i:{_alt(w.period_parts)}))(?:\s+|\s*-\s*)"
    pods = _alt(w.parts_of_day)
    numbers = rf"(?P<num>{_alt(w.numbers)}|\d{{1,2}})"
    mods, quals = _alt(w.unit_modifiers), _alt(w.unit_qualifiers)
    return {
        "iso": re.compile(r"(?<![\w/-])" + year + r"(?P<sep>[-/])(?P<month>0[1-9]|1[0-2])"
                          r"(?P=sep)(?P<day>0[1-9]|[12]\d|3[01])(?!\d)"),
        "month_day_range": re.compile(lead + month + r"\s+" + day + through + rf"(?:{month2}\s+)?"
                                      + day2 + r"(?:(?:,\s*|\s+)" + year + ")?"),
        "day_month_range": re.compile(r"(?<![\w$.,])" + day + rf"(?:\s+{month2})?" + through
                                      + day2 + r"\s+(?:of\s+)?" + month
                                      + r"(?:,?\s+" + year + ")?"),
        "month_day": re.compile(lead + month + r"\s+" + day + r"(?:(?:,\s*|\s+)" + year + ")?"),
        "day_month": re.compile(lead + r"(?<![\w$.,])" + day + r"\s+(?:of\s+)?" + month
                                + r"(?:,?\s+" + year + ")?"),
        "month_year": re.compile(month + r",?\s+" + year),
        "part_month": re.compile(part + month_full + r"(?:,?\s+" + year + ")?"),
        "month_name": re.compile(r"(?:(?P<mod>(?i:last|next|this))\s+)?" + month_full),
        "part_year": re.compile(part + r"(?<![\w$€£¥])" + year),
        "year": re.compile(r"(?<![\w$€£¥.,#])" + year),
        "weekday": re.compile(rf"(?:(?P<mod>(?i:{_alt(w.weekday_modifiers)}))\s+)?(?<![\w])"
                              rf"{weekday}(?:\s+(?P<pod>{pods})(?![\w]))?"),
        "day_word": re.compile(rf"(?i)(?<![\w])(?P<word>{_alt(w.day_words)})"
                               rf"(?:\s+(?P<pod>{pods}))?(?![\w])"),
        "unit": re.compile(rf"(?i)(?<![\w])(?:(?P<qual>{quals})\s+)?"
                           rf"(?P<mod>{mods})\s+(?P<unit>week|month|year)(?![\w-])"),
        "weekend": re.compile(rf"(?i)(?<![\w])(?:(?P<mod>{mods})|the)\s+weekend(?![\w])"),
        "ago": re.compile(rf"(?i)(?<![\w]){numbers}\s+(?P<unit>day|week|month|year)s?"
                          r"\s+ago(?![\w])"),
        "anaphoric": re.compile(rf"(?i)(?<![\w])(?:(?P<phrase>{_alt(w.anaphoric)})|{numbers}"
                                rf"\s+(?P<unit>day|week)s?\s+"
                                rf"(?P<dir>{_alt(w.anaphoric_directions)}))(?![\w])"),
        "future": re.compile(rf"(?i)(?<![\w])(?:{_alt(w.future_cues)})(?![\w])"),
        "past": re.compile(rf"(?i)(?<![\w])(?:{_alt(w.past_cues)})(?![\w])"),
        "clause_break": re.compile(r"[.!?](?=[\s\"'”’)])|[;\n]"),
    }


def _first_words(*groups: Iterable[str]) -> frozenset[str]:
    return frozenset(phrase.split()[0] for group in groups for phrase in group)


def _heads(w: TimeWords) -> dict[str, tuple[bool, frozenset[str]]]:
    """For each pattern ``_scan`` runs: whether a match may start with a digit, and the
    words (lower-cased) it may otherwise start with, read off ``_build_patterns`` (a
    match starts with its optional weekday, modifier or period word when it has one, else
    with its month, weekday, number or day).  Every such word is followed by a non-word
    character in the match (a space, ".", "-" or the end)."""
    months = frozenset(w.months) | frozenset(w.month_abbreviations)
    weekdays = frozenset(w.weekdays)
    parts = _first_words(w.period_parts)
    return {
        "iso": (True, frozenset()),
        "month_day_range": (False, weekdays | months),
        "day_month_range": (True, frozenset()),
        "month_day": (False, weekdays | months),
        "day_month": (True, weekdays),
        "month_year": (False, months),
        "part_month": (False, parts),
        "month_name": (False, frozenset({"last", "next", "this"}) | frozenset(w.months)),
        "part_year": (False, parts),
        "year": (True, frozenset()),
        "weekday": (False, frozenset(w.weekday_modifiers) | weekdays),
        "day_word": (False, _first_words(w.day_words)),
        "unit": (False, frozenset(w.unit_qualifiers) | frozenset(w.unit_modifiers)),
        "weekend": (False, frozenset(w.unit_modifiers) | {"the"}),
        "ago": (True, frozenset(w.numbers)),
        "anaphoric": (True, _first_words(w.anaphoric) | frozenset(w.numbers)),
    }


class _Starts:
    """Where each pattern of ``_scan`` can match, found by one scan of the text.

    Python's ``re`` scans fast only for a pattern that opens with a literal; these open
    with a look-behind or an optional word, so ``finditer`` tried a whole match at every
    character, sixteen times over (about 4 ms for a 700-word article).  One scan of the
    lower-cased text for the digits and words a match can start with (``_heads``) gives
    the few places worth trying; ``finditer`` then tries only those, in order, skipping
    any inside the previous match, so it returns exactly what ``Pattern.finditer`` does
    (five times faster on news text).
    """

    def __init__(self, heads: dict[str, tuple[bool, frozenset[str]]]) -> None:
        words = sorted({w for _, ws in heads.values() for w in ws}, key=lambda w: (-len(w), w))
        odd = [w for w in words if not re.fullmatch(r"\w+", w)]
        if odd:
            raise DataFileError(f"a date expression cannot start with {odd!r}",
                                source=_DATA_NAME)
        self.rx = re.compile(r"(\d)|(" + "|".join(map(re.escape, words)) + r")(?!\w)")
        self.by_word: dict[str, list[str]] = {}
        for name, (_, ws) in heads.items():
            for w in ws:
                self.by_word.setdefault(w, []).append(name)
        self.digit = [name for name, (digit, _) in heads.items() if digit]
        self.names = list(heads)
        # The scan consumes each word, so a head word ending another one ("an" in "jan")
        # is added from here: any head inside a found word must end where it ends.
        self.inner = {w: [(len(w) - len(v), v) for v in words if v != w and w.endswith(v)]
                      for w in words}

    def find(self, text: str) -> dict[str, list[int]] | None:
        """Candidate starts per pattern, ascending; None when lower-casing could hide a
        match (it changed the text's length, or a letter matches "i" or "s" only without
        case: "ı", "ſ")."""
        low = text.lower()
        if len(low) != len(text) or "ı" in text or "ſ" in text:
            return None
        found: dict[str, list[int]] = {name: [] for name in self.names}
        for m in self.rx.finditer(low):
            at = m.start()
            word = m.group(2)
            if word is None:
                for name in self.digit:
                    found[name].append(at)
                continue
            for name in self.by_word[word]:
                found[name].append(at)
            for offset, inner in self.inner[word]:
                for name in self.by_word[inner]:
                    found[name].append(at + offset)
        return found


WORDS = load_time_words()
_RX = _build_patterns(WORDS)
_STARTS = _Starts(_heads(WORDS))
_MONTH_NAMES = {number: name.title() for name, number in WORDS.months.items()}
_WEEKDAY_NAMES = {number: name.title() for name, number in WORDS.weekdays.items()}
_PREV_WORD = re.compile(r"([A-Za-z]+)[\s\-]*$")
_NEXT_WORD = re.compile(r"\s*([A-Za-z%]+)")
_EVENT_AFTER = re.compile(r"\s+(?:the|a|an|his|her|its|their|this|that|[A-Z])")


@dataclass(slots=True)
class _Expr:
    """One matched expression, parsed into calendar fields before resolution."""

    kind: str
    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    offset: int = 0
    unit: str | None = None
    modifier: str | None = None
    #: Last day of a range ("May 10-11", "October 31 to November 1").
    end_month: int | None = None
    end_day: int | None = None
    #: The part of the day a weekday names ("Friday evening"), lower case.
    part: str | None = None


def _month_number(token: str) -> int:
    """Month number of a matched month name or abbreviation."""
    key = token.rstrip(".").lower()
    return WORDS.months.get(key) or WORDS.month_abbreviations[key]


def count_of(token: str) -> int:
    """Value of a small number written as a word ("two", "a") or digits."""
    return WORDS.numbers.get(token.lower()) or int(token)


def _prev_word(text: str, start: int) -> str:
    """The word just before ``start``, lower-cased ('' if none)."""
    found = _PREV_WORD.search(text, max(0, start - 30), start)
    return found.group(1).lower() if found else ""


def _next_word(text: str, end: int) -> str:
    """The word (or %) just after ``end``, lower-cased ('' if none)."""
    found = _NEXT_WORD.match(text, end)
    return found.group(1).lower() if found else ""


def _month_name_ok(text: str, m: re.Match[str]) -> bool:
    """Tell a bare month name from a modal verb, a name or a noun ("China may", "April Ryan")."""
    if m.group("mod"):
        return True
    start = m.start("month")
    before = _prev_word(text, start)
    if before in WORDS.month_cues_before:
        return True
    if before in ("and", "or", "to", "through"):
        earlier = _PREV_WORD.search(text, max(0, start - 40), start - len(before) - 1)
        if earlier and earlier.group(1).lower() in WORDS.months:
            return True
    # an unambiguous month stands alone unless a capitalised word follows ("April Ryan")
    return (m.group("month").lower() not in WORDS.ambiguous_months
            and re.match(r"\s+[A-Z]", text[m.end():m.end() + 3]) is None)


def _year_ok(text: str, start: int, end: int) -> bool:
    """Reject numbers that are amounts, counts or labels rather than years."""
    return (_prev_word(text, start) not in WORDS.year_blockers_before
            and _next_word(text, end) not in WORDS.year_blockers_after)


def _finditer(name: str, text: str, starts: dict[str, list[int]] | None
              ) -> Iterable[re.Match[str]]:
    """``_RX[name].finditer(text)``, trying only where ``starts`` says a match can begin."""
    rx = _RX[name]
    if starts is None:
        yield from rx.finditer(text)
        return
    end = 0
    for at in starts[name]:
        if at < end:
            continue  # inside the previous match, as finditer skips it
        m = rx.match(text, at)
        if m is not None:
            yield m
            end = m.end()


def _scan(text: str, validate: bool = True) -> list[_Expr]:
    """All candidate expressions, longest kept where they overlap, in text order."""
    found: list[tuple[int, _Expr]] = []  # (priority, expr)
    begins = _STARTS.find(text)

    def add(kind: str, m: re.Match[str], priority: int, **fields: Any) -> None:
        found.append((priority, _Expr(kind, m.start(), m.end(), **fields)))

    def num(m: re.Match[str], name: str) -> int | None:
        return int(m[name]) if m.groupdict().get(name) else None

    for m in _finditer("iso", text, begins):
        add("absolute_day", m, 0, year=num(m, "year"), month=num(m, "month"), day=num(m, "day"))
    for kind, first_month in (("month_day_range", "month"), ("day_month_range", "month2")):
        for m in _finditer(kind, text, begins):
            year, day, day2 = num(m, "year"), num(m, "day"), num(m, "day2")
            month2 = _month_number(m.group("month2")) if m.group("month2") else None
            month = _month_number(m.group("month"))
            start_month, end_month = ((month, month2 or month) if first_month == "month"
                                      else (month2 or month, month))
            if not (day and day2 and _valid_day(year, start_month, day)
                    and _valid_day(year, end_month, day2)) or (
                    start_month == end_month and day2 <= day):
                continue  # "May 10 and 5 percent": not a range
            add("absolute_day" if year else "month_day", m, 0, year=year, month=start_month,
                day=day, end_month=end_month, end_day=day2)
    for kind in ("month_day", "day_month"):
        for m in _finditer(kind, text, begins):
            year, month, day = num(m, "year"), _month_number(m.group("month")), num(m, "day")
            if not _valid_day(year, month, day or 0) or (validate and year is None and _next_word(
                    text, m.end()) in WORDS.year_blockers_after):  # "in March 5 percent"
                continue
            lead = m.group("lead")
            add("absolute_day" if year else "month_day", m, 1, year=year, month=month, day=day,
                weekday=WORDS.weekdays[lead.lower()] if lead else None)
    for m in _finditer("month_year", text, begins):
        add("absolute_month", m, 2, year=num(m, "year"), month=_month_number(m.group("month")))
    for m in _finditer("part_month", text, begins):
        add("part_of_month", m, 2, year=num(m, "year"), month=_month_number(m.group("month")))
    for m in _finditer("month_name", text, begins):
        if not validate or _month_name_ok(text, m):
            mod = (m.group("mod") or "").lower() or None
            add("month_name", m, 3, month=_month_number(m.group("month")), modifier=mod)
    for m in _finditer("part_year", text, begins):
        add("part_of_year", m, 3, year=num(m, "year"))
    for m in _finditer("year", text, begins):
        if not validate or _year_ok(text, m.start(), m.end()):
            add("year", m, 4, year=num(m, "year"))
    for m in _finditer("weekday", text, begins):
        mod = (m.group("mod") or "").lower()
        add("weekday", m, 3, weekday=WORDS.weekdays[m.group("weekday").lower()],
            offset=WORDS.weekday_modifiers.get(mod, 0),
            modifier=mod if mod in ("last", "this", "next") else None,
            part=(m.group("pod") or "").lower() or None)
    for m in _finditer("day_word", text, begins):
        word = re.sub(r"\s+", " ", m.group("word").lower())
        add("relative_day", m, 2, offset=WORDS.day_words[word])
    for m in _finditer("unit", text, begins):
        mod = m.group("mod").lower()
        if validate and ((_prev_word(text, m.start()) == "the" and mod in ("last", "next"))
                         or re.match(r"\s+of(?![\w])", text[m.end():m.end() + 4])):
            continue  # "the last week", "last week of October": a span, not a relative date
        unit = m.group("unit").lower()
        add(f"relative_{unit}", m, 2, offset=WORDS.unit_modifiers[mod], unit=unit)
    for m in _finditer("weekend", text, begins):
        mod = (m.group("mod") or "").lower()
        add("weekend", m, 2, offset=WORDS.unit_modifiers.get(mod, 0),
            modifier=mod if mod in ("last", "next") else None)
    for m in _finditer("ago", text, begins):
        unit = m.group("unit").lower()
        add(f"relative_{unit}", m, 1, offset=-count_of(m.group("num")), unit=unit)
    for m in _finditer("anaphoric", text, begins):
        if m.group("phrase"):
            offset, unit = WORDS.anaphoric[re.sub(r"\s+", " ", m.group("phrase").lower())]
        else:
            offset = count_of(m.group("num")) * WORDS.anaphoric_directions[m.group("dir").lower()]
            unit = m.group("unit").lower()
        kind = f"anaphoric_{unit}"
        if validate and m.group(0).lower().endswith(("before", "after")) and _EVENT_AFTER.match(
                text, m.end()):
            kind = "event_relative"  # "the day before the summit": tied to an undated event
        add(kind, m, 2, offset=offset, unit=unit)
    found.sort(key=lambda pe: (-(pe[1].end - pe[1].start), pe[0], pe[1].start))
    taken: list[_Expr] = []  # non-overlapping, sorted by start (so also by end)
    starts: list[int] = []
    for _, expr in found:
        i = bisect_left(starts, expr.start)
        if (i == 0 or taken[i - 1].end <= expr.start) and (i == len(taken)
                                                           or taken[i].start >= expr.end):
            taken.insert(i, expr)
            starts.insert(i, expr.start)
    return taken


def is_deadline(text: str, start: int, end: int) -> bool:
    """The expression at text[start:end] is a deadline or an effective date: "by March 1",
    "until January 1", "the March 1 deadline", "effective Sept. 24"."""
    before = re.sub(r"[^\w\s]", " ", text[max(0, start - 30):start].lower()).split()
    if before and before[0] and start > 30:
        before = before[1:]  # the first word may be cut in half
    for size in (3, 2, 1):
        if len(before) >= size and " ".join(before[-size:]) in WORDS.deadline_cues_before:
            return True
    if before and before[-1] == "the" and len(before) >= 2 and \
            " ".join(before[-3:-1]) in WORDS.deadline_cues_before:
        return True  # "ahead of the March 1 deadline"
    after = re.sub(r"[^\w\s]", " ", text[end:end + 25].lower()).split()
    return bool(after) and after[0] in WORDS.deadline_nouns_after


def fields_fit(fields: Mapping[str, int], day: dt.date) -> bool:
    """The day has every calendar field given (year, month, day, weekday; see
    ``calendar_fields``)."""
    have = {"year": day.year, "month": day.month, "day": day.day, "weekday": day.weekday()}
    return all(have[name] == value for name, value in fields.items() if name in have)


def calendar_fields(ref: TimeRef) -> dict[str, int]:
    """The calendar fields an expression states by itself (year, month, day, weekday),
    whatever the publication date: what an undated article still says about a date."""
    expr = next((e for e in _scan(ref.text, validate=False)
                 if e.start == 0 and e.end == len(ref.text)), None)
    if expr is None:
        return {}
    if expr.kind == "weekday" and expr.modifier is None and expr.offset == 0:
        return {"weekday": expr.weekday} if expr.weekday is not None else {}
    if expr.kind.startswith(("relative", "anaphoric", "event_relative", "weekend")):
        return {}
    fields = {"year": expr.year, "month": expr.month, "day": expr.day, "weekday": expr.weekday}
    return {k: v for k, v in fields.items() if v is not None}


def relative_step(ref: TimeRef) -> tuple[str, int] | None:
    """The unit and count of an expression counted back from publication ("last month":
    ('month', -1); "two weeks ago": ('week', -2); "earlier this month": ('month', 0))."""
    expr = next((e for e in _scan(ref.text, validate=False)
                 if e.start == 0 and e.end == len(ref.text)), None)
    if expr is None or not expr.kind.startswith("relative_") or expr.unit is None \
            or expr.offset > 0:
        return None
    return expr.unit, expr.offset


def _valid_day(year: int | None, month: int, day: int) -> bool:
    """True if the day exists in that month (any leap year when the year is unknown)."""
    return 1 <= day <= calendar.monthrange(year or 2000, month)[1]


_CONTEXT_KINDS = frozenset({"weekday", "month_day", "month_name", "part_of_month", "weekend"})


def future_context(text: str, start: int) -> bool:
    """True if a future cue (will, scheduled...) precedes ``start`` in its sentence, no past
    cue (said, met...) between them: a local stand-in when no parse of the tense is given."""
    window = max(0, start - 200)
    sentence = max([window] + [b.end() for b in _RX["clause_break"].finditer(text, window, start)])
    cue_ends = [cue.end() for cue in _RX["future"].finditer(text, sentence, start)]
    return bool(cue_ends) and _RX["past"].search(text, cue_ends[-1], start) is None


def find_times(text: str, anchor: dt.date | None, *, estimated: bool = False,
               future_hint: Callable[[int], bool] | None = None) -> list[TimeRef]:
    """All temporal expressions in text, in order, resolved against anchor (the publication date).

    With anchor None, absolute expressions still resolve and relative ones come
    back with value None.  ``future_hint(start)`` says whether the clause around
    an expression is about the future; without it a local cue check is used.
    Anaphoric expressions ("the day before") count from the previous day-dated
    expression in the text, or from the anchor when there is none.
    """
    refs: list[TimeRef] = []
    previous: dt.date | None = None
    previous_estimated = False
    for expr in _scan(text):
        future = False
        if expr.kind in _CONTEXT_KINDS:
            future = future_hint(expr.start) if future_hint else future_context(text, expr.start)
        ref = _resolve_expr(expr, text[expr.start:expr.end], anchor, future=future,
                            estimated=estimated, previous=previous)
        if expr.kind.startswith("anaphoric") and previous is not None:
            ref.estimated = previous_estimated
        if ref.value and ref.precision == "day":
            previous, previous_estimated = dt.date.fromisoformat(ref.value), ref.estimated
        refs.append(ref)
    return refs


def resolve(ref: TimeRef, anchor: dt.date | None, *, future: bool = False,
            estimated: bool = False, previous: dt.date | None = None) -> TimeRef:
    """Re-resolve one expression (e.g. after the publication date has been estimated).

    ``previous`` is the date "the day before"-style expressions count from (else
    the anchor); a ref whose text is not a recognised expression comes back as is.
    """
    expr = next((e for e in _scan(ref.text, validate=False)
                 if e.start == 0 and e.end == len(ref.text)), None)
    if expr is None:
        return ref
    if ref.kind == "event_relative":
        expr.kind = "event_relative"
    new = _resolve_expr(expr, ref.text, anchor, future=future, estimated=estimated,
                        previous=previous)
    new.start, new.end = ref.start, ref.end
    return new


def _resolve_expr(expr: _Expr, text: str, anchor: dt.date | None, *, future: bool,
                  estimated: bool, previous: dt.date | None) -> TimeRef:
    """Turn a parsed expression into a TimeRef with value, precision and basis."""
    ref = TimeRef(text=text, start=expr.start, end=expr.end, kind=expr.kind)
    if expr.year is not None:
        year = expr.year
        if expr.end_month is not None and expr.month is not None and expr.end_month < expr.month:
            year -= 1  # "December 30 to January 2, 2020": the year names the range's end
        iso = [f"{year:04d}", f"{expr.month or 0:02d}", f"{expr.day or 0:02d}"]
        size = 3 if expr.day else 2 if expr.month else 1
        ref.value, ref.precision = "-".join(iso[:size]), ("year", "month", "day")[size - 1]
        ref.value_end = _range_end(expr, dt.date(year, expr.month or 1, expr.day or 1))
        ref.basis = f"'{text}' is an explicit date"
        return ref
    ref.relative = True
    if expr.kind == "event_relative":
        ref.basis = f"'{text}' counts from an event the text does not date"
        return ref
    if anchor is None and not (expr.kind.startswith("anaphoric") and previous):
        ref.basis = f"'{text}' needs the publication date, which is unknown"
        return ref
    if expr.kind.startswith("anaphoric") and previous is not None:
        base, base_name = previous, f"the preceding date {previous.isoformat()}"
    else:
        assert anchor is not None
        base = anchor
        base_name = ("estimated " if estimated else "") + f"publication date {anchor.isoformat()}"
        ref.estimated = estimated
    value, precision, how = _relative_value(expr, base, base_name, future)
    ref.value, ref.precision = value, precision
    if precision == "day":
        ref.value_end = _range_end(expr, dt.date.fromisoformat(value))
    ref.basis = f"'{text}' = {how}" + (" (future context)" if future else "")
    return ref


def _range_end(expr: _Expr, start: dt.date) -> str | None:
    """The last day of a range expression, in the start's year or the next."""
    if expr.end_month is None or expr.end_day is None:
        return None
    year = start.year + (1 if expr.end_month < start.month else 0)
    if not _valid_day(year, expr.end_month, expr.end_day):
        return None
    return dt.date(year, expr.end_month, expr.end_day).isoformat()


def _delta(offset: int, unit: str) -> str:
    """Readable ' minus N units' / ' plus N units' ('' for zero)."""
    plural = "" if abs(offset) == 1 else "s"
    return f" {'minus' if offset < 0 else 'plus'} {abs(offset)} {unit}{plural}" if offset else ""


def _relative_value(expr: _Expr, base: dt.date, base_name: str,
                    future: bool) -> tuple[str, Precision, str]:
    """(value, precision, explanation) of an expression relative to ``base``."""
    kind, off = expr.kind, expr.offset
    if kind in ("relative_day", "anaphoric_day"):
        day = base + dt.timedelta(days=off)
        return day.isoformat(), "day", f"{base_name}{_delta(off, 'day')}"
    if kind in ("relative_week", "anaphoric_week"):
        monday = base + dt.timedelta(weeks=off, days=-base.weekday())
        # The week is the date's precision; its value is the week's likeliest day: the
        # middle of its working days, or of those up to the base in the base's own week
        # ("talks this week" in Friday's paper were held by Friday).
        last = min(base, monday + dt.timedelta(days=4)) if off == 0 else \
            monday + dt.timedelta(days=4)
        middle = monday + (last - monday) / 2 if last >= monday else monday
        return middle.isoformat(), "week", (
            f"the week of {base_name}{_delta(off, 'week')} (from Monday {monday.isoformat()}), "
            "at the middle of its working days")
    if kind == "relative_month":
        month = base + relativedelta(months=off)
        return (f"{month.year:04d}-{month.month:02d}", "month",
                f"month of {base_name}{_delta(off, 'month')}")
    if kind == "relative_year":
        return f"{base.year + off:04d}", "year", f"year of {base_name}{_delta(off, 'year')}"
    if kind == "weekday":
        assert expr.weekday is not None
        day, how = _weekday_date(expr.weekday, expr.modifier, base, future, expr.part)
        return day.isoformat(), "day", f"{how} {base_name}"
    if kind == "weekend":
        day, how = _weekend_saturday(expr.modifier, base, future)
        return day.isoformat(), "day", f"{how} {base_name}"
    assert expr.month is not None
    month_name = _MONTH_NAMES[expr.month]
    if kind == "month_day":
        assert expr.day is not None
        day = _nearest_month_day(expr.month, expr.day, base, future)
        where = "next {} on or after" if future else "most recent {} on or before"
        if day > base and not future:
            where = "{} a day after"  # the other side's calendar day, see _nearest_month_day
        return day.isoformat(), "day", f"the {where.format(f'{month_name} {expr.day}')} {base_name}"
    year, how = _nearest_month(expr.month, base, future, expr.modifier)  # month_name, part_of_month
    return f"{year:04d}-{expr.month:02d}", "month", f"{how.format(month=month_name)} {base_name}"


#: Parts of a day that, on the morrow in Asia, are still the evening before in America.
EARLY_PARTS = frozenset({"morning"})


def _weekday_date(weekday: int, modifier: str | None, base: dt.date,
                  future: bool, part: str | None = None) -> tuple[dt.date, str]:
    """Nearest matching weekday: 'last' strictly before, 'next' strictly after, else by
    context (in past context, the day after publication when it names that day)."""
    back = (base.weekday() - weekday) % 7
    ahead = (weekday - base.weekday()) % 7
    name = _WEEKDAY_NAMES[weekday]
    if modifier == "last":
        return base - dt.timedelta(days=back or 7), f"the {name} before"
    if modifier == "next":
        return base + dt.timedelta(days=ahead or 7), f"the {name} after"
    if future:
        return base + dt.timedelta(days=ahead), f"the next {name} on or after"
    if ahead == DAY_AHEAD_SLACK and (part is None or part in EARLY_PARTS):
        # "Friday" in Thursday's paper is Friday in Beijing, where the evening's talks
        # were already held, not six days before: a report of last week says "last
        # Friday".  "Friday evening" has not come anywhere yet.
        return base + dt.timedelta(days=ahead), f"the {name} a day after"
    return base - dt.timedelta(days=back), f"the most recent {name} on or before"


def _weekend_saturday(modifier: str | None, base: dt.date, future: bool) -> tuple[dt.date, str]:
    """Saturday of the weekend meant: the current or last one, or the next in future context."""
    saturday = base - dt.timedelta(days=(base.weekday() - 5) % 7)  # most recent Sat on/before
    in_weekend = base.weekday() >= 5
    if modifier == "last":
        return saturday - dt.timedelta(days=7 * in_weekend), "Saturday of the weekend before"
    if modifier == "next" or (future and not in_weekend):
        return saturday + dt.timedelta(days=7), "Saturday of the next weekend after"
    return saturday, "Saturday of the most recent weekend on or before"


#: A stated month and day this many days after the publication date is that day, not
#: the same day a year before: a Beijing readout of "Nov 26" carried under a Washington
#: date line of November 25.
DAY_AHEAD_SLACK = 1


def _nearest_month_day(month: int, day: int, base: dt.date, future: bool) -> dt.date:
    """The closest existing month/day on or before (or, in future context, on or after)
    base, or just after it (``DAY_AHEAD_SLACK``)."""
    if not future and _valid_day(base.year, month, day) and \
            0 < (dt.date(base.year, month, day) - base).days <= DAY_AHEAD_SLACK:
        return dt.date(base.year, month, day)
    step = 1 if future else -1
    for year in range(base.year, base.year + 9 * step, step):  # Feb 29 may be 8 years away
        if _valid_day(year, month, day) and (dt.date(year, month, day) - base).days * step >= 0:
            return dt.date(year, month, day)
    raise ValueError(f"no date {month}-{day} near {base}")


def _nearest_month(month: int, base: dt.date, future: bool,
                   modifier: str | None) -> tuple[int, str]:
    """Year of a bare month name: 'last' strictly before, 'next' after, else by context."""
    year = base.year
    if modifier == "last":
        return (year if month < base.month else year - 1), "the {month} before the month of"
    if modifier == "next":
        return (year if month > base.month else year + 1), "the {month} after the month of"
    if modifier == "this":
        return year, "{month} in the year of"
    if future:
        return (year if month >= base.month else year + 1), "the next {month} on or after"
    return (year if month <= base.month else year - 1), "the most recent {month} on or before"
