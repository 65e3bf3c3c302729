"""Shared fixtures for extraction tests."""

from __future__ import annotations

import pytest

from parley.extract.article import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """One extractor (spaCy pipeline + knowledge base) for every extraction test."""
    return Extractor()
