"""A chronological, human-readable view of fused events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

STATUS_MARK = {"happened": "", "planned": " (planned)", "cancelled": " (cancelled)"}


def _who(record: dict[str, Any], side: str) -> str:
    people = [p for p in record["participants"] if p.get("country") == side]
    return ", ".join(f"{p['name']}" + (f" ({p['role']})" if p.get("role") else "")
                     for p in people) or "—"


def render_timeline(records: Sequence[dict[str, Any]], pair: tuple[str, str] = ("USA", "CHN"),
                    *, max_sentence: int = 160) -> str:
    """Plain-text timeline: date, type, who on each side, each side's words, outcome, sources."""
    lines: list[str] = []
    for r in records:
        date = r["date"] or "undated"
        if r.get("date_estimated"):
            date += "~"
        head = f"{date:<11} {r['type'].replace('_', ' ')}{STATUS_MARK.get(r['status'], '')}"
        if r.get("location"):
            head += f" — {r['location']}"
        lines.append(head + f"   [{r['id'][:10]}]")
        for side in pair:
            lines.append(f"    {side}: {_who(r, side)}")
        for side, tone in r["tone"].items():
            if tone["words"]:
                lines.append(f"    {side} said: {', '.join(tone['words'])} "
                             f"(tone {tone['score']:+.2f})")
        if r["topics"]:
            lines.append(f"    topics: {', '.join(r['topics'])}")
        for outcome in r["outcomes"][:3]:
            lines.append(f"    outcome: {outcome}")
        sources = sorted({s["source"] for s in r["sources"]})
        lines.append(f"    sources ({len(sources)}): {', '.join(sources)}")
        if r["sources"]:
            sentence = r["sources"][0]["sentence"].replace("\n", " ")
            if len(sentence) > max_sentence:
                sentence = sentence[:max_sentence - 1] + "…"
            lines.append(f"    “{sentence}”")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n" if lines else "no events\n"
