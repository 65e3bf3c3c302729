"""Writes: the token guard, corrections that outlast re-extraction, ingestion and body caps."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from tests.serve.conftest import AUTH, TOKEN, geneva_id

from parley.cli import cli
from parley.config import Settings
from parley.serve.app import create_app
from parley.store import Store


def _state(db: Path) -> tuple[int, int, list[tuple[str, str | None]]]:
    """Corrections, articles, and every event's (id, date): what a write would change."""
    with Store(db) as store:
        corrections = store.execute("SELECT COUNT(*) FROM corrections")[0][0]
        return corrections, store.counts()["articles"], [(e.id, e.date) for e in store.events()]


def _writes(c: TestClient, event_id: str, article_id: str, headers: dict[str, str]) -> list[int]:
    """Try every kind of write; the status codes."""
    return [
        c.post(f"/api/v1/events/{event_id}/corrections", headers=headers,
               json={"field": "date", "value": "2025-05-11"}).status_code,
        c.post(f"/api/v1/articles/{article_id}/corrections", headers=headers,
               json={"field": "published", "value": "2025-05-13"}).status_code,
        c.post("/api/v1/articles", headers=headers,
               json={"text": "A new article about a call between trade envoys."}).status_code,
        c.post(f"/events/{event_id}/corrections", headers=headers,
               data={"field": "status", "value": "planned"}).status_code,
        c.post(f"/articles/{article_id}/corrections", headers=headers,
               data={"value": "2025-05-13"}).status_code,
    ]


def test_without_a_token_every_write_answers_401_and_changes_nothing(
        readonly: TestClient, demo_copy: Path) -> None:
    event_id = geneva_id(readonly)
    article_id = readonly.get("/api/v1/articles").json()["items"][0]["id"]
    before = _state(demo_copy)
    assert _writes(readonly, event_id, article_id, AUTH) == [401] * 5
    r = readonly.post(f"/api/v1/events/{event_id}/corrections", headers=AUTH,
                      json={"field": "date", "value": "2025-05-11"})
    assert "read-only" in r.json()["detail"] and r.headers["www-authenticate"] == "Bearer"
    assert _state(demo_copy) == before


def test_a_wrong_or_missing_token_answers_401(client: TestClient, demo_copy: Path) -> None:
    event_id = geneva_id(client)
    article_id = client.get("/api/v1/articles").json()["items"][0]["id"]
    before = _state(demo_copy)
    assert _writes(client, event_id, article_id, {}) == [401] * 5
    assert _writes(client, event_id, article_id, {"Authorization": "Bearer nope"}) == [401] * 5
    assert _state(demo_copy) == before


def test_a_date_correction_shows_on_the_page_and_outlasts_extract_force(
        client: TestClient, demo_copy: Path) -> None:
    event_id = geneva_id(client)
    machine_date = client.get(f"/api/v1/events/{event_id}").json()["event"]["date"]
    r = client.post(f"/api/v1/events/{event_id}/corrections", headers=AUTH,
                    json={"field": "date", "value": "2025-05-11", "note": "second day"})
    assert r.status_code == 201
    record = r.json()["event"]
    assert record["date"] == "2025-05-11" and record["date_estimated"] is False
    assert record["corrections"][0]["previous"] == machine_date
    html = client.get(f"/events/{event_id}").text
    assert "11 May 2025" in html and "second day" in html
    assert event_id in {e["id"] for e in client.get(
        "/api/v1/events", params={"since": "2025-05-11", "until": "2025-05-11"}).json()["items"]}

    result = CliRunner().invoke(cli, ["--db", str(demo_copy), "-q", "extract", "--force",
                                      "--workers", "1"])
    assert result.exit_code == 0, result.output
    again = client.get(f"/api/v1/events/{event_id}").json()["event"]
    assert again["date"] == "2025-05-11" and again["corrections"]
    assert "second day" in client.get(f"/events/{event_id}").text
    exported = CliRunner().invoke(cli, ["--db", str(demo_copy), "events", "--json",
                                        "--since", "2025-05-11", "--until", "2025-05-11"])
    assert event_id in exported.output


def test_type_status_and_participant_corrections(client: TestClient) -> None:
    event_id = geneva_id(client)
    before = client.get(f"/api/v1/events/{event_id}").json()["event"]
    r = client.post(f"/api/v1/events/{event_id}/corrections", headers=AUTH,
                    json={"field": "type", "value": "meeting"})
    after = r.json()["event"]
    assert after["type"] == "meeting" and after["cameo"] != before["cameo"]
    r = client.post(f"/api/v1/events/{event_id}/corrections", headers=AUTH,
                    json={"field": "participants",
                          "value": "He Lifeng [CHN]; Scott Bessent, USA; A Note-taker"})
    people = {p["name"]: p for p in r.json()["event"]["participants"]}
    assert people["He Lifeng"]["actor_id"] == "he-lifeng"
    assert people["He Lifeng"]["role"] == "Vice Premier"  # office on the event's date
    assert people["Scott Bessent"]["country"] == "USA"
    assert people["A Note-taker"]["actor_id"] is None
    listed = client.get("/api/v1/corrections").json()["items"]
    assert [c["field"] for c in listed] == ["participants", "type"]


