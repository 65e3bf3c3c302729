"""Event filters: checked with errors naming the field; SQL and Python give the same events."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.kb import KnowledgeBase
from parley.serve.catalog import event_records, refresh_index
from parley.serve.filters import FilterError, Filters, date_bounds, matches
from parley.store import Store
from parley.store import index as idx


@pytest.mark.parametrize("kwargs,field", [
    ({"since": "2021-02-30"}, "since"), ({"until": "21"}, "until"), ({"pair": "US-CN"}, "pair"),
    ({"types": ["brunch"]}, "type"), ({"statuses": ["done"]}, "status"),
    ({"min_confidence": 1.5}, "min_confidence"), ({"since": "2022", "until": "2021"}, "until"),
])
def test_bad_values_name_their_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(FilterError) as caught:
        Filters.parse(**kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_dates_cover_their_whole_period() -> None:
    assert date_bounds({"date": "2024"}) == ("2024-01-01", "2024-12-31")
    assert date_bounds({"date": "2024-02"}) == ("2024-02-01", "2024-02-29")
    assert date_bounds({"date": "2025-05-10", "date_end": "2025-05-11"}) == \
        ("2025-05-10", "2025-05-11")
    assert date_bounds({"date": None}) == (None, None)


@pytest.fixture(scope="module")
def indexed(demo_db: Path) -> tuple[Store, list[dict[str, object]]]:
    store = Store(demo_db)
    kb = KnowledgeBase.default()
    refresh_index(store, kb)
    return store, event_records(store, kb)


DATES = st.sampled_from([None, "2019", "2019-11", "2021-06-02", "2023", "2025-05", "2025-05-12"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=st.sampled_from([None, "USA-CHN", "CHN-JPN", "GBR-FRA"]), since=DATES, until=DATES,
       types=st.lists(st.sampled_from(["call", "meeting", "talks_round", "visit"]), max_size=2),
       statuses=st.lists(st.sampled_from(["happened", "planned"]), max_size=1),
       person=st.sampled_from([None, "he-lifeng", "Liu He", "janet yellen", "nobody"]),
       topic=st.sampled_from([None, "tariffs", "communication_channel"]),
       main_only=st.booleans(), floor=st.sampled_from([None, 0.0, 0.5, 1.0]))
def test_the_index_and_the_records_agree_on_every_filter(
        indexed: tuple[Store, list[dict[str, object]]], pair: str | None, since: str | None,
        until: str | None, types: list[str], statuses: list[str], person: str | None,
        topic: str | None, main_only: bool, floor: float | None) -> None:
    store, records = indexed
    try:
        f = Filters.parse(pair=pair, since=since, until=until, types=types, statuses=statuses,
                          person=person, topic=topic, main_only=main_only, min_confidence=floor)
    except FilterError:
        return  # e.g. until before since
    in_sql = [r["id"] for r in idx.query_events(store, f.for_store(), limit=10_000)]
    in_python = [r["id"] for r in records if matches(r, f)]
    assert sorted(in_sql) == sorted(in_python)
    assert idx.count_events(store, f.for_store()) == len(in_python)


def test_text_search_needs_the_index() -> None:
    with pytest.raises(ValueError):
        matches({"participants": []}, Filters(q="tariffs"))
