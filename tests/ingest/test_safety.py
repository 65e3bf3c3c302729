"""Fetching reaches public hosts only: private targets are refused before any request,
on every redirect and on the address actually connected to; sizes are capped after
decompression; feeds never expand entities."""

from __future__ import annotations

from dataclasses import replace
from http.server import ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from parley.config import Settings
from parley.errors import FetchError, FetchRefused
from parley.ingest import iter_inputs
from parley.ingest.feeds import read_feed
from parley.ingest.fetch import fetch, make_client
from parley.ingest.safety import check_target, why_not_public

SETTINGS = Settings(http_timeout=5.0)
PUBLIC = "93.184.216.34"
PAGE = (b"<html><head><title>Envoys meet</title></head><body><article><p>Trade envoys met "
        b"for four hours on Thursday and agreed to talk again within a month, officials "
        b"from both delegations said afterwards.</p></article></body></html>")


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
    ("::ffff:127.0.0.1", "loopback"), ("0.0.0.0", "unspecified"),
    ("10.1.2.3", "private"), ("172.16.5.4", "private"), ("192.168.0.10", "private"),
    ("fd00::7", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.251", "multicast"), ("ff02::1", "multicast"), ("100.64.0.1", "non-public"),
    (PUBLIC, None), ("2606:4700:4700::1111", None),
])
def test_addresses_are_classified(address: str, kind: str | None) -> None:
    assert why_not_public(address) == kind


