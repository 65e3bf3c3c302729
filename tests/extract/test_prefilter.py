"""The relevance gate: off-topic stories are never parsed, US–China talks always are."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from parley.extract.prefilter import Prefilter
from parley.kb import KnowledgeBase
from parley.models import Article

WEATHER = ("Heavy rain swept across the valley on Tuesday, and forecasters warned of flooding "
           "in low-lying towns. Temperatures are expected to fall sharply next week.")
FOOTBALL = ("The home side won 2-1 on Saturday thanks to a late header. The coach said the "
            "squad had met its targets and would visit the training camp next week.")
CALL_STORY = ("Treasury Secretary Janet Yellen spoke by phone with Vice Premier Liu He on "
              "Tuesday about tariffs and the exchange rate.")
THIRD_COUNTRY = ("Prime Minister Narendra Modi met Chancellor Olaf Scholz in Berlin on Monday "
                 "for talks on energy.")


@pytest.fixture(scope="module")
def prefilter() -> Prefilter:
    """The gate built from the shipped knowledge base."""
    return Prefilter(KnowledgeBase.default())


@pytest.mark.parametrize("text", [WEATHER, FOOTBALL], ids=["weather", "football"])
def test_off_topic_story_is_not_relevant(prefilter: Prefilter, text: str) -> None:
    assert not prefilter.check(text).relevant


def test_short_us_china_call_story_is_relevant(prefilter: Prefilter) -> None:
    verdict = prefilter.check(CALL_STORY)
    assert verdict.relevant
    assert verdict.actors >= 2 and verdict.triggers >= 1


def test_actor_names_without_an_engagement_word_are_not_enough(prefilter: Prefilter) -> None:
    text = "Treasury Secretary Janet Yellen and Vice Premier Liu He both grew up in big cities."
    assert not prefilter.check(text).relevant


def test_trigger_inside_a_longer_word_does_not_count(prefilter: Prefilter) -> None:
    text = "Janet Yellen and Liu He were quoted in a metropolitan recall petition."
    assert prefilter.check(text).triggers == 0


class RecordingPipeline:
    """Wraps the spaCy pipeline and remembers which texts it was asked to parse (Docs
    the sentence gate hands over are recorded by their text)."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.parsed: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)

    def pipe(self, texts: Iterable[str], **kwargs: Any) -> Iterator[Any]:
        for text in texts:
            self.parsed.append(getattr(text, "text", text))
            yield from self.nlp.pipe([text], **kwargs)


@pytest.mark.slow
def test_extractor_parses_only_the_relevant_story(monkeypatch: pytest.MonkeyPatch) -> None:
    from parley.extract.article import Extractor

    extractor = Extractor()
    recorder = RecordingPipeline(extractor.nlp)
    monkeypatch.setattr(extractor, "nlp", recorder)
    if extractor.gate is not None:
        monkeypatch.setattr(extractor.gate, "nlp", recorder)
    articles = [Article(id=name, text=text, source=f"{name}.txt", published="2021-10-27",
                        published_precision="day", published_basis="header")
                for name, text in (("weather", WEATHER), ("football", FOOTBALL),
                                   ("call", CALL_STORY))]
    results = {x.article_id: x for x in extractor.extract(articles)}
    assert recorder.parsed == [CALL_STORY]
    assert set(results) == {"weather", "football", "call"}
    assert not results["weather"].relevant and not results["weather"].events
    assert not results["football"].relevant and not results["football"].events
    assert results["call"].relevant and results["call"].events
