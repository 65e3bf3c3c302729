"""Date parsing and tenure coverage of knowledge-base records."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.errors import DataFileError
from parley.kb.records import Where, parse_date, parse_tenure

HERE = Where("test.jsonl", 7)


@pytest.mark.parametrize("text, end, expected, precision", [
    ("2021-03-18", False, dt.date(2021, 3, 18), "day"),
    ("2021-02", False, dt.date(2021, 2, 1), "month"),
    ("2024-02", True, dt.date(2024, 2, 29), "month"),
    ("2022", True, dt.date(2022, 12, 31), "year"),
])
def test_partial_dates_cover_their_whole_period(text: str, end: bool, expected: dt.date,
                                                precision: str) -> None:
    assert parse_date(text, end=end, where=HERE) == (expected, precision)


@pytest.mark.parametrize("text", ["21-03-2021", "2021/03/01", "2021-02-30", 2021, None])
def test_bad_dates_raise_with_location(text: object) -> None:
    with pytest.raises(DataFileError) as caught:
        parse_date(text, end=False, where=HERE)
    assert caught.value.line == 7 and caught.value.source == "test.jsonl"


def test_open_tenure_covers_any_later_day() -> None:
    tenure = parse_tenure({"office": "usa.ustr", "start": "2025-02-26"}, HERE)
    assert tenure.covers(dt.date(2026, 11, 22))
    assert not tenure.covers(dt.date(2025, 2, 25))


def test_tenure_ending_before_start_is_rejected() -> None:
    with pytest.raises(DataFileError, match="ends before"):
        parse_tenure({"office": "usa.ustr", "start": "2021", "end": "2020"}, HERE)
