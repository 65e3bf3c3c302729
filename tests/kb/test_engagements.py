"""Tests for the dated engagements knowledge base: data file, references, matching."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from parley.errors import DataFileError
from parley.kb.engagements import (
    KnownEngagement,
    find_referenced,
    load_engagements,
    match_engagement,
    parse_engagement,
)
from parley.models import EVENT_TYPES

WELL_FORMED_PERSON = re.compile(r"^[a-z]+(-[a-z]+)+$")


@pytest.fixture(scope="module")
def bundled() -> list[KnownEngagement]:
    """The bundled engagements, loaded once for the module."""
    return load_engagements()


def good_record(**changes: object) -> dict:
    """A valid record, optionally with some fields changed."""
    record = {
        "id": "2030-01-01-test-call", "date": "2030-01-01", "end": None, "precision": "day",
        "type": "call", "participants": ["ann-example", "bo-sample"], "location": None,
        "title": "A test call", "keywords": ["test call"], "topics": ["tariffs"],
    }
    record.update(changes)
    return record


def write_jsonl(path: Path, records: list[dict]) -> Path:
    """Write records as a JSONL user file."""
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def refs(text: str, engagements: list[KnownEngagement]) -> list[tuple[str, str]]:
    """References in text as (engagement id, matched text)."""
    return [(item.id, text[start:end]) for item, start, end in find_referenced(text, engagements)]


# --- the bundled data file -------------------------------------------------

def test_bundled_file_validates_with_at_least_120_distinct_records(bundled):
    assert len(bundled) >= 120
    assert len({e.id for e in bundled}) == len(bundled)
    assert all(e.type in EVENT_TYPES for e in bundled)


def test_every_topic_is_one_the_extractor_can_tag(bundled):
    # Publication estimates score a known engagement by the topics it shares with the
    # article: a topic the extractor never tags could never be shared.
    from parley.extract.topics import load_topics

    vocabulary = set(load_topics())
    assert {t for k in bundled for t in k.topics} <= vocabulary


def test_every_participant_id_is_a_lowercase_hyphenated_name(bundled):
    bad = [(e.id, p) for e in bundled for p in e.participants if not WELL_FORMED_PERSON.match(p)]
    assert bad == []


def test_dates_cover_2017_to_2026_and_spans_run_forward(bundled):
    years = {e.date.year for e in bundled}
    assert set(range(2017, 2027)) <= years
    assert all(e.end is None or e.end >= e.date for e in bundled)


def test_bundled_records_run_in_date_order_and_ids_start_with_their_date(bundled):
    # Reviewers scan the file by date; an id that disagrees with its date hides a typo.
    assert [e.date for e in bundled] == sorted(e.date for e in bundled)
    stray = [e.id for e in bundled
             if not e.id.startswith(e.date.isoformat()[:10 if e.precision == "day" else 7])]
    assert stray == []


def test_every_bundled_record_cites_a_source(bundled):
    assert [e.id for e in bundled if not e.sources] == []


def test_headline_engagements_carry_their_real_dates(bundled):
    by_id = {e.id: e for e in bundled}
    assert by_id["2020-01-15-phase-one-signing"].date == date(2020, 1, 15)
    assert by_id["2025-05-12-geneva-joint-statement"].type == "joint_statement"
    anchorage = by_id["2021-03-18-anchorage-talks"]
    assert (anchorage.date, anchorage.end) == (date(2021, 3, 18), date(2021, 3, 19))


# --- validation of user files ------------------------------------------------

def test_user_file_records_are_added_after_the_bundled_ones(tmp_path, bundled):
    extra = write_jsonl(tmp_path / "mine.jsonl", [good_record()])
    loaded = load_engagements([extra])
    assert len(loaded) == len(bundled) + 1
    assert loaded[-1].id == "2030-01-01-test-call"
    assert loaded[-1].participants == ("ann-example", "bo-sample")


def test_bad_record_error_names_file_and_line(tmp_path):
    extra = write_jsonl(tmp_path / "bad.jsonl",
                        [good_record(), good_record(id="2030-02-01-x", date="2030-02-01", end="2030-01-01")])
    with pytest.raises(DataFileError) as info:
        load_engagements([extra])
    assert info.value.line == 2
    assert "bad.jsonl:2" in str(info.value)
    assert "before date" in str(info.value)


@pytest.mark.parametrize("change, complaint", [
    ({"participants": ["Janet Yellen"]}, "hyphenated"),
    ({"type": "phone"}, "type must be one of"),
    ({"date": "15 January 2020"}, "ISO date"),
    ({"precision": "decade"}, "precision"),
    ({"colour": "red"}, "unknown field"),
    ({"topics": ["Trade War"]}, "snake_case"),
])
def test_malformed_fields_are_rejected_with_a_reason(change, complaint):
    with pytest.raises(DataFileError, match=complaint):
        parse_engagement(good_record(**change), source="x.jsonl", line=3)


def test_missing_field_and_broken_json_are_reported(tmp_path):
    record = good_record()
    del record["title"]
    with pytest.raises(DataFileError, match="missing field"):
        parse_engagement(record)
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x",\n', encoding="utf-8")
    with pytest.raises(DataFileError, match="not valid JSON"):
        load_engagements([broken])


def test_user_file_cannot_redefine_a_bundled_id(tmp_path):
    clash = write_jsonl(tmp_path / "clash.jsonl", [good_record(id="2020-01-15-phase-one-signing")])
    with pytest.raises(DataFileError, match="already defined"):
        load_engagements([clash])


# --- finding references in text ---------------------------------------------

def test_geneva_talks_are_recognised_by_venue_and_talks_word(bundled):
    text = "Both delegations built on what was agreed at the Geneva talks earlier this month."
    found = refs(text, bundled)
    assert ("2025-05-10-geneva-talks", "Geneva") in found


def test_talks_word_may_precede_the_venue(bundled):
    text = "Negotiators held two days of talks in Stockholm before the deadline."
    assert ("2025-07-28-stockholm-talks", "Stockholm") in refs(text, bundled)


def test_venue_without_talks_word_is_not_a_reference(bundled):
    assert refs("The Geneva office of the health agency published its malaria figures.", bundled) == []


def test_talks_word_in_another_sentence_does_not_count(bundled):
    assert refs("She grew up near Geneva. Talks with the landlord failed.", bundled) == []


def test_capital_cities_alone_never_mark_an_engagement(bundled):
    assert refs("Washington and Beijing resumed talks in Beijing on Monday.", bundled) == []


def test_phase_one_deal_signed_in_january_points_to_the_signing(bundled):
    text = "China has lagged on purchases promised under the phase one deal signed in January."
    found = find_referenced(text, bundled)
    assert [(e.id, text[s:x]) for e, s, x in found] == [("2020-01-15-phase-one-signing", "phase one deal")]


def test_longer_keyword_wins_over_the_phrase_it_contains(bundled):
    text = "Officials prepared for the phase-one review later in August."
    assert refs(text, bundled) == [("2020-08-24-phase-one-review-call", "phase-one review")]


def test_offsets_index_the_original_text_with_curly_apostrophes(bundled):
    text = "Markets rallied after Yellen\u2019s visit to Beijing last month."
    found = refs(text, bundled)
    assert found and all(span == "Yellen\u2019s visit to Beijing" for _, span in found)
    assert {"2023-07-06-yellen-beijing-visit", "2024-04-04-yellen-china-visit"} == {i for i, _ in found}


def test_a_keyword_matches_through_quotation_marks_with_original_offsets(bundled):
    text = "Officials prepared for the \u2018phase-one\u2019 review later in August."
    assert refs(text, bundled) == [("2020-08-24-phase-one-review-call",
                                    "phase-one\u2019 review")]


def test_keywords_match_whole_words_only(bundled):
    assert refs("The filolipid study was published.", bundled) == []


# --- matching an extracted engagement to known ones -------------------------

def test_raimondo_wang_wentao_meeting_in_beijing_ranks_first(bundled):
    ranked = match_engagement("meeting", ["gina-raimondo", "wang-wentao"], bundled, location="Beijing")
    assert ranked[0][0].id == "2023-08-28-raimondo-wang-beijing"
    assert ranked[0][1] > ranked[1][1]


def test_raimondo_wang_wentao_meeting_found_from_type_and_people_alone(bundled):
    ranked = match_engagement("meeting", ["gina-raimondo", "wang-wentao"], bundled)
    top_ids = [e.id for e, _ in ranked[:2]]
    assert "2023-08-28-raimondo-wang-beijing" in top_ids
    assert all(score <= 1.0 for _, score in ranked)


def test_reference_date_picks_the_right_one_of_several_calls(bundled):
    ranked = match_engagement("call", ["janet-yellen", "liu-he"], bundled, near=date(2021, 10, 27))
    assert ranked[0][0].id == "2021-10-26-yellen-liu-call"


def test_no_shared_people_and_no_venue_means_no_candidates(bundled):
    assert match_engagement("meeting", ["nobody-known"], bundled, near=date(2023, 8, 28)) == []


def test_same_channel_family_scores_between_exact_and_unrelated(bundled):
    exact = {e.id: s for e, s in match_engagement("video_call", ["katherine-tai", "liu-he"], bundled)}
    family = {e.id: s for e, s in match_engagement("call", ["katherine-tai", "liu-he"], bundled)}
    other = {e.id: s for e, s in match_engagement("agreement_signed", ["katherine-tai", "liu-he"], bundled)}
    key = "2021-10-08-tai-liu-call"
    assert exact[key] > family[key] > other[key]


def test_engagements_in_a_users_knowledge_base_file_are_loaded(tmp_path: Path) -> None:
    """One user file may hold officials and the engagements they took part in."""
    from parley.kb import KnowledgeBase

    mine = tmp_path / "my_kb.jsonl"
    official = {"type": "official", "id": "ann-example", "name": "Ann Example",
                "country": "USA", "surname": "Example", "offices": []}
    mine.write_text(json.dumps(official) + "\n" + json.dumps(good_record()) + "\n",
                    encoding="utf-8")
    ids = [e.id for e in load_engagements([mine])]
    assert ids[-1] == "2030-01-01-test-call"
    assert len(ids) == len(load_engagements()) + 1
    assert KnowledgeBase.load([str(mine)]).lookup("Ann Example")


def test_a_bad_engagement_in_a_users_file_names_the_file_and_line(tmp_path: Path) -> None:
    mine = tmp_path / "my_kb.jsonl"
    mine.write_text("\n" + json.dumps(good_record(date="2030-13-01")) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_engagements([mine])
    assert info.value.line == 2 and str(mine) in info.value.oneline()
