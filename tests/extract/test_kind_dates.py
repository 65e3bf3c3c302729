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


def test_a_first_meeting_still_to_come_recalls_the_last_one_too(extractor: Extractor) -> None:
    # Whether the first meeting since October is held or only planned, one was held then.
    text = ("Jake Sullivan will meet Yang Jiechi in Rome next week. It will be Mr Sullivan's "
            "first meeting with Mr Yang since October.")
    events = extract_one(extractor, text, "2022-03-09").events
    assert ("2021-10", "happened") in {(e.date, e.status) for e in events}


def test_the_first_holder_of_an_office_to_visit_since_a_year_recalls_no_visit_of_theirs(
        extractor: Extractor) -> None:
    # "First" counts secretaries of state: the visit of 2018 was a predecessor's.
    text = ("Antony Blinken held a half-hour meeting with Xi Jinping in Beijing on Monday.\n\n"
            "Blinken \u2014 the first secretary of state to visit Beijing since 2018 \u2014 "
            "said the session at the Great Hall had brought progress.")
    events = [e for e in extract_one(extractor, text, "2023-06-19").events
              if e.status == "happened"]
    assert [e.date for e in events] == ["2023-06-19"]


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


def test_a_recalled_call_stays_apart_from_an_undated_report_of_the_new_one(
        extractor: Extractor) -> None:
    text = ("Liu He, Janet Yellen hold video call\n"
            "Vice Premier Liu He held a video call with Treasury Secretary Janet Yellen on "
            "Tuesday, their first call since October.\n"
            "During the video call, Liu He and Janet Yellen discussed tariffs.\n"
            "It marked their first call since October.")
    undated = Article(id="undated", text=text, source="undated.txt")
    (extraction,) = list(extractor.extract([undated]))
    (main,) = [e for e in extraction.events if e.main]
    # Read before any publication date is known, "since October" must not become the
    # reported call's month: the estimate would then date the article to October.
    assert [r.text for r in main.time_refs] == ["Tuesday"]


def test_a_date_opening_the_sentence_dates_its_talks(extractor: Extractor) -> None:
    text = ("On March 3-4, 2024, Chinese Vice Premier He Lifeng, leading the Chinese "
            "delegation, held economic and trade talks in Vienna, Austria, with U.S. Treasury "
            "Secretary Yellen.")
    talks = only_event_with(extract_one(extractor, text, "2024-03-10"), "he-lifeng")
    assert (talks.date, talks.date_end) == ("2024-03-03", "2024-03-04")


def test_a_date_before_the_noun_dates_that_call(extractor: Extractor) -> None:
    text = ("Beijing said the teams of China and the United States would follow the consensus "
            "reached during the April 2, 2025, call between the two countries' leaders, "
            "aiming for stable ties.")
    call = only_event_with(extract_one(extractor, text, "2025-04-20"), "donald-trump")
    assert (call.type, call.date) == ("call", "2025-04-02")


def test_a_headline_joins_the_lede_round_dated_with_its_year(extractor: Extractor) -> None:
    text = ("Economic and Trade Talks Held in Vienna\n"
            "On March 3-4, 2024, Chinese Vice Premier He Lifeng, leading the Chinese "
            "delegation, held economic and trade talks in Vienna, Austria, with U.S. Treasury "
            "Secretary Yellen.")
    (talks,) = extract_one(extractor, text, "2024-03-10").events
    assert (talks.date, talks.main) == ("2024-03-03", True)


def test_a_lede_dated_with_its_year_is_the_news_not_background(extractor: Extractor) -> None:
    text = ("On March 3-4, 2024, Chinese Vice Premier He Lifeng held economic and trade talks "
            "in Vienna with U.S. Treasury Secretary Janet Yellen.\n"
            "Both sides called the exchanges candid and constructive.\n"
            "The teams will keep in touch.\n"
            "Separately, Gina Raimondo spoke with Wang Wentao by phone on Friday.\n"
            "Raimondo raised export controls during the call, and Wang raised tariffs.\n"
            "Wang said the call was frank and useful.")
    main = next(e for e in extract_one(extractor, text, "2024-03-10").events if e.main)
    assert {p.actor_id for p in main.participants} >= {"he-lifeng", "janet-yellen"}


def test_an_undated_headline_of_both_sides_takes_the_publication_day(
        extractor: Extractor) -> None:
    text = "Janet Yellen meets He Lifeng as trade frictions ease"
    (meeting,) = extract_one(extractor, text, "2024-04-06").events
    assert (meeting.date, meeting.date_estimated) == ("2024-04-06", True)


