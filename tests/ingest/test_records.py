"""JSON Lines, JSON and CSV records: one article each; a bad line does not stop the file."""

from __future__ import annotations

from dataclasses import replace

from parley.config import Settings
from parley.errors import InputError
from parley.ingest.records import iter_csv, iter_json, iter_jsonl

SETTINGS = Settings()


def _read(reader, fixture_path, name: str, settings: Settings = SETTINGS) -> list:
    path = fixture_path(name)
    return list(reader(open(path, encoding="utf-8").read(), path, settings))


def test_jsonl_records_become_articles_with_dates_and_sources(fixture_path):
    first, second, third = _read(iter_jsonl, fixture_path, "articles.jsonl")
    assert first.title == "Negotiators hold call" and first.source == "https://example.net/a"
    assert (first.published, first.published_basis) == ("2022-04-05", "field")
    assert second.source.endswith("articles.jsonl:2") and second.published == "2022-04-05"
    assert (third.published, third.published_precision) == ("2021-11", "month")
    assert third.source == "wire-feed-17"
    assert third.meta["file"].endswith("articles.jsonl") and third.meta["line"] == 4


def test_broken_json_line_is_an_error_and_other_lines_still_read(fixture_path):
    items = _read(iter_jsonl, fixture_path, "truncated.jsonl")
    errors = [i for i in items if isinstance(i, InputError)]
    articles = [i for i in items if not isinstance(i, InputError)]
    assert len(errors) == 1 and errors[0].line == 2
    assert errors[0].source.endswith("truncated.jsonl")
    assert "broken JSON line" in errors[0].message
    assert [a.meta["line"] for a in articles] == [1, 3]


def test_file_of_records_without_text_gives_one_error(fixture_path):
    items = _read(iter_jsonl, fixture_path, "records_without_text.jsonl")
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "no 'text' field" in items[0].message


def test_some_records_without_text_give_one_error_after_the_articles(fixture_path):
    items = _read(iter_jsonl, fixture_path, "some_records_without_text.jsonl")
    assert not isinstance(items[0], InputError)
    assert isinstance(items[1], InputError) and len(items) == 2
    assert "2 of 3 records" in items[1].message and items[1].line == 2


def test_field_mapping_reads_other_record_fields():
    settings = replace(SETTINGS, fields={**SETTINGS.fields, "text": "body", "published": "date"})
    line = '{"body": "Envoys met in Rome on trade.", "date": "2020-02-02"}\n'
    (article,) = iter_jsonl(line, "mapped.jsonl", settings)
    assert article.text == "Envoys met in Rome on trade." and article.published == "2020-02-02"


def test_unparseable_published_is_kept_in_meta_not_guessed():
    line = '{"text": "Envoys met.", "published": "sometime soon"}'
    (article,) = iter_jsonl(line, "vague.jsonl", SETTINGS)
    assert article.published is None and article.meta["published_raw"] == "sometime soon"


def test_json_array_gives_one_article_per_item(fixture_path):
    first, second = _read(iter_json, fixture_path, "articles_array.json")
    assert first.title == "Envoys speak" and first.published == "2023-11-16"
    assert second.source.endswith("articles_array.json#2")


def test_single_json_object_is_one_article(fixture_path):
    (article,) = _read(iter_json, fixture_path, "single_article.json")
    assert article.url == "https://example.net/summit"
    assert (article.published, article.published_basis) == ("2023-11-15", "field")


def test_wrapper_object_with_a_list_of_records_is_read():
    doc = '{"count": 1, "articles": [{"text": "A call took place on Monday."}]}'
    (article,) = iter_json(doc, "wrapped.json", SETTINGS)
    assert article.text == "A call took place on Monday."


def test_broken_json_document_names_the_line():
    (error,) = iter_json('[\n{"text": "x"},\n{"text": }\n]', "bad.json", SETTINGS)
    assert isinstance(error, InputError) and error.line == 3


def test_json_lines_saved_as_json_are_still_read():
    doc = '{"text": "First story."}\n{"text": "Second story."}\n'
    assert [a.text for a in iter_json(doc, "lines.json", SETTINGS)] == [
        "First story.", "Second story."]


def test_csv_rows_become_articles_with_line_numbers(fixture_path):
    first, second = _read(iter_csv, fixture_path, "articles.csv")
    assert first.title == "Talks resume" and first.published == "2019-06-03"
    assert first.text.startswith("Negotiators met in London on Monday, and agreed")
    assert second.text.startswith("A second row whose text spans\ntwo lines")
    assert second.source.endswith("articles.csv:3") and second.url is None


def test_csv_without_text_column_is_one_error_naming_it(fixture_path):
    items = _read(iter_csv, fixture_path, "missing_text_column.csv")
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "no 'text' column" in items[0].message and "body" in items[0].message


def test_semicolon_separated_csv_is_read():
    doc = "text;published\nEnvoys met, then talked again.;2020-05-06\n"
    (article,) = iter_csv(doc, "semi.csv", SETTINGS)
    assert article.text == "Envoys met, then talked again." and article.published == "2020-05-06"


def test_file_without_records_says_so():
    (error,) = iter_json("[]", "empty_array.json", SETTINGS)
    assert isinstance(error, InputError) and "no records found" in error.message
    (error,) = iter_csv("title,text\n", "header_only.csv", SETTINGS)
    assert "no records found" in error.message
