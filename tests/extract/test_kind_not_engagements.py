"""Error kind 1: things that are not engagements must not become events.

Sentences written for these tests.  Each case names the kind of mistake it
guards against: deadlines, speculation, denials, generic mentions, and one
engagement reported twice inside an article.
"""

from __future__ import annotations

import pytest
from tests.extract.support import extract_one

from parley.extract.article import Extractor
from parley.fuse.confidence import load_model, scored

pytestmark = pytest.mark.slow


def _kept(extractor: Extractor, text: str, published: str = "2025-05-14") -> list:
    """Happened mentions that reach the event threshold."""
    model = load_model()
    events = [scored(e, model) for e in extract_one(extractor, text, published).events]
    return [e for e in events if e.status == "happened" and (e.confidence or 0) >= model.threshold]


def test_a_hedged_meeting_is_less_believable_than_a_reported_one(extractor: Extractor) -> None:
    held = extract_one(extractor, "Scott Bessent met He Lifeng in Geneva on Saturday.").events
    maybe = extract_one(extractor, "Analysts said Scott Bessent could possibly meet He Lifeng "
                                   "in Geneva if the tariff truce holds.").events
    assert held and held[0].evidence["hedged"] == 0.0
    assert all(e.evidence["hedged"] == 1.0 or e.status != "happened" for e in maybe)
    model = load_model()
    assert max(scored(e, model).confidence for e in held) > max(
        (scored(e, model).confidence for e in maybe), default=0.0)


def test_a_denied_call_is_no_event(extractor: Extractor) -> None:
    events = extract_one(extractor, "Janet Yellen did not speak with He Lifeng by phone this "
                                    "week, a Treasury official said.", "2024-03-01").events
    assert events == []


def test_not_having_spoken_since_a_month_is_no_call(extractor: Extractor) -> None:
    text = ("Donald Trump and Xi Jinping had a lengthy phone conversation on Thursday. Xi and "
            "Trump had not spoken since the election in November.")
    events = extract_one(extractor, text, "2017-02-10").events
    assert [e.date for e in events] == ["2017-02-09"]


def test_a_call_that_produced_no_deal_was_still_held(extractor: Extractor) -> None:
    text = "The phone call between Joe Biden and Xi Jinping on Thursday did not produce a deal."
    (call,) = extract_one(extractor, text, "2022-07-29").events
    assert (call.type, call.date) == ("call", "2022-07-28")


def test_a_deadline_is_no_engagement_date(extractor: Extractor) -> None:
    events = extract_one(extractor, "Robert Lighthizer and Liu He held talks in Beijing on "
                                    "Thursday ahead of the March 1 deadline for higher tariffs.",
                         "2019-02-15").events
    talks = [e for e in events if "robert-lighthizer" in {p.actor_id for p in e.participants}]
    assert talks and talks[0].date == "2019-02-14"


def test_one_engagement_told_from_each_side_is_one_event(extractor: Extractor) -> None:
    text = ("On the US side, the talks in Beijing were led by Robert Lighthizer and Steven "
            "Mnuchin. On the Chinese side, the talks were led by Vice Premier Liu He.")
    events = extract_one(extractor, text, "2019-02-16").events
    talks = [e for e in events if e.type == "talks_round"]
    assert len(talks) == 1
    assert {p.actor_id for p in talks[0].participants} >= {
        "robert-lighthizer", "steven-mnuchin", "liu-he"}


def test_a_clear_report_passes_the_threshold(extractor: Extractor) -> None:
    kept = _kept(extractor, "US Treasury Secretary Scott Bessent and Vice Premier He Lifeng "
                            "held two days of talks in Geneva on May 10 and 11.")
    assert kept and kept[0].type == "talks_round"


def test_an_undated_headline_and_its_dated_report_are_one_event(extractor: Extractor) -> None:
    text = ("Readout on the United States Deputy-Level Trade Talks with China\n"
            "September 21, 2019\n\n"
            "On September 19 and 20, deputy negotiators from the United States and China "
            "met in Washington to prepare for a ministerial round.")
    events = extract_one(extractor, text, "2019-09-21").events
    held = [e for e in events if e.status == "happened"]
    assert [e.date for e in held] == ["2019-09-19"]


def test_a_headline_announcing_talks_joins_the_meeting_the_body_reports(
        extractor: Extractor) -> None:
    text = ("US and Chinese Officials to Hold Talks on Trade Issues during Visit\n\n"
            "Commerce Secretary Gina Raimondo met Commerce Minister Wang Wentao on Monday.")
    events = extract_one(extractor, text, "2023-08-29").events
    assert [(e.status, e.date) for e in events] == [("happened", "2023-08-28")]


def test_talks_reported_beside_a_call_of_the_same_people_are_the_call(
        extractor: Extractor) -> None:
    text = ("Donald Trump and Xi Jinping discuss soybeans in a call\n"
            "Both leaders praised the relationship afterwards.\n"
            "President Donald Trump said China would buy more soybeans after friendly talks "
            "with President Xi Jinping on Wednesday.")
    events = extract_one(extractor, text, "2026-02-05").events
    assert [(e.type, e.date) for e in events] == [("call", "2026-02-04")]


