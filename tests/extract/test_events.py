"""Engagement events in articles: types, participants, dates, mentions and the main event."""

from __future__ import annotations

import pytest

from parley.extract.article import Extractor
from parley.models import Article, Event, Extraction

pytestmark = pytest.mark.slow


def extract_one(extractor: Extractor, text: str, published: str = "2021-10-27") -> Extraction:
    """Extract a single dated article written for the test."""
    article = Article(id="events-test", text=text, source="events-test.txt",
                      published=published, published_precision="day", published_basis="header")
    (extraction,) = list(extractor.extract([article]))
    return extraction


def actor_ids(event: Event) -> set[str]:
    return {p.actor_id for p in event.participants if p.actor_id}


def events_with(extraction: Extraction, *people: str) -> list[Event]:
    """Events whose participants include every one of ``people``."""
    return [e for e in extraction.events if set(people) <= actor_ids(e)]


def only_event_with(extraction: Extraction, *people: str) -> Event:
    found = events_with(extraction, *people)
    assert len(found) == 1, [(e.type, actor_ids(e)) for e in extraction.events]
    return found[0]


# -- engagement types -------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "published", "event_type", "people"),
    [
        ("Treasury Secretary Janet Yellen spoke by phone with Vice Premier Liu He on Tuesday.",
         "2021-10-27", "call", ("janet-yellen", "liu-he")),
        (("Treasury Secretary Janet Yellen held a video call with Vice Premier Liu He on "
          "Tuesday."), "2021-10-27", "video_call", ("janet-yellen", "liu-he")),
        ("Treasury Secretary Janet Yellen met Vice Premier Liu He in Zurich on Tuesday.",
         "2021-10-27", "meeting", ("janet-yellen", "liu-he")),
        (("Negotiators led by Trade Representative Robert Lighthizer and Vice Premier Liu He "
          "wrapped up a new round of trade talks in Washington on Tuesday."),
         "2019-05-01", "talks_round", ("robert-lighthizer", "liu-he")),
        (("Commerce Minister Wang Wentao hosted Commerce Secretary Gina Raimondo on a visit to "
          "Beijing on Tuesday."), "2023-08-30", "visit", ("wang-wentao", "gina-raimondo")),
        (("President Joe Biden and President Xi Jinping held a summit outside San Francisco on "
          "Wednesday."), "2023-11-17", "summit", ("joe-biden", "xi-jinping")),
        (("Commerce Secretary Gina Raimondo and Commerce Minister Wang Wentao issued a joint "
          "statement on Tuesday."), "2023-08-30", "joint_statement",
         ("gina-raimondo", "wang-wentao")),
        (("The new US-China working group on trade disputes held its first session in Beijing "
          "on Tuesday, chaired by Commerce Secretary Gina Raimondo and Commerce Minister Wang "
          "Wentao."), "2023-08-30", "working_group", ("gina-raimondo", "wang-wentao")),
        (("Vice Premier Liu He and President Donald Trump signed the trade agreement at the "
          "White House on Wednesday."), "2020-01-16", "agreement_signed",
         ("liu-he", "donald-trump")),
    ],
    ids=["call", "video_call", "meeting", "talks_round", "visit", "summit", "joint_statement",
         "working_group", "agreement_signed"],
)
def test_engagement_type_and_both_sides_from_one_sentence(
        extractor: Extractor, text: str, published: str, event_type: str,
        people: tuple[str, ...]) -> None:
    event = only_event_with(extract_one(extractor, text, published), *people)
    assert event.type == event_type
    assert {p.country for p in event.participants} >= {"USA", "CHN"}


def test_visit_where_the_visitor_met_a_host_includes_the_host(extractor: Extractor) -> None:
    text = ("Treasury Secretary Janet Yellen began a four-day visit to China on Thursday, "
            "where she met Vice Premier Liu He.")
    found = events_with(extract_one(extractor, text, "2021-10-29"), "janet-yellen", "liu-he")
    assert len(found) == 1
    assert found[0].type in ("visit", "meeting")


def test_joint_statement_after_a_meeting_keeps_its_issuers(extractor: Extractor) -> None:
    text = ("Commerce Secretary Gina Raimondo and Commerce Minister Wang Wentao issued a joint "
            "statement on Tuesday after their meeting.")
    extraction = extract_one(extractor, text, "2023-08-30")
    statements = [e for e in extraction.events if e.type == "joint_statement"]
    assert len(statements) == 1
    assert actor_ids(statements[0]) == {"gina-raimondo", "wang-wentao"}


def test_talks_with_liu_he_after_a_conjunction_are_found(extractor: Extractor) -> None:
    text = "Treasury Secretary Janet Yellen and Vice Premier Liu He held talks on Tuesday."
    event = only_event_with(extract_one(extractor, text), "janet-yellen", "liu-he")
    assert event.date == "2021-10-26"


# -- dates ------------------------------------------------------------------

def test_yesterday_resolves_to_the_day_before_publication(extractor: Extractor) -> None:
    text = "Treasury Secretary Janet Yellen spoke by phone with Vice Premier Liu He yesterday."
    event = only_event_with(extract_one(extractor, text, "2021-10-27"), "janet-yellen", "liu-he")
    assert (event.date, event.date_precision) == ("2021-10-26", "day")
    assert event.date_basis and "yesterday" in event.date_basis


