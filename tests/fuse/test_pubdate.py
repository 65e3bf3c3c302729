"""Estimating the publication date of an undated article from its content."""

from __future__ import annotations

from datetime import date

import pytest

from parley.fuse.pubdate import PubEstimate, estimate_publication
from parley.kb import KnowledgeBase
from parley.kb.engagements import KnownEngagement
from parley.models import ActorMention, Article, Event, Extraction, Participant, TimeRef

TODAY = date(2026, 1, 1)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    """The bundled knowledge base of officials and their tenures."""
    return KnowledgeBase.default()


def engagement(id: str, day: str, type: str, participants: list[str], location: str | None,
               title: str, keywords: tuple[str, ...] = (), end: str | None = None) -> KnownEngagement:
    """A dated engagement from the reference list."""
    return KnownEngagement(id, date.fromisoformat(day), date.fromisoformat(end) if end else None,
                           "day", type, tuple(participants), location, title, keywords, ())


GENEVA = engagement("geneva", "2025-05-10", "talks_round", ["scott-bessent", "he-lifeng"],
                    "Geneva", "Geneva trade talks", ("geneva talks",), end="2025-05-11")
PHASE_ONE = engagement("phase-one", "2020-01-15", "agreement_signed", ["donald-trump", "liu-he"],
                       "Washington", "Phase one deal signing", ("phase one deal",))
BEIJING_VISITS = [engagement(f"visit-{day}", day, "visit", ["some-envoy"], "Beijing",
                             f"Envoy visit to Beijing on {day}")
                  for day in ("2023-06-18", "2023-07-06", "2023-08-27")]


def titled(text: str, actor_id: str, office_id: str, start: int, role: str | None = None) -> ActorMention:
    """A person mention that carried an office title."""
    return ActorMention(text, start, start + len(text), "person", actor_id=actor_id,
                        name=text.split()[-2] + " " + text.split()[-1], role=role,
                        office_id=office_id, resolved_by="kb-name")


def article(text: str) -> Article:
    return Article(id="a1", text=text, source="a1.txt")


def extraction(actors=(), times=(), events=()) -> Extraction:
    return Extraction("a1", "test", True, actors=list(actors), times=list(times), events=list(events))


@pytest.fixture
def estimate(kb):
    """Estimate the publication of an article text given extracted parts and known engagements."""
    def run(text: str, *, known=(), **parts) -> PubEstimate | None:
        return estimate_publication(article(text), extraction(**parts), kb, known, today=TODAY)
    return run


def test_yellen_and_liu_titles_bound_the_window_by_both_tenures(estimate):
    text = "Treasury Secretary Janet Yellen spoke with Vice Premier Liu He about the economy."
    actors = [titled("Treasury Secretary Janet Yellen", "janet-yellen", "usa.treasury.secretary", 0),
              titled("Vice Premier Liu He", "liu-he", "chn.vice_premier", 43)]
    result = estimate(text, actors=actors)
    assert result is not None
    assert result.window == (date(2021, 1, 26), date(2023, 3, 12))
    assert result.window[0] <= result.point <= result.window[1]
    assert result.precision == "year"
    assert any("Yellen" in reason for reason in result.basis[:2])
    assert any("Liu He" in reason for reason in result.basis[:2])


def test_one_inconsistent_title_is_outvoted_not_fatal(estimate):
    text = ("Treasury Secretary Janet Yellen met Vice Premier Liu He; a year later Vice Premier "
            "Liu He spoke again, as did Fed Chair Janet Yellen.")
    actors = [titled("Treasury Secretary Janet Yellen", "janet-yellen", "usa.treasury.secretary", 0),
              titled("Vice Premier Liu He", "liu-he", "chn.vice_premier", 36),
              titled("Fed Chair Janet Yellen", "janet-yellen", "usa.fed.chair", 100)]
    result = estimate(text, actors=actors)
    assert result is not None
    assert result.window == (date(2021, 1, 26), date(2023, 3, 12))
    assert any(reason.startswith("ignored") and "usa.fed.chair" in reason for reason in result.basis)


