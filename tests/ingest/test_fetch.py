"""URL fetching against a local server: pages and feeds read, everything else refused clearly."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest

from parley.config import Settings
from parley.errors import FetchError
from parley.ingest import iter_inputs
from parley.ingest.fetch import content_kind, fetch, is_url

#: The test server listens on loopback, which fetching refuses unless allowed.
SETTINGS = Settings(http_timeout=5.0, allow_private=True)


def test_html_page_is_fetched_and_read(local_site):
    (article,) = iter_inputs([local_site + "/page.html"], SETTINGS)
    assert article.source == local_site + "/page.html"
    assert article.text.startswith("The two commerce ministers met")
    assert article.url == "https://ledger.example.org/world/ministers-working-group"


def test_feed_url_gives_one_article_per_item(local_site):
    items = list(iter_inputs([local_site + "/feed.rss"], SETTINGS))
    assert [a.title for a in items] == ["Finance chiefs hold video call",
                                        "Trade envoys to meet next month"]


def test_pdf_content_type_is_refused(local_site):
    (error,) = iter_inputs([local_site + "/report.pdf"], SETTINGS)
    assert isinstance(error, FetchError)
    assert "not an HTML page or feed (content-type application/pdf)" in error.message
    assert error.source == local_site + "/report.pdf"


@pytest.mark.parametrize("route", ["/huge-declared.html", "/huge-streamed.html"])
def test_body_over_the_size_cap_is_refused(local_site, route):
    with pytest.raises(FetchError, match="larger than 1000 bytes"):
        fetch(local_site + route, replace(SETTINGS, max_bytes=1000))


def test_redirect_loop_stops_at_the_limit(local_site):
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(local_site + "/loop", replace(SETTINGS, max_redirects=3))


def test_redirect_is_followed_to_the_page(local_site):
    fetched = fetch(local_site + "/moved", SETTINGS)
    assert fetched.kind == "html" and fetched.url.endswith("/page.html")


def test_closed_port_is_reported_as_unreachable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    (error,) = iter_inputs([f"http://127.0.0.1:{port}/"], SETTINGS)
    assert isinstance(error, FetchError) and error.message.startswith("unreachable")


def test_missing_page_reports_the_http_status(local_site):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(local_site + "/nowhere", SETTINGS)


def test_configured_user_agent_is_sent(local_site):
    fetched = fetch(local_site + "/agent.html", replace(SETTINGS, user_agent="parley-test/9"))
    assert b"parley-test/9" in fetched.body


def test_content_types_are_classified():
    assert content_kind("text/html; charset=utf-8") == "html"
    assert content_kind("application/atom+xml") == "feed"
    assert content_kind("application/pdf") is None


def test_only_http_and_https_count_as_urls():
    assert is_url("https://example.org/a") and is_url("HTTP://example.org")
    assert not is_url("ftp://example.org/a") and not is_url("notes/http.txt")
