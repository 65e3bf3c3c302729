"""Scoring exported records against gold records (``parley eval``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.errors import GoldFileError
from parley.evaluate import (
    DocPrediction,
    date_matches,
    evaluate,
    load_gold,
    names_match,
    predictions_from_records,
)


def gold_event(**over: object) -> dict:
    """A gold call between a US and a Chinese official on 2022-03-15 (±1 day)."""
    event = {
        "id": "g1", "main": True, "status": "happened", "date": "2022-03-15",
        "tolerance_days": 1, "date_basis": "'on Tuesday'", "channel": "call",
        "channel_ok": ["call", "video_call"],
        "participants": [{"name": "Ana Ruiz", "side": "US", "role": None},
                         {"name": "Zhou Ming", "side": "CN", "role": None}],
        "topics": ["tariffs", "fentanyl"], "outcomes": [],
        "tone": {"CN": ["candid", "constructive"], "US": ["frank"]},
    }
    event.update(over)
    return event


def gold_doc(*events: dict, published: str | None = "2022-03-16", **over: object) -> dict:
    doc = {"doc": "a.txt", "published": published, "events": list(events) or [gold_event()],
           "amounts": [], "actors": []}
    doc.update(over)
    return doc


def predicted_event(**over: object) -> dict:
    """The exported record a correct extraction of gold_event() would give."""
    event = {
        "id": "p1", "type": "call", "status": "happened", "date": "2022-03-15",
        "date_precision": "day", "main": True,
        "participants": [
            {"name": "Ana Ruiz", "actor_id": "ruiz", "country": "USA", "role": None, "kind": "person"},
            {"name": "Zhou Ming", "actor_id": "zhou", "country": "CHN", "role": None, "kind": "person"},
            {"name": "China", "actor_id": "CHN", "country": "CHN", "role": None, "kind": "government"},
        ],
        "topics": ["tariffs", "fentanyl"],
        "tone": {"CHN": {"words": ["candid", "constructive"], "score": 0.6},
                 "USA": {"words": ["frank"], "score": 0.2}},
    }
    event.update(over)
    return event


def score(gold: dict, *events: dict, dates: str = "all", **pred: object):
    prediction = DocPrediction(events=list(events), **pred)  # type: ignore[arg-type]
    return evaluate([gold], {gold["doc"]: prediction}, dates=dates)


def test_perfect_prediction_scores_one_everywhere_it_is_measured():
    report = score(gold_doc(), predicted_event())
    for row in ("events", "main_events", "dates", "participants", "topics", "tone"):
        prf = report.rows[row]
        assert (prf.precision, prf.recall, prf.f1) == (1.0, 1.0, 1.0), row
    assert report.per_doc["a.txt"]["matched"] == [{"gold": "g1", "predicted": "p1"}]


def test_type_outside_accepted_channels_is_both_missed_and_spurious():
    report = score(gold_doc(), predicted_event(type="visit"))
    events = report.rows["events"]
    assert (events.tp, events.fp, events.fn) == (0, 1, 1)
    assert report.per_doc["a.txt"]["missed"] == ["g1"]
    assert report.per_doc["a.txt"]["spurious"] == ["p1"]


def test_accepted_alternative_channel_matches():
    assert score(gold_doc(), predicted_event(type="video_call")).rows["events"].tp == 1


def test_different_status_does_not_match():
    assert score(gold_doc(), predicted_event(status="planned")).rows["events"].tp == 0


def test_date_beyond_tolerance_fails_event_and_date_but_keeps_attribute_scores():
    report = score(gold_doc(), predicted_event(date="2022-03-17"))
    assert report.rows["events"].tp == 0
    dates = report.rows["dates"]
    assert (dates.tp, dates.fp, dates.fn) == (0, 1, 1)
    assert report.rows["topics"].tp == 2
    assert report.per_doc["a.txt"]["wrong_date"][0]["predicted_date"] == "2022-03-17"


def test_date_within_tolerance_matches():
    assert score(gold_doc(), predicted_event(date="2022-03-14")).rows["events"].tp == 1


@pytest.mark.parametrize("predicted, ok", [
    ("2021-06-30", True), ("2021-06", True), ("2021-07-01", False), ("2021", False), (None, False),
])
def test_month_gold_accepts_any_date_inside_the_month(predicted, ok):
    assert date_matches("2021-06", 0, predicted) is ok


def test_year_gold_accepts_any_date_in_that_year():
    assert date_matches("2023", 0, "2023-06-20") and not date_matches("2023", 0, "2022-12-31")


def test_day_gold_needs_a_day_prediction():
    assert not date_matches("2021-06-10", 5, "2021-06")


def test_side_codes_are_mapped_between_gold_and_iso_alpha3():
    swapped = predicted_event(participants=[
        {"name": "Ana Ruiz", "country": "CHN", "kind": "person"},
        {"name": "Zhou Ming", "country": "USA", "kind": "person"}])
    assert score(gold_doc(), swapped).rows["participants"].tp == 0
    assert score(gold_doc(), predicted_event()).rows["participants"].tp == 2


def test_country_governments_are_not_counted_as_named_participants():
    assert score(gold_doc(), predicted_event()).rows["participants"].fp == 0


def test_surname_only_name_does_not_match_full_name():
    assert not names_match("Janet Yellen", "Yellen")
    assert names_match("José Núñez", "jose nunez")
    assert names_match("Janet Yellen", "Janet L. Yellen")
    only_surnames = predicted_event(participants=[{"name": "Ruiz", "country": "USA"},
                                                  {"name": "Zhou", "country": "CHN"}])
    assert score(gold_doc(), only_surnames).rows["events"].tp == 0


def test_text_mode_ignores_dates_the_text_cannot_fix():
    undated = gold_doc(gold_event(date="2022-03-15", date_basis="'on Tuesday'"),
                       published=None, published_window=["2022-03-01", "2022-03-31"])
    wrong_day = predicted_event(date="2022-05-02")
    assert score(undated, wrong_day, dates="all").rows["events"].tp == 0
    text = score(undated, wrong_day, dates="text")
    assert text.rows["events"].tp == 1
    assert text.rows["dates"].tp + text.rows["dates"].fn == 0


def test_text_mode_still_counts_dates_with_a_year_in_their_basis():
    undated = gold_doc(gold_event(date_basis="'on March 15, 2022'"), published=None,
                       published_window=["2022-03-01", "2022-03-31"])
    assert score(undated, predicted_event(date="2022-05-02"), dates="text").rows["events"].tp == 0


def test_amounts_match_within_one_percent_and_same_currency():
    gold = gold_doc(amounts=[{"value": 200e9, "currency": "USD", "what": "purchases"},
                             {"value": 50e9, "currency": "USD", "what": "tariffs"}])
    amounts = [{"value": 201.5e9, "unit": "USD", "what": "x"},   # within 1%
               {"value": 50e9, "unit": "CNY", "what": "y"},      # wrong currency
               {"value": 25.0, "unit": "percent", "what": "z"}]  # not money
    row = score(gold, predicted_event(), amounts=amounts).rows["amounts"]
    assert (row.tp, row.fp, row.fn) == (1, 1, 1)
    off = score(gold, predicted_event(), amounts=[{"value": 203e9, "unit": "USD"}]).rows["amounts"]
    assert off.tp == 0


def test_actors_need_the_side_when_gold_gives_one():
    gold = gold_doc(actors=[{"name": "Ana Ruiz", "side": "US"}, {"name": "Lee Park", "side": None}])
    actors = [{"name": "ana ruiz", "country": "USA"}, {"name": "Lee Park", "country": "KOR"},
              {"name": "Ana Ruiz", "country": "USA"}]
    row = score(gold, predicted_event(), actors=actors).rows["actors"]
    assert (row.tp, row.fp, row.fn) == (2, 0, 0)


def test_published_window_is_hit_by_date_or_window_midpoint():
    gold = gold_doc(published=None, published_window=["2022-03-01", "2022-03-31"])
    assert score(gold, published="2022-03-20").rows["published"].tp == 1
    assert score(gold, published_window=("2022-03-10", "2022-04-10")).rows["published"].tp == 1
    assert score(gold, published="2022-04-02").rows["published"].fp == 1
    assert score(gold, published="2022-03").rows["published"].tp == 1


def test_dated_doc_needs_the_same_publication_day():
    assert score(gold_doc(), published="2022-03-16T09:30:00Z").rows["published"].tp == 1
    row = score(gold_doc(), published="2022-03-17").rows["published"]
    assert (row.tp, row.fp, row.fn) == (0, 1, 1)


def test_main_event_needs_the_main_flag():
    row = score(gold_doc(), predicted_event(main=False)).rows["main_events"]
    assert (row.tp, row.fp, row.fn) == (0, 0, 1)


def test_one_prediction_matches_one_gold_event_best_first():
    # Listed first and date-compatible, but sharing no topics: the closer g1 wins the prediction.
    other = gold_event(id="g2", main=False, date="2022-03-14", topics=[])
    report = score(gold_doc(other, gold_event()), predicted_event())
    assert report.per_doc["a.txt"]["matched"] == [{"gold": "g1", "predicted": "p1"}]
    assert report.rows["events"].fn == 1


def test_micro_average_pools_counts_over_documents():
    gold = [gold_doc(), dict(gold_doc(), doc="b.txt")]
    report = evaluate(gold, {"a.txt": DocPrediction(events=[predicted_event()])})
    assert (report.rows["events"].tp, report.rows["events"].fn) == (1, 1)
    assert report.rows["events"].recall == 0.5
    assert "events" in report.to_table() and report.to_json()["rows"]["events"]["recall"] == 0.5


def test_unknown_date_mode_is_refused():
    with pytest.raises(ValueError):
        evaluate([gold_doc()], {}, dates="some")


def write_lines(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_gold_reads_valid_records(tmp_path):
    path = write_lines(tmp_path, json.dumps(gold_doc()), "", json.dumps(dict(gold_doc(), doc="b.txt")))
    assert [d["doc"] for d in load_gold(path)] == ["a.txt", "b.txt"]


@pytest.mark.parametrize("bad, words", [
    ("{not json", "Expecting"),
    (json.dumps(gold_doc(gold_event(date="2022-13-01"))), "events[0].date"),
    (json.dumps(gold_doc(gold_event(status="maybe"))), "status"),
    (json.dumps(gold_doc(amounts=[{"value": "lots", "currency": "USD"}])), "amounts[0]"),
])
def test_load_gold_names_file_and_line_of_a_bad_record(tmp_path, bad, words):
    path = write_lines(tmp_path, json.dumps(gold_doc()), bad)
    with pytest.raises(GoldFileError) as info:
        load_gold(path)
    assert info.value.line == 2 and str(path) in str(info.value) and words in str(info.value)


def test_predictions_are_grouped_by_source_file_name():
    event = predicted_event(sources=[{"article_id": "x1", "source": "/data/in/a.txt",
                                      "sentence": "", "start": 0, "end": 1}])
    preds = predictions_from_records([event], [{"id": "x1", "source": "/data/in/a.txt",
                                                "published": "2022-03-16"}])
    assert list(preds) == ["a.txt"] and preds["a.txt"].events == [event]
    assert preds["a.txt"].published == "2022-03-16"


def test_seed_gold_file_loads_when_present(seeds_dir):
    seeds = seeds_dir / "gold.jsonl"
    gold = load_gold(seeds)
    report = evaluate(gold, {})
    assert report.rows["events"].fn == sum(len(d["events"]) for d in gold)
