"""Linking mentions to known engagements: a sharper date, never a contradicting one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from parley.fuse.known import dated_by_known, known_link, link_known
from parley.kb.engagements import KnownEngagement
from parley.models import Event, Participant, Span, TimeRef


def _known(id: str, day: str, type: str = "call") -> KnownEngagement:
    return KnownEngagement(id, date.fromisoformat(day), None, "day", type,
                           ("ann-lead", "bo-chief"), None, f"Engagement {id}", (), (), ())


CALL_MAY = _known("call-may", "2024-05-10")
CALL_JUNE = _known("call-june", "2024-06-12")


def _mention(date_: str | None, precision: str | None, **evidence: float) -> Event:
    return Event(id="m1", type="call", date=date_, date_precision=precision,  # type: ignore[arg-type]
                 date_basis="from the text", evidence=dict(evidence),
                 participants=[Participant("Ann Lead", "ann-lead", "USA", None),
                               Participant("Bo Chief", "bo-chief", "CHN", None)])


def test_a_day_the_text_states_is_kept_and_linked() -> None:
    linked = link_known(_mention("2024-05-11", "day"), [CALL_MAY, CALL_JUNE])
    assert linked.date == "2024-05-11" and known_link(linked) == "call-may"
    assert not dated_by_known(linked)


def test_a_month_is_sharpened_to_the_one_known_day_in_it() -> None:
    linked = link_known(_mention("2024-06", "month"), [CALL_MAY, CALL_JUNE])
    assert (linked.date, linked.date_precision) == ("2024-06-12", "day")
    assert "known engagement" in (linked.date_basis or "")
    assert dated_by_known(linked)  # the day is the file's, not the report's


def test_two_fitting_engagements_leave_the_mention_as_it_is() -> None:
    twin = _known("call-june-2", "2024-06-20")
    mention = _mention("2024-06", "month")
    assert link_known(mention, [CALL_JUNE, twin]) is mention


def test_a_known_engagement_never_moves_a_stated_date_elsewhere() -> None:
    mention = _mention("2024-03-02", "day")
    assert link_known(mention, [CALL_MAY, CALL_JUNE]).date == "2024-03-02"


def test_an_undated_mention_takes_the_latest_engagement_before_publication() -> None:
    linked = link_known(_mention(None, None), [CALL_MAY, CALL_JUNE], published="2024-06-30")
    assert linked.date == "2024-06-12" and linked.date_estimated and dated_by_known(linked)


def test_a_headline_dated_by_publication_takes_a_known_day_of_the_week_before() -> None:
    mention = _mention("2024-05-13", "day", date_from_publication=1.0)
    linked = link_known(mention, [CALL_MAY, CALL_JUNE], published="2024-05-13")
    assert linked.date == "2024-05-10"
    far = link_known(_mention("2024-07-30", "day", date_from_publication=1.0),
                     [CALL_MAY, CALL_JUNE], published="2024-07-30")
    assert far.date == "2024-07-30"


GENEVA_TALKS = KnownEngagement("geneva", date.fromisoformat("2025-05-10"), None, "day",
                               "talks_round", ("cy-envoy", "di-minister"), "Geneva",
                               "Talks in Geneva", (), (), ())
LONDON_TALKS = replace(GENEVA_TALKS, id="london", date=date.fromisoformat("2025-06-09"),
                       location="London", title="Talks in London")


def test_undated_talks_named_by_their_venue_take_the_latest_talks_held_there() -> None:
    mention = Event(id="m2", type="talks_round", location="Geneva", date_basis=None)
    linked = link_known(mention, [GENEVA_TALKS, LONDON_TALKS], published="2025-09-20")
    assert linked.date == "2025-05-10" and known_link(linked) == "geneva"
    assert link_known(mention, [LONDON_TALKS], published="2025-09-20").date is None


def test_undated_talks_named_by_their_country_take_the_talks_held_in_its_city() -> None:
    mention = Event(id="m3", type="talks_round", location="Britain", date_basis=None)
    linked = link_known(mention, [GENEVA_TALKS, LONDON_TALKS], published="2025-09-20")
    assert linked.date == "2025-06-09" and known_link(linked) == "london"
    sweden = replace(mention, location="Sweden")
    assert link_known(sweden, [GENEVA_TALKS, LONDON_TALKS], published="2025-09-20").date is None


def test_a_headline_dated_only_by_a_wide_publication_estimate_is_left_undated() -> None:
    from parley.fuse.known import unplaced_if_uncertain

    headline = _mention("2024-05-13", "day", date_from_publication=1.0)
    assert unplaced_if_uncertain(headline, ("2023-01-01", "2024-12-31")).date is None
    assert unplaced_if_uncertain(headline, ("2024-05-10", "2024-05-16")).date == "2024-05-13"
    stated = _mention("2024-05-11", "day")
    assert unplaced_if_uncertain(stated, ("2023-01-01", "2024-12-31")).date == "2024-05-11"


def test_a_counted_week_is_loose_enough_for_the_known_day_before_it() -> None:
    # "three weeks ago" read on Monday 2024-06-03 is the week of May 13; the call of May 10
    # is what was meant.
    linked = link_known(_mention("2024-05-13", "week"), [CALL_MAY, CALL_JUNE])
    assert (linked.date, known_link(linked)) == ("2024-05-10", "call-may")


def test_an_engagement_recalled_only_as_first_since_takes_the_known_ones_type() -> None:
    summit = _known("summit-june", "2024-06-12", type="summit")
    recalled = _mention("2024-06", "month", type_inferred=1.0)
    linked = link_known(recalled, [CALL_MAY, summit])
    assert (linked.type, linked.date, known_link(linked)) == ("summit", "2024-06-12",
                                                              "summit-june")


def test_a_call_the_text_names_never_becomes_a_summit() -> None:
    summit = _known("summit-june", "2024-06-12", type="summit")
    mention = _mention("2024-06", "month")
    assert link_known(mention, [CALL_MAY, summit]) is mention


def test_a_week_of_a_visit_of_several_days_takes_the_middle_of_their_overlap() -> None:
    visit = KnownEngagement("visit", date(2023, 7, 16), date(2023, 7, 19), "day", "call",
                            ("ann-lead", "bo-chief"), None, "Visit of four days", (), (), ())
    # "this week", published Wednesday 2023-07-19: Monday to Sunday of that week.
    linked = link_known(_mention("2023-07-19", "week"), [visit])
    assert (linked.date, linked.date_precision) == ("2023-07-18", "day")
    assert known_link(linked) == "visit"


def test_a_place_two_known_engagements_share_is_decided_by_the_people() -> None:
    # "when the two leaders met in Bali in November": the finance ministers' talks in
    # Bali two days later are named by the same place, but share none of the people.
    leaders = KnownEngagement("leaders-bali", date.fromisoformat("2022-11-14"), None, "day",
                              "meeting", ("ann-lead", "bo-chief"), "Bali",
                              "Leaders meet in Bali", (), ())
    ministers = replace(leaders, id="ministers-bali", date=date.fromisoformat("2022-11-16"),
                        participants=("cy-envoy", "di-minister"), title="Ministers in Bali")
    mention = replace(_mention("2022-11", "month"), type="meeting", location="Bali",
                      sources=[Span("a1", 0, 40, "The two leaders met in Bali in November.")])
    linked = link_known(mention, [leaders, ministers])
    assert known_link(linked) == "leaders-bali" and linked.date == "2022-11-14"


def _counted_from_estimate(day: str) -> Event:
    """A call dated "on Wednesday", counted from an estimated publication day."""
    wednesday = TimeRef("Wednesday", 10, 19, "weekday", day, "day", relative=True,
                        estimated=True)
    return replace(_mention(day, "day"), date_estimated=True, time_refs=[wednesday])


def test_a_weekday_counted_from_an_estimate_keeps_what_the_window_agrees_on() -> None:
    from parley.fuse.known import held_to_window

    mention = _counted_from_estimate("2024-05-15")
    # Any day of two years could be the publication day: any Wednesday the call.
    assert held_to_window(mention, ("2023-01-01", "2024-12-31")).date is None
    # Three weeks of May: the call was in May, on which day the text cannot say.
    month = held_to_window(mention, ("2024-05-06", "2024-05-24"))
    assert (month.date, month.date_precision) == ("2024-05", "month")
    # A week's window is as good as the estimate: its Wednesday stands.
    assert held_to_window(mention, ("2024-05-14", "2024-05-20")) is mention
    # A date the text states is no guess, whatever the window.
    stated = replace(mention, date_estimated=False)
    assert held_to_window(stated, ("2023-01-01", "2024-12-31")) is stated


def _counted_day(text: str, value: str) -> Event:
    """A meeting dated "on April 6"-style, counted from an estimated publication day."""
    ref = TimeRef(text, 10, 10 + len(text), "month_day", value, "day", relative=True,
                  estimated=True)
    return replace(_mention(value, "day"), date_estimated=True, time_refs=[ref])


def test_a_month_and_day_takes_the_year_most_of_a_wide_window_gives_it() -> None:
    from parley.fuse.known import held_to_window

    # Counted from the window's first day, "April 6" was in 2016; from every day after
    # April 6, 2017 (most of the window), it is 2017-04-06.
    mention = _counted_day("April 6", "2016-04-06")
    assert held_to_window(mention, ("2017-02-01", "2018-03-31")).date == "2017-04-06"
    # Counted from a window of two years and a quarter, "June 30" is 2022's, 2023's or
    # 2024's, none of them from most of its days: no year is given.
    split = _counted_day("June 30", "2022-06-30")
    assert held_to_window(split, ("2023-01-01", "2025-03-31")).date is None


def test_a_weekday_named_with_the_date_picks_its_year() -> None:
    from parley.fuse.known import held_to_window

    # Most of the window says 2024-01-19, a Friday; "Sunday, Jan. 19" is 2025's.
    mention = _counted_day("Sunday, Jan. 19", "2024-01-19")
    assert held_to_window(mention, ("2024-11-01", "2025-01-19")).date == "2025-01-19"


def test_a_one_sided_headline_keeps_the_publication_day_only_through_a_known_engagement(
) -> None:
    from parley.extract.features import ONE_SIDED_HEADLINE

    # "Lead signs landmark deal": dated by the publication day, one side named.
    signing = KnownEngagement("signing", date(2024, 5, 9), None, "day", "agreement_signed",
                              ("ann-lead", "bo-chief"), "Washington", "Deal signed", (), ())
    headline = Event(id="h1", type="agreement_signed", date="2024-05-10",
                     date_precision="day", date_basis="the publication date",
                     participants=[Participant("Ann Lead", "ann-lead", "USA", None)],
                     evidence={"date_from_publication": 1.0, ONE_SIDED_HEADLINE: 1.0})
    linked = link_known(headline, [signing], published="2024-05-10")
    assert (linked.date, known_link(linked)) == ("2024-05-09", "signing")
    # Without an engagement of hers in the week before, the day is no more than a guess.
    assert link_known(headline, [CALL_MAY], published="2024-05-10").date is None
    assert link_known(headline, [], published="2024-05-10").date is None


def test_undated_meetings_of_the_same_people_placed_apart_take_their_venues_meeting() -> None:
    # "they had met in Oslo and in Lima before": the latest meeting of the two is not
    # the Oslo one; each listed place says which meeting it was.
    oslo = replace(_known("oslo", "2023-03-01", "meeting"), location="Oslo")
    lima = replace(_known("lima", "2023-09-01", "meeting"), location="Lima")
    mention = replace(_mention(None, None), type="meeting", location="Oslo")
    linked = link_known(mention, [oslo, lima], published="2024-01-15")
    assert (linked.date, known_link(linked)) == ("2023-03-01", "oslo")
    elsewhere = replace(mention, location="Quito")  # no meeting of theirs there: the latest
    assert known_link(link_known(elsewhere, [oslo, lima], published="2024-01-15")) == "lima"