def test_former_title_means_the_tenure_had_ended(estimate):
    text = "Former President Donald Trump criticised the talks."
    actors = [titled("Former President Donald Trump", "donald-trump", "usa.president", 0,
                     role="former President")]
    result = estimate(text, actors=actors)
    assert result is not None
    assert result.window == (date(2021, 1, 21), date(2025, 1, 19))


def test_geneva_talks_earlier_this_month_fix_the_month(estimate):
    text = ("Officials spoke by phone on Thursday. The channel set up at the Geneva talks earlier "
            "this month is working, analysts said.")
    result = estimate(text, known=[GENEVA, PHASE_ONE])
    assert result is not None
    assert result.window == (date(2025, 5, 10), date(2025, 5, 31))
    assert result.precision == "month"
    assert "earlier this month" in result.basis[0] and "Geneva" in result.basis[0]


def test_signed_the_accord_in_january_fixes_the_year(estimate):
    text = ("Negotiators want to save the phase one deal. The two countries signed the accord in "
            "January, and purchases have lagged since.")
    result = estimate(text, known=[GENEVA, PHASE_ONE])
    assert result is not None
    assert result.window == (date(2020, 1, 15), date(2020, 12, 31))


def test_named_place_ties_a_sentence_to_a_distinctive_engagement_only(estimate):
    geneva = estimate("Tariffs fell after the talks in Geneva last month.", known=[GENEVA])
    assert geneva is not None
    assert geneva.window == (date(2025, 6, 1), date(2025, 6, 30))
    beijing = estimate("Tariffs fell after the visit to Beijing last month.", known=BEIJING_VISITS)
    assert beijing is None


def test_explicit_past_date_is_a_lower_bound_but_a_future_one_is_not(estimate):
    text = ("The last joint statement came in November 2023. "
            "Both sides will meet again in March 2027.")
    times = [TimeRef("November 2023", 35, 48, "absolute_month", "2023-11", "month"),
             TimeRef("March 2027", 82, 92, "absolute_month", "2027-03", "month")]
    result = estimate(text, times=times)
    assert result is not None
    assert result.window == (date(2023, 11, 1), TODAY)
    assert "November 2023" in result.basis[0]


#: A known call, and the headline call of a report that names its two people.
LANDAU_MA_KNOWN = engagement("landau-ma", "2025-05-22", "call",
                             ["christopher-landau", "ma-zhaoxu"], None, "Landau-Ma call")
LANDAU_MA_CALL = Event(id="a1-e1", type="call", main=True, participants=[
    Participant("Christopher Landau", "christopher-landau", "USA", None),
    Participant("Ma Zhaoxu", "ma-zhaoxu", "CHN", None)])


def test_headline_event_matching_a_known_engagement_pins_the_days_after_it(estimate):
    text = "Landau and Ma Zhaoxu held a call on Thursday."
    times = [TimeRef("on Thursday", 34, 45, "weekday")]
    result = estimate(text, known=[GENEVA, LANDAU_MA_KNOWN], events=[LANDAU_MA_CALL],
                      times=times)
    assert result is not None
    assert result.window == (date(2025, 5, 22), date(2025, 5, 28))
    assert result.point == date(2025, 5, 23)
    assert result.precision == "day"
    assert "Landau-Ma call" in result.basis[0]


def test_a_dateline_day_in_the_window_is_the_day_of_publication(kb):
    text = "BEIJING, May 22 (Wire) - Landau and Ma Zhaoxu held a call on Thursday."
    filed = Article(id="a1", text=text, source="a1.txt", meta={"dateline_month_day": "--05-22"})
    result = estimate_publication(filed, extraction(events=[LANDAU_MA_CALL]), kb,
                                  [LANDAU_MA_KNOWN], today=TODAY)
    # The call alone would put it the day after; the dateline says it was filed that day.
    assert result is not None and result.point == date(2025, 5, 22)


def test_headline_multi_day_talks_run_from_first_day_to_days_after_the_last(estimate):
    event = Event(id="a1-e1", type="talks_round", main=True, location="Geneva",
                  participants=[Participant("Scott Bessent", "scott-bessent", "USA", None),
                                Participant("He Lifeng", "he-lifeng", "CHN", None)])
    result = estimate("Bessent and He Lifeng held talks.", known=[GENEVA, PHASE_ONE], events=[event])
    assert result is not None
    assert result.window == (date(2025, 5, 10), date(2025, 5, 14))
    assert result.precision == "day"


