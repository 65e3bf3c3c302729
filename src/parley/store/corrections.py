"""Users' corrections: their own table, keyed by article or event id, never overwritten.

Re-extraction rewrites extractions and re-fusion rewrites events; corrections
live apart and are applied whenever records are produced, so they outlast both.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from parley.store.where import Where

if TYPE_CHECKING:
    import sqlite3

    from parley.store.sqlite import Store

TARGETS = ("article", "event")


@dataclass(slots=True)
class Correction:
    """One change a user made: what, to which record, from which value, when."""

    id: int
    target: str
    target_id: str
    field: str
    value: Any
    previous: Any
    created_at: str
    note: str | None = None
    members: list[str] = dataclasses.field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON output."""
        return asdict(self)


def _from_row(row: sqlite3.Row) -> Correction:
    return Correction(id=int(row["id"]), target=row["target"], target_id=row["target_id"],
                      field=row["field"], value=json.loads(row["value"]),
                      previous=json.loads(row["previous"]) if row["previous"] else None,
                      created_at=row["created_at"], note=row["note"],
                      members=json.loads(row["members"] or "[]"))


def add_correction(store: Store, target: str, target_id: str, field_: str, value: Any, *,
                   previous: Any = None, note: str | None = None,
                   members: Sequence[str] = ()) -> Correction:
    """Record one correction and return it as stored."""
    if target not in TARGETS:
        raise ValueError(f"target must be one of {TARGETS}, got {target!r}")
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with store.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO corrections (target, target_id, field, value, previous, note, members, "
            "created_at) VALUES (?,?,?,?,?,?,?,?)",
            (target, target_id, field_, json.dumps(value, ensure_ascii=False),
             json.dumps(previous, ensure_ascii=False), note, json.dumps(list(members)), now))
        row_id = cursor.lastrowid
    rows = store.execute("SELECT * FROM corrections WHERE id = ?", (row_id,))
    return _from_row(rows[0])


def corrections(store: Store, target: str | None = None, target_id: str | None = None, *,
                limit: int | None = None, before: int | None = None) -> list[Correction]:
    """Corrections, oldest first for one record, newest first for a listing of all."""
    w = Where()
    if target:
        w.add("target = ?", target)
    if target_id:
        w.add("target_id = ?", target_id)
    if before is not None:
        w.add("id < ?", before)
    order = "ASC" if target_id else "DESC"
    tail = " LIMIT ?" if limit is not None else ""
    rows = store.execute(f"SELECT * FROM corrections {w.sql()} ORDER BY id {order}{tail}",
                         [*w.params, *([limit] if limit is not None else [])])
    return [_from_row(r) for r in rows]


def event_corrections(store: Store) -> dict[str, list[Correction]]:
    """Every event correction grouped by event id, oldest first (the order they apply in)."""
    grouped: dict[str, list[Correction]] = {}
    for c in corrections(store, "event"):
        grouped.setdefault(c.target_id, []).append(c)
    for items in grouped.values():
        items.sort(key=lambda c: c.id)
    return grouped


def latest_article_dates(store: Store) -> dict[str, str]:
    """article id → the publication date the user set last."""
    rows = store.execute(
        "SELECT target_id, value FROM corrections WHERE target = 'article' AND field = 'published' "
        "ORDER BY id")
    return {r[0]: json.loads(r[1]) for r in rows}
