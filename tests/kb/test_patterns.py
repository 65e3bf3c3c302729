"""Entity patterns match real tokenisation in a blank English pipeline."""

from __future__ import annotations

import pytest
import spacy
from spacy.util import filter_spans

from parley.kb import KnowledgeBase


@pytest.fixture(scope="module")
def ruler_nlp() -> spacy.language.Language:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "kb"})
    ruler.add_patterns(KnowledgeBase.default().entity_patterns())
    return nlp


def matches(nlp: spacy.language.Language, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    return [(s.text, s.label_, s.id_) for s in filter_spans(doc.spans["kb"])]


@pytest.mark.parametrize("text, expected", [
    ("Vice-Premier Liu He spoke.", [("Vice-Premier", "TITLE", "chn.vice_premier"),
                                    ("Liu He", "PERSON", "liu-he")]),
    ("U.S. Trade Representative Katherine Tai said.",
     [("U.S. Trade Representative", "TITLE", "usa.ustr"),
      ("Katherine Tai", "PERSON", "katherine-tai")]),
    ("Beijing objected.", [("Beijing", "GPE", "chn.gov")]),
    ("BEIJING \u2022 The call ended.", [("BEIJING", "GPE", "chn.gov")]),
    ("Chinese Vice Premier He Lifeng met them.",
     [("Chinese Vice Premier", "TITLE", "chn.vice_premier"), ("He Lifeng", "PERSON", "he-lifeng")]),
    ("China\u2019s commerce ministry replied.",
     [("China\u2019s commerce ministry", "ORG", "chn.mofcom")]),
])
def test_patterns_find_entities(ruler_nlp: spacy.language.Language, text: str,
                                expected: list[tuple[str, str, str]]) -> None:
    assert matches(ruler_nlp, text) == expected


@pytest.mark.parametrize("text", ["He told us so.", "They want a new China policy now."])
def test_common_words_do_not_fire(ruler_nlp: spacy.language.Language, text: str) -> None:
    found = matches(ruler_nlp, text)
    assert all(label != "GPE" or span == "China" for span, label, _ in found)
    assert not any(label == "ORG" for _, label, _ in found)


def test_patterns_are_well_formed() -> None:
    patterns = KnowledgeBase.default().entity_patterns()
    labels = {p["label"] for p in patterns}
    assert labels == {"PERSON", "ORG", "GPE", "NORP", "TITLE"}
    assert all(p["pattern"] and p["id"] for p in patterns)
