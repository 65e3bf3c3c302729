"""Helpers on the parse: the text a Doc was made from."""

from __future__ import annotations

import pytest
import spacy

from parley.extract.parse import doc_text, keep_text


def test_a_kept_text_is_the_docs_own() -> None:
    nlp = spacy.blank("en")
    text = "Liu He spoke with Janet Yellen.\n\nBoth sides  called it candid. "
    doc = nlp(text)
    assert doc_text(doc) == text  # nothing kept: Doc.text itself
    keep_text(doc, text)
    assert doc_text(doc) is text


def test_a_text_of_another_length_is_refused() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Liu He spoke with Janet Yellen.")
    with pytest.raises(ValueError, match="was not made from"):
        keep_text(doc, "Liu He spoke with Janet Yellen on Tuesday.")
    keep_text(nlp(""), "")  # an empty Doc keeps an empty text
