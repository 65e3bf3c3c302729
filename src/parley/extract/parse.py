"""Reading the dependency parse around a trigger: its verb, its subjects, its parties.

Small functions shared by the event assembler; each climbs or walks the spaCy
parse in one well-defined way, so the assembler's rules can say what they
look for without re-deriving it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from parley.extract.lexicon import load, words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from parley.extract.triggers import Trigger

#: How far up the parse to climb from a trigger noun to its governing verb.
HEAD_CLIMB = 4
SUBJECT_DEPS = ("nsubj", "nsubjpass", "agent", "csubj")


#: ``Doc.user_data`` key of the string a Doc was made from (see ``doc_text``).
TEXT_KEY = "parley.text"


def keep_text(doc: Doc, text: str) -> None:
    """Remember ``text`` as the Doc's text, for ``doc_text``.

    The caller made the Doc from ``text`` (spaCy keeps every character), so only the
    length is checked here: reading ``Doc.text`` to compare would cost what is saved.
    """
    end = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    if end != len(text):
        raise ValueError(f"a Doc of {end} characters was not made from a text of {len(text)}")
    doc.user_data[TEXT_KEY] = text


def doc_text(doc: Doc) -> str:
    """The Doc's text without rebuilding it: ``Doc.text`` joins every token again on each
    access (about 3 ms for a 700-word article), so the string the Doc was made from is
    returned when ``keep_text`` kept it."""
    text = doc.user_data.get(TEXT_KEY)
    return text if isinstance(text, str) else doc.text


def span_text(span: SpacySpan) -> str:
    """A span's text sliced from its Doc's kept text (``Span.text`` joins its tokens on
    every access; see ``doc_text``)."""
    return doc_text(span.doc)[span.start_char:span.end_char]


#: ``Doc.user_data`` key of the Doc's lower-cased lemmas (see ``with_lemma``).
LEMMAS_KEY = "parley.lemmas"


def with_lemma(span: SpacySpan, lemmas: frozenset[str]) -> list[Token]:
    """The span's tokens whose lower-cased lemma is one of ``lemmas``, in order.

    The rules that look for a reporting or agreeing verb used to build a Token object
    for every word of every sentence they read to compare its lemma; the Doc's lemmas
    are read once instead (kept on the Doc), and only the tokens that match are built.
    """
    doc = span.doc
    table = doc.user_data.get(LEMMAS_KEY)
    if table is None or len(table) != len(doc):
        strings = doc.vocab.strings
        table = [strings[h].lower() for h in doc.to_array("LEMMA").tolist()]
        doc.user_data[LEMMAS_KEY] = table
    return [doc[i] for i in range(span.start, span.end) if table[i] in lemmas]


def sentence_of(sents: list[SpacySpan], char: int) -> int:
    for i, s in enumerate(sents):
        if s.start_char <= char < s.end_char:
            return i
    return len(sents) - 1


def next_to(tok: Token) -> bool:
    """The word is part of "next to" ("speaks next to Ambassador Branstad"), which places
    someone: it neither plans anything nor addresses anyone."""
    doc = tok.doc
    if tok.lower_ == "next":
        return tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to"
    return tok.lower_ == "to" and tok.i > 0 and doc[tok.i - 1].lower_ == "next"


def governing_verb(tok: Token) -> Token:
    node = tok
    for _ in range(HEAD_CLIMB):
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.head.i == node.i:
            break
        node = node.head
    return node


def clause_verb(tok: Token) -> Token:
    """The verb heading the clause a word sits in, however deep the noun phrase."""
    node = tok
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node


def subjects(verb: Token) -> list[Token]:
    subs = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    out: list[Token] = []
    for s in subs:
        out.extend(t for t in s.subtree)
    if verb.dep_ in ("xcomp", "conj") and not subs and verb.head.i != verb.i:
        return subjects(verb.head)
    return out


#: Dependents of a verb trigger that name who took part ("X met Y", "spoke with Y").
VERB_PARTY_DEPS = ("nsubj", "nsubjpass", "agent", "dobj", "obj", "conj")
#: Tokens after "talks with" read as the other party when the parse does not link them.
PARTY_WINDOW = 10
#: Prepositions that attach other engagements or comparisons, never the parties.
NON_PARTY_PREPOSITIONS = frozenset({"following", "after", "before", "like", "unlike", "besides",
                                    "than", "since", "despite", "amid", "including"})
#: Clauses under a trigger that speak of something else ("since Mr Biden came into office").
CLAUSE_DEPS = ("advcl", "ccomp", "relcl", "acl", "parataxis", "xcomp", "csubj")


def subtree_without_clauses(tok: Token) -> set[int]:
    out = {tok.i}
    for child in tok.children:
        if child.dep_ in CLAUSE_DEPS:
            continue
        if child.dep_ == "prep" and child.lower_ in NON_PARTY_PREPOSITIONS:
            continue  # "to visit China, following Blinken and Yellen": earlier visitors
        out |= subtree_without_clauses(child)
    return out


#: Prepositions whose object is another happening that times the clause ("met ahead of
#: the president's trip", "talks after the summit").
TIME_ANCHORS = frozenset({"before", "after", "following", "ahead"})


def preposition_above(tok: Token, climb: int = HEAD_CLIMB) -> Token | None:
    """The preposition the noun phrase of ``tok`` hangs from ("for" in "the groundwork
    for a meeting"), climbing at most ``climb`` words; None outside such a phrase."""
    node = tok
    for _ in range(climb):
        if node.dep_ not in ("pobj", "pcomp", "poss", "compound") or node.head.i == node.i:
            return None
        node = node.head
        if node.dep_ == "prep" or node.pos_ == "ADP":
            return node
    return None


#: Nouns that count out a stretch of one engagement ("a second day of trade talks").
STRETCH_NOUNS = frozenset({"day", "round", "session"})


def anchoring_preposition(tok: Token) -> str | None:
    """The preposition a noun phrase hangs from ("ahead" for "ahead of the trip"), seen
    through a stretch that counts it out ("following" for "following two days of talks")."""
    prep = preposition_above(tok)
    if prep is None:
        return None
    if prep.lower_ == "of" and prep.head.lemma_.lower() in STRETCH_NOUNS:
        prep = preposition_above(prep.head) or prep
    return str((prep.head if prep.lower_ == "of" else prep).lower_)


def time_anchor(tok: Token) -> bool:
    """"met with Li Keqiang ahead of the US president's trip to China": a noun that times
    its clause is another engagement than the clause's own, and the verb's parties are
    not its own."""
    return anchoring_preposition(tok) in TIME_ANCHORS


def linked_tokens(doc: Doc, trig: Trigger) -> set[int]:
    """Token indices syntactically tied to a trigger: its own phrase and its verb's parties
    (not those of the verb a time-anchoring phrase hangs from, see ``time_anchor``)."""
    head = doc[trig.head]
    linked = subtree_without_clauses(head)
    if time_anchor(head):
        if head.dep_ == "pcomp" and not any(c.dep_ in SUBJECT_DEPS for c in head.children):
            # "After meeting Xi at the G20, Trump agreed to ...": the gerund's doer is the
            # subject of the clause it times.
            linked |= {t.i for t in subjects(governing_verb(head.head.head))}
        return linked
    verb = governing_verb(head)
    linked |= {t.i for t in subjects(verb)}
    if head.dep_ in ("nsubj", "nsubjpass") and joined(head):
        # "The call also involved Commerce Minister Zhong Shan": the object took part.
        linked |= {t.i for c in verb.children if c.dep_ in ("dobj", "obj") for t in c.subtree}
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("with", "between", "to"):
            linked |= {t.i for t in child.subtree}
        if verb is head and child.dep_ in VERB_PARTY_DEPS:
            linked |= {t.i for t in child.subtree}
        if child.dep_ in ("dobj", "obj") and head.dep_ == "pobj":
            # "exchanged greetings with He Lifeng during a meeting": the partner of the
            # object is the verb's, and so the meeting's that frames it (not when the
            # engagement is the subject: "the statement followed talks with ..."; nor a
            # "between", which names the object's own people: "stressed the consensus
            # between the two presidents during the talks").
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ == "with":
                    linked |= {t.i for t in prep.subtree}
    # "talks with Vice Premier He Lifeng had been...": the parser may hang the name on
    # another clause; the words right after "with"/"between" still name the other party.
    nxt = trig.end
    if nxt < len(doc) and doc[nxt].lower_ in ("with", "between"):
        i = nxt + 1
        while i < len(doc) and i - nxt <= PARTY_WINDOW and (
                doc[i].ent_type_ or doc[i].lower_ in ("and", ",", "the", "his", "her")):
            linked.add(i)
            i += 1
    return linked


def joined(head: Token) -> bool:
    """The engagement noun is what people joined ("Zhong Shan also joined the talks",
    "took part in the call", "the call also involved Yi Gang"): those people are the
    engagement's, however many the text already named."""
    verbs = _joining_verbs()
    verb = head.head
    if head.dep_ in ("dobj", "obj"):
        return verb.lemma_.lower() in verbs["object_of"]
    if head.dep_ in ("nsubj", "nsubjpass"):
        return verb.lemma_.lower() in verbs["subject_of"]
    if head.dep_ == "pobj" and verb.lower_ == "in":
        above = verb.head
        said = {above.lemma_.lower()} | {f"{above.lemma_.lower()} {c.lower_}"
                                         for c in above.children if c.dep_ in ("dobj", "obj")}
        return bool(said & verbs["in_after"])
    return False


@cache
def _joining_verbs() -> dict[str, frozenset[str]]:
    """``actors.json`` joining verbs by where the engagement noun stands, as sets (read
    once: ``linked_tokens`` asks for every trigger)."""
    return {where: frozenset(v.lower() for v in verbs)
            for where, verbs in load("actors.json")["joining_verbs"].items()}


def has_ordinal(tok: Token) -> bool:
    ordinals = words("triggers.json", "ordinals")
    return any(c.lower_ in ordinals for c in tok.children)
