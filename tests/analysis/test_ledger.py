"""Issue ledger: topics per period and which side raised them."""

from __future__ import annotations

from parley.analysis.ledger import UNATTRIBUTED, issue_ledger


def event(date: str | None, topics: list[str], by_side: dict[str, list[str]]) -> dict:
    return {"id": f"e-{date}", "type": "meeting", "status": "happened", "date": date,
            "topics": topics, "topics_by_side": by_side, "participants": []}


def test_topics_are_counted_per_period_and_side():
    events = [
        event("2023-08-28", ["export_controls", "tariffs"], {"CHN": ["export_controls"],
                                                             "USA": ["export_controls"]}),
        event("2023-08-03", ["tariffs"], {"CHN": ["tariffs"]}),
        event("2023-09-12", ["climate"], {"USA": ["climate", "fentanyl"]}),
        event("2023", ["tariffs"], {}),  # year only: no month to put it in
        event(None, ["tariffs"], {}),
    ]
    rows = {(r.topic, r.period): r for r in issue_ledger(events)}
    assert sorted(rows) == [("climate", "2023-09"), ("export_controls", "2023-08"),
                            ("fentanyl", "2023-09"), ("tariffs", "2023-08")]
    tariffs = rows[("tariffs", "2023-08")]
    assert tariffs.events == 2
    assert tariffs.raised_by == {"CHN": 1, UNATTRIBUTED: 1}
    assert (tariffs.first_seen, tariffs.last_seen) == ("2023-08-03", "2023-08-28")
    assert rows[("export_controls", "2023-08")].raised_by == {"CHN": 1, "USA": 1}
    # A side's readout topic counts even when the merged topic list missed it.
    assert rows[("fentanyl", "2023-09")].raised_by == {"USA": 1}


def test_since_drops_earlier_events_and_year_periods_keep_year_dates():
    events = [event("2022-05-01", ["tariffs"], {}), event("2023", ["tariffs"], {})]
    assert [r.period for r in issue_ledger(events, since="2023-01")] == []
    assert [(r.period, r.events) for r in issue_ledger(events, by="year")] == [("2022", 1),
                                                                             ("2023", 1)]
