"""The JSON API: every list and record route, paging, downloads and error answers."""

from __future__ import annotations

import csv
import io

import pyarrow.parquet as pq
from fastapi.testclient import TestClient
from tests.serve.conftest import GENEVA, geneva_id, two_sided_id


def test_events_answer_json_for_a_pair_and_a_start_date(client: TestClient) -> None:
    r = client.get("/api/v1/events", params={"pair": "USA-CHN", "since": "2025-01-01"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["count"] == len(body["items"]) > 0
    assert all((e["date"] or "") >= "2025" for e in body["items"])
    assert {"id", "type", "status", "date", "participants", "sources"} <= set(body["items"][0])


def test_events_page_through_with_a_cursor_without_gaps_or_repeats(client: TestClient) -> None:
    everything = client.get("/api/v1/events", params={"limit": 500}).json()["items"]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 7, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/events", params=params).json()
        seen.extend(e["id"] for e in page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [e["id"] for e in everything]
    assert len(seen) == len(set(seen)) > 7


def test_newest_first_reverses_the_dated_order(client: TestClient) -> None:
    asc = [e["id"] for e in client.get("/api/v1/events", params={"limit": 500}).json()["items"]]
    desc = client.get("/api/v1/events", params={"limit": 500, "order": "desc"}).json()["items"]
    assert [e["id"] for e in desc] == asc[::-1]


def test_each_filter_narrows_the_events(client: TestClient) -> None:
    def ids(**params: object) -> set[str]:
        return {e["id"] for e in client.get("/api/v1/events",
                                            params={"limit": 500, **params}).json()["items"]}

    everything = ids()
    for params in ({"type": "call"}, {"status": "planned"}, {"person": "he-lifeng"},
                   {"person": "He Lifeng"}, {"topic": "tariffs"}, {"main": "true"},
                   {"q": "Geneva"}, {"since": "2023", "until": "2023"}):
        subset = ids(**params)
        assert subset and subset < everything, params
    assert ids(person="he-lifeng") == ids(person="HE LIFENG")
    calls = client.get("/api/v1/events", params={"type": "call", "limit": 500}).json()["items"]
    assert {e["type"] for e in calls} == {"call"}


def test_min_confidence_treats_events_without_one_as_certain(client: TestClient) -> None:
    items = client.get("/api/v1/events", params={"limit": 500}).json()["items"]
    for floor in (0.0, 0.5, 0.8, 1.0):
        expected = [e["id"] for e in items
                    if e.get("confidence") is None or e["confidence"] >= floor]
        got = client.get("/api/v1/events", params={"min_confidence": str(floor),
                                                   "limit": 500}).json()["items"]
        assert [e["id"] for e in got] == expected, floor
    total = client.get("/api/v1/events").json()["count"]
    assert client.get("/api/v1/events", params={"min_confidence": ""}).json()["count"] == total


def test_the_geneva_talks_show_every_source_and_both_sides_evidence(client: TestClient) -> None:
    body = client.get(f"/api/v1/events/{geneva_id(client)}").json()
    event = body["event"]
    assert (event["type"], event["date"][:7], event["location"]) == tuple(GENEVA.values())
    assert len(body["sources"]) == len(set(event["article_ids"])) >= 1
    assert sum(len(s["sentences"]) for s in body["sources"]) == len(event["sources"])
    assert body["codes"]["cameo"] and body["codes"]["goldstein"] is not None
    assert any(r["relation"] == "known_as" for r in body["related"])


def test_each_side_has_its_readout_with_the_words_highlighted(client: TestClient) -> None:
    body = client.get(f"/api/v1/events/{two_sided_id(client)}").json()
    sides = {s["country"]: s for s in body["sides"]}
    for side in ("USA", "CHN"):
        marks = [m for ev in sides[side]["evidence"] for m in ev["marks"]]
        assert marks, side
        for ev in sides[side]["evidence"]:
            for m in ev["marks"]:
                marked = ev["sentence"][m["start"]:m["end"]].lower()
                # Tone labels are canonical words ("consensus" for "important consensus").
                assert m["kind"] != "tone" or m["label"].lower()[:4] in marked, (marked, m)


def test_event_ids_may_be_shortened(client: TestClient) -> None:
    full = geneva_id(client)
    assert client.get(f"/api/v1/events/{full[:10]}").json()["event"]["id"] == full


def test_people_and_a_person(client: TestClient) -> None:
    people = client.get("/api/v1/people", params={"limit": 500}).json()["items"]
    keys = {p["key"] for p in people}
    assert {"he-lifeng", "scott-bessent"} <= keys
    person = client.get("/api/v1/people/he-lifeng").json()
    assert person["name"] == "He Lifeng" and person["country"] == "CHN"
    assert any(o["title"] == "Vice Premier" for o in person["offices"])
    assert "scott-bessent" in {c["key"] for c in person["counterparts"]}
    assert all(c["country"] != "CHN" for c in person["counterparts"])
    assert sum(person["by_year"].values()) == len(person["events"])
    usa = client.get("/api/v1/people", params={"country": "usa", "limit": 500}).json()["items"]
    assert usa and {p["country"] for p in usa} == {"USA"}


def test_articles_list_search_and_one_article(client: TestClient) -> None:
    listing = client.get("/api/v1/articles", params={"limit": 500}).json()
    assert listing["count"] == len(listing["items"]) == 18
    found = client.get("/api/v1/articles", params={"q": "Geneva"}).json()
    assert 0 < found["count"] < 18
    aid = next(a["id"] for a in found["items"] if a["events"])
    article = client.get(f"/api/v1/articles/{aid}").json()
    text = article["article"]["text"]
    kinds = {m["kind"] for m in article["marks"]}
    assert {"person", "date"} <= kinds
    assert all(0 <= m["start"] < m["end"] <= len(text) for m in article["marks"])
    assert article["events"]


def test_an_estimated_publication_date_comes_with_its_window(client: TestClient) -> None:
    items = client.get("/api/v1/articles", params={"limit": 500}).json()["items"]
    estimated = [a for a in items if a["published_basis"] == "estimated"]
    assert estimated
    article = client.get(f"/api/v1/articles/{estimated[0]['id']}").json()["article"]
    start, end = article["published_window"]
    assert start <= article["published"] <= end


def test_index_ledger_search_corrections_and_facets(client: TestClient) -> None:
    index = client.get("/api/v1/index", params={"pair": "USA-CHN", "by": "year"}).json()
    assert index["index"] and all(len(p["period"]) == 4 for p in index["index"])
    ledger = client.get("/api/v1/ledger").json()["ledger"]
    assert any(row["topic"] == "tariffs" for row in ledger)
    search = client.get("/api/v1/search", params={"q": "Geneva"}).json()
    assert search["events"] and search["articles"]
    assert "\x02" in search["articles"][0]["snippet"]
    assert client.get("/api/v1/corrections").json() == {"items": [], "next_cursor": None}
    facets = client.get("/api/v1/facets").json()
    assert dict(map(tuple, facets["type"]))["talks_round"] >= 1


def test_lists_download_as_csv_jsonl_and_parquet(client: TestClient, tmp_path: object) -> None:
    n = client.get("/api/v1/events", params={"pair": "USA-CHN"}).json()["count"]
    r = client.get("/api/v1/events", params={"pair": "USA-CHN", "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == n and rows[0]["id"].startswith("ev-")
    lines = client.get("/api/v1/events", params={"format": "jsonl", "limit": 3}).text
    assert len(lines.strip().splitlines()) == 3
    for path in ("/api/v1/events", "/api/v1/articles", "/api/v1/people", "/api/v1/ledger",
                 "/api/v1/index"):
        data = client.get(path, params={"format": "parquet"}).content
        table = pq.read_table(io.BytesIO(data))
        assert table.num_rows > 0, path


def test_bad_filters_answer_422_naming_the_field(client: TestClient) -> None:
    for params, field in (({"since": "2021-13"}, "since"), ({"pair": "USA"}, "pair"),
                          ({"type": "lunch"}, "type"), ({"status": "maybe"}, "status"),
                          ({"min_confidence": "2"}, "min_confidence"),
                          ({"cursor": "not-a-cursor"}, "cursor"),
                          ({"since": "2024", "until": "2023"}, "until"),
                          ({"limit": "501"}, "limit"), ({"limit": "0"}, "limit")):
        r = client.get("/api/v1/events", params=params)
        assert r.status_code == 422, params
        assert r.json()["detail"][0]["loc"][-1] == field, r.json()


def test_unknown_ids_answer_404(client: TestClient) -> None:
    for path in ("/api/v1/events/ev-nope", "/api/v1/articles/nope", "/api/v1/people/nobody-x"):
        r = client.get(path)
        assert r.status_code == 404 and "nope" in r.text or "nobody" in r.text, path


def test_openapi_and_the_docs_page_are_served_offline(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/api/v1/events", "/api/v1/events/{event_id}", "/api/v1/people",
                 "/api/v1/people/{key}", "/api/v1/articles", "/api/v1/articles/{article_id}",
                 "/api/v1/index", "/api/v1/ledger", "/api/v1/search"):
        assert path in schema["paths"], path
    docs = client.get("/docs").text
    assert "swagger-ui" in docs and "cdn" not in docs.lower() and "https://" not in docs
    for asset in ("/static/docs/swagger-ui-bundle.js", "/static/docs/swagger-ui.css"):
        assert client.get(asset).status_code == 200
