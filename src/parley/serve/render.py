"""Helpers the HTML templates call: highlighting, dates, links and chart geometry.

The relationship chart is laid out here and drawn by the template as inline
SVG: every bar is a link to its period's events, which a static image from
the analysis charts cannot offer, and it needs no script.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from markupsafe import Markup, escape

from parley.serve.filters import first_day, last_day

COUNTRY_NAMES = {"USA": "United States", "CHN": "China"}
#: Chart size in SVG user units (the SVG scales to the page width).
CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 960, 260, 36


def marked(text: str, marks: Sequence[Mapping[str, Any]], link: str | None = None) -> Markup:
    """Text with each mark (start/end offsets into it) wrapped in <mark class="kind">."""
    out: list[str] = []
    pos = 0
    for m in sorted(marks, key=lambda m: m["start"]):
        start, end = int(m["start"]), int(m["end"])
        if start < pos or end > len(text) or start >= end:
            continue
        out.append(str(escape(text[pos:start])))
        title = escape(m.get("label") or "")
        inner = escape(text[start:end])
        kind = escape(m.get("kind") or "ev")
        target = m.get("href")
        if target:
            inner = Markup(f'<a href="{escape(target)}">{inner}</a>')
        out.append(f'<mark class="hl hl-{kind}" title="{title}">{inner}</mark>')
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def snippet(text: str | None) -> Markup:
    """A search snippet whose matches the store marked with \\x02 … \\x03."""
    if not text:
        return Markup("")
    safe = str(escape(text))
    return Markup(safe.replace("\x02", '<mark class="hl hl-match">').replace("\x03", "</mark>"))


def short_source(source: str | None, width: int = 60) -> str:
    """A source as people read it: a URL's host and path, a file's name."""
    if not source:
        return "—"
    if "://" in source:
        parsed = urlsplit(source)
        text = parsed.netloc + parsed.path.rstrip("/")
    elif "/" in source or "\\" in source:
        text = source.replace("\\", "/").rsplit("/", 1)[-1]
    else:
        text = source
    return text if len(text) <= width else text[:width - 1] + "…"


def country_name(code: str | None) -> str:
    """A readable name for an ISO alpha-3 code."""
    if not code:
        return "—"
    return COUNTRY_NAMES.get(code, code)


def date_label(value: str | None, precision: str | None = None) -> str:
    """'10 May 2025', 'May 2025' or '2025' for an ISO value."""
    if not value:
        return "undated"
    try:
        if len(value) >= 10:
            d = date.fromisoformat(value[:10])
            return f"{d.day} {calendar.month_abbr[d.month]} {d.year}"
        if len(value) == 7:
            return f"{calendar.month_name[int(value[5:7])]} {value[:4]}"
    except ValueError:
        return value
    return value


def humanize(label: str | None) -> str:
    """'talks_round' → 'talks round'."""
    return (label or "").replace("_", " ")


def link(path: str, params: Mapping[str, Any] | None = None, **changes: Any) -> str:
    """A path with query parameters; ``changes`` replace (None removes) parameters."""
    merged = dict(params or {})
    for key, value in changes.items():
        if value is None or value == "" or value == []:
            merged.pop(key, None)
        else:
            merged[key] = value
    query = urlencode(merged, doseq=True)
    return f"{path}?{query}" if query else path


def person_href(key: str) -> str:
    """Link to a person's page (keys may hold spaces and colons)."""
    return "/people/" + quote(key, safe="")


def period_bounds(period: str) -> tuple[str, str]:
    """First and last ISO day of a period label: '2021', '2021-10' or '2021-W43'."""
    if "-W" in period:
        year, week = period.split("-W")
        monday = date.fromisocalendar(int(year), int(week), 1)
        sunday = date.fromisocalendar(int(year), int(week), 7)
        return monday.isoformat(), sunday.isoformat()
    return first_day(period), last_day(period)


def _axis_ticks(t0: date, t1: date) -> list[tuple[date, str]]:
    """Year ticks for long spans, month ticks for short ones."""
    if (t1 - t0).days > 3 * 366:
        step = max(1, (t1.year - t0.year) // 12 + 1)
        return [(date(y, 1, 1), str(y)) for y in range(t0.year + 1, t1.year + 1, step)]
    ticks = []
    y, m = t0.year, t0.month
    while date(y, m, 1) <= t1:
        if date(y, m, 1) >= t0:
            ticks.append((date(y, m, 1), f"{calendar.month_abbr[m]} {y}"))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    every = max(1, len(ticks) // 12)
    return ticks[::every]


def index_chart(points: Sequence[Mapping[str, Any]], pair: Sequence[str]) -> dict[str, Any]:
    """Bars of the index per period on a time axis, each linking to its period's events."""
    if not points:
        return {"bars": []}
    spans = [tuple(date.fromisoformat(d) for d in period_bounds(p["period"])) for p in points]
    t0 = min(s[0] for s in spans)
    t1 = max(s[1] for s in spans)
    days = max(1, (t1 - t0).days + 1)
    inner_w = CHART_WIDTH - 2 * CHART_PAD
    mid = CHART_HEIGHT / 2
    scale = (mid - CHART_PAD / 2) / 10.0

    def x_of(day: date) -> float:
        return CHART_PAD + (day - t0).days / days * inner_w

    bars = []
    for p, (start, end) in zip(points, spans, strict=True):
        value = float(p["index"])
        height = max(1.5, abs(value) * scale)
        width = max(5.0, (x_of(end) - x_of(start)) * 0.85)
        centre = (x_of(start) + x_of(end)) / 2
        bars.append({
            "x": centre - width / 2, "width": width,
            "y": mid - height if value >= 0 else mid, "height": height,
            "kind": "coop" if value > 0 else "conflict" if value < 0 else "neutral",
            "opacity": round(0.35 + 0.65 * float(p["confidence"]), 2),
            "label": f"{p['period']}: index {value:+.2f}, {p['events']} events, "
                     f"confidence {float(p['confidence']):.2f}",
            "period": p["period"],
            "href": link("/timeline", {"pair": "-".join(pair), "since": start.isoformat(),
                                       "until": end.isoformat()}),
        })
    ticks = [{"x": x_of(d), "label": label} for d, label in _axis_ticks(t0, t1)]
    grid = [{"y": mid - v * scale, "label": f"{v:+d}" if v else "0"} for v in (10, 5, 0, -5, -10)]
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "mid": mid, "bars": bars,
            "ticks": ticks, "grid": grid, "pad": CHART_PAD}


def heat(count: int, most: int) -> str:
    """Background of a ledger cell: deeper for more events."""
    if not count or not most:
        return "transparent"
    alpha = 0.15 + 0.75 * (count / most)
    return f"rgba(176, 96, 24, {alpha:.2f})"


def tone_class(score: float | None) -> str:
    """CSS class for a tone score: warm, cool or neutral."""
    if score is None:
        return "tone-none"
    return "tone-warm" if score > 0.15 else "tone-cool" if score < -0.15 else "tone-flat"


HELPERS = {"marked": marked, "short_source": short_source, "snippet": snippet, "country_name": country_name,
           "date_label": date_label, "humanize": humanize, "link": link,
           "person_href": person_href, "heat": heat, "tone_class": tone_class,
           "period_bounds": period_bounds}
