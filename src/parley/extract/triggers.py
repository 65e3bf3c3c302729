"""Find engagement triggers ("spoke by phone", "met", "a visit to", "joint statement").

Patterns live in ``data/triggers.json`` as spaCy Matcher token patterns; this
module only filters out the uses that are not engagements ("failed to meet
targets", "calls for restraint", "signed an executive order" is kept out by
requiring an agreement-like object for "sign").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from parley.extract.lexicon import load, words
from parley.extract.parse import next_to, subtree_without_clauses

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.tokens import Doc, Token

#: Objects that show "meet" is not an encounter ("meet targets", "meet demand").
NON_ENCOUNTER_OBJECTS = frozenset({
    "target", "targets", "goal", "goals", "demand", "demands", "need", "needs", "deadline",
    "requirement", "requirements", "expectation", "expectations", "commitment", "commitments",
    "standard", "standards", "obligation", "obligations", "criteria", "quota", "quotas"})

#: Verbs that report an engagement only with a partner after "with" ("discussed trade
#: with Mnuchin"); they are matched as meetings by ``triggers.json``.
CONVERSE_VERBS = frozenset({"discuss", "talk", "confer", "negotiate"})
#: Common nouns that name the other party of a talk ("discussed tariffs with his counterpart").
PARTY_NOUNS = frozenset({"counterpart", "official", "delegation", "side", "team", "negotiator",
                         "leader", "minister", "secretary", "envoy", "president", "premier"})
#: Listeners that make "spoke"/"talked" an address, not a conversation between officials.
AUDIENCES = frozenset({"reporters", "journalists", "media", "audience", "conference"})


@dataclass(slots=True)
class Trigger:
    """One trigger occurrence: its type and where it sits in the parse."""

    type: str
    start: int  # token index
    end: int
    head: int  # token index of the word that carries the trigger
    start_char: int
    end_char: int
    text: str
    definite: bool
    anaphor_only: bool = False


def spec() -> dict[str, Any]:
    return load("triggers.json")


def family(event_type: str) -> str:
    """Broad class of an engagement type (remote, inperson, statement...)."""
    from parley.kb.types import engagement_types

    return engagement_types().family(event_type)


def priority(event_type: str) -> int:
    return int(spec()["priority"].get(event_type, 0))


@lru_cache(maxsize=8)
def _matcher(vocab_id: int, nlp: Language) -> Matcher:
    from spacy.matcher import Matcher

    matcher = Matcher(nlp.vocab, validate=False)
    for i, item in enumerate(spec()["patterns"]):
        matcher.add(f"{item['type']}|{i}", [item["pattern"]])
    for i, item in enumerate(spec()["anaphor_only"]):
        matcher.add(f"anaphor|{i}", [item["pattern"]])
    return matcher


@dataclass(frozen=True, slots=True)
class Need:
    """What one token of a trigger pattern requires: a lower-cased form or a lemma."""

    lower: frozenset[str]
    lemma: frozenset[str]


#: Pattern keys naming a word's form (compared lower-cased: the checks made before
#: matching err on the side of a match).
_FORM_KEYS = ("LOWER", "ORTH", "TEXT", "NORM")


def _values(spec: Any) -> frozenset[str]:
    if isinstance(spec, str):
        return frozenset({spec.lower()})
    if isinstance(spec, dict) and "IN" in spec:
        return frozenset(v.lower() for v in spec["IN"])
    return frozenset()


def pattern_needs(pattern: list[dict[str, Any]]) -> list[Need]:
    """The tokens a match of ``pattern`` cannot do without (optional or free ones left out)."""
    needs = []
    for token in pattern:
        if token.get("OP") in ("?", "*", "!"):
            continue
        lower = frozenset().union(*(_values(token.get(key)) for key in _FORM_KEYS))
        lemma = _values(token.get("LEMMA"))
        if lower or lemma:
            needs.append(Need(lower, lemma))
    return needs


@dataclass(frozen=True, slots=True)
class _Openers:
    """Hashes of the words (forms or lemmas) a trigger match can start with, and the
    longest match in tokens: the matcher need only read the windows after them."""

    lowers: Any
    lemmas: Any
    longest: int
    #: Per word hash, the patterns whose first required token it can be, each as its
    #: required tokens' word hashes (forms and lemmas together): a window holding no
    #: pattern's every required word holds no match, and the matcher is spared it.
    needs: dict[int, list[tuple[frozenset[int], ...]]] = field(default_factory=dict)


@lru_cache(maxsize=8)
def _openers(vocab_id: int, nlp: Language) -> _Openers | None:
    """Where a match can start, or None when some pattern could start on any word."""
    import numpy

    strings = nlp.vocab.strings
    lowers: set[str] = set()
    lemmas: set[str] = set()
    longest = 0
    needs: dict[int, list[tuple[frozenset[int], ...]]] = {}
    for item in [*spec()["patterns"], *spec()["anaphor_only"]]:
        pattern = item["pattern"]
        if any(t.get("OP") in ("*", "+") for t in pattern):
            return None
        longest = max(longest, len(pattern))
        for token in pattern:
            named = False
            for key, into in (("LOWER", lowers), ("LEMMA", lemmas)):
                value = token.get(key)
                if isinstance(value, str):
                    into.add(value)
                    named = True
                elif isinstance(value, dict) and set(value) == {"IN"}:
                    into.update(value["IN"])
                    named = True
            if not named or set(token) - {"LOWER", "LEMMA", "POS", "OP"}:
                return None
            if token.get("OP") != "?":
                break  # a required word: the match starts here at the latest
        required = [frozenset(strings.add(w) for w in need.lower | need.lemma)
                    for need in pattern_needs(pattern)]
        if not required:
            return None
        for word in required[0]:
            needs.setdefault(word, []).append(tuple(required))
    return _Openers(numpy.array(sorted(strings.add(w) for w in lowers), dtype="uint64"),
                    numpy.array(sorted(strings.add(w) for w in lemmas), dtype="uint64"),
                    longest, needs)


def _could_match(openers: _Openers, words: set[int]) -> bool:
    """Whether every required word of some pattern is among a window's words (forms and
    lemmas): a necessary condition for a match, never a sufficient one."""
    return any(all(not token.isdisjoint(words) for token in need)
               for word in words for need in openers.needs.get(word, ()))


def _matches(doc: Doc, nlp: Language) -> list[tuple[int, int, int]]:
    """The trigger matcher's matches over the whole Doc, reading only the few windows that
    start with a word some pattern starts with (a fifth of the extractor's time went to
    testing every pattern on every token).  A match depends only on its own tokens, and
    every window reaches the longest pattern's length past its opener, so the matches are
    the whole Doc's."""
    import numpy

    matcher = _matcher(id(nlp.vocab), nlp)
    openers = _openers(id(nlp.vocab), nlp)
    if openers is None or not len(doc):
        return list(matcher(doc))
    words = doc.to_array(["LOWER", "LEMMA"])
    starts = numpy.flatnonzero(numpy.isin(words[:, 0], openers.lowers)
                               | numpy.isin(words[:, 1], openers.lemmas)).tolist()
    found: list[tuple[int, int, int]] = []
    i = 0
    while i < len(starts):
        a = starts[i]
        b = min(len(doc), a + openers.longest)
        while i + 1 < len(starts) and starts[i + 1] < b:
            i += 1
            b = min(len(doc), max(b, starts[i] + openers.longest))
        window = set(cast("list[int]", words[a:b].ravel().tolist()))  # the words' hashes
        if _could_match(openers, window):
            found.extend((key, a + s, a + e) for key, s, e in matcher(doc[a:b]))
        i += 1
    return found


