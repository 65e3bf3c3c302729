"""Undated reports placed by the dated reports of other articles (``parley.fuse.windows``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.fuse.test_cluster import BIDEN, LIU, XI, YELLEN, mention

from parley.fuse.cluster import fuse_events
from parley.fuse.windows import place_by_windows, report_window
from parley.models import TimeRef


def _thursday(value: str | None = None) -> TimeRef:
    """"on Thursday", counted from an estimated publication day."""
    return TimeRef("Thursday", 0, 8, "weekday", value, "day" if value else None,
                   relative=True, estimated=True)


def _placed(mentions, windows):
    by_id = {m.id: m for m in mentions}
    fused, membership = fuse_events(mentions)
    return place_by_windows(fused, membership, by_id, windows)


def test_an_undated_report_joins_the_one_dated_engagement_of_its_people_in_its_window(
) -> None:
    dated = [mention("a1-e1", "a1", date="2021-10-21"), mention("a2-e1", "a2", date="2021-10-21")]
    undated = replace(mention("u-e1", "u", date=None, precision=None),
                      time_refs=[_thursday()])
    window = {"u-e1": (date(2021, 10, 10), date(2021, 11, 30))}
    fused, membership = _placed([*dated, undated], window)
    assert len(fused) == 1 and fused[0].date == "2021-10-21"
    assert sorted(fused[0].article_ids) == ["a1", "a2", "u"]
    assert membership["u-e1"] == fused[0].id


def test_two_fitting_engagements_or_other_people_leave_the_report_undated() -> None:
    undated = replace(mention("u-e1", "u", date=None, precision=None), time_refs=[_thursday()])
    window = {"u-e1": (date(2021, 10, 10), date(2021, 11, 30))}
    # Two Yellen-Liu calls on Thursdays of the window: which one, the report cannot say.
    two = [mention("a1-e1", "a1", date="2021-10-21"), mention("a2-e1", "a2", date="2021-11-18")]
    fused, _ = _placed([*two, undated], window)
    assert [e.date for e in fused if "u" in e.article_ids] == [None]
    # A Biden-Xi call in the window is another engagement.
    other = [mention("a3-e1", "a3", date="2021-10-21", people=(BIDEN, XI))]
    fused, _ = _placed([*other, undated], window)
    assert [e.date for e in fused if "u" in e.article_ids] == [None]


def test_the_weekday_the_report_states_must_be_the_dated_engagements() -> None:
    undated = replace(mention("u-e1", "u", date=None, precision=None), time_refs=[_thursday()])
    window = {"u-e1": (date(2021, 10, 10), date(2021, 11, 30))}
    wednesday = [mention("a1-e1", "a1", date="2021-10-20")]
    fused, _ = _placed([*wednesday, undated], window)
    assert [e.date for e in fused if "u" in e.article_ids] == [None]


def test_reports_whose_windows_share_one_such_day_are_dated_by_it() -> None:
    # "on September 19", in two undated reports whose windows overlap in one September.
    sept = TimeRef("September 19", 0, 12, "month_day", None, None, relative=True,
                   estimated=True)
    reports = [replace(mention(f"u{i}-e1", f"u{i}", date=None, precision=None,
                               people=(YELLEN, LIU)), time_refs=[sept]) for i in (1, 2)]
    windows = {"u1-e1": (date(2024, 6, 1), date(2025, 12, 31)),
               "u2-e1": (date(2025, 1, 1), date(2026, 8, 31))}
    fused, _ = _placed(reports, windows)
    assert [e.date for e in fused] == ["2025-09-19"]
    # One report alone spans two Septembers.
    fused, _ = _placed(reports[:1], {"u1-e1": windows["u1-e1"]})
    assert [e.date for e in fused] == [None]


def test_only_a_report_dated_from_its_publication_day_has_a_window() -> None:
    window = (date(2021, 10, 10), date(2021, 11, 30))
    counted = replace(mention("u-e1", "u", date=None, precision=None), time_refs=[_thursday()])
    assert report_window(counted, window) == (date(2021, 10, 3), date(2021, 11, 30))
    by_publication = replace(mention("u-e2", "u", date=None, precision=None),
                             evidence={"date_from_publication": 1.0})
    assert report_window(by_publication, window) is not None
    # "when they last met", with no time at all, may be years before publication.
    recalled = mention("u-e3", "u", date=None, precision=None)
    assert report_window(recalled, window) is None
    assert report_window(counted, None) is None
