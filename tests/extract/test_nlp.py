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



def test_no_sentence_starts_inside_a_title_that_opens_a_line() -> None:
    # A photo caption under a headline and a byline: the parser alone ends a sentence
    # at the "U.S." that opens the line, and the caption's subject is lost to its
    # engagement ("Blinken" becomes a sentence of its own, "talks" its appositive).
    nlp = cached_pipeline()
    doc = nlp("The Morning Ledger\n\nTai presses China on chips\n\n"
              "Updated April 26, 2024 at 9:10 a.m. EDT|Published April 25, 2024 at 6:00 p.m. EDT\n"
              "U.S. Secretary of State Antony Blinken, right, chats with President Xi Jinping "
              "of China inside the Great Hall in Beijing on Friday. (Photo: Pat Doe)\n"
              "8 min\n")
    assert not any(s.text.startswith("Secretary") for s in doc.sents)
    assert any(s.text.startswith("U.S. Secretary of State Antony Blinken, right, chats")
               for s in doc.sents)


@pytest.mark.slow
def test_openblas_parses_as_the_models_default_ops_do() -> None:
    # The pipeline multiplies with numpy's OpenBLAS on one thread instead of thinc's BLIS
    # (faster here); every tag, head, label and entity must stay the model's own.
    import spacy
    from threadpoolctl import threadpool_info

    from parley.extract.nlp import MODEL_PACKAGE

    ours = cached_pipeline()
    embeddings = [ours.get_pipe("tok2vec").model,  # type: ignore[attr-defined]
                  ours.get_pipe("ner").model.get_ref("tok2vec")]  # type: ignore[attr-defined]
    assert not any(node.ops.use_blis for model in embeddings for node in model.walk())
    assert all(pool["num_threads"] == 1 for pool in threadpool_info()
               if pool["user_api"] == "blas")
    from thinc.api import NumpyOps

    plain = spacy.load(MODEL_PACKAGE)
    blis = NumpyOps(use_blis=True)  # the models' default, whatever ops are current here
    for _name, component in plain.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = blis
    text = ("Trade negotiators from both countries met for two days in a lakeside villa, "
            "and officials said afterwards that the talks had been frank. A second round "
            "is expected next month, though neither side named a date.\n\n"
            "Farm groups welcomed the news; importers of furniture were more cautious.")
    seen = [(t.tag_, t.dep_, t.head.i, t.ent_type_) for t in plain(text)]
    doc = ours(text)
    assert [(t.tag_, t.dep_, t.head.i) for t in doc] == [s[:3] for s in seen]
