"""The English model's rule lemmatizer, applied through a per-word cache.

spaCy's rule lemmatizer builds a Token object for every word and, for the many
words already in their base form (a singular noun, an infinitive), works the
answer out again each time: its own cache only keeps the words it had to
inflect.  A lemma depends on nothing but the word, its part of speech and its
morphology, so here each (form, part of speech, morphology) is lemmatized once
by the model's own lemmatizer and the answer reused, read and written for the
whole Doc with ``Doc.to_array``/``from_array``.  The lemmas are the model's,
token for token; a lemmatizer in another mode than ``rule`` is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import Lemmatizer
    from spacy.tokens import Doc

#: Token attributes a lemma depends on, then the lemma itself.
ATTRS: list[int | str] = ["ORTH", "POS", "MORPH", "LEMMA"]
#: Cached keys before the cache starts afresh.
MAX_KEYS = 200_000
#: Factory name of the cached lemmatizer.
FACTORY = "parley_lemma_cache_v1"


class CachedLemmatizer:
    """Stands in for the model's lemmatizer under the same name; see the module docstring."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lemmatizer: Lemmatizer | None = None
        self.cache: dict[tuple[int, int, int], int] = {}

    def take(self, lemmatizer: Lemmatizer) -> None:
        """Use the model's lemmatizer (its tables and settings) for every new word."""
        self.lemmatizer = lemmatizer

    @property
    def lookups(self) -> Any:
        """The model lemmatizer's tables (the sentence gate reads them)."""
        return self.lemmatizer.lookups if self.lemmatizer is not None else None

    def __call__(self, doc: Doc) -> Doc:
        lemmatizer = self.lemmatizer
        if lemmatizer is None or not len(doc):
            return doc
        rows = doc.to_array(ATTRS)
        overwrite = bool(lemmatizer.overwrite)
        if len(self.cache) + len(doc) > MAX_KEYS:
            self.cache = {}
        cache = self.cache
        strings = doc.vocab.strings
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = cache.get(key)
            if found is None:
                found = cache[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
            rows[i, 3] = found
            changed = True
        if changed:
            doc.from_array(["LEMMA"], rows[:, 3:4])  # type: ignore[arg-type]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def make_cached_lemmatizer(nlp: Language, name: str) -> CachedLemmatizer:
    return CachedLemmatizer(nlp, name)


def install(nlp: Language, name: str = "lemmatizer") -> None:
    """Replace the model's rule lemmatizer by the cached one, under the same name."""
    from spacy.language import Language

    if name not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe(name)
    if getattr(lemmatizer, "mode", None) != "rule":
        return
    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, func=make_cached_lemmatizer)
    cached = nlp.replace_pipe(name, FACTORY)
    cached.take(lemmatizer)  # type: ignore[attr-defined]
