"""Turn knowledge-base surface forms into spaCy SpanRuler token patterns.

Surfaces are split with spaCy's own English tokenizer so patterns line up with
real documents ("Vice-Premier" -> Vice / - / Premier, "U.S." stays one token).
Hyphens between words become optional, dotted acronyms match with or without
dots, and names are case-sensitive on their first word so that "us" or
"new China" in running text do not fire.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from typing import Any

_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z]{2,}$")
_POSSESSIVES = ["'s", "\u2019s", "'", "\u2019"]


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