def test_an_undated_headline_naming_one_side_is_not_dated_by_a_guess(
        extractor: Extractor) -> None:
    from parley.extract.features import ONE_SIDED_HEADLINE
    from parley.fuse.known import link_known

    # The publication day is kept only as a guess for the known engagements to confirm
    # (a talks round of his in the week before); none confirms it here.
    text = "Chinese and US officials watch as He Lifeng holds trade talks"
    events = extract_one(extractor, text, "2024-04-06").events
    assert events and all(e.date is None or e.evidence.get(ONE_SIDED_HEADLINE) for e in events)
    assert all(link_known(e, [], "2024-04-06").date is None for e in events)


def test_an_undated_signing_of_the_two_countries_in_the_headline_is_of_the_publication_day(
        extractor: Extractor) -> None:
    # A signing or joint statement is between the two countries even when no person is
    # named; a headline that reports one undated reports that day's.
    text = ("US and China sign first-stage trade deal\n\n"
            "The two countries put their names to a preliminary accord. Markets rose.")
    (signing,) = extract_one(extractor, text, "2020-01-15").events
    assert (signing.type, signing.date, signing.date_estimated) == (
        "agreement_signed", "2020-01-15", True)


def test_a_time_inside_a_since_phrase_dates_the_recalled_engagement(
        extractor: Extractor) -> None:
    # "July" dates the Bali meeting the "since" phrase names, not the one reported.
    text = ("Antony Blinken met Wang Yi in New York on Friday.\n\n"
            "The meeting lasted 90 minutes and was their first since the G-20 foreign "
            "ministers meeting in Bali, Indonesia in July.")
    meetings = sorted((e for e in extract_one(extractor, text, "2022-09-24").events
                       if e.type == "meeting" and e.status == "happened"),
                      key=lambda e: e.date)
    assert [e.date for e in meetings] == ["2022-07", "2022-09-23"]
    assert all({p.actor_id for p in e.participants} == {"antony-blinken", "wang-yi"}
               for e in meetings)


def test_a_first_call_since_a_day_recalls_a_call_of_the_people_named_after_it(
        extractor: Extractor) -> None:
    # The trigger of the first sentence names nobody; the next names the people, and the
    # call recalled through "since" was between them too.
    text = ("After their first phone conversation since Aug. 13, negotiators of both sides "
            "agreed to meet in October.\n\n"
            "Liu He spoke with Robert Lighthizer and Steven Mnuchin by phone on Sept. 5, "
            "China's commerce ministry said.")
    calls = sorted((e for e in extract_one(extractor, text, "2019-09-05").events
                    if e.type == "call" and e.status == "happened"), key=lambda e: e.date)
    assert [(e.date, {p.actor_id for p in e.participants}) for e in calls] == [
        ("2019-08-13", {"liu-he", "robert-lighthizer", "steven-mnuchin"}),
        ("2019-09-05", {"liu-he", "robert-lighthizer", "steven-mnuchin"})]


def test_a_since_phrase_joined_to_the_reported_meeting_still_dates_the_recalled_one(
        extractor: Extractor) -> None:
    # "Blinken's meeting ... at China's mission" is not read as "the meeting" before it, so
    # the G-20 meeting inside the "since" phrase joins its draft; "July" still dates the
    # earlier meeting, not the one reported.
    text = ("Antony Blinken met his Chinese counterpart at the United Nations, an official "
            "said.\n\n"
            "Blinken's meeting with Foreign Minister Wang Yi at China's mission in New York "
            "lasted an hour and was their first since the G-20 foreign ministers meeting in "
            "Bali in July.")
    meetings = sorted((e for e in extract_one(extractor, text, "2022-09-23").events
                       if e.type == "meeting" and e.status == "happened"),
                      key=lambda e: e.date)
    assert [(e.date, {p.actor_id for p in e.participants}) for e in meetings] == [
        ("2022-07", {"antony-blinken", "wang-yi"}),
        ("2022-09-23", {"antony-blinken", "wang-yi"})]


def test_a_time_belongs_to_the_trigger_of_its_clause_within_a_group(
        extractor: Extractor) -> None:
    # The negotiations of the relative clause come first; "earlier this year" is the held
    # talks', and dates them instead of the publication day.
    text = ("Liu He, who has led the negotiations in the trade talks since the trade war "
            "began, has held talks with Janet Yellen earlier this year.")
    talks = only_event_with(extract_one(extractor, text, "2021-10-27"), "liu-he", "janet-yellen")
    assert talks.date == "2021"


def test_the_page_date_line_dates_no_engagement(extractor: Extractor) -> None:
    from parley.ingest.text import read_text

    text = ("Xi and Trump meet in Beijing\n\nNovember 10, 2017\n\n"
            "Xi Jinping met Donald Trump in Beijing, officials said.")
    (extraction,) = list(extractor.extract([read_text(text, "meet.txt")]))
    line = text.index("November 10")
    assert extraction.events
    assert not any(t.start == line for t in extraction.times)


