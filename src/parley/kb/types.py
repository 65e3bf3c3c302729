"""Engagement types and how they relate: one table for every comparison of types.

Joining mentions inside an article, fusing reports across articles, matching a
mention to a known engagement and naming a fused event's type all read
``data/engagement_types.json``, so "is a video call a kind of meeting?" has one
answer everywhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from parley.errors import DataFileError
from parley.models import EVENT_TYPES

_FILE = "engagement_types.json"


@dataclass(frozen=True)
class EngagementTypes:
    """Families, pairwise compatibility and the preference order of engagement types."""

    families: dict[str, str]
    compatibility: dict[tuple[str, str], float]
    preference: tuple[str, ...]

    def family(self, event_type: str) -> str:
        """Broad class of a type (remote, inperson, statement...); unknown types stand alone."""
        return self.families.get(event_type, event_type)

    def compat(self, a: str, b: str) -> float:
        """How alike two types are, in [0, 1]: 1 for the same type, 0 when they never match."""
        if a == b:
            return 1.0
        return self.compatibility.get((a, b), 0.0)


@cache
def engagement_types() -> EngagementTypes:
    """The validated table (read once per process)."""
    source = f"parley/kb/data/{_FILE}"
    try:
        raw = json.loads((resources.files("parley.kb") / "data" / _FILE).read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataFileError(f"cannot read the engagement types ({exc})", source=source) from None
    return parse_types(raw, source)


def parse_types(raw: dict[str, Any], source: str) -> EngagementTypes:
    """Validate the table's JSON; a bad row is a DataFileError naming the file."""
    families = raw.get("families")
    if not isinstance(families, dict) or set(families) != set(EVENT_TYPES):
        raise DataFileError("'families' must give a family to every engagement type",
                            source=source)
    table: dict[tuple[str, str], float] = {}
    for row in raw.get("compatibility", []):
        if (not isinstance(row, list) or len(row) != 3 or row[0] not in EVENT_TYPES
                or row[1] not in EVENT_TYPES or not isinstance(row[2], (int, float))
                or not 0 <= row[2] <= 1):
            raise DataFileError(f"compatibility row must be [type, type, 0..1]: {row!r}",
                                source=source)
        table[(row[0], row[1])] = table[(row[1], row[0])] = float(row[2])
    preference = tuple(raw.get("preference", []))
    unknown = [t for t in preference if t not in EVENT_TYPES]
    if unknown:
        raise DataFileError(f"'preference' names unknown types: {unknown}", source=source)
    return EngagementTypes(dict(families), table, preference)