@pytest.mark.parametrize("body,needle", [
    ({"field": "colour", "value": "red"}, "cannot be corrected"),
    ({"field": "date", "value": "May"}, "YYYY"),
    ({"field": "type", "value": "lunch"}, "lunch"),
    ({"field": "status", "value": "maybe"}, "maybe"),
])
def test_bad_corrections_answer_422_saying_why(client: TestClient, body: dict[str, str],
                                                needle: str) -> None:
    r = client.post(f"/api/v1/events/{geneva_id(client)}/corrections", headers=AUTH, json=body)
    assert r.status_code == 422 and needle in str(r.json()["detail"])
    assert client.get("/api/v1/corrections").json()["items"] == []


def test_correcting_an_unknown_event_answers_404(client: TestClient) -> None:
    r = client.post("/api/v1/events/ev-none/corrections", headers=AUTH,
                    json={"field": "status", "value": "planned"})
    assert r.status_code == 404


def test_the_page_form_takes_the_token_and_redirects_back(client: TestClient) -> None:
    event_id = geneva_id(client)
    r = client.post(f"/events/{event_id}/corrections", follow_redirects=False,
                    data={"field": "status", "value": "planned", "token": TOKEN})
    assert r.status_code == 303 and r.headers["location"].endswith("#corrections")
    html = client.get(r.headers["location"]).text
    assert "status</strong> set to <code>planned</code>" in html
    wrong = client.post(f"/events/{event_id}/corrections",
                        data={"field": "status", "value": "cancelled", "token": "guess"})
    assert wrong.status_code == 401 and 'role="alert"' in wrong.text


def test_an_article_date_correction_redates_and_outlasts_extraction(
        client: TestClient, demo_copy: Path) -> None:
    articles = client.get("/api/v1/articles", params={"limit": 100}).json()["items"]
    estimated = next(a for a in articles if a["published_basis"] == "estimated")
    r = client.post(f"/api/v1/articles/{estimated['id']}/corrections", headers=AUTH,
                    json={"field": "published", "value": "2025-05-20"})
    assert r.status_code == 201
    page = client.get(f"/api/v1/articles/{estimated['id']}").json()
    assert page["article"]["published"] == "2025-05-20"
    assert page["article"]["published_basis"] == "user"
    assert page["corrections"][0]["previous"]["basis"] == "estimated"
    with Store(demo_copy) as store:  # as if the stored date had been lost since
        store.set_publication(estimated["id"], published="2025-01-01", precision="day",
                              basis="estimated", evidence="", window=None)
    CliRunner().invoke(cli, ["--db", str(demo_copy), "-q", "extract", "--workers", "1"])
    assert client.get(f"/api/v1/articles/{estimated['id']}").json()["article"]["published"] \
        == "2025-05-20"


def test_an_article_date_needs_a_day(client: TestClient) -> None:
    aid = client.get("/api/v1/articles").json()["items"][0]["id"]
    r = client.post(f"/api/v1/articles/{aid}/corrections", headers=AUTH,
                    json={"field": "published", "value": "2025-05"})
    assert r.status_code == 422 and "YYYY-MM-DD" in r.json()["detail"]


def test_a_posted_article_is_ingested_extracted_and_fused(client: TestClient) -> None:
    text = ("Treasury Secretary Scott Bessent and Vice Premier He Lifeng held "
            "a phone call on Tuesday about tariffs and export controls, and agreed to keep "
            "talking.\n")
    r = client.post("/api/v1/articles", headers=AUTH, json={"text": text, "source": "desk",
                                                          "published": "2025-07-02"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert len(body["added"]) == 1 and body["events"]
    event = client.get(f"/api/v1/events/{body['events'][0]}").json()["event"]
    assert event["type"] == "call" and event["date"] == "2025-07-01"
    again = client.post("/api/v1/articles", headers=AUTH, json={"text": text})
    assert again.status_code == 200 and again.json()["duplicates"] == 1


def test_a_posted_url_to_a_private_address_is_refused(client: TestClient,
                                                      demo_copy: Path) -> None:
    before = _state(demo_copy)
    for url in ("http://127.0.0.1:9/story", "http://localhost/story", "http://[::1]/x",
                "http://169.254.169.254/latest", "http://10.1.2.3/", "http://224.0.0.1/"):
        r = client.post("/api/v1/articles", headers=AUTH, json={"url": url})
        assert r.status_code == 422, url
        assert "non-public address" in r.json()["detail"], r.json()
    assert client.post("/api/v1/articles", headers=AUTH,
                       json={"url": "file:///etc/passwd"}).status_code == 422
    assert _state(demo_copy) == before


def test_oversized_bodies_answer_413(demo_copy: Path) -> None:
    settings = Settings(db=str(demo_copy), max_bytes=2_000, workers=1, progress=False)
    with TestClient(create_app(settings, token=TOKEN)) as c:
        big = {"text": "x" * 5_000}
        assert c.post("/api/v1/articles", headers=AUTH, json=big).status_code == 413
        note = {"field": "status", "value": "planned", "note": "y" * 70_000}
        assert c.post("/api/v1/events/ev-x/corrections", headers=AUTH,
                      json=note).status_code == 413
        chunks = iter([b'{"text": "', b"z" * 30_000, b'"}'])
        streamed = c.post("/api/v1/articles", headers={**AUTH, "content-type":
                                                       "application/json"}, content=chunks)
        assert streamed.status_code == 413


def test_the_token_comes_from_the_environment(demo_copy: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARLEY_TOKEN", "from-env")
    settings = Settings(db=str(demo_copy), workers=1, progress=False)
    with TestClient(create_app(settings)) as c:
        r = c.post("/api/v1/events/ev-none/corrections",
                   headers={"Authorization": "Bearer from-env"},
                   json={"field": "status", "value": "planned"})
        assert r.status_code == 404  # past the guard
