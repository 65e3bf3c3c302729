"""Engagement status read from the sentence: planned, cancelled or happened."""

from __future__ import annotations

import pytest

from parley.extract.article import Extractor

from .support import extract_one, only_event_with

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("Treasury Secretary Janet Yellen will hold talks with Vice Premier He Lifeng next week.",
         ("janet-yellen", "he-lifeng")),
        (("Commerce Secretary Gina Raimondo is scheduled to meet Commerce Minister Wang Wentao "
          "in Beijing."), ("gina-raimondo", "wang-wentao")),
        (("President Joe Biden and President Xi Jinping are preparing to hold a summit, though "
          "no date has been set."), ("joe-biden", "xi-jinping")),
        (("The negotiators reached a framework agreement, pending a Friday call between "
          "Donald Trump and Xi Jinping."), ("donald-trump", "xi-jinping")),
        (("The negotiators spoke to lay the groundwork for a meeting between Donald Trump "
          "and Xi Jinping at the summit on June 28-29."), ("donald-trump", "xi-jinping")),
        (("Aides are paving the way for a call between Joe Biden and Xi Jinping."),
         ("joe-biden", "xi-jinping")),
        (("Officials weighed a request for a meeting between Joe Biden and Xi Jinping."),
         ("joe-biden", "xi-jinping")),
        (("Larry Kudlow had anticipated a signing of the deal by Robert Lighthizer and "
          "Liu He."), ("robert-lighthizer", "liu-he")),
        (("Negotiators agreed to hold the next round of high-level economic and trade "
          "consultations between Robert Lighthizer and Liu He this autumn."),
         ("robert-lighthizer", "liu-he")),
        (("Staff are drafting texts toward a signing of the accord by Robert Lighthizer "
          "and Liu He."), ("robert-lighthizer", "liu-he")),
    ],
    ids=["will-hold-talks", "scheduled-to-meet", "preparing-no-date", "pending-a-call",
         "groundwork-for-a-meeting", "paving-the-way-for-a-call", "request-for-a-meeting",
         "an-anticipated-signing", "agreed-to-hold-a-round-of", "work-toward-a-signing"],
)
def test_future_wording_makes_a_planned_engagement(
        extractor: Extractor, text: str, people: tuple[str, ...]) -> None:
    assert only_event_with(extract_one(extractor, text), *people).status == "planned"


def test_planned_event_with_next_week_is_dated_after_publication(extractor: Extractor) -> None:
    text = "Treasury Secretary Janet Yellen will hold talks with Vice Premier He Lifeng next week."
    event = only_event_with(extract_one(extractor, text), "janet-yellen", "he-lifeng")
    assert event.date is not None and event.date > "2021-10-27"


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (("A planned meeting between Treasury Secretary Janet Yellen and Vice Premier He Lifeng "
          "was cancelled."), ("janet-yellen", "he-lifeng")),
        (("The meeting between Secretary of State Antony Blinken and Foreign Minister Wang Yi "
          "was called off after a row over a balloon."), ("antony-blinken", "wang-yi")),
    ],
    ids=["was-cancelled", "called-off"],
)
def test_cancellation_wording_makes_a_cancelled_engagement(
        extractor: Extractor, text: str, people: tuple[str, ...]) -> None:
    assert only_event_with(extract_one(extractor, text), *people).status == "cancelled"


def test_past_tense_meeting_on_a_weekday_happened(extractor: Extractor) -> None:
    text = "Treasury Secretary Janet Yellen met Vice Premier He Lifeng on Monday."
    event = only_event_with(extract_one(extractor, text), "janet-yellen", "he-lifeng")
    assert event.status == "happened"
    assert event.date == "2021-10-25"


def test_future_wording_in_a_side_clause_leaves_the_meeting_happened(extractor: Extractor) -> None:
    text = ("Vice Premier He Lifeng, who is expected to visit Washington next year, met "
            "Treasury Secretary Janet Yellen on Monday.")
    event = only_event_with(extract_one(extractor, text), "janet-yellen", "he-lifeng")
    assert event.status == "happened"
    assert event.date == "2021-10-25"


