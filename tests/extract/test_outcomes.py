"""Outcomes of engagements in articles: what the two sides agreed."""

from __future__ import annotations

import pytest

from parley.extract.article import Extractor
from parley.models import Event, Extraction

from .support import extract_one as _extract_one
from .support import only_event_with

pytestmark = pytest.mark.slow


def extract_one(extractor: Extractor, text: str, published: str = "2023-08-30") -> Extraction:
    """Outcome tests default to an article dated the day after a 2023 meeting."""
    return _extract_one(extractor, text, published)


def outcome_labels(event: Event) -> list[str]:
    return [o.label for o in event.outcomes]


def test_agreement_in_the_same_sentence_becomes_an_agreed_to_outcome(
        extractor: Extractor) -> None:
    text = ("Treasury Secretary Janet Yellen spoke with Vice Premier Liu He by phone on "
            "Tuesday, and the two sides agreed to keep communicating.")
    event = only_event_with(extract_one(extractor, text, "2021-10-27"), "janet-yellen", "liu-he")
    labels = outcome_labels(event)
    assert any(o.startswith("agreed to") and "keep communicating" in o for o in labels), labels


def test_two_sides_agreeing_in_the_next_sentence_is_the_calls_outcome(
        extractor: Extractor) -> None:
    text = ("Vice Premier Liu He spoke with Treasury Secretary Janet Yellen by video link on "
            "Tuesday. The two sides agreed to keep communicating.")
    event = only_event_with(extract_one(extractor, text, "2021-10-27"), "janet-yellen", "liu-he")
    labels = outcome_labels(event)
    assert any(o.startswith("agreed to") and "keep communicating" in o for o in labels), labels


def test_outcome_span_points_at_the_agreement_wording(extractor: Extractor) -> None:
    text = ("Treasury Secretary Janet Yellen spoke with Vice Premier Liu He by phone on "
            "Tuesday, and the two sides agreed to keep communicating.")
    event = only_event_with(extract_one(extractor, text, "2021-10-27"), "janet-yellen", "liu-he")
    assert event.outcomes
    span = event.outcomes[0].span
    assert "keep communicating" in text[span.start:span.end]


@pytest.mark.parametrize(
    "text",
    [
        ("Commerce Secretary Gina Raimondo met Commerce Minister Wang Wentao in Beijing on "
         "Monday, and they reached an agreement to set up a working group on trade disputes."),
        ("Commerce Secretary Gina Raimondo met Commerce Minister Wang Wentao in Beijing on "
         "Monday. During the meeting, the two sides reached an agreement to set up a working "
         "group on trade disputes."),
        ("Commerce Secretary Gina Raimondo met Commerce Minister Wang Wentao in Beijing on "
         "Monday. The two ministers agreed to establish a working group on trade disputes."),
    ],
    ids=["same-sentence", "during-the-meeting", "next-sentence"],
)
def test_agreeing_to_set_up_a_working_group_is_an_outcome_not_an_event(
        extractor: Extractor, text: str) -> None:
    extraction = extract_one(extractor, text)
    event = only_event_with(extraction, "gina-raimondo", "wang-wentao")
    assert event.type == "meeting"
    labels = outcome_labels(event)
    assert any(o.startswith("agreed to") and "working group" in o for o in labels), labels
    assert not [e for e in extraction.events if e.type == "working_group"]
