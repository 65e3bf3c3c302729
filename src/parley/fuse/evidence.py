"""Pieces of evidence about when an undated article was published, each a set of date intervals."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any, Protocol

from parley.extract.dates import future_context, is_deadline, relative_step
from parley.fuse.dates import (
    add_months,
    intersect,
    iso_interval,
    month_end,
    to_date,
    tolerant_interval,
)
from parley.fuse.merge import normalise
from parley.fuse.resources import era_terms, fusion_data, pubdate_cues
from parley.kb import Tenure
from parley.kb.engagements import KnownEngagement
from parley.models import ActorMention, Event, Tagged, TimeRef

#: Evidence weights: a dated engagement pins publication hardest, a tenure bounds it on both
#: sides, an explicit date only from below, and a bare month name is a weak hint.
WEIGHT_ENGAGEMENT = 3.0
#: A headline match barely past ``MIN_SUBJECT`` (within one point of it) weighs as much as
#: one recalled date: fitted on `tune` (1.0 and below: one false event fewer and one more
#: true publication day inside its window than 3.0; 1.5 and 2.0 only the false event).
WEIGHT_WEAK_ENGAGEMENT = 1.0
WEIGHT_TENURE = 2.0
WEIGHT_DATE = 1.0
WEIGHT_MONTH_NAME = 0.5

#: Explicit dates of these kinds (absolute, not relative to publication) bound publication.
ABSOLUTE_KINDS = ("absolute_day", "absolute_month", "part_of_month", "part_of_year", "year")

#: Days after an engagement that a report on it is expected, without / with a weekday cue.
REPORT_LAG_DAYS = 3
WEEKDAY_LAG_DAYS = 6

Interval = tuple[date, date]


class TenureSource(Protocol):
    """The part of the knowledge base publication estimation needs (``KnowledgeBase`` has it)."""

    def tenures(self, person_id: str, office_id: str | None = None) -> Sequence[Tenure]:
        """Spells the person held (in the given office)."""
        ...


def side_by_office(kb: TenureSource) -> Callable[[str], str | None]:
    """A person's side, read from the country prefix of the offices they held
    ('usa.treasury.secretary' is the USA's)."""
    def country_of(person_id: str) -> str | None:
        spells = kb.tenures(person_id)
        return spells[0].office_id.split(".")[0].upper() if spells else None
    return country_of


@dataclass
class Evidence:
    """A set of intervals publication may fall in, how much it counts, and why."""

    intervals: list[Interval]
    weight: float
    reason: str
    kind: str
    #: A sharper point estimate this evidence suggests (the day after an engagement ends).
    point: date | None = None
    #: How strongly the text supports it, when it is one of several candidates.
    score: float = 0.0
    #: The same per interval, when its intervals are rival candidates of their own.
    scores: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Sentence:
    """A coarse sentence window of the article text."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Split on sentence-final punctuation or line breaks (coarse windows are all we need here,
    so this avoids loading a parser)."""
    out: list[Sentence] = []
    for m in re.finditer(r"[^.!?\n]+(?:[.!?]+[\"'”’]?|\n|$)", text):
        if m.group().strip():
            out.append(Sentence(m.start(), m.end(), m.group()))
    return out


@cache
def _phrase_rx(phrase: str) -> re.Pattern[str]:
    """Case-insensitive whole-word pattern for a phrase, tolerant of spacing and of
    quotation marks between its words ("honor our 'one China' policy")."""
    gap = r"[\s\"'\u2018\u2019\u201c\u201d]*\s[\s\"'\u2018\u2019\u201c\u201d]*"
    return re.compile(r"(?<!\w)" + re.escape(phrase).replace(r"\ ", gap) + r"(?!\w)",
                      re.IGNORECASE)


def looks_ahead(sentence: str) -> bool:
    """True when the sentence speaks of the future, so its dates are no lower bounds."""
    if _FILE_PHOTO.match(sentence):
        return False
    return any(_phrase_rx(cue).search(sentence) for cue in pubdate_cues().future_cues)


#: An archive picture's caption ("FILE PHOTO: ... pose ahead of their meeting in Osaka,
#: June 29, 2019"): whatever it says lies ahead was already past when it was reused.
_FILE_PHOTO = re.compile(r"\s*\(?\s*file\s+photo\b", re.IGNORECASE)


def _in_file_photo(text: str, offset: int) -> bool:
    """The offset lies on a line that is an archive picture's caption."""
    return bool(_FILE_PHOTO.match(text, text.rfind("\n", 0, offset) + 1))


def _sentence_of(sentences: Sequence[Sentence], offset: int) -> Sentence | None:
    """The sentence holding a character offset."""
    return next((s for s in sentences if s.start <= offset < s.end), None)


def shift(kind: str, lo: date, hi: date) -> Interval:
    """Where publication falls given an engagement on lo..hi and a relative cue kind."""
    if kind == "same_day":
        return lo, hi
    if kind == "next_day":
        return lo + timedelta(days=1), hi + timedelta(days=1)
    if kind == "same_week":
        return lo, hi + timedelta(days=6)
    if kind == "within_two_weeks":
        return lo + timedelta(days=1), hi + timedelta(days=13)
    if kind == "same_month":
        return lo, month_end(hi.year, hi.month)
    if kind == "next_month":
        first = add_months(lo, 1)
        return first, month_end(first.year, first.month)
    if kind == "same_year":
        return lo, date(hi.year, 12, 31)
    if kind == "next_year":
        return date(lo.year + 1, 1, 1), date(lo.year + 1, 12, 31)
    return lo + timedelta(days=1), hi + timedelta(days=365)  # within_year


def tenure_evidence(actors: Iterable[ActorMention], kb: TenureSource, today: date) -> list[Evidence]:
    """Titled mentions: the person held (or, if 'former', had left) that office at publication."""
    out: list[Evidence] = []
    seen: set[tuple[str, str, bool]] = set()
    for m in actors:
        if not (m.actor_id and m.office_id) or m.resolved_by == "title":
            continue  # a bare title was resolved *from* a date, so it cannot date the article
        role = f"{m.role or ''} {m.text}".lower()
        if re.search(r"\bthen[\s-]", role):
            continue  # "then-Secretary": the office was held at the event, not at publication
        former = bool(re.search(r"\b(former|ex-)", role))
        key = (m.actor_id, m.office_id, former)
        if key in seen:
            continue
        seen.add(key)
        spells = sorted(
            (start, to_date(t.end) or today)
            for t in kb.tenures(m.actor_id, m.office_id)
            if (start := to_date(t.start)) is not None and (t.office_id or m.office_id) == m.office_id
        )
        if not spells:
            continue
        name = m.name or m.text
        if not former:
            held = ", ".join(f"{a}..{'present' if b == today else b}" for a, b in spells)
            out.append(Evidence(spells, WEIGHT_TENURE,
                                f"'{m.text}': {name} held {m.office_id} {held}", "tenure"))
            continue
        after = _gaps_after_first_end(spells, today)
        if after:
            out.append(Evidence(after, WEIGHT_TENURE,
                                f"'{m.text}': {name} had left {m.office_id} (after {spells[0][1]})",
                                "tenure"))
    return out


#: How long before taking office someone is "President-elect" (a US transition runs from
#: the November election to the January inauguration).
ELECT_DAYS = 80


def elect_evidence(text: str, actors: Sequence[ActorMention], kb: TenureSource,
                   today: date) -> list[Evidence]:
    """"Vice President-elect JD Vance": published in the weeks before that person took
    that office (any of their spells in it)."""
    out: list[Evidence] = []
    seen: set[tuple[str, str]] = set()
    titles = [m for m in actors if m.office_id and not m.actor_id]
    for m in actors:
        if not m.actor_id:
            continue
        title = next((t for t in titles if t.end <= m.start and re.fullmatch(
            r"[-\u2010\u2011]\s*elect\s+", text[t.end:m.start], flags=re.IGNORECASE)), None)
        if title is None or title.office_id is None or (m.actor_id, title.office_id) in seen:
            continue
        seen.add((m.actor_id, title.office_id))
        starts = sorted(start for t in kb.tenures(m.actor_id, title.office_id)
                        if (start := to_date(t.start)) is not None and start <= today)
        spans = [(start - timedelta(days=ELECT_DAYS), start - timedelta(days=1))
                 for start in starts]
        if spans:
            out.append(Evidence(spans, WEIGHT_ENGAGEMENT,
                                f"'{text[title.start:m.end]}': before {m.name or m.text} took "
                                f"{title.office_id} ({', '.join(map(str, starts))})", "tenure"))
    return out


def _gaps_after_first_end(spells: list[Interval], today: date) -> list[Interval]:
    """Stretches after the first finished spell when the office was not held."""
    ended = [s for s in spells if s[1] < today]
    if not ended:
        return []
    gaps: list[Interval] = []
    cursor = ended[0][1] + timedelta(days=1)
    for start, end in spells:
        if end < cursor:
            continue
        if start > cursor:
            gaps.append((cursor, start - timedelta(days=1)))
        cursor = max(cursor, end + timedelta(days=1))
    if cursor <= today:
        gaps.append((cursor, today))
    return gaps


def explicit_date_evidence(text: str, times: Iterable[TimeRef], today: date) -> list[Evidence]:
    """Absolute dates: a date recalled as past puts publication on or after it; a plan or
    deadline ("ahead of the March 1, 2019 deadline", "will meet on October 30, 2025") puts
    it before, most likely within a year."""
    out: list[Evidence] = []
    seen: set[str] = set()
    for t in times:
        if t.kind not in ABSOLUTE_KINDS or not t.value or t.relative or t.value in seen:
            continue
        span = iso_interval(t.value, t.precision)
        if span is None:
            continue
        seen.add(t.value)
        if (future_context(text, t.start) and not _in_file_photo(text, t.start)) \
                or is_deadline(text, t.start, t.end):
            # A plan for a month or a year ("in 2024", "in November") can be written inside
            # it: published before its end, not its start.
            out.append(Evidence([(span[0] - timedelta(days=365), min(span[1], today))],
                                WEIGHT_DATE, f"'{t.text}' lies ahead (a plan or deadline): "
                                f"published by {span[1]}", "plan",
                                point=span[0] - timedelta(days=1)))
        elif span[0] <= today:
            out.append(Evidence([(span[0], today)], WEIGHT_DATE,
                                f"mentions '{t.text}' in past context: on or after {span[0]}",
                                "date", point=span[1] + timedelta(days=1)))
    return out


#: A term that only exists after a known day bounds publication from below, but a single
#: word is weaker evidence than a stated date.
WEIGHT_ERA_TERM = 0.75


def era_term_evidence(text: str, today: date) -> list[Evidence]:
    """Words that name things of a known time ("coronavirus", "phase one", "Liberation
    Day"): the article cannot be older than them."""
    out: list[Evidence] = []
    for term, since in era_terms().items():
        if since <= today and _phrase_rx(term).search(text):
            out.append(Evidence([(since, today)], WEIGHT_ERA_TERM,
                                f"uses '{term}', a term of {since.isoformat()} or later", "era"))
    return out


#: Dated reports an undated article reads most like (``parley.fuse.similar``) whose
#: publication days must lie within ``ALIKE_DAYS`` of each other, at least two of them:
#: one alike report may tell of a later chapter of the same story; two published the same
#: week tell of the same news.
ALIKE_REPORTS = 2
ALIKE_DAYS = 3
#: Below a matched headline engagement, which says which of the people's engagements it
#: was, above a stated date.
WEIGHT_ALIKE = 1.5


def alike_evidence(days: Sequence[date]) -> list[Evidence]:
    """Published within ``ALIKE_DAYS`` of the dated reports it reads most like, when
    ``ALIKE_REPORTS`` of them appeared within that many days of each other."""
    ordered = sorted(days)
    for i, first in enumerate(ordered):
        group = [d for d in ordered[i:] if (d - first).days <= ALIKE_DAYS]
        if len(group) >= ALIKE_REPORTS:
            span = (group[0] - timedelta(days=ALIKE_DAYS), group[-1] + timedelta(days=ALIKE_DAYS))
            return [Evidence([span], WEIGHT_ALIKE,
                             f"reads like {len(group)} dated reports published "
                             f"{group[0].isoformat()}..{group[-1].isoformat()}", "alike")]
    return []


def month_name_evidence(text: str, times: Iterable[TimeRef], today: date,
                        first_year: int) -> list[Evidence]:
    """Bare month names ('in June', 'a June discussion'): read as earlier in the same year."""
    cues = pubdate_cues()
    sentences = split_sentences(text)
    out: list[Evidence] = []
    for t in times:
        if t.kind != "month_name":
            continue
        words = t.text.split()
        month = next((i + 1 for i, name in enumerate(cues.months)
                      if words and words[-1].rstrip(".").lower() == name.lower()), None)
        prefix = " ".join(words[:-1]).lower() or _word_before(text, t.start)
        sentence = _sentence_of(sentences, t.start)
        if (month is None or cues.month_prefixes.get(prefix, "") != "same_year"
                or (sentence and looks_ahead(sentence.text))):
            continue
        spans = [(date(y, month, 1), date(y, 12, 31)) for y in range(first_year, today.year + 1)]
        out.append(Evidence(spans, WEIGHT_MONTH_NAME,
                            f"'{t.text}' in past context: published later in that month's year",
                            "month"))
    return out


def _word_before(text: str, start: int) -> str:
    """The month prefix word just before an offset, or ""."""
    found = re.search(r"([A-Za-z]+)\s*$", text[max(0, start - 20):start])
    word = found.group(1).lower() if found else ""
    return word if word in pubdate_cues().month_prefixes else ""


def _keyword_hit(keywords: Sequence[Any], sentence: str) -> str | None:
    """The first keyword all of whose parts ('a+b' or a list) occur in the sentence."""
    for keyword in keywords:
        parts = keyword if isinstance(keyword, (list, tuple)) else str(keyword).split("+")
        parts = [p.strip() for p in parts if p.strip()]
        if parts and all(_phrase_rx(p).search(sentence) for p in parts):
            return " + ".join(parts)
    return None


def _engagement_interval(k: KnownEngagement) -> Interval | None:
    """Dates an engagement covers, from its date, precision and end."""
    first = k.date.isoformat() if isinstance(k.date, date) else k.date
    span = iso_interval(first, k.precision)
    last = to_date(getattr(k, "end", None))  # multi-day engagements carry an end date
    if span and last and last > span[1]:
        return span[0], last
    return span


def _place_in(location: str | None, sentence: str) -> bool:
    """Whether the place (its first comma part) is named in the sentence."""
    if not location:
        return False
    return bool(_phrase_rx(location.split(",")[0].strip()).search(sentence))


#: Words that put what follows on the map ("talks in Geneva", "a trip to Beijing"); a
#: capital named otherwise ("between Washington and Beijing") stands for its government.
_LOCATIVE = r"(?:in|at|to|from|near|outside|visit|visits|visited|visiting|leaving|left|leaves)\s+(?:the\s+)?"


@cache
def _placed_rx(name: str) -> re.Pattern[str]:
    """The place after a locative word, or opening a line as a dateline does ("HAMBURG -
    President Trump ...": where the report was filed, a place too)."""
    return re.compile(r"(?:\b" + _LOCATIVE + r"|^[ \t]*)" + _phrase_rx(name).pattern,
                      re.IGNORECASE | re.MULTILINE)


def _placed_in(location: str | None, text: str) -> bool:
    """Whether the text names the place as a place (see ``_placed_rx``)."""
    if not location:
        return False
    return bool(_placed_rx(location.split(",")[0].strip()).search(text))


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _stated_weekdays(event: Event) -> set[int]:
    """Weekdays the article gives for the event itself ("spoke on Tuesday")."""
    days = set()
    for ref in event.time_refs:
        if ref.kind != "weekday":
            continue
        words = ref.text.lower().split()
        days |= {i for i, name in enumerate(WEEKDAYS) if name in words or name[:3] in words}
    return days


def _weekday_fits(span: Interval, days: set[int]) -> bool:
    """A known engagement fits a stated weekday, allowing a day either way: readouts
    from Washington and Beijing often date the same call a day apart."""
    lo, hi = span
    day = lo
    while day <= hi:
        if any((day.weekday() - d) % 7 in (0, 1, 6) for d in days):
            return True
        day += timedelta(days=1)
    return False


#: How strongly the article's text ties its headline engagement to one known engagement.
#: Each of the known engagement's participants named anywhere in the article (at most 3).
SUBJECT_PERSON = 1.0
#: Each participant it shares with the headline event itself (at most 2).
SUBJECT_MAIN_PERSON = 1.0
#: For each side on which the headline event names people and the known engagement lists
#: others only: another engagement of the same kind ("Treasury official meets China's new
#: ambassador in Washington" is not the working group the official co-chaired there).
SUBJECT_OTHER_SIDE = 1.5
#: The headline event's type is compatible with the known engagement's.
SUBJECT_TYPE = 1.0
#: One of its keywords appears ("Mar-a-Lago", "Lancaster House").
SUBJECT_KEYWORD = 3.0
#: Its place is named; a place shared by few engagements of its type says more.
SUBJECT_PLACE = 2.0
SUBJECT_COMMON_PLACE = 0.5
#: The headline event's stated month and day (no year) fit it, or do not.
SUBJECT_MONTH_DAY = 3.0
#: The headline event's stated month fits it, or does not.
SUBJECT_MONTH = 1.0
#: The headline event's stated weekday fits it (a day either way), or does not.
SUBJECT_WEEKDAY = 1.0
SUBJECT_WRONG_WEEKDAY = 2.0
#: The text counts the engagement ("their second call", "the first in-person meeting") and
#: the known engagement is that one of its people's engagements, or is not.
SUBJECT_ORDINAL = 2.5
SUBJECT_WRONG_ORDINAL = 1.0
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_ORDINAL_RX = re.compile(
    r"\b(" + "|".join(ORDINALS) + r")\b(?:[\s-]+[\w-]+){0,3}?[\s-]+(?:call|calls|meeting|"
    r"meetings|talks|time|conversation|conversations|summit|visit|encounter|exchange)\b",
    re.IGNORECASE)
#: The article's topics agree with the known engagement's: each shared topic adds this,
#: scaled by how rare it is among known engagements (a shared "covid" says more than a
#: shared "tariffs"), at most SUBJECT_TOPIC_MAX in all.
SUBJECT_TOPIC = 1.0
SUBJECT_TOPIC_MAX = 2.0
#: Below this a known engagement is not taken as the article's subject.
MIN_SUBJECT = 4.0
#: Known engagements within this much of the best score are equally likely subjects.
SUBJECT_TIE = 0.5


@dataclass(frozen=True)
class StatedDate:
    """What the headline event's own time expressions say, year or not."""

    months: frozenset[int]
    month_days: frozenset[tuple[int, int]]
    weekdays: frozenset[int]


def stated_date(event: Event) -> StatedDate:
    """The calendar fields of the time expressions attached to an event."""
    from parley.extract.dates import calendar_fields

    months, month_days, weekdays = set(), set(), set()
    for ref in event.time_refs:
        fields = calendar_fields(ref)
        if "weekday" in fields:
            weekdays.add(fields["weekday"])
        if "month" in fields and "day" in fields:
            month_days.add((fields["month"], fields["day"]))
        elif "month" in fields:
            months.add(fields["month"])
    return StatedDate(frozenset(months), frozenset(month_days), frozenset(weekdays))


def _days(span: Interval) -> list[date]:
    return [span[0] + timedelta(days=i) for i in range((span[1] - span[0]).days + 1)]


#: "the first since", "the second such meeting since": a count from a later start.
_COUNTED_SINCE_RX = re.compile(r"\b(?:first|second|third)\b(?:[\s-]+[\w-]+){0,3}?\s+since\b",
                               re.IGNORECASE)


def stated_ordinal(event: Event) -> int | None:
    """The count the report gives its engagement ("their second call"), if any; none when
    the report counts from a later start ("the first since they met in July", and then
    "during the first meeting")."""
    if any(_COUNTED_SINCE_RX.search(source.sentence) for source in event.sources):
        return None
    for source in event.sources:
        found = _ORDINAL_RX.search(source.sentence)
        if found and not re.match(r"\s+(?:since|in)\b", source.sentence[found.end():]):
            # "the first talks since October" counts from October, not from the start
            return ORDINALS[found.group(1).lower()]
    return None


def counted_since_month(event: Event) -> int | None:
    """The month a report counts its engagement from ("the first since the two met at the
    G20 in July": 7), if it names one right after "since"."""
    months = [m.lower() for m in pubdate_cues().months]
    for source in event.sources:
        found = _COUNTED_SINCE_RX.search(source.sentence)
        if found:
            tail = re.split(r"[.;]", source.sentence[found.end():found.end() + SINCE_CHARS])[0]
            named = [months.index(w) + 1 for w in re.findall(r"[a-z]+", tail.lower())
                     if w in months]
            return named[-1] if named else None
    return None


#: How far after "since" the month it counts from is looked for.
SINCE_CHARS = 100


def previous_of(k: KnownEngagement, people: set[str],
                known: Sequence[KnownEngagement]) -> KnownEngagement | None:
    """The engagement of the same people (two at least) just before ``k``."""
    mine = set(k.participants) & people
    if len(mine) < 2:
        return None
    earlier = [o for o in known if o.date < k.date and len(set(o.participants) & mine) >= 2]
    return max(earlier, key=lambda o: o.date, default=None)


def ordinal_of(k: KnownEngagement, people: set[str], known: Sequence[KnownEngagement]) -> int:
    """Which engagement of ``people`` (two of them at least) ``k`` was, counting from 1."""
    mine = set(k.participants) & people
    if len(mine) < 2:
        return 0
    family = {t for t in ("call", "video_call")} if k.type in ("call", "video_call") else None
    return 1 + sum(1 for other in known
                   if other.date < k.date and len(set(other.participants) & mine) >= 2
                   and (family is None or other.type in family))


def topic_rarity(known: Sequence[KnownEngagement]) -> dict[str, float]:
    """Each topic's weight as subject evidence: 1 for the rarest, less for common ones."""
    counts = Counter(t for k in known for t in set(k.topics))
    least = min(counts.values(), default=1)
    return {t: (least / n) ** 0.5 for t, n in counts.items()}


def _sides_of_others(event: Event, k: KnownEngagement,
                     country_of: Callable[[str], str | None]) -> int:
    """How many sides the event names people of while ``k`` lists only other people there."""
    mine: dict[str, set[str]] = {}
    for p in event.participants:
        if p.actor_id and p.country:
            mine.setdefault(p.country, set()).add(p.actor_id)
    theirs: dict[str, set[str]] = {}
    for person in k.participants:
        country = country_of(person)
        if country:
            theirs.setdefault(country, set()).add(person)
    return sum(1 for c, people in mine.items() if theirs.get(c) and not people & theirs[c])


def subject_score(k: KnownEngagement, span: Interval, event: Event, named: set[str],
                  text: str, place_counts: Counter[tuple[str, str]],
                  known: Sequence[KnownEngagement] = (),
                  topics: Mapping[str, float] | None = None,
                  country_of: Callable[[str], str | None] | None = None,
                  ) -> tuple[float, list[str]]:
    """How strongly the article says its headline event is known engagement ``k``.

    ``topics`` maps the article's topics to their rarity among known engagements;
    ``country_of`` gives a known participant's side."""
    compat = fusion_data().compat
    score, why = 0.0, []
    shared_topics = sorted(set(k.topics) & set(topics or {}))
    if shared_topics and topics:
        score += min(SUBJECT_TOPIC_MAX, SUBJECT_TOPIC * sum(topics[t] for t in shared_topics))
        why.append("topics " + ", ".join(shared_topics))
    count = stated_ordinal(event)
    people_here = {p.actor_id for p in event.participants if p.actor_id}
    since = counted_since_month(event) if known else None
    previous = previous_of(k, people_here, known) if since is not None else None
    if previous is not None:
        # "The first since they met in July": the engagement of theirs before it was in July.
        if previous.date.month == since:
            score += SUBJECT_ORDINAL
            why.append(f"the first since {previous.title} ({previous.date})")
        else:
            score -= SUBJECT_WRONG_ORDINAL
    if count is not None and known:
        nth = ordinal_of(k, people_here, known)
        if nth == count:
            score += SUBJECT_ORDINAL
            why.append(f"engagement number {count} of its people")
        elif nth:
            score -= SUBJECT_WRONG_ORDINAL
    shared_text = len(named & set(k.participants))
    if shared_text:
        score += SUBJECT_PERSON * min(shared_text, 3)
        why.append(f"{shared_text} of its participants named")
    people = {p.actor_id for p in event.participants if p.actor_id}
    shared_main = len(people & set(k.participants))
    score += SUBJECT_MAIN_PERSON * min(shared_main, 2)
    if country_of is not None:
        score -= SUBJECT_OTHER_SIDE * _sides_of_others(event, k, country_of)
    if compat(event.type, k.type) >= 0.5:
        score += SUBJECT_TYPE
    keyword = _keyword_hit(k.keywords, text)
    if keyword:
        score += SUBJECT_KEYWORD
        why.append(f"'{keyword}'")
    own_place = bool(event.location and k.location and _place_in(k.location, event.location))
    if own_place or _placed_in(k.location, text):
        common = place_counts[(normalise(k.location or ""), k.type)] > DISTINCTIVE_PLACE_MAX
        score += SUBJECT_PLACE if own_place or not common else SUBJECT_COMMON_PLACE
        why.append(f"'{(k.location or '').split(',')[0]}'")
    stated = stated_date(event)
    days = _days(span)
    near = [d + timedelta(days=o) for d in days for o in (-1, 0, 1)]
    if stated.month_days:
        if any((d.month, d.day) in stated.month_days for d in near):
            score += SUBJECT_MONTH_DAY
            why.append("its month and day")
        else:
            score -= SUBJECT_MONTH_DAY
    if stated.months:
        score += SUBJECT_MONTH if any(d.month in stated.months for d in days) else -SUBJECT_MONTH
    if stated.weekdays:
        if _weekday_fits(span, set(stated.weekdays)):
            score += SUBJECT_WEEKDAY
        else:
            score -= SUBJECT_WRONG_WEEKDAY
    return score, why


def _after_by(span: Interval, unit: str, count: int) -> Interval:
    """When a report that dates an engagement ``count`` units back ("last month": -1,
    "earlier this month": 0) was written: the unit that many steps after the engagement's."""
    lo, hi = span
    n = -count
    if unit == "day":
        return lo + timedelta(days=n), hi + timedelta(days=n + 1)
    if unit == "week":
        return lo + timedelta(days=max(0, 7 * n - 6)), hi + timedelta(days=7 * n + 6)
    if unit == "month":
        first = add_months(lo, n)
        last = add_months(hi, n + 1) - timedelta(days=1)
        return max(first, lo), last
    return max(date(lo.year + n, 1, 1), lo), date(hi.year + n, 12, 31)


def _written(span: Interval, step: tuple[str, int] | None, lag: int) -> Interval:
    """When a report of an engagement held over ``span`` was written: within ``lag`` days,
    or, dated back from publication ("the dinner meeting last month"), that step later."""
    return _after_by(span, *step) if step else (span[0], span[1] + timedelta(days=lag))


def _later_by(unit: str, count: int) -> str:
    """How ``_after_by`` reads: "the month after", "in the same week", "2 years after"."""
    if count == 0:
        return f"in the same {unit}"
    return f"the {unit} after" if count == -1 else f"{-count} {unit}s after"


def main_event_evidence(events: Sequence[Event], known: Sequence[KnownEngagement],
                        text: str, times: Sequence[TimeRef],
                        actors: Sequence[ActorMention] = (),
                        topics: Sequence[Tagged] = (),
                        country_of: Callable[[str], str | None] | None = None,
                        not_before: date | None = None,
                        ) -> list[Evidence]:
    """The article's headline engagement is a known one: published on its date or soon after.

    Every known engagement is scored against the headline event and the article's text
    (people, keywords, place, the month, day or weekday the text states); only the best,
    and those tied with it, count, so one matching keyword outweighs a dozen engagements
    that merely share the two presidents.  ``not_before`` (the latest date the text
    recalls as past) rules out engagements the article must have been written after:
    a caption's "Oval Office, April 4, 2019" beside "Oct. 10, 2019" recalls the April
    meeting, and the headline is a later one."""
    lag = WEEKDAY_LAG_DAYS if any(t.kind == "weekday" for t in times) else REPORT_LAG_DAYS
    named = {m.actor_id for m in actors if m.actor_id}
    place_counts = Counter((normalise(k.location or ""), k.type) for k in known)
    rarity = topic_rarity(known)
    article_topics = {t.label: rarity[t.label] for t in topics if t.label in rarity}
    out: list[Evidence] = []
    for event in (e for e in events if e.main and e.status == "happened"):
        named_here = named | {p.actor_id for p in event.participants if p.actor_id}
        stated = None if event.date_estimated else tolerant_interval(event.date,
                                                                      event.date_precision)
        step = next((st for st in map(relative_step, event.time_refs) if st), None)
        scored: list[tuple[float, KnownEngagement, Interval, list[str]]] = []
        for k in known:
            span = _engagement_interval(k)
            if span is None or (stated is not None and intersect(stated, span) is None) \
                    or fusion_data().compat(event.type, k.type) == 0 \
                    or (not_before is not None and _written(span, step, lag)[1] < not_before):
                continue
            score, why = subject_score(k, span, event, named_here, text, place_counts, known,
                                       article_topics, country_of)
            if score >= MIN_SUBJECT:
                scored.append((score, k, span, why))
        if not scored:
            continue
        best = max(s for s, *_ in scored)
        top = sorted((x for x in scored if x[0] >= best - SUBJECT_TIE), key=lambda x: -x[0])
        spans = [_written(span, step, lag) for _, _, span, _ in top]
        titles = "; ".join(f"{k.title} ({k.date}; {', '.join(why) or 'people and type'})"
                           for _, k, _, why in top[:3])
        lead = top[0]
        when = _later_by(*step) if step else f"within {lag} days"
        weight = WEIGHT_ENGAGEMENT if best >= MIN_SUBJECT + 1.0 else WEIGHT_WEAK_ENGAGEMENT
        out.append(Evidence(spans, weight,
                            f"headline {event.type} matches {titles}: published {when}",
                            "engagement",
                            point=(None if step else lead[2][1] + timedelta(days=1))
                            if len(top) == 1 else None,
                            score=lead[0], scores=[x[0] for x in top]))
    return out


def _names_type(k: KnownEngagement, sentence: str) -> bool:
    """True when the sentence has a word naming an engagement of k's type."""
    return any(_phrase_rx(w).search(sentence) for w in pubdate_cues().type_words.get(k.type, ()))


#: A report that looks ahead to a known engagement ("will meet at the G20 in Buenos
#: Aires") appears within this many days before it: plans are announced weeks ahead.
AHEAD_DAYS = 92
#: A place + type word identifies an engagement only if at most this many known ones share
#: both (a "Geneva round" is telling, a "Beijing visit" is not).
DISTINCTIVE_PLACE_MAX = 2


def _refers_to(k: KnownEngagement, sentence: str, previous: str, people: set[str],
               has_cue: bool, distinctive: bool) -> bool:
    """Does the sentence speak of engagement k (by keyword, people, or place + type word)?"""
    if _keyword_hit(k.keywords, sentence):
        return True
    shared = len(people & set(k.participants))
    if shared >= 2 or (shared == 1 and _place_in(k.location, sentence)):
        return True
    if not has_cue or not _names_type(k, sentence):
        return False
    # "the talks in Geneva earlier this month"; "signed the accord in January" after a
    # sentence naming the deal: only with a dating cue, which keeps loose matches honest.
    return ((distinctive and _place_in(k.location, sentence))
            or bool(_keyword_hit(k.keywords, previous)))


def reference_evidence(text: str, actors: Sequence[ActorMention],
                       known: Sequence[KnownEngagement], today: date) -> list[Evidence]:
    """Sentences naming a known engagement with a relative cue ('earlier this month', 'in January')."""
    cues = pubdate_cues()
    places = Counter((normalise(k.location or ""), k.type) for k in known)
    # What does not depend on the sentence is read once: every sentence meets every
    # known engagement, and undated articles are many.
    candidates = [(k, span, places[(normalise(k.location or ""), k.type)]
                   <= DISTINCTIVE_PLACE_MAX)
                  for k in known if (span := _engagement_interval(k)) is not None]
    out: list[Evidence] = []
    previous = ""
    for sentence in split_sentences(text):
        people = {m.actor_id for m in actors
                  if m.actor_id and sentence.start <= m.start < sentence.end}
        relative = sorted(((p, kind) for p, kind in cues.relative.items()
                           if _phrase_rx(p).search(sentence.text)), key=lambda c: -len(c[0]))
        month_cues: dict[int, tuple[str, str] | None] = {}
        dated: list[tuple[Interval, str]] = []
        loose: list[tuple[Interval, str]] = []
        past: list[tuple[Interval, str]] = []
        ahead: list[tuple[Interval, str]] = []
        for k, span, distinctive in candidates:
            if relative:
                cue: tuple[str, str] | None = relative[0]
            else:
                month = span[0].month
                if month not in month_cues:
                    month_cues[month] = _month_cue(sentence.text, span[0], cues)
                cue = month_cues[month]
            if not _refers_to(k, sentence.text, previous, people, cue is not None, distinctive):
                continue
            if cue is not None:
                # A bare month beside the people alone, no word for the engagement
                # ("since Trump's election in November"), may date something else: it
                # counts as a date, not a match.
                weak = not relative and not _keyword_hit(k.keywords, sentence.text) \
                    and not _place_in(k.location, sentence.text) \
                    and not _names_type(k, sentence.text)
                (loose if weak else dated).append(
                    (shift(cue[1], *span), f"'{cue[0]}' with {k.title} ({k.date})"))
            elif not looks_ahead(sentence.text) or _in_file_photo(text, sentence.start):
                past.append(((span[0], today), f"refers to {k.title} ({k.date}) as past"))
            elif _keyword_hit(k.keywords, sentence.text) or _place_in(k.location,
                                                                       sentence.text):
                # "Trump and Xi will meet again" names no engagement of theirs: only a
                # plan's own name or place says which one lies ahead.
                ahead.append(((span[0] - timedelta(days=AHEAD_DAYS), span[0]),
                              f"looks ahead to {k.title} ({k.date})"))
        previous = sentence.text
        for found, weight, kind in ((dated, WEIGHT_ENGAGEMENT, "reference"),
                                    (loose, WEIGHT_DATE, "reference"),
                                    (past, WEIGHT_DATE, "date"),
                                    (ahead, WEIGHT_DATE, "plan")):
            found = [(span, why) for span, why in found if span[0] <= today]
            if found:
                # Like a stated date recalled as past: most likely written the day after
                # (when the sentence recalls one engagement, not all of its people's).
                after = found[0][0][0] + timedelta(days=1) \
                    if kind == "date" and len(found) == 1 else None
                out.append(Evidence([span for span, _ in found], weight,
                                    "; ".join(why for _, why in found[:3]), kind, point=after))
    return out


def _month_cue(sentence: str, day: date, cues: Any) -> tuple[str, str] | None:
    """A month-name expression in the sentence that names the engagement's month."""
    name = cues.months[day.month - 1]
    for m in re.finditer(rf"(?:\b(\w+(?:\s+\w+)?)\s+)?\b{name}\b(?!\s*\d)", sentence):
        before = (m.group(1) or "").lower()
        words = before.split()
        prefix = next((p for p in (before, words[-1] if words else "") if p in cues.month_prefixes), "")
        return m.group().strip(), cues.month_prefixes[prefix]
    return None
