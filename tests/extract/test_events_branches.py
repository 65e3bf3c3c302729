"""One test per rule of the event assembler that no other test reaches.

Sentences written for these tests.
"""

from __future__ import annotations

import pytest
from tests.extract.support import extract_one

from parley.extract.article import Extractor

pytestmark = pytest.mark.slow


def _people(event) -> set[str]:
    return {p.actor_id for p in event.participants if p.actor_id}


def test_triggers_that_each_own_a_date_are_two_engagements(extractor: Extractor) -> None:
    text = ("After Xi Jinping met Joe Biden on November 14, 2022, the two held a video call "
            "on Monday.")
    events = extract_one(extractor, text, "2023-04-05").events
    dates = sorted(e.date for e in events if e.date)
    assert "2022-11-14" in dates and "2023-04-03" in dates


def test_a_meeting_of_a_working_group_is_one_event(extractor: Extractor) -> None:
    text = ("Janet Yellen and He Lifeng held the first meeting of the economic working group "
            "in Washington on Tuesday.")
    events = extract_one(extractor, text, "2023-10-25").events
    assert [(e.type, e.date) for e in events] == [("working_group", "2023-10-24")]


def test_officials_named_right_after_an_unnamed_round_led_it(extractor: Extractor) -> None:
    text = ("The trade talks on Saturday were the first in months. Scott Bessent and Jamieson "
            "Greer led the US side. China was represented by Vice Premier He Lifeng.")
    events = extract_one(extractor, text, "2025-05-11").events
    talks = [e for e in events if e.type == "talks_round"]
    assert talks and {"scott-bessent", "he-lifeng"} <= _people(talks[0])


def test_calls_in_general_are_no_engagement(extractor: Extractor) -> None:
    text = "Statements from calls this month show that ties are stable, a blog said."
    assert extract_one(extractor, text, "2021-10-27").events == []


def test_the_same_side_with_other_people_is_another_engagement(extractor: Extractor) -> None:
    text = ("Janet Yellen spoke with Liu He on Monday. On Tuesday, Katherine Tai spoke with "
            "Liu He.")
    events = extract_one(extractor, text, "2021-10-27").events
    calls = [e for e in events if "liu-he" in _people(e)]
    assert len(calls) == 2
    assert {"janet-yellen", "katherine-tai"} == {p for e in calls for p in _people(e)} - {"liu-he"}


def test_a_possessive_names_no_participant(extractor: Extractor) -> None:
    text = "Donald Trump's negotiators met Liu He in Washington on Thursday."
    events = extract_one(extractor, text, "2019-05-10").events
    assert events and all("donald-trump" not in _people(e) for e in events)


def test_earlier_visitors_after_following_take_no_part(extractor: Extractor) -> None:
    text = ("Gina Raimondo arrived in Beijing on Sunday to visit China, following Antony "
            "Blinken and Janet Yellen.")
    events = extract_one(extractor, text, "2023-08-28").events
    visits = [e for e in events if "gina-raimondo" in _people(e)]
    assert visits and not {"antony-blinken", "janet-yellen"} & _people(visits[0])


def test_both_sides_named_just_before_make_a_call_bilateral(extractor: Extractor) -> None:
    text = ("Janet Yellen and Liu He have clashed over tariffs. The two sides held a video "
            "call on Tuesday.")
    events = extract_one(extractor, text, "2021-06-03").events
    assert any(e.type == "video_call" and e.date == "2021-06-01" for e in events)


def test_unquoted_words_of_a_one_sided_sentence_are_no_readout(extractor: Extractor) -> None:
    text = ("Liu He held a call with Janet Yellen on Tuesday. The mood was constructive, and "
            "the exchange with Liu He was \"pragmatic\".")
    events = [e for e in extract_one(extractor, text, "2021-06-03").events
              if "liu-he" in _people(e)]
    words = {t.label for side in events[0].tone.values() for t in side}
    assert "pragmatic" in words and "constructive" not in words


def test_a_name_the_ner_reads_into_the_trigger_is_no_participant(extractor: Extractor) -> None:
    # Headline style: the statistical NER may read "Trump Meeting" as a person's name. The
    # trigger's own words never name a participant, whatever the NER made of them.
    from datetime import date

    from parley.extract.actors import resolve_actors
    from parley.extract.events import extract_events
    from parley.models import ActorMention

    text = "The Trump Meeting With Xi Jinping Took Place in Busan on Thursday."
    assert extractor.gate is not None
    doc = next(extractor.gate.pipe([text], 1))
    anchor = date(2025, 10, 31)
    start = text.index("Trump Meeting")
    misread = ActorMention(text="Trump Meeting", start=start, end=start + len("Trump Meeting"),
                           kind="person", name="Trump Meeting", resolved_by="ner")
    mentions = sorted([m for m in resolve_actors(doc, extractor.kb, anchor)
                       if not (m.start < misread.end and misread.start < m.end)] + [misread],
                      key=lambda m: m.start)
    events = extract_events(doc, extractor.nlp, "written-for-test", mentions, [], anchor,
                            extractor.demonyms, leaders=extractor.leaders)
    assert [[p.name for p in e.participants] for e in events] == [["Xi Jinping"]]
