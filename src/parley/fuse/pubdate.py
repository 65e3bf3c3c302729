"""Estimate when an undated article was published, as an interval with its reasons.

Each piece of evidence (see ``parley.fuse.evidence``) is a set of intervals with a weight.
The window is where the most weight agrees (a sweep over interval endpoints), so one
inconsistent mention is outvoted instead of emptying the intersection.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from parley.fuse.evidence import (
    Evidence,
    KnownEngagement,
    TenureSource,
    alike_evidence,
    elect_evidence,
    era_term_evidence,
    explicit_date_evidence,
    main_event_evidence,
    month_name_evidence,
    reference_evidence,
    side_by_office,
    tenure_evidence,
)
from parley.models import Article, Extraction

__all__ = ["KnownEngagement", "PubEstimate", "estimate_publication"]

#: Earliest year a bare month name is read against when nothing narrower is known.
EARLIEST_YEAR = 1990


@dataclass
class PubEstimate:
    """Estimated publication date: an inclusive window, a point, its precision and the reasons."""

    window: tuple[date, date]
    point: date
    precision: str
    basis: list[str] = field(default_factory=list)


#: Stretches within this much of the best total weight stay in the window: one piece of
#: weak evidence (a stated date, a bare month) must not narrow the window to a wrong week.
WINDOW_SLACK = 1.0


def _stretches(items: Sequence[Evidence]) -> list[tuple[float, date, date]]:
    """(total weight, first day, last day) of each stretch between interval endpoints."""
    bounds = sorted({d for e in items for lo, hi in e.intervals for d in (lo, hi + timedelta(days=1))})
    stretches = []
    for lo, nxt in itertools.pairwise(bounds):
        weight = sum(e.weight for e in items
                     if any(a <= lo and nxt - timedelta(days=1) <= b for a, b in e.intervals))
        stretches.append((weight, lo, nxt - timedelta(days=1)))
    return stretches


def _best_window(items: Sequence[Evidence]) -> tuple[date, date] | None:
    """Hull of the stretches whose total weight is within WINDOW_SLACK of the greatest."""
    stretches = _stretches(items)
    best = max((w for w, *_ in stretches), default=0.0)
    if best <= 0:
        return None
    winners = [(lo, hi) for w, lo, hi in stretches if w >= best - WINDOW_SLACK - 1e-9 and w > 0]
    return winners[0][0], winners[-1][1]


def _clip(items: list[Evidence], today: date) -> list[Evidence]:
    """Drop the parts of each piece of evidence after today, and evidence left empty."""
    for e in items:
        kept = [i for i, (lo, _hi) in enumerate(e.intervals) if lo <= today]
        if e.scores:
            e.scores = [e.scores[i] for i in kept if i < len(e.scores)]
        e.intervals = [(e.intervals[i][0], min(e.intervals[i][1], today)) for i in kept]
    return [e for e in items if e.intervals]


def _precision(window: tuple[date, date]) -> str:
    """Day, month or year, from the width of the window."""
    days = (window[1] - window[0]).days + 1
    if days <= 7:
        return "day"
    if days <= 14:
        return "week"
    if days <= 45 and (window[0].year, window[0].month) == (window[1].year, window[1].month):
        return "month"
    return "year"  # wider windows keep "year"; the window itself says how wide


def _supports(e: Evidence, window: tuple[date, date]) -> tuple[date, date] | None:
    """The interval of ``e`` overlapping the window, if any."""
    for lo, hi in e.intervals:
        if lo <= window[1] and window[0] <= hi:
            return lo, hi
    return None


def _basis(items: Sequence[Evidence], window: tuple[date, date]) -> list[str]:
    """Reasons, those that set a bound of the window first (narrowest first), then the rest."""
    ranked: list[tuple[int, int, str]] = []
    ignored: list[str] = []
    for e in items:
        span = _supports(e, window)
        if span is None:
            ignored.append(f"ignored as inconsistent with the rest: {e.reason}")
            continue
        bounding = span[0] == window[0] or span[1] == window[1]
        if not bounding and e.kind == "date":
            continue  # an older lower bound says nothing the decisive ones do not
        ranked.append((0 if bounding else 1, (span[1] - span[0]).days, e.reason))
    return list(dict.fromkeys([reason for *_, reason in sorted(ranked)] + ignored))


#: A dateline's month and day ("BEIJING, Nov 26 (Wire) -") fixes all but the year, so it
#: weighs as much as a matched engagement.
WEIGHT_DATELINE = 3.0


def dateline_evidence(article: Article, today: date) -> list[Evidence]:
    """The dateline's month and day, in every year up to today."""
    raw = str(article.meta.get("dateline_month_day") or "")
    match = re.fullmatch(r"--(\d{2})-(\d{2})", raw)
    if not match:
        return []
    month, day = int(match.group(1)), int(match.group(2))
    days = []
    for year in range(EARLIEST_YEAR, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            days.append((candidate, candidate + timedelta(days=1)))
    if not days:
        return []
    return [Evidence(days, WEIGHT_DATELINE,
                     f"dateline gives {date(2000, month, day):%B} {day} without a year",
                     "dateline")]


def estimate_publication(article: Article, extraction: Extraction, kb: TenureSource,
                         known: Sequence[KnownEngagement] = (), *,
                         today: date | None = None,
                         reported: Sequence[KnownEngagement] = (),
                         alike: Sequence[date] = ()) -> PubEstimate | None:
    """Publication window of an article from its content; None when nothing dates it.

    ``reported`` engagements (dated by other articles in the store) are matched to the
    headline engagement only: they are many and not curated, and a background sentence
    naming two presidents would refer to every one of theirs.  ``alike`` are the
    publication days of the dated reports the article reads most like."""
    today = today or date.today()
    items: list[Evidence] = []
    stated = explicit_date_evidence(article.text, extraction.times, today)
    # Only a stated day is firm enough to rule a headline match out ("early 2024" may be
    # a plan the sentence's wording hides).
    recalled = max((t for t in map(_recalled_day, stated) if t), default=None)
    items += main_event_evidence(extraction.events, [*known, *reported], article.text,
                                 extraction.times, extraction.actors, extraction.topics,
                                 side_by_office(kb), not_before=recalled)
    items += reference_evidence(article.text, extraction.actors, known, today)
    items += tenure_evidence(extraction.actors, kb, today)
    items += elect_evidence(article.text, extraction.actors, kb, today)
    items += stated
    items += era_term_evidence(article.text, today)
    items += dateline_evidence(article, today)
    items += alike_evidence(alike)
    items = _clip(items, today)
    if not items:
        return None
    first_year = min(lo.year for e in items for lo, _ in e.intervals)
    items += _clip(month_name_evidence(article.text, extraction.times, today,
                                       max(first_year, EARLIEST_YEAR)), today)
    window = _best_window(items)
    if window is None:
        return None
    return PubEstimate(window, _point(items, window), _precision(window), _basis(items, window))


def _recalled_day(e: Evidence) -> date | None:
    """The day a stated date recalled as past gives ("Oct. 10, 2019"), if it is one."""
    if e.kind != "date" or e.point is None:
        return None
    day = e.point - timedelta(days=1)  # the day after the recalled span
    return day if e.intervals[0][0] == day else None


#: A window wider than this has no meaningful middle: the point goes to its start, since
#: articles mostly appear soon after the latest events they mention.
WIDE_WINDOW_DAYS = 62


def _weight_on(items: Sequence[Evidence], day: date) -> float:
    return sum(e.weight for e in items if any(lo <= day <= hi for lo, hi in e.intervals))


def _point(items: Sequence[Evidence], window: tuple[date, date]) -> date:
    """The single most likely day inside the window.

    A matched headline engagement gives the day after it; among several candidates (the
    window then spans them all) the best supported, then best scored, then latest wins;
    otherwise the middle of a narrow window or the start of a wide one.  A dateline's
    month and day, when one year of it lies in the window, is the day itself: reports
    are filed the day they appear."""
    filed = {lo for e in items if e.kind == "dateline" for lo, _hi in e.intervals
             if window[0] <= lo <= window[1]}
    if len(filed) == 1:
        return filed.pop()
    candidates: list[tuple[float, float, date]] = []
    for e in items:
        if e.kind != "engagement":
            continue
        for i, (lo, hi) in enumerate(e.intervals):
            score = e.scores[i] if i < len(e.scores) else e.score
            day = e.point or lo + timedelta(days=1)
            if window[0] <= day <= window[1]:
                candidates.append((_weight_on(items, day), score, day))
            elif lo <= window[1] and window[0] <= hi:
                day = max(lo, window[0])
                candidates.append((_weight_on(items, day), score, day))
    if candidates:
        return max(candidates)[2]
    if (window[1] - window[0]).days <= WIDE_WINDOW_DAYS:
        return window[0] + (window[1] - window[0]) / 2
    # A wide window: articles appear soon after the latest date they recall, or just
    # before the plans and deadlines they look ahead to.
    recalled = [e.point for e in items if e.kind == "date" and e.point
                and window[0] <= e.point <= window[1]]
    ahead = [e.point for e in items if e.kind == "plan" and e.point
             and window[0] <= e.point <= window[1]]
    if recalled:
        return max(recalled)
    if ahead:
        return min(ahead)
    return _heaviest(items, window)


def _heaviest(items: Sequence[Evidence], window: tuple[date, date]) -> date:
    """The first day of the window's most supported stretch: the window keeps stretches
    nearly as well supported, but the best of them is where the evidence agrees most."""
    inside = [(w, lo) for w, lo, _hi in _stretches(items) if window[0] <= lo <= window[1]]
    return max(inside, key=lambda s: (s[0], -s[1].toordinal()), default=(0.0, window[0]))[1]
