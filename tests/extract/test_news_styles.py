"""Patterns of wire and state-media copy that a sentence-by-sentence reading gets wrong."""

from __future__ import annotations

import pytest

from parley.extract.article import Extractor
from parley.models import Article, Event, Extraction

pytestmark = pytest.mark.slow


def extract_one(extractor: Extractor, text: str, published: str) -> Extraction:
    article = Article(id="styles-test", text=text, source="styles-test.txt",
                      published=published, published_precision="day", published_basis="header")
    (extraction,) = list(extractor.extract([article]))
    return extraction


def main_event(extraction: Extraction) -> Event:
    mains = [e for e in extraction.events if e.main]
    assert len(mains) == 1, [(e.type, e.main) for e in extraction.events]
    return mains[0]


def people(event: Event) -> set[str]:
    return {p.actor_id for p in event.participants if p.actor_id}


def test_state_media_voice_carries_to_the_next_sentence(extractor: Extractor) -> None:
    text = ("Vice Premier He Lifeng held a video call with Treasury Secretary Scott Bessent "
            "on Friday, the official news agency Xinhua reported.\n\nThe two sides had candid "
            "and constructive exchanges on trade and agreed to keep in communication.")
    event = main_event(extract_one(extractor, text, "2025-09-12"))
    assert {"he-lifeng", "scott-bessent"} <= people(event)
    assert {"candid", "constructive"} <= {t.label for t in event.tone.get("CHN", [])}
    assert not event.tone.get("USA")


def test_he_said_after_vice_premier_he_is_the_vice_premier(extractor: Extractor) -> None:
    text = ("Vice Premier He Lifeng met Commerce Secretary Howard Lutnick in Beijing on "
            "Monday. He said China firmly opposes new export controls.")
    extraction = extract_one(extractor, text, "2025-09-16")
    voices = [m for m in extraction.actors if m.text == "He" and m.start > 40]
    assert voices and voices[0].actor_id == "he-lifeng"


def test_the_date_of_a_statement_does_not_date_a_planned_trip(extractor: Extractor) -> None:
    text = ("Treasury Secretary Janet Yellen will travel to China next week for talks with "
            "Vice Premier He Lifeng, the Treasury Department said on Monday.")
    event = main_event(extract_one(extractor, text, "2024-03-25"))
    assert event.status == "planned"
    assert event.date_precision == "week" and event.date == "2024-04-03"  # the middle of that week


def test_bare_surnames_after_full_names_are_participants(extractor: Extractor) -> None:
    text = ("President Donald Trump praised the trade truce on Tuesday. In Beijing, Chinese "
            "President Xi Jinping urged patience.\n\nTrump and Xi could meet later this year, "
            "officials said.")
    extraction = extract_one(extractor, text, "2025-07-29")
    meetings = [e for e in extraction.events if e.type == "meeting"]
    assert meetings and {"donald-trump", "xi-jinping"} <= people(meetings[0])
    assert meetings[0].status == "planned"


def test_remaining_in_close_contact_is_not_a_call(extractor: Extractor) -> None:
    text = ("Commerce Minister Wang Wentao and Commerce Secretary Gina Raimondo met in "
            "Washington on Thursday. The two teams would remain in close contact, officials "
            "said.")
    extraction = extract_one(extractor, text, "2023-05-26")
    assert [e.type for e in extraction.events] == ["meeting"]


def test_a_capitalised_dateline_city_is_a_place_not_a_government(extractor: Extractor) -> None:
    text = ("STOCKHOLM, July 29 (Wire) - Treasury Secretary Scott Bessent and Vice Premier "
            "He Lifeng ended two days of trade talks in Stockholm on Tuesday.")
    extraction = extract_one(extractor, text, "2025-07-29")
    assert not [m for m in extraction.actors if m.text == "STOCKHOLM"]


def test_a_caption_of_a_handshake_is_a_meeting_that_day(extractor: Extractor) -> None:
    # A photo caption is often the only line that says two people met: nothing else in
    # this story names an engagement, so the relevance prefilter must keep it too.
    text = ("Foreign Minister Wang Yi, right, shakes hands with Secretary of State Antony "
            "Blinken inside a Beijing guesthouse, Friday, April 26, 2024.\n\n"
            "Markets were calm as the week closed.")
    extraction = extract_one(extractor, text, "2024-04-27")
    assert extraction.relevant
    (event,) = extraction.events
    assert (event.type, event.status, event.date) == ("meeting", "happened", "2024-04-26")
    assert people(event) == {"antony-blinken", "wang-yi"}
