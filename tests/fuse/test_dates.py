"""Intervals of event dates, as fusion and known-engagement matching read them."""

from __future__ import annotations

from datetime import date

from parley.fuse.dates import iso_interval


def test_a_week_date_covers_its_whole_week_from_monday() -> None:
    # A week's value is its likeliest day (a Wednesday here), not always the Monday.
    assert iso_interval("2024-04-03", "week") == (date(2024, 4, 1), date(2024, 4, 7))
    assert iso_interval("2024-04-01", "week") == (date(2024, 4, 1), date(2024, 4, 7))