def test_no_evidence_gives_no_estimate(estimate):
    assert estimate("The two sides talked about trade and agreed to keep talking.",
                    known=[GENEVA, PHASE_ONE]) is None


def test_month_name_alone_is_not_enough_to_date_an_article(estimate):
    text = "They first spoke in June."
    times = [TimeRef("June", 20, 24, "month_name")]
    assert estimate(text, times=times) is None


@pytest.mark.parametrize("today", [date(2022, 6, 30), date(2021, 12, 31)])
def test_window_never_runs_past_today(kb, today):
    text = "Treasury Secretary Janet Yellen spoke."
    actors = [titled("Treasury Secretary Janet Yellen", "janet-yellen", "usa.treasury.secretary", 0)]
    result = estimate_publication(article(text), extraction(actors=actors), kb, today=today)
    assert result is not None
    assert result.window == (date(2021, 1, 26), today)


def test_headline_event_with_a_stated_date_only_matches_engagements_on_that_date(estimate):
    first = engagement("call-1", "2021-06-02", "call", ["janet-yellen", "liu-he"], None, "First call")
    second = engagement("call-2", "2021-10-26", "call", ["janet-yellen", "liu-he"], None, "Second call")
    event = Event(id="a1-e1", type="call", main=True, date="2021-10-26", date_precision="day",
                  participants=[Participant("Janet Yellen", "janet-yellen", "USA", None),
                                Participant("Liu He", "liu-he", "CHN", None)])
    result = estimate("Yellen and Liu spoke.", known=[first, second], events=[event])
    assert result is not None
    assert result.window == (date(2021, 10, 26), date(2021, 10, 29))
    assert "Second call" in result.basis[0] and "First call" not in result.basis[0]


def test_talks_since_a_month_put_publication_within_a_year_after_it(estimate):
    text = "Negotiators met on Tuesday, their first talks since May, when the Geneva talks ended."
    result = estimate(text, known=[GENEVA])
    assert result is not None
    # "since May" says the article is later than May, not that it appeared the same year.
    assert result.window == (date(2025, 5, 11), date(2026, 1, 1))


def test_an_engagement_recalled_as_past_puts_the_point_on_the_day_after(estimate):
    # "On Friday" in such a report then means the day after, not a week before.
    result = estimate("The Geneva talks eased the tariffs, officials said on Friday.",
                      known=[GENEVA])
    assert result is not None
    assert result.window[0] == date(2025, 5, 10)
    assert result.point == date(2025, 5, 11)


def test_an_elect_title_dates_the_article_before_the_term_began(estimate):
    text = "Vice President-elect JD Vance met Han Zheng on Sunday."
    actors = [ActorMention("Vice President", 0, 14, "person", office_id="usa.vice_president",
                           role="Vice President", resolved_by="title-unresolved"),
              ActorMention("JD Vance", 21, 29, "person", actor_id="jd-vance", name="JD Vance",
                           resolved_by="kb-name")]
    result = estimate(text, actors=actors)
    assert result is not None
    assert date(2024, 11, 1) <= result.window[0] and result.window[1] <= date(2025, 1, 19)


def test_people_who_met_often_put_no_point_after_their_latest_meeting(estimate):
    # Naming Bessent and He recalls every meeting of theirs: a lower bound, not a day.
    london = engagement("london", "2025-06-09", "talks_round", ["scott-bessent", "he-lifeng"],
                        "London", "London trade talks", ("london talks",))
    text = "Scott Bessent and He Lifeng talked again. The truce began on May 14, 2025."
    actors = [ActorMention("Scott Bessent", 0, 13, "person", actor_id="scott-bessent",
                           name="Scott Bessent", resolved_by="kb-name"),
              ActorMention("He Lifeng", 18, 27, "person", actor_id="he-lifeng",
                           name="He Lifeng", resolved_by="kb-name")]
    times = [TimeRef("May 14, 2025", 56, 68, "absolute_day", "2025-05-14", "day")]
    result = estimate(text, known=[GENEVA, london], actors=actors, times=times)
    assert result is not None
    assert result.point == date(2025, 5, 15)