def test_leaders_speaking_warmly_of_ties_is_no_call(extractor: Extractor) -> None:
    text = ("Donald Trump and Xi Jinping spoke warmly of building trust after their summit "
            "at the resort.")
    assert not [e for e in extract_one(extractor, text, "2017-04-09").events if e.type == "call"]


def test_a_forums_own_gathering_is_no_bilateral_engagement(extractor: Extractor) -> None:
    text = ("Leaders of the 21 APEC economies came to Bangkok for a meeting on Friday; Vice "
            "President Kamala Harris stood in for President Joe Biden.")
    assert not extract_one(extractor, text, "2022-11-18").events


def test_two_leaders_meeting_on_a_forums_margins_is_kept(extractor: Extractor) -> None:
    text = ("Joe Biden met Xi Jinping on the sidelines of the APEC summit in Lima on "
            "Saturday.")
    events = extract_one(extractor, text, "2024-11-17").events
    assert [e.date for e in events] == ["2024-11-16"]


def test_face_to_face_talks_a_month_earlier_are_not_the_call(extractor: Extractor) -> None:
    text = ("Donald Trump described a very good phone conversation with Xi Jinping. It came "
            "a month after Donald Trump and Xi Jinping held face-to-face talks.")
    events = extract_one(extractor, text, "2025-11-25").events
    assert sorted(e.type for e in events) == ["call", "meeting"]  # leaders in person


def test_a_visit_to_a_third_place_is_no_engagement_of_the_two(extractor: Extractor) -> None:
    text = ("Joe Biden and Xi Jinping spoke by phone on Thursday amid tension over a visit to "
            "Taiwan by Nancy Pelosi.")
    events = extract_one(extractor, text, "2022-07-29").events
    assert [e.type for e in events] == ["call"]


def test_signing_an_executive_order_is_no_agreement(extractor: Extractor) -> None:
    # One side's order is a measure, not something two sides signed.
    text = ("President Donald Trump signed an executive order on Monday that doubled tariffs "
            "on Chinese goods, citing the flow of fentanyl from China.")
    assert not extract_one(extractor, text, "2025-03-04").events


def test_where_the_voices_are_is_no_place_of_the_call(extractor: Extractor) -> None:
    text = ("Joe Biden and Xi Jinping held a call on Monday, officials in Washington and "
            "Beijing said.")
    (call,) = extract_one(extractor, text, "2022-07-06").events
    assert call.type == "call" and call.location is None


def test_the_sides_named_before_talks_are_no_place_and_the_headline_joins_its_report(
        extractor: Extractor) -> None:
    text = ("US-China trade talks stretch past deadline\n\n"
            "Deputy US Trade Representative Jeffrey Gerrish held talks in Beijing on Tuesday.")
    (talks,) = extract_one(extractor, text, "2019-01-08").events
    assert talks.location == "Beijing"


def test_a_headline_meeting_naming_no_one_is_the_call_its_report_tells(
        extractor: Extractor) -> None:
    text = ("USTR Meets Chinese Vice Premier – 10/09/2021\n\n"
            "WASHINGTON, 9 October 2021 (Wire) – US Trade Representative Katherine Tai spoke "
            "with Chinese Vice Premier Liu He by phone this Friday night to discuss trade.")
    (call,) = extract_one(extractor, text, "2021-10-09").events
    assert call.type == "call"


def test_a_placed_engagement_later_on_is_the_one_reported_there_that_day(
        extractor: Extractor) -> None:
    text = ("Robert Lighthizer and Steven Mnuchin met Xi Jinping in Beijing on Friday.\n\n"
            "Markets rose after the meeting. A deadline looms on March 1. Soybean prices "
            "were flat.\n\nLiu He was invited into the Oval Office to see President Trump "
            "after talks in Washington at the end of last month, triggering Friday's "
            "reciprocal visit in Beijing.")
    events = [e for e in extract_one(extractor, text, "2019-02-15").events
              if e.date == "2019-02-15"]
    assert len(events) == 1 and events[0].participants


def test_the_same_leaders_meeting_in_another_city_is_another_engagement(
        extractor: Extractor) -> None:
    text = ("Xi and Trump agree to a truce after their G20 summit meeting\n\n"
            "Xi Jinping and Donald Trump have wrapped up their summit at the G20 in Osaka, "
            "Japan.\nA truce had been widely expected, as they agreed after Xi and Trump met in "
            "Buenos Aires in December.")
    events = [e for e in extract_one(extractor, text, "2019-06-29").events
              if e.status == "happened"]
    assert sorted((e.date, e.location) for e in events) == [
        ("2018-12", "Buenos Aires"), ("2019-06-29", "Osaka")]


