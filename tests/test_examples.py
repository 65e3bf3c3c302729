"""The bundled example corpus is well-formed and the benchmark generator is reproducible."""

from __future__ import annotations

import csv
import importlib.util
import json
import math
import re
import sys
from datetime import date, datetime
from pathlib import Path
from types import ModuleType

import feedparser
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
RECORD_FIELDS = ["text", "title", "url", "published", "source"]
DATE_HEADER = re.compile(r"^date \d{4}-\d{2}-\d{2}\s*$")
DATELINE = re.compile(r"^[A-Z][A-Z .'-]+, [A-Z][a-z]{2,8}\.? \d{1,2}(, \d{4})? (\([^)]+\) )?[-—–]")
PUBLISHED_META = re.compile(r'<meta\s+property="article:published_time"\s+content="([^"]+)"')
ON_TOPIC_WORDS = re.compile(r"\b(China|Chinese|Beijing)\b")
OFF_TOPIC_LEAKS = re.compile(r"\b(China|Chinese|Beijing|tariffs?|Washington)\b", re.IGNORECASE)


def _load_corpus_module() -> ModuleType:
    """Import benchmarks/corpus.py, which lives outside the package."""
    spec = importlib.util.spec_from_file_location(
        "parley_bench_corpus", ROOT / "benchmarks" / "corpus.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus_module()


def _jsonl_records() -> list[dict]:
    lines = (EXAMPLES / "records.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _csv_records() -> list[dict]:
    with (EXAMPLES / "records.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _text_bodies() -> dict[str, str]:
    return {
        p.name: p.read_text(encoding="utf-8") for p in sorted((EXAMPLES / "text").glob("*.txt"))
    }


# --- example corpus -------------------------------------------------------


def test_jsonl_lines_parse_with_all_record_fields() -> None:
    records = _jsonl_records()
    assert 3 <= len(records) <= 4
    for record in records:
        assert set(RECORD_FIELDS) <= set(record)
        assert record["text"].strip()
        date.fromisoformat(record["published"])


def test_csv_has_header_and_quoted_multiline_text() -> None:
    with (EXAMPLES / "records.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == RECORD_FIELDS
    rows = _csv_records()
    assert 2 <= len(rows) <= 3
    for row in rows:
        assert "\n\n" in row["text"], "paragraph breaks must survive CSV quoting"
        date.fromisoformat(row["published"])


def test_rss_feed_parses_to_items_with_dates_and_bodies() -> None:
    feed = feedparser.parse(str(EXAMPLES / "feed.rss"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) >= 2
    for entry in feed.entries:
        assert entry.published_parsed is not None
        assert len(re.sub(r"<[^>]+>", " ", entry.summary).split()) >= 150


@pytest.mark.parametrize("page", sorted((EXAMPLES / "html").glob("*.html")), ids=lambda p: p.name)
def test_html_page_has_published_time_and_no_external_assets(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    match = PUBLISHED_META.search(html)
    assert match, "missing article:published_time meta"
    datetime.fromisoformat(match.group(1))
    assert '<link rel="canonical"' in html and 'property="og:site_name"' in html
    assert "<article" in html
    assert not re.search(r'<(script|img|iframe)[^>]+src="(https?:)?//', html)
    assert not re.search(r'<link[^>]+rel="stylesheet"', html)


def test_text_files_cover_header_dateline_and_undated_cases() -> None:
    bodies = _text_bodies()
    assert 5 <= len(bodies) <= 6
    first_lines = [text.splitlines()[0] for text in bodies.values()]
    with_header = [line for line in first_lines if DATE_HEADER.match(line)]
    with_dateline = [line for line in first_lines if DATELINE.match(line)]
    assert with_header and with_dateline
    assert any(
        not DATE_HEADER.match(line)
        and not DATELINE.match(line)
        and not re.search(r"\b(19|20)\d{2}\b", text)
        for line, text in zip(first_lines, bodies.values())
    ), "one text file must carry no date at all"


def test_every_example_article_is_short_news_length() -> None:
    texts = list(_text_bodies().values())
    texts += [r["text"] for r in _jsonl_records()] + [r["text"] for r in _csv_records()]
    texts += [
        re.sub(r"<[^>]+>", " ", e.summary)
        for e in feedparser.parse(str(EXAMPLES / "feed.rss")).entries
    ]
    assert 15 <= len(texts) + len(list((EXAMPLES / "html").glob("*.html"))) <= 18
    for text in texts:
        assert 150 <= len(text.split()) <= 400


def test_one_engagement_is_reported_in_three_formats() -> None:
    mentions_geneva = re.compile(r"\bGeneva\b.*\bHe Lifeng\b|\bHe Lifeng\b.*\bGeneva\b", re.DOTALL)
    in_text = any(mentions_geneva.search(t) and "May" in t for t in _text_bodies().values())
    in_jsonl = any(
        mentions_geneva.search(r["text"]) and r["published"] == "2025-05-12"
        for r in _jsonl_records()
    )
    feed = feedparser.parse(str(EXAMPLES / "feed.rss"))
    in_rss = any(
        mentions_geneva.search(e.summary) and e.published_parsed[:3] == (2025, 5, 12)
        for e in feed.entries
    )
    assert in_text and in_jsonl and in_rss


# --- benchmark generator --------------------------------------------------


def test_generator_is_deterministic_per_seed() -> None:
    first = list(corpus.generate_articles(40, seed=7))
    again = list(corpus.generate_articles(40, seed=7))
    other = list(corpus.generate_articles(40, seed=8))
    assert first == again
    assert first != other


def test_generator_prefix_does_not_depend_on_corpus_size() -> None:
    assert (
        list(corpus.generate_articles(5, seed=3)) == list(corpus.generate_articles(20, seed=3))[:5]
    )


@pytest.mark.parametrize("every", [1, 3, 10])
def test_generator_respects_on_topic_every(every: int) -> None:
    articles = list(corpus.generate_articles(60, on_topic_every=every))
    on_topic = [i for i, a in enumerate(articles) if ON_TOPIC_WORDS.search(a["text"])]
    assert len(on_topic) == math.ceil(60 / every)
    assert all(corpus.is_on_topic_index(i, every) for i in on_topic)
    for i, article in enumerate(articles):
        if not corpus.is_on_topic_index(i, every):
            assert not OFF_TOPIC_LEAKS.search(article["text"] + " " + article["title"])


def test_generated_records_have_fields_length_and_unique_urls() -> None:
    articles = list(corpus.generate_articles(200, on_topic_every=4))
    low, high = corpus.TARGET_WORDS
    for article in articles:
        assert list(article) == RECORD_FIELDS
        assert low <= len(article["text"].split()) <= high
        date.fromisoformat(article["published"])
    assert len({a["url"] for a in articles}) == len(articles)
    assert len({a["text"] for a in articles}) == len(articles)


def test_generated_officials_hold_office_on_the_article_date() -> None:
    for article in corpus.generate_articles(300, on_topic_every=1, seed=11):
        published = date.fromisoformat(article["published"])
        if "Liu He" in article["text"]:
            assert published <= date(2023, 3, 15)
        if "He Lifeng" in article["text"] or "Scott Bessent" in article["text"]:
            assert published >= date(2023, 3, 13)
        if "Katherine Tai" in article["text"]:
            assert date(2021, 3, 18) <= published <= date(2025, 1, 21)


def test_write_corpus_txt_writes_one_dated_file_per_article(tmp_path: Path) -> None:
    paths = corpus.write_corpus(tmp_path / "txt", 12, fmt="txt", on_topic_every=3)
    assert len(paths) == 12 and all(p.exists() for p in paths)
    for path, article in zip(paths, corpus.generate_articles(12, on_topic_every=3)):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0] == f"date {article['published']}"
        assert lines[1] == article["title"]


def test_write_corpus_jsonl_round_trips(tmp_path: Path) -> None:
    (path,) = corpus.write_corpus(tmp_path, 9, fmt="jsonl", seed=2)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert records == list(corpus.generate_articles(9, seed=2))


def test_write_corpus_rejects_unknown_format_and_bad_ratio(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="fmt"):
        corpus.write_corpus(tmp_path, 3, fmt="xml")
    with pytest.raises(ValueError, match="on_topic_every"):
        list(corpus.generate_articles(3, on_topic_every=0))


def test_template_file_with_unknown_placeholder_is_rejected(tmp_path: Path) -> None:
    data = json.loads(corpus.TEMPLATES_PATH.read_text(encoding="utf-8"))
    data["on_topic"]["paragraphs"].append("The {minister_of_fish} spoke.")
    bad = tmp_path / "templates.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(corpus.CorpusTemplateError, match="minister_of_fish"):
        corpus.load_templates(bad)


def test_cli_writes_requested_number_of_articles(tmp_path: Path) -> None:
    assert (
        corpus.main([str(tmp_path), "-n", "7", "--format", "jsonl", "--on-topic-every", "2"]) == 0
    )
    assert len((tmp_path / "corpus.jsonl").read_text(encoding="utf-8").splitlines()) == 7
