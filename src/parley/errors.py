"""Exception tree with coded, actionable messages.

Codes (``P1xx`` ingest, ``P2xx`` knowledge base/data files, ``P3xx`` extract,
``P4xx`` store, ``P5xx`` eval/export) let users search the docs and let
scripts tell failures apart without parsing prose.
"""

from __future__ import annotations


class ParleyError(Exception):
    """Base class: a user-facing failure with a code and one-line message."""

    code = "P000"

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        self.message = message
        self.source = source
        self.line = line
        super().__init__(self.oneline())

    def oneline(self) -> str:
        """``source:line: message [code]`` on one line, whatever the message quotes."""
        where = ""
        if self.source:
            name = self.source.replace("\r", "\\r").replace("\n", "\\n")
            where = name + (f":{self.line}" if self.line else "") + ": "
        return f"{where}{' '.join(self.message.split())} [{self.code}]"


class Skip(ParleyError):
    """One input item is dropped with a reason; the batch goes on."""

    code = "P100"


class InputError(Skip):
    """An input file, record or URL could not be read as an article."""

    code = "P101"


class FetchError(Skip):
    """A URL could not be fetched (unreachable, too large, not HTML/feed)."""

    code = "P102"


class FetchRefused(FetchError):
    """A URL points at a host Parley does not fetch from (not http/https, or a loopback,
    private, link-local or multicast address) unless ``--allow-private`` is given."""

    code = "P103"


class DataFileError(ParleyError):
    """A knowledge-base or lexicon data file is malformed."""

    code = "P201"


class ModelMissing(ParleyError):
    """The spaCy English pipeline is not installed."""

    code = "P301"


class ExtractionFailed(ParleyError):
    """An article the user asked about could not be extracted."""

    code = "P302"


class StoreError(ParleyError):
    """The store could not be opened or migrated."""

    code = "P401"


class StoreWriteError(StoreError):
    """The store cannot take a write (full disk, read-only file, held lock); nothing was
    half-written: the transaction that failed was rolled back whole."""

    code = "P402"


class GoldFileError(ParleyError):
    """A gold file for ``parley eval`` is malformed."""

    code = "P501"
