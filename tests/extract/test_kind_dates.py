"""Error kind 2: dates belong to their engagement.

Sentences written for these tests: a time tied to another verb, a deadline,
a weekday beside a stated day, a multi-day round, a dateline, a plan dated
after publication.
"""

from __future__ import annotations

import pytest
from tests.extract.support import extract_one, only_event_with

from parley.extract.article import Extractor
from parley.models import Article

pytestmark = pytest.mark.slow


def test_a_time_of_another_verb_does_not_date_the_call(extractor: Extractor) -> None:
    text = ("Joe Biden spoke with Xi Jinping by phone, the first call since Donald Trump "
            "cut off contact with Beijing in March.")
    call = only_event_with(extract_one(extractor, text, "2021-02-11"), "joe-biden", "xi-jinping")
    assert call.date != "2020-03"


def test_a_stated_day_beats_the_weekday_beside_it(extractor: Extractor) -> None:
    text = "Yang Jiechi met Jake Sullivan on Monday (March 14) in Rome."
    meeting = only_event_with(extract_one(extractor, text, "2022-04-01"), "jake-sullivan")
    assert meeting.date == "2022-03-14"


def test_a_multi_day_round_keeps_its_last_day(extractor: Extractor) -> None:
    text = "Scott Bessent and He Lifeng held talks in London on June 9-10."
    talks = only_event_with(extract_one(extractor, text, "2025-06-12"), "scott-bessent")
    assert (talks.date, talks.date_end) == ("2025-06-09", "2025-06-10")


def test_a_year_range_ends_on_the_stated_year() -> None:
    from parley.extract.dates import find_times

    (ref,) = find_times("They meet October 31 to November 1, 2025.", None)
    assert (ref.value, ref.value_end) == ("2025-10-31", "2025-11-01")


def test_the_dateline_dates_the_report_not_the_meeting(extractor: Extractor) -> None:
    text = "WASHINGTON, May 20 (Wire) - Steven Mnuchin and Liu He met on Thursday."
    article = Article(id="dateline-test", text=text, source="dateline-test.txt",
                      published="2018-05-20", published_precision="day",
                      published_basis="dateline", meta={"dateline": "WASHINGTON, May 20 (Wire) -"})
    (extraction,) = list(extractor.extract([article]))
    meeting = only_event_with(extraction, "steven-mnuchin", "liu-he")
    assert meeting.date == "2018-05-17"


def test_a_visit_next_year_is_planned(extractor: Extractor) -> None:
    text = "Donald Trump said he would visit Xi Jinping in Beijing next year."
    visits = extract_one(extractor, text, "2025-11-25").events
    assert visits and all(e.status == "planned" for e in visits)


def test_agreeing_to_meet_is_a_plan(extractor: Extractor) -> None:
    text = "Donald Trump and Xi Jinping agreed to meet at a later date."
    assert all(e.status == "planned" for e in extract_one(extractor, text, "2025-09-20").events)


def test_a_past_meeting_under_a_future_clause_happened(extractor: Extractor) -> None:
    text = ("The dialogue will open ten days after Xi Jinping and Donald Trump met on the "
            "sidelines of the G20 summit in Hamburg.")
    met = [e for e in extract_one(extractor, text, "2017-07-12").events
           if {"xi-jinping", "donald-trump"} <= {p.actor_id for p in e.participants}]
    assert met and met[0].status == "happened"


def test_a_date_after_which_a_measure_applies_is_no_engagement_date(
        extractor: Extractor) -> None:
    text = ("Summit in Buenos Aires: Xi Jinping and Donald Trump agree on a truce, with no new "
            "tariffs after January 1\n\nThe leaders talked for more than two hours.")
    summit = only_event_with(extract_one(extractor, text, "2018-12-02"),
                             "donald-trump", "xi-jinping")
    assert summit.date == "2018-12-02"


def test_their_first_call_since_a_month_recalls_a_call_in_that_month(
        extractor: Extractor) -> None:
    text = ("Vice Premier Liu He held a video call with Treasury Secretary Janet Yellen on "
            "Tuesday, their first call since October.")
    events = extract_one(extractor, text, "2022-07-06").events
    assert sorted((e.date, e.status) for e in events) == [
        ("2021-10", "happened"), ("2022-07-05", "happened")]


def test_a_second_call_since_a_month_recalls_nothing(extractor: Extractor) -> None:
    text = ("Vice Premier Liu He held a video call with Treasury Secretary Janet Yellen on "
            "Tuesday, their second call since October.")
    assert [e.date for e in extract_one(extractor, text, "2022-07-06").events] == ["2022-07-05"]


def test_the_call_their_first_since_a_month_recalls_the_previous_call(
        extractor: Extractor) -> None:
    text = ("Xi Jinping discusses soybeans with Donald Trump in a call\n"
            "Both leaders praised ties after the call, their first since November.\n"
            "President Donald Trump said the call with President Xi Jinping on Wednesday was "
            "very positive.")
    events = extract_one(extractor, text, "2026-02-05").events
    recalled = [e for e in events if e.date == "2025-11"]
    assert len(recalled) == 1
    assert {p.actor_id for p in recalled[0].participants} == {"xi-jinping", "donald-trump"}
