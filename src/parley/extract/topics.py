"""Controlled topic tags found in raw text, plus the phrase matcher other lexicons share.

Phrases live in ``data/topics.json``; matching is case-insensitive, whole-word,
treats hyphens and runs of whitespace as one space (so "phase-one" matches
"phase one") and keeps the longest match where candidates overlap.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import ahocorasick

from parley.errors import DataFileError
from parley.extract import lexicon

DATA_DIR = Path(__file__).parent / "data"

#: Characters folded to a plain space before matching (hyphens, dashes used as hyphens).
_HYPHENS = frozenset("-\u2010\u2011\u2012\u2013\u00ad")
#: Typographic apostrophes folded to ASCII.
_APOSTROPHES = frozenset("\u2019\u2018\u02bc")
_TAG_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def read_data_file(name: str, path: str | Path | None = None) -> Any:
    """Read one JSON data file: the packaged ``data/<name>`` unless a user ``path`` is given."""
    if path is None:
        return lexicon.load(name)
    file = Path(path)
    try:
        with file.open(encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError as exc:
        raise DataFileError("data file not found", source=str(file)) from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(f"invalid JSON: {exc.msg}", source=str(file), line=exc.lineno) from exc


#: What folding changes: a run of two or more hyphens and spaces, or one that is not a
#: plain space (``\s`` and ``str.isspace`` agree on what is space).
_SPACE_LIKE = "\\s" + "".join(sorted(_HYPHENS)).replace("-", "\\-")
_SPACE_RUN = re.compile(f"[{_SPACE_LIKE}]{{2,}}|[^\\S ]|[{_SPACE_LIKE[2:]}]")
_APOSTROPHE_TABLE = str.maketrans({ch: "'" for ch in _APOSTROPHES})


def fold_text(text: str, start: int = 0, end: int | None = None) -> tuple[str, str, list[int]]:
    """Fold ``text[start:end]`` for matching: (lowercased, case-kept, original offset per char).

    Hyphens become spaces, whitespace runs collapse to one space and curly
    apostrophes become ASCII, so both folded strings have the same length and
    ``offsets[i]`` is the index in ``text`` of folded character ``i``.
    """
    pos = max(start, 0)
    stop = max(pos, len(text) if end is None else min(end, len(text)))
    parts: list[str] = []
    offsets: list[int] = []
    # Runs found by one regex and slices copied whole: a loop over characters made this
    # the extractor's slowest rule.
    for run in _SPACE_RUN.finditer(text, pos, stop):
        parts.append(text[pos:run.start()])
        offsets.extend(range(pos, run.start()))
        parts.append(" ")
        offsets.append(run.start())
        pos = run.end()
    parts.append(text[pos:stop])
    offsets.extend(range(pos, stop))
    kept = "".join(parts).translate(_APOSTROPHE_TABLE)
    lowered = kept.lower()
    if len(lowered) != len(kept) or "\u03a3" in kept:
        # One folded char per source char: str.lower can grow "İ", and lowers a final
        # capital sigma by its context; lower character by character then.
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in kept)
    return lowered, kept, offsets


def fold_phrase(phrase: str) -> str:
    """Fold a lexicon phrase the same way text is folded, trimmed."""
    return fold_text(phrase.strip())[0].strip()


def _is_word_char(ch: str) -> bool:
    """True for letters and digits (the characters a word boundary separates)."""
    return ch.isalnum()


class PhraseIndex:
    """Whole-word phrase and regex matcher where the longest overlapping match wins.

    Labels map to phrases (Aho-Corasick) and to regex patterns; ``excludes``
    are phrases that, when they win an overlap, suppress what they cover
    (e.g. "on duty" hides "duty"). One phrase may carry several labels; all are
    reported for the same span.
    """

    def __init__(
        self,
        phrases: Mapping[str, Iterable[str]],
        patterns: Mapping[str, Iterable[str]] | None = None,
        excludes: Iterable[str] = (),
    ) -> None:
        self._automaton = ahocorasick.Automaton()
        by_key: dict[str, set[str | None]] = {}
        for label, forms in phrases.items():
            for form in forms:
                key = fold_phrase(form)
                if key:
                    by_key.setdefault(key, set()).add(label)
        for form in excludes:
            key = fold_phrase(form)
            if key:
                by_key.setdefault(key, set()).add(None)
        for key, labels in by_key.items():
            self._automaton.add_word(key, (len(key), tuple(labels)))
        self._empty = not by_key
        if not self._empty:
            self._automaton.make_automaton()
        self._patterns: list[tuple[str, re.Pattern[str]]] = [
            (label, re.compile(rx, re.IGNORECASE))
            for label, rxs in (patterns or {}).items()
            for rx in rxs
        ]

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
        """Return (label, start, end) for ``text[start:end]``, offsets into ``text``, by start."""
        lowered, kept, offsets = fold_text(text, start, end)
        if not lowered:
            return []
        candidates: list[tuple[int, int, str | None]] = []
        if not self._empty:
            for last, (length, labels) in self._automaton.iter(lowered):
                first = last - length + 1
                if self._bounded(lowered, first, last + 1):
                    candidates.extend((first, last + 1, label) for label in labels)
        for label, rx in self._patterns:
            for m in rx.finditer(kept):
                if m.end() > m.start() and self._bounded(lowered, m.start(), m.end()):
                    candidates.append((m.start(), m.end(), label))
        chosen = _longest_first(candidates)
        return [
            (label, offsets[s], offsets[e - 1] + 1) for s, e, label in chosen if label is not None
        ]

    @staticmethod
    def _bounded(folded: str, first: int, stop: int) -> bool:
        """True when the match does not start or end inside a word."""
        if _is_word_char(folded[first]) and first > 0 and _is_word_char(folded[first - 1]):
            return False
        ends_inside = stop < len(folded) and _is_word_char(folded[stop])
        return not (ends_inside and _is_word_char(folded[stop - 1]))


def _longest_first(
    candidates: list[tuple[int, int, str | None]],
) -> list[tuple[int, int, str | None]]:
    """Keep the longest candidates that do not overlap a longer one; same-span labels all stay."""
    candidates = sorted(set(candidates), key=lambda c: (-(c[1] - c[0]), c[0], c[2] or ""))
    kept: list[tuple[int, int, str | None]] = []
    spans: set[tuple[int, int]] = set()
    for s, e, label in candidates:
        if (s, e) in spans or not any(s < ke and ks < e for ks, ke in spans):
            kept.append((s, e, label))
            spans.add((s, e))
    kept.sort(key=lambda c: (c[0], c[1], c[2] or ""))
    return kept


def _validate_topics(
    raw: Any, source: str
) -> tuple[dict[str, list[str]], dict[str, list[str]], list[str]]:
    """Check the topics file shape; return (phrases, patterns, excludes)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("topics"), dict) or not raw["topics"]:
        raise DataFileError("expected an object with a non-empty 'topics' object", source=source)
    phrases: dict[str, list[str]] = {}
    patterns: dict[str, list[str]] = {}
    for tag, entry in raw["topics"].items():
        if not _TAG_NAME.match(tag):
            raise DataFileError(f"topic tag {tag!r} must be lower_snake_case", source=source)
        if not isinstance(entry, dict):
            raise DataFileError(f"topic {tag!r}: expected an object", source=source)
        forms = entry.get("phrases", [])
        rxs = entry.get("patterns", [])
        if not _all_strings(forms) or not _all_strings(rxs) or not (forms or rxs):
            raise DataFileError(
                f"topic {tag!r}: 'phrases'/'patterns' must be non-empty lists of non-empty strings",
                source=source,
            )
        for rx in rxs:
            try:
                re.compile(rx)
            except re.error as exc:
                raise DataFileError(
                    f"topic {tag!r}: bad pattern {rx!r}: {exc}", source=source
                ) from exc
        phrases[tag] = list(forms)
        if rxs:
            patterns[tag] = list(rxs)
    excludes = raw.get("exclude", [])
    if not _all_strings(excludes):
        raise DataFileError("'exclude' must be a list of non-empty strings", source=source)
    return phrases, patterns, list(excludes)


