"""Diplomatic readout vocabulary ("pragmatic, candid", "serious concerns") with scores in [-1, 1].

Words, forms and scores live in ``data/tone.json`` (its ``_about`` note says
how the scores were set); matching reuses the topic matcher so forms are
whole-word, case-insensitive and longest-match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from parley.errors import DataFileError
from parley.extract.topics import DATA_DIR, PhraseIndex, fold_phrase, read_data_file

_WORD = re.compile(r"[A-Za-z][\w']*")
_CAPITALISED = re.compile(r"[A-Z][a-z]")


@dataclass(frozen=True, slots=True)
class ToneLexicon:
    """The validated tone data: scores, matcher and negation rule."""

    scores: dict[str, float]
    name_risk: frozenset[str]
    index: PhraseIndex
    negators: tuple[str, ...]
    negation_window: int
    negation_factor: float


def _validate(raw: Any, source: str) -> ToneLexicon:
    """Check the tone file shape and build the lexicon."""
    if not isinstance(raw, dict) or not isinstance(raw.get("words"), dict) or not raw["words"]:
        raise DataFileError("expected an object with a non-empty 'words' object", source=source)
    scores: dict[str, float] = {}
    forms: dict[str, list[str]] = {}
    risky: set[str] = set()
    for word, entry in raw["words"].items():
        if not isinstance(entry, dict):
            raise DataFileError(f"tone word {word!r}: expected an object", source=source)
        score = entry.get("score")
        if isinstance(score, bool) or not isinstance(score, (int, float)) or not -1 <= score <= 1:
            raise DataFileError(
                f"tone word {word!r}: 'score' must be a number in [-1, 1]", source=source
            )
        variants = entry.get("forms", [])
        if (
            not isinstance(variants, list)
            or not variants
            or not all(isinstance(v, str) and v.strip() for v in variants)
        ):
            raise DataFileError(
                f"tone word {word!r}: 'forms' must be a non-empty list of strings", source=source
            )
        scores[word] = float(score)
        forms[word] = list(variants)
        if entry.get("name_risk"):
            risky.add(word)
    negation = raw.get("negation", {})
    negators = negation.get("negators", []) if isinstance(negation, dict) else None
    window = negation.get("window_words", 3) if isinstance(negation, dict) else None
    factor = negation.get("factor", -0.5) if isinstance(negation, dict) else None
    if (
        not isinstance(negators, list)
        or not all(isinstance(n, str) for n in negators)
        or not isinstance(window, int)
        or window < 0
        or not isinstance(factor, (int, float))
        or not -1 <= factor <= 1
    ):
        raise DataFileError(
            "'negation' needs 'negators' (strings), 'window_words' (int >= 0) "
            "and 'factor' in [-1, 1]",
            source=source,
        )
    excludes = raw.get("exclude", [])
    if not isinstance(excludes, list) or not all(
        isinstance(x, str) and x.strip() for x in excludes
    ):
        raise DataFileError("'exclude' must be a list of non-empty strings", source=source)
    return ToneLexicon(
        scores=scores,
        name_risk=frozenset(risky),
        index=PhraseIndex(forms, excludes=excludes),
        negators=tuple(fold_phrase(n) for n in negators),
        negation_window=window,
        negation_factor=float(factor),
    )


@lru_cache(maxsize=8)
def load_tone(path: str | None = None) -> ToneLexicon:
    """Load and validate the tone data file (the packaged one by default)."""
    source = path or str(DATA_DIR / "tone.json")
    return _validate(read_data_file("tone.json", path), source)


def tone_lexicon(path: str | Path | None = None) -> dict[str, float]:
    """Return canonical tone word -> score from the data file."""
    return dict(load_tone(str(path) if path else None).scores)


def find_tone_words(
    text: str, start: int = 0, end: int | None = None
) -> list[tuple[str, float, int, int]]:
    """Return (canonical word, score, start, end) for readout words in ``text[start:end]``."""
    lexicon = load_tone()
    found: list[tuple[str, float, int, int]] = []
    for word, s, e in lexicon.index.find(text, start, end):
        if word in lexicon.name_risk and _looks_like_name(text, s, e, start):
            continue
        score = lexicon.scores[word]
        if _negated(text, s, start, lexicon):
            score = round(score * lexicon.negation_factor, 3)
        found.append((word, score, s, e))
    return found


def tone_score(scores: Sequence[float]) -> float:
    """Aggregate tone of a readout: the mean of its word scores, 0.0 when there are none."""
    if not scores:
        return 0.0
    mean = sum(scores) / len(scores)
    return round(max(-1.0, min(1.0, mean)), 3)


def _negated(text: str, match_start: int, floor: int, lexicon: ToneLexicon) -> bool:
    """True when a negator sits among the few words just before the match, in the same clause."""
    if not lexicon.negators or lexicon.negation_window == 0:
        return False
    before = text[max(floor, match_start - 80) : match_start]
    clause = re.split(r"[.;:!?,\"“”()]", before)[-1]
    words = [w.lower() for w in _WORD.findall(clause)][-lexicon.negation_window :]
    joined = " ".join(words)
    return any((" " in neg and neg in joined) or neg in words for neg in lexicon.negators)


def _looks_like_name(text: str, s: int, e: int, floor: int) -> bool:
    """True for a capitalised match next to another capitalised word ("Barney Frank")."""
    if not _CAPITALISED.match(text[s:e]):
        return False
    prev_words = _WORD.findall(text[max(floor, s - 40) : s])
    next_match = _WORD.match(text[e : e + 40].lstrip())
    prev_cap = (
        bool(prev_words)
        and bool(_CAPITALISED.match(prev_words[-1]))
        and not _at_sentence_start(text, s, floor)
    )
    next_cap = next_match is not None and bool(_CAPITALISED.match(next_match.group()))
    return prev_cap or next_cap


def _at_sentence_start(text: str, s: int, floor: int) -> bool:
    """True when only spaces/quotes separate the match from the previous sentence end."""
    before = text[max(floor, s - 40) : s].rstrip(" \"'“‘")
    return not before or before[-1] in ".!?\n"
