"""CAMEO code, Goldstein value and PLOVER type for an engagement, from ``data/cameo.json``.

The codebook value is returned as is when neither tone nor outcomes are
given; otherwise it is nudged within the bound the data file declares, so a
warm call with two agreed outcomes scores above a frosty one, yet never
leaves the neighbourhood of its CAMEO category.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from parley.errors import DataFileError
from parley.extract.topics import DATA_DIR, read_data_file
from parley.models import EVENT_TYPES

STATUSES = ("happened", "planned", "cancelled")
PLOVER_TYPES = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "DEMAND",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }
)
GOLDSTEIN_MIN, GOLDSTEIN_MAX = -10.0, 10.0
_CAMEO_CODE = re.compile(r"^\d{2,4}$")


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO code with its label, Goldstein weight and PLOVER type."""

    code: str
    label: str
    goldstein: float
    plover: str


@dataclass(frozen=True, slots=True)
class Nudge:
    """How far tone and outcomes may move Goldstein off the codebook value."""

    tone_weight: float
    per_outcome: float
    max_outcomes: int
    max_total: float


@dataclass(frozen=True, slots=True)
class CodeBook:
    """Validated event-code table: codes, (type, status) -> code, default type, nudge."""

    codes: dict[str, CameoCode]
    by_type: dict[str, dict[str, str]]
    default_type: str
    nudge: Nudge


def _number(value: Any) -> bool:
    """True for an int or float that is not a bool."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _validate(raw: Any, source: str) -> CodeBook:
    """Check the cameo file: known codes, every event type and status mapped, sane nudge."""
    if not isinstance(raw, dict):
        raise DataFileError("expected a JSON object", source=source)
    codes: dict[str, CameoCode] = {}
    raw_codes = raw.get("codes")
    if not isinstance(raw_codes, dict):
        raise DataFileError("'codes' must be an object of CAMEO code -> entry", source=source)
    for code, entry in raw_codes.items():
        if not _CAMEO_CODE.match(code) or not isinstance(entry, dict):
            raise DataFileError(f"code {code!r}: expected 2-4 digits and an object", source=source)
        goldstein, plover = entry.get("goldstein"), entry.get("plover")
        if (
            not isinstance(goldstein, (int, float))
            or isinstance(goldstein, bool)
            or not (GOLDSTEIN_MIN <= goldstein <= GOLDSTEIN_MAX)
        ):
            raise DataFileError(
                f"code {code!r}: 'goldstein' must be a number in [-10, 10]", source=source
            )
        if plover not in PLOVER_TYPES:
            raise DataFileError(f"code {code!r}: unknown PLOVER type {plover!r}", source=source)
        codes[code] = CameoCode(code, str(entry.get("label", "")), float(goldstein), plover)
    types = raw.get("types")
    if not codes or not isinstance(types, dict):
        raise DataFileError("expected non-empty 'codes' and a 'types' object", source=source)
    missing = [t for t in EVENT_TYPES if t not in types]
    if missing:
        raise DataFileError(f"event types without codes: {', '.join(missing)}", source=source)
    by_type: dict[str, dict[str, str]] = {}
    for event_type, statuses in types.items():
        if not isinstance(statuses, dict) or any(s not in statuses for s in STATUSES):
            raise DataFileError(
                f"type {event_type!r}: needs a code for each of {STATUSES}", source=source
            )
        unknown = [c for c in statuses.values() if c not in codes]
        if unknown:
            raise DataFileError(
                f"type {event_type!r}: codes not defined in 'codes': {unknown}", source=source
            )
        by_type[event_type] = dict(statuses)
    default_type = raw.get("default_type", "meeting")
    if default_type not in by_type:
        raise DataFileError(f"'default_type' {default_type!r} is not a known type", source=source)
    return CodeBook(codes, by_type, default_type, _validate_nudge(raw.get("nudge", {}), source))


def _validate_nudge(raw: Any, source: str) -> Nudge:
    """Check the nudge bound; a missing section means no nudging."""
    if not isinstance(raw, dict):
        raise DataFileError("'nudge' must be an object", source=source)
    values = {k: raw.get(k, 0) for k in ("tone_weight", "per_outcome", "max_outcomes", "max_total")}
    if not all(_number(v) and v >= 0 for v in values.values()):
        raise DataFileError("'nudge' values must be non-negative numbers", source=source)
    return Nudge(
        float(values["tone_weight"]),
        float(values["per_outcome"]),
        int(values["max_outcomes"]),
        float(values["max_total"]),
    )


@lru_cache(maxsize=8)
def load_codebook(path: str | None = None) -> CodeBook:
    """Load and validate the event-code data file (the packaged one by default)."""
    source = path or str(DATA_DIR / "cameo.json")
    return _validate(read_data_file("cameo.json", path), source)


def cameo_code(code: str, path: str | Path | None = None) -> CameoCode:
    """Look up one CAMEO code's label, Goldstein weight and PLOVER type."""
    book = load_codebook(str(path) if path else None)
    if code not in book.codes:
        raise KeyError(f"CAMEO code {code!r} is not in the code table")
    return book.codes[code]


def event_codes(
    event_type: str, status: str, tone: float | None = None, outcomes: int = 0
) -> tuple[str, float, str]:
    """Return (CAMEO code, Goldstein value, PLOVER type) for an engagement.

    Unknown types fall back to the data file's ``default_type`` and unknown
    statuses to "happened", so one odd label never stops a batch.
    """
    book = load_codebook()
    statuses = book.by_type.get(event_type, book.by_type[book.default_type])
    status = status if status in statuses else "happened"
    entry = book.codes[statuses[status]]
    return entry.code, _nudged(entry.goldstein, status, tone, outcomes, book.nudge), entry.plover


def _nudged(base: float, status: str, tone: float | None, outcomes: int, nudge: Nudge) -> float:
    """Codebook Goldstein moved by tone and outcomes, within the declared bound."""
    shift = 0.0
    if tone is not None:
        shift += nudge.tone_weight * max(-1.0, min(1.0, tone))
    if status == "happened" and outcomes > 0:
        shift += nudge.per_outcome * min(outcomes, nudge.max_outcomes)
    shift = max(-nudge.max_total, min(nudge.max_total, shift))
    return round(max(GOLDSTEIN_MIN, min(GOLDSTEIN_MAX, base + shift)), 2)
