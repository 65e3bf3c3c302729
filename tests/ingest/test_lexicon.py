"""The ingest data file is validated with errors that name the bad entry."""

from __future__ import annotations

import json

import pytest

from parley.errors import DataFileError
from parley.ingest.lexicon import DATA_FILE, ingest_data, parse_ingest_data


def _shipped() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def test_shipped_data_file_loads():
    data = ingest_data()
    assert data.extensions["jsonl"] == "jsonl" and data.months["sept"] == 9
    assert any(name == "PDF" for _, name in data.binary_magic)


def test_extension_mapped_to_unknown_reader_is_named():
    raw = _shipped()
    raw["extensions"]["doc"] = "word"
    with pytest.raises(DataFileError, match="'doc' maps to unknown kind 'word'"):
        parse_ingest_data(raw)


def test_bad_magic_hex_is_named():
    raw = _shipped()
    raw["binary_magic"].append({"name": "broken", "hex": "zz"})
    with pytest.raises(DataFileError, match="binary_magic"):
        parse_ingest_data(raw)


def test_month_out_of_range_is_named():
    raw = _shipped()
    raw["months"]["smarch"] = 13
    with pytest.raises(DataFileError, match="smarch"):
        parse_ingest_data(raw)


def test_missing_section_is_named():
    raw = _shipped()
    del raw["months"]
    with pytest.raises(DataFileError, match="'months' must be a dict"):
        parse_ingest_data(raw)
