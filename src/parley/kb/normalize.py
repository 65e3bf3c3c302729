"""Surface-form normalisation shared by lookups and the title matcher.

Hand-rolled rather than a library: the rules are few and specific to how news
spells names (curly quotes, dashes, dotted acronyms such as "U.S.").
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'",
                         "\u201c": '"', "\u201d": '"'})
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212-]")
_EDGE_PUNCT = " \t\"'.,;:()[]"
_LEADING_ARTICLE = re.compile(r"^the\s+")


def normalize_surface(text: str) -> str:
    """Lower-case key: straight quotes, no dots, hyphens as spaces, no leading 'the'."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _DASHES.sub(" ", text).replace(".", "").lower()
    text = " ".join(text.split()).strip(_EDGE_PUNCT)
    return _LEADING_ARTICLE.sub("", text)


def strip_possessive(key: str) -> str:
    """Drop a trailing possessive from a normalised key ("beijing's" -> "beijing")."""
    if key.endswith("'s"):
        return key[:-2]
    if key.endswith("s'"):
        return key[:-1]
    return key


def possessive(name: str) -> str:
    """English possessive of a name ("China" -> "China's", "United States" -> "United States'")."""
    return name + ("'" if name.endswith("s") else "'s")
