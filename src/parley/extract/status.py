"""Whether an engagement happened, is planned, or was called off.

Looks at the trigger's own clause — the governing verbs up the parse and
their auxiliaries — for future and cancellation cues kept in
``data/status.json``; "no date has been set" style phrases anywhere in the
sentence also mark a plan.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from parley.extract.lexicon import load, phrases, words
from parley.extract.parse import anchoring_preposition, next_to, preposition_above, span_text

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

#: How many heads up the parse a cue may sit ("are preparing to hold their first summit").
CLAUSE_DEPTH = 3


#: Quotation marks that open or close a quotation.
_QUOTES = ('"', "\u201c", "\u201d")


#: A quotation inside a sentence, marks included.
_QUOTATION = re.compile(r"[\"\u201c][^\"\u201c\u201d]*[\"\u201d]")


def _quoted(tok: Token) -> bool:
    """Inside a quotation of its sentence (an odd number of quotation marks before it)."""
    before = tok.doc[tok.sent.start:tok.i]
    return sum(1 for t in before if t.text in _QUOTES) % 2 == 1


def _clause_tokens(tok: Token) -> list[Token]:
    tokens = [tok, *tok.children]
    node = tok
    frames = words("triggers.json", "frame_prepositions")
    outside = not _quoted(tok)
    for _ in range(CLAUSE_DEPTH):
        if node.head.i == node.i:
            break
        if outside and _quoted(node.head):
            break  # 'warned that "you will get burned" during their call': not the call's tense
        if node.dep_ == "pobj" and node.head.lower_ in frames:
            break  # "under a joint statement, Washington will lower...": not the statement's tense
        if node.dep_ in ("ccomp", "advcl", "relcl", "parataxis") and node.head.lemma_ in (
                "say", "tell", "add"):
            break
        node = node.head
        tokens.append(node)
        tokens.extend(c for c in node.children if c.dep_ in ("aux", "auxpass", "neg", "advmod",
                                                              "xcomp", "acomp", "attr", "prep",
                                                              "nsubj"))
        if node.dep_ == "conj" and node.pos_ in ("VERB", "AUX") and not any(
                c.dep_ in ("aux", "auxpass") for c in node.children):
            # "It will involve officials and meet twice a year": coordinated verbs share
            # the first one's auxiliary.
            tokens.extend(c for c in node.head.children if c.dep_ in ("aux", "auxpass"))
    return tokens


@lru_cache(maxsize=4)
def _phrases(key: str) -> re.Pattern[str]:
    """The several-word phrases of a ``status.json`` list, as whole words."""
    return phrases(p for p in load("status.json")[key] if " " in p)


@lru_cache(maxsize=1)
def _plan_then_to() -> re.Pattern[str]:
    """A verb of ``planned_heads`` (any simple inflection) followed by "to"."""
    heads = "|".join(sorted(map(re.escape, words("status.json", "planned_heads"))))
    return re.compile(rf"\b(?:{heads})(?:s|d|ed|es)?\s+to\s")


def is_headline(sent: Span) -> bool:
    """A line without a closing full stop (or ! ? or a closing quote): a headline, a
    caption, a dateline's line, whose clipped grammar the rules read loosely."""
    return not span_text(sent).rstrip().endswith((".", "!", "?", '"', "\u201d"))


def _headline_infinitive(verb: Token, sent: Span) -> bool:
    """"Negotiators to meet in Washington in October": a bare infinitive hanging from a
    noun (or from nothing) announces what is to happen; headlines write the future so.
    In a headline (no closing full stop) the parse of such clipped grammar is unreliable,
    so any "to" + verb there counts."""
    has_to = any(c.tag_ == "TO" and c.dep_ == "aux" for c in verb.children)
    if not (verb.tag_ == "VB" and has_to):
        return False
    if is_headline(sent):
        return True
    to = next(c for c in verb.children if c.tag_ == "TO" and c.dep_ == "aux")
    if to.i > sent.start and to.nbor(-1).text == ",":
        # "Blinken was joined by Sullivan, to meet with their counterparts": set off by a
        # comma, the infinitive says what the sentence's action was for, whatever noun the
        # parser hangs it on.
        return False
    return verb.dep_ == "ROOT" or verb.head.pos_ in ("NOUN", "PROPN")


