"""Odd inputs that no fixture file shows: each is one error line naming it, never a crash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from parley.config import Settings
from parley.errors import InputError
from parley.ingest import decode, iter_inputs
from parley.ingest.feeds import read_feed
from parley.ingest.records import iter_csv, iter_json

SETTINGS = Settings()


def test_a_named_pipe_is_not_read(tmp_path: Path) -> None:
    pipe = tmp_path / "stream.txt"
    os.mkfifo(pipe)
    (error,) = iter_inputs([str(pipe)], SETTINGS)
    assert isinstance(error, InputError)
    assert error.oneline() == f"{pipe}: not a regular file [P101]"


def test_a_file_without_read_permission_is_named(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Envoys met on Monday.\n", encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(decode, "open", refuse, raising=False)  # root reads any file
    (error,) = iter_inputs([str(locked)], SETTINGS)
    assert isinstance(error, InputError) and error.message == "permission denied"


def test_csv_that_the_csv_module_cannot_parse_is_one_error_with_its_line() -> None:
    huge = "x" * 140_000  # past the csv module's own field limit
    text = f'title,text\nTalks,"Envoys met on Monday."\nMore,"{huge}"\n'
    items = list(iter_csv(text, "bad.csv", Settings(max_bytes=1000)))
    errors = [i.oneline() for i in items if isinstance(i, InputError)]
    assert errors == ["bad.csv:3: broken CSV: field larger than field limit (131072) [P101]"]
    assert sum(not isinstance(i, InputError) for i in items) == 1


def test_json_records_that_are_not_objects_are_named_one_by_one() -> None:
    items = list(iter_json('[{"text": "Envoys met on Monday."}, "loose text", 7]', "mixed.json",
                           SETTINGS))
    messages = [i.message for i in items if isinstance(i, InputError)]
    assert messages == ["record is a JSON str, not an object", "record is a JSON int, not an object"]
    assert sum(not isinstance(i, InputError) for i in items) == 1


def test_a_feed_without_items_is_one_error() -> None:
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title></channel></rss>'
    (error,) = read_feed(feed, "empty.rss", SETTINGS)
    assert isinstance(error, InputError) and error.message == "feed has no items"


def test_a_csv_header_the_csv_module_cannot_parse_is_one_error() -> None:
    (error,) = iter_csv('\rtitle,text\nTalks,"Envoys met."\n', "odd.csv", SETTINGS)
    assert isinstance(error, InputError)
    assert error.oneline().startswith("odd.csv:1: broken CSV header: new-line character")
