"""Fixtures for the web layer: the bundled examples ingested and extracted once per run."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from parley.config import Settings
from parley.pipeline import extract, ingest
from parley.serve.app import create_app
from parley.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TOKEN = "test-token-7f3a"
#: The Geneva talks of May 2025 as the demo store has them (three articles report them).
GENEVA = {"type": "talks_round", "date": "2025-05-10", "location": "Geneva"}


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
    items = c.get("/api/v1/events", params={"type": "talks_round", "since": "2025-05",
                                            "until": "2025-05", "q": "Geneva"}).json()["items"]
    found = [e for e in items if e["date"] == GENEVA["date"] and e["location"] == "Geneva"]
    assert len(found) == 1, [(e["date"], e["location"]) for e in items]
    return str(found[0]["id"])


AUTH = {"Authorization": f"Bearer {TOKEN}"}
