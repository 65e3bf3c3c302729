"""Fetching a URL someone gave the HTTP API, without letting it reach inside the network.

A URL posted to ``/api/v1/articles`` comes from whoever holds the token, and
the server may sit beside services that trust loopback or private addresses.
Every request — the first and each redirect — resolves the host, refuses it
unless every address is public, and then connects to the checked address
itself (the Host header and TLS name stay the original host's), so DNS
cannot answer differently between the check and the connection.  A whole
fetch is held to a deadline as well as to the size cap of ``ingest.fetch``.
httpx has no hook for the address it connects to, hence this transport.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import httpx

from parley.config import Settings
from parley.ingest.safety import system_resolver as resolve_all
from parley.ingest.safety import why_not_public

Resolver = Callable[[str, int], list[str]]


class BlockedAddress(httpx.TransportError):
    """The URL's host resolves to an address the API may not fetch from."""


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for host."""
    try:
        return resolve_all(host, port)
    except (OSError, UnicodeError) as exc:
        raise httpx.ConnectError(f"unknown host {host}: {getattr(exc, 'strerror', exc)}") \
            from None


def is_public(address: str) -> bool:
    """False for loopback, private, link-local, multicast, reserved and unspecified addresses."""
    return why_not_public(address) is None


class _Deadline(httpx.SyncByteStream):
    """A response body that stops with a timeout once the fetch's deadline has passed."""

    def __init__(self, stream: httpx.SyncByteStream, deadline: float, total: float) -> None:
        self._stream = stream
        self._deadline = deadline
        self._total = total

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._stream:
            if time.monotonic() > self._deadline:
                raise httpx.ReadTimeout(f"took longer than {self._total:g}s in all")
            yield chunk

    def close(self) -> None:
        self._stream.close()


class GuardedTransport(httpx.BaseTransport):
    """Checks every request's host before connecting to the very address it checked."""

    def __init__(self, *, total_seconds: float, resolver: Resolver = system_resolver,
                 inner: httpx.BaseTransport | None = None) -> None:
        self._resolve = resolver
        self._inner = inner or httpx.HTTPTransport()
        self._total = total_seconds
        self._deadline = time.monotonic() + total_seconds

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if time.monotonic() > self._deadline:
            raise httpx.ConnectTimeout(f"took longer than {self._total:g}s in all")
        if request.url.scheme not in ("http", "https"):
            raise BlockedAddress(f"only http and https URLs are fetched, not {request.url}")
        host = request.url.host
        port = request.url.port or (443 if request.url.scheme == "https" else 80)
        addresses = self._resolve(host, port)
        if not addresses:
            raise httpx.ConnectError(f"unknown host {host}")
        blocked = [a for a in addresses if not is_public(a)]
        if blocked:
            raise BlockedAddress(f"{host} resolves to a non-public address ({blocked[0]})")
        extensions = dict(request.extensions)
        if request.url.scheme == "https":
            extensions["sni_hostname"] = host
        # The client keeps the original request (redirects resolve against its URL);
        # only the copy sent on names the address, with the original Host header.
        pinned = httpx.Request(request.method, request.url.copy_with(host=addresses[0]),
                               headers=request.headers, stream=request.stream,
                               extensions=extensions)
        response = self._inner.handle_request(pinned)
        assert isinstance(response.stream, httpx.SyncByteStream)
        response.stream = _Deadline(response.stream, self._deadline, self._total)
        return response

    def close(self) -> None:
        self._inner.close()


def guarded_client(settings: Settings, *, total_seconds: float,
                   resolver: Resolver = system_resolver,
                   inner: httpx.BaseTransport | None = None) -> httpx.Client:
    """An httpx client for API-submitted URLs: public addresses only, redirects re-checked."""
    return httpx.Client(
        transport=GuardedTransport(total_seconds=total_seconds, resolver=resolver, inner=inner),
        follow_redirects=True, max_redirects=settings.max_redirects,
        timeout=settings.http_timeout, headers={"User-Agent": settings.user_agent})
