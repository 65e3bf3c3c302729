"""Error kind 5: undated articles are dated by their strongest evidence, and a weak
estimate is a wide window, not a confident wrong day.  Texts written for these tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from tests.fuse.test_pubdate import engagement, titled

from parley.fuse.pubdate import estimate_publication
from parley.kb import KnowledgeBase
from parley.models import (
    ActorMention,
    Article,
    Event,
    Extraction,
    Participant,
    Span,
    Tagged,
    TimeRef,
)

TODAY = date(2026, 6, 1)

CALLS = [engagement(f"call-{day}", day, "call", ["ann-lead", "bo-chief"], None, f"Call on {day}")
         for day in ("2019-05-10", "2021-06-02", "2023-09-14")]
SUMMIT = engagement("palm-summit", "2017-04-06", "summit", ["ann-lead", "bo-chief"],
                    "Palm Beach", "Summit at the palm estate", ("hundred-day plan",))
SHANGHAI = engagement("shanghai-talks", "2019-07-30", "talks_round", ["ann-lead", "bo-chief"],
                      "Shanghai", "Talks in Shanghai")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.default()


def _estimate(kb, text: str, *, known=(), events=(), times=(), actors=()):
    article = Article(id="p1", text=text, source="p1.txt")
    ex = Extraction("p1", "test", True, actors=list(actors), times=list(times),
                    events=list(events))
    return estimate_publication(article, ex, kb, known, today=TODAY)


def _headline(kind: str, sentence: str, times=(), location=None) -> Event:
    return Event(id="p1-e1", type=kind, main=True, location=location, time_refs=list(times),
                 sources=[Span("p1", 0, len(sentence), sentence=sentence)],
                 participants=[Participant("Ann Lead", "ann-lead", "USA", None),
                               Participant("Bo Chief", "bo-chief", "CHN", None)])


def test_a_keyword_picks_one_engagement_among_many_of_the_same_people(kb) -> None:
    text = "Ann Lead and Bo Chief agreed a hundred-day plan at their meeting."
    result = _estimate(kb, text, known=[*CALLS, SUMMIT, SHANGHAI],
                       events=[_headline("meeting", text)])
    assert result is not None and result.point == date(2017, 4, 7)


def test_the_stated_count_picks_that_engagement_of_its_people(kb) -> None:
    text = "It was the second call between Ann Lead and Bo Chief."
    result = _estimate(kb, text, known=CALLS, events=[_headline("call", text)])
    assert result is not None and result.point == date(2021, 6, 3)


def test_a_stated_month_and_day_pick_the_engagement_on_that_day(kb) -> None:
    text = "Ann Lead and Bo Chief held a call on September 14."
    ref = TimeRef("September 14", 37, 49, "month_day", relative=True)
    result = _estimate(kb, text, known=CALLS, events=[_headline("call", text, [ref])])
    assert result is not None and result.point == date(2023, 9, 15)


def test_a_deadline_ahead_bounds_publication_from_above(kb) -> None:
    text = "Negotiators kept working ahead of the March 1, 2019 deadline."
    ref = TimeRef("March 1, 2019", 38, 51, "absolute_day", "2019-03-01", "day")
    result = _estimate(kb, text, times=[ref])
    assert result is not None
    assert result.window[1] <= date(2019, 3, 1) and result.point == date(2019, 2, 28)


def test_titles_alone_give_a_wide_window_not_a_confident_day(kb) -> None:
    text = "Treasury Secretary Janet Yellen said talks would continue."
    actors = [titled("Treasury Secretary Janet Yellen", "janet-yellen",
                     "usa.treasury.secretary", 0)]
    result = _estimate(kb, text, actors=actors)
    assert result is not None
    assert (result.window[1] - result.window[0]).days > 365 and result.precision == "year"


def test_a_term_of_its_time_bounds_publication_from_below(kb) -> None:
    text = "Officials discussed the coronavirus and trade."
    result = _estimate(kb, text)
    assert result is not None and result.window[0] == date(2020, 1, 7)


def test_shared_rare_topics_pick_the_engagement_on_that_subject(kb) -> None:
    """Three calls of the same people; the article is about a pandemic and the tariff
    truce, which only the middle call dealt with."""
    calls = [replace(c, topics=topics) for c, topics in zip(
        CALLS, (("tariffs",), ("covid", "phase_one_deal"), ("tariffs", "taiwan")), strict=True)]
    rare = [engagement(f"other-{i}", "2018-01-0" + str(i), "meeting", ["x", "y"], None, "x")
            for i in range(1, 4)]
    others = [replace(r, topics=("tariffs",)) for r in rare]
    text = "Ann Lead and Bo Chief spoke by phone about the virus and the trade deal."
    topics = [Tagged("covid", Span("p1", 0, 4)), Tagged("phase_one_deal", Span("p1", 0, 4))]
    article = Article(id="p1", text=text, source="p1.txt")
    ex = Extraction("p1", "test", True, events=[_headline("call", text)], topics=topics)
    result = estimate_publication(article, ex, kb, [*calls, *others], today=TODAY)
    assert result is not None and result.point == date(2021, 6, 3)


def test_a_keyword_in_quotation_marks_still_picks_its_engagement(kb) -> None:
    text = "Ann Lead and Bo Chief agreed a \u2018hundred-day\u2019 plan at their meeting."
    result = _estimate(kb, text, known=[*CALLS, SUMMIT, SHANGHAI],
                       events=[_headline("meeting", text)])
    assert result is not None and result.point == date(2017, 4, 7)


def test_the_first_since_a_month_is_no_count_of_engagements(kb) -> None:
    text = "It was the first call since May between Ann Lead and Bo Chief."
    result = _estimate(kb, text, known=CALLS, events=[_headline("call", text)])
    assert result is None or result.point != date(2019, 5, 11)


def test_the_first_since_a_month_is_the_engagement_after_theirs_in_that_month(kb) -> None:
    # Calls of 2019-05, 2021-06 and 2023-09: the one after May's is June 2021's.
    text = ("Ann Lead and Bo Chief held a call, the first since they spoke in May. "
            "During the first call they discussed trade.")
    result = _estimate(kb, text, known=CALLS, events=[_headline("call", text)])
    assert result is not None and result.point == date(2021, 6, 3)


def test_a_month_beside_the_people_but_no_engagement_word_does_not_outvote_a_keyword(kb) -> None:
    head = "Ann Lead and Bo Chief agreed a hundred-day plan at their meeting."
    text = head + " Ann Lead had irked Bo Chief after his election in May."
    actors = [ActorMention("Ann Lead", len(head) + 1, len(head) + 9, "person", "ann-lead"),
              ActorMention("Bo Chief", len(head) + 20, len(head) + 28, "person", "bo-chief")]
    result = _estimate(kb, text, known=[*CALLS, SUMMIT, SHANGHAI],
                       events=[_headline("meeting", head)], actors=actors)
    assert result is not None and result.window[1] < date(2018, 1, 1)


def test_looking_ahead_to_a_known_engagement_dates_the_weeks_before_it(kb) -> None:
    text = "Ann Lead and Bo Chief will agree a hundred-day plan when they meet."
    actors = [ActorMention("Ann Lead", 0, 8, "person", "ann-lead"),
              ActorMention("Bo Chief", 13, 21, "person", "bo-chief")]
    result = _estimate(kb, text, known=[SUMMIT], actors=actors)
    assert result is not None
    assert date(2017, 1, 1) <= result.window[0] and result.window[1] <= date(2017, 4, 6)


def test_a_capital_standing_for_its_government_places_no_engagement(kb) -> None:
    # "between Washington and Beijing" names governments; "in New York" names the place.
    known = [engagement("ny-meeting", "2022-09-23", "meeting", ["ann-lead", "bo-chief"],
                        "New York", "Meeting at the United Nations"),
             engagement("dc-meeting", "2023-10-26", "meeting", ["ann-lead", "bo-chief"],
                        "Washington", "Meeting at the State Department")]
    text = ("Ann Lead and Bo Chief met in New York amid tensions between Washington and "
            "Beijing.")
    result = _estimate(kb, text, known=known, events=[_headline("meeting", text)])
    assert result is not None and result.point == date(2022, 9, 24)


def test_a_dateline_names_the_place_of_the_report(kb) -> None:
    known = [engagement("hh-meeting", "2017-07-08", "meeting", ["ann-lead", "bo-chief"],
                        "Hamburg", "Meeting at the summit"),
             engagement("bj-meeting", "2017-11-09", "meeting", ["ann-lead", "bo-chief"],
                        "Beijing", "Meeting at the state visit")]
    text = "HAMBURG Ann Lead took a warm tone at a meeting with Bo Chief."
    result = _estimate(kb, text, known=known, events=[_headline("meeting", text)])
    assert result is not None and result.point == date(2017, 7, 9)


def test_a_headline_match_barely_past_the_bar_does_not_outvote_firm_bounds(kb) -> None:
    """The talks match a known meeting of 2019 on type, one person and a rare topic,
    barely past the bar; an office its holder took only in 2025, and a month of 2025
    recalled as past, say later. The weak match must not pull the estimate back six
    years."""
    text = ("Following talks, Trade Representative Li Chenggang said chips were discussed "
            "with Donald Trump's envoys, as in April 2025.")
    osaka = replace(engagement("osaka", "2019-06-29", "meeting", ["donald-trump", "xi-jinping"],
                               None, "Meeting on chips"), topics=("semiconductors",))
    headline = replace(_headline("talks_round", text),
                       participants=[Participant("Donald Trump", "donald-trump", "USA", None)])
    actors = [titled("Trade Representative Li Chenggang", "li-chenggang",
                     "chn.commerce.trade_representative", 17)]
    article_ = Article(id="p1", text=text, source="p1.txt")
    april = TimeRef("April 2025", 111, 121, "absolute_month", "2025-04", "month")
    ex = Extraction("p1", "test", True, actors=actors, events=[headline], times=[april],
                    topics=[Tagged("semiconductors", Span("p1", 56, 61, text="chips"))])
    result = estimate_publication(article_, ex, kb, [osaka, SHANGHAI], today=TODAY)
    assert result is not None and "osaka" not in " ".join(result.basis[:1]).lower()
    assert result.window[0] >= date(2025, 4, 16) and result.point.year >= 2025
