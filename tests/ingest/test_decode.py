"""Bytes to text: empty, binary, undecodable and oversized input refused; legacy text read."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from parley.errors import InputError
from parley.ingest.decode import binary_kind, decode_bytes, read_file_capped, read_stream_capped


def test_empty_file_is_refused(fixture_path):
    with pytest.raises(InputError, match="empty file"):
        read_file_capped(fixture_path("empty.txt"), 1000)


def test_whitespace_only_file_counts_as_empty(fixture_path):
    with pytest.raises(InputError, match="empty file"):
        read_file_capped(fixture_path("whitespace_only.txt"), 1000)


def test_oversized_file_names_the_limit(fixture_path):
    with pytest.raises(InputError, match="larger than 50 bytes") as caught:
        read_file_capped(fixture_path("dateline_reuters.txt"), 50)
    assert caught.value.source.endswith("dateline_reuters.txt")


def test_oversized_stdin_is_refused():
    with pytest.raises(InputError, match="larger than 10 bytes"):
        read_stream_capped(io.BytesIO(b"a" * 11), 10, "<stdin>")


def test_directory_is_not_read_as_a_file(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_file_capped(tmp_path, 1000)


def test_nul_bytes_mark_a_binary_file(fixture_path):
    data = Path(fixture_path("nul_bytes.txt")).read_bytes()
    with pytest.raises(InputError, match="binary file"):
        decode_bytes(data, "nul_bytes.txt")


def test_magic_number_names_the_binary_format(fixture_path):
    data = Path(fixture_path("fake_report.pdf")).read_bytes()
    assert binary_kind(data) == "PDF"


def test_control_characters_mark_a_binary_file(fixture_path):
    data = Path(fixture_path("control_characters.txt")).read_bytes()
    with pytest.raises(InputError, match="binary"):
        decode_bytes(data, "control_characters.txt")


def test_undecodable_bytes_are_refused(fixture_path):
    data = Path(fixture_path("undecodable.txt")).read_bytes()
    with pytest.raises(InputError, match="undecodable"):
        decode_bytes(data, "undecodable.txt")


def test_cp1252_text_is_read_correctly(fixture_path):
    data = Path(fixture_path("latin1_encoded.txt")).read_bytes()
    text = decode_bytes(data, "latin1_encoded.txt")
    assert "Négociations à Genève" in text
    assert "“très constructif” — a déjà vu for señor Núñez" in text


def test_utf16_with_bom_is_text_not_binary(fixture_path):
    data = Path(fixture_path("utf16_with_bom.txt")).read_bytes()
    text = decode_bytes(data, "utf16_with_bom.txt")
    assert text.startswith("Negotiators met on Friday in Zürich")


def test_page_labelled_latin1_decodes_smart_quotes_as_cp1252():
    data = "<p>He called it “useful”.</p>".encode("cp1252")
    assert "“useful”" in decode_bytes(data, "page.html", declared="iso-8859-1")


def test_windows_line_endings_become_newlines():
    assert decode_bytes(b"one\r\ntwo\rthree", "x.txt") == "one\ntwo\nthree"
