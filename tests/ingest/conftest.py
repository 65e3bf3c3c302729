"""Shared fixtures for ingest tests: fixture paths and a local HTTP site on 127.0.0.1."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixture_path() -> Callable[[str], str]:
    """Path (as a string) of a named file under tests/ingest/fixtures."""
    def path(name: str) -> str:
        return str(FIXTURES / name)
    return path


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep local-server requests off any proxy configured in the environment."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)


class _SiteHandler(BaseHTTPRequestHandler):
    """Serves the routes the fetch tests need."""

    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, content_type: str, body: bytes, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_gzip_bomb(self) -> None:
        """A page of 20 MB that travels as about 20 KB of gzip."""
        body = gzip.compress(b"<p>" + b"0" * 20_000_000 + b"</p>")
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        route = self.path
        self.server.paths_seen.append(route)  # type: ignore[attr-defined]
        if route == "/bomb.html":
            self._send_gzip_bomb()
        elif route == "/page.html":
            self._send(200, "text/html; charset=utf-8",
                       (FIXTURES / "page_with_meta.html").read_bytes())
        elif route == "/feed.rss":
            self._send(200, "application/rss+xml", (FIXTURES / "feed_two_items.rss").read_bytes())
        elif route == "/linking-feed.rss":
            feed = (FIXTURES / "feed_two_items.rss").read_text(encoding="utf-8")
            feed = feed.replace("https://wire.example.com/finance-call",
                                f"http://127.0.0.1:{port}/page.html")
            feed = feed.replace("https://wire.example.com/envoys-meet",
                                f"http://127.0.0.1:{port}/report.pdf")
            self._send(200, "application/rss+xml", feed.encode("utf-8"))
        elif route == "/report.pdf":
            self._send(200, "application/pdf", (FIXTURES / "fake_report.pdf").read_bytes())
        elif route == "/huge-declared.html":
            self._send(200, "text/html", b"<p>" + b"x" * 5000 + b"</p>")
        elif route == "/huge-streamed.html":
            self._send(200, "text/html", b"<p>" + b"y" * 5000 + b"</p>", length=False)
        elif route == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif route == "/moved":
            self.send_response(301)
            self.send_header("Location", "/page.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif route == "/agent.html":
            agent = self.headers.get("User-Agent", "")
            page = (f"<html><head><title>Agent</title></head><body><article><p>The request "
                    f"came from the client called {agent} and this sentence pads the page "
                    f"out.</p></article></body></html>")
            self._send(200, "text/html", page.encode("utf-8"))
        else:
            self._send(404, "text/plain", b"not here")


@pytest.fixture(scope="session")
def site_server() -> Iterator[ThreadingHTTPServer]:
    """A small HTTP server on 127.0.0.1 (no external network) that logs the paths asked."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SiteHandler)
    server.paths_seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def local_site(site_server: ThreadingHTTPServer) -> str:
    """Base URL of the local test server."""
    return f"http://127.0.0.1:{site_server.server_address[1]}"