def test_a_time_that_modifies_another_noun_dates_no_engagement(extractor: Extractor) -> None:
    # "next year's naval exercises" dates the exercises, not the talks of the clause before.
    text = ("Xi Jinping met Donald Trump in Hamburg on Saturday. Xi also stressed the "
            "importance of talks with Pyongyang and said China will join next year's naval "
            "exercises.")
    events = extract_one(extractor, text, "2017-07-09").events
    assert [(e.type, e.date) for e in events] == [("meeting", "2017-07-08")]



def test_they_last_spoke_in_an_undated_article_is_an_earlier_call(
        extractor: Extractor) -> None:
    # With no publication date neither time resolves; "last" still says an earlier call,
    # whose day must not date the one reported (nor match it to a known engagement).
    text = ("Tensions over Taiwan dominated a call between President Joe Biden and Chinese "
            "leader Xi Jinping on Thursday.\n\nThe call lasted more than two hours.\n\n"
            "Last call: They last spoke on March 18 and could meet in November.")
    (extraction,) = list(extractor.extract([Article(id="u1", text=text, source="u1.txt")]))
    calls = [sorted(r.text for r in e.time_refs) for e in extraction.events
             if e.type == "call" and e.status == "happened"]
    assert sorted(calls) == [["March 18"], ["Thursday"]]


def test_a_stated_day_just_after_publication_is_the_other_sides_day(
        extractor: Extractor) -> None:
    # A Beijing readout carried under the Washington date of the evening before.
    text = ("Vice Premier Liu He held a phone conversation with Robert Lighthizer and "
            "Steven Mnuchin on Nov 26.")
    call = only_event_with(extract_one(extractor, text, "2019-11-25"), "robert-lighthizer")
    assert (call.date, call.status) == ("2019-11-26", "happened")


def test_a_time_in_the_engagements_own_sentence_beats_a_later_one(
        extractor: Extractor) -> None:
    text = ("Wang Yi meets US climate envoy John Kerry in Beijing\n\n"
            "China's top diplomat Wang Yi met US climate envoy John Kerry on Tuesday at the "
            "Great Hall of the People, calling him an old friend.\n\n"
            "Kerry was greeted by Wang on the third day of his visit to China that ends on "
            "Wednesday.\n")
    meeting = only_event_with(extract_one(extractor, text, "2023-07-18"), "john-kerry")
    assert meeting.date == "2023-07-18"


def test_talks_held_since_which_they_had_not_met_are_an_earlier_engagement(
        extractor: Extractor) -> None:
    text = ("Joe Biden and Xi Jinping said turning their backs on each other was not an "
            "option at a summit in California.\n\n"
            "Biden and Xi had not met in person since they held talks in Bali in "
            "November 2022.")
    events = extract_one(extractor, text, "2023-11-16").events
    assert sorted(e.date or "" for e in events if e.status == "happened") == [
        "2022-11", "2023-11-16"]


def test_the_time_of_what_a_since_phrase_names_dates_no_engagement(
        extractor: Extractor) -> None:
    text = ("Donald Trump met Xi Jinping in Beijing on Nov 8.\n\n"
            "Trump was the first head of state to have visited China since the party "
            "congress in October.")
    events = extract_one(extractor, text, "2017-12-29").events
    assert all(e.date != "2017-10" for e in events)


def test_a_joint_statement_the_lede_quotes_undated_is_of_the_publication_day(
        extractor: Extractor) -> None:
    text = ("China will increase purchases of American goods, the White House said in a "
            "joint statement after talks.\n\n"
            "Vice Premier Liu He held talks in Washington on Thursday and Friday with "
            "Steven Mnuchin.")
    events = extract_one(extractor, text, "2018-05-19").events
    statements = [e for e in events if e.type == "joint_statement"]
    assert [(e.date, e.date_estimated) for e in statements] == [("2018-05-19", True)]


def test_a_past_act_told_of_a_person_does_not_date_the_reported_visit(
        extractor: Extractor) -> None:
    text = ("US commerce secretary visits Beijing ahead of Trump trip\n\n"
            "Wilbur Ross met Premier Li Keqiang in Beijing.\n\n"
            "Trump is due to visit Beijing later this year and meet President Xi Jinping, "
            "who visited the United States in April.\n")
    visit = only_event_with(extract_one(extractor, text, "2017-09-25"), "wilbur-ross")
    assert visit.date != "2017-04"


