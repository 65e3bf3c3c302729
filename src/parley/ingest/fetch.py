"""Fetch one URL with httpx: timeout, redirect limit, size cap and content-type check.

Only public internet hosts are reached unless ``allow_private`` is set: every request
(each redirect too) passes ``safety.check_target`` before it is sent, and the address
actually connected to is checked again when the response arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx

from parley.config import Settings
from parley.errors import FetchError
from parley.ingest.lexicon import ingest_data
from parley.ingest.safety import (
    Resolver,
    check_target,
    refuse_address,
    system_resolver,
    uses_proxy,
)


@dataclass(slots=True)
class Fetched:
    """A fetched page: final URL, what kind of document it is, and its bytes."""

    url: str
    kind: str  # "html" or "feed"
    content_type: str
    charset: str | None
    body: bytes


def is_url(text: str) -> bool:
    """True for http(s) URLs, the only kind Parley fetches."""
    return text.lower().startswith(("http://", "https://"))


def content_kind(content_type: str) -> str | None:
    """'html' or 'feed' for a MIME type Parley reads, else None."""
    mime = content_type.split(";", 1)[0].strip().lower()
    data = ingest_data()
    if mime in data.html_types:
        return "html"
    if mime in data.feed_types:
        return "feed"
    return None


def _charset(content_type: str) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def make_client(settings: Settings, transport: httpx.BaseTransport | None = None,
                resolve: Resolver = system_resolver) -> httpx.Client:
    """An httpx client with Parley's timeout, redirect limit and target checks."""
    hooks: dict[str, list[Callable[..., None]]] = {"request": [], "response": []}
    if not settings.allow_private:
        def before(request: httpx.Request) -> None:
            url = request.url
            check_target(str(url), url.scheme, url.raw_host.decode("ascii"), url.port,
                         resolve)

        def after(response: httpx.Response) -> None:
            stream = response.extensions.get("network_stream")
            peer = stream.get_extra_info("server_addr") if stream is not None else None
            url = response.request.url
            if peer and not uses_proxy(url.scheme, url.raw_host.decode("ascii")):
                refuse_address(str(peer[0]), str(url))

        hooks = {"request": [before], "response": [after]}
    return httpx.Client(
        follow_redirects=True, max_redirects=settings.max_redirects,
        timeout=settings.http_timeout, headers={"User-Agent": settings.user_agent},
        event_hooks=hooks, transport=transport)


def fetch(url: str, settings: Settings, client: httpx.Client | None = None) -> Fetched:
    """Download url as an HTML page or feed, or raise FetchError with the reason in a few words."""
    own = client is None
    client = client or make_client(settings)
    try:
        return _download(client, url, settings)
    except httpx.TooManyRedirects:
        raise FetchError(f"too many redirects (more than {settings.max_redirects})",
                         source=url) from None
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {settings.http_timeout:g}s", source=url) from None
    except httpx.ConnectError as exc:
        raise FetchError(f"unreachable: {_reason(exc)}", source=url) from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"invalid URL: {exc}", source=url) from None
    except httpx.UnsupportedProtocol as exc:
        raise FetchError(f"unsupported protocol: {_reason(exc)}", source=url) from None
    except httpx.DecodingError as exc:
        raise FetchError(f"undecodable response: {_reason(exc)}", source=url) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"fetch failed: {_reason(exc)}", source=url) from None
    finally:
        if own:
            client.close()


def _reason(exc: Exception) -> str:
    """A few words saying why a request failed."""
    text = str(exc) or type(exc).__name__
    if "refused" in text.lower():
        return "connection refused"
    if "name or service not known" in text.lower() or "nodename" in text.lower():
        return "unknown host"
    return text.split("\n", 1)[0][:120]


def _download(client: httpx.Client, url: str, settings: Settings) -> Fetched:
    """Stream the response, checking status, content type and size as it arrives."""
    limit = settings.max_bytes
    with client.stream("GET", url) as response:
        if response.status_code >= 400:
            raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip(),
                             source=url)
        content_type = response.headers.get("content-type", "")
        kind = content_kind(content_type)
        if kind is None:
            raise FetchError("not an HTML page or feed "
                             f"(content-type {content_type or 'missing'})", source=url)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"larger than {limit} bytes", source=url)
        # iter_bytes decompresses as it goes (gzip, deflate...), so the cap holds for the
        # decompressed size: a small gzip bomb stops here after at most one network read
        # (64 KiB) expands past the cap, never inflating whole into memory.
        compressed = response.headers.get("content-encoding", "identity") != "identity"
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"larger than {limit} bytes"
                                 + (" once decompressed" if compressed else ""), source=url)
            chunks.append(chunk)
        return Fetched(url=str(response.url), kind=kind, content_type=content_type,
                       charset=_charset(content_type), body=b"".join(chunks))
