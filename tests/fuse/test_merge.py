"""Which member's date a fused engagement takes."""

from __future__ import annotations

from parley.fuse.merge import choose_date
from parley.models import Event, TimeRef


def member(day: str, ref: TimeRef, estimated: bool = True) -> Event:
    return Event(id=f"m-{day}", type="call", date=day, date_precision="day",
                 date_estimated=estimated, time_refs=[ref])


def test_a_stated_calendar_day_beats_a_day_counted_from_an_estimate() -> None:
    counted = member("2025-09-17", TimeRef("three days earlier", 0, 18, "relative_day",
                                           "2025-09-17", "day", relative=True, estimated=True))
    stated = member("2025-09-19", TimeRef("September 19", 0, 12, "month_day", "2025-09-19",
                                          "day", relative=True, estimated=True))
    # Both lean on an estimated publication day; the calendar day names the call's own.
    assert choose_date([counted, stated]) is stated
    assert choose_date([stated, counted]) is stated


def test_a_date_not_estimated_beats_an_estimated_one() -> None:
    estimated = member("2025-09-19", TimeRef("September 19", 0, 12, "month_day",
                                             "2025-09-19", "day", relative=True))
    firm = member("2025-09-18", TimeRef("Thursday", 0, 8, "weekday", "2025-09-18", "day",
                                        relative=True), estimated=False)
    assert choose_date([estimated, firm]) is firm
