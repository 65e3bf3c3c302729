"""Turn raw bytes into text: size cap, binary rejection and encoding detection."""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from parley.errors import InputError
from parley.ingest.lexicon import ingest_data

#: How much of the start of a file is inspected for binary content.
SNIFF_BYTES = 8192
#: Share of control characters above which decoded "text" is really binary.
MAX_CONTROL_SHARE = 0.05

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WEB_LATIN1 = {"iso8859-1", "ascii", "latin-1", "cp1252"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)",
                           re.IGNORECASE)


def read_file_capped(path: str | Path, max_bytes: int, source: str | None = None) -> bytes:
    """Read a whole file, refusing empty, oversized or unreadable ones with an InputError."""
    where = source or str(path)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(info.st_mode):
            raise InputError("not a regular file", source=where)
        size = info.st_size
        if size > max_bytes:
            raise InputError(f"file is larger than {max_bytes} bytes ({size})", source=where)
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except IsADirectoryError:
        raise InputError("is a directory", source=where) from None
    except PermissionError:
        raise InputError("permission denied", source=where) from None
    except FileNotFoundError:
        raise InputError("no such file", source=where) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=where) from None
    return check_size(data, max_bytes, where)


def read_stream_capped(stream: BinaryIO, max_bytes: int, source: str) -> bytes:
    """Read a byte stream (stdin) up to the cap."""
    return check_size(stream.read(max_bytes + 1), max_bytes, source)


def check_size(data: bytes, max_bytes: int, source: str) -> bytes:
    """Refuse empty or oversized content."""
    if len(data) > max_bytes:
        raise InputError(f"file is larger than {max_bytes} bytes", source=source)
    if not data.strip():
        raise InputError("empty file", source=source)
    return data


def bom_encoding(data: bytes) -> str | None:
    """The encoding announced by a byte-order mark, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def binary_kind(data: bytes) -> str | None:
    """Name the binary format of data (magic number or NUL bytes), or None for text."""
    for magic, name in ingest_data().binary_magic:
        if data.startswith(magic):
            return name
    if bom_encoding(data) is None and b"\x00" in data[:SNIFF_BYTES]:
        return "NUL bytes"
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML document declares in its first bytes, if valid."""
    head = data[:2048]
    match = _META_CHARSET.search(head) or re.search(rb"<\?xml[^>]+encoding=[\"']([\w\-]+)", head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _try(data: bytes, encoding: str) -> str | None:
    """The bytes decoded with one encoding, or None if they do not fit it."""
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode text bytes (BOM, UTF-8, declared charset, then detection) with LF line ends."""
    kind = binary_kind(data)
    if kind:
        raise InputError(f"binary file ({kind}), not text", source=source)
    if declared and codecs.lookup(declared).name in _WEB_LATIN1:
        declared = "cp1252"  # as browsers do: pages labelled Latin-1 are written in cp1252
    text = None
    for encoding in (bom_encoding(data), "utf-8", declared):
        if encoding and text is None:
            text = _try(data, encoding)
    if text is None:
        text = _detect(data)
    if text is None:
        raise InputError("undecodable bytes: no text encoding fits", source=source)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:SNIFF_BYTES]
    if sample and len(_CONTROL.findall(sample)) / len(sample) > MAX_CONTROL_SHARE:
        raise InputError("binary file (control characters), not text", source=source)
    return text


def _detect(data: bytes) -> str | None:
    """Detect a legacy encoding, preferring the common Western ones among plausible guesses.

    charset-normalizer ranks cp1250/cp1257 above cp1252 for short Western text, so
    when a preferred encoding is among its plausible candidates it wins.
    """
    matches = from_bytes(data)
    if not matches:
        return None
    candidates = {m.encoding for m in matches}
    for preferred in ingest_data().preferred_encodings:
        if preferred in candidates:
            return _try(data, preferred)
    best = matches.best()
    return str(best) if best is not None else None
