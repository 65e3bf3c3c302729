"""The cached lemmatizer: the model's own lemmas, token for token."""

from __future__ import annotations

import pytest

from parley.extract.lemma_cache import CachedLemmatizer
from parley.extract.nlp import load_model

#: Written for these tests: inflected verbs and nouns, base forms, comparatives,
#: possessives, numbers, a word repeated in two parts of speech ("talks", "meeting").
TEXTS = [
    ("Vice Premier He Lifeng met Treasury Secretary Scott Bessent in Geneva on Saturday, and "
     "the two sides agreed to keep talking; the talks were the longest in years."),
    ("She was meeting them again after the meeting: better ties, fewer tariffs, China's "
     "biggest purchases of soybeans since 2017.\n\nThey'd flown in; he hasn't."),
    "",
]


@pytest.mark.slow
def test_cached_lemmas_are_the_models() -> None:
    model = load_model()
    lemmatizer = model.get_pipe("lemmatizer")
    cached = CachedLemmatizer(model, "lemmatizer")
    cached.take(lemmatizer)  # type: ignore[arg-type]
    for text in TEXTS * 2:  # the second pass answers from the cache
        doc = model(text, disable=["lemmatizer", "ner"])
        expected = lemmatizer(doc.copy())
        got = cached(doc.copy())
        assert [t.lemma_ for t in got] == [t.lemma_ for t in expected]
    assert cached.cache, "new words went through the cache"


@pytest.mark.slow
def test_a_lemma_the_attribute_rules_set_is_kept() -> None:
    model = load_model()
    cached = CachedLemmatizer(model, "lemmatizer")
    cached.take(model.get_pipe("lemmatizer"))  # type: ignore[arg-type]
    doc = model("He doesn't agree.", disable=["lemmatizer", "ner"])
    assert doc[2].lemma_ == "not"  # set by the attribute rules, before any lemmatizer
    assert cached(doc)[2].lemma_ == "not"
    assert doc[3].lemma_ == "agree"


@pytest.mark.slow
def test_extraction_pipeline_uses_the_cached_lemmatizer() -> None:
    from parley.extract.nlp import cached_pipeline

    nlp = cached_pipeline()
    assert isinstance(nlp.get_pipe("lemmatizer"), CachedLemmatizer)
    assert [t.lemma_ for t in nlp("The negotiators were meeting.")] == \
        ["the", "negotiator", "be", "meet", "."]
