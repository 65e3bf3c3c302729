"""Static charts of the relationship: index bars, event timeline, issue heat map.

Figures are drawn on matplotlib ``Figure`` objects (no pyplot and no global
backend switch, so it is safe in servers and worker threads); saving renders
with the Agg (PNG) or SVG renderer chosen by the file suffix, using
the DejaVu fonts bundled with matplotlib.  The format follows the file
suffix: ``.png`` or ``.svg``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from parley.analysis.index import IndexPoint, countries_of, precision_of
from parley.analysis.ledger import LedgerRow

FORMATS = (".png", ".svg")
COOPERATION_COLOUR = "#2e7d32"
CONFLICT_COLOUR = "#c62828"
NEUTRAL_COLOUR = "#757575"
#: Marker per status: filled circle, hollow circle, cross.
STATUS_MARKERS = {"happened": ("o", True), "planned": ("o", False), "cancelled": ("X", True)}
#: Vertical label offsets within a timeline row, cycled so neighbouring labels do not collide.
LABEL_LEVELS = (0.22, 0.40, -0.34)
RC: dict[Any, Any] = {"font.family": "DejaVu Sans", "svg.fonttype": "path"}


def _check_path(path: Path) -> Path:
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise ValueError(f"chart file must end in {' or '.join(FORMATS)}: {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _save(fig: Figure, path: Path) -> Path:
    fig.savefig(path, dpi=120, bbox_inches="tight")
    return path


def _empty(fig: Figure, title: str) -> None:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.5, "no data for this selection", ha="center", va="center", fontsize=12)


def period_span(period: str) -> tuple[date, float]:
    """Centre date and width in days of a period label ("2021", "2021-10", "2021-W43")."""
    if "-W" in period:
        year, week = period.split("-W")
        return date.fromisocalendar(int(year), int(week), 4), 6.0
    if len(period) == 7:
        return date(int(period[:4]), int(period[5:7]), 15), 26.0
    return date(int(period[:4]), 7, 1), 330.0


def plot_index(points: Sequence[IndexPoint], path: Path, *, title: str) -> Path:
    """Bars of the index per period (green/red by sign, faded by low confidence) and event counts."""
    path = _check_path(path)
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(max(6.0, min(18.0, 0.35 * len(points) + 4)), 4.5))
        if not points:
            _empty(fig, title)
            return _save(fig, path)
        ax = fig.add_subplot()
        centres, widths = zip(*(period_span(p.period) for p in points))
        for point, centre, width in zip(points, centres, widths):
            colour = (COOPERATION_COLOUR if point.index > 0 else
                      CONFLICT_COLOUR if point.index < 0 else NEUTRAL_COLOUR)
            ax.bar(centre, point.index, width=width, color=colour,
                   alpha=0.2 + 0.8 * max(0.0, min(1.0, point.confidence)), edgecolor=colour)
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_ylim(-10.5, 10.5)
        ax.set_ylabel("index (mean Goldstein, weighted)")
        ax.set_title(title)
        counts = ax.twinx()
        counts.plot(centres, [p.events for p in points], color="#1565c0", marker=".",
                    linewidth=1.2, label="events")
        counts.set_ylim(0, max(p.events for p in points) * 1.3 + 1)
        counts.set_ylabel("events")
        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.legend(handles=[
            Line2D([], [], color=COOPERATION_COLOUR, linewidth=8, label="cooperation"),
            Line2D([], [], color=CONFLICT_COLOUR, linewidth=8, label="conflict"),
            Line2D([], [], color=COOPERATION_COLOUR, alpha=0.25, linewidth=8,
                   label="pale = low confidence"),
            Line2D([], [], color="#1565c0", marker=".", label="events (right axis)"),
        ], loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=4, fontsize=8, frameon=False)
        return _save(fig, path)


def short_name(participant: dict) -> str:
    """Surname for people (family name first for Chinese names), country code for governments."""
    if participant.get("kind") in ("government", "country") and participant.get("country"):
        return str(participant["country"])
    words = str(participant.get("name") or "?").split()
    if len(words) < 2 or participant.get("kind") not in (None, "person"):
        return " ".join(words[:3])
    # Chinese names in English-language news are written family name first.
    return words[0] if participant.get("country") in ("CHN", "TWN", "HKG") else words[-1]


def event_label(event: dict, pair: tuple[str, str]) -> str:
    """'Yellen–Liu' style label: up to two short names per side, in pair order."""
    sides = []
    for code in pair:
        people = [p for p in event.get("participants") or [] if p.get("country") == code]
        people.sort(key=lambda p: p.get("kind") in ("government", "country"))
        names = [short_name(p) for p in people[:2]]
        if len(people) > 2:
            names.append(f"+{len(people) - 2}")
        sides.append(", ".join(names) or code)
    return "–".join(sides)


def _event_span(event: dict) -> tuple[date, float]:
    value = event["date"][:10]
    precision = precision_of(event)
    if precision == "year" or len(value) == 4:
        return date(int(value[:4]), 7, 1), 182.0
    if precision == "month" or len(value) == 7:
        return date(int(value[:4]), int(value[5:7]), 15), 14.0
    return date.fromisoformat(value), 0.0


def plot_timeline(events: Iterable[dict], path: Path, *,
                  pair: tuple[str, str] = ("USA", "CHN")) -> Path:
    """Engagements of the pair on a time axis, one row per type; month/year dates drawn as spans."""
    path = _check_path(path)
    wanted = {c.upper() for c in pair}
    dated = [e for e in events if e.get("date") and wanted <= countries_of(e)]
    dated.sort(key=lambda e: (e["date"], e.get("id") or ""))
    types = sorted({e.get("type") or "other" for e in dated})
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(max(8.0, min(24.0, 0.3 * len(dated) + 6)), 1.2 + 1.1 * max(1, len(types))))
        title = f"{pair[0]}–{pair[1]} engagements"
        if not dated:
            _empty(fig, title)
            return _save(fig, path)
        ax = fig.add_subplot()
        rows = {t: i for i, t in enumerate(types)}
        seen_in_row: dict[str, int] = {}
        for event in dated:
            kind = event.get("type") or "other"
            y = rows[kind]
            centre, half = _event_span(event)
            goldstein = event.get("goldstein") or 0.0
            colour = (COOPERATION_COLOUR if goldstein > 0 else
                      CONFLICT_COLOUR if goldstein < 0 else NEUTRAL_COLOUR)
            if half:
                ax.plot(mdates.date2num([centre - timedelta(days=half), centre + timedelta(days=half)]),
                    [y, y],
                        color=colour, alpha=0.35, linewidth=5, solid_capstyle="butt")
            marker, filled = STATUS_MARKERS.get(event.get("status") or "happened", ("o", True))
            ax.plot(mdates.date2num([centre]), [y], marker=marker, markersize=7, color=colour,
                    markerfacecolor=colour if filled else "white", linestyle="none")
            level = LABEL_LEVELS[seen_in_row.get(kind, 0) % len(LABEL_LEVELS)]
            seen_in_row[kind] = seen_in_row.get(kind, 0) + 1
            ax.annotate(event_label(event, pair), (mdates.date2num(centre), y),
                        xytext=(0, level * 40), textcoords="offset points", ha="center",
                        va="center", fontsize=7,
                        arrowprops={"arrowstyle": "-", "color": "#9e9e9e", "linewidth": 0.5})
        ax.set_yticks(range(len(types)), types)
        ax.set_ylim(-0.7, len(types) - 0.3)
        ax.grid(axis="x", color="#eeeeee")
        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.set_title(title)
        ax.legend(handles=[
            Line2D([], [], marker="o", color=NEUTRAL_COLOUR, linestyle="none", label="happened"),
            Line2D([], [], marker="o", color=NEUTRAL_COLOUR, markerfacecolor="white",
                   linestyle="none", label="planned"),
            Line2D([], [], marker="X", color=NEUTRAL_COLOUR, linestyle="none", label="cancelled"),
            Line2D([], [], color=NEUTRAL_COLOUR, alpha=0.35, linewidth=5,
                   label="date known to month/year"),
        ], loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, fontsize=8, frameon=False)
        return _save(fig, path)


def plot_ledger(rows: Sequence[LedgerRow], path: Path, *, title: str = "Issues raised") -> Path:
    """Topic × period heat map of how many events raised each topic."""
    path = _check_path(path)
    topics = sorted({r.topic for r in rows})
    periods = sorted({r.period for r in rows})
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(max(6.0, min(24.0, 0.45 * len(periods) + 3)),
                              max(3.0, min(20.0, 0.35 * len(topics) + 1.5))))
        if not rows:
            _empty(fig, title)
            return _save(fig, path)
        grid = [[0] * len(periods) for _ in topics]
        t_index = {t: i for i, t in enumerate(topics)}
        p_index = {p: i for i, p in enumerate(periods)}
        for row in rows:
            grid[t_index[row.topic]][p_index[row.period]] += row.events
        ax = fig.add_subplot()
        image = ax.imshow(grid, aspect="auto", cmap="Blues", vmin=0, interpolation="nearest")
        peak = max(max(line) for line in grid) or 1
        if len(topics) * len(periods) <= 600:
            for i, line in enumerate(grid):
                for j, count in enumerate(line):
                    if count:
                        ax.text(j, i, str(count), ha="center", va="center", fontsize=7,
                                color="white" if count > peak / 2 else "black")
        ax.set_yticks(range(len(topics)), topics, fontsize=8)
        ax.set_xticks(range(len(periods)), periods, fontsize=8, rotation=60, ha="right")
        ax.set_title(title)
        bar = fig.colorbar(image, ax=ax, label="events")
        bar.locator = MaxNLocator(integer=True)
        bar.update_ticks()
        return _save(fig, path)