#: Landau met Ma Zhaoxu in Washington; the known engagements there were someone else's.
LANDAU_MA = Event(id="a1-e1", type="meeting", main=True, location="Washington",
                  participants=[Participant("Christopher Landau", "christopher-landau", "USA",
                                            None),
                                Participant("Ma Zhaoxu", "ma-zhaoxu", "CHN", None)])


@pytest.mark.parametrize("people", [
    ["janet-yellen", "he-lifeng"], ["christopher-landau", "he-lifeng"]],
    ids=["both-sides-others", "other-counterpart"])
def test_a_known_engagement_of_other_people_is_not_the_headline_one(estimate, people):
    other = engagement("other", "2024-10-25", "meeting", people, "Washington",
                       "Other people meet in Washington")
    text = "Landau met Ma Zhaoxu in Washington on Friday. Janet Yellen was not there."
    yellen = ActorMention("Janet Yellen", 48, 60, "person", actor_id="janet-yellen",
                          name="Janet Yellen")
    result = estimate(text, known=[other], events=[LANDAU_MA], actors=[yellen])
    assert result is None or "Other people" not in " ".join(result.basis)


def test_a_headline_engagement_of_last_month_dates_the_article_a_month_later(estimate):
    event = Event(id="a1-e1", type="talks_round", main=True, location="Geneva",
                  participants=[Participant("Scott Bessent", "scott-bessent", "USA", None),
                                Participant("He Lifeng", "he-lifeng", "CHN", None)],
                  time_refs=[TimeRef("last month", 41, 51, "relative_month")])
    result = estimate("Bessent and He Lifeng held talks in Geneva last month.",
                      known=[GENEVA, PHASE_ONE], events=[event])
    assert result is not None
    assert result.window == (date(2025, 6, 1), date(2025, 6, 30))
    assert any("the month after" in reason for reason in result.basis)


def test_a_place_someone_is_leaving_is_where_the_headline_engagement_was(estimate):
    dinner = engagement("dinner", "2018-12-01", "meeting", ["donald-trump", "xi-jinping"],
                        "Buenos Aires", "Working dinner at the G20 in Buenos Aires")
    hamburg = engagement("hamburg", "2017-07-08", "meeting", ["donald-trump", "xi-jinping"],
                         "Hamburg", "Meeting on the sidelines of the G20 in Hamburg")
    text = "Trump and Xi met for two hours. A minister spoke before leaving Buenos Aires."
    event = Event(id="a1-e1", type="meeting", main=True,
                  participants=[Participant("Donald Trump", "donald-trump", "USA", None),
                                Participant("Xi Jinping", "xi-jinping", "CHN", None)])
    result = estimate(text, known=[hamburg, dinner], events=[event])
    assert result is not None and result.window[0] == date(2018, 12, 1)


def test_an_archive_pictures_caption_looks_back_not_ahead(estimate):
    text = ("The two sides agreed to meet for talks in Washington.\n"
            "FILE PHOTO: The two presidents pose ahead of their meeting in Osaka, "
            "June 29, 2019.")
    start = text.index("June 29, 2019")
    times = [TimeRef("June 29, 2019", start, start + 13, "absolute_day", "2019-06-29", "day")]
    result = estimate(text, times=times)
    assert result is not None and result.window[0] >= date(2019, 6, 29)


def test_a_day_recalled_as_past_rules_out_earlier_headline_matches(estimate):
    # The caption's April meeting matches the headline best by its month and day, but the
    # text also recalls October 10, 2019: the article came later, so its headline meeting
    # is the October one.
    april = engagement("april", "2019-04-04", "meeting", ["donald-trump", "liu-he"],
                       "Washington", "Trump meets Liu He in the Oval Office")
    october = engagement("october", "2019-10-11", "meeting", ["donald-trump", "liu-he"],
                         "Washington", "Trump meets Liu He as a first phase is agreed")
    text = ("Trump meets Liu He at the White House.\n"
            "Trump speaks while meeting Liu He in the Oval Office, April 4, 2019.\n"
            "Liu held talks with Lighthizer in Washington on Oct. 10, 2019.")
    times = [TimeRef(t, text.index(t), text.index(t) + len(t), "absolute_day", v, "day")
             for t, v in (("April 4, 2019", "2019-04-04"), ("Oct. 10, 2019", "2019-10-10"))]
    event = Event(id="a1-e1", type="meeting", main=True,
                  participants=[Participant("Donald Trump", "donald-trump", "USA", None),
                                Participant("Liu He", "liu-he", "CHN", None)])
    result = estimate(text, known=[april, october], events=[event], times=times)
    assert result is not None and result.window[0] >= date(2019, 10, 10)
    assert any("first phase" in reason for reason in result.basis)