@pytest.mark.parametrize(("text", "published", "expected"), [
    (("Janet Yellen met Yi Gang in Bali on Wednesday.\n\nThe meeting Wednesday came two days "
      "after Joe Biden and Xi Jinping met in Bali."), "2022-11-17", "2022-11-14"),
    (("Antony Blinken spoke with Wang Yi by phone on Friday. The call came a week after Joe "
      "Biden and Xi Jinping held a video call."), "2022-03-26", "2022-03-18"),
], ids=["two-days-after-a-meeting", "a-week-after-a-call"])
def test_an_engagement_counted_from_another_takes_its_day_moved(
        extractor: Extractor, text: str, published: str, expected: str) -> None:
    leaders = only_event_with(extract_one(extractor, text, published), "joe-biden",
                              "xi-jinping")
    assert leaders.date == expected and leaders.status == "happened"


def test_an_uncounted_interval_gives_no_day(extractor: Extractor) -> None:
    text = ("Janet Yellen met Yi Gang in Bali on Wednesday, days after Joe Biden and Xi "
            "Jinping met on the island.")
    leaders = [e for e in extract_one(extractor, text, "2022-11-17").events
               if {"joe-biden", "xi-jinping"} <= {p.actor_id for p in e.participants}]
    assert all(e.date != "2022-11-16" for e in leaders)


def test_leaders_named_after_the_pair_was_inferred_keep_the_meeting(
        extractor: Extractor) -> None:
    text = ("Yi Gang said he held talks with Janet Yellen on Wednesday, days after the leaders "
            "of the two countries met.\n\nThe talks came two days after Joe Biden and Xi "
            "Jinping met in Bali.")
    leaders = only_event_with(extract_one(extractor, text, "2022-11-17"), "joe-biden",
                              "xi-jinping")
    assert leaders.date == "2022-11-14"


def test_first_time_since_a_month_recalls_an_engagement_of_unstated_kind(
        extractor: Extractor) -> None:
    text = ("President Joe Biden and Chinese President Xi Jinping spoke on Tuesday for the "
            "first time since November.")
    events = extract_one(extractor, text, "2024-04-03").events
    (recalled,) = [e for e in events if e.date == "2023-11"]
    assert recalled.evidence.get("type_inferred") == 1.0
    (call,) = [e for e in events if e.date == "2024-04-02"]
    assert not call.evidence.get("type_inferred")


def test_the_year_that_closes_a_since_clause_dates_that_clause(extractor: Extractor) -> None:
    text = ("Xi Jinping and Donald Trump held a call in advance of the inauguration. On "
            "Friday, January 17, Xi and Trump spoke via phone. The call is believed to be the "
            "first direct contact between the two since Trump left office in 2021, although "
            "they have communicated via intermediaries.")
    events = extract_one(extractor, text, "2025-01-17").events
    assert [(e.type, e.date) for e in events] == [("call", "2025-01-17")]


def test_the_day_of_a_statement_does_not_date_the_previous_meeting_it_recalls(
        extractor: Extractor) -> None:
    text = ("He Lifeng and Scott Bessent held trade talks in Paris on Saturday.\n\n"
            "The Ministry of Commerce said on Friday that the talks were guided by the "
            "consensus reached between Xi Jinping and Donald Trump during their previous "
            "meeting.")
    events = extract_one(extractor, text, "2026-03-15").events
    leaders = [e for e in events if {p.actor_id for p in e.participants} == {
        "xi-jinping", "donald-trump"}]
    assert leaders and all(e.date != "2026-03-13" for e in leaders)


@pytest.mark.parametrize(("text", "day"), [
    (("Scott Bessent and He Lifeng wrapped up two days of talks in Stockholm on Tuesday, "
      "agreeing to try to extend their tariff truce, which is set to expire on August 12."),
     "2025-07-29"),
    ("Scott Bessent and He Lifeng held talks, which began on Monday in Stockholm.",
     "2025-07-28"),
], ids=["clause-of-another-noun", "clause-of-the-talks"])
def test_a_relative_clause_dates_the_noun_it_describes(extractor: Extractor, text: str,
                                                        day: str) -> None:
    talks = only_event_with(extract_one(extractor, text, "2025-07-30"), "scott-bessent")
    assert talks.date == day


def test_a_participle_dates_the_noun_it_follows_not_the_call(extractor: Extractor) -> None:
    text = ("Xi Jinping and Donald Trump held a long telephone discussion, seeking to ease "
            "trade tensions and revive momentum following the Geneva truce reached last month.")
    call = only_event_with(extract_one(extractor, text, "2025-06-06"), "xi-jinping")
    assert call.type == "call"
    assert call.date != "2025-05"
    assert "last month" not in [t.text for t in call.time_refs]