def test_talks_in_a_country_and_in_its_capital_are_one_engagement(
        extractor: Extractor) -> None:
    text = ("Commerce Secretary Wilbur Ross in China for talks on trade\n\n"
            "Commerce Secretary Wilbur Ross held talks with Vice Premier Liu He in Beijing on "
            "Saturday.")
    events = [e for e in extract_one(extractor, text, "2018-06-03").events
              if e.status == "happened"]
    assert [e.date for e in events] == ["2018-06-02"]


def test_talks_no_one_is_named_for_placed_alike_are_one_engagement(
        extractor: Extractor) -> None:
    # The headline and the body each place the talks in Alaska and name nobody: one
    # engagement, not one dated by the quote's Friday and another left undated.
    text = ("Tense US-China talks end in Alaska\n\nBy A Reporter\n"
            "The two countries' negotiators have wrapped up their talks in Anchorage, Alaska.\n\n"
            "Senior officials of both countries ended what one side called \"candid\" "
            "talks in Alaska that showed how far apart they remain.\n\n"
            "\"We came for direct talks, and we got them,\" an official told reporters "
            "on Friday.")
    events = [e for e in extract_one(extractor, text, "2021-03-20").events
              if e.type == "talks_round" and e.status == "happened"]
    assert [(e.date, e.location) for e in events] == [("2021-03-19", "Alaska")]


def test_talks_placed_in_a_city_and_in_its_state_are_one_engagement(
        extractor: Extractor) -> None:
    # A state holds its cities as a country does (``places.json`` lists the regions).
    text = ("Officials of the United States and China began talks in Anchorage on Thursday."
            "\n\nChina and the United States ended their talks in Alaska a day later.")
    events = [e for e in extract_one(extractor, text, "2021-03-20").events
              if e.type == "talks_round"]
    assert [(e.status, e.date) for e in events] == [("happened", "2021-03-18")]


def test_also_meeting_someone_new_is_another_engagement(extractor: Extractor) -> None:
    # The governor met "also" is not one more participant of the vice premier's meeting.
    text = ("Treasury Secretary Janet Yellen met Vice Premier He Lifeng in Guangzhou on Friday. "
            "Yellen also met with Wang Weizhong, the provincial governor, and toured a "
            "factory.")
    events = extract_one(extractor, text, "2024-04-05").events
    main = next(e for e in events if e.date == "2024-04-05")
    assert {p.name for p in main.participants} == {"Janet Yellen", "He Lifeng"}
    assert len(events) == 2


def test_one_side_meeting_a_third_country_is_no_engagement_of_the_two(
        extractor: Extractor) -> None:
    # A caption of Xi with Putin under a headline on Biden's meeting: the caption's day is
    # not the Biden meeting's, and Xi's meeting with Putin is no US-China engagement.
    text = ("How far Xi backs Putin faces a test in Biden meeting\n\nBy A Reporter\n\n"
            "Russian President Vladimir Putin, right, and Chinese President Xi Jinping greet "
            "each other at a meeting in Beijing, China, on February 4.\n"
            "With the war hanging over this year's G20 gathering, Xi's position will be probed "
            "in his talks with US President Joe Biden.")
    events = [e for e in extract_one(extractor, text, "2022-11-14").events
              if e.status == "happened"]
    assert "2022-02-04" not in {e.date for e in events}
    assert not any(p.country == "RUS" for e in events for p in e.participants)


def test_a_day_of_talks_between_the_countries_is_one_engagement(extractor: Extractor) -> None:
    text = ("China and the United States wrapped up a second day of trade talks in the "
            "capital on Friday.")
    events = [e for e in extract_one(extractor, text, "2018-05-04").events
              if e.type == "talks_round"]
    assert [e.date for e in events] == ["2018-05-04"]


def test_talks_in_general_are_no_engagement(extractor: Extractor) -> None:
    text = "China and the United States said trade talks were the way to settle disputes."
    assert extract_one(extractor, text, "2018-05-04").events == []


def test_a_move_met_with_countermeasures_is_no_meeting(extractor: Extractor) -> None:
    text = ("Washington raised tariffs on Chinese goods on Sunday, a decision that was met "
            "with countermeasures from Beijing.")
    assert extract_one(extractor, text, "2019-09-03").events == []


def test_an_envoy_met_by_a_minister_is_a_meeting(extractor: Extractor) -> None:
    text = "Antony Blinken was met by Wang Yi in Beijing on Sunday."
    events = extract_one(extractor, text, "2023-06-19").events
    assert [(e.type, e.date) for e in events] == [("meeting", "2023-06-18")]


def test_their_conversations_after_a_meeting_are_that_meeting(extractor: Extractor) -> None:
    # "conversations", like "talks", says nothing of the medium: no call of its own.
    text = ("Antony Blinken met Wang Yi in Beijing on Friday. Both sides said their "
            "conversations were slowly building trust.")
    events = extract_one(extractor, text, "2024-04-27").events
    assert [(e.type, e.date) for e in events] == [("meeting", "2024-04-26")]
