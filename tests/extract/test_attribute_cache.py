"""The cached attribute rules: the model's own annotations, token for token."""

from __future__ import annotations

import pytest

from parley.extract.attribute_cache import CachedAttributeRuler
from parley.extract.nlp import load_model

#: Sentences written for these tests, chosen to reach the ruler's rarer rules: two-token
#: rules ("gonna", "let's", "y'all"), dependency-dependent pronoun rules ("I", "you",
#: "it" as subject and object), auxiliaries, negation, "there is", and blank lines.
TEXTS = [
    ("Vice Premier He Lifeng met Treasury Secretary Scott Bessent in Geneva on Saturday, "
    "and the two sides agreed to keep talking."),
    "I told you it was not going to work, but they didn't listen. Let's see what they do.",
    ("You gotta see it: y'all gonna love the deal, and it ain't nothing' to worry about.\n\n"
    "  \n There is a meeting on Monday. Has she had lunch? He does."),
    ("Commerce Secretary Gina Raimondo, who visited Beijing last year, said exports of chips "
    "would stay under review while the talks go on."),
    "",
]
ATTRS = ["TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD"]


@pytest.mark.slow
def test_cached_rules_give_the_models_annotations() -> None:
    model = load_model()
    cached = CachedAttributeRuler(model, "attribute_ruler")
    cached.take(model.get_pipe("attribute_ruler"))
    before = [model(text, disable=["attribute_ruler", "lemmatizer", "ner"]) for text in TEXTS]
    for doc in before:
        expected = model.get_pipe("attribute_ruler")(doc.copy())
        got = cached(doc.copy())
        assert [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in got] == \
            [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in expected]
        assert (got.to_array(ATTRS) == expected.to_array(ATTRS)).all()
    assert cached.slot, "the single-token rules went through the cache"


@pytest.mark.slow
def test_extraction_pipeline_uses_the_cached_rules() -> None:
    from parley.extract.nlp import cached_pipeline

    nlp = cached_pipeline()
    assert isinstance(nlp.get_pipe("attribute_ruler"), CachedAttributeRuler)
    doc = nlp("She doesn't think it is over.")
    assert [t.pos_ for t in doc][:3] == ["PRON", "AUX", "PART"]
    assert doc[2].lemma_ == "not"