def _yellen_and_liu() -> tuple[str, list[ActorMention]]:
    text = "Treasury Secretary Janet Yellen spoke with Vice Premier Liu He about the economy."
    return text, [titled("Treasury Secretary Janet Yellen", "janet-yellen",
                         "usa.treasury.secretary", 0),
                  titled("Vice Premier Liu He", "liu-he", "chn.vice_premier", 43)]


def test_two_alike_dated_reports_of_one_week_date_the_article_near_them(kb):
    text, actors = _yellen_and_liu()
    alike = [date(2022, 7, 5), date(2022, 7, 6)]
    result = estimate_publication(article(text), extraction(actors=actors), kb, (),
                                  today=TODAY, alike=alike)
    assert result is not None
    assert result.window == (date(2022, 7, 2), date(2022, 7, 9))
    assert result.basis[0].startswith("reads like 2 dated reports published 2022-07-05")


def test_alike_reports_far_apart_or_alone_say_nothing(kb):
    text, actors = _yellen_and_liu()
    tenures = (date(2021, 1, 26), date(2023, 3, 12))
    for alike in ([date(2022, 7, 5), date(2021, 10, 27)], [date(2022, 7, 5)]):
        result = estimate_publication(article(text), extraction(actors=actors), kb, (),
                                      today=TODAY, alike=alike)
        assert result is not None and result.window == tenures


def test_alike_reports_do_not_outweigh_the_headline_engagement_matched(kb):
    text = "Bessent and He Lifeng held talks in Geneva, officials said."
    event = Event(id="a1-e1", type="talks_round", main=True, location="Geneva",
                  participants=[Participant("Scott Bessent", "scott-bessent", "USA", None),
                                Participant("He Lifeng", "he-lifeng", "CHN", None)])
    alike = [date(2025, 7, 29), date(2025, 7, 30)]
    result = estimate_publication(article(text), extraction(events=[event]), kb, [GENEVA],
                                  today=TODAY, alike=alike)
    assert result is not None
    assert result.window[0] <= date(2025, 5, 12) <= result.window[1]
    assert not result.window[0] <= date(2025, 7, 30) <= result.window[1]


def test_a_plan_of_the_same_people_looks_ahead_only_to_an_engagement_it_names(estimate):
    osaka = engagement("osaka", "2019-06-29", "meeting", ["donald-trump", "xi-jinping"],
                       "Osaka", "Trump-Xi meeting in Osaka")
    busan = engagement("busan", "2025-10-30", "meeting", ["donald-trump", "xi-jinping"],
                       "Busan", "Trump-Xi meeting in Busan")
    people = [ActorMention("Trump", 0, 5, "person", actor_id="donald-trump", name="Donald Trump"),
              ActorMention("Xi", 10, 12, "person", actor_id="xi-jinping", name="Xi Jinping")]
    vague = estimate("Trump and Xi will meet again soon, aides said.", known=[osaka, busan],
                     actors=people)
    assert vague is None or not any("looks ahead" in b for b in vague.basis)
    named = estimate("Trump and Xi will meet in Osaka, aides said.", known=[osaka, busan],
                     actors=people)
    assert named is not None and any("looks ahead to Trump-Xi meeting in Osaka" in b
                                     for b in named.basis)
    assert named.window[1] <= date(2019, 6, 29)


def test_a_wide_window_points_at_its_best_supported_stretch(estimate):
    text = "Treasury Secretary Janet Yellen spoke again about the invasion of Ukraine."
    yellen = titled("Treasury Secretary Janet Yellen", "janet-yellen", "usa.treasury.secretary", 0)
    result = estimate(text, actors=[yellen])
    assert result is not None and result.window[0] < date(2022, 2, 24)
    # Her term and the term of the invasion agree from its first day on.
    assert result.point == date(2022, 2, 24)
