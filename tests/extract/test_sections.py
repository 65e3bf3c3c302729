"""Long articles are extracted in sections with every offset indexing the whole text."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from parley.extract import sections
from parley.extract.article import Extractor
from parley.extract.sections import extract_in_sections, split_text
from parley.models import ActorMention, Article, Extraction, Span

from .support import offset_records

#: One engagement paragraph, repeated to make a long article.
TALKS = ("Vice Premier Liu He spoke by phone with Treasury Secretary Janet Yellen on "
         "Tuesday, and the two sides agreed to keep talking about tariffs and export "
         "controls.\n\n")
#: A paragraph of local news that cannot hold an engagement.
FILLER = ("The harbour board said container traffic rose in the spring and that the new "
          "crane would be ready before the autumn storms.\n\n")


def _article(text: str) -> Article:
    return Article(id="long-article-for-test", text=text, source="long.txt",
                   published="2021-10-27", published_precision="day", published_basis="header")


@pytest.mark.parametrize(("text", "limit", "first_cut"), [
    ("aaaa\n\nbbbb\n\ncccc", 12, "aaaa\n\nbbbb\n\n"),   # at the last paragraph break
    ("aaaa\nbbbb\ncccc", 11, "aaaa\nbbbb\n"),             # else at a line break
    ("One. Two. Three.", 11, "One. Two. "),                # else after a sentence
    ("aaa bbb ccc", 9, "aaa bbb "),                        # else at a space
    ("abcdefghij", 4, "abcd"),                             # else at the limit
])
def test_text_is_cut_at_the_best_boundary_and_nothing_is_lost(text: str, limit: int,
                                                              first_cut: str) -> None:
    pieces = split_text(text, limit)
    assert pieces[0] == (0, first_cut)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= limit for _, piece in pieces)
    assert [offset for offset, _ in pieces] == [
        sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]


def test_a_short_text_is_one_section() -> None:
    assert split_text("Envoys met.", 100) == [(0, "Envoys met.")]


class _SpyPipeline:
    """Stands in for spaCy: records each text it parses and returns it as the 'doc'."""

    max_length = 1_000_000

    def __init__(self) -> None:
        self.parsed: list[str] = []

    def pipe(self, texts: Iterator[str], batch_size: int) -> Iterator[str]:
        for text in texts:
            self.parsed.append(text)
            yield text


def _fake_extract(article: Article, doc: Any) -> Extraction:
    """One actor mention over the first word of the section, as a real extractor would set."""
    word = article.text.split()[0]
    start = article.text.index(word)
    return Extraction(article_id=article.id, version="t", relevant=True,
                      actors=[ActorMention(word, start, start + len(word), "unknown")])


def test_sections_that_cannot_hold_an_engagement_are_not_parsed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sections, "SECTION_CHARS", 400)
    text = TALKS + FILLER * 20 + TALKS
    spy = _SpyPipeline()
    ((_, joined),) = extract_in_sections(spy, [_article(text)], 8,  # type: ignore[arg-type]
                                               _fake_extract, keep=lambda t: "Liu He" in t)
    assert isinstance(joined, Extraction)
    assert len(spy.parsed) == 2 and all("Liu He" in t for t in spy.parsed)
    for actor in joined.actors:
        assert text[actor.start:actor.end] == actor.text


def test_articles_come_back_in_order_even_when_some_have_nothing_to_parse(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sections, "SECTION_CHARS", 300)
    articles = [dataclasses.replace(_article(t), id=name) for name, t in (
        ("short", TALKS), ("dull", FILLER * 10), ("long", TALKS * 8))]
    results = list(extract_in_sections(_SpyPipeline(), articles, 2,  # type: ignore[arg-type]
                                       _fake_extract, keep=lambda t: "Liu He" in t))
    assert [a.id for a, _ in results] == ["short", "dull", "long"]
    assert results[1][1] is None
    assert all(isinstance(r, Extraction) for _, r in (results[0], results[2]))


def test_a_failing_section_fails_its_article_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sections, "SECTION_CHARS", 300)

    def fragile(article: Article, doc: Any) -> Extraction:
        if "BOOM" in article.text:
            raise RuntimeError("section fell over")
        return _fake_extract(article, doc)

    articles = [dataclasses.replace(_article(TALKS * 4 + "BOOM " + TALKS), id="bad"),
                dataclasses.replace(_article(TALKS * 4), id="good")]
    results = extract_in_sections(_SpyPipeline(), articles, 2,  # type: ignore[arg-type]
                                  fragile)
    by_id = {a.id: r for a, r in results}
    assert isinstance(by_id["bad"], RuntimeError)
    assert isinstance(by_id["good"], Extraction)


@pytest.mark.slow
def test_a_text_longer_than_the_parser_accepts_is_extracted_with_true_offsets(
        extractor: Extractor, monkeypatch: pytest.MonkeyPatch) -> None:
    # The parser's limit is lowered so a 3 KB article stands for a 1 MB one (spaCy E088).
    monkeypatch.setattr(extractor.nlp, "max_length", 500)
    text = TALKS * 12
    (extraction,) = extractor.extract([_article(text)])
    assert extraction.error is None and extraction.relevant
    starts = [offset for offset, _ in split_text(text, 500)]
    assert len(starts) >= 4
    # Every section's engagement was found (repeats within one section merge into one).
    found_in = {max(i for i, start in enumerate(starts) if start <= s.start)
                for e in extraction.events for s in e.sources}
    assert found_in == set(range(len(starts)))
    records = list(offset_records(extraction))
    assert records
    for record in records:
        assert 0 <= record.start <= record.end <= len(text)
        assert text[record.start:record.end] == record.text
        if isinstance(record, Span) and record.sentence:
            assert record.sentence.strip() in text
    ids = [e.id for e in extraction.events]
    assert len(ids) == len(set(ids)), "mention ids stay unique across sections"
    assert sum(e.main for e in extraction.events) <= 1
