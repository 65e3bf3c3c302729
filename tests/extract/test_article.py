"""Whole-article extraction: provenance of every span, batches, and undated articles."""

from __future__ import annotations

import pytest

from parley.extract.article import Extractor, anchor_of
from parley.models import Article, Extraction, Precision, Span

VISIT_STORY = (
    "US and Chinese commerce chiefs meet in Beijing\n"
    "Commerce Secretary Gina Raimondo met Commerce Minister Wang Wentao in Beijing on Monday, "
    "the first visit by a US commerce secretary in five years.\n"
    "\u201cWe had a candid and constructive exchange,\u201d Ms Raimondo said after the talks. "
    "China\u2019s commerce ministry described the meeting as pragmatic and said Mr Wang had "
    "raised serious concerns about export controls on chips.\n"
    "The two sides agreed to set up a working group on trade disputes, according to a US "
    "statement. Boeing has aircraft orders worth $4.5 billion awaiting approval, said Amy Lin, "
    "an analyst at a Shanghai brokerage.\n"
    "Ms Raimondo will meet Vice Premier He Lifeng on Tuesday.\n"
)


def dated(article_id: str, text: str, published: str | None = "2023-08-29") -> Article:
    return Article(id=article_id, text=text, source=f"{article_id}.txt", published=published,
                   published_precision="day" if published else None,
                   published_basis="header" if published else None)


@pytest.fixture(scope="module")
def visit(extractor: Extractor) -> tuple[Article, Extraction]:
    """The visit story and its extraction."""
    article = dated("visit", VISIT_STORY)
    (extraction,) = list(extractor.extract([article]))
    return article, extraction


def assert_points_inside(article: Article, span: Span) -> None:
    assert span.article_id == article.id
    assert 0 <= span.start < span.end <= len(article.text)
    if span.text:
        assert article.text[span.start:span.end] == span.text
    if span.sentence:
        assert span.sentence in article.text
        assert span.text in span.sentence


@pytest.mark.slow
def test_story_yields_events(visit: tuple[Article, Extraction]) -> None:
    _, extraction = visit
    assert extraction.relevant
    assert extraction.events
    assert sum(e.main for e in extraction.events) == 1


@pytest.mark.slow
def test_every_event_source_span_is_its_sentence(visit: tuple[Article, Extraction]) -> None:
    article, extraction = visit
    for event in extraction.events:
        assert event.sources
        assert event.article_ids == [article.id]
        for source in event.sources:
            assert source.article_id == article.id
            assert article.text[source.start:source.end] == source.sentence


@pytest.mark.slow
def test_every_participant_topic_tone_and_outcome_span_points_inside_the_article(
        visit: tuple[Article, Extraction]) -> None:
    article, extraction = visit
    spans: list[Span] = []
    for event in extraction.events:
        spans += [p.span for p in event.participants if p.span is not None]
        spans += [t.span for t in event.topics]
        spans += [o.span for o in event.outcomes]
        spans += [w.span for words in event.tone.values() for w in words]
    spans += [a.span for a in extraction.amounts]
    spans += [t.span for t in extraction.topics]
    assert len(spans) >= 5
    for span in spans:
        assert_points_inside(article, span)


@pytest.mark.slow
def test_actor_and_time_offsets_match_their_text(visit: tuple[Article, Extraction]) -> None:
    article, extraction = visit
    assert extraction.actors and extraction.times
    for mention in extraction.actors:
        assert article.text[mention.start:mention.end] == mention.text
    for ref in extraction.times:
        assert article.text[ref.start:ref.end] == ref.text


@pytest.mark.slow
def test_money_amount_is_found_with_its_span(visit: tuple[Article, Extraction]) -> None:
    article, extraction = visit
    amounts = [a for a in extraction.amounts if a.unit == "USD"]
    assert [a.value for a in amounts] == [4.5e9]
    assert "4.5 billion" in article.text[amounts[0].span.start:amounts[0].span.end]


@pytest.mark.slow
def test_batch_returns_one_extraction_per_article_with_the_extractor_version(
        extractor: Extractor) -> None:
    articles = [dated("visit", VISIT_STORY),
                dated("weather", "Heavy rain fell on the valley on Tuesday.")]
    results = {x.article_id: x for x in extractor.extract(articles)}
    assert set(results) == {"visit", "weather"}
    assert results["visit"].relevant and not results["weather"].relevant
    assert all(x.version == extractor.version for x in results.values())


@pytest.mark.slow
def test_undated_article_gets_no_invented_dates(extractor: Extractor) -> None:
    text = ("Treasury Secretary Janet Yellen met Vice Premier He Lifeng on Tuesday. President "
            "Donald Trump met President Xi Jinping in Beijing on November 9, 2017.")
    (extraction,) = list(extractor.extract([dated("undated", text, published=None)]))
    by_people = {frozenset(p.actor_id for p in e.participants): e for e in extraction.events}
    tuesday = by_people[frozenset({"janet-yellen", "he-lifeng"})]
    background = by_people[frozenset({"donald-trump", "xi-jinping"})]
    assert tuesday.date is None
    assert background.date == "2017-11-09"


@pytest.mark.parametrize(
    ("published", "precision", "basis", "expected"),
    [("2023-08-29", "day", "header", ("2023-08-29", False)),
     ("2023-08-29", "day", "estimated", ("2023-08-29", True)),
     ("2023-08", "month", "header", (None, False)),
     (None, None, None, (None, False))],
    ids=["header-day", "estimated-day", "month-only", "undated"],
)
def test_relative_dates_anchor_only_on_a_day_precision_publication_date(
        published: str | None, precision: Precision | None, basis: str | None,
        expected: tuple[str | None, bool]) -> None:
    article = Article(id="a", text="x", source="a.txt", published=published,
                      published_precision=precision, published_basis=basis)
    day, estimated = anchor_of(article)
    assert ((day.isoformat() if day else None), estimated) == expected
