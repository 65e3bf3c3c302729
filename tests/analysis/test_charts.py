"""Charts are written as real PNG and SVG files."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.analysis.charts import event_label, plot_index, plot_ledger, plot_timeline
from parley.analysis.index import relationship_index
from parley.analysis.ledger import issue_ledger

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
US = {"name": "Ana Ruiz", "country": "USA", "kind": "person"}
CN = {"name": "Zhou Ming", "country": "CHN", "kind": "person"}


@pytest.fixture
def engagements() -> list[dict]:
    """A dozen engagements of mixed type, status, precision and tone."""
    kinds = ["call", "meeting", "visit", "talks_round"]
    statuses = ["happened", "happened", "planned", "cancelled"]
    dates = ["2021-03-02", "2021-03", "2021-05-17", "2021-06-01", "2021", "2021-08-09",
             "2021-09-30", "2021-10", "2021-11-15", "2021-12-01", "2022-01-20", "2022-02-03"]
    return [{"id": f"e{i}", "type": kinds[i % 4], "status": statuses[i % 4], "date": d,
             "goldstein": [3.0, -4.0, 1.5][i % 3], "participants": [US, CN],
             "topics": ["tariffs", "climate"][: 1 + i % 2], "topics_by_side": {"USA": ["tariffs"]},
             "sources": [{"article_id": f"a{i}"}]}
            for i, d in enumerate(dates)]


def assert_image(path: Path) -> None:
    data = path.read_bytes()
    if path.suffix == ".png":
        assert data.startswith(PNG_SIGNATURE) and len(data) > 1024
    else:
        assert b"<svg" in data[:2000] and len(data) > 1024


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_index_chart_is_written(tmp_path, engagements, suffix):
    path = plot_index(relationship_index(engagements), tmp_path / f"index{suffix}", title="US–China")
    assert_image(path)


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_timeline_is_written(tmp_path, engagements, suffix):
    assert_image(plot_timeline(engagements, tmp_path / f"timeline{suffix}", pair=("USA", "CHN")))


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_ledger_chart_is_written(tmp_path, engagements, suffix):
    assert_image(plot_ledger(issue_ledger(engagements), tmp_path / "out" / f"ledger{suffix}"))


def test_empty_selections_still_give_a_readable_file(tmp_path):
    assert_image(plot_index([], tmp_path / "i.png", title="nothing"))
    assert_image(plot_timeline([], tmp_path / "t.png"))
    assert_image(plot_ledger([], tmp_path / "l.png"))


def test_unknown_suffix_is_refused(tmp_path):
    with pytest.raises(ValueError):
        plot_timeline([], tmp_path / "t.gif")


def test_labels_use_short_names_in_pair_order():
    people = [CN, US, {"name": "Li Wei", "country": "CHN", "kind": "person"},
              {"name": "Xu Dan", "country": "CHN", "kind": "person"}]
    assert event_label({"participants": people}, ("USA", "CHN")) == "Ruiz–Zhou, Li, +1"
