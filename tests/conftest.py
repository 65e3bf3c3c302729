"""Fixtures for the whole suite: where the shared seed articles are."""

from __future__ import annotations

from pathlib import Path

import pytest

#: The shared folder sits beside the repository (present in CI, maybe not elsewhere).
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The shared seed articles and their gold file, or skip when they are absent."""
    folder = SHARED / "seeds"
    if not (folder / "gold.jsonl").is_file() or not list(folder.glob("*.txt")):
        pytest.skip(f"shared seed articles are not present at {folder}")
    return folder
