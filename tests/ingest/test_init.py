"""iter_inputs over files, folders, globs and stdin: every input yields articles or errors."""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

import pytest

from parley.config import Settings
from parley.errors import InputError
from parley.ingest import count_inputs, iter_inputs, sniff_kind

SETTINGS = Settings()


def _split(items) -> tuple[list, list]:
    items = list(items)
    return ([i for i in items if not isinstance(i, Exception)],
            [i for i in items if isinstance(i, Exception)])


def test_seed_folder_gives_five_articles_and_one_error(seeds_dir):
    articles, errors = _split(iter_inputs([str(seeds_dir)], SETTINGS))
    assert len(articles) == 5
    assert len(errors) == 1 and errors[0].source.endswith("gold.jsonl")
    by_name = {Path(a.source).name[:3]: a for a in articles}
    assert by_name["000"].published == "2021-10-27"
    assert by_name["000"].published_basis == "header"
    assert all(by_name[k].published is None for k in ("001", "002", "003", "004"))


@pytest.mark.parametrize("name, reason", [
    ("empty.txt", "empty file"),
    ("whitespace_only.txt", "empty file"),
    ("nul_bytes.txt", "binary file"),
    ("fake_report.pdf", "unsupported file type '.pdf'"),
    ("packed_story.docx", "unsupported file type '.docx'"),
    ("undecodable.txt", "undecodable bytes"),
    ("page_without_text.html", "no article text"),
    ("missing_text_column.csv", "no 'text' column"),
    ("not_a_feed.xml", "not an RSS/Atom feed"),
])
def test_bad_file_gives_one_error_naming_it(fixture_path, name, reason):
    items = list(iter_inputs([fixture_path(name)], SETTINGS))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert reason in items[0].message
    assert items[0].source == fixture_path(name)


def test_oversized_single_article_file_is_an_error(fixture_path):
    (error,) = iter_inputs([fixture_path("header_dated.txt")], Settings(max_bytes=100))
    assert isinstance(error, InputError) and "larger than 100 bytes" in error.message


def test_oversized_dump_is_an_error(fixture_path):
    (error,) = iter_inputs([fixture_path("articles.csv")], Settings(max_dump_bytes=100))
    assert isinstance(error, InputError) and "larger than 100 bytes" in error.message


def test_a_dump_larger_than_one_article_is_read_record_by_record(fixture_path):
    items = list(iter_inputs([fixture_path("articles.csv")], Settings(max_bytes=50)))
    assert items and all(isinstance(i, InputError) and "record is larger" in i.message
                         for i in items)
    assert all(i.line for i in items), "each oversized record names its line"


def test_missing_path_is_an_error_and_the_batch_goes_on(fixture_path):
    items = list(iter_inputs(["no/such/file.txt", fixture_path("header_dated.txt")], SETTINGS))
    assert isinstance(items[0], InputError) and "no such file" in items[0].message
    assert items[1].published == "2024-05-10"


def test_unknown_extension_with_text_is_read_as_text(fixture_path):
    (article,) = iter_inputs([fixture_path("story_notes.log")], SETTINGS)
    assert article.text.startswith("Trade ministers from both countries")


def test_latin1_file_is_read_correctly(fixture_path):
    (article,) = iter_inputs([fixture_path("latin1_encoded.txt")], SETTINGS)
    assert article.title == "Négociations à Genève"
    assert "señor Núñez" in article.text


def test_directory_walk_is_recursive_sorted_and_skips_hidden(tmp_path, fixture_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".cache").mkdir()
    shutil.copy(fixture_path("dateline_reuters.txt"), tmp_path / "b" / "two.txt")
    shutil.copy(fixture_path("header_dated.txt"), tmp_path / "a.txt")
    shutil.copy(fixture_path("header_dated.txt"), tmp_path / ".hidden.txt")
    shutil.copy(fixture_path("header_dated.txt"), tmp_path / ".cache" / "c.txt")
    articles, errors = _split(iter_inputs([str(tmp_path)], SETTINGS))
    assert not errors
    assert [Path(a.source).name for a in articles] == ["a.txt", "two.txt"]
    assert count_inputs([str(tmp_path)]) == 2


def test_unreadable_subdirectory_is_an_error_not_a_crash(tmp_path, fixture_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    shutil.copy(fixture_path("header_dated.txt"), tmp_path / "open.txt")
    real_scandir = os.scandir

    def refusing_scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing_scandir)
    articles, errors = _split(iter_inputs([str(tmp_path)], SETTINGS))
    assert len(articles) == 1
    assert len(errors) == 1 and "cannot read directory" in errors[0].message
    assert errors[0].source.endswith("locked")


def test_glob_expands_to_matching_files(fixture_path):
    pattern = fixture_path("dateline_*.txt")
    articles, errors = _split(iter_inputs([pattern], SETTINGS))
    assert not errors and len(articles) == 3
    assert count_inputs([pattern]) == 3


def test_glob_matching_nothing_is_an_error(fixture_path):
    (error,) = iter_inputs([fixture_path("nothing_*.zzz")], SETTINGS)
    assert isinstance(error, InputError) and "no files match" in error.message


def test_stdin_is_sniffed_and_read(monkeypatch):
    data = b'{"text": "Envoys spoke on Monday."}\n{"text": "They spoke again on Tuesday."}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    articles, errors = _split(iter_inputs(["-"], SETTINGS))
    assert not errors and [a.text for a in articles] == ["Envoys spoke on Monday.",
                                                         "They spoke again on Tuesday."]
    assert articles[0].source == "<stdin>:1"


def test_count_inputs_counts_urls_and_stdin_as_one_each(fixture_path):
    assert count_inputs(["-", "https://example.org/a", fixture_path("empty.txt")]) == 3


@pytest.mark.parametrize("text, kind", [
    ('<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "feed"),
    ("<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
    ('[{"text": "a"}]', "json"),
    ('{"text": "a"}\n{"text": "b"}', "jsonl"),
    ("Envoys met on Monday.", "text"),
    ("{not json at all", "text"),
])
def test_content_sniffing_picks_the_reader(text, kind):
    assert sniff_kind(text) == kind


def test_same_article_ingested_twice_has_the_same_id(fixture_path, tmp_path):
    copy = tmp_path / "copy.txt"
    original = Path(fixture_path("no_headline_no_date.txt")).read_bytes()
    copy.write_bytes(original.replace(b"\n", b"\r\n") + b"   \r\n")
    first, second = iter_inputs([fixture_path("no_headline_no_date.txt"), str(copy)], SETTINGS)
    assert first.id == second.id


def test_broken_symlink_in_a_folder_is_an_error(tmp_path, fixture_path):
    shutil.copy(fixture_path("header_dated.txt"), tmp_path / "real.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    articles, errors = _split(iter_inputs([str(tmp_path)], SETTINGS))
    assert len(articles) == 1
    assert len(errors) == 1 and errors[0].source.endswith("dangling.txt")
