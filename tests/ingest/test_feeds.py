"""RSS and Atom feeds: one article per item with title, link, date and plain text."""

from __future__ import annotations

from dataclasses import replace

from parley.config import Settings
from parley.errors import InputError
from parley.ingest.feeds import looks_like_feed, read_feed

SETTINGS = Settings()


def _read(fixture_path, name: str, settings: Settings = SETTINGS) -> list:
    path = fixture_path(name)
    return list(read_feed(open(path, "rb").read(), path, settings))


def test_rss_items_become_articles(fixture_path):
    first, second = _read(fixture_path, "feed_two_items.rss")
    assert first.title == "Finance chiefs hold video call"
    assert first.url == first.source == "https://wire.example.com/finance-call"
    assert first.text == ("The finance chiefs of the two countries held a video call on "
                          "Tuesday.\nThey agreed to stay in touch.")
    assert (first.published, first.published_basis) == ("2021-10-26", "feed")
    assert first.site == "Example Trade Wire" and first.format == "feed"
    assert second.published == "2021-10-27"


def test_atom_entry_uses_content_and_published_date(fixture_path):
    (entry,) = _read(fixture_path, "feed_atom.atom")
    assert entry.text.startswith("The treasury chief ended a four-day visit")
    assert entry.published == "2023-07-08"
    assert entry.url == "https://notes.example.org/treasury-visit"


def test_xml_that_is_not_a_feed_is_an_error(fixture_path):
    (error,) = _read(fixture_path, "not_a_feed.xml")
    assert isinstance(error, InputError) and "not an RSS/Atom feed" in error.message


def test_feed_item_without_text_is_an_error_for_that_item_only():
    feed = (b'<rss version="2.0"><channel><title>T</title>'
            b"<item><title>Empty</title><link>https://x.example/1</link></item>"
            b"<item><title>Full</title><description>Envoys met.</description></item>"
            b"</channel></rss>")
    error, article = read_feed(feed, "mixed.rss", SETTINGS)
    assert isinstance(error, InputError) and "item 1 has no text" in error.message
    assert article.text == "Envoys met." and article.source == "mixed.rss#item2"


def test_feed_sniffing_recognises_rss_and_atom_roots():
    assert looks_like_feed('<?xml version="1.0"?><rss version="2.0">')
    assert looks_like_feed('<feed xmlns="http://www.w3.org/2005/Atom">')
    assert not looks_like_feed("<html><body>news</body></html>")


def test_fetch_links_reads_linked_pages_and_falls_back_to_summaries(local_site):
    from parley.ingest.fetch import fetch

    settings = replace(SETTINGS, fetch_links=True, allow_private=True)  # server on loopback
    fetched = fetch(local_site + "/linking-feed.rss", settings)
    page_item, pdf_item = read_feed(fetched.body, local_site + "/linking-feed.rss", settings)
    assert page_item.text.startswith("The two commerce ministers met for several hours")
    assert page_item.published == "2023-08-29" and page_item.format == "html"
    assert pdf_item.text.startswith("Trade envoys will meet in person")
    assert "not an HTML page or feed" in pdf_item.meta["fetch_error"]
