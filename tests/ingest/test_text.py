"""Text and Markdown files: date header, dateline, headline and body."""

from __future__ import annotations

import pytest

from parley.errors import InputError
from parley.ingest.text import read_text


def _read(fixture_path, name: str, fmt: str = "txt"):
    path = fixture_path(name)
    return read_text(open(path, encoding="utf-8").read(), path, fmt)


def test_date_header_dates_the_article_and_leaves_the_text(fixture_path):
    article = _read(fixture_path, "header_dated.txt")
    assert (article.published, article.published_precision) == ("2024-05-10", "day")
    assert article.published_basis == "header"
    assert article.published_evidence == "date 2024-05-10"
    assert article.text.startswith("WASHINGTON • Treasury officials")
    assert "date 2024-05-10" not in article.text
    assert article.dateline_place == "WASHINGTON"


def test_dateline_without_year_records_place_but_no_date(fixture_path):
    article = _read(fixture_path, "dateline_reuters.txt")
    assert article.published is None and article.published_basis is None
    assert article.dateline_place == "BEIJING"
    assert article.meta["dateline_month_day"] == "--10-26"
    assert article.title == "Commerce chiefs agree to hold more talks"


def test_dateline_with_full_date_dates_the_article(fixture_path):
    article = _read(fixture_path, "dateline_full_date.txt")
    assert (article.published, article.published_basis) == ("2024-03-03", "dateline")
    assert article.published_evidence == "WASHINGTON, March 3, 2024 (AP) —"
    assert article.title is None


def test_place_only_dateline_after_headline(fixture_path):
    article = _read(fixture_path, "dateline_place_only.txt")
    assert article.title == "Envoys Prepare Another Round of Trade Discussions"
    assert article.dateline_place == "Beijing, China"
    assert article.published is None


def test_markdown_heading_becomes_the_title(fixture_path):
    article = _read(fixture_path, "headline_article.md", "md")
    assert article.title == "Negotiators Trade Views on Chip Rules"
    assert article.format == "md"


def test_plain_article_has_no_title_and_no_date(fixture_path):
    article = _read(fixture_path, "no_headline_no_date.txt")
    assert article.title is None and article.published is None
    assert article.dateline_place is None
    assert article.text.startswith("Officials from both governments met on Friday")


def test_header_with_nothing_after_it_is_an_error():
    with pytest.raises(InputError, match="after the date header"):
        read_text("date 2024-01-02   \n", "only_header.txt")


def test_same_text_in_two_files_gets_the_same_id(fixture_path):
    first = _read(fixture_path, "no_headline_no_date.txt")
    second = read_text(first.text + "\n\n", "copy.txt")
    assert first.id == second.id


def test_press_release_date_dateline_dates_the_article_without_a_place(fixture_path):
    article = _read(fixture_path, "press_release_date_only.txt")
    assert (article.published, article.published_basis) == ("2017-07-19", "dateline")
    assert article.dateline_place is None
    assert article.title == "Trade envoys open a new dialogue"


def test_a_date_line_under_the_headline_dates_the_article() -> None:
    text = ("Envoys meet in Beijing\n\nUpdated: November 10, 2017 09:30\n\n"
            "The envoys met in Beijing on Thursday, officials said.")
    article = read_text(text, "envoys.txt")
    assert (article.published, article.published_basis) == ("2017-11-10", "date line")
    assert article.title == "Envoys meet in Beijing"
    assert article.text.startswith("Envoys meet in Beijing")
