"""The `parley` command line: exit codes, error lines and machine-readable output."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from parley import __version__
from parley.cli import cli

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
PARLEY = Path(sys.executable).with_name("parley")

TRADE_CALL = (
    "date 2024-02-14\n"
    "Finance officials from the two countries held a phone call on Tuesday about tariffs and "
    "chip export rules, and agreed to keep talking through a new working group.\n"
)
SHIPPING_NOTE = (
    "Shipping lines expect freight rates to ease in the second half of the year as new "
    "vessels enter service and port congestion clears.\n"
)


def run(db: Path, *args: str) -> Result:
    """Invoke the CLI in-process against one database file."""
    return CliRunner().invoke(cli, ["--db", str(db), "-q", *args])


def error_lines(result: Result) -> list[str]:
    """The `error:` lines written to stderr."""
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def need_seeds() -> Path:
    """The shared seed articles, or skip when they are not present."""
    if not SEEDS.is_dir() or not list(SEEDS.glob("*.txt")):
        pytest.skip("shared seed articles not present")
    return SEEDS


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Location of a fresh database for one test."""
    return tmp_path / "parley.db"


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """A folder of two plain-text articles written for these tests."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "call.txt").write_text(TRADE_CALL, encoding="utf-8")
    (folder / "shipping.txt").write_text(SHIPPING_NOTE, encoding="utf-8")
    return folder


@pytest.fixture
def ingested(db: Path, small_corpus: Path) -> Path:
    """A database holding the small corpus."""
    assert run(db, "ingest", str(small_corpus)).exit_code == 0
    return db


def stored_articles(db: Path) -> list[dict]:
    """`parley articles --json`, parsed."""
    result = run(db, "articles", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ------------------------------------------------------------------ ingest on the seeds

def test_ingest_seeds_stores_five_and_dates_only_the_header_article(db: Path) -> None:
    seeds = need_seeds()
    result = run(db, "ingest", str(seeds))
    # Only non-article files in the folder (the gold file) may be reported as failures.
    for line in error_lines(result):
        assert not line.split("error:", 1)[1].strip().split(":")[0].endswith(".txt"), line
    assert result.exit_code == (1 if error_lines(result) else 0)
    rows = {Path(r["source"]).name: r for r in stored_articles(db)}
    assert sorted(rows) == sorted(p.name for p in seeds.glob("*.txt"))
    assert len(rows) == 5
    for name, row in rows.items():
        if name.startswith("000_"):
            assert (row["published"], row["published_basis"]) == ("2021-10-27", "header")
        else:
            assert row["published"] is None and row["published_basis"] is None, name


def test_ingesting_the_seeds_again_adds_nothing(db: Path) -> None:
    seeds = need_seeds()
    run(db, "ingest", str(seeds))
    again = run(db, "ingest", "--json", str(seeds))
    report = json.loads(again.stdout)
    assert (report["added"], report["duplicates"]) == (0, 5)
    assert len(stored_articles(db)) == 5


def test_bad_files_beside_the_seeds_are_reported_and_the_rest_stored(
        db: Path, tmp_path: Path) -> None:
    seeds = need_seeds()
    folder = tmp_path / "mixed"
    folder.mkdir()
    for text_file in seeds.glob("*.txt"):
        shutil.copy(text_file, folder / text_file.name)
    (folder / "photo.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    good = json.dumps({"text": SHIPPING_NOTE, "title": "Freight"})
    (folder / "dump.jsonl").write_text(good + '\n{"text": "Envoys met on Fri', encoding="utf-8")

    result = run(db, "ingest", str(folder))
    assert result.exit_code == 1
    lines = error_lines(result)
    assert len(lines) == 2, result.stderr
    assert any("photo.bin" in line for line in lines)
    assert any("dump.jsonl:2" in line for line in lines)
    assert len(stored_articles(db)) == 6


# ------------------------------------------------------------------ basic commands

def test_version_prints_the_package_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert "parley" in result.stdout and __version__ in result.stdout


def test_ingest_without_inputs_is_a_usage_error(db: Path) -> None:
    assert run(db, "ingest").exit_code == 2


def test_articles_json_lists_what_was_stored(ingested: Path) -> None:
    rows = stored_articles(ingested)
    assert {Path(r["source"]).name for r in rows} == {"call.txt", "shipping.txt"}
    dated = next(r for r in rows if r["source"].endswith("call.txt"))
    assert (dated["published"], dated["published_basis"]) == ("2024-02-14", "header")


def test_show_an_article_by_id_prefix(ingested: Path) -> None:
    article_id = next(r["id"] for r in stored_articles(ingested)
                      if r["source"].endswith("shipping.txt"))
    result = run(ingested, "show", "--json", article_id[:8])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["id"] == article_id
    assert shown["text"].startswith("Shipping lines expect")


def test_show_an_unknown_id_is_a_one_line_error(ingested: Path) -> None:
    result = run(ingested, "show", "zz-no-such-id")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "zz-no-such-id" in result.stderr


def test_date_with_an_unknown_article_is_a_one_line_error(ingested: Path) -> None:
    done = subprocess.run([str(PARLEY), "--db", str(ingested), "-q", "date", "zz-missing",
                           "2024-01-01"], check=False, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "zz-missing" in done.stderr


def test_commands_on_a_store_without_events_succeed(ingested: Path) -> None:
    events = run(ingested, "events", "--json")
    assert events.exit_code == 0 and json.loads(events.stdout) == []
    for args in (("timeline",), ("index", "--json"), ("ledger", "--json")):
        result = run(ingested, *args)
        assert result.exit_code == 0, (args, result.output)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_articles_writes_a_readable_file(ingested: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "out" / f"articles.{fmt}"
    result = run(ingested, "export", "articles", "--format", fmt, "-o", str(target))
    assert result.exit_code == 0, result.output
    if fmt == "jsonl":
        records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    elif fmt == "csv":
        with target.open(encoding="utf-8", newline="") as fh:
            records = list(csv.DictReader(fh))
    else:
        records = pq.read_table(target).to_pylist()
    expected = {r["id"]: r["published"] for r in stored_articles(ingested)}
    assert {r["id"]: (r["published"] or None) for r in records} == expected
    assert all(Path(r["source"]).name in {"call.txt", "shipping.txt"} for r in records)


def test_export_parquet_to_stdout_is_refused(ingested: Path) -> None:
    result = run(ingested, "export", "articles", "--format", "parquet")
    assert result.exit_code == 2
    assert "parquet" in result.stderr


# ------------------------------------------------------------------ eval

def test_eval_with_a_malformed_gold_file_names_the_file_and_line(
        ingested: Path, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    first = {"doc": "call.txt", "published": "2024-02-14", "events": []}
    gold.write_text(json.dumps(first) + '\n{"doc": "shipping.txt", "events": [\n',
                    encoding="utf-8")
    result = run(ingested, "eval", str(gold))
    assert result.exit_code == 2
    assert len(error_lines(result)) == 1
    assert f"{gold}:2" in result.stderr


def test_eval_with_a_gold_date_that_does_not_exist_names_the_line(
        ingested: Path, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "call.txt", "published": "2024-02-30"}) + "\n",
                    encoding="utf-8")
    result = run(ingested, "eval", str(gold))
    assert result.exit_code == 2
    assert f"{gold}:1" in result.stderr


# ------------------------------------------------------------------ end to end (spaCy)

EVENT_FIELDS = {"id", "type", "status", "date", "date_precision", "date_basis", "participants",
                "location", "topics", "outcomes", "tone", "cameo", "goldstein", "sources"}
PARTICIPANT_FIELDS = {"name", "actor_id", "country", "role"}
SOURCE_FIELDS = {"article_id", "source", "sentence", "start", "end"}


@pytest.mark.slow
def test_seeds_end_to_end_records_and_eval(db: Path) -> None:
    seeds = need_seeds()
    run(db, "ingest", *map(str, sorted(seeds.glob("*.txt"))))
    extracted = run(db, "extract", "--workers", "1")
    assert extracted.exit_code == 0, extracted.output

    gold = seeds / "gold.jsonl"
    if gold.is_file():
        scored = run(db, "eval", "--json", str(gold))
        assert scored.exit_code == 0, scored.output
        main = json.loads(scored.stdout)["rows"]["main_events"]
        assert 0.0 <= main["recall"] <= 1.0
        assert main["recall"] >= 0.6, main  # headline engagements of most seeds are found

    listed = run(db, "events", "--json")
    assert listed.exit_code == 0, listed.output
    records = json.loads(listed.stdout)
    assert records, "no events extracted from the seeds"
    texts: dict[str, str] = {}
    for record in records:
        assert EVENT_FIELDS <= set(record), EVENT_FIELDS - set(record)
        assert record["date_precision"] in (None, "day", "week", "month", "year")
        for person in record["participants"]:
            assert PARTICIPANT_FIELDS <= set(person)
            assert person["country"] is None or len(person["country"]) == 3
        assert record["sources"]
        for source in record["sources"]:
            assert SOURCE_FIELDS <= set(source)
            assert Path(source["source"]).name.endswith(".txt")
            if source["article_id"] not in texts:
                shown = run(db, "show", "--json", source["article_id"])
                texts[source["article_id"]] = json.loads(shown.stdout)["text"]
            text = texts[source["article_id"]]
            assert text[source["start"]:source["end"]] == source["sentence"]