def _resolver(table: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    """A resolver answering from a table, so tests need no DNS."""
    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError("name or service not known")
        return table[host]
    return resolve


def test_a_loopback_url_is_refused_before_any_request(
        local_site: str, site_server: ThreadingHTTPServer) -> None:
    before = len(site_server.paths_seen)  # type: ignore[attr-defined]
    (error,) = iter_inputs([local_site + "/page.html"], SETTINGS)
    assert isinstance(error, FetchRefused)
    assert error.oneline().startswith(local_site + "/page.html: refused: loopback address "
                                      "127.0.0.1")
    assert "--allow-private" in error.message
    assert len(site_server.paths_seen) == before  # type: ignore[attr-defined]


@pytest.mark.parametrize("host", ["localhost", "api.localhost", "2130706433", "[::1]",
                                  "0x7f.1"])
def test_other_spellings_of_this_machine_are_refused(host: str) -> None:
    with pytest.raises(FetchRefused, match="refused"):
        fetch(f"http://{host}:9/", SETTINGS)


@pytest.mark.parametrize(("host", "address"), [
    ("intranet.test", "10.0.0.5"), ("metadata.test", "169.254.169.254"),
    ("group.test", "239.1.2.3"), ("mixed.test", PUBLIC),
])
def test_a_name_resolving_to_a_private_address_is_refused(host: str, address: str) -> None:
    # "mixed.test" also resolves to a private address: any one is enough to refuse.
    resolve = _resolver({host: [address] if address != PUBLIC else [PUBLIC, "192.168.1.1"]})
    with pytest.raises(FetchRefused, match="refused: .* address"):
        check_target(f"http://{host}/", "http", host, None, resolve)


def test_schemes_other_than_http_are_refused() -> None:
    with pytest.raises(FetchRefused, match="only http and https"):
        check_target("ftp://files.test/a", "ftp", "files.test", None, _resolver({}))


def _mock_client(settings: Settings, routes: dict[str, httpx.Response],
                 seen: list[str]) -> httpx.Client:
    """A client whose requests are answered from routes, with public-looking host names."""
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return routes.get(str(request.url), httpx.Response(404))

    resolve = _resolver({"news.test": [PUBLIC], "wire.test": [PUBLIC]})
    return make_client(settings, transport=httpx.MockTransport(handle), resolve=resolve)


@pytest.mark.parametrize("target", ["http://10.0.0.7/admin", "http://127.0.0.1:8080/",
                                    "http://169.254.169.254/latest/meta-data/"])
def test_a_redirect_to_a_private_address_is_refused_and_not_followed(target: str) -> None:
    seen: list[str] = []
    routes = {"http://news.test/story": httpx.Response(302, headers={"Location": target})}
    with _mock_client(SETTINGS, routes, seen) as client, \
            pytest.raises(FetchRefused, match="refused"):
        fetch("http://news.test/story", SETTINGS, client=client)
    assert seen == ["http://news.test/story"]


def test_a_redirect_to_a_file_url_is_not_followed() -> None:
    seen: list[str] = []
    routes = {"http://news.test/story": httpx.Response(
        301, headers={"Location": "file:///etc/passwd"})}
    with _mock_client(SETTINGS, routes, seen) as client, pytest.raises(FetchError):
        fetch("http://news.test/story", SETTINGS, client=client)
    assert seen == ["http://news.test/story"]


def test_a_public_redirect_chain_is_followed() -> None:
    seen: list[str] = []
    routes = {
        "http://news.test/story": httpx.Response(302, headers={"Location": "http://wire.test/a"}),
        "http://wire.test/a": httpx.Response(200, headers={"Content-Type": "text/html"},
                                             content=PAGE),
    }
    with _mock_client(SETTINGS, routes, seen) as client:
        fetched = fetch("http://news.test/story", SETTINGS, client=client)
    assert fetched.url == "http://wire.test/a" and fetched.body == PAGE


class _Peer:
    """Stands in for the network stream httpx reports the connected address through."""

    def __init__(self, address: str) -> None:
        self.address = address

    def get_extra_info(self, name: str) -> object:
        return (self.address, 80) if name == "server_addr" else None


def test_a_name_that_resolves_again_to_loopback_is_caught_on_the_connected_address() -> None:
    # The check before the request saw a public address; the connection went elsewhere.
    seen: list[str] = []
    routes = {"http://news.test/story": httpx.Response(
        200, headers={"Content-Type": "text/html"}, content=PAGE,
        extensions={"network_stream": _Peer("127.0.0.1")})}
    with _mock_client(SETTINGS, routes, seen) as client, \
            pytest.raises(FetchRefused, match="loopback address 127.0.0.1"):
        fetch("http://news.test/story", SETTINGS, client=client)


def test_allow_private_lets_a_local_server_be_fetched(local_site: str) -> None:
    fetched = fetch(local_site + "/page.html", replace(SETTINGS, allow_private=True))
    assert fetched.kind == "html"


def test_a_gzip_bomb_stops_at_the_size_cap(local_site: str) -> None:
    settings = replace(SETTINGS, allow_private=True)
    with pytest.raises(FetchError, match=r"larger than 5000000 bytes once decompressed"):
        fetch(local_site + "/bomb.html", settings)


def test_feed_links_to_private_addresses_are_not_fetched(
        tmp_path: Path, local_site: str, site_server: ThreadingHTTPServer,
        fixture_path) -> None:  # type: ignore[no-untyped-def]
    feed = Path(fixture_path("feed_two_items.rss")).read_text(encoding="utf-8")
    feed = feed.replace("https://wire.example.com/finance-call", local_site + "/page.html")
    before = len(site_server.paths_seen)  # type: ignore[attr-defined]
    items = list(read_feed(feed.encode("utf-8"), "feed.rss", replace(SETTINGS, fetch_links=True)))
    first = items[0]
    assert not isinstance(first, FetchError)
    assert first.meta["fetch_error"].startswith("refused: loopback address")
    assert len(site_server.paths_seen) == before  # type: ignore[attr-defined]


def test_feeds_do_not_expand_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRETMARKER", encoding="utf-8")
    feed = (f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY leak SYSTEM "file://{secret}">]>\n'
            '<rss version="2.0"><channel><title>Wire</title><item><title>Envoys</title>'
            '<description>Envoys met on Monday. &leak; They will meet again.</description>'
            '</item></channel></rss>').encode()
    items = list(read_feed(feed, "xxe.rss", SETTINGS))
    assert items
    for item in items:
        text = getattr(item, "text", "") + str(getattr(item, "message", ""))
        assert "TOPSECRETMARKER" not in text


def test_feeds_do_not_expand_recursive_entities() -> None:
    levels = ['<!ENTITY l0 "laugh">'] + [
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    feed = ('<?xml version="1.0"?>\n<!DOCTYPE rss [' + "".join(levels) + ']>\n'
            '<rss version="2.0"><channel><title>Wire</title><item><title>Envoys</title>'
            '<description>Envoys met on Monday. &l9;</description></item></channel></rss>'
            ).encode()
    items = list(read_feed(feed, "laughs.rss", SETTINGS))
    assert items
    for item in items:
        assert len(getattr(item, "text", "")) < 10_000  # 10^9 'laugh's were never built
