"""HTML pages: main text, title, site and canonical URL via trafilatura, date via htmldate."""

from __future__ import annotations

import html as html_lib
import logging
import re

import lxml.html
import trafilatura
from htmldate import find_date
from lxml.etree import ParserError
from trafilatura.settings import Document

from parley.errors import InputError
from parley.ingest.identity import make_article
from parley.ingest.text import add_dateline
from parley.models import Article

_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
               "tr", "section", "article", "header", "footer", "pre", "figcaption"}

# trafilatura and htmldate log every odd page at WARNING; one InputError per page is enough.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def read_html(page: str, source: str, url: str | None = None) -> Article:
    """One Article from an HTML page, boilerplate removed; InputError if it has no text."""
    try:
        doc = trafilatura.bare_extraction(page, url=url, with_metadata=True,
                                          include_comments=False, include_tables=False)
    except (ValueError, TypeError, ParserError) as exc:
        raise InputError(f"malformed HTML: {exc}", source=source) from None
    text = (doc.text or "").strip() if isinstance(doc, Document) else ""
    if not text or not isinstance(doc, Document):
        raise InputError("no article text found in the HTML page", source=source)
    title = (doc.title or "").strip() or None
    text = _drop_leading_title(text, title)
    article = make_article(
        text, source, title=title, url=doc.url or url, site=doc.sitename or None, format="html")
    if doc.hostname:
        article.meta["hostname"] = doc.hostname
    published = _page_date(page, url)
    if published:
        article.published = published
        article.published_precision = "day"
        article.published_basis = "html-meta"
        article.published_evidence = _date_evidence(page, published)
    return add_dateline(article)


def _drop_leading_title(text: str, title: str | None) -> str:
    """trafilatura repeats the <h1> headline as the first line; the title field holds it."""
    first, sep, rest = text.partition("\n")
    if title and sep and rest.strip() and first.strip() == title:
        return rest.strip()
    return text


def _page_date(page: str, url: str | None) -> str | None:
    """Publication date from the page's markup only (not guessed from its text)."""
    try:
        found = find_date(page, url=url, original_date=True, extensive_search=False)
    except (ValueError, TypeError):
        return None
    return found or None


def _date_evidence(page: str, published: str) -> str:
    """The tag that carries the date (e.g. a <meta> or <time> element), else a plain note."""
    pattern = rf"<(?:meta|time|abbr|span)\b[^>]*{re.escape(published)}[^>]*>"
    match = re.search(pattern, page, re.IGNORECASE)
    if match and len(match.group(0)) <= 300:
        return " ".join(match.group(0).split())
    return f"page metadata date {published}"


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed summaries), one line per block element."""
    # lxml refuses text holding control characters (other than tab and newlines).
    fragment = _XML_UNSAFE.sub(" ", fragment)
    if "<" not in fragment:
        return html_lib.unescape(fragment).strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return html_lib.unescape(fragment).strip()
    for element in list(root.iter()):
        if element.tag in ("script", "style"):
            element.drop_tree()
        elif isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)
