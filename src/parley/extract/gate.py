"""Sentence gating: parse only the sentences that can hold an engagement.

The statistical components (tok2vec, tagger, parser, lemmatizer, NER) are
almost the whole cost of extraction, and most sentences of an on-topic
article hold no engagement, no participant and no date of one.  So every
article is first tokenized and run through the knowledge-base rulers alone
(phrase matching: about a hundred times cheaper than the parse), cut into
sentences by spaCy's rule-based ``Sentencizer`` (line breaks end sentences,
names are never cut), and each sentence gets only what the extractor reads in it:

* the whole pipeline for the lede (the first ``LEDE_SENTENCES``, where the
  headline engagement and its participants are read) and for sentences in which
  a trigger pattern of ``triggers.json`` could match (every word it requires is
  there, a lemma checked against the model's own lemmatizer tables, since
  nothing is tagged yet);
* the parse without the NER for the sentences the continuation rules could
  attach to an engagement (within ``CONTINUATION_SENTENCES`` after a trigger,
  renewed by each that refers to a known person, and only those naming a person,
  or carrying a voice or a both-sides phrase with something that gives it a side:
  "Analysts said" has none), whose parse the readouts read,
  and for person references just before a trigger (the bilateral-context rule);
* nothing for the rest, which keep their tokens and knowledge-base entities
  (amounts, topics and tone words are read from the text).

The NER (its own embedding, about as costly as the parse) runs only where a
capitalised word is no knowledge-base name, place of ``places.json``, honorific,
or known surname after an honorific or of someone the article named in full before
(the actor rules resolve those without it): a run of whole-pipeline sentences
whose capitalised words are all known gets the parse alone, and any other
sentence with an unknown name gets the NER alone.

Consecutive sentences of one tier are parsed together as one short Doc
(batched through ``nlp.pipe``) and their annotations are written back into the
article's own Doc, whose text and tokens never change, so every offset the
extractor records still indexes ``Article.text``.  Unparsed sentences get a
flat placeholder tree (label ``dep``, no tags) so their boundaries survive.
"""

from __future__ import annotations

import bisect
import calendar
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy

from parley.extract.actors import HONORIFIC_RE, demonym_table
from parley.extract.events import CONTINUATION_SENTENCES, LEDE_SENTENCES
from parley.extract.lexicon import load, phrases, words
from parley.extract.nlp import QUALIFIER_NAME, RULER_NAME, TITLE_RULER_NAME
from parley.extract.parse import doc_text, keep_text
from parley.extract.triggers import Need, pattern_needs

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from parley.kb import KnowledgeBase

#: Components that need only tokens: they run on every sentence.
CHEAP_COMPONENTS = (RULER_NAME, TITLE_RULER_NAME, QUALIFIER_NAME)
#: Ruler labels that name a knowledge-base person or office.
NAME_LABELS = frozenset({"PERSON", "TITLE"})
#: Parts of speech whose lemmatizer rules may turn a trigger word's form into its lemma.
_LEMMA_POS = ("noun", "verb", "adj")
#: How much of the pipeline a sentence gets (see ``SentenceGate.choose``).
#: Bits: ``PARSE`` (tok2vec, tagger, parser, lemmas) and ``NER`` (the statistical NER,
#: which has its own embedding and runs alone); ``FULL`` is both.
NONE, PARSE, NER = 0, 1, 2
FULL = PARSE | NER
#: Sentences before a trigger whose mentions the bilateral-context rule reads.
BACKGROUND_SENTENCES = 2
#: The statistical NER's component name.
NER_COMPONENT = "ner"
#: Capitalised words that are no names the NER could add (it labels them DATE at most).
_CALENDAR = frozenset(w.lower() for w in (*calendar.month_name, *calendar.day_name) if w)
#: Token attributes a parsed run hands back to its article's Doc.
ATTRS: list[int | str] = ["TAG", "POS", "MORPH", "LEMMA", "HEAD", "DEP", "ENT_IOB",
                          "ENT_TYPE", "ENT_ID", "ENT_KB_ID", "SENT_START"]
