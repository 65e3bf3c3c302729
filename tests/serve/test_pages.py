"""The dashboard's HTML pages: each renders, links to its JSON twin and shows its data."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from tests.serve.conftest import two_sided_id


def page(client: TestClient, path: str, status: int = 200) -> str:
    r = client.get(path)
    assert r.status_code == status, (path, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("text/html")
    return r.text


def test_the_home_page_is_the_timeline(client: TestClient) -> None:
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/timeline"


def test_the_timeline_lists_the_demo_engagements_with_their_facts(client: TestClient) -> None:
    html = page(client, "/timeline?pair=USA-CHN")
    count = client.get("/api/v1/events", params={"pair": "USA-CHN"}).json()["count"]
    assert html.count('class="row"') == min(count, 50)
    assert f"{count} engagements" in html
    assert "He Lifeng" in html and "Vice Premier" in html
    assert 'class="date est"' in html  # estimated dates are marked
    assert 'href="/api/v1/events?pair=USA-CHN"' in html  # the JSON twin


def test_timeline_filters_show_in_the_form_and_narrow_the_rows(client: TestClient) -> None:
    html = page(client, "/timeline?type=talks_round&since=2025&q=Geneva")
    n = client.get("/api/v1/events", params={"type": "talks_round", "since": "2025",
                                             "q": "Geneva"}).json()["count"]
    assert 1 <= html.count('class="row"') == n < 5
    assert 'value="talks_round" selected' in html and 'value="2025"' in html
    assert 'hl-match' in html  # the matching evidence is shown


def test_a_bad_filter_shows_a_page_naming_it(client: TestClient) -> None:
    html = page(client, "/timeline?since=May", status=422)
    assert "<code>since</code>" in html


def test_the_timeline_pages_on(client: TestClient) -> None:
    html = page(client, "/timeline?limit=5")
    nxt = re.search(r'href="(/timeline\?[^"]*cursor=[^"]+)" rel="next"', html)
    assert nxt
    second = page(client, nxt.group(1).replace("&amp;", "&"))
    first_ids = set(re.findall(r'data-event="([^"]+)"', html))
    second_ids = set(re.findall(r'data-event="([^"]+)"', second))
    assert len(first_ids) == len(second_ids) == 5 and not first_ids & second_ids


def test_the_event_page_sets_both_accounts_side_by_side(client: TestClient) -> None:
    event_id = two_sided_id(client)
    n = len(set(client.get(f"/api/v1/events/{event_id}").json()["event"]["article_ids"]))
    html = page(client, f"/events/{event_id}")
    for side in ("USA", "CHN"):
        section = html.split(f'data-side="{side}"', 1)[1].split("</section>", 1)[0]
        assert '<mark class="hl hl-tone"' in section, side
    assert f"Sources ({n})" in html and html.count('<div class="source">') == n
    assert "Date fixed by" in html
    assert "CAMEO" in html and "Goldstein" in html
    assert 'action="/events/' in html  # the correction form


@pytest.mark.parametrize("path,expected", [
    ("/people", "He Lifeng"),
    ("/people/he-lifeng", "Vice Premier"),
    ("/articles", "18 articles"),
    ("/relationship", "<svg"),
    ("/relationship?by=year", "Issue ledger"),
    ("/search?q=Geneva", "hl-match"),
    ("/search", "Words must all occur"),
    ("/corrections", "No correction yet"),
])
def test_every_page_renders(client: TestClient, path: str, expected: str) -> None:
    assert expected in page(client, path)


def test_the_relationship_chart_drills_down_to_a_period(client: TestClient) -> None:
    html = page(client, "/relationship?pair=USA-CHN&by=month")
    bars = re.findall(r'<a href="(/timeline\?pair=USA-CHN&amp;since=[^"]+)" class="bar-link"',
                      html)
    assert bars
    drilled = page(client, bars[0].replace("&amp;", "&"))
    assert 'class="row"' in drilled
    cells = re.findall(r'<td style="background: rgba[^"]*"><a href="([^"]+)"', html)
    assert cells and "topic=" in cells[0]


def test_an_article_page_highlights_people_dates_and_triggers(client: TestClient) -> None:
    items = client.get("/api/v1/articles", params={"q": "Geneva"}).json()["items"]
    html = page(client, f"/articles/{items[0]['id']}")
    for kind in ("person", "date", "trigger"):
        assert f'<mark class="hl hl-{kind}"' in html, kind
    assert "Events from this article" in html


def test_unknown_records_show_a_404_page(client: TestClient) -> None:
    assert "Not found" in page(client, "/events/ev-none", status=404)
    assert "Not found" in page(client, "/articles/none", status=404)
    assert "Not found" in page(client, "/people/nobody-here", status=404)


def test_static_assets_are_served_by_the_package(client: TestClient) -> None:
    css = client.get("/static/parley/parley.css")
    assert css.status_code == 200 and "mark.hl" in css.text
    assert "http" not in css.text  # no remote fonts or images
    assert client.get("/static/favicon.svg").headers["content-type"].startswith("image/svg")
    html = page(client, "/timeline")
    assert not re.search(r'(src|href)="https?://', html)