def _head_token(doc: Doc, start: int, end: int) -> Token:
    span = doc[start:end]
    return span.root


def _is_definite(tok: Token) -> bool:
    dets = set(spec()["definite_determiners"])
    for child in tok.children:
        if child.dep_ == "det" and child.lower_ in dets:
            return True
        if child.dep_ == "poss":
            return True
    return False


def _valid(kind: str, tok: Token, doc: Doc) -> bool:
    lemma = tok.lemma_.lower()
    if kind == "meeting" and lemma == "meet" and tok.pos_ == "VERB":
        objs = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
        if any(o.lower_ in NON_ENCOUNTER_OBJECTS or o.lemma_.lower() in NON_ENCOUNTER_OBJECTS
               for o in objs):
            return False
        met = [c for c in tok.children if c.dep_ == "nsubjpass"]
        if met and not any(_party_like(c) for c in met):
            return False  # "a decision that was met with countermeasures": a response
    if kind == "call" and lemma == "call":
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ in ("for", "on", "to") and tok.tag_ == "NNS" \
                and not _calls_to_party(nxt):
            return False
        if nxt is not None and nxt.lower_ == "for":
            return False
    if kind == "call" and lemma == "speak":
        children = {c.lower_ for c in tok.children}
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        plural = any(s.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in s.children)
                     for s in subjects)
        spoken_to = any(c.dep_ == "prep" and _calls_to_party(c) for c in tok.children)
        if not ("with" in children or plural or spoken_to or {"phone", "telephone"} & children):
            return False
        if "of" in children and not ({"with", "phone", "telephone"} & children):
            return False  # "spoke warmly of their friendship": praise, not a conversation
        if any(c.lower_ in AUDIENCES for c in tok.subtree):
            return False
    if kind == "meeting" and tok.pos_ == "VERB" and lemma in CONVERSE_VERBS:
        # "Liu discussed trade with Mnuchin": with whom says it was an engagement;
        # "officials discussed tariffs" or "talked to reporters" is no engagement.
        # The "with" may hang on the object ("issues of mutual concern with Mnuchin"), a
        # common misattachment; a clause of its own is another verb's.
        own = subtree_without_clauses(tok)
        partners = [g for i in sorted(own) if doc[i].dep_ == "prep" and doc[i].lower_ == "with"
                    for g in doc[i].children if g.dep_ == "pobj"]
        if not any(_party_like(p) for p in partners):
            return False
    if kind == "agreement_signed" and lemma == "sign":
        if tok.dep_ == "amod":
            return False  # "turning an outline into a signed text": a state, not a signing
        objects = set(spec()["agreement_objects"])
        near = [*tok.children, tok.head]
        # "signed Phase One of a landmark trade deal": the object's own words count.
        # "signed the first of two milestones on trade, an agreement with China": so do
        # the words set beside it.
        for obj in (c for c in tok.children if c.dep_ in ("dobj", "obj", "nsubjpass")):
            near += [g for g in obj.children if g.dep_ in ("compound", "nmod", "amod", "appos")]
            of = [p for g in obj.children if g.dep_ == "prep" and g.lower_ == "of"
                  for p in g.children if p.dep_ == "pobj"]
            near += of + [a for p in of for a in p.children if a.dep_ == "appos"]
        if not any(t.lemma_.lower() in objects or t.lower_ in objects for t in near):
            return False
    if _is_negated(tok):
        return False  # "had not spoken since November", "no call was held": denied
    process = words("triggers.json", "process_verbs")
    if tok.pos_ in ("NOUN", "PROPN") and (
            (tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in process)
            or any(c.dep_ == "acl" and c.lemma_.lower() in process for c in tok.children)):
        return False  # "the trade talks stalled in early May": the negotiations as a process
    modifiers = words("triggers.json", "non_event_modifiers")
    if family(kind) == "remote":
        # "a lengthy phone conversation" is one call; "lengthy negotiations" a process.
        modifiers -= words("triggers.json", "duration_modifiers")
    if tok.pos_ in ("NOUN", "PROPN") and any(c.lower_ in modifiers for c in tok.children):
        return False  # "the ongoing trade discussions": a process, not one engagement
    if kind == "talks_round" and tok.lower_ == "talks":
        # "talks" as a verb or in "peace talks" about third parties still counts; the
        # participant filter later drops talks with no bilateral link.
        return tok.pos_ in ("NOUN", "PROPN")
    return True


