"""Cooperation/conflict index per period for a country pair."""

from __future__ import annotations

import pytest

from parley.analysis.index import period_of, relationship_index

US = {"name": "Ana Ruiz", "country": "USA", "kind": "person"}
CN = {"name": "Zhou Ming", "country": "CHN", "kind": "person"}


def event(date: str | None, goldstein: float | None, *, status: str = "happened",
          articles: int = 1, people: tuple[dict, ...] = (US, CN),
          precision: str | None = None) -> dict:
    return {"id": f"e-{date}-{goldstein}", "type": "call", "status": status, "date": date,
            "date_precision": precision, "goldstein": goldstein, "participants": list(people),
            "sources": [{"article_id": f"a{i}", "source": f"a{i}.txt"} for i in range(articles)]}


@pytest.fixture
def october_and_november() -> list[dict]:
    """Two US–China events in October, one cancelled in November, plus ones that must not count."""
    return [
        event("2021-10-05", 4.0, articles=1),                     # w = 1 + ln 2
        event("2021-10", -2.0, status="planned", articles=3),      # w = 0.5 * (1 + ln 4)
        event("2021", 8.0, articles=2),                           # year only: not in a month
        event("2021-10-20", -9.0, people=(US,)),                  # one side only
        event("2021-10-21", None),                                # no Goldstein score
        event("2021-11-02", 1.0, status="cancelled", articles=0),  # w = 0.25 * (1 + ln 1)
    ]


def test_monthly_index_is_the_weighted_mean_worked_out_by_hand(october_and_november):
    october, november = relationship_index(october_and_november, by="month")
    # October: w1 = 1.693147, w2 = 0.5 * 2.386294 = 1.193147, sum 2.886294
    # index = (4 * 1.693147 - 2 * 1.193147) / 2.886294 = 4.386294 / 2.886294 = 1.519698
    # confidence = 1 - exp(-2.886294 / 5) = 0.438565
    assert october.period == "2021-10"
    assert (october.events, october.cooperation, october.conflict) == (2, 1, 1)
    assert october.goldstein_sum == pytest.approx(2.0)
    assert october.index == pytest.approx(1.519698, abs=1e-6)
    assert october.confidence == pytest.approx(0.438565, abs=1e-6)
    # November: one cancelled event, w = 0.25, confidence = 1 - exp(-0.05) = 0.048771
    assert (november.period, november.events, november.index) == ("2021-11", 1, 1.0)
    assert november.confidence == pytest.approx(0.048771, abs=1e-6)


def test_weekly_index_leaves_out_month_dated_events(october_and_november):
    points = relationship_index(october_and_november, by="week")
    assert [(p.period, p.events, p.index) for p in points] == [("2021-W40", 1, 4.0),
                                                               ("2021-W44", 1, 1.0)]


def test_yearly_index_includes_year_dated_events(october_and_november):
    (year,) = relationship_index(october_and_november, by="year")
    assert (year.period, year.events, year.goldstein_sum) == ("2021", 4, 11.0)


def test_since_and_until_bound_the_periods(october_and_november):
    assert [p.period for p in relationship_index(october_and_november, since="2021-11")] == ["2021-11"]
    assert [p.period for p in relationship_index(october_and_november, until="2021-10-31")] == ["2021-10"]


def test_other_pairs_and_country_code_actor_ids():
    government = {"name": "Japan", "actor_id": "JPN", "country": None, "kind": "government"}
    events = [event("2022-01-10", -5.0, people=(US, government))]
    assert relationship_index(events) == []
    (point,) = relationship_index(events, pair=("USA", "JPN"))
    assert (point.period, point.index, point.conflict) == ("2022-01", -5.0, 1)


def test_more_sources_raise_confidence_but_not_a_single_events_index():
    few, many = (relationship_index([event("2022-02-01", 3.0, articles=n)])[0] for n in (1, 6))
    assert few.index == many.index == 3.0
    assert many.confidence > few.confidence


def test_precision_is_read_from_the_date_when_not_stated():
    assert period_of({"date": "2021-10"}, "week") is None
    assert period_of({"date": "2021-10-05"}, "month") == "2021-10"
    with pytest.raises(ValueError):
        period_of({"date": "2021-10-05"}, "fortnight")
