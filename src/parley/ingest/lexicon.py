"""Load and validate the ingest data file (extensions, content types, magic numbers, months)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from parley.errors import DataFileError

DATA_FILE = Path(__file__).parent / "data" / "ingest.json"

KINDS = frozenset({"text", "html", "jsonl", "json", "csv", "feed"})


@dataclass(frozen=True, slots=True)
class IngestData:
    """Validated contents of ingest.json."""

    extensions: dict[str, str]
    html_types: frozenset[str]
    feed_types: frozenset[str]
    binary_magic: tuple[tuple[bytes, str], ...]
    preferred_encodings: tuple[str, ...]
    months: dict[str, int]
    dateline_stopwords: frozenset[str]
    #: Words a publication-date line may hold beside its date ("Updated:", weekdays, zones).
    date_line_words: frozenset[str]
    #: Labels of a page's date field copied before the text ("date 2023-11-16 ...").
    date_field_labels: frozenset[str]
    #: Labels of a date line that gives a revision, not the first publication.
    update_labels: frozenset[str]
    #: Names (lower case, without extension) of files that describe a folder, not news.
    project_names: frozenset[str]
    #: Extensions (without the dot; "" for none) such project files carry.
    project_extensions: frozenset[str]


def _require(data: dict[str, Any], key: str, kind: type, path: Path) -> Any:
    """The value under key, which must have the given type."""
    value = data.get(key)
    if not isinstance(value, kind):
        raise DataFileError(f"'{key}' must be a {kind.__name__}", source=str(path))
    return value


def parse_ingest_data(data: Any, path: Path = DATA_FILE) -> IngestData:
    """Check the shape of the ingest data and build the typed view, naming any bad key."""
    if not isinstance(data, dict):
        raise DataFileError("top level must be an object", source=str(path))
    extensions = _require(data, "extensions", dict, path)
    for ext, kind in extensions.items():
        if kind not in KINDS:
            raise DataFileError(f"extension '{ext}' maps to unknown kind '{kind}'",
                                source=str(path))
    types = _require(data, "content_types", dict, path)
    for key in ("html", "feed"):
        if not isinstance(types.get(key), list):
            raise DataFileError(f"'content_types.{key}' must be a list", source=str(path))
    magic: list[tuple[bytes, str]] = []
    for entry in _require(data, "binary_magic", list, path):
        try:
            magic.append((bytes.fromhex(entry["hex"]), str(entry["name"])))
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFileError(f"bad 'binary_magic' entry {entry!r}: {exc}",
                                source=str(path)) from exc
    months = _require(data, "months", dict, path)
    for name, number in months.items():
        if not (isinstance(number, int) and 1 <= number <= 12):
            raise DataFileError(f"month '{name}' must map to 1..12", source=str(path))
    project = _require(data, "project_files", dict, path)
    for key in ("names", "extensions"):
        if not isinstance(project.get(key), list):
            raise DataFileError(f"'project_files.{key}' must be a list", source=str(path))
    return IngestData(
        extensions={k.lower(): v for k, v in extensions.items()},
        html_types=frozenset(t.lower() for t in types["html"]),
        feed_types=frozenset(t.lower() for t in types["feed"]),
        binary_magic=tuple(magic),
        preferred_encodings=tuple(_require(data, "preferred_legacy_encodings", list, path)),
        months={k.lower(): v for k, v in months.items()},
        dateline_stopwords=frozenset(
            w.lower() for w in _require(data, "dateline_stopwords", list, path)),
        date_line_words=frozenset(
            w.lower() for w in _require(data, "date_line_words", list, path)),
        date_field_labels=frozenset(
            w.lower() for w in _require(data, "date_field_labels", list, path)),
        update_labels=frozenset(
            w.lower() for w in _require(data, "update_labels", list, path)),
        project_names=frozenset(n.lower() for n in project["names"]),
        project_extensions=frozenset(e.lower().lstrip(".") for e in project["extensions"]),
    )


@lru_cache(maxsize=1)
def ingest_data() -> IngestData:
    """Return the validated ingest data, read once per process."""
    try:
        raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataFileError(f"cannot read ingest data: {exc}", source=str(DATA_FILE)) from exc
    return parse_ingest_data(raw, DATA_FILE)
