"""The one table of engagement types: families, compatibility, preference."""

from __future__ import annotations

import pytest

from parley.errors import DataFileError
from parley.kb.types import engagement_types, parse_types
from parley.models import EVENT_TYPES


def test_every_type_has_a_family_and_compatibility_is_symmetric() -> None:
    types = engagement_types()
    assert set(types.families) == set(EVENT_TYPES)
    assert types.compat("call", "video_call") == types.compat("video_call", "call") > 0
    assert types.compat("joint_statement", "meeting") == 0
    assert types.compat("summit", "summit") == 1.0
    assert types.family("video_call") == types.family("call")


def test_an_unknown_type_in_the_table_names_the_file() -> None:
    raw = {"families": {t: "x" for t in EVENT_TYPES},
           "compatibility": [["call", "telegram", 0.5]], "preference": []}
    with pytest.raises(DataFileError, match="compatibility") as info:
        parse_types(raw, "engagement_types.json")
    assert "engagement_types.json" in info.value.oneline()


def test_a_type_without_a_family_is_refused() -> None:
    raw = {"families": {"call": "remote"}, "compatibility": [], "preference": []}
    with pytest.raises(DataFileError, match="families"):
        parse_types(raw, "engagement_types.json")
