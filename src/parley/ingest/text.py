"""Plain-text and Markdown articles: optional date header, headline and dateline."""

from __future__ import annotations

from parley.errors import InputError
from parley.ingest.dateline import find_date_line, find_dateline, find_headline, split_header
from parley.ingest.identity import make_article
from parley.models import Article


def read_text(text: str, source: str, fmt: str = "txt") -> Article:
    """One Article from a text file's content; a 'date YYYY-MM-DD' header dates it."""
    header = split_header(text)
    body = (header.body if header else text).strip()
    if not body:
        raise InputError("no article text" + (" after the date header" if header else ""),
                         source=source)
    title = find_headline(body)
    article = make_article(body, source, title=title, format=fmt)
    if header:
        article.published = header.date
        article.published_precision = "day"
        article.published_basis = "header"
        article.published_evidence = header.evidence
    return add_dateline(article, skip_first_line=title is not None)


def add_dateline(article: Article, skip_first_line: bool = False) -> Article:
    """Record the article's date line and dateline place, and date the article by them when
    it has no exact day yet.

    A dateline without a year ('BEIJING, Oct 26 (Reuters) -') only dates the article when
    a year is already known; otherwise its month and day are kept in meta for estimation.
    """
    line = find_date_line(article.text)
    if line is not None:
        # Its date is the page's, never an engagement's (see dateline.in_dateline).
        article.meta["date_line"] = line.evidence
        if article.published_precision != "day":
            article.published = line.date
            article.published_precision = "day"
            article.published_basis = "date line"
            article.published_evidence = line.evidence
    found = find_dateline(article.text, skip_first_line=skip_first_line)
    if found is None:
        return article
    article.dateline_place = found.place or None
    article.meta["dateline"] = found.evidence
    if found.agency:
        article.meta.setdefault("agency", found.agency)
    if article.published_precision == "day":
        return article
    year_hint = int(article.published[:4]) if article.published else None
    day = found.iso_date(year_hint)
    if day and (article.published is None or day.startswith(article.published)):
        article.published = day
        article.published_precision = "day"
        article.published_basis = "dateline"
        article.published_evidence = found.evidence
    elif found.month_day():
        article.meta["dateline_month_day"] = found.month_day()
    return article
