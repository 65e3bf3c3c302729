"""`parley serve` and the filters and corrections the other commands share with it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from parley.cli import cli


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), "-q", *args])


def test_serve_get_answers_one_request_in_process(demo_db: Path) -> None:
    result = run(demo_db, "serve", "--get", "/api/v1/events?pair=USA-CHN&since=2025-01-01")
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["items"] and all(e["date"] >= "2025" for e in body["items"])
    assert run(demo_db, "serve", "--get", "/events/ev-none").exit_code == 1


def test_serve_refuses_a_store_that_does_not_exist(tmp_path: Path) -> None:
    result = run(tmp_path / "missing.db", "serve")
    assert result.exit_code == 2 and "no store at" in result.stderr
    assert not (tmp_path / "missing.db").exists()


def test_events_take_the_same_filters_as_the_api(demo_db: Path) -> None:
    listed = json.loads(run(demo_db, "events", "--json", "--type", "call", "--person",
                            "liu-he").output)
    via_api = json.loads(run(demo_db, "serve", "--get",
                             "/api/v1/events?type=call&person=liu-he&pair=USA-CHN"
                             "&limit=500").output)["items"]
    assert listed and [e["id"] for e in listed] == [e["id"] for e in via_api]
    bad = run(demo_db, "events", "--since", "2021-13")
    assert bad.exit_code == 2 and "--since" in bad.stderr


def test_parley_date_is_kept_as_a_correction(demo_copy: Path) -> None:
    articles = json.loads(run(demo_copy, "articles", "--json").output)
    target = next(a for a in articles if a["published_basis"] == "estimated")
    result = run(demo_copy, "date", target["id"][:10], "2025-05-21", "--note", "checked")
    assert result.exit_code == 0, result.output
    listed = json.loads(run(demo_copy, "serve", "--get", "/api/v1/corrections").output)
    assert [(c["target_id"], c["value"], c["note"]) for c in listed["items"]] == \
        [(target["id"], "2025-05-21", "checked")]
    assert run(demo_copy, "date", "nope", "2025-05-21").exit_code == 2
