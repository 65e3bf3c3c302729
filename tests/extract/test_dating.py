"""Undated articles are dated on the parse they were extracted from: no second parse."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from functools import partial
from typing import Any

import pytest

from parley.extract.article import Extractor
from parley.extract.dating import estimated_article, needs_date
from parley.models import Article

#: Written for this test: a relative day ("on Tuesday") and a stated date that dates it.
UNDATED = (
    "Treasury Secretary Janet Yellen spoke by phone with Vice Premier Liu He on Tuesday, "
    "two weeks after the tariff deadline of October 12, 2021 passed. Both sides called the "
    "conversation candid and pragmatic."
)


class CountingPipe:
    """Wraps a pipeline's ``pipe`` and counts the Docs it is asked to parse."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.parsed = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)

    def pipe(self, docs: Iterable[Any], **kwargs: Any) -> Iterator[Any]:
        for doc in docs:
            self.parsed += 1
            yield from self.nlp.pipe([doc], **kwargs)


@pytest.mark.slow
def test_an_undated_article_is_dated_and_read_again_on_one_parse(
        monkeypatch: pytest.MonkeyPatch) -> None:
    extractor = Extractor(gate=False)
    counter = CountingPipe(extractor.nlp)
    monkeypatch.setattr(extractor, "nlp", counter)
    article = Article(id="undated", text=UNDATED, source="undated.txt")
    estimate = partial(estimated_article, kb=extractor.kb, known=(), today=date(2026, 1, 1))
    (ex,) = list(extractor.extract([article], estimate=estimate))
    assert counter.parsed == 1
    assert ex.dated is not None and ex.dated.published_basis == "estimated"
    assert ex.dated.published and ex.dated.published_window
    call = next(e for e in ex.events if e.type == "call")
    # "on Tuesday" now resolves against the estimate; undated, it could not.
    assert call.date and call.date.count("-") == 2
    assert "dated" not in ex.to_dict()


@pytest.mark.slow
def test_the_same_extraction_as_dating_first_and_extracting_again() -> None:
    extractor = Extractor()
    article = Article(id="undated", text=UNDATED, source="undated.txt")
    estimate = partial(estimated_article, kb=extractor.kb, known=(), today=date(2026, 1, 1))
    (on_worker,) = list(extractor.extract([article], estimate=estimate))
    (first,) = list(extractor.extract([article]))
    dated = estimated_article(article, first, extractor.kb, (), date(2026, 1, 1))
    assert dated is not None and on_worker.dated == dated
    (again,) = list(extractor.extract([dated]))
    assert [e.to_dict() for e in again.events] == [e.to_dict() for e in on_worker.events]


def test_only_articles_without_a_stated_date_need_one() -> None:
    assert needs_date(Article(id="a", text="x", source="a"))
    assert needs_date(Article(id="a", text="x", source="a", published="2021-01-01",
                              published_basis="estimated"))
    assert not needs_date(Article(id="a", text="x", source="a", published="2021-01-01",
                                  published_basis="header"))


#: Written for this test: trade news with no engagement, dated only by a title.
OFF_TOPIC_UNDATED = ("President Joe Biden raised tariffs on Chinese electric cars, the "
                     "White House said, citing unfair subsidies.")


@pytest.mark.slow
@pytest.mark.parametrize("gate", [True, False], ids=["gate", "no-gate"])
def test_an_undated_article_the_prefilter_skips_is_dated_without_a_parse(
        monkeypatch: pytest.MonkeyPatch, gate: bool) -> None:
    extractor = Extractor(gate=gate)
    counter = CountingPipe(extractor.nlp)
    monkeypatch.setattr(extractor, "nlp", counter)
    article = Article(id="off-topic", text=OFF_TOPIC_UNDATED, source="off-topic.txt")
    estimate = partial(estimated_article, kb=extractor.kb, known=(), today=date(2026, 1, 1))
    (ex,) = list(extractor.extract([article], estimate=estimate))
    assert counter.parsed == 0 and not ex.relevant and ex.events == []
    assert ex.dated is not None and ex.dated.published_window == ("2021-01-20", "2025-01-20")


@pytest.mark.slow
def test_a_failed_estimate_of_a_skipped_article_is_its_error_line() -> None:
    extractor = Extractor()
    article = Article(id="off-topic", text=OFF_TOPIC_UNDATED, source="off-topic.txt")

    def broken(article: Article, extraction: Any) -> Article | None:
        raise ValueError("no calendar")

    (ex,) = list(extractor.extract([article], estimate=broken))
    assert ex.dated is None and ex.error == "publication estimate: ValueError: no calendar"