#: The entity columns of ``ATTRS`` (all an NER-only run hands back).
ENT_ATTRS: list[int | str] = ["ENT_IOB", "ENT_TYPE", "ENT_ID", "ENT_KB_ID"]
#: Pieces per ``nlp.pipe`` batch, per article of the chunk.  Measured on 600–900-word
#: stories (300, chunks of 32): 1 runs as fast as 4 and 8 with 90 and 130 MiB less peak
#: memory.
PIECE_BATCH = 1
#: Token attributes the gate reads, as ``_Tokens`` takes them from ``Doc.to_array``.
_TOKEN_ATTRS: list[int | str] = ["LOWER", "IDX", "LENGTH", "IS_TITLE", "IS_UPPER", "IS_STOP", "ENT_TYPE",
                "IS_PUNCT", "IS_SPACE", "ENT_ID"]
#: Placeholder label of the flat tree given to unparsed sentences.
UNPARSED_DEP = "dep"


class TriggerWords:
    """Whether a sentence's words could match any trigger pattern, before any tagging.

    Lemmas are not known yet, so a word counts for a lemma when the model's own rule
    lemmatizer could map it there under some part of speech (its exception and suffix
    tables, read rather than re-written here).
    """

    def __init__(self, nlp: Language) -> None:
        spec = load("triggers.json")
        self.patterns = [pattern_needs(item["pattern"])
                         for item in [*spec["patterns"], *spec["anaphor_only"]]]
        lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        self._rules = lookups.get_table("lemma_rules")
        self._exc = lookups.get_table("lemma_exc")
        index = lookups.get_table("lemma_index")
        # Sorted lists, searched by bisection: as fast here as sets, a tenth of the memory.
        self._index = [sorted(index.get(pos, ())) for pos in (*_LEMMA_POS, "adv")]
        self._lemmas: dict[str, frozenset[str]] = {}

    @property
    def patterns(self) -> list[list[Need]]:
        """Each pattern's needs (``triggers.pattern_needs``)."""
        return self._patterns

    @patterns.setter
    def patterns(self, patterns: list[list[Need]]) -> None:
        self._patterns = patterns
        #: Every form and lemma some pattern names, and per word what it gives of them:
        #: most words give nothing, and are looked up once.
        self._forms = frozenset().union(*(n.lower for needs in patterns for n in needs))
        self._lemma_words = frozenset().union(*(n.lemma for needs in patterns for n in needs))
        self._gives: dict[str, tuple[bool, frozenset[str]]] = {}

    def lemmas(self, word: str) -> frozenset[str]:
        """Every lemma the rule lemmatizer could give ``word`` (lower-cased)."""
        found = self._lemmas.get(word)
        if found is None:
            out = {word}
            for pos in _LEMMA_POS:
                out.update(self._exc.get(pos, {}).get(word, ()))
                for old, new in self._rules.get(pos, ()):
                    if word.endswith(old) and len(word) > len(old):
                        out.add(word[:len(word) - len(old)] + new)
            found = self._lemmas[word] = frozenset(out)
        return found

    def known(self, word: str) -> bool:
        """Whether ``word`` (lower-cased) is an English word of the lemmatizer's index
        under one of its possible lemmas."""
        for lemma in self.lemmas(word):
            for known in self._index:
                at = bisect.bisect_left(known, lemma)
                if at < len(known) and known[at] == lemma:
                    return True
        return False

    def could_match(self, words: set[str]) -> bool:
        """True when every required token of some pattern finds its word here."""
        forms: set[str] = set()
        lemmas: set[str] = set()
        for word in words:
            gives = self._gives.get(word)
            if gives is None:
                gives = self._gives[word] = (word in self._forms,
                                             self.lemmas(word) & self._lemma_words)
            if gives[0]:
                forms.add(word)
            lemmas |= gives[1]
        # Only the words patterns name can meet a pattern's needs; a pattern that names
        # no word at all could match anywhere.
        return any(all(n.lower & forms or n.lemma & lemmas for n in needs)
                   for needs in self.patterns)


