"""The fusion data files are validated with clear errors."""

from __future__ import annotations

import pytest

from parley.errors import DataFileError
from parley.fuse import resources


@pytest.fixture
def fresh_caches():
    """Forget loaded data so a patched file is read again, and forget it again afterwards."""
    resources.fusion_data.cache_clear()
    resources.pubdate_cues.cache_clear()
    yield
    resources.fusion_data.cache_clear()
    resources.pubdate_cues.cache_clear()


def test_bundled_files_load():
    assert resources.fusion_data().compat("call", "video_call") > 0
    assert resources.fusion_data().compat("joint_statement", "meeting") == 0
    assert resources.pubdate_cues().relative["earlier this month"] == "same_month"


def test_unknown_relative_cue_kind_is_reported(monkeypatch, fresh_caches):
    monkeypatch.setattr(resources, "read_data", lambda name: {"relative": {"last month": "soonish"}})
    with pytest.raises(DataFileError, match="relative"):
        resources.pubdate_cues()
