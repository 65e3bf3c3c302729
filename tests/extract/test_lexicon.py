"""Cue phrases of the data files are found as whole words, never inside other words."""

from __future__ import annotations

import pytest

from parley.extract.features import has_counterpart
from parley.extract.lexicon import load, phrases


@pytest.mark.parametrize(("text", "found"), [
    ("the two men shook hands", True),
    ("the two members of the panel", False),
    ("his top aide", False),
    ("the plan is to meet", True),
    ("talks between the two nations.", True),
    ("two nationals were detained", False),
])
def test_a_cue_is_found_only_as_whole_words(text: str, found: bool) -> None:
    pattern = phrases(["the two men", "is to", "two nations"])
    assert (pattern.search(text) is not None) is found


def test_a_counterpart_phrase_inside_other_words_names_no_other_side() -> None:
    import spacy

    nlp = spacy.blank("en")
    cues = load("actors.json")["bilateral_cues"]
    assert not has_counterpart(nlp("The two members of the delegation arrived in Geneva.")[:], cues)
    assert has_counterpart(nlp("The two men met in Geneva.")[:], cues)
    assert has_counterpart(nlp("He met his counterparts in Geneva.")[:], cues)
