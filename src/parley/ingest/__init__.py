"""Ingest: turn files, folders, globs, URLs and stdin into Article records (or per-input errors)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx

from parley.config import Settings
from parley.errors import FetchError, InputError, ParleyError, Skip
from parley.ingest.decode import (
    binary_kind,
    declared_charset,
    decode_bytes,
    read_file_capped,
    read_stream_capped,
)
from parley.ingest.feeds import looks_like_feed, read_feed
from parley.ingest.fetch import fetch, is_url
from parley.ingest.html import read_html
from parley.ingest.identity import article_id, normalise_text
from parley.ingest.lexicon import ingest_data
from parley.ingest.neardup import NearDupIndex, signature
from parley.ingest.paths import Skipped, expand_path
from parley.ingest.records import iter_csv, iter_json, iter_jsonl
from parley.ingest.text import read_text
from parley.models import Article

__all__ = [
    "NearDupIndex", "Skipped", "article_id", "count_inputs", "iter_inputs", "normalise_text",
    "read_bytes", "read_path", "read_url", "signature",
]

Result = Article | InputError | FetchError
#: What ``iter_inputs`` yields: an article, a one-line error, or an entry a folder walk skipped.
InputItem = Result | Skipped
STDIN_SOURCE = "<stdin>"
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article)\b",
                         re.IGNORECASE)

ingest_data()  # validate the data file at start-up, not halfway through a batch


def iter_inputs(inputs: Sequence[str], settings: Settings) -> Iterator[InputItem]:
    """Expand paths (files, directories recursively, globs), URLs (http/https) and "-" (stdin)
    and yield one Article per article found, an InputError/FetchError per bad input and a
    Skipped per entry a folder walk left out. Never raises for bad input; the batch goes on."""
    for raw in inputs:
        if raw == "-":
            yield from _guarded(_read_stdin(settings), STDIN_SOURCE)
        elif is_url(raw):
            yield from _guarded(read_url(raw, settings), raw)
        else:
            for item in expand_path(raw):
                if isinstance(item, (InputError, Skipped)):
                    yield item
                else:
                    yield from _guarded(read_path(item, settings), item)


def count_inputs(inputs: Sequence[str]) -> int | None:
    """Best-effort number of files and URLs to read (for a progress bar); None if unknown."""
    try:
        return sum(1 if raw == "-" or is_url(raw)
                   else sum(1 for item in expand_path(raw) if isinstance(item, str))
                   for raw in inputs)
    except OSError:
        return None


def _guarded(items: Iterator[Result], source: str) -> Iterator[Result]:
    """Pass items through, turning a failure while reading one input into an error item."""
    try:
        yield from items
    except Skip as exc:
        yield exc  # type: ignore[misc]
    except ParleyError:
        raise
    except Exception as exc:  # noqa: BLE001 - one unreadable input must not stop the batch
        yield InputError(f"could not read: {type(exc).__name__}: {exc}", source=source)


#: Readers whose files hold many articles.
MANY_ARTICLE_KINDS = frozenset({"jsonl", "json", "csv", "feed"})


def read_path(path: str, settings: Settings) -> Iterator[Result]:
    """Articles in one file, the reader chosen by extension, else by content."""
    suffix = Path(path).suffix.lower().lstrip(".")
    kind = ingest_data().extensions.get(suffix)
    # A dump of many articles may be large; each of its records is still held to max_bytes.
    cap = settings.max_dump_bytes if kind in MANY_ARTICLE_KINDS else settings.max_bytes
    data = read_file_capped(path, cap)
    yield from read_bytes(data, path, settings, kind=kind, suffix=suffix)


def _read_stdin(settings: Settings) -> Iterator[Result]:
    """Articles from standard input, whose kind is sniffed."""
    data = read_stream_capped(sys.stdin.buffer, settings.max_bytes, STDIN_SOURCE)
    yield from read_bytes(data, STDIN_SOURCE, settings)


def read_url(url: str, settings: Settings, client: httpx.Client | None = None) -> Iterator[Result]:
    """Articles from a URL: an HTML page is one article, a feed one per item.

    ``client`` lets a caller fetch through its own httpx client (the HTTP API's
    guarded one refuses non-public addresses)."""
    fetched = fetch(url, settings, client)
    if fetched.kind == "feed":
        yield from read_feed(fetched.body, url, settings)
        return
    text = decode_bytes(fetched.body, url,
                        declared=fetched.charset or declared_charset(fetched.body))
    yield read_html(text, url, url=fetched.url)


def sniff_kind(text: str) -> str:
    """Guess the reader for text of unknown type: feed, html, json, jsonl or text."""
    head = text.lstrip()[:4096]
    if head.startswith("<"):
        if looks_like_feed(head):
            return "feed"
        return "html" if _HTML_START.search(head) else "text"
    if head[:1] in ("{", "["):
        try:
            json.loads(text)
            return "json"
        except json.JSONDecodeError:
            try:
                json.loads(text.lstrip().split("\n", 1)[0])
                return "jsonl"
            except json.JSONDecodeError:
                return "text"
    return "text"


def read_bytes(data: bytes, source: str, settings: Settings, kind: str | None = None,
               suffix: str = "") -> Iterator[Result]:
    """Articles from one document's bytes; kind None means sniff the content."""
    binary = binary_kind(data)
    if binary:
        what = f"unsupported file type '.{suffix}', " if kind is None and suffix else ""
        raise InputError(f"{what}binary file ({binary}), not an article", source=source)
    if kind == "feed":
        yield from read_feed(data, source, settings)
        return
    text = decode_bytes(data, source, declared=declared_charset(data))
    kind = kind or sniff_kind(text)
    if kind == "feed":
        yield from read_feed(data, source, settings)
    elif kind == "html":
        yield read_html(text, source)
    elif kind == "jsonl":
        yield from iter_jsonl(text, source, settings)
    elif kind == "json":
        yield from iter_json(text, source, settings)
    elif kind == "csv":
        yield from iter_csv(text, source, settings)
    else:
        yield read_text(text, source, fmt="md" if suffix in ("md", "markdown") else "txt")
