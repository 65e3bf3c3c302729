"""Publication dates from records and feeds are parsed leniently, keeping their precision."""

from __future__ import annotations

import pytest

from parley.ingest.pubdate import parse_published


@pytest.mark.parametrize("raw, expected", [
    ("2023-11-16", ("2023-11-16", "day")),
    ("2023-11-16T02:00:00Z", ("2023-11-16", "day")),
    ("2023-11-16 23:30:00+08:00", ("2023-11-16", "day")),
    ("Tue, 26 Oct 2021 21:30:00 +0800", ("2021-10-26", "day")),
    ("2021-11", ("2021-11", "month")),
    ("2021", ("2021", "year")),
    ("November 15, 2023", ("2023-11-15", "day")),
    ("15 Nov 2023", ("2023-11-15", "day")),
    ("2019/06/03", ("2019-06-03", "day")),
    ("March 2020", ("2020-03", "month")),
    (1700000000, ("2023-11-14", "day")),
    (1700000000000, ("2023-11-14", "day")),
])
def test_common_date_forms_parse_with_precision(raw, expected):
    assert parse_published(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "soon", "Monday", "2023-13-01", "2023-02-30", None,
                                 True, 42])
def test_unusable_values_give_none(raw):
    assert parse_published(raw) is None