def names_only(nlp: Language, text: str, components: Sequence[Any] | None = None) -> Doc:
    """The text's tokens with the knowledge-base entities set by the rulers
    (``CHEAP_COMPONENTS``, or those given), and no statistical component run."""
    doc = nlp.make_doc(text)
    for component in components if components is not None else [
            nlp.get_pipe(name) for name in CHEAP_COMPONENTS]:
        doc = component(doc)
    keep_text(doc, text)
    return doc


class _Tokens:
    """What the gate reads of each token, read once per article in one ``Doc.to_array``
    (a spaCy Token object is built on every access, and the gate reads each token
    several times)."""

    __slots__ = ("capital", "ent_id", "ent_type", "idx", "lower", "punct", "space", "stop",
                 "text", "title", "unknown")

    def __init__(self, doc: Doc) -> None:
        rows = doc.to_array(_TOKEN_ATTRS).tolist()
        string = doc.vocab.strings.__getitem__
        text = doc_text(doc)
        self.text: list[str] = [text[r[1]:r[1] + r[2]] for r in rows]
        self.lower: list[str] = [string(r[0]) for r in rows]
        self.idx: list[int] = [r[1] for r in rows]
        self.title: list[bool] = [bool(r[3]) for r in rows]
        #: Capitalised (title case or upper case) and longer than one character.
        self.capital: list[bool] = [bool(r[3] or r[4]) and r[2] > 1 for r in rows]
        self.stop: list[bool] = [bool(r[5]) for r in rows]
        self.ent_type: list[int] = [r[6] for r in rows]
        self.punct: list[bool] = [bool(r[7]) for r in rows]
        self.space: list[bool] = [bool(r[8]) for r in rows]
        self.ent_id: list[int] = [r[9] for r in rows]
        #: Capitalised words only the statistical NER could name (``SentenceGate._unknowns``).
        self.unknown: list[bool] = []

    def free(self, a: int, b: int) -> set[str]:
        """Lower-cased words of tokens [a, b) that no ruler entity covers."""
        return {self.lower[i] for i in range(a, b) if not self.ent_type[i]}


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of consecutive sentences: tokens [start, end), parsed or not."""

    start: int
    end: int
    tier: int


class SentenceGate:
    """Chooses the sentences worth parsing and parses only those; build once per process."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        from spacy.pipeline import Sentencizer

        self.nlp = nlp
        self.triggers = TriggerWords(nlp)
        self.sentencizer = Sentencizer()
        self.cheap = [nlp.get_pipe(name) for name in CHEAP_COMPONENTS]
        self.referring = frozenset(load("actors.json")["pronouns"])
        self.voices = words("attribution.json", "report_verbs") | words(
            "attribution.json", "statement_nouns")
        #: "according to" and the both-sides cues; demonyms of several words.
        self._phrases = phrases([*load("attribution.json")["according_to"],
                                 *load("actors.json")["bilateral_cues"]])
        self.surnames = frozenset(p.surname for p in kb.persons.values() if p.surname)
        forms = demonym_table(kb)
        self.demonyms = frozenset(f for f in forms if " " not in f)
        self._demonym_phrases = phrases(f for f in forms if " " in f)
        # "Mr Wang", "Ms Tai" and a surname whose holder the article has named in full are
        # resolved by the actor rules (honorific + surname, surname of a person seen), so
        # they need no NER; a person id's entity hash gives the surname to look for.
        self.honorifics = frozenset(h.rstrip(".") for h in words("actors.json", "honorifics"))
        self._surname_of = {nlp.vocab.strings.add(p.id): p.surname
                            for p in kb.persons.values() if p.surname}
        self._name_labels = frozenset(nlp.vocab.strings.add(label) for label in NAME_LABELS)
        self._dep = nlp.vocab.strings.add(UNPARSED_DEP)
        self._root = nlp.vocab.strings.add("ROOT")

    # -- choosing ---------------------------------------------------------
    def tokenize(self, text: str) -> Doc:
        """The article's tokens with the knowledge-base entities set: no statistics run."""
        return names_only(self.nlp, text, self.cheap)

    def sentences(self, doc: Doc, tokens: _Tokens | None = None) -> list[tuple[int, int]]:
        """Token ranges of the sentences, by punctuation and line breaks, never inside a
        knowledge-base name (the rules the parser is given, see ``nlp.SentenceGuard``).

        Punctuation ends a sentence as spaCy's ``Sentencizer`` has it (the first word after
        one of its ``punct_chars``, other punctuation between them, opens the next), read
        here from the token table: ``Sentencizer.predict`` builds a Token object per token,
        which took longer than everything else the gate does to plan an article.
        """
        tokens = tokens or _Tokens(doc)
        text = doc_text(doc)
        ends = self.sentencizer.punct_chars
        starts = [False] * len(doc)
        ended = False
        for i, word in enumerate(tokens.text):
            if word in ends:
                ended = True
            elif ended and not tokens.punct[i]:
                starts[i], ended = True, False
        pending = False
        for i in range(1, len(doc)):
            # Line breaks end sentences; whitespace belongs to the sentence before it, as
            # the parser has it, so a paragraph break is never a sentence of its own.
            pending = pending or starts[i] or text.find("\n", tokens.idx[i - 1],
                                                          tokens.idx[i]) >= 0
            starts[i] = pending and not tokens.space[i]
            pending = pending and tokens.space[i]
        for ent in doc.ents:
            for i in range(ent.start + 1, ent.end):
                starts[i] = False
        if starts:
            starts[0] = True
        bounds = [i for i, s in enumerate(starts) if s] + [len(doc)]
        return list(itertools.pairwise(bounds))

    def choose(self, doc: Doc, sents: list[tuple[int, int]],
               tokens: _Tokens | None = None) -> list[int]:
        """How much of the pipeline each sentence needs: ``FULL``, ``PARSE`` or ``NONE``.

        ``FULL`` (every component): the lede and sentences that could hold a trigger,
        where engagements, their participants (the statistical NER finds those the
        knowledge base does not know), places and dates are read.  ``PARSE``: sentences
        the continuation rules could attach to an engagement (within
        ``CONTINUATION_SENTENCES`` after one, naming a participant or carrying a voice or
        a both-sides phrase), whose parse the readouts read, and sentences just before a
        trigger that refer to a person (the bilateral-context rule reads their
        mentions).  ``NER`` is added wherever a capitalised word is no known name, so
        the article's actors stay complete.  ``NONE``: the rest, whose knowledge-base
        names are still set.
        """
        text = doc_text(doc)
        tokens = tokens or _Tokens(doc)
        tiers = [NONE] * len(sents)
        refers = [False] * len(sents)
        window = 0
        for si, (a, b) in enumerate(sents):
            words = set(tokens.lower[a:b])
            span = text[tokens.idx[a]:tokens.idx[b - 1] + len(tokens.text[b - 1])]
            refers[si] = self._refers(tokens, a, b, span, words)
            if self.triggers.could_match(words):
                tiers[si] = FULL
                window = CONTINUATION_SENTENCES
                for before in range(max(0, si - BACKGROUND_SENTENCES), si):
                    if refers[before]:
                        tiers[before] = max(tiers[before], PARSE)
                continue
            if window:
                window -= 1
                if refers[si] or (self._voiced(span, tokens.free(a, b))
                                  and self._sided(tokens, a, b, span, words)):
                    tiers[si] = PARSE
                if refers[si]:
                    window = CONTINUATION_SENTENCES
            if si < LEDE_SENTENCES:
                tiers[si] = FULL
        for si, (a, b) in enumerate(sents):
            if not tiers[si] & NER and self._unknown_name(tokens, a, b):
                tiers[si] |= NER
        return tiers

    def _unknown_name(self, tokens: _Tokens, a: int, b: int, first: bool = False) -> bool:
        """A capitalised word that no knowledge-base entity covers: a person, place or
        organisation only the statistical NER can find (the article's list of actors
        keeps them).  With ``first``, the sentence's first word counts too when it is a
        known surname or no English word the lemmatizer knows ("Officials said" needs no
        NER, "Raimondo said" and "Trump said" do)."""
        unknown = tokens.unknown or self._unknowns(tokens)
        if first and unknown[a] and not tokens.stop[a] \
                and (tokens.text[a] in self.surnames or not self.triggers.known(tokens.lower[a])):
            return True
        return any(unknown[a + 1:b])

    def _unknowns(self, tokens: _Tokens) -> list[bool]:
        """Per token: a capitalised word no knowledge-base entity covers, that is no
        calendar word or honorific, and no known surname after an honorific or of a
        person the article has already named in full."""
        seen: set[str] = set()
        out = [False] * len(tokens.text)
        previous = ""
        for i, word in enumerate(tokens.text):
            if tokens.ent_id[i]:
                surname = self._surname_of.get(tokens.ent_id[i])
                if surname:
                    seen.add(surname)
            elif tokens.capital[i] and not tokens.ent_type[i]:
                lower = tokens.lower[i]
                out[i] = lower not in _CALENDAR and lower not in self.honorifics and not (
                    word in self.surnames and (word in seen or previous in self.honorifics))
            if not tokens.punct[i] or tokens.lower[i] != ".":
                previous = tokens.lower[i]
        tokens.unknown = out
        return out

    def _refers(self, tokens: _Tokens, a: int, b: int, text: str, words: set[str]) -> bool:
        """A known name or title, a pronoun, a known surname, an honorific with a name:
        the sentence may name a participant."""
        if words & self.referring or any(tokens.ent_type[i] in self._name_labels
                                         for i in range(a, b)):
            return True
        if any(tokens.title[i] and tokens.text[i] in self.surnames for i in range(a, b)):
            return True
        return HONORIFIC_RE.search(text) is not None

    def _sided(self, tokens: _Tokens, a: int, b: int, text: str, words: set[str]) -> bool:
        """Something a voice could belong to: a knowledge-base entity, a country's name
        or demonym ("Chinese officials", "Beijing's account") or a both-sides phrase.
        "Analysts said..." or "Traders said..." give no side to read, so the parse
        that would find the speaker is not needed."""
        if words & self.demonyms or any(tokens.ent_id[i] for i in range(a, b)):
            return True
        lower = text.lower()
        return bool(self._phrases.search(lower) or self._demonym_phrases.search(lower))

    def _voiced(self, text: str, words: set[str]) -> bool:
        """A reporting verb, a statement noun, "according to" or a both-sides phrase: the
        sentence may carry a side's voice about the engagement before it.  ``words`` are
        those outside the rulers' entities: the "States" of "United States" or the "State"
        of "Secretary of State" is no statement."""
        lemmas = set().union(*(self.triggers.lemmas(w) for w in words)) if words else set()
        if lemmas & self.voices:
            return True
        return self._phrases.search(text.lower()) is not None

    def plan(self, doc: Doc, sents: list[tuple[int, int]],
             tokens: _Tokens | None = None) -> list[Piece]:
        """The article as runs of parsed and unparsed sentences, in order."""
        tokens = tokens or _Tokens(doc)
        tiers = self.choose(doc, sents, tokens)
        pieces: list[Piece] = []
        for tier, group in itertools.groupby(zip(sents, tiers), key=lambda st: st[1]):
            runs = [s for s, _ in group]
            if tier == FULL and not any(self._unknown_name(tokens, a, b, first=True)
                                        for a, b in runs):
                # Every capitalised word is a knowledge-base name: the NER could add
                # nothing the extractor reads.  The run stays a Doc of its own, so the
                # parse sees the same text as with the NER.
                tier = PARSE
            pieces.append(Piece(runs[0][0], runs[-1][1], tier))
        return pieces

    # -- parsing ----------------------------------------------------------
    def _flat(self, rows: numpy.ndarray, sents: list[tuple[int, int]]) -> None:
        """Unparsed sentences get a flat tree (each token hangs on the first, label ``dep``)
        so that the joined Doc still knows where they start and end."""
        head, dep = ATTRS.index("HEAD"), ATTRS.index("DEP")
        for a, b in sents:
            # HEAD is stored as the offset to the head, two's complement in uint64.
            rows[a:b, head] = (a - numpy.arange(a, b, dtype="int64")).astype("uint64")
            rows[a:b, dep] = self._dep
            rows[a, dep] = self._root

    @staticmethod
    def _piece_doc(doc: Doc, piece: Piece, head: list[int | str], array: numpy.ndarray) -> Doc:
        """A Doc of one piece's tokens with their annotations so far (knowledge-base
        entities): ``Span.as_doc`` without what it does that pieces never need (entities
        cut at its edges, copied vectors) and with the article's array read once."""
        from spacy.tokens import Doc as _Doc

        tokens = doc[piece.start:piece.end]
        part = _Doc(doc.vocab, words=[t.text for t in tokens],
                    spaces=[bool(t.whitespace_) for t in tokens])
        return part.from_array(head, array[piece.start:piece.end])  # type: ignore[arg-type]

    def pipe(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
        """Docs of ``texts`` in order, parsed where the gate chooses, text kept exactly.

        Articles are taken ``batch_size`` at a time; their chosen runs go through
        ``nlp.pipe`` together, so the statistical models still see full batches.  The
        annotations of each run are then written back into the article's own Doc
        (``Doc.to_array``/``from_array``), whose text and tokens never change.
        """
        source = iter(texts)
        size = max(1, batch_size)
        everything = [name for name in self.nlp.pipe_names if name not in CHEAP_COMPONENTS]
        skip = {FULL: list(CHEAP_COMPONENTS), PARSE: [*CHEAP_COMPONENTS, NER_COMPONENT],
                NER: [*CHEAP_COMPONENTS, *(n for n in everything if n != NER_COMPONENT)]}
        ents = [ATTRS.index(name) for name in ENT_ATTRS]
        while chunk := list(itertools.islice(source, size)):
            plans: list[tuple[Doc, list[tuple[int, int]], list[Piece]]] = []
            todo: dict[int, list[Doc]] = {FULL: [], PARSE: [], NER: []}
            for text in chunk:
                doc = self.tokenize(text)
                tokens = _Tokens(doc)
                sents = self.sentences(doc, tokens) if len(doc) else []
                pieces = self.plan(doc, sents, tokens)
                if len(pieces) > 1:
                    head: list[int | str] = list(doc._get_array_attrs())
                    array = numpy.asarray(doc.to_array(head))
                for piece in pieces:
                    if piece.tier != NONE:
                        todo[piece.tier].append(doc if len(pieces) == 1 else
                                                self._piece_doc(doc, piece, head, array))
                plans.append((doc, sents, pieces))
            parsed = {tier: iter(self.nlp.pipe(docs, batch_size=size * PIECE_BATCH,
                                               disable=skip[tier]))
                      for tier, docs in todo.items()}
            for doc, sents, pieces in plans:
                if len(pieces) == 1 and pieces[0].tier == FULL:
                    yield next(parsed[FULL])  # every sentence chosen: one parse
                    continue
                rows = numpy.asarray(doc.to_array(ATTRS), dtype="uint64")
                for piece in pieces:
                    part = next(parsed[piece.tier]) if piece.tier != NONE else None
                    if part is not None and piece.tier & PARSE:
                        rows[piece.start:piece.end] = part.to_array(ATTRS)
                        continue
                    self._flat(rows, [(a, b) for a, b in sents
                                      if piece.start <= a and b <= piece.end])
                    if part is not None:  # entities only
                        rows[piece.start:piece.end, ents] = part.to_array(ENT_ATTRS)
                if len(doc):
                    doc.from_array(ATTRS, rows)  # type: ignore[arg-type]  # a numpy Ints2d
                yield doc
