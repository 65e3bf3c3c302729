"""Place a report the text leaves undated by another article's dated report.

An article with no date of its own says "Xi and Trump spoke by phone on Thursday".
Its publication day is only estimated, within weeks or years, so the call's day is a
guess and the mention is left undated (``known.unplaced_if_uncertain``), to be dropped
from the timeline unless something else dates it.  Often another article in the store
reports the same call with its date.  When exactly one dated engagement of the same
kind and people lies within the report's window, the report is that engagement: the
knowledge base does the same for the engagements it knows (``known._undated_link``),
and this does it for those the store's own articles date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta

from parley.extract.dates import calendar_fields, fields_fit
from parley.fuse.cluster import MERGE_THRESHOLD, engagement_score, participant_score
from parley.fuse.dates import intersect, tolerant_interval
from parley.fuse.known import iso_day
from parley.fuse.merge import merge_members
from parley.models import Event

#: How long before the earliest publication day a report's engagement may lie: reports
#: follow the engagement they announce within days (``known.HEADLINE_LAG_DAYS``).
REPORT_LAG_DAYS = 7

Window = tuple[date, date]


def report_window(event: Event, window: Window | None) -> Window | None:
    """The days a mention left undated for want of a publication day can lie in: it was
    dated by that day ("no date in the text"), or counted from it ("on Thursday"), and
    the day is only known to lie in ``window``."""
    if window is None or event.date or event.status != "happened":
        return None
    counted = any(r.relative and r.estimated for r in event.time_refs)
    if not counted and event.evidence.get("date_from_publication", 0.0) <= 0:
        return None
    return window[0] - timedelta(days=REPORT_LAG_DAYS), window[1]


def place_by_windows(fused: Sequence[Event], membership: Mapping[str, str],
                     mentions: Mapping[str, Event], windows: Mapping[str, Window],
                     ) -> tuple[list[Event], dict[str, str]]:
    """Fused events, with each undated one whose every member has a report window joined
    to the one dated event of the same people and kind inside all those windows."""
    members: dict[str, list[str]] = {}
    for mention_id, event_id in membership.items():
        members.setdefault(event_id, []).append(mention_id)
    dated = [e for e in fused if e.date and e.status == "happened"]
    moved: dict[str, str] = {}
    placed: dict[str, date] = {}
    for event in fused:
        own = members.get(event.id, [])
        if event.date or event.status != "happened" or not own \
                or any(m not in windows for m in own):
            continue
        span = (max(windows[m][0] for m in own), min(windows[m][1] for m in own))
        if span[0] > span[1]:
            continue
        reports = [mentions[m] for m in own]
        hosts = [d for d in dated if _fits(event, d, span)
                 and all(_agrees(r, d) for r in reports)]
        if len(hosts) == 1:
            for m in own:
                moved[m] = hosts[0].id
            continue
        day = _only_day(span, reports)
        if day is not None:
            placed[event.id] = day
    out = [_placed(e, placed[e.id], members[e.id], windows) if e.id in placed else e
           for e in fused]
    if not moved:
        return out, dict(membership)
    new_membership = {m: moved.get(m, e) for m, e in membership.items()}
    grown = set(moved.values())
    emptied = {membership[m] for m in moved}
    fused, out = out, []
    for event in fused:
        if event.id in emptied:
            continue
        if event.id in grown:
            ids = [m for m, e in new_membership.items() if e == event.id]
            event = merge_members(event.id, [mentions[m] for m in ids], new_membership)
        out.append(event)
    return out, new_membership


def _fits(undated: Event, host: Event, span: Window) -> bool:
    """The dated event lies in the span and is the same engagement, people and all."""
    interval = tolerant_interval(host.date, host.date_precision)
    if interval is None or intersect(interval, span) is None:
        return False
    # A shared person at least, and no one of a side the other contradicts.
    if (participant_score(undated, host) or 0.0) < 0.5:
        return False
    placed = replace(undated, date=host.date, date_precision=host.date_precision)
    return engagement_score(placed, host) >= MERGE_THRESHOLD


def _agrees(report: Event, host: Event) -> bool:
    """What the report's own time expressions state without a year ("September 19",
    "Thursday") holds of the host's date (a fused event keeps no expressions: ``report``
    is one of its mentions); a host dated to the month only fits a stated month."""
    day = iso_day(host.date)
    month = int(host.date[5:7]) if host.date and len(host.date) >= 7 else None
    for ref in report.time_refs:
        if not (ref.relative and ref.estimated):
            continue
        fields = calendar_fields(ref)
        if day is not None and not fields_fit(fields, day):
            return False
        if day is None and ("day" in fields or "weekday" in fields
                            or fields.get("month", month) != month):
            return False
    return True


def _only_day(span: Window, reports: Sequence[Event]) -> date | None:
    """The one day of the span that every report's stated month and day, or weekday,
    fits ("September 19" in reports whose windows share only one September)."""
    wanted: dict[str, int] = {}
    for report in reports:
        for ref in report.time_refs:
            if ref.relative and ref.estimated:
                for name, value in calendar_fields(ref).items():
                    if wanted.setdefault(name, value) != value:
                        return None  # the reports disagree
    if not ("day" in wanted or "weekday" in wanted):
        return None
    days = [span[0] + timedelta(days=i) for i in range((span[1] - span[0]).days + 1)]
    fitting = [d for d in days if fields_fit(wanted, d)]
    return fitting[0] if len(fitting) == 1 else None


def _placed(event: Event, day: date, own: Sequence[str],
            windows: Mapping[str, Window]) -> Event:
    lo = max(windows[m][0] for m in own) + timedelta(days=REPORT_LAG_DAYS)
    hi = min(windows[m][1] for m in own)
    return replace(event, date=day.isoformat(), date_precision="day", date_estimated=True,
                   date_basis=f"the only such day while the reports' publication dates "
                              f"could all lie in {lo.isoformat()}..{hi.isoformat()}")
