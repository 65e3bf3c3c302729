"""Readout tone words: canonical forms, signs, mild frank/candid, negation and aggregation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.errors import DataFileError
from parley.extract.tone import find_tone_words, load_tone, tone_lexicon, tone_score


def words_in(text: str) -> dict[str, float]:
    return {word: score for word, score, _, _ in find_tone_words(text)}


def test_chinese_readout_words_come_back_canonical_and_positive() -> None:
    found = words_in('Beijing called the exchange "pragmatic, candid and constructive".')
    assert set(found) == {"pragmatic", "candid", "constructive"}
    assert all(score > 0 for score in found.values())


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("She frankly raised issues with her counterpart.", "frank"),
        ("They spoke candidly about trade.", "candid"),
        ("Both sides engaged constructively.", "constructive"),
        ("The talks were in-depth and productive.", "in-depth"),
        ("It was a win-win outcome.", "win-win"),
    ],
)
def test_adverbs_and_variants_map_to_canonical_word(text: str, canonical: str) -> None:
    assert canonical in words_in(text)


def test_frank_and_candid_stay_milder_than_constructive() -> None:
    scores = tone_lexicon()
    assert 0 < scores["frank"] < scores["candid"] < scores["constructive"]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("The minister voiced serious concerns about the rules.", "serious concerns"),
        ("The ministry called the move unilateral bullying.", "unilateral bullying"),
        ("China firmly opposes the decision.", "firmly opposes"),
        ("Beijing strongly criticized the order as anti-globalization.", "strongly criticized"),
        ("Officials warned of countermeasures.", "countermeasures"),
        ("Beijing will take resolute measures.", "resolute measures"),
        ("They called the tariffs unfair and discriminatory.", "unfair"),
    ],
)
def test_hostile_words_score_negative(text: str, canonical: str) -> None:
    found = words_in(text)
    assert found[canonical] < 0


def test_longest_form_wins_so_serious_concerns_is_not_also_concerns() -> None:
    found = find_tone_words("He expressed serious concerns.")
    assert [w for w, _, _, _ in found] == ["serious concerns"]


def test_offsets_cover_the_matched_words() -> None:
    text = "Talks were  cordial, and fruitful."
    for word, _, start, end in find_tone_words(text):
        assert text[start:end].lower().startswith(word[:4])


def test_negated_word_flips_sign() -> None:
    plain = words_in("The meeting was constructive.")["constructive"]
    negated = words_in("The meeting was not constructive.")["constructive"]
    assert plain > 0 > negated


def test_name_frank_is_not_a_tone_word() -> None:
    assert "frank" not in words_in("Congressman Barney Frank spoke later.")
    assert "frank" in words_in("Frank exchanges followed.")


def test_medical_positive_is_not_tone() -> None:
    assert "positive" not in words_in("The envoy tested positive for the virus.")


def test_tone_score_is_mean_and_zero_when_empty() -> None:
    assert tone_score([]) == 0.0
    assert tone_score([0.5, -0.1]) == pytest.approx(0.2)
    assert -1.0 <= tone_score([-1.0, -1.0]) <= 1.0


def test_every_score_is_within_minus_one_and_one() -> None:
    assert all(-1 <= s <= 1 for s in tone_lexicon().values())


def test_out_of_range_score_is_a_data_file_error(tmp_path: Path) -> None:
    bad = tmp_path / "tone.json"
    bad.write_text(
        json.dumps({"words": {"warm": {"score": 3, "forms": ["warm"]}}}), encoding="utf-8"
    )
    with pytest.raises(DataFileError, match=r"\[-1, 1\]"):
        load_tone(str(bad))
