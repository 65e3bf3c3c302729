"""Load the extractor's data files once, with errors that name the file."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from parley.errors import DataFileError


@cache
def load(name: str) -> dict[str, Any]:
    """Parse ``parley/extract/data/<name>`` (JSON object); cached per process."""
    path = resources.files("parley.extract") / "data" / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataFileError("data file is missing", source=str(path)) from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(f"invalid JSON: {exc.msg}", source=str(path), line=exc.lineno) from exc
    if not isinstance(data, dict):
        raise DataFileError("expected a JSON object at top level", source=str(path))
    return data


@cache
def words(name: str, key: str) -> frozenset[str]:
    """A lower-cased word set from a data file's list under ``key`` (built once: the
    rules ask for the same sets for every sentence)."""
    try:
        return frozenset(w.lower() for w in load(name)[key])
    except KeyError as exc:
        raise DataFileError(f"missing key {key!r}", source=name) from exc


@cache
def _phrase_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    unique = {f.lower() for f in forms if f.strip()}
    alternatives = "|".join(map(re.escape, sorted(unique, key=lambda f: (-len(f), f))))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def phrases(forms: Iterable[str]) -> re.Pattern[str]:
    """A pattern finding any of ``forms`` (lower-cased) as whole words in lower-cased text:
    a cue found inside other words misleads ("is to" in "his top", "the two men" in
    "the two members").  Compiled once per list."""
    return _phrase_pattern(tuple(forms))