@pytest.mark.parametrize(
    "text",
    [
        "Treasury Secretary Janet Yellen to meet Vice Premier He Lifeng in Beijing in November",
        ("Treasury Secretary Janet Yellen and Vice Premier He Lifeng agreed to meet in Beijing "
         "in November."),
    ],
    ids=["headline-infinitive", "agreed-to-meet"],
)
def test_an_announced_meeting_in_a_bare_month_is_planned_for_the_coming_month(
        extractor: Extractor, text: str) -> None:
    """Published in October 2021, "in November" is the coming November, not last year's."""
    event = only_event_with(extract_one(extractor, text), "janet-yellen", "he-lifeng")
    assert event.status == "planned"
    assert event.date == "2021-11"


def test_a_purpose_infinitive_after_a_past_verb_is_not_a_plan(extractor: Extractor) -> None:
    text = ("Vice Premier He Lifeng arrived in Washington on Monday to meet Treasury Secretary "
            "Janet Yellen.")
    assert only_event_with(extract_one(extractor, text),
                           "janet-yellen", "he-lifeng").status == "happened"


def test_a_headline_infinitive_is_a_plan_even_when_the_parse_is_clipped(
        extractor: Extractor) -> None:
    text = ("Treasury Secretary Janet Yellen to visit Beijing in April, He Lifeng invited to "
            "Washington\n\n"
            "Officials gave no further details on Monday.")
    events = extract_one(extractor, text, "2021-10-27").events
    visits = [e for e in events if "janet-yellen" in {p.actor_id for p in e.participants}]
    assert visits and all(e.status == "planned" for e in visits)
    assert all(e.date == "2022-04" for e in visits)


def test_meetings_a_side_looks_forward_to_are_planned(extractor: Extractor) -> None:
    text = ("Treasury Secretary Steven Mnuchin said the United States looks forward to "
            "welcoming Vice Premier Liu He for meetings in October.")
    event = only_event_with(extract_one(extractor, text, "2019-09-21"), "liu-he")
    assert (event.status, event.date) == ("planned", "2019-10")


def test_a_visit_someone_is_invited_for_is_planned(extractor: Extractor) -> None:
    text = "Vice Premier He Lifeng was invited by Janet Yellen for a visit to Washington."
    event = only_event_with(extract_one(extractor, text, "2023-07-09"), "he-lifeng")
    assert event.status == "planned"


def test_talks_due_to_start_are_planned(extractor: Extractor) -> None:
    text = ("Chinese exports to the United States fell as a new round of trade talks was due "
            "to start later Monday in London, with He Lifeng and Scott Bessent leading.")
    events = extract_one(extractor, text, "2025-06-09").events
    assert events and all(e.status == "planned" for e in events)


def test_talks_stalled_due_to_a_dispute_were_held(extractor: Extractor) -> None:
    text = "He Lifeng and Scott Bessent held talks in London on Monday that stalled due to a dispute."
    (talks,) = extract_one(extractor, text, "2025-06-10").events
    assert talks.status == "happened"


def test_a_future_inside_a_quotation_is_not_the_calls_tense(extractor: Extractor) -> None:
    text = ('Xi Jinping warned Joe Biden that "those who play with fire will get burned" '
            "during their call on Thursday.")
    (call,) = extract_one(extractor, text, "2022-07-29").events
    assert call.status == "happened"


def test_a_visit_under_a_condition_has_not_happened(extractor: Extractor) -> None:
    text = "Xi Jinping told Joe Biden that China stands ready if Kamala Harris visits Beijing."
    visits = [e for e in extract_one(extractor, text, "2022-07-29").events if e.type == "visit"]
    assert visits and all(e.status != "happened" for e in visits)


