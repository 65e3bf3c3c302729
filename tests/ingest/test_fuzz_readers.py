"""Property-based fuzzing of every reader: whatever the bytes, each input yields articles or
one-line errors naming it, never a traceback.

Inputs are built from each format's grammar with random content, then randomly mutated
(cut, repeated, spliced, flipped bytes), and seeded by the fixture files of these tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import FUZZ_ERRORS, FUZZED
from parley.config import Settings
from parley.errors import ParleyError
from parley.ingest import read_bytes
from parley.ingest.decode import decode_bytes
from parley.ingest.feeds import read_feed
from parley.ingest.html import read_html
from parley.ingest.identity import article_id
from parley.ingest.records import iter_csv, iter_json, iter_jsonl
from parley.ingest.text import read_text
from parley.models import Article

pytestmark = pytest.mark.fuzz

FIXTURES = Path(__file__).parent / "fixtures"
SETTINGS = Settings(max_bytes=200_000)
SOURCE = "fuzzed/input"
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

# -- building blocks -----------------------------------------------------------------
words = st.sampled_from([
    "Envoys", "met", "in", "Geneva", "on", "Tuesday", "tariffs", "Liu He", "Yellen", "talks",
    "BEIJING", "Oct", "26", "(Reuters)", "-", "said", "the", "\u201cfrank\u201d", "\u2014",
    "$2.5 billion", "25%", "phase one", "\u00e9t\u00e9", "\u5546\u52a1\u90e8", "\n", "\n\n",
    "date", "2021-10-27", "&amp;", "<b>", "</p>", ",", '"', ";", "\t", "\r\n", "\x00", "\ufeff"])
prose = st.lists(words | st.text(max_size=12), max_size=60).map(" ".join)
months = st.sampled_from(["Jan", "Feb.", "March", "Sept", "Oct", "Dec", "Smarch", "may"])
day_text = st.integers(min_value=-1, max_value=40).map(str)
iso_day = st.dates().map(date.isoformat) | st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True)


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[bytes]) -> bytes:
    """A document with a few random edits: cuts, repeats, splices and flipped bytes."""
    data = bytearray(draw(base))
    for _ in range(draw(st.integers(0, 4))):
        if not data:
            data.extend(draw(st.binary(max_size=40)))
            continue
        at = draw(st.integers(0, len(data) - 1))
        end = draw(st.integers(at, min(len(data), at + 200)))
        op = draw(st.sampled_from(["cut", "repeat", "splice", "flip", "truncate"]))
        if op == "cut":
            del data[at:end]
        elif op == "repeat":
            data[at:at] = data[at:end] * draw(st.integers(1, 5))
        elif op == "splice":
            data[at:at] = draw(st.binary(max_size=30))
        elif op == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        else:
            del data[at:]
    return bytes(data)


def fixtures(*suffixes: str) -> st.SearchStrategy[bytes]:
    """The bytes of one fixture file with one of these suffixes."""
    files = sorted(p for p in FIXTURES.iterdir() if p.suffix in suffixes)
    return st.sampled_from([p.read_bytes() for p in files])


def encoded(text: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    """Text in a random encoding (some that cannot hold every character)."""
    encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1",
                                 "gb18030", "shift_jis"])
    return st.tuples(text, encodings).map(lambda te: te[0].encode(te[1], errors="replace"))


# -- the property ----------------------------------------------------------------------
def check_items(target: str, produce: Callable[[], Iterable[Any]]) -> None:
    """Every item is an Article or a one-line error naming the input; only a ParleyError
    may be raised, and it too is one line naming the input."""
    FUZZED[target] += 1
    try:
        items = list(produce())
    except ParleyError as exc:
        items = [exc]
    for item in items:
        if isinstance(item, ParleyError):
            FUZZ_ERRORS[target] += 1
            line = item.oneline()
            assert "\n" not in line and "\r" not in line, line
            assert line.startswith(SOURCE), line
        else:
            assert isinstance(item, Article), type(item)
            check_article(item)


def check_article(article: Article) -> None:
    """An article is whole: text, an id derived from it, a real date if any."""
    assert article.text.strip()
    assert article.id == article_id(article.text)
    assert article.source
    if article.published is not None:
        assert _DATE.match(article.published), article.published
        parts = [int(p) for p in article.published.split("-")]
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    json.dumps(article.to_dict(), default=str)


# -- plain text with header and dateline -------------------------------------------------
@st.composite
def text_articles(draw: st.DrawFn) -> str:
    header = draw(st.sampled_from(["", "date ", "Date: ", "DATE\t"]))
    header = header + draw(iso_day) + draw(st.sampled_from(["\n", " ", "\r\n", ""])) \
        if header else ""
    headline = draw(st.sampled_from(["", "Envoys meet again\n\n", "\n"]))
    place = draw(st.sampled_from(["BEIJING", "WASHINGTON", "Geneva", "SAN FRANCISCO/TOKYO",
                                  "x", ""]))
    dateline = draw(st.sampled_from(["", f"{place}, ", f"{place} "]))
    if dateline:
        dateline += draw(st.sampled_from(["", f"{draw(months)} {draw(day_text)} ",
                                          f"{draw(day_text)} {draw(months)} {draw(day_text)}"]))
        dateline += draw(st.sampled_from(["(Reuters) - ", "/Xinhua/ -- ", "\u2014 ", ": ", ""]))
    return header + headline + dateline + draw(prose)


@given(text_articles())
def test_text_reader(text: str) -> None:
    check_items("txt", lambda: [read_text(text, SOURCE)])


@given(mutated(encoded(text_articles()) | fixtures(".txt", ".md", ".log")))
def test_text_files_through_read_bytes(data: bytes) -> None:
    check_items("txt bytes", lambda: read_bytes(data, SOURCE, SETTINGS, kind="text"))


# -- HTML -----------------------------------------------------------------------------
tags = st.sampled_from(["p", "div", "article", "title", "h1", "script", "style", "meta",
                        "time", "br", "table", "td", "a", "span", "html", "body", "head"])


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(tags)
        attrs = draw(st.sampled_from(["", ' class="x"', ' datetime="2021-10-27"',
                                      ' property="article:published_time" content="'
                                      + draw(iso_day) + '"', ' charset="utf-8"', " =\"\""]))
        closing = draw(st.sampled_from([f"</{tag}>", "", "</p>", "/>"]))
        parts.append(f"<{tag}{attrs}>{draw(prose)}{closing}")
    doctype = draw(st.sampled_from(["", "<!DOCTYPE html>", "<?xml version='1.0'?>"]))
    return doctype + "".join(parts)


@given(html_pages())
def test_html_reader(page: str) -> None:
    check_items("html", lambda: [read_html(page, SOURCE)])


@given(mutated(encoded(html_pages()) | fixtures(".html")))
def test_html_files_through_read_bytes(data: bytes) -> None:
    check_items("html bytes", lambda: read_bytes(data, SOURCE, SETTINGS, kind="html"))


# -- JSON Lines, JSON and CSV -----------------------------------------------------------
scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
           | st.text(max_size=20) | prose | iso_day)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=12)
field_names = st.sampled_from(["text", "title", "url", "published", "source", "body", ""])
records = st.dictionaries(field_names, scalars | json_values, max_size=6)


@given(st.lists(records.map(json.dumps) | st.text(max_size=40), max_size=8).map("\n".join))
def test_jsonl_reader(text: str) -> None:
    check_items("jsonl", lambda: iter_jsonl(text, SOURCE, SETTINGS))


@given(st.one_of(st.lists(records, max_size=6), records, json_values,
                 st.dictionaries(st.text(max_size=8), st.lists(records, max_size=3),
                                 max_size=3)).map(json.dumps)
       | mutated(fixtures(".json", ".jsonl")).map(lambda b: b.decode("utf-8", "replace")))
def test_json_reader(text: str) -> None:
    check_items("json", lambda: iter_json(text, SOURCE, SETTINGS))


@st.composite
def csv_files(draw: st.DrawFn) -> str:
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    header = draw(st.lists(field_names, min_size=1, max_size=5))
    cell = (prose | iso_day | st.text(max_size=10)).map(
        lambda c: draw(st.sampled_from([c, '"' + c.replace('"', '""') + '"', '"' + c])))
    rows = draw(st.lists(st.lists(cell, max_size=6), max_size=6))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(delimiter.join(r) for r in [header, *rows])


@given(csv_files() | mutated(fixtures(".csv")).map(lambda b: b.decode("utf-8", "replace")))
def test_csv_reader(text: str) -> None:
    check_items("csv", lambda: iter_csv(text, SOURCE, SETTINGS))


# -- RSS and Atom ---------------------------------------------------------------------
@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    atom = draw(st.booleans())
    items = []
    for _ in range(draw(st.integers(0, 4))):
        body = draw(st.sampled_from([draw(prose), "&lt;p&gt;" + draw(prose) + "&lt;/p&gt;",
                                     f"<![CDATA[<p>{draw(prose)}</p>]]>", ""]))
        when = draw(st.sampled_from(["Tue, 26 Oct 2021 21:30:00 +0800", draw(iso_day),
                                     draw(prose), "2023-07-08T18:00:00+08:00"]))
        link = draw(st.sampled_from(["https://wire.example.com/a", "", "javascript:x",
                                     "file:///etc/passwd", draw(prose)]))
        if atom:
            items.append(f"<entry><title>{draw(prose)}</title><link href=\"{link}\"/>"
                         f"<published>{when}</published><content type=\"html\">{body}"
                         "</content></entry>")
        else:
            items.append(f"<item><title>{draw(prose)}</title><link>{link}</link>"
                         f"<pubDate>{when}</pubDate><description>{body}</description></item>")
    if atom:
        doc = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>{"".join(items)}</feed>'
    else:
        doc = f'<rss version="2.0"><channel><title>W</title>{"".join(items)}</channel></rss>'
    prolog = draw(st.sampled_from(['<?xml version="1.0" encoding="utf-8"?>\n', "",
                                   '<?xml version="1.0" encoding="latin-1"?>\n']))
    return (prolog + doc).encode("utf-8", errors="replace")


@given(mutated(feeds() | fixtures(".rss", ".atom", ".xml")))
def test_feed_reader(data: bytes) -> None:
    check_items("rss/atom", lambda: read_feed(data, SOURCE, SETTINGS))


# -- encoding detection and sniffing ---------------------------------------------------
charsets = st.sampled_from([None, "utf-8", "latin-1", "cp1252", "utf-16", "gbk", "koi8-r",
                            "iso-8859-2", "ascii", "shift_jis"])


@given(mutated(encoded(prose) | st.binary(max_size=300) | fixtures(".txt", ".html")), charsets)
def test_encoding_detection(data: bytes, declared: str | None) -> None:
    def decode() -> list[Article]:
        text = decode_bytes(data, SOURCE, declared=declared)
        assert isinstance(text, str) and "\r" not in text
        return []
    check_items("encoding", decode)


@given(mutated(st.one_of(encoded(text_articles()), encoded(html_pages()), feeds(),
                         st.binary(max_size=200), fixtures(".txt", ".html", ".json", ".jsonl",
                                                           ".csv", ".rss", ".pdf", ".docx"))))
def test_unknown_files_are_sniffed(data: bytes) -> None:
    check_items("sniffed", lambda: read_bytes(data, SOURCE, SETTINGS))
