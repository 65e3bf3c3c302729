"""HTML pages: main text without boilerplate, metadata, and refusal of empty pages."""

from __future__ import annotations

import pytest

from parley.errors import InputError
from parley.ingest.html import html_to_text, read_html


def _page(fixture_path, name: str) -> tuple[str, str]:
    path = fixture_path(name)
    return open(path, encoding="utf-8").read(), path


def test_page_with_meta_gives_text_title_site_url_and_date(fixture_path):
    article = read_html(*_page(fixture_path, "page_with_meta.html"))
    assert article.text.startswith("The two commerce ministers met for several hours")
    assert article.title == "Ministers agree on new working group"
    assert article.site == "The Example Ledger"
    assert article.url == "https://ledger.example.org/world/ministers-working-group"
    assert (article.published, article.published_basis) == ("2023-08-29", "html-meta")
    assert "article:published_time" in article.published_evidence
    assert article.format == "html"


def test_navigation_and_footer_are_removed(fixture_path):
    article = read_html(*_page(fixture_path, "page_with_meta.html"))
    assert "Subscribe today" not in article.text
    assert "Copyright notice" not in article.text


def test_malformed_html_still_gives_its_text(fixture_path):
    article = read_html(*_page(fixture_path, "malformed_page.html"))
    assert "tariff exemptions for medical supplies" in article.text
    assert "Neither government published a transcript" in article.text


def test_page_without_text_is_an_error(fixture_path):
    page, path = _page(fixture_path, "page_without_text.html")
    with pytest.raises(InputError, match="no article text") as caught:
        read_html(page, path)
    assert caught.value.source == path


def test_page_without_date_metadata_has_no_date():
    page = ("<html><head><title>Talks</title></head><body><article><p>Negotiators met in "
            "the capital to discuss market access and agreed to meet again.</p></article>"
            "</body></html>")
    assert read_html(page, "talks.html").published is None


def test_html_fragment_becomes_lines_of_text():
    fragment = "<p>One &amp; two</p><p>Three<br>four</p><script>hidden()</script>"
    assert html_to_text(fragment) == "One & two\nThree\nfour"
