"""What a user sees when input is odd: one line per bad file, every skip counted, a run
that goes on, and `check` / `backup` with exit codes scripts can trust."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from parley.cli import cli

PARLEY = Path(sys.executable).with_name("parley")

GOOD = {
    "call.txt": "date 2023-03-15\nVice Premier Liu He spoke by phone with Treasury Secretary "
                "Janet Yellen on Tuesday, and the two sides agreed to keep talking about tariffs.\n",
    "visit.txt": "date 2023-08-30\nCommerce Secretary Gina Raimondo met Commerce Minister Wang "
                 "Wentao in Beijing on Monday and the two agreed to set up a working group on "
                 "export controls.\n",
    "talks.txt": "date 2021-10-27\nTrade Representative Katherine Tai held a video call with Vice "
                 "Premier Liu He on Tuesday to review the phase one deal, officials said.\n",
}

#: Pieces of a long, dull council transcript (written for this test).
_BODIES = ("the drainage works on Mill Lane", "the library's winter opening hours",
           "a new crossing near the primary school", "repairs to the swimming pool roof",
           "the allotment waiting list", "street lighting on the ring road")


def _long_article(size: int) -> str:
    """A dated article of ``size`` bytes: one engagement paragraph, then a council transcript."""
    rng = random.Random(7)
    opening = ("Secretary of State Antony Blinken met Foreign Minister Qin Gang in Beijing on "
               "Sunday for talks both sides called candid and constructive.")
    lines = ["date 2023-06-19", opening, ""]
    n = 0
    while sum(len(line) + 1 for line in lines) < size:
        n += 1
        lines.append(f"Item {n}. Councillors discussed {rng.choice(_BODIES)} and voted "
                     f"{rng.randint(5, 19)} to {rng.randint(0, 4)} to return to it next month.")
        if n % 12 == 0:
            lines.append("")
    return "\n".join(lines) + "\n"


def _parley(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed `parley` command, as a user would."""
    return subprocess.run([str(PARLEY), "--db", str(db), "-q", *args], capture_output=True,
                          text=True, timeout=600, check=False)


@pytest.mark.slow
def test_a_long_article_a_binary_file_and_three_good_ones(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "long.txt").write_text(_long_article(1_100_000), encoding="utf-8")
    assert (folder / "long.txt").stat().st_size > 1_100_000
    (folder / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    db = tmp_path / "p.db"

    ingested = _parley(db, "ingest", str(folder))
    assert ingested.returncode == 1, ingested.stderr
    errors = [line for line in ingested.stderr.splitlines() if line.strip()]
    expected = (f"error: {folder / 'scan.png'}: unsupported file type '.png', binary file "
                "(PNG image), not an article [P101]")
    assert errors == [expected]
    assert ingested.stdout.strip().startswith("added 4, duplicates 0")
    assert "skipped 0, errors 1" in ingested.stdout

    extracted = _parley(db, "extract", "--workers", "1")
    assert extracted.returncode == 0, extracted.stderr
    assert "extracted 4 articles (4 relevant" in extracted.stdout
    assert "errors 0" in extracted.stdout
    events = json.loads(_parley(db, "events", "--json").stdout)
    sources = {Path(s["source"]).name for e in events for s in e["sources"]}
    assert sources == {"call.txt", "visit.txt", "talks.txt", "long.txt"}

    checked = _parley(db, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.strip().endswith("healthy")


def run(db: Path, *args: str) -> Result:
    """Invoke the CLI in-process against one database file."""
    return CliRunner().invoke(cli, ["--db", str(db), "-q", *args])


@pytest.fixture
def walked(tmp_path: Path) -> Path:
    """A folder with two articles, a README, a hidden file and a news page named changelog.*"""
    folder = tmp_path / "walk"
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "HEAD").write_text("ref: main\n", encoding="utf-8")
    (folder / "README.md").write_text("# My corpus\n", encoding="utf-8")
    (folder / ".notes.txt").write_text("to do\n", encoding="utf-8")
    (folder / "call.txt").write_text(GOOD["call.txt"], encoding="utf-8")
    (folder / "changelog.blog.zwischenbilanz.html").write_text(
        "<html><head><title>Zwischenbilanz</title></head><body><article><p>Trade envoys from "
        "both countries met in Geneva on Monday and agreed to meet again next month, "
        "officials said after the talks.</p></article></body></html>", encoding="utf-8")
    return folder


def test_every_skipped_file_is_counted_and_verbose_names_them(tmp_path: Path,
                                                              walked: Path) -> None:
    quiet = run(tmp_path / "a.db", "ingest", str(walked))
    assert quiet.exit_code == 0, quiet.output
    assert "added 2," in quiet.stdout and "skipped 3, errors 0" in quiet.stdout
    assert "skipped:" not in quiet.stderr

    loud = run(tmp_path / "b.db", "ingest", "--verbose", str(walked))
    named = sorted(line for line in loud.stderr.splitlines() if line.startswith("skipped:"))
    assert named == [f"skipped: {walked / '.git'}/: hidden folder",
                     f"skipped: {walked / '.notes.txt'}: hidden file",
                     f"skipped: {walked / 'README.md'}: project file, not an article"]
    as_json = json.loads(run(tmp_path / "c.db", "ingest", "--json", str(walked)).stdout)
    assert len(as_json["skipped"]) == 3 and as_json["added"] == 2


def test_check_and_backup_exit_codes(tmp_path: Path, walked: Path) -> None:
    db = tmp_path / "p.db"
    missing = run(db, "check")
    assert missing.exit_code == 2 and "no store here" in missing.stderr
    assert not db.exists()

    run(db, "ingest", str(walked))
    healthy = run(db, "check", "--json")
    assert healthy.exit_code == 0 and json.loads(healthy.stdout)["counts"]["articles"] == 2

    copy = tmp_path / "copy.db"
    made = run(db, "backup", str(copy))
    assert made.exit_code == 0 and copy.is_file()
    again = run(db, "backup", str(copy))
    assert again.exit_code == 2 and "already exists; pass --force" in again.stderr
    assert run(db, "backup", "--force", str(copy)).exit_code == 0
    assert json.loads(run(copy, "check", "--json").stdout)["healthy"] is True

    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM article_sources")
    damaged = run(db, "check")
    assert damaged.exit_code == 1
    assert "problem: 2 articles with no recorded source" in damaged.stderr
    assert damaged.stdout.strip().endswith("1 problems")