def _calls_to_party(prep: Token) -> bool:
    """"made calls to Liu He": calls placed to a party, where "calls to lift tariffs" and
    "calls on Beijing to act" are demands."""
    return prep.lower_ == "to" and prep.dep_ == "prep" and not next_to(prep) and any(
        c.dep_ == "pobj" and _party_like(c) for c in prep.children)


def _party_like(tok: Token) -> bool:
    """A word that can name the other party of a talk: a name, a title or a group of
    officials ("his counterpart", "the US delegation"), not an audience."""
    if tok.lower_ in AUDIENCES:
        return False
    return bool(tok.ent_type_) and tok.ent_type_ not in ("DATE", "TIME", "CARDINAL", "MONEY",
                                                       "PERCENT", "QUANTITY", "ORDINAL") \
        or tok.pos_ == "PROPN" or tok.lemma_.lower() in PARTY_NOUNS


def _is_negated(head: Token) -> bool:
    """The engagement is denied: "did not meet", "no call was held", "never spoke"."""
    negators = words("status.json", "negation_words")
    if any(c.dep_ == "det" and c.lower_ in negators for c in head.children):
        return True  # "no call was held"
    if head.pos_ in ("VERB", "AUX"):
        return _has_neg(head)  # "had not spoken"
    # A noun is denied through the verb that holds it ("did not hold talks", "did not
    # take part in the meeting"), not through one it is the subject of: "the call did not
    # produce a deal" reports a call.
    node = head.head if head.dep_ == "pobj" else head  # "in the meeting", "by phone"
    return node.dep_ in ("dobj", "obj", "prep") and _has_neg(node.head)


def _has_neg(verb: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never")
               for c in verb.children)


def _in_outcome_clause(tok: Token) -> bool:
    """True for "agreed to establish a working group": an outcome, not a held event."""
    verbs = set(spec()["outcome_verbs"])
    node = tok
    for _ in range(3):
        node = node.head
        if node.lemma_.lower() in verbs:
            return True
        if node.head.i == node.i:
            break
    return False


def find_triggers(doc: Doc, nlp: Language) -> list[Trigger]:
    """All engagement triggers of a parsed Doc, longest match per position."""
    found: list[Trigger] = []
    for match_id, start, end in _matches(doc, nlp):
        label = nlp.vocab.strings[match_id]
        kind = label.split("|", 1)[0]
        head = _head_token(doc, start, end)
        anaphor = kind == "anaphor"
        ev_type = "meeting" if anaphor else kind
        if not anaphor and not _valid(kind, head, doc):
            continue
        if kind == "working_group" and _in_outcome_clause(head):
            continue
        found.append(Trigger(
            type=ev_type, start=start, end=end, head=head.i, start_char=doc[start].idx,
            end_char=doc[end - 1].idx + len(doc[end - 1].text), text=doc[start:end].text,
            definite=_is_definite(head) or anaphor, anaphor_only=anaphor))
    found.sort(key=lambda t: (t.start, -(t.end - t.start), -priority(t.type)))
    kept: list[Trigger] = []
    for trig in found:
        if kept and trig.start < kept[-1].end:
            prev = kept[-1]
            if priority(trig.type) > priority(prev.type) and trig.end - trig.start >= \
                    prev.end - prev.start:
                kept[-1] = trig
            continue
        kept.append(trig)
    return kept
