"""The pipeline's knowledge-base entities: titles extended over their country's qualifier."""

from __future__ import annotations

import pytest

from parley.extract.article import Extractor
from parley.extract.nlp import cached_pipeline


def _titles(text: str) -> list[tuple[str, str]]:
    nlp = cached_pipeline()
    doc = nlp(text)
    return [(e.text, e.ent_id_) for e in doc.ents if e.label_ == "TITLE"]


@pytest.mark.parametrize(("text", "title", "office"), [
    ("U.S. Treasury chief Steven Mnuchin flew in.", "U.S. Treasury chief",
     "usa.treasury.secretary"),
    ("U.S. Secretary of Commerce Gina Raimondo spoke.", "U.S. Secretary of Commerce",
     "usa.commerce.secretary"),
    ("China\u2019s Vice-Premier Liu He arrived.", "China\u2019s Vice-Premier", "chn.vice_premier"),
    ("He met the United States Trade Representative.", "United States Trade Representative",
     "usa.ustr"),
])
def test_a_title_takes_in_its_countrys_qualifier(text: str, title: str, office: str) -> None:
    # "U.S. Treasury" alone is a department: the longer title must win over it.
    assert (title, office) in _titles(text)


@pytest.mark.parametrize(("text", "title"), [
    ("Talks ended. Chinese Vice Premier Liu He left.", "Chinese Vice Premier"),
    ("He thanked the American president for his time.", "American president"),
    ("Reporters asked, US Secretary of Commerce Wilbur Ross said no.",
     "US Secretary of Commerce"),
])
def test_a_qualified_title_stops_at_the_qualifier(text: str, title: str) -> None:
    # Neither the article nor punctuation before the qualifier belongs to the title.
    assert [t for t, _ in _titles(text)] == [title]


def test_a_qualified_title_names_the_office_holder(extractor: Extractor) -> None:
    from parley.ingest.identity import make_article

    article = make_article("America's Trade Representative Katherine Tai spoke with a "
                           "reporter on Monday.", "qualified-title", published="2022-05-04")
    (extraction,) = extractor.extract([article])
    tai = [a for a in extraction.actors if a.name == "Katherine Tai"]
    assert tai and tai[0].office_id == "usa.ustr"
    assert tai[0].text.startswith("America's Trade Representative")
