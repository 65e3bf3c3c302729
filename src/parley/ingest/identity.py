"""Stable article identity: the same story gets the same id however it was encoded."""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Any

from parley.models import Article

_QUOTES_AND_DASHES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u00a0": " ",
})


class _BlankPunctuation(dict[int, int]):
    """str.translate table mapping punctuation, separators and controls to a space.

    Filled lazily per code point, so translating stays in C after the first sight of a
    character (a per-character Python loop made this the slowest step of ingest).
    """

    def __missing__(self, code: int) -> int:
        value = 32 if unicodedata.category(chr(code))[0] in "PZC" else code
        self[code] = value
        return value


_BLANK = _BlankPunctuation()


def normalise_text(text: str) -> str:
    """Canonical form for comparison: NFKC, case-folded, punctuation dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES_AND_DASHES).casefold()
    return " ".join(text.translate(_BLANK).split())


def article_id(text: str) -> str:
    """Stable id from normalised content: the first 16 hex chars of its sha256."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


def make_article(text: str, source: str, **fields: Any) -> Article:
    """Build an Article whose id is derived from its text."""
    return Article(id=article_id(text), text=text, source=source, **fields)
