"""Records as users see them: corrections laid over the machine's output, and the index rows."""

from __future__ import annotations

from parley.serve.catalog import index_entry
from parley.serve.corrections import apply_event_corrections, check_value, follow_corrections
from parley.store.corrections import Correction


def test_participants_in_event_records_are_indexed_by_actor() -> None:
    record = {"id": "ev-9", "type": "call", "status": "happened", "date": "2024-02",
              "participants": [{"name": "He Lifeng", "actor_id": "he-lifeng", "country": "CHN"},
                               {"name": "An Aide", "actor_id": None, "country": None}],
              "sources": [{"article_id": "a1", "sentence": "They spoke.", "start": 0,
                           "end": 11}], "topics": ["tariffs"], "article_ids": ["a1"]}
    e = index_entry(record, {"a1": {"title": "A call", "source": "x", "url": None}})
    assert (e.date_first, e.date_last) == ("2024-02-01", "2024-02-29")
    assert [p[0] for p in e.people] == ["he-lifeng", "name:an aide"]
    assert e.countries == ["CHN"] and e.title == "A call" and "They spoke." in e.body


def fix(i: int, field: str, value: object, members: list[str] | None = None) -> Correction:
    return Correction(id=i, target="event", target_id="ev-old", field=field, value=value,
                      previous=None, created_at="2025-06-01T10:00:00+00:00",
                      members=members or [])


def test_corrections_apply_in_order_and_are_listed_on_the_record() -> None:
    record = {"id": "ev-1", "type": "meeting", "status": "happened", "date": "2025-05",
              "date_precision": "month", "date_basis": "'in May'", "date_estimated": True,
              "date_end": "2025-06", "participants": [], "tone": {}, "outcomes": []}
    out = apply_event_corrections(record, [fix(1, "date", "2025-05-10"),
                                           fix(2, "date", "2025-05-11"),
                                           fix(3, "status", "cancelled")])
    assert out["date"] == "2025-05-11" and out["date_precision"] == "day"
    assert out["date_estimated"] is False and "date_end" not in out
    assert "corrected by a user on 2025-06-01" in out["date_basis"]
    assert out["status"] == "cancelled" and out["cameo"] and out["goldstein"] is not None
    assert [c["id"] for c in out["corrections"]] == [1, 2, 3]
    assert record["date"] == "2025-05"  # the machine's record is left as it was


def test_a_correction_follows_its_event_when_fusion_renames_it() -> None:
    by_event = {"ev-old": [fix(1, "status", "planned", members=["m1", "m2", "m3"])]}
    moved = follow_corrections(by_event, {"ev-new", "ev-other"},
                               {"m1": "ev-new", "m2": "ev-new", "m3": "ev-other"})
    assert list(moved) == ["ev-new"]


def test_participants_are_read_from_lines_or_records() -> None:
    value = check_value("event", "participants",
                        "He Lifeng [CHN]\nScott Bessent, USA; Someone (GBR)")
    assert [(p["name"], p["country"]) for p in value] == \
        [("He Lifeng", "CHN"), ("Scott Bessent", "USA"), ("Someone", "GBR")]
    assert check_value("event", "participants", [{"name": "A B", "country": "usa"}])[0] == \
        {"name": "A B", "actor_id": None, "country": "USA", "kind": "person"}
