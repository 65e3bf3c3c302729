"""Engagements an article recalls only by name become mentions of the known engagement."""

from __future__ import annotations

from datetime import date

from parley.fuse.recall import PersonNames, recalled_known
from parley.kb.engagements import KnownEngagement
from parley.models import ActorMention, Article, Event, Participant, Span

BALI = KnownEngagement("bali", date(2022, 11, 14), None, "day", "meeting",
                       ("joe-biden", "xi-jinping"), "Bali", "Biden-Xi meeting in Bali",
                       ("bali meeting",), ())
FORUM = KnownEngagement("forum", date(2023, 9, 22), None, "working_group",
                        "working_group", ("janet-yellen", "he-lifeng"), "Washington",
                        "Working groups launched", ("economic working group",), ())
NAMES = PersonNames({"joe-biden": ("Joe Biden", "USA"), "xi-jinping": ("Xi Jinping", "CHN"),
                     "janet-yellen": ("Janet Yellen", "USA"), "he-lifeng": ("He Lifeng", "CHN")})


#: Xi Jinping, named by the article outside the sentences the tests recall from.
XI_NAMED_ELSEWHERE = ActorMention(text="Xi Jinping", start=10_000, end=10_010, kind="person",
                                  actor_id="xi-jinping", name="Xi Jinping", country="CHN")


def article(text: str, published: str = "2023-06-20", meta: dict | None = None) -> Article:
    return Article(id="recall", text=text, source="recall.txt", published=published,
                   meta=meta or {})


def recall(text: str, events: list[Event] | None = None, published: str = "2023-06-20",
           meta: dict | None = None) -> list[Event]:
    return recalled_known(article(text, published, meta), published, events or [],
                          [BALI, FORUM], NAMES, [XI_NAMED_ELSEWHERE])


def test_a_meeting_recalled_by_its_venue_is_a_mention_of_the_known_one() -> None:
    text = "Officials said ties had steadied since the meeting in Bali last year."
    (event,) = recall(text)
    assert (event.type, event.date, event.status) == ("meeting", "2022-11-14", "happened")
    # Of its people, those the article names; the sentence is its source.
    assert [p.actor_id for p in event.participants] == ["xi-jinping"]
    assert event.sources[0].sentence == text
    assert event.related == [{"id": "bali", "relation": "known_as", "dates": "day"}]


def test_references_that_name_no_held_engagement_are_left_alone() -> None:
    assert recall("The two leaders will hold another meeting in Bali next year.") == []
    assert recall("He leads the economic working group, the ministry said.") == []
    assert recall("Ties steadied after the meeting in Bali.", published="2022-10-01") == []
    dateline = "BALI, Nov 14 (Wire) - Talks resumed in Bali on Monday."
    assert recall(dateline, meta={"dateline": "BALI, Nov 14 (Wire) -"}) != []  # body names it
    assert recall("BALI (Wire) - Officials met.", meta={"dateline": "BALI (Wire) -"}) == []


def test_an_engagement_the_article_reports_itself_is_not_recalled_again() -> None:
    own = Event(id="own", type="meeting", date="2022-11-14", date_precision="day",
                participants=[Participant("Xi Jinping", "xi-jinping", "CHN", None)])
    assert recall("Ties steadied after the meeting in Bali.", events=[own]) == []


def _undated(sentence_start: int, sentence_end: int) -> Event:
    """An undated meeting of Biden and Xi reported by the sentence at those offsets."""
    return Event(id="undated", type="meeting", date=None,
                 participants=[Participant("Xi Jinping", "xi-jinping", "CHN", None)],
                 sources=[Span("recall", sentence_start, sentence_end)])


def test_an_undated_report_elsewhere_does_not_stand_for_a_meeting_recalled_by_place() -> None:
    headline = "Biden and Xi meet again"
    text = f"{headline}\n\nThe two leaders first met in Bali, officials recalled."
    (event,) = recall(text, events=[_undated(0, len(headline))])
    assert event.date == "2022-11-14"


def test_an_undated_report_of_the_recalling_sentence_or_of_recent_news_is_that_meeting(
        ) -> None:
    text = "The two leaders met in Bali, officials said."
    assert recall(text, events=[_undated(0, len(text))]) == []
    headline = "Biden and Xi meet"
    recent = f"{headline}\n\nThe two leaders held talks in Bali."
    assert recall(recent, events=[_undated(0, len(headline))], published="2022-11-20") == []


def test_a_recalled_meeting_takes_the_people_its_sentence_names() -> None:
    text = "Janet Yellen said ties had steadied since the meeting in Bali last year."
    yellen = ActorMention(text="Janet Yellen", start=0, end=12, kind="person",
                          actor_id="janet-yellen", name="Janet Yellen", country="USA")
    leaders = KnownEngagement("bali2", date(2022, 11, 14), None, "day", "meeting",
                              ("joe-biden", "xi-jinping", "janet-yellen"), "Bali",
                              "Biden-Xi meeting in Bali", ("bali meeting",), ())
    (event,) = recalled_known(article(text), "2023-06-20", [], [leaders], NAMES,
                              [yellen, XI_NAMED_ELSEWHERE])
    assert [p.actor_id for p in event.participants] == ["janet-yellen"]


def test_a_clause_of_time_keeps_its_own_tense_in_a_sentence_looking_ahead() -> None:
    text = "The visit will come five months after the two leaders met in Bali."
    (event,) = recall(text, published="2023-04-10")
    assert event.date == "2022-11-14"
    assert recall("The two leaders will meet in Bali again after the summit.",
                  published="2023-04-10") == []


def test_a_linked_mention_naming_nobody_takes_the_known_peoples_the_article_names() -> None:
    from parley.fuse.recall import people_from_known

    # "The talks in Bali concluded on Monday": the report's own sentence names nobody.
    talks = Event(id="t1", type="meeting", date="2022-11-14", date_precision="day",
                  related=[{"id": "bali", "relation": "known_as"}])
    filled = people_from_known(talks, {"bali": BALI}, NAMES, [XI_NAMED_ELSEWHERE])
    # Of the file's people, only the one the article names anywhere.
    assert [p.actor_id for p in filled.participants] == ["xi-jinping"]
    # People the text gives are never replaced, and an unlinked mention stays as it is.
    named = Event(id="t2", type="meeting", date="2022-11-14", related=talks.related,
                  participants=[Participant("Joe Biden", "joe-biden", "USA", None)])
    assert people_from_known(named, {"bali": BALI}, NAMES, [XI_NAMED_ELSEWHERE]) is named
    alone = Event(id="t3", type="meeting", date="2022-11-14")
    assert people_from_known(alone, {"bali": BALI}, NAMES, [XI_NAMED_ELSEWHERE]) is alone
