"""Put each side's readout of one engagement side by side: topics, omissions, tone, alignment."""

from __future__ import annotations

from itertools import combinations
from statistics import mean
from typing import Any

from parley.models import Event

#: alignment = TOPIC_WEIGHT * topic Jaccard + (1 - TOPIC_WEIGHT) * tone agreement, where
#: tone agreement = 1 - |score_a - score_b| / 2 for side scores in [-1, 1].  When only one
#: of the two parts can be computed it is the alignment on its own; with neither it is None.
TOPIC_WEIGHT = 0.5

ALIGNMENT_FORMULA = ("alignment = 0.5 * |topics_A ∩ topics_B| / |topics_A ∪ topics_B|"
                     " + 0.5 * (1 - |tone_A - tone_B| / 2); tone scores in [-1, 1]")


def _clamp(score: float) -> float:
    """Keep a tone score within [-1, 1]."""
    return max(-1.0, min(1.0, score))


def _side_report(event: Event, side: str) -> dict[str, Any]:
    """Topics and tone words one side's readout used."""
    topics = sorted({t.label for t in event.topics if t.country == side})
    words = event.tone.get(side, [])
    scores = [_clamp(t.score) for t in words if t.score is not None]
    return {
        "topics": topics,
        "omitted": [],
        "tone": [{"word": t.label, "score": t.score, "sentence": t.span.sentence,
                  "article_id": t.span.article_id, "start": t.span.start, "end": t.span.end}
                 for t in words],
        "tone_score": round(mean(scores), 4) if scores else None,
    }


def _pair_alignment(a: dict[str, Any], b: dict[str, Any]) -> tuple[float | None, float | None]:
    """Topic Jaccard and tone agreement of two sides (None where undefined)."""
    topics_a, topics_b = set(a["topics"]), set(b["topics"])
    jaccard = (len(topics_a & topics_b) / len(topics_a | topics_b)
               if topics_a and topics_b else None)
    tone = None
    if a["tone_score"] is not None and b["tone_score"] is not None:
        tone = 1 - abs(a["tone_score"] - b["tone_score"]) / 2
    return jaccard, tone


def compare_readouts(event: Event) -> dict[str, Any]:
    """Per side: topics, topics only the other side raised, tone words with sentences, score.

    Also returns the topic Jaccard, tone agreement and their blend ``alignment`` in [0,1]
    (see ``ALIGNMENT_FORMULA``); with more than two sides each is the mean over side pairs.
    Topics reported by the narrator (no side) are listed under ``narrator_topics``.
    """
    sides = sorted({t.country for t in event.topics if t.country}
                   | {side for side, words in event.tone.items() if words})
    reports = {side: _side_report(event, side) for side in sides}
    for side, report in reports.items():
        others = {t for other, r in reports.items() if other != side for t in r["topics"]}
        report["omitted"] = sorted(others - set(report["topics"]))
    jaccards: list[float] = []
    tones: list[float] = []
    for a, b in combinations(sides, 2):
        jaccard, tone = _pair_alignment(reports[a], reports[b])
        if jaccard is not None:
            jaccards.append(jaccard)
        if tone is not None:
            tones.append(tone)
    topic_jaccard = mean(jaccards) if jaccards else None
    tone_agreement = mean(tones) if tones else None
    if topic_jaccard is not None and tone_agreement is not None:
        alignment: float | None = TOPIC_WEIGHT * topic_jaccard + (1 - TOPIC_WEIGHT) * tone_agreement
    else:
        alignment = topic_jaccard if topic_jaccard is not None else tone_agreement
    shared = set.intersection(*(set(r["topics"]) for r in reports.values())) if reports else set()
    return {
        "event_id": event.id,
        "sides": reports,
        "shared_topics": sorted(shared) if len(reports) > 1 else [],
        "narrator_topics": sorted({t.label for t in event.topics if not t.country}),
        "topic_jaccard": None if topic_jaccard is None else round(topic_jaccard, 4),
        "tone_agreement": None if tone_agreement is None else round(tone_agreement, 4),
        "alignment": None if alignment is None else round(alignment, 4),
        "formula": ALIGNMENT_FORMULA,
    }
