"""Normalisation of surface forms used for lookups."""

from __future__ import annotations

import pytest

from parley.kb.normalize import normalize_surface, possessive, strip_possessive


@pytest.mark.parametrize("a, b", [
    ("U.S.", "US"),
    ("Vice-Premier", "vice premier"),
    ("China\u2019s commerce ministry", "China's Commerce Ministry"),
    ("the White House", "White House"),
    ("Lan Fo\u2019an", "Lan Fo'an"),
    ("  Vice\u2013Foreign  Minister ", "vice foreign minister"),
])
def test_spelling_variants_share_a_key(a: str, b: str) -> None:
    assert normalize_surface(a) == normalize_surface(b)


def test_possessives() -> None:
    assert possessive("China") == "China's"
    assert possessive("United States") == "United States'"
    assert strip_possessive("beijing's") == "beijing"
