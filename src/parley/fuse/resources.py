"""Load and validate the fusion data files (publication-date cues, era terms, the confidence
model); type compatibility comes from the knowledge base's table of engagement types."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from parley.errors import DataFileError
from parley.models import EVENT_TYPES


@dataclass(frozen=True)
class FusionData:
    """Type compatibility table and the preference order used to name a fused event's type."""

    compatibility: dict[tuple[str, str], float]
    preference: tuple[str, ...]

    def compat(self, a: str, b: str) -> float:
        """How compatible two engagement types are, in [0, 1]."""
        if a == b:
            return 1.0
        return self.compatibility.get((a, b), 0.0)


@dataclass(frozen=True)
class PubdateCues:
    """Words that place an expression relative to the publication date."""

    relative: dict[str, str]
    future_cues: tuple[str, ...]
    months: tuple[str, ...]
    weekdays: tuple[str, ...]
    month_prefixes: dict[str, str]
    type_words: dict[str, tuple[str, ...]]


def read_data(name: str) -> Any:
    """Parse one packaged JSON data file, turning failures into DataFileError."""
    source = f"parley/fuse/data/{name}"
    try:
        text = resources.files("parley.fuse").joinpath("data", name).read_text(encoding="utf-8")
        return json.loads(text)
    except FileNotFoundError as exc:
        raise DataFileError("data file is missing", source=source) from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(f"invalid JSON: {exc.msg}", source=source, line=exc.lineno) from exc


@cache
def fusion_data() -> FusionData:
    """Type compatibility and preference, from the knowledge base's one table of types."""
    from parley.kb.types import engagement_types

    types = engagement_types()
    return FusionData(dict(types.compatibility), types.preference)


@cache
def pubdate_cues() -> PubdateCues:
    """The validated contents of pubdate_cues.json."""
    source = "parley/fuse/data/pubdate_cues.json"
    raw = read_data("pubdate_cues.json")
    relative = raw.get("relative")
    kinds = {"same_day", "next_day", "same_week", "within_two_weeks", "same_month",
             "next_month", "same_year", "next_year", "within_year"}
    if not isinstance(relative, dict) or any(v not in kinds for v in relative.values()):
        raise DataFileError(f"'relative' must map phrases to one of {sorted(kinds)}",
                            source=source)
    months = raw.get("months", [])
    weekdays = raw.get("weekdays", [])
    if len(months) != 12 or len(weekdays) != 7:
        raise DataFileError("'months' needs 12 names and 'weekdays' 7", source=source)
    prefixes = raw.get("month_prefixes", {})
    if any(v not in kinds for v in prefixes.values()):
        raise DataFileError(f"'month_prefixes' values must be one of {sorted(kinds)}",
                            source=source)
    type_words = raw.get("type_words", {})
    if any(t not in EVENT_TYPES or not isinstance(w, list) for t, w in type_words.items()):
        raise DataFileError("'type_words' must map engagement types to word lists", source=source)
    return PubdateCues(
        relative={k.lower(): v for k, v in relative.items()},
        future_cues=tuple(w.lower() for w in raw.get("future_cues", [])),
        months=tuple(months),
        weekdays=tuple(weekdays),
        month_prefixes={k.lower(): v for k, v in prefixes.items()},
        type_words={t: tuple(w.lower() for w in words) for t, words in type_words.items()},
    )


@cache
def era_terms() -> dict[str, date]:
    """The validated contents of era_terms.json: lower-cased term → first day it was used."""
    source = "parley/fuse/data/era_terms.json"
    raw = read_data("era_terms.json").get("terms")
    if not isinstance(raw, dict):
        raise DataFileError("'terms' must map words to ISO days", source=source)
    out: dict[str, date] = {}
    for term, day in raw.items():
        try:
            out[str(term).lower()] = date.fromisoformat(str(day))
        except ValueError:
            raise DataFileError(f"term {term!r}: {day!r} is not an ISO day", source=source) from None
    return out

