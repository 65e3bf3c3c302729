"""Read bundled and user JSONL knowledge-base files into validated records.

A record's kind comes from its ``"type"`` field or, failing that, from the file
name (``offices``, ``officials``/``people``, ``institutions``, ``countries``).
A later record with an id already seen extends the earlier one: its scalar
fields override, its lists (aliases, offices...) are appended.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from parley.errors import DataFileError
from parley.kb.records import (
    Country,
    Institution,
    Office,
    Person,
    Where,
    parse_country,
    parse_institution,
    parse_office,
    parse_person,
)
from parley.models import EVENT_TYPES

BUNDLED_FILES = ("countries.jsonl", "offices.jsonl", "institutions.jsonl", "officials.jsonl")
_KIND_ALIASES = {
    "office": "office",
    "official": "official",
    "person": "official",
    "people": "official",
    "institution": "institution",
    "organisation": "institution",
    "organization": "institution",
    "country": "country",
}
_LIST_FIELDS = ("aliases", "offices", "demonyms", "capital_metonyms")
_KEY_FIELD = {"office": "id", "official": "id", "institution": "id", "country": "code"}


@dataclass
class KBData:
    """Validated records by id, in the order they were first seen."""

    offices: dict[str, Office] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    institutions: dict[str, Institution] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)


def kind_from_filename(path: str) -> str | None:
    """Guess the record kind from a file name such as ``my_officials.jsonl``."""
    stem = Path(path).name.lower()
    for needle, kind in (("official", "official"), ("people", "official"),
                         ("person", "official"), ("office", "office"),
                         ("institution", "institution"), ("org", "institution"),
                         ("countr", "country")):
        if needle in stem:
            return kind
    return None


def iter_jsonl(text: str, source: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each non-blank line; bad JSON is a DataFileError."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataFileError(f"not valid JSON ({exc.msg})", source=source, line=number) from None
        if not isinstance(obj, dict):
            raise DataFileError("each line must be a JSON object", source=source, line=number)
        yield number, obj


def _merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    merged = dict(old)
    for key, value in new.items():
        if key in _LIST_FIELDS and isinstance(value, list) and isinstance(old.get(key), list):
            merged[key] = old[key] + [v for v in value if v not in old[key]]
        else:
            merged[key] = value
    return merged


class _Collector:
    """Accumulates raw records per kind, merging repeated ids."""

    def __init__(self) -> None:
        self.raw: dict[str, dict[str, tuple[dict[str, Any], Where]]] = {
            kind: {} for kind in _KEY_FIELD
        }

    def add_text(self, text: str, source: str) -> None:
        default_kind = kind_from_filename(source)
        for number, obj in iter_jsonl(text, source):
            where = Where(source, number)
            if obj.get("type") in EVENT_TYPES:
                continue  # a known engagement: read by parley.kb.engagements
            declared = obj.pop("type", None)
            kind = _KIND_ALIASES.get(str(declared).lower()) if declared is not None else default_kind
            if kind is None:
                raise where.error(
                    "cannot tell the record kind: add \"type\": office | official | "
                    "institution | country, or name the file after the kind")
            key = obj.get(_KEY_FIELD[kind])
            if not isinstance(key, str) or not key:
                raise where.error(f"{kind} record needs a {_KEY_FIELD[kind]!r} field")
            seen = self.raw[kind].get(key)
            self.raw[kind][key] = ((_merge(seen[0], obj), where) if seen else (obj, where))

    def build(self) -> KBData:
        data = KBData()
        parsers: dict[str, tuple[Callable[[dict[str, Any], Where], Any], dict[str, Any]]] = {
            "country": (parse_country, data.countries),
            "office": (parse_office, data.offices),
            "institution": (parse_institution, data.institutions),
            "official": (parse_person, data.persons),
        }
        for kind, (parse, target) in parsers.items():
            for key, (raw, where) in self.raw[kind].items():
                target[key] = parse(raw, where)
        self._check_links(data)
        return data

    def _check_links(self, data: KBData) -> None:
        for person in data.persons.values():
            where = self.raw["official"][person.id][1]
            for tenure in person.tenures:
                if tenure.office_id not in data.offices:
                    raise where.error(f"{person.id}: unknown office {tenure.office_id!r}")
            if person.country not in data.countries:
                raise where.error(f"{person.id}: unknown country {person.country!r}")
        for inst in data.institutions.values():
            if inst.country is not None and inst.country not in data.countries:
                raise self.raw["institution"][inst.id][1].error(
                    f"{inst.id}: unknown country {inst.country!r}")
        for office in data.offices.values():
            if office.country not in data.countries:
                raise self.raw["office"][office.id][1].error(
                    f"{office.id}: unknown country {office.country!r}")


def load_records(extra_files: Sequence[str | Path] = ()) -> KBData:
    """Load the bundled data files, then each user file in order."""
    collector = _Collector()
    package = resources.files("parley.kb") / "data"
    for name in BUNDLED_FILES:
        collector.add_text((package / name).read_text(encoding="utf-8"), name)
    for extra in extra_files:
        path = Path(extra)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise DataFileError(f"cannot read knowledge-base file ({exc.strerror})",
                                source=str(path)) from None
        collector.add_text(text, str(path))
    return collector.build()