def test_a_call_the_two_agreed_arrangements_for_is_planned(extractor: Extractor) -> None:
    text = ("Wang Yi and Jake Sullivan also agreed to institutional arrangements for holding "
            "a video call between theater leaders of the two militaries.")
    events = extract_one(extractor, text, "2024-01-28").events
    assert events and all(e.status == "planned" for e in events)


def test_agreeing_during_a_call_does_not_make_the_call_a_plan(extractor: Extractor) -> None:
    text = "Xi Jinping and Joe Biden agreed on trade issues during their call on Monday."
    (call,) = extract_one(extractor, text, "2024-01-28").events
    assert call.status == "happened"


def test_a_plan_word_after_the_triggers_noun_phrase_counts(extractor: Extractor) -> None:
    text = ("Exports from China to the United States fell in May, as a new round of trade "
            "talks between officials of both countries was due to start later Monday in London.")
    events = extract_one(extractor, text, "2025-06-09").events
    assert events and all(e.status == "planned" for e in events)


def test_a_meeting_reported_as_held_does_not_join_the_plan_before_it(
        extractor: Extractor) -> None:
    text = ("Xi Jinping and Donald Trump spoke by telephone on June 18 and agreed to meet in "
            "Osaka. At the start of the meeting with Trump on Saturday, Xi Jinping talked about "
            "table tennis diplomacy.")
    events = extract_one(extractor, text, "2019-06-29").events
    held = [e for e in events if e.type in ("meeting", "summit") and e.status == "happened"]
    assert [e.date for e in held] == ["2019-06-29"]


def test_a_meeting_scheduled_to_occur_on_a_day_is_planned_for_that_day(
        extractor: Extractor) -> None:
    text = ("Commerce Secretary Gina Raimondo met Commerce Minister Wang Wentao in Beijing on "
            "Monday, and they agreed to set up an export control information exchange. The "
            "first meeting of this information exchange is scheduled to occur at the Ministry "
            "of Commerce on Tuesday.")
    events = extract_one(extractor, text, "2023-08-28").events
    assert [(e.status, e.date) for e in events if e.status == "planned"] == [
        ("planned", "2023-08-29")]


