"""Readout attribution in articles: each side's tone words, and no side for analysts."""

from __future__ import annotations

import pytest

from parley.extract.article import Extractor
from parley.models import Article, Event

pytestmark = pytest.mark.slow

CALL = ("Treasury Secretary Janet Yellen held a video call with Vice Premier Liu He on "
        "Tuesday. ")


def the_call(extractor: Extractor, follow_up: str) -> Event:
    """The Yellen–Liu call of a two-sentence article whose second sentence is ``follow_up``."""
    article = Article(id="attribution-test", text=CALL + follow_up,
                      source="attribution-test.txt", published="2021-10-27",
                      published_precision="day", published_basis="header")
    (extraction,) = list(extractor.extract([article]))
    found = [e for e in extraction.events
             if {"janet-yellen", "liu-he"} <= {p.actor_id for p in e.participants}]
    assert len(found) == 1
    return found[0]


def tone_words(event: Event) -> dict[str, set[str]]:
    return {side: {t.label for t in words} for side, words in event.tone.items()}


def test_beijing_describing_the_talks_gives_chinese_tone_words(extractor: Extractor) -> None:
    event = the_call(extractor, "Beijing described the talks as candid and constructive.")
    tone = tone_words(event)
    assert tone.get("CHN", set()) >= {"candid", "constructive"}
    assert not tone.get("USA")


def test_us_statement_on_yellen_concerns_gives_us_tone_words(extractor: Extractor) -> None:
    event = the_call(extractor, "A US statement said Yellen raised concerns about Beijing's "
                                "industrial subsidies.")
    tone = tone_words(event)
    assert "concerns" in tone.get("USA", set())
    assert "concerns" not in tone.get("CHN", set())
    assert any(t.label == "subsidies" for t in event.topics)


def test_chinese_and_us_readouts_in_one_article_stay_apart(extractor: Extractor) -> None:
    event = the_call(extractor, "Beijing called the exchange pragmatic. Washington said "
                                "Yellen voiced serious concerns about subsidies.")
    tone = tone_words(event)
    assert "pragmatic" in tone.get("CHN", set())
    assert "pragmatic" not in tone.get("USA", set())
    assert tone.get("USA") and not (tone["USA"] & tone.get("CHN", set()))


@pytest.mark.parametrize(
    "follow_up",
    [
        "The call was productive and pragmatic, said an economist at a consultancy.",
        "The call was productive and pragmatic, said an economist at a Hong Kong consultancy.",
        "An economist at a Beijing consultancy said the call was productive and pragmatic.",
        ('"The call was productive and pragmatic," said Mary Brennan, an economist at a '
        "Singapore consultancy."),
    ],
    ids=["unnamed-after-quote", "place-in-employer", "capital-in-employer", "named-analyst"],
)
def test_analyst_words_go_to_no_side(extractor: Extractor, follow_up: str) -> None:
    event = the_call(extractor, follow_up)
    credited = set().union(*tone_words(event).values()) if event.tone else set()
    assert not credited & {"productive", "pragmatic"}, tone_words(event)
