"""Fixtures for the web layer: the bundled examples ingested and extracted once per run."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from parley.config import Settings
from parley.pipeline import extract, ingest
from parley.serve.app import create_app
from parley.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TOKEN = "test-token-7f3a"
#: The Geneva talks of May 2025, as the demo store has them.
GENEVA = {"type": "talks_round", "month": "2025-05", "location": "Geneva"}


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store `make demo` builds, built once (read it; copy it before writing)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    settings = Settings(db=str(path), workers=1, progress=False)
    with Store(path) as store:
        ingest([str(EXAMPLES)], settings, store)
        extract(store, settings)
    checkpoint(path)
    return path


def checkpoint(path: Path) -> None:
    """Fold the WAL into the database file so that copying the file copies the store."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path) -> Path:
    """A private copy of the demo store a test may change."""
    target = tmp_path / "demo.db"
    shutil.copy(demo_db, target)
    return target


def make_client(db: Path, token: str | None) -> TestClient:
    """A client of the app over one store, with or without a write token."""
    return TestClient(create_app(Settings(db=str(db), workers=1, progress=False), token=token))


@pytest.fixture
def client(demo_copy: Path) -> Iterator[TestClient]:
    """The app over a copy of the demo store, accepting writes with TOKEN."""
    with make_client(demo_copy, TOKEN) as c:
        yield c


@pytest.fixture
def readonly(demo_copy: Path) -> Iterator[TestClient]:
    """The app over a copy of the demo store started without a token."""
    with make_client(demo_copy, None) as c:
        yield c


def geneva_id(c: TestClient) -> str:
    """The id of the Geneva talks event."""
    items = c.get("/api/v1/events", params={"type": GENEVA["type"], "since": GENEVA["month"],
                                            "until": GENEVA["month"], "q": "Geneva"}).json()["items"]
    found = [e for e in items if e["location"] == GENEVA["location"]]
    assert found, [(e["date"], e["location"]) for e in items]
    return str(max(found, key=lambda e: len(set(e["article_ids"])))["id"])


def two_sided_id(c: TestClient | httpx.Client) -> str:
    """An event both sides gave a readout of (tone words from each), the most reported one."""
    items = c.get("/api/v1/events", params={"pair": "USA-CHN", "limit": 500}).json()["items"]
    both = [e for e in items
            if all((e["tone"].get(side) or {}).get("words") for side in ("USA", "CHN"))]
    assert both, "no event in the demo store has a readout from each side"
    return str(max(both, key=lambda e: (len(set(e["article_ids"])), e["id"]))["id"])


AUTH = {"Authorization": f"Bearer {TOKEN}"}