def _parsed(words: list[str], heads: list[int], deps: list[str], tags: list[str],
            pos: list[str]):
    """A sentence with a given parse: the rule is about how it reads a parse, whichever
    the model gives."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, tags=tags, pos=pos,
              sent_starts=[True] + [False] * (len(words) - 1))
    return doc


def test_an_infinitive_set_off_by_a_comma_says_what_a_past_action_was_for() -> None:
    from parley.extract.status import event_status

    # "Tai was joined by her deputy, to meet with officials." with "to meet" hung on the
    # noun before the comma, as the model sometimes hangs it.
    words = ["Tai", "was", "joined", "by", "her", "deputy", ",", "to", "meet", "with",
             "officials", "."]
    heads = [2, 2, 2, 2, 5, 3, 5, 8, 5, 8, 9, 2]
    deps = ["nsubjpass", "auxpass", "ROOT", "agent", "poss", "pobj", "punct", "aux", "relcl",
            "prep", "pobj", "punct"]
    tags = ["NNP", "VBD", "VBN", "IN", "PRP$", "NN", ",", "TO", "VB", "IN", "NNS", "."]
    pos = ["PROPN", "AUX", "VERB", "ADP", "PRON", "NOUN", "PUNCT", "PART", "VERB", "ADP",
           "NOUN", "PUNCT"]
    doc = _parsed(words, heads, deps, tags, pos)
    assert event_status(doc[8], doc[:]) == "happened"
    # Without the comma the infinitive complements the noun: "a deputy to meet with
    # officials" has yet to meet them.
    del words[6], heads[6], deps[6], tags[6], pos[6]
    heads = [h - 1 if h > 6 else h for h in heads]
    doc = _parsed(words, heads, deps, tags, pos)
    assert event_status(doc[7], doc[:]) == "planned"


def test_a_title_case_headline_that_agrees_to_talks_plans_them(extractor: Extractor) -> None:
    text = ("Xi and Trump Agree to Restart Trade Talks\n\n"
            "Xi Jinping and Donald Trump met in Osaka on Saturday.")
    events = extract_one(extractor, text, "2019-06-29").events
    assert sorted((e.type, e.status) for e in events) == [
        ("meeting", "happened"), ("talks_round", "planned")]


def test_a_future_phrase_inside_a_quotation_before_the_meeting_is_not_its_tense(
        extractor: Extractor) -> None:
    text = ("\u201cThat's going to make our farmers very happy,\u201d said Donald Trump during a "
            "meeting with Vice Premier Liu He on Thursday.")
    meeting = only_event_with(extract_one(extractor, text, "2019-02-01"), "liu-he")
    assert meeting.status == "happened"


@pytest.mark.parametrize(("text", "status"), [
    ("The long-awaited meeting between Joe Biden and Xi Jinping produced no breakthrough.",
     "happened"),
    ("The long-awaited meeting between Joe Biden and Xi Jinping will take place next week.",
     "planned"),
], ids=["held", "ahead"])
def test_a_compound_adjective_does_not_set_the_tense(extractor: Extractor, text: str,
                                                     status: str) -> None:
    meeting = only_event_with(extract_one(extractor, text, "2022-11-16"), "joe-biden",
                              "xi-jinping")
    assert meeting.status == status


@pytest.mark.parametrize(("text", "status"), [
    (("It does suggest that when Donald Trump and Xi Jinping meet again in Buenos Aires, "
      "they have a bilateral."), "planned"),
    ("Markets rose when Donald Trump and Xi Jinping met in Buenos Aires.", "happened"),
], ids=["present", "past"])
def test_the_present_tense_of_a_time_clause_is_the_future(extractor: Extractor, text: str,
                                                         status: str) -> None:
    meeting = only_event_with(extract_one(extractor, text, "2018-11-02"), "donald-trump",
                              "xi-jinping")
    assert meeting.status == status


def test_next_to_someone_in_a_photo_caption_is_a_place_not_a_plan(extractor: Extractor) -> None:
    """AP-style captions put the speaker beside a colleague in the present tense; the
    meeting they show was held, and "speaks" is no call of its own."""
    text = ("Commerce Secretary Wilbur Ross speaks next to Ambassador Terry Branstad during a "
            "meeting with Vice Premier Wang Yang in Beijing.")
    extraction = extract_one(extractor, text, "2017-09-25")
    meeting = only_event_with(extraction, "wilbur-ross", "wang-yang")
    assert (meeting.type, meeting.status) == ("meeting", "happened")
    assert [e.type for e in extraction.events] == ["meeting"]


def test_a_verb_coordinated_with_a_future_one_shares_its_tense(extractor: Extractor) -> None:
    # "will include ... and meet": the second verb has no auxiliary of its own, so the
    # meeting it frames ("with Raimondo hosting the first meeting") is planned too.
    text = ("The new group will include Gina Raimondo and Wang Wentao and meet twice a year, "
            "with Raimondo hosting the first meeting in Washington.")
    events = extract_one(extractor, text, "2023-08-29").events
    assert events and {e.status for e in events} == {"planned"}


@pytest.mark.parametrize("text", [
    "This afternoon in Oslo, his top envoy Scott Bessent is meeting Vice Premier He Lifeng.",
    "Scott Bessent, whose asset tour ended, is meeting Vice Premier He Lifeng in Oslo today.",
], ids=["is-to-inside-his-top", "set-to-inside-asset-tour"])
def test_a_plan_phrase_counts_only_as_whole_words(extractor: Extractor, text: str) -> None:
    # "is to" and "set to" plan an engagement; the same letters across two words do not.
    (meeting,) = extract_one(extractor, text, "2025-07-29").events
    assert meeting.status == "happened"
    planned = "Scott Bessent is to meet Vice Premier He Lifeng in Oslo."
    (plan,) = extract_one(extractor, planned, "2025-07-29").events
    assert plan.status == "planned"
