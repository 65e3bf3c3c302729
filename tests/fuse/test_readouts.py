"""Comparing the two sides' readouts of one engagement."""

from __future__ import annotations

import pytest

from parley.fuse.readouts import compare_readouts
from parley.models import Event, Span, Tagged


def tagged(label: str, country: str | None, score: float | None = None,
           sentence: str = "") -> Tagged:
    """A label with a span in article 'a1'."""
    return Tagged(label, Span("a1", 10, 20, sentence or f"A sentence about {label}."), score, country)


@pytest.fixture
def call_with_two_readouts() -> Event:
    """Beijing stresses tariffs and policy coordination warmly; Washington raises export controls."""
    return Event(
        id="ev-1", type="call",
        topics=[tagged("macroeconomic_policy", "CHN"), tagged("tariffs", "CHN"),
                tagged("macroeconomic_policy", "USA"), tagged("export_controls", "USA"),
                tagged("covid", None)],
        tone={"CHN": [tagged("pragmatic", "CHN", 0.6, "Beijing called the talks pragmatic."),
                      tagged("constructive", "CHN", 0.8)],
              "USA": [tagged("frank", "USA", 0.0), tagged("concerns", "USA", -0.4)]},
    )


def test_each_side_lists_its_topics_and_what_it_left_out(call_with_two_readouts):
    report = compare_readouts(call_with_two_readouts)
    china, us = report["sides"]["CHN"], report["sides"]["USA"]
    assert china["topics"] == ["macroeconomic_policy", "tariffs"]
    assert china["omitted"] == ["export_controls"]
    assert us["omitted"] == ["tariffs"]
    assert report["shared_topics"] == ["macroeconomic_policy"]
    assert report["narrator_topics"] == ["covid"]


def test_tone_words_come_with_their_sentences_and_a_mean_score(call_with_two_readouts):
    china = compare_readouts(call_with_two_readouts)["sides"]["CHN"]
    assert [w["word"] for w in china["tone"]] == ["pragmatic", "constructive"]
    assert china["tone"][0]["sentence"] == "Beijing called the talks pragmatic."
    assert china["tone_score"] == pytest.approx(0.7)


def test_alignment_blends_topic_overlap_and_tone_gap(call_with_two_readouts):
    report = compare_readouts(call_with_two_readouts)
    assert report["topic_jaccard"] == pytest.approx(1 / 3, abs=1e-4)
    assert report["tone_agreement"] == pytest.approx(1 - abs(0.7 - (-0.2)) / 2, abs=1e-4)
    expected = 0.5 * (1 / 3) + 0.5 * (1 - 0.45)
    assert report["alignment"] == pytest.approx(expected, abs=1e-3)
    assert 0.0 <= report["alignment"] <= 1.0


def test_identical_readouts_align_fully():
    event = Event(id="ev-2", type="call",
                  topics=[tagged("tariffs", "CHN"), tagged("tariffs", "USA")],
                  tone={"CHN": [tagged("candid", "CHN", 0.5)], "USA": [tagged("candid", "USA", 0.5)]})
    assert compare_readouts(event)["alignment"] == pytest.approx(1.0)


def test_one_sided_event_has_no_alignment():
    event = Event(id="ev-3", type="call", topics=[tagged("tariffs", "USA")])
    report = compare_readouts(event)
    assert list(report["sides"]) == ["USA"]
    assert report["alignment"] is None