def _all_strings(values: Any) -> bool:
    """True for a list of non-blank strings."""
    return isinstance(values, list) and all(isinstance(v, str) and v.strip() for v in values)


@lru_cache(maxsize=8)
def _topic_data(path: str | None) -> tuple[dict[str, list[str]], dict[str, list[str]], list[str]]:
    """Read and validate a topics file once per path."""
    source = path or str(DATA_DIR / "topics.json")
    return _validate_topics(read_data_file("topics.json", path), source)


@lru_cache(maxsize=8)
def topic_index(path: str | None = None) -> PhraseIndex:
    """The compiled matcher for a topics file (the packaged one by default)."""
    phrases, patterns, excludes = _topic_data(path)
    return PhraseIndex(phrases, patterns, excludes)


def load_topics(path: str | Path | None = None) -> dict[str, list[str]]:
    """Return tag -> phrases from the (validated) topics data file."""
    phrases, _, _ = _topic_data(str(path) if path else None)
    return {tag: list(forms) for tag, forms in phrases.items()}


def find_topics(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """Return (tag, start, end) for each topic mention in ``text[start:end]``, offsets into text."""
    return list(_find_topics(text, start, end))


@lru_cache(maxsize=128)
def _find_topics(text: str, start: int, end: int | None) -> tuple[tuple[str, int, int], ...]:
    """Cached: the event rules read the same sentence once for each event it reports."""
    return tuple(topic_index().find(text, start, end))


class TopicMentions:
    """An article's topic mentions (``find_topics`` over its whole text), to hand each
    sentence its share: the text is matched once, not each sentence a rule reads."""

    def __init__(self, found: Iterable[tuple[str, int, int]]) -> None:
        self.found = sorted(found, key=lambda t: t[1])
        self._starts = [t[1] for t in self.found]

    def within(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """The mentions inside [start, end), offsets into the article."""
        out = []
        for topic in self.found[bisect.bisect_left(self._starts, start):]:
            if topic[1] >= end:
                break
            if topic[2] <= end:
                out.append(topic)
        return out
