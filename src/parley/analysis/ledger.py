"""Issue ledger: which topic came up when, raised by which side, how often.

Built from exported event records.  A topic counts for a side when it is in
that side's ``topics_by_side`` list (taken from that side's readout); a topic
in ``topics`` that no side's list carries counts under ``"unattributed"``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from parley.analysis.index import in_range, period_of

UNATTRIBUTED = "unattributed"


@dataclass(slots=True)
class LedgerRow:
    """One topic in one period: who raised it, in how many events, first and last date."""

    topic: str
    period: str
    raised_by: dict[str, int] = field(default_factory=dict)
    events: int = 0
    #: Earliest and latest event date (as exported) carrying the topic in this period.
    first_seen: str = ""
    last_seen: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON/CSV output."""
        return asdict(self)


def _label(item: Any) -> str:
    return str((item.get("label") if isinstance(item, dict) else item) or "")


def topic_sides(event: dict) -> dict[str, list[str]]:
    """Topic -> sides that raised it (``["unattributed"]`` when no side's readout has it)."""
    by_side = {side: {_label(t) for t in topics or []}
               for side, topics in (event.get("topics_by_side") or {}).items()}
    topics = {_label(t) for t in event.get("topics") or []}
    for side_topics in by_side.values():
        topics |= side_topics
    topics.discard("")
    result: dict[str, list[str]] = {}
    for topic in sorted(topics):
        sides = sorted(side for side, side_topics in by_side.items() if topic in side_topics)
        result[topic] = sides or [UNATTRIBUTED]
    return result


def issue_ledger(events: Iterable[dict], *, by: str = "month", since: str | None = None,
                 until: str | None = None) -> list[LedgerRow]:
    """Rows per (topic, period), sorted by topic then period; undated events are left out."""
    rows: dict[tuple[str, str], LedgerRow] = {}
    for event in events:
        if not in_range(event, since, until):
            continue
        period = period_of(event, by)
        if period is None:
            continue
        day = event["date"]
        for topic, sides in topic_sides(event).items():
            row = rows.get((topic, period))
            if row is None:
                row = rows[(topic, period)] = LedgerRow(topic=topic, period=period,
                                                        first_seen=day, last_seen=day)
            row.events += 1
            for side in sides:
                row.raised_by[side] = row.raised_by.get(side, 0) + 1
            row.first_seen = min(row.first_seen, day)
            row.last_seen = max(row.last_seen, day)
    return [rows[key] for key in sorted(rows)]
