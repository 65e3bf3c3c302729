"""One frozen Settings object, built once and passed down.

Precedence: defaults < settings file (``parley.toml``) < environment
(``PARLEY_*``) < command-line flags.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from parley import __version__

USER_AGENT = f"parley/{__version__} (+news negotiation tracker)"

#: Default mapping from Parley's article fields to record fields in JSONL/CSV input.
DEFAULT_FIELDS: dict[str, str] = {
    "text": "text",
    "title": "title",
    "url": "url",
    "published": "published",
    "source": "source",
}


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know; immutable so workers can share it."""

    db: str = "parley.db"
    #: Maximum size of one article (a text or HTML file, a fetched page, one record).
    max_bytes: int = 5_000_000
    #: Maximum size of a file holding many articles (JSONL/JSON/CSV dumps, feeds).
    max_dump_bytes: int = 2_000_000_000
    #: HTTP timeout in seconds, and how many redirects to follow.
    http_timeout: float = 15.0
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    #: Fetch the page each feed item links to (off: use the feed's summary).
    fetch_links: bool = False
    #: Let fetching reach loopback, private, link-local and multicast addresses (off:
    #: only public internet hosts are fetched).
    allow_private: bool = False
    #: JSONL/CSV field mapping (Parley field -> record field).
    fields: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_FIELDS))
    #: Extra knowledge-base files (JSONL of officials/institutions) to load.
    kb_files: tuple[str, ...] = ()
    #: Use the known-engagements file (bundled, plus engagement records in ``kb_files``) to
    #: link mentions and estimate publication dates; off measures the extractor alone.
    known_engagements: bool = True
    #: Mentions whose confidence is below this do not become events (they stay visible as
    #: mentions of their article); None means the threshold fitted with the model.
    min_confidence: float | None = None
    #: Worker processes for extraction; 0 means all local cores.
    workers: int = 0
    #: Dask scheduler address ("tcp://host:8786"); empty means local processes.
    dask_address: str = ""
    #: Parse only the sentences of a relevant article that can hold an engagement (and the
    #: ones the extractor reads around them); off parses every sentence.
    gate_sentences: bool = True
    #: Articles per batch handed to a worker (each parses them in batches of
    #: ``extract.article.PARSE_BATCH``).
    batch_size: int = 32
    #: Jaccard threshold at which two articles count as near-duplicates.
    neardup_threshold: float = 0.7
    progress: bool = True

    def with_overrides(self, **overrides: Any) -> Settings:
        """Return a copy with the non-None overrides applied."""
        clean = {k: v for k, v in overrides.items() if v is not None}
        return replace(self, **clean)


def _coerce(name: str, raw: str, like: Any) -> Any:
    if isinstance(like, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(like, int):
        return int(raw)
    if isinstance(like, float):
        return float(raw)
    if isinstance(like, tuple):
        return tuple(p for p in raw.split(os.pathsep) if p)
    return raw


def load_settings(path: str | Path | None = None, env: dict[str, str] | None = None,
                  **cli: Any) -> Settings:
    """Build Settings from defaults, an optional TOML file, PARLEY_* env and CLI flags."""
    environ: Mapping[str, str] = os.environ if env is None else env
    base = Settings()
    values: dict[str, Any] = {}
    file = Path(path) if path else Path(environ.get("PARLEY_CONFIG", "parley.toml"))
    if file.is_file():
        with file.open("rb") as fh:
            data = tomllib.load(fh).get("parley", {})
        known = {f.name for f in fields(Settings)}
        values.update({k: (tuple(v) if isinstance(v, list) else v)
                       for k, v in data.items() if k in known})
    for f in fields(Settings):
        key = "PARLEY_" + f.name.upper()
        if key in environ and f.name != "fields":
            values[f.name] = _coerce(f.name, environ[key], getattr(base, f.name))
    values.update({k: v for k, v in cli.items() if v is not None})
    return replace(base, **values)
