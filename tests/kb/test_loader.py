"""Loading bundled and user knowledge-base files, and the errors bad files give."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from parley.errors import DataFileError
from parley.kb import KnowledgeBase
from parley.kb.loader import kind_from_filename


def write_jsonl(path: Path, records: list[dict | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def new_envoy_file(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "my_officials.jsonl", [{
        "id": "ada-quill", "name": "Ada Quill", "country": "USA", "gender": "f",
        "surname": "Quill", "aliases": ["A. Quill"],
        "offices": [{"office": "usa.ustr", "start": "2031-02-01"}],
    }])


def test_user_file_adds_an_official_found_by_lookup(new_envoy_file: Path) -> None:
    kb = KnowledgeBase.load([new_envoy_file])
    found = kb.lookup("Ada Quill")
    assert [p.id for p in found] == ["ada-quill"]
    assert "ada-quill" in [p.id for p in kb.holders("usa.ustr", dt.date(2031, 6, 1))]
    assert "ada-quill" not in [p.id for p in kb.holders("usa.ustr", dt.date(2030, 6, 1))]
    assert kb.lookup("A. Quill")[0].id == "ada-quill"


def test_user_record_with_existing_id_extends_it(tmp_path: Path) -> None:
    extra = write_jsonl(tmp_path / "extra.jsonl", [
        {"type": "official", "id": "liu-he", "aliases": ["Vice Premier Liu"]},
    ])
    kb = KnowledgeBase.load([extra])
    assert kb.lookup("Vice Premier Liu")[0].id == "liu-he"
    assert kb.role_on("liu-he", dt.date(2021, 10, 26)) == "Vice Premier"


def test_another_country_pair_needs_only_data(tmp_path: Path) -> None:
    offices = write_jsonl(tmp_path / "offices.jsonl", [
        {"id": "jpn.trade.minister", "country": "JPN", "title": "Minister of Economy, Trade and Industry",
         "rank": 4, "aliases": ["Trade Minister", "METI Minister"]},
    ])
    people = write_jsonl(tmp_path / "people.jsonl", [
        {"id": "kenji-sato", "name": "Kenji Sato", "country": "JPN",
         "offices": [{"office": "jpn.trade.minister", "start": "2030-01"}]},
    ])
    kb = KnowledgeBase.load([offices, people])
    assert kb.office_for_title("Japanese Trade Minister").id == "jpn.trade.minister"
    assert kb.persons["kenji-sato"].surname == "Sato"
    assert kb.role_on("kenji-sato", dt.date(2030, 1, 15)) == "Minister of Economy, Trade and Industry"


@pytest.mark.parametrize("bad_line, message", [
    ("{not json", "not valid JSON"),
    (json.dumps({"id": "bad-date", "name": "Bad Date", "country": "USA",
                 "offices": [{"office": "usa.ustr", "start": "2021-13-01"}]}), "bad date"),
    (json.dumps({"id": "lost-post", "name": "Lost Post", "country": "USA",
                 "offices": [{"office": "usa.no_such_office", "start": "2021"}]}), "unknown office"),
    (json.dumps({"id": "Not An Id", "name": "X", "country": "USA"}), "person id"),
])
def test_malformed_user_file_names_file_and_line(tmp_path: Path, bad_line: str,
                                                 message: str) -> None:
    good = {"id": "fine-person", "name": "Fine Person", "country": "USA"}
    path = write_jsonl(tmp_path / "officials.jsonl", [good, "", bad_line])
    with pytest.raises(DataFileError) as caught:
        KnowledgeBase.load([path])
    assert caught.value.source == str(path)
    assert caught.value.line == 3
    assert message in str(caught.value)


def test_record_of_unknown_kind_is_rejected(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "misc.jsonl", [{"id": "x"}])
    with pytest.raises(DataFileError, match="record kind"):
        KnowledgeBase.load([path])


def test_missing_user_file_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError):
        KnowledgeBase.load([tmp_path / "absent_officials.jsonl"])


@pytest.mark.parametrize("name, kind", [
    ("officials.jsonl", "official"), ("my_people.jsonl", "official"),
    ("offices.jsonl", "office"), ("institutions.jsonl", "institution"),
    ("countries.jsonl", "country"), ("notes.jsonl", None),
])
def test_kind_from_filename(name: str, kind: str | None) -> None:
    assert kind_from_filename(name) == kind