@pytest.mark.parametrize(
    ("published", "expected"),
    [("2021-10-29", "2021-10-26"), ("2021-10-31", "2021-10-26"), ("2021-10-27", "2021-10-26"),
     ("2021-11-01", "2021-11-02")],
    ids=["friday", "next-sunday", "wednesday", "the-day-before"],
)
def test_weekday_resolves_to_the_most_recent_such_day(
        extractor: Extractor, published: str, expected: str) -> None:
    """...or, named in the paper of the day before, to the next day: Tuesday in Beijing
    is still Monday evening in Washington, and the meeting has been held."""
    text = "Treasury Secretary Janet Yellen met Vice Premier Liu He on Tuesday."
    event = only_event_with(extract_one(extractor, text, published), "janet-yellen", "liu-he")
    assert (event.date, event.date_precision, event.status) == (expected, "day", "happened")


def test_last_month_gives_a_month_precision_date(extractor: Extractor) -> None:
    text = ("Treasury Secretary Janet Yellen held a video call with Vice Premier Liu He "
            "last month.")
    event = only_event_with(extract_one(extractor, text, "2021-01-12"), "janet-yellen", "liu-he")
    assert (event.date, event.date_precision) == ("2020-12", "month")


def test_explicit_date_is_taken_as_written(extractor: Extractor) -> None:
    text = ("President Donald Trump met President Xi Jinping in Beijing on November 9, 2017, "
            "to discuss the trade deficit.")
    event = only_event_with(extract_one(extractor, text, "2021-10-27"),
                            "donald-trump", "xi-jinping")
    assert (event.date, event.date_precision) == ("2017-11-09", "day")


# -- one engagement, several mentions ----------------------------------------

def test_later_references_to_the_call_join_the_same_event(extractor: Extractor) -> None:
    text = ("Vice Premier Liu He spoke with Treasury Secretary Janet Yellen on Tuesday. "
            "The call was the second between the two officials this year. "
            "During the call, Mr Liu urged Washington to lift tariffs on Chinese goods.")
    extraction = extract_one(extractor, text, "2021-10-28")
    event = only_event_with(extraction, "liu-he", "janet-yellen")
    assert len(extraction.events) == 1
    assert len(event.sources) == 3
    assert "tariffs" in {t.label for t in event.topics}


def test_two_different_engagements_in_one_article_stay_two(extractor: Extractor) -> None:
    text = ("Vice Premier Liu He spoke with Treasury Secretary Janet Yellen on Tuesday about "
            "tariffs. Separately, Commerce Secretary Gina Raimondo met Commerce Minister Wang "
            "Wentao in Rome on Saturday.")
    extraction = extract_one(extractor, text, "2021-10-28")
    call = only_event_with(extraction, "liu-he", "janet-yellen")
    meeting = only_event_with(extraction, "gina-raimondo", "wang-wentao")
    assert call is not meeting
    assert (call.type, call.date) == ("call", "2021-10-26")
    assert (meeting.type, meeting.date) == ("meeting", "2021-10-23")


# -- main event -----------------------------------------------------------------

def test_main_event_is_the_headline_call_not_a_meeting_years_earlier(
        extractor: Extractor) -> None:
    text = ("Biden and Xi hold video call on trade\n"
            "President Joe Biden held a video call with President Xi Jinping on Monday "
            "evening, the White House said. The two leaders discussed tariffs and export "
            "controls.\n"
            "The last time the two men met in person was in Davos on January 17, 2017, when "
            "President Xi Jinping met Vice President Joe Biden at a forum.")
    extraction = extract_one(extractor, text, "2021-11-16")
    mains = [e for e in extraction.events if e.main]
    assert len(mains) == 1
    assert mains[0].type == "video_call"
    assert mains[0].date == "2021-11-15"


def test_main_event_ignores_a_background_meeting_named_in_the_lede(
        extractor: Extractor) -> None:
    text = ("Biden and Xi hold video call on trade\n"
            "Nearly five years after President Xi Jinping met Vice President Joe Biden in Davos "
            "on January 17, 2017, the two leaders held a video call on Monday evening. "
            "Mr Biden raised tariffs, the White House said.")
    extraction = extract_one(extractor, text, "2021-11-16")
    mains = [e for e in extraction.events if e.main]
    assert len(mains) == 1
    assert mains[0].type == "video_call"
    assert mains[0].date == "2021-11-15"


def test_headline_and_lede_of_one_meeting_make_one_main_event(extractor: Extractor) -> None:
    text = ("US and Chinese commerce chiefs meet in Beijing\n"
            "Commerce Secretary Gina Raimondo met Commerce Minister Wang Wentao in Beijing on "
            "Monday, the first such visit in years.")
    extraction = extract_one(extractor, text, "2023-08-29")
    event = only_event_with(extraction, "gina-raimondo", "wang-wentao")
    assert event.main
    assert event.date == "2023-08-28"
    assert len(extraction.events) == 1
