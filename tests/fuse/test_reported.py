"""Engagements the store's dated reports place, for dating undated articles."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.fuse.test_cluster import BIDEN, LIU, XI, YELLEN, mention

from parley.fuse.reported import reported_engagements, reporters, reports_alike
from parley.kb.engagements import KnownEngagement
from parley.models import Event


def _two_reports(**changes: object) -> Event:
    event = replace(mention("e1", "a1", date="2021-10-21", people=(YELLEN, LIU)),
                    article_ids=["a1", "a2"])
    return replace(event, **changes)


def test_an_engagement_two_dated_articles_report_dates_others() -> None:
    (found,) = reported_engagements([_two_reports()], firmly_dated={"a1", "a2"})
    assert (found.date, found.type) == (date(2021, 10, 21), "call")
    assert set(found.participants) == {"p.yellen", "p.liu_he"}


def test_what_is_not_firmly_dated_by_two_reports_dates_nobody() -> None:
    firm = {"a1", "a2"}
    assert not reported_engagements([_two_reports()], firmly_dated={"a1"})
    assert not reported_engagements([_two_reports(date_estimated=True)], firm)
    assert not reported_engagements([_two_reports(date="2021-10", date_precision="month")],
                                    firm)
    assert not reported_engagements([_two_reports(status="planned")], firm)
    one_person = _two_reports(participants=_two_reports().participants[:1])
    assert not reported_engagements([one_person], firm)


def test_an_engagement_the_file_lists_is_left_to_the_file() -> None:
    listed = KnownEngagement("call-1", date(2021, 10, 22), None, "day", "call",
                             ("p.yellen", "p.liu_he"), None, "Yellen and Liu He talk", (), ())
    assert not reported_engagements([_two_reports()], {"a1", "a2"}, [listed])
    others = replace(listed, participants=(BIDEN.actor_id, XI.actor_id))
    assert reported_engagements([_two_reports()], {"a1", "a2"}, [others])


def test_only_an_engagement_reported_by_an_article_alike_dates_another() -> None:
    event = _two_reports()
    (found,) = reported_engagements([event], {"a1", "a2"})
    assert reports_alike([found], reporters([event]), nearest={"a2", "a9"}) == [found]
    # The dated articles the undated one reads like report something else: the same
    # people's engagement the store holds may not be the one it tells of.
    assert reports_alike([found], reporters([event]), nearest={"a7", "a9"}) == []
