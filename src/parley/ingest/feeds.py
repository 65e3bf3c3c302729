"""RSS/Atom feeds via feedparser: one article per item, optionally from the linked page."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import feedparser

from parley.config import Settings
from parley.errors import FetchError, InputError
from parley.ingest.decode import declared_charset, decode_bytes
from parley.ingest.fetch import fetch, is_url
from parley.ingest.html import html_to_text, read_html
from parley.ingest.identity import make_article
from parley.ingest.pubdate import parse_published
from parley.ingest.text import add_dateline
from parley.models import Article

_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)


def looks_like_feed(text: str) -> bool:
    """True when the start of a document opens an RSS, Atom or RDF feed."""
    return bool(_FEED_ROOT.search(text[:4096]))


def read_feed(data: bytes, source: str,
              settings: Settings) -> Iterator[Article | InputError | FetchError]:
    """Yield one Article per feed item (summary/content with HTML stripped), or errors."""
    # A stream, so feedparser never treats the content as a URL or file name to open.
    try:
        parsed = feedparser.parse(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - feedparser fails on some malformed prologs
        yield InputError(f"not an RSS/Atom feed ({type(exc).__name__}: {exc})", source=source)
        return
    if not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        yield InputError("not an RSS/Atom feed" + (f" ({reason})" if reason else ""),
                         source=source)
        return
    if not parsed.entries:
        yield InputError("feed has no items", source=source)
        return
    site = (parsed.feed.get("title") or "").strip() or None
    for number, entry in enumerate(parsed.entries, start=1):
        try:
            yield _item_article(entry, number, source, site, settings)
        except (InputError, FetchError) as exc:
            yield exc


def _item_text(entry: Any) -> str:
    """Plain text of the longest body a feed item carries."""
    bodies = [c.get("value", "") for c in entry.get("content", []) or []]
    bodies.append(entry.get("summary", "") or "")
    best = max(bodies, key=len)
    return html_to_text(best)


def _item_article(entry: Any, number: int, source: str, site: str | None,
                  settings: Settings) -> Article:
    """Article for one feed item; with fetch_links, the linked page's text replaces the summary."""
    link = (entry.get("link") or "").strip() or None
    where = link or f"{source}#item{number}"
    title = html_to_text(entry.get("title", "") or "") or None
    text = _item_text(entry)
    meta: dict[str, Any] = {"feed": source, "item": number}
    if settings.fetch_links and link and is_url(link):
        try:
            page = _linked_page(link, settings)
        except (InputError, FetchError) as exc:
            if not text:
                raise
            meta["fetch_error"] = exc.message
        else:
            page.title = page.title or title
            page.site = page.site or site
            page.meta.update(meta)
            return _date_from_entry(page, entry) if page.published is None else page
    if not text:
        raise InputError(f"feed item {number} has no text", source=source)
    article = make_article(text, where, title=title, url=link, site=site, format="feed",
                           meta=meta)
    return add_dateline(_date_from_entry(article, entry))


def _date_from_entry(article: Article, entry: Any) -> Article:
    """Date the article from the feed item's published/updated field."""
    raw = entry.get("published") or entry.get("updated")
    parsed = parse_published(raw) if raw else None
    if parsed:
        article.published, article.published_precision = parsed
        article.published_basis = "feed"
        article.published_evidence = str(raw)
    return article


def _linked_page(link: str, settings: Settings) -> Article:
    """Fetch and read the HTML page a feed item links to."""
    fetched = fetch(link, settings)
    if fetched.kind != "html":
        raise FetchError("linked page is not HTML", source=link)
    charset = fetched.charset or declared_charset(fetched.body)
    page = decode_bytes(fetched.body, link, declared=charset)
    return read_html(page, link, url=fetched.url)
