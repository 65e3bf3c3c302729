"""Turn knowledge-base surface forms into spaCy SpanRuler token patterns.

Surfaces are split with spaCy's own English tokenizer so patterns line up with
real documents ("Vice-Premier" -> Vice / - / Premier, "U.S." stays one token).
Hyphens between words become optional, dotted acronyms match with or without
dots, and names are case-sensitive on their first word so that "us" or
"new China" in running text do not fire.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Iterable
from typing import Any

_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z]{2,}$")
_POSSESSIVES = ["'s", "\u2019s", "'", "\u2019"]
#: Word gaps up to which every mix of space and hyphen is spelled out as a phrase.
MAX_MIXED_GAPS = 3


@functools.lru_cache(maxsize=1)
def _tokenizer() -> Any:
    import spacy  # deferred: the rest of the knowledge base works without spaCy loaded

    return spacy.blank("en").tokenizer


def _acronym_spec(word: str) -> dict[str, Any]:
    letters = word.replace(".", "")
    variants = {word, letters}
    if len(letters) <= 3:
        dotted = ".".join(letters)
        variants |= {dotted + ".", dotted}
    return {"ORTH": {"IN": sorted(variants)}}


def _word_spec(word: str, *, first: bool, case_sensitive: bool) -> dict[str, Any]:
    if word in _POSSESSIVES:
        return {"LOWER": {"IN": _POSSESSIVES}}
    if _ACRONYM.match(word):
        return _acronym_spec(word)
    if case_sensitive and first:
        return {"ORTH": {"IN": sorted({word, word.upper()})}}
    return {"LOWER": word.lower()}


def token_pattern(surface: str, *, case_sensitive: bool) -> list[dict[str, Any]]:
    """Token pattern for one surface form (empty when it has no words)."""
    words = [t.text for t in _tokenizer()(surface) if t.text not in {"-", "\u2013"}]
    pattern: list[dict[str, Any]] = []
    for index, word in enumerate(words):
        if index and word not in _POSSESSIVES:
            pattern.append({"ORTH": "-", "OP": "?"})
        pattern.append(_word_spec(word, first=index == 0, case_sensitive=case_sensitive))
    return pattern


def build_patterns(entries: Iterable[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """SpanRuler patterns for (label, surface, id) triples, deduplicated, TITLEs lower-cased."""
    seen: set[str] = set()
    patterns: list[dict[str, Any]] = []
    for label, surface, entity_id in entries:
        pattern = token_pattern(surface, case_sensitive=label != "TITLE")
        if not pattern:
            continue
        item = {"label": label, "pattern": pattern, "id": entity_id}
        key = json.dumps(item, sort_keys=True)
        if key not in seen:
            seen.add(key)
            patterns.append(item)
    return patterns


def _word_variants(word: str) -> list[str]:
    if word in _POSSESSIVES:
        return list(_POSSESSIVES[:2])
    if _ACRONYM.match(word):
        return sorted(_acronym_spec(word)["ORTH"]["IN"])
    return [word]


def phrase_variants(surface: str, *, case_sensitive: bool) -> list[str]:
    """Literal strings for a PhraseMatcher: spaced and hyphenated joins, dotted and bare
    acronyms, and for names the written and the upper-case form.

    Phrase matching is linear in the text whatever the number of phrases, where token
    patterns with an optional hyphen between every word made the matcher the slowest
    step of the whole pipeline.
    """
    words = [t.text for t in _tokenizer()(surface) if t.text not in {"-", "\u2013"}]
    if not words:
        return []
    combos: list[list[str]] = [[]]
    for word in words:
        combos = [c + [v] for c in combos for v in _word_variants(word)][:64]
    out: set[str] = set()
    for combo in combos:
        gaps = [i for i, word in enumerate(combo) if i and word not in _POSSESSIVES]
        # Every mix of spaces and hyphens between words, for short names and titles
        # ("Vice-Premier", "Chinese Vice-Premier"); long ones get all-space and all-hyphen.
        joins = (itertools.product(" -", repeat=len(gaps)) if len(gaps) <= MAX_MIXED_GAPS
                 else [(" ",) * len(gaps), ("-",) * len(gaps)])
        for glue in joins:
            by_gap = dict(zip(gaps, glue))
            text = "".join(by_gap.get(i, "") + word for i, word in enumerate(combo))
            if case_sensitive:
                out |= {text, text.upper()}
            else:
                # Kept as written: a LOWER matcher ignores case anyway, and lower-casing
                # first would tokenize "u.s." differently from the "U.S." of real text.
                out.add(text)
    return sorted(out)


def build_phrase_patterns(entries: Iterable[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """Ruler phrase patterns for (label, surface, id) triples, deduplicated."""
    seen: set[tuple[str, str, str]] = set()
    patterns: list[dict[str, Any]] = []
    for label, surface, entity_id in entries:
        for text in phrase_variants(surface, case_sensitive=label != "TITLE"):
            key = (label, text, entity_id)
            if key not in seen:
                seen.add(key)
                patterns.append({"label": label, "pattern": text, "id": entity_id})
    return patterns
