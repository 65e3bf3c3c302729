"""Record files (.jsonl, .json, .csv): one article per record, fields mapped by Settings.fields."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

from parley.config import Settings
from parley.errors import InputError
from parley.ingest.dateline import find_headline, split_header
from parley.ingest.identity import make_article
from parley.ingest.pubdate import parse_published
from parley.ingest.text import add_dateline
from parley.models import Article

Result = Article | InputError


def _field(settings: Settings, name: str) -> str:
    """The record field that holds a Parley article field."""
    return settings.fields.get(name, name)


def _clean(value: Any) -> str | None:
    """A record value as stripped text, None when empty."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def record_to_article(record: Mapping[str, Any], file: str, where: str, fmt: str,
                      settings: Settings, position: dict[str, int]) -> Article | None:
    """Map one record to an Article; None when it has no usable text field."""
    text = record.get(_field(settings, "text"))
    if not isinstance(text, str) or not text.strip():
        return None
    text = text.replace("\r\n", "\n").strip()
    header = split_header(text)
    if header is not None and header.body.strip():
        text = header.body.strip()  # the same article as a text file with that header
    url = _clean(record.get(_field(settings, "url")))
    source = _clean(record.get(_field(settings, "source"))) or url or where
    title = _clean(record.get(_field(settings, "title"))) or find_headline(text)
    article = make_article(text, source, title=title, url=url, format=fmt,
                           meta={"file": file, **position})
    published_field = _field(settings, "published")
    raw = record.get(published_field)
    if raw not in (None, ""):
        parsed = parse_published(raw)
        if parsed:
            article.published, article.published_precision = parsed
            article.published_basis = "field"
            article.published_evidence = f"{published_field}: {raw}"
        else:
            article.meta["published_raw"] = str(raw)
    if header is not None and not article.published:
        article.published, article.published_precision = header.date, "day"
        article.published_basis, article.published_evidence = "header", header.evidence
    return add_dateline(article)


class _MissingText:
    """Collects records without text so a file yields one error, not one per record."""

    def __init__(self, file: str, field: str, unit: str) -> None:
        """Start counting records of one file."""
        self.file = file
        self.unit = unit
        self.field = field
        self.total = 0
        self.missing: list[int] = []

    def error(self, articles: int) -> InputError | None:
        """The single error for the file, or None when every record had text."""
        if not self.missing:
            return None
        if articles == 0 and len(self.missing) == self.total:
            return InputError(f"no '{self.field}' field in any of {self.total} records",
                              source=self.file)
        return InputError(f"{len(self.missing)} of {self.total} records have no '{self.field}' "
                          f"field (first at {self.unit} {self.missing[0]})", source=self.file,
                          line=self.missing[0] if self.unit == "line" else None)


def _emit(records: Iterator[tuple[int, Any, str, dict[str, int]]], file: str, fmt: str,
          settings: Settings, unit: str = "line") -> Iterator[Result]:
    """Turn (number, record, where, position) tuples into articles and errors."""
    missing = _MissingText(file, _field(settings, "text"), unit)
    articles = broken = 0
    for number, record, where, position in records:
        if isinstance(record, InputError):
            broken += 1
            yield record
            continue
        missing.total += 1
        if not isinstance(record, Mapping):
            yield InputError(f"record is a JSON {type(record).__name__}, not an object",
                             source=file, line=position.get("line"))
            continue
        article = record_to_article(record, file, where, fmt, settings, position)
        if article is None:
            missing.missing.append(number)
        elif len(article.text.encode("utf-8")) > settings.max_bytes:
            yield InputError(f"record is larger than {settings.max_bytes} bytes",
                             source=file, line=position.get("line"))
        else:
            articles += 1
            yield article
    error = missing.error(articles)
    if error:
        yield error
    elif missing.total == 0 and not broken:
        yield InputError("no records found", source=file)


def iter_jsonl(text: str, file: str, settings: Settings) -> Iterator[Result]:
    """Articles from JSON Lines; a broken line is an error naming its line, the rest go on."""
    def records() -> Iterator[tuple[int, Any, str, dict[str, int]]]:
        """Number, record, where and position of each record in the file."""
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                record = InputError(f"broken JSON line: {exc.msg} (column {exc.colno})",
                                    source=file, line=number)
            yield number, record, f"{file}:{number}", {"line": number}
    yield from _emit(records(), file, "jsonl", settings)


def iter_json(text: str, file: str, settings: Settings) -> Iterator[Result]:
    """Articles from a JSON array of records or one record (JSON Lines saved as .json too)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":
            yield from iter_jsonl(text, file, settings)
        else:
            yield InputError(f"broken JSON: {exc.msg} (column {exc.colno})",
                             source=file, line=exc.lineno)
        return
    if isinstance(data, Mapping) and _field(settings, "text") not in data:
        # A wrapper object such as {"articles": [...]}: read its first list of records.
        lists = [v for v in data.values() if isinstance(v, list) and v
                 and all(isinstance(x, Mapping) for x in v)]
        data = lists[0] if lists else data
    items = data if isinstance(data, list) else [data]

    def records() -> Iterator[tuple[int, Any, str, dict[str, int]]]:
        """Number, record, where and position of each record in the file."""
        for index, record in enumerate(items, start=1):
            yield index, record, f"{file}#{index}", {"item": index}
    yield from _emit(records(), file, "json", settings, unit="item")


def _delimiter(header: str, file: str) -> str:
    """Pick the delimiter from the header line (csv.Sniffer misreads prose-heavy samples)."""
    if file.lower().endswith(".tsv"):
        return "\t"
    counts = {d: header.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def iter_csv(text: str, file: str, settings: Settings) -> Iterator[Result]:
    """Articles from CSV/TSV with a header row; a missing text column is one error."""
    # Article bodies can exceed the csv module's default 128 KiB field limit.
    csv.field_size_limit(max(csv.field_size_limit(), settings.max_bytes))
    header = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(header, file))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    text_column = _field(settings, "text")
    if text_column not in columns:
        yield InputError(f"no '{text_column}' column (columns: {', '.join(columns) or 'none'})",
                         source=file, line=1)
        return
    reader.fieldnames = columns

    def records() -> Iterator[tuple[int, Any, str, dict[str, int]]]:
        """Number, record, where and position of each record in the file."""
        previous = reader.line_num
        try:
            for row in reader:
                start = previous + 1
                previous = reader.line_num
                yield start, row, f"{file}:{start}", {"line": start}
        except csv.Error as exc:
            yield previous + 1, InputError(f"broken CSV: {exc}", source=file,
                                           line=previous + 1), "", {}
    yield from _emit(records(), file, "csv", settings)
