"""URLs posted to the API reach public addresses only, on the first request and every redirect."""

from __future__ import annotations

import httpx
import pytest

from parley.config import Settings
from parley.errors import FetchError
from parley.ingest.fetch import fetch
from parley.serve.netguard import guarded_client, is_public

PAGE = b"<html><head><title>Talks</title></head><body><p>Envoys met.</p></body></html>"


@pytest.mark.parametrize("address,public", [
    ("93.184.216.34", True), ("2606:4700::1111", True),
    ("127.0.0.1", False), ("10.0.0.5", False), ("172.16.4.1", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("224.0.0.1", False), ("0.0.0.0", False), ("::1", False),
    ("fe80::1", False), ("fc00::1", False), ("ff02::1", False), ("::ffff:127.0.0.1", False),
    ("100.64.0.1", False),
])
def test_which_addresses_count_as_public(address: str, public: bool) -> None:
    assert is_public(address) is public


def fake_dns(table: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def resolve(host: str, port: int) -> list[str]:
        return table.get(host, [])
    return resolve


def test_a_public_host_is_fetched_at_the_address_that_was_checked() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, headers={"content-type": "text/html"}, content=PAGE)

    client = guarded_client(Settings(), total_seconds=5,
                            resolver=fake_dns({"news.example": ["93.184.216.34"]}),
                            inner=httpx.MockTransport(handler))
    got = fetch("https://news.example/story", Settings(), client)
    assert got.body == PAGE and got.url == "https://news.example/story"
    assert seen[0].url.host == "93.184.216.34"
    assert seen[0].headers["host"] == "news.example"
    assert seen[0].extensions["sni_hostname"] == "news.example"


def test_a_redirect_to_a_private_address_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": "http://internal.example/admin"})

    client = guarded_client(Settings(), total_seconds=5, resolver=fake_dns(
        {"news.example": ["93.184.216.34"], "internal.example": ["10.0.0.7"]}),
        inner=httpx.MockTransport(handler))
    with pytest.raises(FetchError, match="non-public address"):
        fetch("http://news.example/", Settings(), client)


def test_a_host_with_any_private_address_is_refused() -> None:
    client = guarded_client(Settings(), total_seconds=5, resolver=fake_dns(
        {"mixed.example": ["93.184.216.34", "127.0.0.1"]}),
        inner=httpx.MockTransport(lambda r: httpx.Response(200)))
    with pytest.raises(FetchError, match="127.0.0.1"):
        fetch("http://mixed.example/", Settings(), client)


def test_a_fetch_is_held_to_its_total_time() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/html"}, content=PAGE)

    client = guarded_client(Settings(), total_seconds=-1,
                            resolver=fake_dns({"news.example": ["93.184.216.34"]}),
                            inner=httpx.MockTransport(handler))
    with pytest.raises(FetchError, match="timed out|longer than"):
        fetch("http://news.example/", Settings(), client)


def test_a_relative_redirect_stays_on_the_original_host() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["host"])
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "/new"})
        return httpx.Response(200, headers={"content-type": "text/html"}, content=PAGE)

    client = guarded_client(Settings(), total_seconds=5,
                            resolver=fake_dns({"news.example": ["93.184.216.34"]}),
                            inner=httpx.MockTransport(handler))
    got = fetch("http://news.example/old", Settings(), client)
    assert got.url == "http://news.example/new" and seen == ["news.example", "news.example"]