def _invited_for(tok: Token) -> bool:
    """"Xi invited for a state visit", "an invitation for talks": what one is invited to
    has not happened yet."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ("for", "to"):
        return False
    lemma = prep.head.lemma_.lower()
    return lemma in words("status.json", "planned_heads") or lemma == "invitation"


#: Prepositions through which an agreement reaches what it agrees on ("agreed on a
#: meeting", "arrangements for holding a video call"); "during", "at", "after" frame it.
_AGREED_PREPOSITIONS = frozenset({"to", "for", "on", "toward", "towards"})


def _agreed_upon(tok: Token) -> bool:
    """"Agreed to arrangements for holding a video call", "agreed to hold the 13th round
    of consultations": the engagement is what an agreement, plan or offer is about,
    reached through its objects (and the verb it agreed to), not held."""
    heads = words("status.json", "planned_heads")
    node = tok
    for _ in range(6):
        head = node.head
        if head.i == node.i:
            return False
        # "the round of consultations": "of" joins the engagement to its own noun.
        of_noun = node.lower_ == "of" and head.pos_ in ("NOUN", "PROPN")
        if node.dep_ == "prep" and node.lower_ not in _AGREED_PREPOSITIONS and not of_noun:
            return False
        if node.dep_ not in ("dobj", "obj", "pobj", "pcomp", "prep", "compound", "conj"):
            return False
        if head.pos_ in ("VERB", "AUX") and head.tag_ != "VBG":
            return head.lemma_.lower() in heads or (
                head.dep_ == "xcomp" and head.head.lemma_.lower() in heads)
        node = head
    return False


def _prepared_for(tok: Token) -> bool:
    """The engagement is what groundwork is laid for ("the groundwork for a meeting",
    "paving the way for talks", "in the run-up to the summit") or what work heads
    toward ("translating documents toward an official signing")."""
    prep = preposition_above(tok, climb=3)
    if prep is not None and prep.lower_ in ("toward", "towards"):
        return True
    if prep is None or prep.lower_ not in ("for", "to"):
        return False
    nouns = words("status.json", "preparation_nouns")
    # The parser hangs "for" on the noun or on its verb ("lay ... for").
    frame = [prep.head, *(c for c in prep.head.children if c.dep_ in ("dobj", "obj"))]
    return any(t.lemma_.lower() in nouns for t in frame)


#: Conjunctions whose clause, in the present tense, speaks of the future.
FUTURE_MARKS = frozenset({"when", "once", "until", "before", "after", "whenever"})


def _after_hyphen(tok: Token) -> bool:
    """The word follows a hyphen written without spaces ("long-awaited")."""
    if tok.i < 2:
        return False
    dash = tok.doc[tok.i - 1]
    return dash.text == "-" and not dash.whitespace_ and not tok.doc[tok.i - 2].whitespace_


def event_status(trigger_tok: Token, sent: Span) -> str:
    """'cancelled', 'planned' or 'happened' for the engagement a trigger names."""
    planned = words("status.json", "planned_words")
    cancelled = words("status.json", "cancelled_words")
    clause = _clause_tokens(trigger_tok)
    # "May" the month is not "may" the modal: only modal verbs count as modals.
    # Nor does the second half of a compound adjective ("the long-awaited meeting
    # produced no breakthrough"): the clause's tense says when.
    said = [t for t in clause if t.tag_ != "NNP" and not _after_hyphen(t) and not next_to(t)]
    lowers = {t.lower_ for t in said} | {t.lemma_.lower() for t in said}
    # Only what is done to the engagement itself cancels it ("the talks were called off",
    # "cancelled the visit"), not a cancellation the engagement announced ("a statement
    # under which Washington will cancel tariffs").
    near = [trigger_tok, trigger_tok.head, *trigger_tok.children,
            *(c for c in trigger_tok.head.children if c.dep_ in ("prt", "auxpass", "aux"))]
    near_words = {t.lower_ for t in near} | {t.lemma_.lower() for t in near}
    if near_words & cancelled:
        return "cancelled"
    head_text = " ".join(t.lower_ for t in sorted(near, key=lambda t: t.i))
    if _phrases("cancelled_words").search(head_text):
        return "cancelled"
    text = span_text(sent).lower()
    if is_headline(sent) and _plan_then_to().search(text[:trigger_tok.idx - sent.start_char]):
        # "Xi and Trump Agree to Restart Trade Talks": title case defeats the parse, but a
        # verb of intent with "to" before the trigger still plans it.
        return "planned"
    if trigger_tok.tag_ == "VBD" and not any(
            c.dep_ in ("aux", "auxpass") and c.tag_ == "MD" for c in trigger_tok.children):
        # "will come ten days after Xi and Trump met": a past-tense verb reports what
        # happened, whatever the clause above it plans.
        return "happened"
    if lowers & planned:
        return "planned"
    verb = trigger_tok if trigger_tok.pos_ in ("VERB", "AUX") else trigger_tok.head
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children):
        return "planned"  # "if Pelosi visits Taiwan": a condition, not an event
    if verb.tag_ in ("VBP", "VBZ") and any(
            c.dep_ in ("mark", "advmod") and c.lower_ in FUTURE_MARKS for c in verb.children):
        return "planned"  # "when they meet again in Buenos Aires": the present of a time
        # clause is the future
    # "agreed to meet", "invited him to visit": the engagement is what was agreed, not held.
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in words("status.json", "planned_heads"):
        return "planned"
    if _headline_infinitive(verb, sent):
        return "planned"
    if _invited_for(trigger_tok) or _agreed_upon(trigger_tok):
        return "planned"
    # "might sign", "could meet" plan an engagement; "the call may not indicate" does not.
    modals = words("status.json", "weak_modals")
    if any(t.tag_ == "MD" and t.lower_ in modals for t in clause) and trigger_tok.dep_ not in (
            "nsubj", "nsubjpass"):
        return "planned"
    if any(t.lower_ in {"upcoming", "forthcoming", "planned", "proposed", "scheduled", "next"}
           for t in trigger_tok.children):
        return "planned"
    if anchoring_preposition(trigger_tok) == "ahead" or _prepared_for(trigger_tok):
        # "met Li ahead of the president's trip to China", "lay the groundwork for a
        # meeting of the two presidents"
        return "planned"
    if _phrases("planned_phrases").search(text):
        # Up to a few words after the trigger's noun phrase ("a new round of trade talks
        # with Washington was due to start"), or after the trigger verb itself.
        end = trigger_tok.right_edge if trigger_tok.pos_ in ("NOUN", "PROPN") else trigger_tok
        before = text[: end.idx - sent.start_char + len(end.text) + 40]
        if not _quoted(trigger_tok):
            # '"That's going to make farmers happy," said Trump during a meeting with Liu':
            # the quotation's future is the speaker's, not the meeting's.
            before = _QUOTATION.sub(" ", before)
        if _phrases("planned_phrases").search(before):
            return "planned"
    return "happened"
