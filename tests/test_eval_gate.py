"""Evaluation gate: the product's own `eval` on the seed gold file must not regress.

Runs the real pipeline (ingest → extract → estimate → fuse) on the seed
articles and compares each field's F1 with the floors in eval_baseline.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.config import Settings
from parley.evaluate import evaluate, load_gold, predictions_from_records
from parley.kb import KnowledgeBase
from parley.pipeline import extract, ingest
from parley.serve.records import article_record, event_record, source_names
from parley.store import Store

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
BASELINE = json.loads((Path(__file__).parent / "eval_baseline.json").read_text())

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeded_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    if not (SEEDS / "gold.jsonl").is_file():
        pytest.skip("shared/seeds is not present")
    db = tmp_path_factory.mktemp("gate") / "gate.db"
    settings = Settings(db=str(db), progress=False, workers=1)
    store = Store(db)
    articles = sorted(str(p) for p in SEEDS.glob("*.txt"))
    report = ingest(articles, settings, store)
    assert report.added == len(articles)
    extract(store, settings)
    return store


def _report(store: Store, dates: str) -> dict[str, dict[str, float]]:
    kb = KnowledgeBase.default()
    names = source_names(store)
    events = [event_record(e, names, kb) for e in store.events()]
    articles = [article_record(a, store.extraction(a.id), kb) for a in store.articles()]
    gold = load_gold(SEEDS / "gold.jsonl")
    return evaluate(gold, predictions_from_records(events, articles), dates=dates).to_json()["rows"]


@pytest.mark.parametrize("mode", sorted(k for k in BASELINE if not k.startswith("_")))
def test_f1_stays_above_recorded_floors(seeded_store: Store, mode: str) -> None:
    rows = _report(seeded_store, mode)
    below = {field: round(rows[field]["f1"], 3) for field, floor in BASELINE[mode].items()
             if rows[field]["f1"] < floor}
    assert not below, f"F1 below the recorded floor ({mode} dates): {below}"


def test_seed_000_main_event_is_dated_from_yesterday(seeded_store: Store) -> None:
    names = source_names(seeded_store)
    mains = [e for e in seeded_store.events() if e.main
             and any(names.get(s.article_id, "").endswith("000_679a816d7b88015f.txt")
                     for s in e.sources)]
    assert mains, "seed 000 has no main event"
    main = mains[0]
    assert main.type in ("call", "video_call")
    assert main.date == "2021-10-26"
    assert "yesterday" in (main.date_basis or "")
    people = {p.actor_id for p in main.participants}
    assert {"janet-yellen", "liu-he"} <= people
